"""From KPIs to a score: each criterion's inputs, formula, result and contribution; no data is left out."""

from __future__ import annotations

from microfactory_desk.schemas.scorecard import (
    CRITERION_LABELS,
    Criterion,
    CriterionResult,
    Kpis,
    ScoreResult,
    ScoringSettings,
    Standing,
    Trend,
)
from microfactory_desk.schemas.stats import DEFINITION

# A change of less than one point is shown as flat: smaller moves are noise from a delivery or two.
FLAT_WITHIN = 1.0


def pct(value: float | None, digits: int = 1) -> str:
    """A percentage for people; "no data" when there is none."""
    return "no data" if value is None else f"{value:.{digits}f} %"


def _capped_ratio(actual: float, target: float) -> float:
    """Meeting the target scores 100; below it, the score falls in proportion."""
    return 100.0 if target <= 0 else min(100.0, 100.0 * actual / target)


Rule = tuple[tuple[tuple[str, str], ...], str, float | None]


def too_little(k: Kpis, minimum: int) -> str | None:
    """The "too little data" reason when the period has some deliveries but fewer than `minimum`; else None."""
    if 0 < k.deliveries < minimum:
        return f"too little data ({k.deliveries} deliver{'y' if k.deliveries == 1 else 'ies'}; at least {minimum})"
    return None


def _delivery(k: Kpis) -> Rule:
    inputs = (
        ("Deliveries received", str(k.deliveries)),
        ("With a promised arrival", str(k.promised)),
        ("Arrived on or before the promised arrival", str(k.on_time)),
        ("On-time rate", pct(k.on_time_pct)),
        ("SLA on-time target", pct(k.on_time_target)),
    )
    if k.on_time_pct is None:
        return inputs, "No delivery with a promised date was received: no data.", None
    if k.on_time_target is None:
        return inputs, f"No SLA target in force: the on-time rate itself, {k.on_time_pct:.1f}.", k.on_time_pct
    result = _capped_ratio(k.on_time_pct, k.on_time_target)
    formula = f"min(100, on-time rate ÷ target × 100) = min(100, {k.on_time_pct:.1f} ÷ {k.on_time_target:.1f} × 100)"
    return inputs, f"{formula} = {result:.1f}", result


def _lead_time(k: Kpis) -> Rule:
    bound = f"{k.lead_percentile} % within {k.lead_bound_days} days" if k.lead_bound_days is not None else "none"
    inputs = (
        ("Deliveries with a lead time", str(k.lead_samples)),
        ("Median lead time", "no data" if k.lead_median is None else f"{k.lead_median:g} days"),
        ("How medians and percentiles are taken", DEFINITION),
        ("SLA variability bound", bound),
        ("Judged against a bound", str(k.lead_judged)),
        ("Within the bound", f"{k.lead_within} ({pct(k.lead_within_pct)})"),
    )
    within, required = k.lead_within_pct, k.lead_required_pct
    if within is None or required is None:
        return inputs, "No lead time judged against an SLA bound: no data.", None
    result = _capped_ratio(within, required)
    formula = f"min(100, share within bound ÷ required share × 100) = min(100, {within:.1f} ÷ {required:.1f} × 100)"
    return inputs, f"{formula} = {result:.1f}", result


def _quality(k: Kpis, thin: str | None = None) -> Rule:
    inputs: tuple[tuple[str, str], ...] = (
        ("Quantity received", str(k.qty_received)),
        ("Defective", str(k.qty_defective)),
        ("Defect rate", pct(k.defect_pct, 2)),
        ("SLA defect ceiling", pct(k.defect_ceiling_pct, 2)),
        ("Inspections scored", str(k.inspection_scored)),
        ("Average inspection score", pct(k.inspection_avg)),
    )
    parts: list[tuple[str, float]] = []
    rate, ceiling = k.judged_defect_pct, k.defect_ceiling_pct
    if thin is not None and rate is not None:
        inputs += (("Defect rate left out", thin),)
    elif rate is not None and ceiling is not None:
        defect_part = 100.0 if rate <= ceiling else (0.0 if rate <= 0 else 100.0 * ceiling / rate)
        parts.append((f"defects {defect_part:.1f} (100 within the ceiling, else ceiling ÷ rate × 100)", defect_part))
    if k.inspection_avg is not None:
        parts.append((f"inspections {k.inspection_avg:.1f}", k.inspection_avg))
    if not parts:
        return inputs, "No defect rate against a ceiling and no scored inspection: no data.", None
    result = sum(value for _, value in parts) / len(parts)
    shown = " and ".join(text for text, _ in parts)
    formula = f"average of {shown} = {result:.1f}" if len(parts) > 1 else f"{shown} = {result:.1f}"
    return inputs, formula, result


