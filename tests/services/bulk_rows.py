"""Many rows fast for list tests: plain sqlite3 executemany into a migrated test database (no services)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from microfactory_desk.db import Database

STAMP = "2026-01-01 00:00:00"
FIRST_DAY = dt.date(2020, 1, 1)


@contextmanager
def _connect(db: Database) -> Iterator[sqlite3.Connection]:
    """One connection, one transaction (committed at the end), closed afterwards."""
    assert db.file is not None
    conn = sqlite3.connect(db.file)
    try:
        with conn:
            yield conn
    finally:
        conn.close()


def add_partners(db: Database, count: int) -> list[int]:
    """`count` partners coded P00000..., named "Partner <n>"; their ids."""
    rows = [
        (f"P{n:05d}", f"Partner {n}", "microfactory", "approved", "South", "Town", "PL", "", "", "", "", None, None,
         "low", "", "", None, f"p{n:05d} partner {n}", str(uuid.uuid4()), STAMP, STAMP)
        for n in range(count)
    ]  # fmt: skip
    with _connect(db) as conn:
        conn.executemany(
            "INSERT INTO partner (code, name, kind, stage, region, city, country, address, website, processes,"
            " materials, weekly_capacity, min_batch, risk_level, risk_notes, tags, fallback_id, search_text, uuid,"
            " created_at, updated_at) VALUES (" + ", ".join("?" * 21) + ")",
            rows,
        )
        return [int(r[0]) for r in conn.execute("SELECT id FROM partner ORDER BY code")]


def add_orders(db: Database, count: int, partner_ids: list[int]) -> dict[str, Decimal]:
    """`count` orders PO-000000... one day apart, one to three priced lines each, every 7th cancelled.

    Returns the total value of the orders not cancelled, per currency, computed here in Decimal.
    """
    with _connect(db) as conn:
        conn.execute(
            "INSERT INTO sku (code, name, category, unit, attributes, region, experimental, active, notes,"
            " search_text, uuid, created_at, updated_at) VALUES ('BULK-1', 'Bulk item', 'Bulk', 'pcs', '{}', '',"
            " 0, 1, '', 'bulk-1 bulk item', ?, ?, ?)",
            (str(uuid.uuid4()), STAMP, STAMP),
        )
        sku_id = conn.execute("SELECT id FROM sku WHERE code = 'BULK-1'").fetchone()[0]
        orders, lines, totals = [], [], {"EUR": Decimal(0), "PLN": Decimal(0)}
        for n in range(count):
            status = "cancelled" if n % 7 == 0 else "confirmed"
            currency = "PLN" if n % 5 == 0 else "EUR"
            day = (FIRST_DAY + dt.timedelta(days=n // 3)).isoformat()
            orders.append((n + 1, f"PO-{n:06d}", partner_ids[n % len(partner_ids)], status, day, f"Shop {n % 11}",
                           currency, str(uuid.uuid4())))  # fmt: skip
            for position in range(1 + n % 3):
                price = Decimal(f"{1 + (n * 7 + position) % 50}.25")
                quantity = 1 + (n + position) % 9
                lines.append((n + 1, position + 1, sku_id, quantity, float(price), str(uuid.uuid4())))
                if status != "cancelled":
                    totals[currency] += price * quantity
        conn.executemany(
            "INSERT INTO purchase_order (id, number, partner_id, status, order_date, destination_name,"
            " destination_type, destination_address, shipping_mode, currency, notes, cancel_reason, uuid,"
            f" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'pop_up', '', 'courier', ?, '', '', ?, '{STAMP}',"
            f" '{STAMP}')",
            orders,
        )
        conn.executemany(
            "INSERT INTO order_line (order_id, position, sku_id, quantity, unit_price, price_source, tier_label,"
            " override_reason, notes, partner_comment, uuid, created_at, updated_at)"
            f" VALUES (?, ?, ?, ?, ?, 'tier', '', '', '', '', ?, '{STAMP}', '{STAMP}')",
            lines,
        )
    return totals
