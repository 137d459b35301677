"""A benchmark database of any size, generated fast: plain sqlite3 executemany, not the demo's per-row services.

`build(path, partners)` writes, per partner: one agreed SLA, one certification, two negotiation entries (some
follow-ups open), one inspection, 0.3 corrective actions, 0.04 pilots, two scorecard snapshots, and
`lines` order lines (3 to 4 per order) each with `deliveries` deliveries. At 100,000 partners and the
defaults (10 lines, 5 deliveries) that is 1,000,000 order lines and 5,000,000 deliveries.

Run `python bulk_data.py PARTNERS [LINES] [DELIVERIES]` to build one into bench-out/ (gitignored).
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from common import OUT

STAMP = "2026-11-01 00:00:00"
TODAY = dt.date(2026, 11, 30)
FIRST_ORDER = dt.date(2023, 1, 1)
WORDS = ("Nord", "Print", "Lab", "Forma", "Textil", "Ceramica", "Atelier", "Works", "Studio", "Kraft", "Łódź", "Müller")
CITIES = (("Łódź", "PL", "Central"), ("Porto", "PT", "South"), ("Lyon", "FR", "West"), ("Brno", "CZ", "Central"),
          ("Gent", "BE", "West"), ("Köln", "DE", "West"), ("Malmö", "SE", "North"), ("Bilbao", "ES", "South"))  # fmt: skip
PROCESSES = ("screen print", "embroidery", "3d print", "cnc", "sewing", "laser cut", "glazing")
STAGES = ("approved",) * 5 + ("pilot",) * 2 + ("qualifying", "prospect", "paused")
STATUSES = ("closed",) * 6 + ("received", "shipped", "confirmed", "sent", "draft", "cancelled")
CHUNK = 100_000
BEFORE_SEARCH = "0007_list_indexes"


def _migrate(path: Path, revision: str) -> None:
    """Run the app's migrations on the file up to `revision` (no backup: the file is being built)."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from microfactory_desk.migrations import MIGRATIONS_DIR

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def _day(start: dt.date, days: int) -> str:
    return (start + dt.timedelta(days=days)).isoformat()


def _insert(conn: sqlite3.Connection, table: str, columns: str, rows: Iterable[tuple[Any, ...]]) -> int:
    """Insert rows in chunks; the number inserted."""
    width = columns.count(",") + 1
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * width)})"
    done, chunk = 0, []
    for values in rows:
        chunk.append(values)
        if len(chunk) == CHUNK:
            conn.executemany(sql, chunk)
            done, chunk = done + len(chunk), []
    conn.executemany(sql, chunk)
    return done + len(chunk)


def _u() -> str:
    return str(uuid.UUID(int=random.getrandbits(128), version=4))


def _partners(n: int) -> Iterator[tuple[Any, ...]]:
    for i in range(1, n + 1):
        name = f"{random.choice(WORDS)} {random.choice(WORDS)} {i}"
        city, country, region = random.choice(CITIES)
        processes = ", ".join(random.sample(PROCESSES, 2))
        code = f"MF-{i:06d}"
        search = " | ".join((code, name, city, processes)).lower().replace("ł", "l").replace("ó", "o")
        search = search.replace("ź", "z").replace("ü", "u").replace("ö", "o").replace("ą", "a")
        yield (i, code, name, "microfactory" if i % 10 else "bulk_supplier", random.choice(STAGES), region, city,
               country, "", "", processes, "cotton", random.randint(50, 5000), random.randint(5, 200),
               random.choice(("low", "low", "medium", "high")), "", "", None, search, _u(), STAMP, STAMP)  # fmt: skip


