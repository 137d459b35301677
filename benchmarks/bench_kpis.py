"""KPIs of 1,000 partners over 1,000,000 deliveries in one quarter vs a bare sqlite3 cursor reading those rows."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import uuid
from pathlib import Path

from common import OUT, median, row, timed

PARTNERS, DELIVERIES, RUNS = 1_000, 1_000_000, 5
START, END = dt.date(2026, 7, 1), dt.date(2026, 9, 30)
BARE_SQL = (
    "SELECT partner_id, received_on, promised_on, lead_days, qty_received, qty_defective "
    "FROM delivery WHERE received_on >= ? AND received_on <= ?"
)
# Every row the KPI batch reads, once each, with the columns it reads: the period's deliveries, the SLA versions
# judging them, the period's inspections and the actions due in it (each `?` is the period's start, then end).
# The deliveries alone (BARE_SQL) were the earlier yardstick; both ratios are printed.
BARE_ALL = (
    BARE_SQL,
    "SELECT id, partner_id, status, valid_from, valid_until, on_time_target_pct, lead_time_bound_days,"
    " lead_time_percentile, defect_ceiling_pct, defect_ceiling_ppm FROM sla_version",
    "SELECT partner_id, status, inspected_on, score_pct, outcome FROM inspection"
    " WHERE inspected_on >= ? AND inspected_on <= ?",
    "SELECT partner_id, status, due_on, closed_on FROM corrective_action WHERE due_on >= ? AND due_on <= ?",
)


def bare_read_all(conn: sqlite3.Connection, start: dt.date, end: dt.date) -> int:
    """Every row of BARE_ALL fetched through a bare sqlite3 connection; how many."""
    days = (start.isoformat(), end.isoformat())
    return sum(len(conn.execute(sql, days[: sql.count("?")]).fetchall()) for sql in BARE_ALL)


def build(path: Path, deliveries_count: int = DELIVERIES, start: dt.date = START, end: dt.date = END) -> None:
    """Partners with one or two SLA versions (a third change mid-quarter), a line each, deliveries in start..end."""
    from microfactory_desk.db import open_database

    open_database(str(path)).close()  # the real schema, migrated
    rng = random.Random(6)
    now = "2026-10-01 00:00:00.000000"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    conn.executemany(
        "INSERT INTO partner (id, uuid, created_at, updated_at, code, name, kind, stage, region, city, country, "
        "address, website, processes, materials, risk_level, risk_notes, tags, search_text) "
        "VALUES (?, ?, ?, ?, ?, ?, 'microfactory', 'approved', 'EU', '', '', '', '', '', '', 'low', '', '', '')",
        [(i, str(uuid.uuid4()), now, now, f"P{i:04d}", f"Partner {i}") for i in range(1, PARTNERS + 1)],
    )
    versions: list[tuple[int, int, str, str, str | None, int, int, int, float]] = []
    for pid in range(1, PARTNERS + 1):
        if pid % 3 == 0:  # a third change SLA mid-quarter
            versions.append((pid, 1, "superseded", "2025-01-01", "2026-08-15", 14, 90, 90, 2.0))
            versions.append((pid, 2, "agreed", "2026-08-16", None, 10, 90, 95, 1.0))
        else:
            versions.append((pid, 1, "agreed", "2025-01-01", None, 14, 90, 90, 2.0))
    conn.executemany(
        "INSERT INTO sla_version (uuid, created_at, updated_at, partner_id, number, status, valid_from, valid_until, "
        "lead_time_bound_days, lead_time_percentile, on_time_target_pct, defect_ceiling_pct, price_held, moq_waiver, "
        "fallback_trigger, clauses, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, '', '', '')",
        [(str(uuid.uuid4()), now, now, *v) for v in versions],
    )
    conn.execute("INSERT INTO sku (id, uuid, created_at, updated_at, code, name, category, unit, attributes, region, "
                 "experimental, active, notes, search_text) VALUES (1, 'sku', ?, ?, 'S', 'S', '', 'pcs', '{}', '', 0, 1, '', '')",
                 (now, now))  # fmt: skip
    conn.executemany(
        "INSERT INTO purchase_order (id, uuid, created_at, updated_at, number, partner_id, status, order_date, "
        "destination_name, destination_type, destination_address, shipping_mode, currency, notes, cancel_reason) "
        "VALUES (?, ?, ?, ?, ?, ?, 'received', '2026-06-01', '', 'pop_up', '', 'courier', 'EUR', '', '')",
        [(i, str(uuid.uuid4()), now, now, f"PO-2026-{i:05d}", i) for i in range(1, PARTNERS + 1)],
    )
    conn.executemany(
        "INSERT INTO order_line (id, uuid, created_at, updated_at, order_id, position, sku_id, quantity, price_source, "
        "override_reason, notes, partner_comment, tier_label) VALUES (?, ?, ?, ?, ?, 1, 1, 100, 'tier', '', '', '', '')",
        [(i, str(uuid.uuid4()), now, now, i) for i in range(1, PARTNERS + 1)],
    )
    span = (end - start).days + 1

    def deliveries():  # type: ignore[no-untyped-def]
        for n in range(deliveries_count):
            pid = rng.randint(1, PARTNERS)
            received = start + dt.timedelta(days=rng.randrange(span))
            lead = max(1, int(rng.gauss(11, 3)))
            sent = received - dt.timedelta(days=lead)
            promised = sent + dt.timedelta(days=12)
            qty = rng.choice((50, 100, 200))
            yield (n + 1, f"u{n}", now, now, pid, pid, f"DN-{n}", sent.isoformat(), promised.isoformat(),
                   received.isoformat(), lead, qty, qty, int(qty * rng.random() * 0.03), "")  # fmt: skip

    conn.executemany(
        "INSERT INTO delivery (id, uuid, created_at, updated_at, order_line_id, partner_id, reference, sent_on, "
        "promised_on, received_on, lead_days, qty_received, qty_accepted, qty_defective, notes) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        deliveries(),
    )
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()


def bare_read(path: Path) -> int:
    """A bare sqlite3 cursor reading the quarter's delivery rows, nothing else."""
    conn = sqlite3.connect(path)
    count = 0
    for _ in conn.execute(BARE_SQL, (START.isoformat(), END.isoformat())):
        count += 1
    conn.close()
    return count


def main() -> None:
    """Build the data once, then time our KPIs (deliveries, inspections, actions) against the bare read."""
    from microfactory_desk.db import open_database
    from microfactory_desk.services.telemetry.kpis import KpiService

    path = OUT / "kpis-1m.sqlite"
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        tmp = path.with_suffix(".building")
        tmp.unlink(missing_ok=True)
        build(tmp)
        tmp.rename(path)
    db = open_database(str(path))
    service = KpiService(db)
    found = service.compute(START, END)
    assert len(found) == PARTNERS and sum(k.deliveries for k in found.values()) == DELIVERIES
    # Interleaved, so a busy moment on a shared machine hits both sides alike.
    ours_runs, bare_runs, all_runs = [], [], []
    conn = sqlite3.connect(path)
    for _ in range(RUNS):
        ours_runs += timed(lambda: service.compute(START, END), 1)
        bare_runs += timed(lambda: bare_read(path), 1)
        all_runs += timed(lambda: bare_read_all(conn, START, END), 1)
    conn.close()
    ours = median(ours_runs)
    print(row("KPIs, 1,000 partners, 1M deliveries, 1 quarter", ours, median(bare_runs), 2.0))
    print(row("  the same, against every row involved read bare", ours, median(all_runs), 2.0))
    db.close()


if __name__ == "__main__":
    main()
