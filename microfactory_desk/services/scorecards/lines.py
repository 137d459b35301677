"""KPIs worded for a scorecard table: value, SLA target and met / breached / no data."""

from __future__ import annotations

from microfactory_desk.schemas.scorecard import KpiLine, Kpis
from microfactory_desk.services.scorecards.scoring import pct

MET, BREACHED, NO_DATA, INFO = "met", "breached", "no data", "info"
TOO_LITTLE = "too little data"


def _days(value: float | None) -> str:
    """Days with at most one decimal (interpolated percentiles can fall between two days)."""
    return "no data" if value is None else f"{value:.1f}".removesuffix(".0") + " days"


def _judged(value: float | None, target: float | None, ok: bool) -> str:
    if value is None:
        return NO_DATA
    if target is None:
        return INFO
    return MET if ok else BREACHED


def kpi_lines(k: Kpis, min_deliveries: int = 1) -> tuple[KpiLine, ...]:
    """The KPI table of a scorecard; with fewer than `min_deliveries` deliveries the delivery KPIs are shown
    but judged "too little data", as the score leaves them out."""
    lines = _lines(k)
    if 0 < k.deliveries < min_deliveries:
        judged = ("On-time rate", "Lead time p", "Defect rate")
        return tuple(
            KpiLine(x.name, x.value, x.target, TOO_LITTLE) if x.name.startswith(judged) and x.status != NO_DATA else x
            for x in lines
        )
    return lines


def _lines(k: Kpis) -> tuple[KpiLine, ...]:
    on_time, target = k.on_time_pct, k.on_time_target
    lines = [
        KpiLine(
            "Deliveries received", str(k.deliveries) if k.deliveries else "none", "", INFO if k.deliveries else NO_DATA
        ),
        KpiLine(
            "On-time rate",
            pct(on_time) + (f" ({k.on_time} of {k.promised})" if k.promised else ""),
            f"≥ {target:.1f} %" if target is not None else "no SLA target",
            _judged(on_time, target, on_time is not None and target is not None and on_time >= target),
        ),
        KpiLine("Median lead time", _days(k.lead_median), "", INFO if k.lead_median is not None else NO_DATA),
    ]
    within, required = k.lead_within_pct, k.lead_required_pct
    percentile = k.lead_percentile or 90
    bound = f"≤ {k.lead_bound_days} days" if k.lead_bound_days is not None else "no SLA bound"
    lines.append(
        KpiLine(
            f"Lead time p{percentile}",
            _days(k.lead_quantile(percentile)) + (f" ({within:.0f} % within bound)" if within is not None else ""),
            bound,
            _judged(k.lead_quantile(percentile), required, within is not None and within >= (required or 0)),
        )
    )
    lines.append(
        KpiLine("Lead-time spread (p10–p90)", _days(k.lead_spread), "", INFO if k.lead_spread is not None else NO_DATA)
    )
    ceiling, rate = k.defect_ceiling_pct, k.defect_pct
    defect_text = "no data" if rate is None else f"{rate:.2f} % ({k.defect_ppm:,.0f} ppm)"
    lines.append(
        KpiLine(
            "Defect rate",
            defect_text,
            f"≤ {ceiling:.2f} %" if ceiling is not None else "no SLA ceiling",
            _judged(rate, ceiling, k.defect_judged_defective <= k.defect_allowed + 1e-9),
        )
    )
    inspections = "none"
    if k.inspections:
        inspections = f"{k.inspections}, average {pct(k.inspection_avg)}, {k.inspections_failed} failed"
    lines.append(KpiLine("Inspections", inspections, "", INFO if k.inspections else NO_DATA))
    actions = "none due"
    if k.actions_due:
        actions = (
            f"{k.actions_due} due: {k.actions_on_time} on time, {k.actions_late} late, {k.actions_overdue} overdue"
        )
    lines.append(KpiLine("Corrective actions", actions, "", INFO if k.actions_due else NO_DATA))
    return tuple(lines)
