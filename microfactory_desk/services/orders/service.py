"""Order use cases: write and edit drafts, move orders through their statuses, confirm, cancel."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from microfactory_desk.db import Database
from microfactory_desk.errors import NotFound, ValidationFailed
from microfactory_desk.models import OrderLine, OrderStatusChange, PurchaseOrder, Sku
from microfactory_desk.schemas.history import ChangeOut
from microfactory_desk.schemas.order_vocab import OrderStatus, PriceSource
from microfactory_desk.schemas.orders import Confirmation, LineQuote, OrderIn, OrderList, OrderOut
from microfactory_desk.schemas.roster_rows import PartnerChoice
from microfactory_desk.services.common.history import record_history
from microfactory_desk.services.common.numbering import add_numbered, next_number
from microfactory_desk.services.common.records import created_before, save_versioned, touch
from microfactory_desk.services.orders.pricing import OrderPricing, PricingContext, context_in, priced_lines
from microfactory_desk.services.orders.reads import full_order_out, list_orders, load_order, order_out
from microfactory_desk.services.orders.receipts import follow_deliveries
from microfactory_desk.services.orders.rules import check_move
from microfactory_desk.services.roster.listing import partner_choices
from microfactory_desk.services.telemetry.deliveries import refresh_promises
from microfactory_desk.wording import plural

if TYPE_CHECKING:
    from microfactory_desk.schemas.reorder_terms import ReorderPreview

_CONFIRMABLE = (OrderStatus.SENT.value, OrderStatus.CONFIRMED.value, OrderStatus.PARTIALLY_RECEIVED.value)


def _record(order: PurchaseOrder, target: OrderStatus, reason: str = "") -> None:
    order.status_changes.append(OrderStatusChange(from_status=order.status, to_status=target.value, reason=reason))
    order.status = target.value


def mark_sent(order: PurchaseOrder, on: dt.date) -> None:
    """Move a loaded draft to sent on `on`; every line needs a price and there must be at least one."""
    check_move(OrderStatus(order.status), OrderStatus.SENT)
    if not order.lines:
        raise ValidationFailed.single("lines", "add at least one line before sending")
    unpriced = [str(line.position) for line in order.lines if line.unit_price is None]
    if unpriced:
        raise ValidationFailed.single(
            "lines",
            f"{plural(len(unpriced), 'line')} {', '.join(unpriced)} {plural(len(unpriced), 'has', 'have')} no price; set an override with a reason",
        )
    _record(order, OrderStatus.SENT)
    order.sent_on = on


def _lines(quotes: list[LineQuote], order: OrderIn, skus: dict[str, Sku]) -> list[OrderLine]:
    return [
        OrderLine(
            position=position,
            sku_id=skus[entry.sku_code].id,
            quantity=quote.quantity,
            unit_price=quote.unit_price,
            price_source=quote.price_source.value,
            tier_min_qty=quote.tier_min_qty,
            tier_label=quote.tier_label,
            override_reason=entry.override_reason if quote.price_source == PriceSource.OVERRIDE else "",
            notes=entry.notes,
        )
        for position, (quote, entry) in enumerate(zip(quotes, order.lines, strict=True), start=1)
    ]


def apply_order(session: Session, row: PurchaseOrder, order: OrderIn, context: PricingContext) -> None:
    """Copy validated fields onto the order and replace its lines, priced in the caller's session."""
    quotes, skus = priced_lines(session, order, context)
    for name in ("order_date", "requested_on", "destination_name", "destination_address", "currency", "notes"):
        setattr(row, name, getattr(order, name))
    row.destination_type = order.destination_type.value
    row.shipping_mode = order.shipping_mode.value
    row.sla_version_id = context.version.id if context.version else None
    row.lines.clear()
    session.flush()  # old lines go before new ones take their positions
    row.lines.extend(_lines(quotes, order, skus))


