"""KPIs per partner and period: no data, exact deadlines, SLA changes mid-period, partial deliveries."""

from __future__ import annotations

import datetime as dt

import pytest

from microfactory_desk.db import Database
from microfactory_desk.errors import ValidationFailed
from microfactory_desk.schemas.periods import parse_period, previous, recent
from microfactory_desk.services.telemetry.kpis import KpiService
from tests.services.telemetry_fixtures import D, add_line, add_partner, add_sla, deliver

Q3 = parse_period("2026-Q3")


def test_period_labels_parse_and_step_back() -> None:
    """Months, quarters and ranges parse; the previous period has the same kind and length."""
    assert (Q3.start, Q3.end) == (D(2026, 7, 1), D(2026, 9, 30))
    assert previous(parse_period("2026-01")).label == "2025-12"
    assert previous(parse_period("2026-Q1")).label == "2025-Q4"
    span = parse_period("2026-03-10..2026-03-19")
    assert previous(span).label == "2026-02-28..2026-03-09"
    assert [p.label for p in recent(Q3, 3)] == ["2026-Q1", "2026-Q2", "2026-Q3"]
    for bad in ("2026-13", "2026-Q5", "last year", "2026-03-10..2026-03-01"):
        with pytest.raises(ValidationFailed) as err:
            parse_period(bad)
        assert err.value.errors[0].field == "period"


def test_no_deliveries_is_no_data_not_zero_or_hundred(db: Database) -> None:
    """A partner without deliveries in the period has no on-time rate, lead time or defect rate at all."""
    pid = add_partner(db)
    add_sla(db, pid)
    line = add_line(db, pid, sent_on=D(2026, 3, 1))
    deliver(db, line, "OLD-1", D(2026, 3, 8))  # before the period
    kpis = KpiService(db).for_partner(pid, Q3.start, Q3.end)
    assert not kpis.has_deliveries
    assert kpis.on_time_pct is None and kpis.lead_median is None and kpis.defect_pct is None
    assert kpis.breaches() == []


def test_received_exactly_on_the_promised_day_is_on_time(db: Database) -> None:
    """Promised = sent + SLA target (10 days); received that very day counts as on time, a day later not."""
    pid = add_partner(db)
    add_sla(db, pid, on_time="100")
    deliver(db, add_line(db, pid, sent_on=D(2026, 7, 1)), "A", D(2026, 7, 11))
    deliver(db, add_line(db, pid, sent_on=D(2026, 7, 1)), "B", D(2026, 7, 12))
    kpis = KpiService(db).for_partner(pid, Q3.start, Q3.end)
    assert (kpis.deliveries, kpis.promised, kpis.on_time) == (2, 2, 1)
    assert kpis.on_time_pct == 50.0
    assert kpis.lead_counts == {10: 1, 11: 1}
    assert kpis.breaches() == ["on-time"]


def test_confirmed_ship_date_is_the_promise(db: Database) -> None:
    """A line's confirmed date replaces the SLA-derived promise."""
    pid = add_partner(db)
    add_sla(db, pid)
    line = add_line(db, pid, sent_on=D(2026, 7, 1), confirmed_ship_on=D(2026, 7, 20))
    deliver(db, line, "A", D(2026, 7, 20))
    assert KpiService(db).for_partner(pid, Q3.start, Q3.end).on_time == 1


def test_each_delivery_is_judged_by_the_sla_in_force_that_day(db: Database) -> None:
    """SLA v1 (bound 14 days, ceiling 2 %) until 15 Aug, v2 (bound 8 days, ceiling 0.5 %) after: mixed judgement."""
    pid = add_partner(db)
    add_sla(
        db, pid, number=1, valid_until=D(2026, 8, 15), status="superseded", bound_days=14, ceiling="2", on_time="80"
    )
    add_sla(db, pid, number=2, valid_from=D(2026, 8, 16), bound_days=8, ceiling="0.5", on_time="100")
    # Both take 12 days: within v1's bound, outside v2's.
    deliver(db, add_line(db, pid, sent_on=D(2026, 7, 1)), "A", D(2026, 7, 13), qty=100, defective=1)
    deliver(db, add_line(db, pid, sent_on=D(2026, 9, 1)), "B", D(2026, 9, 13), qty=100, defective=1)
    kpis = KpiService(db).for_partner(pid, Q3.start, Q3.end)
    assert (kpis.lead_judged, kpis.lead_within) == (2, 1)
    assert kpis.on_time_target == 90.0  # one delivery under each target
    assert kpis.defect_allowed == pytest.approx(2.0 + 0.5)  # 100 × 2 % + 100 × 0.5 %
    assert kpis.defect_ceiling_pct == pytest.approx(1.25)
    assert kpis.defect_pct == 1.0
    assert "lead time" in kpis.breaches()
    assert "defects" not in kpis.breaches()  # 2 defective of 2.5 allowed
    assert (kpis.lead_bound_days, kpis.lead_percentile) == (8, 90)  # the newest version's terms are shown


