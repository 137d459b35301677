"""Issue 12: the demo data tells one consistent story (decisions match figures, triggers and ceilings agree)."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from microfactory_desk.db import Database
from microfactory_desk.demo.load import load_demo
from microfactory_desk.models import Delivery, OrderLine, Pilot, PilotFeedback, SlaVersion

TODAY = dt.date(2026, 11, 27)


def test_pilot_decisions_match_their_figures_and_ratings(db: Database) -> None:
    """Scale-ups sold out within two weeks and rated 4-5; stops sold under half and were never rated 5."""
    load_demo(db, partners=300, seed=12, today=TODAY)
    with db.session() as s:
        pilots = s.scalars(select(Pilot).where(Pilot.decision.is_not(None))).all()
        ratings = {
            p.id: [r for r in s.scalars(select(PilotFeedback.rating).where(PilotFeedback.pilot_id == p.id)) if r]
            for p in pilots
        }
    assert {p.decision for p in pilots} == {"scale_up", "iterate", "stop"}
    for p in pilots:
        share = 100 * (p.units_sold - p.units_returned) / p.units_shipped
        if p.decision == "scale_up":
            assert p.sold_out_on is not None and (p.sold_out_on - p.starts_on).days < 14, p.number
            assert all(r >= 4 for r in ratings[p.id]) and "Sold out in" in p.decision_reason
        if p.decision == "stop":
            assert share < 50 and all(r <= 3 for r in ratings[p.id]), p.number
        assert f"{round(share)} %" in p.decision_reason or p.decision == "scale_up"


def test_sla_triggers_and_ceilings_read_like_real_ones(db: Database) -> None:
    """No trigger counts more than three batches; a % ceiling and a ppm ceiling on one SLA say the same."""
    load_demo(db, partners=300, seed=12, today=TODAY)
    with db.session() as s:
        versions = s.scalars(select(SlaVersion)).all()
    batches = [int(m.group(1)) for v in versions if (m := re.search(r"in (\d+) consecutive", v.fallback_trigger))]
    assert batches and max(batches) <= 3
    both = [v for v in versions if v.defect_ceiling_pct is not None and v.defect_ceiling_ppm is not None]
    assert both and all(float(v.defect_ceiling_pct) * 10_000 == float(v.defect_ceiling_ppm) for v in both)


def test_demo_deliveries_promise_an_arrival_and_orders_follow_them(db: Database) -> None:
    """A confirmed demo line promises its ship date + 2 days (the courier transit), never the ship date itself."""
    load_demo(db, partners=120, seed=5, today=TODAY)
    with db.session() as s:
        rows = s.execute(
            select(OrderLine.confirmed_ship_on, Delivery.promised_on)
            .join(Delivery, Delivery.order_line_id == OrderLine.id)
            .where(OrderLine.confirmed_ship_on.is_not(None))
        ).all()
    assert rows and all(promised == ship + dt.timedelta(days=2) for ship, promised in rows)