class OrderService:
    """Reads and writes purchase orders; every write is one transaction."""

    def __init__(self, db: Database, *, pricing: OrderPricing) -> None:
        self._db = db
        self._pricing = pricing

    # --- reads -----------------------------------------------------------------------------
    def list_orders(self, *, status: str = "", search: str = "", partner_id: int | None = None) -> OrderList:
        """Orders newest first with totals per currency (cancelled ones left out of the totals)."""
        return list_orders(self._db, status=status, search=search, partner_id=partner_id)

    def get_order(self, order_id: int, *, with_terms: bool = False) -> OrderOut:
        """One order with lines and history; `with_terms` adds the SLA's key terms for the order sheet."""
        with self._db.session() as session:
            return full_order_out(session, load_order(session, order_id), with_terms=with_terms)

    def order_history(self, order_id: int) -> list[ChangeOut]:
        """Who changed what on the order (its lines included), newest first (the change log)."""
        return record_history(self._db, "purchase_order", order_id)

    def find_id(self, number: str) -> int:
        """The id of the order with this number (any case)."""
        with self._db.session() as session:
            found = session.scalar(
                select(PurchaseOrder.id).where(func.upper(PurchaseOrder.number) == number.strip().upper())
            )
        if found is None:
            raise NotFound(f"No order with number {number!r}.")
        return found

    def partner_choices(self) -> list[PartnerChoice]:
        """Every partner, those we order from (approved, pilot) first, then by name."""
        return partner_choices(self._db, orderable_first=True)

    def quote(self, order: OrderIn) -> list[LineQuote]:
        """The lines priced as they would be saved, with inline warnings."""
        return self._pricing.quote(order)

    # --- drafts ----------------------------------------------------------------------------
    def create_draft(self, order: OrderIn, *, key: str | None = None) -> OrderOut:
        """A new draft numbered PO-<year>-<n>, its lines priced from the SLA in force on the order date.

        `key` (a uuid the caller chose before the first attempt) makes a retry return the order it stored
        instead of creating a second one.
        """
        with self._db.session() as session:
            again = created_before(session, PurchaseOrder, key)
            if again is not None:
                return full_order_out(session, load_order(session, again.id))
            context = context_in(session, order.partner_code, order.order_date)
            row = PurchaseOrder(
                number=next_number(session, PurchaseOrder.number, "PO", order.order_date.year),
                partner_id=context.partner_id,
                status=OrderStatus.DRAFT.value,
            )
            if key is not None:
                row.uuid = key
            row.status_changes.append(OrderStatusChange(from_status=None, to_status=OrderStatus.DRAFT.value))
            apply_order(session, row, order, context)
            add_numbered(session, row)
            return order_out(row, sla_number=context.version.number if context.version else None)

    def update_draft(self, order_id: int, order: OrderIn, *, expected_version: int | None = None) -> OrderOut:
        """New fields and lines for a draft; sent orders are read-only except their confirmation.

        `expected_version` is the `row_version` the editor loaded: when someone saved the order (or its lines) since,
        errors.StaleEdit (who, when) is raised and nothing is written. None overwrites.
        """
        return save_versioned(
            self._db,
            load=lambda session: load_order(session, order_id),
            name=lambda row: f"Order {row.number}",
            expected=expected_version,
            save=lambda session, row: self._update_draft(session, row, order),
        )

    def _update_draft(self, session: Session, row: PurchaseOrder, order: OrderIn) -> OrderOut:
        context = context_in(session, order.partner_code, order.order_date)
        if row.status != OrderStatus.DRAFT.value:
            raise ValidationFailed.single(
                "status", f"{row.number} is {row.status.replace('_', ' ')}; only drafts can be edited"
            )
        row.partner_id = context.partner_id
        apply_order(session, row, order, context)
        touch(row)  # the order's counter covers its lines too
        session.flush()
        session.refresh(row)
        return order_out(row, sla_number=context.version.number if context.version else None)

    def delete_draft(self, order_id: int) -> None:
        """Throw away a draft (sent orders stay, cancelled if need be)."""
        with self._db.session() as session:
            row = load_order(session, order_id)
            if row.status != OrderStatus.DRAFT.value:
                raise ValidationFailed.single("status", f"{row.number} was sent; cancel it instead")
            session.delete(row)

    # --- status ----------------------------------------------------------------------------
    def send(self, order_id: int, *, on: dt.date) -> OrderOut:
        """Mark a draft as sent on `on`; every line needs a price and there must be at least one."""
        with self._db.session() as session:
            row = load_order(session, order_id)
            mark_sent(row, on)
            refresh_promises(session, row)
            session.flush()
            return order_out(row)

    def advance(self, order_id: int, target: OrderStatus, *, on: dt.date, reason: str = "") -> OrderOut:
        """One step along the path: in production, shipped, received (dated `on`), closed."""
        if target in (OrderStatus.SENT, OrderStatus.CONFIRMED, OrderStatus.CANCELLED):
            raise ValidationFailed.single("status", f"use {target.value.replace('_', ' ')} through its own action")
        with self._db.session() as session:
            row = load_order(session, order_id)
            check_move(OrderStatus(row.status), target)
            _record(row, target, reason)
            if target == OrderStatus.RECEIVED:
                row.received_on = on
            session.flush()
            return order_out(row)

    def cancel(self, order_id: int, reason: str) -> OrderOut:
        """Cancel an order not yet shipped; the reason is kept on the order and in its history."""
        reason = " ".join(reason.split())
        if not reason:
            raise ValidationFailed.single("cancel_reason", "say why the order is cancelled")
        with self._db.session() as session:
            row = load_order(session, order_id)
            check_move(OrderStatus(row.status), OrderStatus.CANCELLED)
            _record(row, OrderStatus.CANCELLED, reason)
            row.cancel_reason = reason
            session.flush()
            return order_out(row)

    def confirm(self, confirmation: Confirmation, *, on: dt.date, expected_version: int | None = None) -> OrderOut:
        """Store the partner's answer on every line and move a sent order to confirmed (all or nothing).

        `expected_version` is the order's `row_version` the confirmation dialog loaded: when someone saved the
        order (another confirmation, a status move) since, errors.StaleEdit (who, when) is raised and nothing
        is written. None (a returned sheet, a script) stores the answer over whatever is there.
        """

        def load(session: Session) -> PurchaseOrder:
            order_id = session.scalar(select(PurchaseOrder.id).where(PurchaseOrder.uuid == confirmation.order_uuid))
            if order_id is None:
                raise NotFound("The confirmation is for an order this database does not hold.")
            return load_order(session, order_id)

        return save_versioned(
            self._db,
            load=load,
            name=lambda row: f"Order {row.number}",
            expected=expected_version,
            save=lambda session, row: self._confirm(session, row, confirmation, on),
        )

    def _confirm(self, session: Session, row: PurchaseOrder, confirmation: Confirmation, on: dt.date) -> OrderOut:
        # A partner may answer after a first delivery arrived (the promise then re-judges it).
        if row.status not in _CONFIRMABLE:
            raise ValidationFailed.single(
                "status", f"{row.number} is {row.status.replace('_', ' ')}; only sent orders take a confirmation"
            )
        answers = {a.position: a for a in confirmation.lines}
        positions = {line.position for line in row.lines}
        if set(answers) != positions:
            raise ValidationFailed.single("lines", "the confirmation must answer every line of the order, once")
        for line in row.lines:
            answer = answers[line.position]
            if answer.confirmed_qty > 0 and answer.confirmed_ship_on is None:
                raise ValidationFailed.single(f"lines.{line.position}.confirmed_ship_on", "give the ship date")
            line.confirmed_qty = answer.confirmed_qty
            line.confirmed_ship_on = answer.confirmed_ship_on
            line.partner_comment = answer.comment
        row.partner_comment = confirmation.comment
        row.confirmed_on = confirmation.confirmed_on or on
        touch(row)  # the order's counter covers its lines' answers too
        if row.status == OrderStatus.SENT.value:
            _record(row, OrderStatus.CONFIRMED)
        # Deliveries recorded before the answer are judged against the arrival it promises.
        refresh_promises(session, row)
        session.flush()
        follow_deliveries(session, row, on)
        session.flush()
        return order_out(row)

    def reorder_preview(self, order_id: int, *, on: dt.date) -> ReorderPreview:
        """What a quick reorder on `on` would and would not do, and why it would be refused (reads only)."""
        from microfactory_desk.services.orders.reorders import reorder_preview

        return reorder_preview(self._db, order_id, on=on)

    def quick_reorder(self, order_id: int, *, on: dt.date) -> OrderOut:
        """A new draft repeating an order of experimental SKUs at the held price, within the SLA's reorder terms."""
        from microfactory_desk.services.orders.reorders import quick_reorder

        return quick_reorder(self._db, order_id, on=on)