def test_deliveries_without_an_sla_are_counted_but_not_judged(db: Database) -> None:
    """Draft SLAs are not in force: rates exist, targets do not, nothing breaches."""
    pid = add_partner(db)
    add_sla(db, pid, status="draft")
    deliver(db, add_line(db, pid, sent_on=D(2026, 7, 1)), "A", D(2026, 7, 30), defective=50)
    kpis = KpiService(db).for_partner(pid, Q3.start, Q3.end)
    assert kpis.deliveries == 1 and kpis.promised == 0 and kpis.on_time_pct is None
    assert kpis.defect_pct == 50.0 and kpis.defect_ceiling_pct is None
    assert kpis.breaches() == []


def test_partial_deliveries_each_count_and_over_delivery_warns(db: Database) -> None:
    """Two partial deliveries of one line are two deliveries; receiving more than ordered gives a warning."""
    pid = add_partner(db)
    add_sla(db, pid)
    line = add_line(db, pid, sent_on=D(2026, 7, 1), quantity=100)
    assert deliver(db, line, "P1", D(2026, 7, 9), qty=60, defective=3) == []
    warnings = deliver(db, line, "P2", D(2026, 7, 15), qty=50, defective=0)
    assert warnings and "110 received in all, 100 ordered" in warnings[0]
    kpis = KpiService(db).for_partner(pid, Q3.start, Q3.end)
    assert (kpis.deliveries, kpis.on_time, kpis.qty_received, kpis.qty_defective) == (2, 1, 110, 3)
    assert kpis.lead_median == 11.0 and kpis.lead_quantile(90) == pytest.approx(13.4)  # interpolated


def test_recording_the_same_reference_again_updates_it(db: Database) -> None:
    """The partner's delivery reference identifies a delivery: recording it again replaces its figures."""
    pid = add_partner(db)
    line = add_line(db, pid, sent_on=D(2026, 7, 1))
    deliver(db, line, "R1", D(2026, 7, 9), qty=10)
    deliver(db, line, "R1", D(2026, 7, 10), qty=20)
    kpis = KpiService(db).for_partner(pid, Q3.start, Q3.end)
    assert (kpis.deliveries, kpis.qty_received, kpis.lead_counts) == (1, 20, {9: 1})


def test_all_partners_in_one_call(db: Database) -> None:
    """compute() returns every partner with data, keyed by id, and leaves out partners without."""
    first, second, idle = add_partner(db, "A"), add_partner(db, "B"), add_partner(db, "C")
    deliver(db, add_line(db, first, sent_on=D(2026, 7, 1)), "X", D(2026, 7, 5))
    deliver(db, add_line(db, second, sent_on=D(2026, 7, 1)), "X", D(2026, 7, 6))
    found = KpiService(db).compute(Q3.start, Q3.end)
    assert set(found) == {first, second} and idle not in found
    assert dt.date(2026, 7, 5) >= Q3.start


def test_a_delivery_received_before_the_order_was_sent_is_refused(db: Database) -> None:
    """Lead times cannot be negative: the received date is named as the problem and nothing is written."""
    pid = add_partner(db)
    line = add_line(db, pid, sent_on=D(2026, 7, 10))
    with pytest.raises(ValidationFailed) as err:
        deliver(db, line, "EARLY", D(2026, 7, 1))
    assert err.value.errors[0].field == "received_on"
    assert KpiService(db).for_partner(pid, Q3.start, Q3.end).deliveries == 0
