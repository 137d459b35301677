"""Issue 12: on time against the promised arrival, thin evidence, critical quality caps, one percentile definition."""

from __future__ import annotations

import random
import statistics
from collections import Counter

import pytest

from microfactory_desk import clock
from microfactory_desk.db import Database
from microfactory_desk.errors import ValidationFailed
from microfactory_desk.schemas.periods import parse_period
from microfactory_desk.schemas.scorecard import DEFAULT_SCORING, Criterion, Kpis, Standing
from microfactory_desk.schemas.stats import percentile
from microfactory_desk.schemas.telemetry import DeliveryIn
from microfactory_desk.services.dashboard.service import DashboardService
from microfactory_desk.services.scorecards.scoring import score_kpis
from microfactory_desk.services.telemetry.kpis import KpiService
from microfactory_desk.wiring import Services
from tests.services.numbers_fixtures import D, action, confirm, critical_inspection, line_ids, sent_order
from tests.services.telemetry_fixtures import add_line, add_partner, add_sla, deliver

Q3, Q4 = parse_period("2026-Q3"), parse_period("2026-Q4")


def _issue_partner(db: Database) -> int:
    """DE-BER-001 with an agreed SLA: lead 10 d, 90 % within 14 d, on time 95 %."""
    pid = add_partner(db, "DE-BER-001", "Kiez Kunststoff Werkstatt GmbH")
    add_sla(db, pid, valid_from=D(2026, 1, 1), target_days=10, bound_days=14, percentile=90, on_time="95")
    return pid


def _record(db: Database, line_id: int, ref: str, shipped: D, received: D, qty: int) -> None:
    data = DeliveryIn(reference=ref, shipped_on=shipped, received_on=received, qty_received=qty)
    Services(db).telemetry.record_delivery(order_line_id=line_id, delivery=data)


def test_issue_scenario_is_half_on_time_against_the_promised_arrival(db: Database) -> None:
    """Ship date 12-08 by courier (2 days) promises arrival 12-10: received 12-09 is on time, 12-17 late: 50 %."""
    with clock.frozen(D(2026, 12, 20)):
        pid = _issue_partner(db)
        order_id = sent_order(db, pid, number="PO-2026-0001", sent_on=D(2026, 12, 1), requested_on=D(2026, 12, 10))
        confirm(db, order_id, [(120, D(2026, 12, 8), "OK, shipping by DHL Express")], on=D(2026, 12, 2))
        (line,) = line_ids(db, order_id)
        _record(db, line, "LS-4471", D(2026, 12, 8), D(2026, 12, 9), 60)
        _record(db, line, "LS-4480", D(2026, 12, 15), D(2026, 12, 17), 60)
        kpis = KpiService(db).for_partner(pid, Q4.start, Q4.end, today=D(2026, 12, 20))
        card = Services(db).scorecards.scorecard("DE-BER-001", Q4, today=D(2026, 12, 20))
        deliveries = Services(db).telemetry.order_deliveries(order_id)
    assert (kpis.promised, kpis.on_time, kpis.on_time_pct) == (2, 1, 50.0)
    assert [(d.requested_on, d.promised_on, d.received_on, d.on_time) for d in deliveries] == [
        (D(2026, 12, 10), D(2026, 12, 10), D(2026, 12, 9), True),
        (D(2026, 12, 10), D(2026, 12, 10), D(2026, 12, 17), False),
    ]
    assert kpis.lead_median == 12.0  # 8 and 16 days from sending: interpolated, not the lower of the two
    delivery = {c.criterion: c for c in card.result.criteria}[Criterion.DELIVERY]
    assert delivery.result is None and "Too little data (2 deliveries; at least 3)" in delivery.formula
    assert card.result.standing is None  # two deliveries and nothing else: no standing, never Exit nor Strategic


def test_without_confirmation_the_promise_is_sent_plus_the_sla_lead_target(db: Database) -> None:
    """An unconfirmed order promises arrival on sent date + lead-time target (10 days) of the SLA in force."""
    pid = _issue_partner(db)
    order_id = sent_order(db, pid, number="PO-2026-0002", sent_on=D(2026, 11, 2), requested_on=D(2026, 11, 20))
    (line,) = line_ids(db, order_id)
    _record(db, line, "LS-1", D(2026, 11, 10), D(2026, 11, 12), 120)
    (saved,) = Services(db).telemetry.order_deliveries(order_id)
    assert saved.promised_on == D(2026, 11, 12) and saved.on_time is True