def _actions(k: Kpis) -> Rule:
    inputs = (
        ("Due in the period", str(k.actions_due)),
        ("Closed by the due date", str(k.actions_on_time)),
        ("Closed late", str(k.actions_late)),
        ("Still open, overdue", str(k.actions_overdue)),
    )
    if not k.actions_due:
        return inputs, "No corrective action fell due: no data.", None
    result = 100.0 * k.actions_on_time / k.actions_due
    return inputs, f"closed on time ÷ due × 100 = {k.actions_on_time} ÷ {k.actions_due} × 100 = {result:.1f}", result


# The criteria that rest on deliveries alone: left out below the evidence minimum.
_DELIVERY_RULES = {Criterion.DELIVERY: _delivery, Criterion.LEAD_TIME: _lead_time}
_DELIVERY_BREACHES = ("on-time", "lead time", "defects")
_BEST_FIRST = (Standing.STRATEGIC, Standing.APPROVED, Standing.WATCH, Standing.EXIT)


def _rules(k: Kpis, thin: str | None) -> dict[Criterion, Rule]:
    raw = {}
    for criterion, rule in _DELIVERY_RULES.items():
        inputs, formula, result = rule(k)
        if thin is not None:
            formula, result = f"{thin[0].upper()}{thin[1:]}: left out, like no data.", None
        raw[criterion] = (inputs, formula, result)
    raw[Criterion.QUALITY] = _quality(k, thin)
    raw[Criterion.ACTIONS] = _actions(k)
    return raw


def capped_standing(standing: Standing | None, cap: Standing) -> Standing | None:
    """The standing no better than `cap` (None stays None)."""
    if standing is None:
        return None
    return max(standing, cap, key=_BEST_FIRST.index)


def standing_for(score: float | None, settings: ScoringSettings) -> Standing | None:
    """The band a score falls in; None without a score."""
    if score is None:
        return None
    if score >= settings.strategic:
        return Standing.STRATEGIC
    if score >= settings.approved:
        return Standing.APPROVED
    if score >= settings.watch:
        return Standing.WATCH
    return Standing.EXIT


def trend_of(score: float | None, previous: float | None) -> Trend | None:
    """Up, down or flat against the previous period; None when either has no score."""
    if score is None or previous is None:
        return None
    if abs(score - previous) < FLAT_WITHIN:
        return Trend.FLAT
    return Trend.UP if score > previous else Trend.DOWN


def score_kpis(kpis: Kpis, settings: ScoringSettings) -> ScoreResult:
    """The weighted score: criteria without data are left out and the other weights scaled up to 100.

    Below `settings.min_deliveries` deliveries the delivery criteria (and the defect part of quality) are left
    out and the result is provisional; a failed critical inspection or overdue critical action caps the standing
    at `settings.critical_cap` and is listed among the breaches with its reason.
    """
    thin = too_little(kpis, settings.min_deliveries)
    raw = _rules(kpis, thin)
    used = sum(settings.weight(c) for c, (_, _, result) in raw.items() if result is not None)
    criteria = []
    total = 0.0
    for criterion, (inputs, formula, result) in raw.items():
        weight = settings.weight(criterion)
        effective = 100.0 * weight / used if result is not None and used else None
        contribution = effective * result / 100 if effective is not None and result is not None else None
        total += contribution or 0.0
        label = CRITERION_LABELS[criterion]
        criteria.append(CriterionResult(criterion, label, weight, effective, inputs, formula, result, contribution))
    score = round(total, 2) if used else None
    has_data = [c for c in criteria if c.result is not None]
    reweighted = bool(used) and len(has_data) < len(criteria) and used != 100
    breaches = [b for b in kpis.breaches() if thin is None or b not in _DELIVERY_BREACHES]
    breaches += kpis.critical_breaches
    banded = standing_for(score, settings)
    standing = capped_standing(banded, settings.critical_cap) if kpis.critical_breaches else banded
    return ScoreResult(
        score,
        standing,
        tuple(criteria),
        reweighted,
        tuple(breaches),
        provisional=score is not None and kpis.deliveries < settings.min_deliveries,
        capped=standing != banded,
    )
