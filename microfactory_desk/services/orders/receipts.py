"""Orders follow their deliveries: what arrived against what is due moves an order to partially received or received."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from sqlalchemy import func, inspect, select
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
    if OrderStatus(order.status) in FOLLOWS_DELIVERIES:
        lines = list(order.lines)
        _follow(session, order, lines, received_by_line(session, [line.id for line in lines]), today)


def follow_deliveries_of(
    session: Session,
    orders: Mapping[int, tuple[PurchaseOrder, Sequence[OrderLine]]],
    received: Mapping[int, tuple[int, dt.date | None]],
    today: dt.date,
) -> None:
    """`follow_deliveries` for many orders at once (a delivery import): order id -> (order, every line of it), and
    `received_by_line` of all those lines, read once by the caller (who also checks over-deliveries with it)."""
    for order, lines in orders.values():
        if OrderStatus(order.status) in FOLLOWS_DELIVERIES:
            _follow(session, order, lines, received, today)


def received_by_line(session: Session, line_ids: Sequence[int]) -> dict[int, tuple[int, dt.date | None]]:
    """Line id -> (units received, last arrival day) for every line of `line_ids` that has a delivery; one
    query per 500 lines, each served by the delivery table's order-line index."""
    found: dict[int, tuple[int, dt.date | None]] = {}
    for start in range(0, len(line_ids), 500):
        query = (
            select(
                Delivery.order_line_id,
                func.coalesce(func.sum(Delivery.qty_received), 0),
                func.max(Delivery.received_on),
            )
            .where(Delivery.order_line_id.in_(line_ids[start : start + 500]))
            .group_by(Delivery.order_line_id)
        )
        found.update((int(line_id), (int(qty), day)) for line_id, qty, day in session.execute(query))
    return found


def _follow(
    session: Session,
    order: PurchaseOrder,
    lines: Sequence[OrderLine],
    received: Mapping[int, tuple[int, dt.date | None]],
    today: dt.date,
) -> None:
    current = OrderStatus(order.status)
    mine = [received[line.id] for line in lines if line.id in received]
    last = max((day for _, day in mine if day is not None), default=None)
    got = [received[line.id][0] if line.id in received else 0 for line in lines]
    target = receipt_status([due_quantity(line) for line in lines], got)
    if target is None:
        if not mine and current == OrderStatus.RECEIVED:
            return
        if current not in (OrderStatus.PARTIALLY_RECEIVED, OrderStatus.RECEIVED):
            return
        target = OrderStatus.CONFIRMED if order.confirmed_on is not None else OrderStatus.SENT
    if target == current:
        if target == OrderStatus.RECEIVED:
            order.received_on = last or today
        return
    change = OrderStatusChange(from_status=order.status, to_status=target.value, reason="following its deliveries")
    if "status_changes" in inspect(order).unloaded:
        # Added by id: appending would first read the order's whole history (one query per order in an import).
        change.order_id = order.id
        session.add(change)
    else:
        order.status_changes.append(change)  # the loaded history (an editor's detail) shows the move at once
    order.status = target.value
    order.received_on = (last or today) if target == OrderStatus.RECEIVED else None