def test_a_late_confirmation_re_judges_earlier_deliveries_with_the_transit_of_its_mode(db: Database) -> None:
    """Deliveries recorded before the confirmation take its promise; freight's allowance is a setting (5 → 3 days)."""
    pid = _issue_partner(db)
    services = Services(db)
    assert services.telemetry.transit().days("freight") == 5 and services.telemetry.transit().days("pickup") == 0
    services.telemetry.save_transit({**services.telemetry.transit().model_dump(), "freight": 3})
    order_id = sent_order(
        db, pid, number="PO-2026-0003", sent_on=D(2026, 11, 2), requested_on=D(2026, 11, 20), shipping_mode="freight"
    )
    (line,) = line_ids(db, order_id)
    _record(db, line, "FR-1", D(2026, 11, 9), D(2026, 11, 13), 50)
    assert services.telemetry.order_deliveries(order_id)[0].promised_on == D(2026, 11, 12)  # sent + 10
    confirm(db, order_id, [(120, D(2026, 11, 10), "")], on=D(2026, 11, 3))
    assert services.telemetry.order_deliveries(order_id)[0].promised_on == D(2026, 11, 13)  # ship + 3
    assert services.orders.get_order(order_id).lines[0].promised_on == D(2026, 11, 13)
    with pytest.raises(ValidationFailed) as err:
        services.telemetry.save_transit({"courier": -1})
    assert err.value.errors[0].field == "courier"


def test_received_in_the_future_or_before_sending_is_refused_naming_the_field(db: Database) -> None:
    """Today is 2026-11-30: a receipt on 12-17 names received_on; one before the order was sent too."""
    pid = _issue_partner(db)
    order_id = sent_order(db, pid, number="PO-2026-0004", sent_on=D(2026, 11, 2), requested_on=D(2026, 11, 20))
    (line,) = line_ids(db, order_id)
    for received in (D(2026, 12, 17), D(2026, 11, 1)):
        with pytest.raises(ValidationFailed) as err:
            _record(db, line, "BAD", D(2026, 11, 1), received, 10)
        assert err.value.errors[0].field == "received_on"
    assert Services(db).telemetry.order_deliveries(order_id) == []


def _three_good_deliveries(db: Database, pid: int) -> None:
    for n in range(3):
        deliver(db, add_line(db, pid, sent_on=D(2026, 10, 1 + n)), f"OK-{pid}-{n}", D(2026, 10, 8 + n))


def test_failed_critical_inspection_and_overdue_critical_action_cap_the_standing(db: Database) -> None:
    """A partner scoring Strategic with a failed critical item and an overdue critical action stands at Watch."""
    pid = add_partner(db, "CN-SZX-010", "Shenzhen Sample Works")
    add_sla(db, pid)
    _three_good_deliveries(db, pid)
    critical_inspection(db, pid, D(2026, 11, 3), number="INS-2026-0001", fail_critical=True, score="95")
    action(db, pid, number="CA-2026-0001", due=D(2026, 11, 20))
    result = score_kpis(KpiService(db).for_partner(pid, Q4.start, Q4.end, today=D(2026, 11, 30)), DEFAULT_SCORING)
    assert result.score is not None and result.score >= DEFAULT_SCORING.strategic  # the average alone is Strategic
    assert result.standing is Standing.WATCH and result.capped and result.standing_text == "Watch (capped)"
    reasons = [b for b in result.breaches if b.startswith("critical")]
    assert reasons == [
        "critical inspection failed: INS-2026-0001 on 2026-11-03 (“Seam strength (N)”)",
        "critical action overdue: CA-2026-0001 due 2026-11-20 (Seams tear under load)",
    ]
    assert "Standing capped at Watch" in result.explanation


def test_the_cap_is_a_setting_and_spares_non_critical_failures(db: Database) -> None:
    """Only critical findings cap; the cap itself can be set (Exit), and an Exit score is never raised by it."""
    clean, caught = add_partner(db, "CLEAN"), add_partner(db, "CAUGHT")
    for pid in (clean, caught):
        add_sla(db, pid)
        _three_good_deliveries(db, pid)
    critical_inspection(db, clean, D(2026, 11, 3), number="INS-2026-0002", fail_critical=False, score="60")
    action(db, clean, number="CA-2026-0002", due=D(2026, 11, 20), severity="high")
    action(db, clean, number="CA-2026-0003", due=D(2026, 11, 2), status="closed", closed_on=D(2026, 11, 1))
    critical_inspection(db, caught, D(2026, 11, 4), number="INS-2026-0003", fail_critical=True)
    kpis = KpiService(db).compute(Q4.start, Q4.end, today=D(2026, 11, 30))
    assert kpis[clean].critical_breaches == [] and not score_kpis(kpis[clean], DEFAULT_SCORING).capped
    strict = DEFAULT_SCORING.model_copy(update={"critical_cap": Standing.EXIT})
    assert score_kpis(kpis[caught], strict).standing is Standing.EXIT


