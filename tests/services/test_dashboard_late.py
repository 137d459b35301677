"""The "Orders late" card read through its index lists exactly the late orders, in order, with their count."""

from __future__ import annotations

import datetime as dt
import random

from microfactory_desk.db import Database
from microfactory_desk.models import OrderLine
from microfactory_desk.services.dashboard.cards import OPEN_ORDER_STATUSES
from microfactory_desk.services.dashboard.service import DashboardService
from tests.services import attention_data as make

TODAY = dt.date(2026, 6, 15)
STATUSES = (*OPEN_ORDER_STATUSES, "received", "closed", "cancelled")


def _expected(orders: list[tuple[int, str, str, dt.date, list[tuple[int, int | None, int]]]]) -> list[int]:
    """Late by the rule itself: open, requested before today, and a line short of what it is due (or no line)."""
    late = [
        (requested, number, oid)
        for oid, number, status, requested, lines in orders
        if status in OPEN_ORDER_STATUSES
        and requested < TODAY
        and (not lines or any((confirmed if confirmed is not None else qty) > got for qty, confirmed, got in lines))
    ]
    return [oid for _, _, oid in sorted(late)]


def test_late_card_lists_exactly_the_late_orders(db: Database) -> None:
    """90 random orders (every status, short, full, over-delivered, declined lines, no line): same list as the rule."""
    rng = random.Random(17)
    pid, sku = make.partner(db), make.sku(db)
    orders = []
    for _ in range(90):
        status = rng.choice(STATUSES)
        requested = TODAY + dt.timedelta(days=rng.randint(-30, 3))
        oid = make.order(db, pid, status, requested=requested)
        lines = []
        for position in range(1, rng.randint(0, 3) + 1):
            qty = rng.choice((10, 20))
            confirmed = rng.choice((None, None, 0, qty, qty // 2))
            line = make.add(
                db, OrderLine(order_id=oid, position=position, sku_id=sku, quantity=qty, confirmed_qty=confirmed)
            )
            got = 0
            for _ in range(rng.randint(0, 2)):
                received = rng.choice((5, 10, 20))
                make.delivery(db, line, pid, TODAY, TODAY - dt.timedelta(days=1), qty_received=received)
                got += received
            lines.append((qty, confirmed, got))
        number = db.read("SELECT number FROM purchase_order WHERE id = :id", {"id": oid})[0][0]
        orders.append((oid, number, status, requested, lines))
    expected = _expected(orders)
    service = DashboardService(db)
    assert 20 < len(expected) < 60  # both late and not-late orders of every kind are in play
    assert [i.target_id for i in service.card("orders_late", TODAY).items] == expected
    first = service.load(TODAY, limit=5).card("orders_late")
    assert ([i.target_id for i in first.items], first.count) == (expected[:5], len(expected))
