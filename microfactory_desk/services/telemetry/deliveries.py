"""Deliveries: record, edit and delete them against order lines, with the promised arrival worked out once."""

from __future__ import annotations

import datetime as dt

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from microfactory_desk import clock
from microfactory_desk.db import Database
from microfactory_desk.errors import ValidationFailed
from microfactory_desk.models import Delivery, OrderLine, PurchaseOrder, SlaVersion
from microfactory_desk.schemas.fields import field_errors
from microfactory_desk.schemas.order_vocab import OrderStatus
from microfactory_desk.schemas.telemetry import DEFAULT_TRANSIT, DeliveryIn, DeliveryOut, DeliverySaved, TransitSettings
from microfactory_desk.services.common.records import existing
from microfactory_desk.services.common.settings import read_setting, write_setting
from microfactory_desk.services.orders.receipts import follow_deliveries
from microfactory_desk.services.sla.in_force import in_force_query

TRANSIT_KEY = "telemetry.transit_days"


def transit_settings(session: Session) -> TransitSettings:
    """The transit allowances stored (the defaults when unset or unreadable)."""
    try:
        return TransitSettings.model_validate(read_setting(session, TRANSIT_KEY, {}) or {})
    except ValidationError:
        return DEFAULT_TRANSIT


def sla_lead_target(session: Session, partner_id: int, day: dt.date) -> int | None:
    """The lead-time target (days) of the partner's SLA in force on `day`, if any."""
    return session.scalar(in_force_query(partner_id, day).with_only_columns(SlaVersion.lead_time_target_days))


def promised_date(
    session: Session, line: OrderLine, order: PurchaseOrder, transit: TransitSettings | None = None
) -> dt.date | None:
    """The promised *arrival*: the confirmed ship date plus the transit allowance of the order's shipping mode,
    else the order's sent date plus the lead-time target of the SLA in force that day; None without either.

    Deliveries are judged on when they arrive, so a ship date is never compared with a received date.
    """
    if line.confirmed_ship_on is not None:
        days = (transit or transit_settings(session)).days(order.shipping_mode)
        return line.confirmed_ship_on + dt.timedelta(days=days)
    if order.sent_on is None:
        return None
    target = sla_lead_target(session, order.partner_id, order.sent_on)
    return order.sent_on + dt.timedelta(days=target) if target is not None else None


def refresh_promises(session: Session, order: PurchaseOrder) -> None:
    """Re-derive the promised arrival of every line of the order and of its deliveries (after sending or a
    confirmation changed it)."""
    transit = transit_settings(session)
    for line in order.lines:
        promised = line.promised_on = promised_date(session, line, order, transit)
        for delivery in session.scalars(select(Delivery).where(Delivery.order_line_id == line.id)):
            delivery.promised_on = promised


def _label(order: PurchaseOrder, line: OrderLine) -> str:
    return f"{order.number} line {line.position}"


def over_delivery_warning(session: Session, line: OrderLine, order: PurchaseOrder) -> str | None:
    """A warning when all deliveries of the line together received more than was ordered."""
    received = session.scalar(
        select(func.coalesce(func.sum(Delivery.qty_received), 0)).where(Delivery.order_line_id == line.id)
    )
    if received and received > line.quantity:
        return f"{_label(order, line)}: {received} received in all, {line.quantity} ordered"
    return None


def not_deliverable(order: PurchaseOrder) -> str | None:
    """Why nothing can be delivered against the order (cancelled, or a draft never sent); None when it can be."""
    if order.status == OrderStatus.CANCELLED:
        return f"{order.number} is cancelled; nothing can be delivered against it"
    if order.status == OrderStatus.DRAFT:
        return f"{order.number} is a draft that was never sent; nothing can be delivered against it"
    return None


def check_dates(data: DeliveryIn, order: PurchaseOrder, today: dt.date) -> None:
    """Refuse a delivery received in the future or received/shipped before the order was sent, naming the field."""
    if data.received_on is not None and data.received_on > today:
        raise ValidationFailed.single("received_on", f"received date {data.received_on} is in the future")
    if data.shipped_on is not None and data.shipped_on > today:
        raise ValidationFailed.single("shipped_on", f"ship date {data.shipped_on} is in the future")
    if order.sent_on is None:
        return
    if data.received_on is not None and data.received_on < order.sent_on:
        raise ValidationFailed.single("received_on", f"received before {order.number} was sent ({order.sent_on})")
    if data.shipped_on is not None and data.shipped_on < order.sent_on:
        raise ValidationFailed.single("shipped_on", f"shipped before {order.number} was sent ({order.sent_on})")