def test_no_or_thin_evidence_is_never_strategic_100(db: Database) -> None:
    """One on-time delivery gives no score; with a perfect inspection it is provisional; three give a full score."""
    pid = add_partner(db)
    add_sla(db, pid)
    deliver(db, add_line(db, pid, sent_on=D(2026, 10, 1)), "ONE", D(2026, 10, 8))
    one = score_kpis(KpiService(db).for_partner(pid, Q4.start, Q4.end), DEFAULT_SCORING)
    assert one.score is None and one.standing is None and one.standing_text == "No data"
    kpis = KpiService(db).for_partner(pid, Q4.start, Q4.end)
    kpis.inspection_scored, kpis.inspection_avg = 1, 100.0
    thin = score_kpis(kpis, DEFAULT_SCORING)
    by = {c.criterion: c for c in thin.criteria}
    assert by[Criterion.DELIVERY].formula.startswith("Too little data (1 delivery; at least 3)")
    assert by[Criterion.LEAD_TIME].result is None and thin.provisional
    assert thin.standing_text == "Strategic (provisional)" and "Provisional" in thin.explanation
    for n in range(2):
        deliver(db, add_line(db, pid, sent_on=D(2026, 10, 2 + n)), f"MORE-{n}", D(2026, 10, 9 + n))
    full = score_kpis(KpiService(db).for_partner(pid, Q4.start, Q4.end), DEFAULT_SCORING)
    assert full.score == 100.0 and not full.provisional
    assert score_kpis(Kpis(pid), DEFAULT_SCORING).score is None  # nothing at all: no score


@pytest.mark.parametrize(
    ("values", "median", "p90"),
    [
        ([9, 17], 13.0, 16.2),  # even count: halfway
        ([9, 13, 17], 13.0, 16.2),  # odd count: the middle value
        ([9, 9, 17], 9.0, 15.4),  # ties
        ([4, 9, 9, 9, 17, 30], 9.0, 23.5),
        ([11], 11.0, 11.0),
    ],
)
def test_median_and_percentiles_follow_one_definition(values: list[int], median: float, p90: float) -> None:
    """Linear interpolation between closest ranks, as Excel PERCENTILE.INC: median of 9 and 17 is 13."""
    counts = Counter(values)
    assert percentile(counts, 50) == pytest.approx(median)
    assert percentile(counts, 90) == pytest.approx(p90)
    kpis = Kpis(1, lead_counts=dict(counts))
    assert kpis.lead_median == pytest.approx(median) and kpis.lead_quantile(90) == pytest.approx(p90)


def test_percentiles_match_pythons_inclusive_quantiles() -> None:
    """On 500 random samples the histogram percentile equals statistics.quantiles(method="inclusive")."""
    rng = random.Random(12)
    for _ in range(500):
        data = [rng.randint(1, 40) for _ in range(rng.randint(2, 25))]
        expected = statistics.quantiles(data, n=100, method="inclusive")
        for pct in (10, 50, 90):
            assert percentile(Counter(data), pct) == pytest.approx(expected[pct - 1])


def test_median_of_9_and_17_days_shows_13_on_the_scorecard(db: Database) -> None:
    """Two deliveries of 9 and 17 days: the scorecard line reads 13 days and names the definition."""
    pid = add_partner(db)
    add_sla(db, pid)
    deliver(db, add_line(db, pid, sent_on=D(2026, 7, 1)), "A", D(2026, 7, 10))
    deliver(db, add_line(db, pid, sent_on=D(2026, 7, 1)), "B", D(2026, 7, 18))
    code = "MF-1"
    card = Services(db).scorecards.scorecard(code, Q3, today=D(2026, 11, 1))
    assert {line.name: line.value for line in card.kpi_lines}["Median lead time"] == "13 days"
    lead = {c.criterion: c for c in card.result.criteria}[Criterion.LEAD_TIME]
    assert dict(lead.inputs)["How medians and percentiles are taken"].startswith("median and percentiles by linear")


def test_late_orders_card_counts_outstanding_quantities_only(db: Database) -> None:
    """Ten days after the request, a fully delivered order is not late; one with units outstanding is."""
    with clock.frozen(D(2026, 12, 20)):
        pid = _issue_partner(db)
        full = sent_order(db, pid, number="PO-2026-0011", sent_on=D(2026, 12, 1), requested_on=D(2026, 12, 10))
        part = sent_order(db, pid, number="PO-2026-0012", sent_on=D(2026, 12, 1), requested_on=D(2026, 12, 10))
        declined = sent_order(
            db, pid, number="PO-2026-0013", sent_on=D(2026, 12, 1), requested_on=D(2026, 12, 10), quantities=(50, 30)
        )
        confirm(db, declined, [(50, D(2026, 12, 8), ""), (0, None, "cannot make")], on=D(2026, 12, 2))
        _record(db, line_ids(db, full)[0], "F-1", D(2026, 12, 8), D(2026, 12, 9), 120)
        _record(db, line_ids(db, part)[0], "P-1", D(2026, 12, 8), D(2026, 12, 9), 100)
        _record(db, line_ids(db, declined)[0], "D-1", D(2026, 12, 8), D(2026, 12, 9), 50)
        card = DashboardService(db).load(D(2026, 12, 20)).card("orders_late")
    assert [i.target_id for i in card.items] == [part]
