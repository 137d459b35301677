"""Orders follow their deliveries: what arrived against what is due moves an order to partially received or received."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from microfactory_desk.models import Delivery, OrderLine, OrderStatusChange, PurchaseOrder
from microfactory_desk.schemas.order_vocab import FOLLOWS_DELIVERIES, OrderStatus


def due_quantity(line: OrderLine) -> int:
    """Units the partner owes on a line: the confirmed quantity once confirmed (0 = declined), else the ordered."""
    return line.confirmed_qty if line.confirmed_qty is not None else line.quantity


def receipt_status(due: list[int], received: list[int]) -> OrderStatus | None:
    """The status deliveries put an order in, from each line's due and received units; None: deliveries say nothing.

    Received when every line has all it is due (and something arrived); partially received when something
    arrived but a line still lacks units.
    """
    if not any(received):
        return None
    if all(got >= want for want, got in zip(due, received, strict=True)):
        return OrderStatus.RECEIVED
    return OrderStatus.PARTIALLY_RECEIVED


def follow_deliveries(session: Session, order: PurchaseOrder, today: dt.date) -> None:
    """Move the order to the status its deliveries say, in the caller's transaction, and keep the move in history.

    Drafts, closed and cancelled orders never move. An order that loses its deliveries goes back to confirmed
    (or sent); a received order without any delivery (received by hand) stays as it is.
    """
    current = OrderStatus(order.status)
    if current not in FOLLOWS_DELIVERIES:
        return
    rows = session.execute(
        select(
            Delivery.order_line_id,
            func.coalesce(func.sum(Delivery.qty_received), 0),
            func.max(Delivery.received_on),
        )
        .join(OrderLine, OrderLine.id == Delivery.order_line_id)
        .where(OrderLine.order_id == order.id)
        .group_by(Delivery.order_line_id)
    ).all()
    got = {int(line_id): int(qty) for line_id, qty, _ in rows}
    last = max((day for _, _, day in rows if day is not None), default=None)
    target = receipt_status([due_quantity(line) for line in order.lines], [got.get(line.id, 0) for line in order.lines])
    if target is None:
        if not rows and current == OrderStatus.RECEIVED:
            return
        if current not in (OrderStatus.PARTIALLY_RECEIVED, OrderStatus.RECEIVED):
            return
        target = OrderStatus.CONFIRMED if order.confirmed_on is not None else OrderStatus.SENT
    if target == current:
        if target == OrderStatus.RECEIVED:
            order.received_on = last or today
        return
    order.status_changes.append(
        OrderStatusChange(from_status=order.status, to_status=target.value, reason="following its deliveries")
    )
    order.status = target.value
    order.received_on = (last or today) if target == OrderStatus.RECEIVED else None
