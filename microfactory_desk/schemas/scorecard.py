"""Scorecard data: scoring settings (weights, bands), KPIs per partner and period, explained scores."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from pydantic import BaseModel, Field, model_validator

from microfactory_desk.schemas.stats import percentile
from microfactory_desk.schemas.telemetry import JudgedDelivery


class Criterion(StrEnum):
    """The scored criteria, in the order they are shown."""

    DELIVERY = "delivery"
    LEAD_TIME = "lead_time"
    QUALITY = "quality"
    ACTIONS = "actions"


CRITERION_LABELS = {
    Criterion.DELIVERY: "On-time delivery",
    Criterion.LEAD_TIME: "Lead-time reliability",
    Criterion.QUALITY: "Quality",
    Criterion.ACTIONS: "Corrective actions",
}


class Standing(StrEnum):
    """A partner's standing from its score; None when there is no data."""

    STRATEGIC = "strategic"
    APPROVED = "approved"
    WATCH = "watch"
    EXIT = "exit"


Weight = Field(ge=0, le=100)
Bound = Field(ge=0, le=100)


class ScoringSettings(BaseModel):
    """Weights of the criteria (must add up to 100) and the lowest score of each standing band."""

    delivery: int = Weight
    lead_time: int = Weight
    quality: int = Weight
    actions: int = Weight
    strategic: float = Bound
    approved: float = Bound
    watch: float = Bound
    # Fewer deliveries than this in a period: the delivery criteria read "too little data" and the standing is
    # provisional. Three is the least that separates one late delivery from a habit.
    min_deliveries: int = Field(3, ge=1, le=1000)
    # The best standing a partner can have with a failed critical inspection or an overdue critical action.
    critical_cap: Standing = Standing.WATCH

    @model_validator(mode="after")
    def _consistent(self) -> ScoringSettings:
        total = self.delivery + self.lead_time + self.quality + self.actions
        if total != 100:
            raise ValueError(f"weights: the weights add up to {total}, they must add up to 100")
        if not self.strategic > self.approved > self.watch:
            raise ValueError("bands: each band must start above the next (strategic > approved > watch)")
        return self

    def weight(self, criterion: Criterion) -> int:
        """The weight of one criterion."""
        return int(getattr(self, criterion.value))


DEFAULT_SCORING = ScoringSettings(
    delivery=35, lead_time=25, quality=30, actions=10, strategic=85, approved=70, watch=50
)


