"""Deliveries: record them against order lines with the promised date and lead time worked out once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from microfactory_desk.db import Database
from microfactory_desk.errors import ValidationFailed
from microfactory_desk.models import Delivery, OrderLine, PurchaseOrder, SlaVersion
from microfactory_desk.schemas.telemetry import DeliveryIn, DeliverySaved
from microfactory_desk.services.common.records import existing
from microfactory_desk.services.sla.in_force import in_force_query


def sla_lead_target(session: Session, partner_id: int, day: dt.date) -> int | None:
    """The lead-time target (days) of the partner's SLA in force on `day`, if any."""
    return session.scalar(in_force_query(partner_id, day).with_only_columns(SlaVersion.lead_time_target_days))


def promised_date(session: Session, line: OrderLine, order: PurchaseOrder) -> dt.date | None:
    """The partner's confirmed ship date, else the order's sent date plus the SLA lead-time target."""
    if line.confirmed_ship_on is not None:
        return line.confirmed_ship_on
    if order.sent_on is None:
        return None
    target = sla_lead_target(session, order.partner_id, order.sent_on)
    return order.sent_on + dt.timedelta(days=target) if target is not None else None


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


def apply_delivery(
    session: Session, delivery: Delivery, line: OrderLine, order: PurchaseOrder, data: DeliveryIn
) -> None:
    """Copy the input onto the row and keep the denormalised partner, dates and lead time right."""
    if data.received_on is not None and order.sent_on is not None and data.received_on < order.sent_on:
        raise ValidationFailed.single("received_on", f"received before {order.number} was sent ({order.sent_on})")
    delivery.order_line_id = line.id
    delivery.partner_id = order.partner_id
    delivery.reference = data.reference
    delivery.sent_on = order.sent_on
    delivery.promised_on = promised_date(session, line, order)
    delivery.shipped_on = data.shipped_on
    delivery.received_on = data.received_on
    delivery.lead_days = (
        (data.received_on - order.sent_on).days if data.received_on is not None and order.sent_on is not None else None
    )
    delivery.qty_received = data.qty_received
    delivery.qty_accepted = data.accepted
    delivery.qty_defective = data.qty_defective
    delivery.notes = data.notes


def new_delivery(
    line: OrderLine, order: PurchaseOrder, data: DeliveryIn, promised_on: dt.date | None
) -> dict[str, Any]:
    """The column values of a new delivery row, as apply_delivery would set them (for bulk inserts)."""
    received, sent = data.received_on, order.sent_on
    return {
        "order_line_id": line.id,
        "partner_id": order.partner_id,
        "reference": data.reference,
        "sent_on": sent,
        "promised_on": promised_on,
        "shipped_on": data.shipped_on,
        "received_on": received,
        "lead_days": (received - sent).days if received is not None and sent is not None else None,
        "qty_received": data.qty_received,
        "qty_accepted": data.accepted,
        "qty_defective": data.qty_defective,
        "notes": data.notes,
    }


class TelemetryService:
    """Writes deliveries; each call is one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def record_delivery(self, *, order_line_id: int, delivery: DeliveryIn) -> DeliverySaved:
        """Add a delivery (or update the one with the same reference) for an order line."""
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
            apply_delivery(session, row, line, order, delivery)
            session.flush()
            warning = over_delivery_warning(session, line, order)
            return DeliverySaved(
                id=row.id, promised_on=row.promised_on, lead_days=row.lead_days, warnings=[warning] if warning else []
            )
