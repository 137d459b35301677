"""Scores: weights, re-weighting when criteria have no data, bands, trend, explanations and snapshots."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import delete, select

from microfactory_desk.db import Database
from microfactory_desk.errors import ValidationFailed
from microfactory_desk.models import ChecklistTemplate, CorrectiveAction, Delivery, Inspection, ScorecardSnapshot
from microfactory_desk.schemas.periods import parse_period
from microfactory_desk.schemas.scorecard import DEFAULT_SCORING, Criterion, Kpis, Standing, Trend
from microfactory_desk.services.scorecards.scoring import score_kpis
from microfactory_desk.services.scorecards.service import ScorecardService
from microfactory_desk.services.telemetry.kpis import KpiService
from tests.services.telemetry_fixtures import (
    ANY_EVIDENCE,
    D,
    accept_any_evidence,
    add_line,
    add_partner,
    add_sla,
    deliver,
)

Q3 = parse_period("2026-Q3")


def _quality(db: Database, pid: int) -> None:
    """Two finished inspections (90 and 70, one failed) and two actions due in Q3 (one closed late)."""
    with db.session() as s:
        template = ChecklistTemplate(key="release", name="Batch release")
        s.add(template)
        s.flush()
        for n, (score, outcome) in enumerate(((90, "passed"), (70, "failed")), 1):
            s.add(
                Inspection(
                    number=f"INS-2026-{n:04d}",
                    partner_id=pid,
                    template_id=template.id,
                    inspected_on=D(2026, 8, n),
                    status="finished",
                    score_pct=Decimal(score),
                    outcome=outcome,
                )
            )
        s.add(Inspection(number="INS-2026-0009", partner_id=pid, template_id=template.id, inspected_on=D(2026, 8, 9)))
        for n, closed in enumerate((D(2026, 8, 10), D(2026, 9, 20)), 1):
            s.add(
                CorrectiveAction(
                    number=f"CA-2026-{n:04d}",
                    partner_id=pid,
                    description="Fix it",
                    raised_on=D(2026, 8, 1),
                    due_on=D(2026, 8, 15),
                    status="closed",
                    closed_on=closed,
                )
            )
        s.add(
            CorrectiveAction(
                number="CA-2026-0003", partner_id=pid, description="Open", raised_on=D(2026, 9, 1), due_on=D(2026, 9, 5)
            )
        )


def test_inspections_and_actions_feed_the_kpis(db: Database) -> None:
    """Only finished inspections count; actions due in the period split into on time, late and overdue."""
    pid = add_partner(db)
    _quality(db, pid)
    kpis = KpiService(db).for_partner(pid, Q3.start, Q3.end, today=D(2026, 11, 1))
    assert (kpis.inspections, kpis.inspection_avg, kpis.inspections_failed) == (2, 80.0, 1)
    assert (kpis.actions_due, kpis.actions_on_time, kpis.actions_late, kpis.actions_overdue) == (3, 1, 1, 1)


def test_no_data_at_all_gives_no_score() -> None:
    """An empty period scores None with no standing, and says so."""
    result = score_kpis(Kpis(1), DEFAULT_SCORING)
    assert result.score is None and result.standing is None
    assert all(c.result is None and c.contribution is None for c in result.criteria)
    assert "No data" in result.explanation


def test_criteria_without_data_are_left_out_and_the_rest_reweighted(db: Database) -> None:
    """Deliveries only: delivery (35) and lead time (25) share 100 %: 58.3 % and 41.7 %; quality has no ceiling."""
    pid = add_partner(db)
    add_sla(db, pid, on_time="100", ceiling="2")
    deliver(db, add_line(db, pid, sent_on=D(2026, 7, 1)), "A", D(2026, 7, 11))  # on time, within bound
    deliver(db, add_line(db, pid, sent_on=D(2026, 7, 1)), "B", D(2026, 7, 21), defective=10)  # late, outside
    kpis = KpiService(db).for_partner(pid, Q3.start, Q3.end)
    result = score_kpis(kpis, ANY_EVIDENCE)
    by = {c.criterion: c for c in result.criteria}
    assert by[Criterion.ACTIONS].result is None and by[Criterion.ACTIONS].effective_weight is None
    # Quality: 10 defective of 200 = 5 % against a 2 % ceiling -> 2 / 5 × 100 = 40.
    assert by[Criterion.QUALITY].result == pytest.approx(40.0)
    assert by[Criterion.DELIVERY].result == pytest.approx(50.0)  # 50 % of a 100 % target
    assert by[Criterion.LEAD_TIME].result == pytest.approx(50 / 90 * 100)
    assert sum(c.effective_weight or 0 for c in result.criteria) == pytest.approx(100.0)
    assert by[Criterion.DELIVERY].effective_weight == pytest.approx(35 / 90 * 100)
    expected = (35 * 50 + 25 * 50 / 90 * 100 + 30 * 40) / 90
    assert result.score == pytest.approx(expected, abs=0.01)
    assert result.reweighted and "Corrective actions left out" in result.explanation
    assert result.standing is Standing.EXIT
    assert "= 50.0" in by[Criterion.DELIVERY].formula


def test_full_marks_with_every_criterion_is_strategic(db: Database) -> None:
    """All targets met with inspections and actions on record: 100 minus the inspection shortfall, no re-weighting."""
    pid = add_partner(db)
    add_sla(db, pid)
    _quality(db, pid)
    deliver(db, add_line(db, pid, sent_on=D(2026, 7, 1)), "A", D(2026, 7, 9))
    result = score_kpis(KpiService(db).for_partner(pid, Q3.start, Q3.end, today=D(2026, 11, 1)), ANY_EVIDENCE)
    assert not result.reweighted
    quality = 30 * (100 + 80) / 2 / 100
    assert result.score == pytest.approx(35 + 25 + quality + 10 * 100 / 3 / 100, abs=0.01)
    assert result.standing is Standing.STRATEGIC


def test_weights_must_add_up_to_100_and_bands_descend(db: Database) -> None:
    """Settings that do not add up are refused with the field named; valid ones are stored and used."""
    service = ScorecardService(db)
    values = DEFAULT_SCORING.model_dump()
    with pytest.raises(ValidationFailed) as err:
        service.save_settings({**values, "delivery": 40})
    assert err.value.errors[0].field == "weights" and "105" in err.value.errors[0].message
    with pytest.raises(ValidationFailed) as err:
        service.save_settings({**values, "watch": 90})
    assert err.value.errors[0].field == "bands"
    saved = service.save_settings({**values, "delivery": 45, "actions": 0, "strategic": 95})
    assert service.settings() == saved and service.settings().delivery == 45


def test_portfolio_ranks_trends_and_keeps_snapshots(db: Database) -> None:
    """Scores rank best first, trend compares with the previous quarter; recording keeps one snapshot per partner."""
    good, poor, idle = add_partner(db, "GOOD"), add_partner(db, "POOR"), add_partner(db, "IDLE")
    for pid in (good, poor):
        add_sla(db, pid)
    accept_any_evidence(db)
    deliver(db, add_line(db, good, sent_on=D(2026, 4, 1)), "Q2", D(2026, 4, 30))  # late in Q2
    deliver(db, add_line(db, good, sent_on=D(2026, 7, 1)), "Q3", D(2026, 7, 5))  # on time in Q3
    deliver(db, add_line(db, poor, sent_on=D(2026, 7, 1)), "Q3", D(2026, 8, 30), defective=30)
    service = ScorecardService(db)
    rows = service.portfolio(Q3, today=D(2026, 11, 1))
    assert [r.code for r in rows] == ["GOOD", "POOR", "IDLE"]
    assert rows[0].trend is Trend.UP and rows[0].score == 100.0
    assert rows[1].sla_breaches == 3 and rows[1].standing is Standing.EXIT
    assert rows[2].score is None and rows[2].standing is None and rows[2].trend is None
    assert service.record_snapshots(Q3, today=D(2026, 11, 1)) == rows  # the rows the portfolio shows
    service.record_snapshots(Q3, today=D(2026, 11, 1))  # again: replaced, not duplicated; no row for the idle partner
    with db.session() as s:
        snaps = s.scalars(select(ScorecardSnapshot).order_by(ScorecardSnapshot.partner_id)).all()
        assert [(x.partner_id, x.period) for x in snaps] == [(good, "2026-Q3"), (poor, "2026-Q3")]
        assert snaps[0].standing == "strategic" and snaps[1].sla_breaches == 3
        assert json.loads(snaps[1].details)["breaches"] == ["on-time", "lead time", "defects"]
        s.execute(delete(Delivery).where(Delivery.partner_id == poor))
    service.record_snapshots(Q3, today=D(2026, 11, 1))  # the poor partner's data is gone: its snapshot says no data
    with db.session() as s:
        snap = s.scalars(select(ScorecardSnapshot).where(ScorecardSnapshot.partner_id == poor)).one()
        assert (snap.score, snap.standing, snap.sla_breaches) == (None, None, 0)
    assert [r.code for r in service.portfolio(Q3, stage="approved", region="nowhere")] == []
    assert idle