@dataclass
class Kpis:
    """One partner's KPIs for one period, each delivery judged against the SLA version in force that day."""

    partner_id: int
    deliveries: int = 0
    promised: int = 0  # deliveries with a promised date
    on_time: int = 0
    on_time_target_sum: float = 0.0  # sum of on-time targets (%) over deliveries whose SLA sets one
    on_time_target_n: int = 0
    lead_counts: dict[int, int] = field(default_factory=dict)  # lead days -> deliveries
    lead_judged: int = 0  # deliveries with a lead time and an SLA bound
    lead_within: int = 0  # ... of which arrived within the bound
    lead_required_sum: float = 0.0  # sum of required percentiles over judged deliveries
    lead_percentile: int | None = None  # the SLA's percentile (newest version seen), e.g. 90
    lead_bound_days: int | None = None  # the SLA's bound (newest version seen)
    qty_received: int = 0
    qty_defective: int = 0
    defect_judged_qty: int = 0  # received quantity under an SLA with a defect ceiling
    defect_judged_defective: int = 0
    defect_allowed: float = 0.0  # defective units the ceilings allow for the judged quantity
    inspections: int = 0
    inspection_scored: int = 0
    inspection_avg: float | None = None
    inspections_failed: int = 0
    actions_due: int = 0
    actions_on_time: int = 0
    actions_late: int = 0
    actions_overdue: int = 0
    # Why quality caps the standing: failed critical inspections and overdue critical actions, one line each.
    critical_breaches: list[str] = field(default_factory=list)

    @property
    def has_deliveries(self) -> bool:
        """False when the period saw no received delivery ("no data", never 0 % or 100 %)."""
        return self.deliveries > 0

    @property
    def on_time_pct(self) -> float | None:
        """Share of deliveries with a promised date received on or before it."""
        return 100.0 * self.on_time / self.promised if self.promised else None

    @property
    def on_time_target(self) -> float | None:
        """The on-time target, averaged over the deliveries when the SLA changed in the period."""
        return self.on_time_target_sum / self.on_time_target_n if self.on_time_target_n else None

    @property
    def lead_samples(self) -> int:
        """Deliveries with a known lead time."""
        return sum(self.lead_counts.values())

    def lead_quantile(self, pct: float) -> float | None:
        """The `pct` percentile of lead times in days, by the one definition in schemas.stats (interpolated)."""
        return percentile(self.lead_counts, pct)

    @property
    def lead_median(self) -> float | None:
        """Median lead time in days."""
        return self.lead_quantile(50)

    @property
    def lead_spread(self) -> float | None:
        """Spread: days between the 10th and 90th percentile lead times."""
        low, high = self.lead_quantile(10), self.lead_quantile(90)
        return None if low is None or high is None else high - low

    @property
    def lead_within_pct(self) -> float | None:
        """Share of judged deliveries within their SLA's lead-time bound."""
        return 100.0 * self.lead_within / self.lead_judged if self.lead_judged else None

    @property
    def lead_required_pct(self) -> float | None:
        """The share the SLA requires within the bound (its percentile), averaged over judged deliveries."""
        return self.lead_required_sum / self.lead_judged if self.lead_judged else None

    @property
    def defect_pct(self) -> float | None:
        """Defective share of the received quantity."""
        return 100.0 * self.qty_defective / self.qty_received if self.qty_received else None

    @property
    def defect_ppm(self) -> float | None:
        """Defective parts per million received."""
        return 1e6 * self.qty_defective / self.qty_received if self.qty_received else None

    @property
    def defect_ceiling_pct(self) -> float | None:
        """The defect ceiling, weighted by the quantity received under each SLA version."""
        return 100.0 * self.defect_allowed / self.defect_judged_qty if self.defect_judged_qty else None

    @property
    def judged_defect_pct(self) -> float | None:
        """Defective share of the quantity received under an SLA with a ceiling."""
        q = self.defect_judged_qty
        return 100.0 * self.defect_judged_defective / q if q else None

    def breaches(self) -> list[str]:
        """The KPIs that miss the SLA in this period."""
        found = []
        if self.on_time_pct is not None and self.on_time_target is not None and self.on_time_pct < self.on_time_target:
            found.append("on-time")
        within, required = self.lead_within_pct, self.lead_required_pct
        if within is not None and required is not None and within < required:
            found.append("lead time")
        if self.defect_judged_qty and self.defect_judged_defective > self.defect_allowed + 1e-9:
            found.append("defects")
        return found


@dataclass(frozen=True)
class CriterionResult:
    """One criterion explained: what went in, how it was computed, what came out and what it adds."""

    criterion: Criterion
    label: str
    weight: int
    effective_weight: float | None  # after re-weighting; None when left out for lack of data
    inputs: tuple[tuple[str, str], ...]
    formula: str
    result: float | None  # 0..100, None = no data
    contribution: float | None

    @property
    def has_data(self) -> bool:
        """False when the criterion was left out."""
        return self.result is not None


@dataclass(frozen=True)
class ScoreResult:
    """A score with its criteria; `score` None means no data at all."""

    score: float | None
    standing: Standing | None
    criteria: tuple[CriterionResult, ...]
    reweighted: bool
    breaches: tuple[str, ...]
    provisional: bool = False  # resting on fewer deliveries than the evidence minimum
    capped: bool = False  # the standing was lowered to the critical cap

    @property
    def standing_text(self) -> str:
        """The standing as people read it, e.g. "Watch (capped, provisional)"; "No data" without a score."""
        return standing_label(self.standing, capped=self.capped, provisional=self.provisional)

    @property
    def explanation(self) -> str:
        """How the criteria combine, in one sentence."""
        if self.score is None:
            return "No data in this period: no score (never counted as 0 % or 100 %)."
        used = [c for c in self.criteria if c.has_data]
        parts = " + ".join(f"{c.effective_weight:.1f} % × {c.result:.1f}" for c in used if c.effective_weight)
        note = ""
        if self.reweighted:
            left = ", ".join(c.label for c in self.criteria if not c.has_data)
            note = f" ({left} left out for lack of data; the other weights scaled up to 100 %)"
        text = f"Score = {parts} = {self.score:.1f}{note}"
        if self.capped:
            text += f". Standing capped at {self.standing_text.split(' (')[0]}: " + "; ".join(
                b for b in self.breaches if b.startswith("critical")
            )
        if self.provisional:
            text += ". Provisional: too few deliveries in the period to rest a standing on"
        return text