def build(path: Path, partners: int, *, lines: int = 10, deliveries: int = 5, seed: int = 1,
          say: Callable[[str], None] = print) -> dict[str, int]:  # fmt: skip
    """Write a migrated database at `path` with `partners` partners and their data; the row count per table."""
    random.seed(seed)
    # Loaded at the revision before the search indexes, then upgraded: migration 0008 fills its trigram tables
    # in one INSERT ... SELECT per list, where its triggers would fire once per loaded row.
    _migrate(path, BEFORE_SEARCH)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-400000")
    # Secondary indexes are dropped during the load and rebuilt after it: one sort per index beats
    # millions of B-tree inserts into them (about twice as fast at 100k partners).
    indexes = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").fetchall()
    conn.execute("BEGIN")
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    counts: dict[str, int] = {}
    started = time.perf_counter()

    def step(table: str, columns: str, rows: Iterable[tuple[Any, ...]]) -> None:
        counts[table] = _insert(conn, table, columns, rows)
        say(f"  {table:<20} {counts[table]:>10,} rows  ({time.perf_counter() - started:6.1f} s)")

    step("partner", "id, code, name, kind, stage, region, city, country, address, website, processes, materials,"
         " weekly_capacity, min_batch, risk_level, risk_notes, tags, fallback_id, search_text, uuid, created_at,"
         " updated_at", _partners(partners))  # fmt: skip
    skus = max(50, partners // 200)
    step("sku", "id, code, name, category, unit, attributes, region, experimental, active, notes, search_text, uuid,"
         " created_at, updated_at",
         ((i, f"SKU-{i:05d}", f"Item {i}", random.choice(("Apparel", "Ceramics", "Prints")), "pcs", "{}", "", i % 7 == 0,
           True, "", f"sku-{i:05d} item {i}", _u(), STAMP, STAMP) for i in range(1, skus + 1)))  # fmt: skip
    step("sla_version", "id, partner_id, number, status, valid_from, valid_until, lead_time_target_days,"
         " lead_time_bound_days, lead_time_percentile, on_time_target_pct, defect_ceiling_pct, price_held, moq_waiver,"
         " fallback_trigger, clauses, notes, uuid, created_at, updated_at",
         ((p, p, 1, "agreed", "2024-01-01", _day(TODAY, random.randint(-30, 700)), 10, 14, 90, 95.0, 2.0, False, False,
           "", "", "", _u(), STAMP, STAMP) for p in range(1, partners + 1)))  # fmt: skip
    step("certification", "partner_id, name, issuer, number, valid_from, valid_until, uuid, created_at, updated_at",
         ((p, "ISO 9001", "TÜV", f"C-{p}", "2023-01-01", _day(TODAY, random.randint(-400, 900)), _u(), STAMP, STAMP)
          for p in range(1, partners + 1)))  # fmt: skip
    step("negotiation_entry", "partner_id, occurred_on, channel, participants, our_ask, their_offer, agreed, notes,"
         " next_step, follow_up_on, follow_up_owner, follow_up_done_at, search_text, uuid, created_at, updated_at",
         ((p, _day(TODAY, -random.randint(1, 900)), "call", "", "lower price", "volume tier", "", "", "send samples",
           _day(TODAY, random.randint(-600, 40)), "Anna", None if random.random() < 0.2 else STAMP,
           "lower price | volume tier | send samples | anna", _u(), STAMP, STAMP)
          for p in range(1, partners + 1) for _ in range(2)))  # fmt: skip
    step(
        "checklist_template",
        "id, key, version, name, description, pass_threshold_pct, is_current, uuid, created_at, updated_at",
        [(1, "bulk", 1, "Bulk checklist", "", 80.0, True, _u(), STAMP, STAMP)],
    )
    step("inspection", "id, number, partner_id, template_id, batch_ref, inspected_on, inspector, location, status,"
         " finished_at, score_pct, outcome, notes, uuid, created_at, updated_at",
         ((p, f"INS-{p:07d}", p, 1, "", _day(FIRST_ORDER, random.randint(0, 1430)), "Ola", "", "finished", STAMP,
           round(random.uniform(50, 100), 2), random.choice(("passed", "passed", "failed")), "", _u(), STAMP, STAMP)
          for p in range(1, partners + 1)))  # fmt: skip
    step("corrective_action", "number, partner_id, inspection_id, description, owner, raised_on, due_on, severity,"
         " status, closed_on, closure_note, uuid, created_at, updated_at",
         ((f"CA-{p:07d}", p, p, "Fix the stitching", "Ola", _day(TODAY, -200), _day(TODAY, random.randint(-150, 60)),
           random.choice(("low", "medium", "high", "critical")), random.choice(("open", "in_progress", "closed")),
           None, "", _u(), STAMP, STAMP) for p in range(1, partners + 1) if p % 10 < 3))  # fmt: skip
    step("pilot", "number, sku_id, partner_id, market_name, market_region, market_kind, starts_on, ends_on,"
         " units_planned, units_made, units_shipped, units_sold, units_returned, price, currency, decision_reason,"
         " notes, uuid, created_at, updated_at",
         ((f"PIL-{p:07d}", 1 + p % skus, p, "Pop-up Porto", "South", "pop_up", _day(TODAY, -random.randint(0, 400)),
           _day(TODAY, random.randint(-300, 90)), 100, 100, 90, random.randint(0, 90), random.randint(0, 5), 19.9,
           "EUR", "", "", _u(), STAMP, STAMP) for p in range(1, partners + 1) if p % 25 == 0))  # fmt: skip
    step("scorecard_snapshot", "partner_id, period, period_start, period_end, score, standing, sla_breaches,"
         " computed_at, details, uuid, created_at, updated_at",
         ((p, label, start, end, round(random.uniform(40, 100), 2), random.choice(("strategic", "approved", "watch")),
           random.randint(0, 2), STAMP, "{}", _u(), STAMP, STAMP)
          for p in range(1, partners + 1)
          for label, start, end in (("2026-Q2", "2026-04-01", "2026-06-30"), ("2026-Q3", "2026-07-01", "2026-09-30"))))  # fmt: skip
    _orders(conn, step, partners, lines, deliveries, skus)
    for _, sql in indexes:
        conn.execute(sql)
    say(f"  indexes rebuilt ({time.perf_counter() - started:6.1f} s)")
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    _migrate(path, "head")
    say(f"  migrated to the head ({time.perf_counter() - started:6.1f} s)")
    say(f"  built in {time.perf_counter() - started:.1f} s, {path.stat().st_size / 1e6:,.0f} MB")
    return counts


def _orders(conn: sqlite3.Connection, step: Callable[[str, str, Iterable[tuple[Any, ...]]], None], partners: int,
            lines: int, deliveries: int, skus: int) -> None:  # fmt: skip
    """Orders with 3-4 lines each (`lines` per partner), each line with `deliveries` deliveries."""
    orders: list[tuple[Any, ...]] = []
    line_rows: list[tuple[Any, ...]] = []
    order_id = line_id = 0
    for p in range(1, partners + 1):
        left = lines
        while left > 0:
            order_id += 1
            count = min(left, random.choice((3, 4)))
            left -= count
            day = random.randint(0, (TODAY - FIRST_ORDER).days)
            orders.append((order_id, f"PO-{order_id:08d}", p, random.choice(STATUSES), _day(FIRST_ORDER, day),
                           _day(FIRST_ORDER, day + 21), f"Shop {p % 97}", "pop_up", "", "courier", "EUR", "", "",
                           _u(), STAMP, STAMP))  # fmt: skip
            for position in range(1, count + 1):
                line_id += 1
                line_rows.append((line_id, order_id, position, 1 + random.randrange(skus), random.randint(10, 500),
                                  round(random.uniform(2, 40), 2), "tier", "", "", "", "", _u(), STAMP, STAMP))  # fmt: skip
    step("purchase_order", "id, number, partner_id, status, order_date, requested_on, destination_name,"
         " destination_type, destination_address, shipping_mode, currency, notes, cancel_reason, uuid, created_at,"
         " updated_at", orders)  # fmt: skip
    step("order_line", "id, order_id, position, sku_id, quantity, unit_price, price_source, tier_label,"
         " override_reason, notes, partner_comment, uuid, created_at, updated_at", line_rows)  # fmt: skip
    partner_of = {o[0]: (o[2], o[4]) for o in orders}
    del orders

    def delivery_rows() -> Iterator[tuple[Any, ...]]:
        for line in line_rows:
            partner, ordered = partner_of[line[1]]
            start = dt.date.fromisoformat(ordered)
            for d in range(deliveries):
                lead = random.randint(5, 20)
                promised = start + dt.timedelta(days=14 + d)
                received = start + dt.timedelta(days=lead + d)
                qty = 20 + d
                yield (line[0], partner, f"D{line[0]}-{d}", ordered, promised.isoformat(), received.isoformat(),
                       received.isoformat(), lead, qty, qty - (d == 0), int(d == 0), "", _u(), STAMP, STAMP)  # fmt: skip

    step("delivery", "order_line_id, partner_id, reference, sent_on, promised_on, shipped_on, received_on,"
         " lead_days, qty_received, qty_accepted, qty_defective, notes, uuid, created_at, updated_at",
         delivery_rows())  # fmt: skip


def bulk_database(partners: int, *, lines: int = 10, deliveries: int = 5) -> Path:
    """The generated database for `partners`, built once into bench-out/ and reused."""
    path = OUT / f"bulk-{partners}-{lines}x{deliveries}.sqlite"
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        tmp = path.with_suffix(".building")
        for leftover in OUT.glob(tmp.name + "*"):
            leftover.unlink()
        print(f"building {path.name} (once)…")
        build(tmp, partners, lines=lines, deliveries=deliveries)
        tmp.rename(path)
    return path


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    per_line = (int(sys.argv[2]) if len(sys.argv) > 2 else 10, int(sys.argv[3]) if len(sys.argv) > 3 else 5)
    print(bulk_database(size, lines=per_line[0], deliveries=per_line[1]))
