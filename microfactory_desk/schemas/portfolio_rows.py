"""The scorecards portfolio's rows as the page lists them from stored snapshots; plain dataclasses so the
window can show them without pydantic (the scoring schemas load only when a score is computed)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

# Best first: the order the Standing column sorts in, and the standing filter's choices.
STANDINGS = ("strategic", "approved", "watch", "exit")


def standing_text(standing: str | None, *, capped: bool, provisional: bool) -> str:
    """A standing as people read it: "Watch (capped, provisional)", "Strategic"; "No data" without one.

    The same words as `schemas.scorecard.standing_label`, from the stored text rather than the enum.
    """
    if not standing:
        return "No data"
    marks = [m for m, on in (("capped", capped), ("provisional", provisional)) if on]
    return standing.capitalize() + (f" ({', '.join(marks)})" if marks else "")


_ARROWS = {"up": "▲", "down": "▼", "flat": "►"}


def trend_text(trend: str | None, delta: float | None) -> str:
    """The trend column: arrow and change in points against the previous period ("▲ +4.2", "▼ -3.0", "► 0.0");
    "" without a trend. A change that rounds to zero reads 0.0, not "+0.0"."""
    if trend is None or delta is None:
        return ""
    shown = f"{delta:+.1f}"
    return f"{_ARROWS[str(trend)]} {'0.0' if shown in ('+0.0', '-0.0') else shown}"


@dataclass(frozen=True)
class ScoreRow:
    """One partner in the portfolio for a period, as stored by the last computation of its scores.

    Percentages are 0–100, the lead median is in days; None means no data. `standing` and `trend` are the
    stored words ("watch", "up"); the table colours them and `standing_text` adds the capped/provisional marks.
    """

    partner_id: int
    code: str
    name: str
    region: str
    stage: str
    score: float | None
    standing: str | None
    previous_score: float | None
    trend: str | None
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
    def trend_delta(self) -> float | None:
        """The score minus the previous period's, None when either is missing."""
        if self.score is None or self.previous_score is None:
            return None
        return self.score - self.previous_score

    @property
    def standing_text(self) -> str:
        """The standing with its marks (see `standing_text`)."""
        return standing_text(self.standing, capped=self.capped, provisional=self.provisional)


@dataclass(frozen=True)
class Freshness:
    """When a period's scores were stored (None: never) and whether data changed since (or a day passed)."""

    computed_at: dt.datetime | None
    stale: bool
    # What the data looked like when checked: a recomputation made for this stamp need not run again.
    stamp: tuple[Any, ...]


@dataclass(frozen=True)
class PortfolioSummary:
    """Counts over the whole filter: partners listed, with a score, breaching their SLA, and per standing."""

    partners: int
    scored: int
    breaching: int
    standings: dict[str, int]


def score_row(values: tuple[Any, ...]) -> ScoreRow:
    """A row from (id, code, name, region, stage, score, standing, sla_breaches, details JSON or None).

    A partner without a snapshot (or with unreadable details) shows as "no data".
    """
    pid, code, name, region, stage, score, standing, breaches, details = values
    try:
        found: dict[str, Any] = json.loads(details) if details else {}
    except ValueError:
        found = {}
    kpis = found.get("kpis") or {}
    score_value = None if score is None else float(score)
    previous = found.get("previous_score")
    # The trend as the computation judged it (services.scorecards.scoring.trend_of), not re-derived here.
    return ScoreRow(
        int(pid), str(code), str(name), str(region or ""), str(stage), score_value, standing or None,
        previous, found.get("trend"), int(kpis.get("deliveries") or 0), kpis.get("on_time_pct"),
        kpis.get("lead_median"), kpis.get("defect_pct"), kpis.get("inspection_avg"),
        int(kpis.get("actions_overdue") or 0), int(breaches or 0), bool(found.get("provisional")),
        bool(found.get("capped")),
    )  # fmt: skip
