"""Demo telemetry: 18 months of consistent orders and deliveries with contrast, and recent snapshots."""

from __future__ import annotations

import datetime as dt

from microfactory_desk.db import Database
from microfactory_desk.demo.load import load_demo
from microfactory_desk.services.common.sql import as_date

TODAY = dt.date(2026, 11, 27)


def test_demo_adds_consistent_deliveries_with_contrast(db: Database) -> None:
    """Deliveries copy their order's partner and dates right, some are partial, and standings differ."""
    summary = load_demo(db, partners=60, seed=7, today=TODAY)
    assert summary.more["deliveries"] > 500 and summary.more["historic orders"] > 100
    wrong = db.read(
        "SELECT COUNT(*) FROM delivery d JOIN order_line l ON l.id = d.order_line_id "
        "JOIN purchase_order o ON o.id = l.order_id "
        "WHERE d.partner_id <> o.partner_id OR d.sent_on <> o.sent_on OR d.received_on > :today "
        "OR d.qty_accepted + d.qty_defective <> d.qty_received",
        {"today": TODAY},
    )
    assert wrong == [(0,)]
    first = as_date(db.read("SELECT MIN(received_on) FROM delivery")[0][0])
    assert first is not None and first <= TODAY - dt.timedelta(days=500)
    assert db.read("SELECT COUNT(*) FROM delivery WHERE notes = 'Partial delivery'")[0][0] > 0
    numbers = db.read("SELECT COUNT(*), COUNT(DISTINCT number) FROM purchase_order WHERE number LIKE 'PO-%'")[0]
    assert numbers[0] == numbers[1] > 0
    periods = {row[0] for row in db.read("SELECT DISTINCT period FROM scorecard_snapshot")}
    assert {"2026-Q3", "2026-Q4", "2026-10"} <= periods
    standings = {row[0] for row in db.read("SELECT DISTINCT standing FROM scorecard_snapshot WHERE period = '2026-Q3'")}
    assert "strategic" in standings and standings & {"watch", "exit"}
    breaching = db.read("SELECT COUNT(*) FROM scorecard_snapshot WHERE period = '2026-Q3' AND sla_breaches > 0")
    assert breaching[0][0] > 0
