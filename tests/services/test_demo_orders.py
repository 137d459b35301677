"""Demo orders: every status, priced from the partners' tiers, confirmations and cancel reasons where they belong."""

from __future__ import annotations

import datetime as dt

from microfactory_desk.db import Database
from microfactory_desk.demo.load import load_demo
from microfactory_desk.demo.orders import MAX_ORDERS
from microfactory_desk.schemas.order_vocab import OrderStatus
from microfactory_desk.wiring import Services

TODAY = dt.date(2026, 6, 15)


def test_demo_orders_cover_every_status_consistently(db: Database) -> None:
    """Orders in every status; sent ones dated, confirmed+ ones confirmed, cancelled ones with reasons."""
    summary = load_demo(db, partners=200, seed=4, today=TODAY)
    assert 0 < summary.more["orders"] <= MAX_ORDERS
    service = Services(db).orders
    rows = service.list_orders().rows
    assert {r.status for r in rows} == set(OrderStatus)  # partially received: demo deliveries with a rest to come
    assert all(r.unpriced == 0 and r.lines > 0 and r.order_date <= TODAY for r in rows)
    later = (OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED, OrderStatus.RECEIVED)
    for row in rows[:80]:
        order = service.get_order(row.id)
        assert order.history[-1].to_status == order.status.value
        if order.status == OrderStatus.DRAFT:
            assert order.sent_on is None
        elif order.status != OrderStatus.CANCELLED:
            assert order.sent_on is not None and order.order_date <= order.sent_on <= TODAY
        if order.status in later:
            assert all(line.confirmed_qty is not None and line.confirmed_ship_on for line in order.lines)
        if order.status == OrderStatus.CANCELLED:
            assert order.cancel_reason and order.history[-1].reason == order.cancel_reason
        if order.status in (OrderStatus.RECEIVED, OrderStatus.CLOSED):
            assert order.received_on is not None and order.received_on <= TODAY
        assert {line.price_source.value for line in order.lines} <= {"tier", "override"}
    numbers = [r.number for r in sorted(rows, key=lambda r: (r.order_date, r.number))]
    assert numbers == sorted(numbers)


def test_second_demo_load_does_not_duplicate_orders(db: Database) -> None:
    """Partners that already have orders get no more; numbers stay unique."""
    load_demo(db, partners=60, seed=4, today=TODAY)
    first = len(Services(db).orders.list_orders().rows)
    load_demo(db, partners=60, seed=5, today=TODAY)
    rows = Services(db).orders.list_orders().rows
    assert len(rows) > first and len({r.number for r in rows}) == len(rows)
