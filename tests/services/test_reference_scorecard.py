"""The independent check: a reference partner worked out by hand in tests/fixtures/reference_scorecard.xlsx.

The spreadsheet holds the inputs (two SLA versions changing on 2026-08-16, twelve deliveries early, on the
promise, late, partial and defective, one confirmed order with a transit allowance, a failed critical
inspection, an overdue critical action) and every KPI, criterion, the score and the standing as formulas.
LibreOffice recalculates it in a temporary folder, so the cached values compared here are real.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from microfactory_desk.db import Database
from microfactory_desk.schemas.periods import parse_period
from microfactory_desk.schemas.scorecard import Criterion, PartnerScorecard
from microfactory_desk.schemas.telemetry import DeliveryIn
from microfactory_desk.wiring import Services
from tests.services.numbers_fixtures import action, confirm, critical_inspection, line_ids, sent_order
from tests.services.telemetry_fixtures import add_partner, add_sla

FIXTURE = Path(__file__).parents[1] / "fixtures" / "reference_scorecard.xlsx"
Q3 = parse_period("2026-Q3")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _day(value: Any) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else value


@pytest.fixture(scope="module")
def sheet(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The reference workbook as LibreOffice recalculated it (values, not formulas)."""
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed (CI installs libreoffice-calc-nogui)")
    work = tmp_path_factory.mktemp("reference")
    source = work / "in" / FIXTURE.name
    source.parent.mkdir()
    shutil.copy(FIXTURE, source)
    profile = (work / "profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx", "--outdir",
         str(work / "out"), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return load_workbook(work / "out" / FIXTURE.name, data_only=True)


def _build(db: Database, sheet: Any) -> None:
    """Load the spreadsheet's inputs into the app through its services."""
    pid = add_partner(db, "REF-001", "Reference Works")
    for number, start, until, target, bound, pct, on_time, ceiling in sheet["SLA"].iter_rows(
        min_row=2, max_row=3, values_only=True
    ):
        add_sla(
            db, pid, number=number, valid_from=_day(start), valid_until=_day(until), target_days=target,
            bound_days=bound, percentile=pct, on_time=str(on_time), ceiling=str(ceiling),
        )  # fmt: skip
    deliveries: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in sheet["Deliveries"].iter_rows(min_row=2, values_only=True):
        if row[0]:
            deliveries[row[1]].append(row)
    services = Services(db)
    for order, rows in deliveries.items():
        sent, ship = _day(rows[0][2]), _day(rows[0][3])
        assert sent is not None
        order_id = sent_order(
            db, pid, number=order, sent_on=sent, requested_on=sent + dt.timedelta(days=14),
            quantities=(sum(r[6] for r in rows),),
        )  # fmt: skip
        if ship is not None:
            confirm(db, order_id, [(sum(r[6] for r in rows), ship, "")], on=sent)
        (line,) = line_ids(db, order_id)
        for ref, _order, _sent, _ship, _mode, received, qty, bad, *_ in rows:
            data = DeliveryIn(reference=ref, received_on=_day(received), qty_received=qty, qty_defective=bad)
            services.telemetry.record_delivery(order_line_id=line, delivery=data)
    quality = list(sheet["Quality"].iter_rows(values_only=True))
    for number, day, score, critical, *_ in quality[1:3]:
        critical_inspection(
            db, pid, _day(day), number=number, fail_critical=bool(critical), score=str(score),  # type: ignore[arg-type]
            outcome="failed" if critical else "passed",
        )  # fmt: skip
    for number, severity, due, status, closed, *_ in quality[5:8]:
        action(db, pid, number=number, due=_day(due), severity=severity, status=status, closed_on=_day(closed))


@pytest.fixture
def card(db: Database, sheet: Any) -> PartnerScorecard:
    """The reference partner's Q3 scorecard as the app computes it."""
    _build(db, sheet)
    today = _day(sheet["SLA"]["B8"].value)
    return Services(db).scorecards.scorecard("REF-001", Q3, audience="internal", today=today)


def _expected(sheet: Any) -> dict[str, Any]:
    return {name: value for name, value in sheet["Score"].iter_rows(min_row=2, values_only=True)}


def test_every_figure_matches_the_spreadsheet(card: PartnerScorecard, sheet: Any) -> None:
    """KPIs, the four criteria, score, band, standing, breaches and provisional agree with LibreOffice's values."""
    want, k, result = _expected(sheet), card.kpis, card.result
    by = {c.criterion: c.result for c in result.criteria}
    got = {
        "Deliveries": k.deliveries, "With a promised arrival": k.promised, "On time": k.on_time,
        "On-time rate (%)": k.on_time_pct, "On-time target (%)": k.on_time_target,
        "Delivery criterion": by[Criterion.DELIVERY], "Median lead time (days)": k.lead_median,
        "Lead time p90 (days)": k.lead_quantile(90), "Lead time p10 (days)": k.lead_quantile(10),
        "Within bound": k.lead_within, "Within bound (%)": k.lead_within_pct,
        "Required share (%)": k.lead_required_pct, "Lead-time criterion": by[Criterion.LEAD_TIME],
        "Quantity received": k.qty_received, "Defective": k.qty_defective, "Defect rate (%)": k.defect_pct,
        "Defect ceiling (%)": k.defect_ceiling_pct, "Inspection average (%)": k.inspection_avg,
        "Quality criterion": by[Criterion.QUALITY], "Actions due": k.actions_due,
        "Actions closed on time": k.actions_on_time, "Actions criterion": by[Criterion.ACTIONS],
        "Score": result.score, "Band": "approved" if result.capped else result.standing,
        "Critical findings": len(k.critical_breaches), "Standing": result.standing,
        "Breaches": len(result.breaches), "Provisional": "yes" if result.provisional else "no",
    }  # fmt: skip
    mismatches = []
    for name, expected in want.items():
        if name == "Defect part":
            continue  # inside the quality criterion, compared through it
        value = got[name]
        if isinstance(expected, int | float) and not isinstance(expected, bool):
            tolerance = 0.005 if name == "Score" else 1e-9  # the app keeps the score to 2 decimals
            ok = value is not None and abs(float(value) - float(expected)) <= tolerance
        else:
            ok = str(value) == str(expected)
        if not ok:
            mismatches.append(f"{name}: app {value!r}, spreadsheet {expected!r}")
    assert mismatches == [], "\n".join(mismatches)
    assert len(want) == 29  # every figure of the Score sheet was compared (the defect part through quality)


def test_each_delivery_is_judged_against_the_spreadsheets_promise(card: PartnerScorecard, sheet: Any) -> None:
    """Promised arrival, on time and lead days of each of the 12 deliveries equal the spreadsheet's columns."""
    rows = [r for r in sheet["Deliveries"].iter_rows(min_row=2, values_only=True) if r[0]]
    want = [(r[0], _day(r[10]), bool(r[11]), r[12]) for r in rows]
    got = [(d.reference, d.promised_on, d.on_time, d.lead_days) for d in card.deliveries]
    assert got == want
    assert card.deliveries[0].promise_basis == "ship date 2026-07-10 + 2 days transit (courier)"
    assert card.deliveries[2].promise_basis.startswith("sent 2026-07-05 + 10 days SLA lead-time target")
    assert sum(Decimal(d.qty_received) for d in card.deliveries) == 890