class Trend(StrEnum):
    """Score against the previous period."""

    UP = "up"
    DOWN = "down"
    FLAT = "flat"


@dataclass(frozen=True)
class PortfolioRow:
    """One partner in the portfolio table for a period."""

    partner_id: int
    code: str
    name: str
    region: str
    stage: str
    score: float | None
    standing: Standing | None
    previous_score: float | None
    trend: Trend | None
    deliveries: int
    on_time_pct: float | None
    lead_median: float | None
    defect_pct: float | None
    inspection_avg: float | None
    actions_overdue: int
    sla_breaches: int
    provisional: bool = False
    capped: bool = False

    @property
    def standing_text(self) -> str:
        """The standing with its marks, as `ScoreResult.standing_text`."""
        return standing_label(self.standing, capped=self.capped, provisional=self.provisional)

    @property
    def trend_delta(self) -> float | None:
        """Points gained (or lost) since the previous period."""
        if self.score is None or self.previous_score is None:
            return None
        return self.score - self.previous_score


@dataclass(frozen=True)
class KpiLine:
    """A KPI as printed: value, the SLA target and whether it was met."""

    name: str
    value: str
    target: str
    status: str  # met / breached / no data / info


@dataclass(frozen=True)
class HistoryPoint:
    """A partner's figures for one of the recent periods (for trend charts)."""

    period: str
    on_time_pct: float | None
    defect_pct: float | None
    score: float | None


@dataclass(frozen=True)
class InspectionLine:
    """A finished inspection in the period."""

    number: str
    inspected_on: dt.date
    template: str
    score_pct: float | None
    outcome: str


@dataclass(frozen=True)
class ActionLine:
    """A corrective action still open."""

    number: str
    description: str
    owner: str
    due_on: dt.date | None
    status: str
    overdue: bool


@dataclass(frozen=True)
class NoteLine:
    """An internal note (risk notes, SLA notes, negotiation entries) for the internal scorecard."""

    when: str
    title: str
    text: str


@dataclass(frozen=True)
class LeadPoint:
    """One delivery's lead time and the SLA bound in force that day (for the GUI chart)."""

    received_on: dt.date
    reference: str
    lead_days: int
    bound_days: int | None


@dataclass(frozen=True)
class PartnerScorecard:
    """Everything one scorecard shows, for the PDF and the GUI."""

    partner_id: int
    code: str
    name: str
    region: str
    location: str
    stage: str
    period: str
    period_start: dt.date
    period_end: dt.date
    generated_on: dt.date
    audience: str  # partner / internal
    kpis: Kpis
    result: ScoreResult
    previous_score: float | None
    trend: Trend | None
    sla_summary: str
    kpi_lines: tuple[KpiLine, ...]
    history: tuple[HistoryPoint, ...]
    inspections: tuple[InspectionLine, ...]
    actions: tuple[ActionLine, ...]
    notes: tuple[NoteLine, ...] = ()
    lead_points: tuple[LeadPoint, ...] = ()
    deliveries: tuple[JudgedDelivery, ...] = ()  # one partner's card only: each delivery against its promise


def standing_label(standing: Standing | None, *, capped: bool, provisional: bool) -> str:
    """A standing as people read it: "Watch (capped, provisional)", "Strategic"; "No data" without one."""
    if standing is None:
        return "No data"
    marks = [m for m, on in (("capped", capped), ("provisional", provisional)) if on]
    return standing.value.capitalize() + (f" ({', '.join(marks)})" if marks else "")