def apply_delivery(
    session: Session,
    delivery: Delivery,
    line: OrderLine,
    order: PurchaseOrder,
    data: DeliveryIn,
    transit: TransitSettings | None = None,
) -> None:
    """Copy the input onto the row and keep the denormalised partner, dates and lead time right.

    Raises ValidationFailed for an order that takes no deliveries (naming `order`), and (naming `received_on` or
    `shipped_on`) for dates in the future or before sending.
    """
    closed = not_deliverable(order)
    if closed is not None:
        raise ValidationFailed.single("order", closed)
    check_dates(data, order, clock.today())
    delivery.order_line_id = line.id
    delivery.partner_id = order.partner_id
    delivery.reference = data.reference
    delivery.sent_on = order.sent_on
    delivery.promised_on = promised_date(session, line, order, transit)
    delivery.shipped_on = data.shipped_on
    delivery.received_on = data.received_on
    delivery.lead_days = (
        (data.received_on - order.sent_on).days if data.received_on is not None and order.sent_on is not None else None
    )
    delivery.qty_received = data.qty_received
    delivery.qty_accepted = data.accepted
    delivery.qty_defective = data.qty_defective
    delivery.notes = data.notes


def delivery_out(delivery: Delivery, line: OrderLine, order: PurchaseOrder) -> DeliveryOut:
    """The DTO of a stored delivery with its order's requested date (requested, promised, actual side by side)."""
    return DeliveryOut(
        id=delivery.id,
        order_line_id=line.id,
        position=line.position,
        sku_code=line.sku.code,
        reference=delivery.reference,
        requested_on=order.requested_on,
        promised_on=delivery.promised_on,
        shipped_on=delivery.shipped_on,
        received_on=delivery.received_on,
        lead_days=delivery.lead_days,
        qty_received=delivery.qty_received,
        qty_accepted=delivery.qty_accepted,
        qty_defective=delivery.qty_defective,
        notes=delivery.notes,
    )


class TelemetryService:
    """Writes deliveries and the transit allowances; each call is one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def transit(self) -> TransitSettings:
        """The transit allowance (days) per shipping mode in use."""
        with self._db.session() as session:
            return transit_settings(session)

    def save_transit(self, values: dict[str, object]) -> TransitSettings:
        """Validate and store the transit allowances; ValidationFailed names the mode. Applies to deliveries
        written from now on and to orders confirmed again."""
        try:
            settings = TransitSettings.model_validate(values)
        except ValidationError as exc:
            raise ValidationFailed(field_errors(exc)) from None
        with self._db.session() as session:
            write_setting(session, TRANSIT_KEY, settings.model_dump())
        return settings

    def order_deliveries(self, order_id: int) -> list[DeliveryOut]:
        """Every delivery of the order, by line and received date."""
        with self._db.session() as session:
            order = existing(session, PurchaseOrder, order_id, "Order")
            found = []
            for line in order.lines:
                rows = session.scalars(
                    select(Delivery)
                    .where(Delivery.order_line_id == line.id)
                    .order_by(Delivery.received_on, Delivery.id)
                )
                found += [delivery_out(d, line, order) for d in rows]
            return found

    def record_delivery(self, *, order_line_id: int, delivery: DeliveryIn) -> DeliverySaved:
        """Add a delivery (or update the one with the same reference) for an order line; the order follows."""
        with self._db.session() as session:
            line = existing(session, OrderLine, order_line_id, "Order line")
            order = line.order
            row = session.scalar(
                select(Delivery).where(
                    Delivery.partner_id == order.partner_id, Delivery.reference == delivery.reference
                )
            )
            if row is not None and row.order_line_id != line.id:
                raise ValidationFailed.single(
                    "reference", f"'{delivery.reference}' is already used for another order line"
                )
            if row is None:
                row = Delivery()
                session.add(row)
            return self._save(session, row, line, order, delivery)

    def update_delivery(self, delivery_id: int, *, order_line_id: int, delivery: DeliveryIn) -> DeliverySaved:
        """Change a recorded delivery (its reference, line, dates or quantities); the order follows."""
        with self._db.session() as session:
            row = existing(session, Delivery, delivery_id, "Delivery")
            line = existing(session, OrderLine, order_line_id, "Order line")
            order = line.order
            clash = session.scalar(
                select(Delivery.id).where(
                    Delivery.partner_id == order.partner_id,
                    Delivery.reference == delivery.reference,
                    Delivery.id != row.id,
                )
            )
            if clash is not None:
                raise ValidationFailed.single(
                    "reference", f"'{delivery.reference}' is already used by another delivery"
                )
            before = session.get(OrderLine, row.order_line_id)
            saved = self._save(session, row, line, order, delivery)
            if before is not None and before.order_id != order.id:
                follow_deliveries(session, before.order, clock.today())
            return saved

    def delete_delivery(self, delivery_id: int) -> None:
        """Remove a delivery recorded by mistake; its order moves back if it no longer holds everything."""
        with self._db.session() as session:
            row = existing(session, Delivery, delivery_id, "Delivery")
            order = session.get(OrderLine, row.order_line_id).order  # type: ignore[union-attr]
            session.delete(row)
            session.flush()
            follow_deliveries(session, order, clock.today())

    @staticmethod
    def _save(
        session: Session, row: Delivery, line: OrderLine, order: PurchaseOrder, data: DeliveryIn
    ) -> DeliverySaved:
        apply_delivery(session, row, line, order, data)
        session.flush()
        follow_deliveries(session, order, clock.today())
        warning = over_delivery_warning(session, line, order)
        return DeliverySaved(
            id=row.id, promised_on=row.promised_on, lead_days=row.lead_days, warnings=[warning] if warning else []
        )
