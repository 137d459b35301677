"""Scorecards: scoring settings, the portfolio per period, partner scorecards, and snapshots for the dashboard."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Mapping

from pydantic import ValidationError
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session, aliased

from microfactory_desk import clock
from microfactory_desk.db import Database
from microfactory_desk.errors import Cancelled, NotFound, ValidationFailed
from microfactory_desk.models import ScorecardSnapshot
from microfactory_desk.models.base import new_uuid
from microfactory_desk.schemas.fields import field_errors
from microfactory_desk.schemas.periods import Period, recent
from microfactory_desk.schemas.periods import previous as previous_period
from microfactory_desk.schemas.scorecard import (
    DEFAULT_SCORING,
    HistoryPoint,
    Kpis,
    PartnerScorecard,
    PortfolioRow,
    ScoreResult,
    ScoringSettings,
)
from microfactory_desk.services.common.records import id_by_code
from microfactory_desk.services.common.settings import write_setting
from microfactory_desk.services.common.sql import Reader, SessionReader
from microfactory_desk.services.scorecards import queries as q
from microfactory_desk.services.scorecards.lines import kpi_lines
from microfactory_desk.services.scorecards.scoring import score_kpis, trend_of
from microfactory_desk.services.telemetry.kpis import compute_kpis

SETTING_KEY = "scorecards.scoring"
HISTORY_PERIODS = 6
Progress = Callable[[int, int], None]


Scores = dict[int, tuple[Kpis, ScoreResult]]


def scores(
    reader: Reader, period: Period, settings: ScoringSettings, today: dt.date, partner_id: int | None = None
) -> Scores:
    """Each partner with data (or just `partner_id`): its KPIs and score for the period."""
    kpis = compute_kpis(reader, period.start, period.end, partner_id=partner_id, today=today)
    return {pid: (k, score_kpis(k, settings)) for pid, k in kpis.items()}


def portfolio_rows(
    reader: Reader, period: Period, settings: ScoringSettings, today: dt.date, *, region: str = "", stage: str = ""
) -> tuple[list[PortfolioRow], Scores, Scores]:
    """The portfolio rows (best first) and the scores they came from: the period's and the previous period's."""
    current = scores(reader, period, settings, today)
    before = scores(reader, previous_period(period), settings, today)
    rows = []
    for pid, code, name, region_, stage_, _city, _country in q.partners(
        reader, region=region, stage=stage, ids=set(current)
    ):
        kpis, result = current.get(pid) or (Kpis(pid), score_kpis(Kpis(pid), settings))
        prev = before[pid][1].score if pid in before else None
        rows.append(
            PortfolioRow(
                pid, code, name, region_, stage_, result.score, result.standing, prev,
                trend_of(result.score, prev), kpis.deliveries, kpis.on_time_pct, kpis.lead_median,
                kpis.defect_pct, kpis.inspection_avg, kpis.actions_overdue, len(result.breaches),
                result.provisional, result.capped,
            )
        )  # fmt: skip
    rows.sort(key=lambda r: (r.score is None, -(r.score or 0.0), r.code))
    return rows, current, before


def save_snapshots(
    session: Session,
    period: Period,
    results: dict[int, tuple[Kpis, ScoreResult] | None],
    settings: ScoringSettings,
    previous: Scores | None = None,
) -> int:
    """One snapshot per partner and period, inserted or replaced in the caller's transaction; how many written.

    Partners without data get no new row (thousands of prospects would), but an existing snapshot of the
    period is updated to "no data" so it never shows a score that no longer holds. `details` also keeps the
    KPIs, the previous period's score (from `previous`, the previous period's scores) and the trend, so the
    Scorecards page lists the portfolio from snapshots alone (`services/scorecards/listing.py`).
    """
    now = clock.utc_now()
    stored = session.execute(
        select(ScorecardSnapshot.partner_id, ScorecardSnapshot.id).where(ScorecardSnapshot.period == period.label)
    )
    existing = {int(pid): int(sid) for pid, sid in stored}
    values = []
    for pid, found in results.items():
        if found is None and pid not in existing:
            continue
        kpis, result = found if found else (Kpis(pid), score_kpis(Kpis(pid), settings))
        prev = previous[pid][1].score if previous and pid in previous else None
        trend = trend_of(result.score, prev)
        details = {
            "criteria": {
                c.criterion.value: {"weight": c.weight, "effective_weight": c.effective_weight, "result": c.result}
                for c in result.criteria
            },
            "breaches": list(result.breaches),
            "reweighted": result.reweighted,
            "provisional": result.provisional,
            "capped": result.capped,
            # Whether the partner had data in the period: the live portfolio lists such partners whatever their stage.
            "data": found is not None,
            "kpis": {
                "deliveries": kpis.deliveries,
                "on_time_pct": kpis.on_time_pct,
                "lead_median": kpis.lead_median,
                "defect_pct": kpis.defect_pct,
                "inspection_avg": kpis.inspection_avg,
                "actions_overdue": kpis.actions_overdue,
            },
            "previous_score": prev,
            "trend": trend.value if trend else None,
        }
        values.append(
            {
                "partner_id": pid,
                "period": period.label,
                "period_start": period.start,
                "period_end": period.end,
                "score": None if result.score is None else round(result.score, 2),
                "standing": result.standing.value if result.standing else None,
                "sla_breaches": len(result.breaches),
                "computed_at": now,
                "updated_at": now,
                "details": json.dumps(details),
            }
        )
    updates = [{**v, "id": existing[v["partner_id"]]} for v in values if v["partner_id"] in existing]
    inserts = [{**v, "uuid": new_uuid(), "created_at": now} for v in values if v["partner_id"] not in existing]
    if updates:
        session.execute(update(ScorecardSnapshot), updates)
    if inserts:
        session.execute(insert(ScorecardSnapshot), inserts)
    if values:
        link_snapshots(session, period.label)
    return len(values)


def link_snapshots(session: Session, period_label: str) -> int:
    """Set `is_latest` and `previous_standing` on every snapshot of the partners with a snapshot of the period.

    A partner's snapshots are ordered by period end, then id (as the dashboard always read them): the last is
    the newest, and each carries the standing of the one before it (None for the first). A snapshot written or
    rewritten for any period can change both for that partner's other snapshots, so all of them are relinked;
    only rows whose values change are written. Runs in the caller's transaction; returns how many rows changed.
    """
    written = aliased(ScorecardSnapshot)
    s = ScorecardSnapshot
    partners = select(written.partner_id).where(written.period == period_label)
    # Core rows on the session's connection, read as plain tuples: ORM rows cost 1.6 s for 200,000 snapshots.
    rows = [
        tuple(row)
        for row in session.connection().execute(
            select(s.id, s.partner_id, s.standing, s.previous_standing, s.is_latest)
            .where(s.partner_id.in_(partners))
            .order_by(s.partner_id, s.period_end, s.id)
        )
    ]
    changes = []
    for i, (sid, pid, _standing, previous_standing, is_latest) in enumerate(rows):
        before = rows[i - 1][2] if i > 0 and rows[i - 1][1] == pid else None
        newest = i + 1 == len(rows) or rows[i + 1][1] != pid
        if (previous_standing, bool(is_latest)) != (before, newest):
            changes.append({"id": sid, "previous_standing": before, "is_latest": newest})
    if changes:
        session.execute(update(ScorecardSnapshot), changes)
    return len(changes)


def stored_settings(reader: Reader) -> ScoringSettings:
    """The weights and bands stored (the defaults when unset or unreadable), read through any reader.

    A plain SELECT rather than an ORM session, so reading a scorecard or the portfolio opens no transaction.
    """
    rows = reader.read("SELECT value FROM app_setting WHERE key = :key", {"key": SETTING_KEY})
    try:
        stored = json.loads(rows[0][0]) if rows else None
    except (TypeError, ValueError):
        return DEFAULT_SCORING
    if stored is None:
        return DEFAULT_SCORING
    try:
        return ScoringSettings.model_validate(stored)
    except ValidationError:
        return DEFAULT_SCORING


class ScorecardService:
    """Computes scores from KPIs with the stored settings; reading writes nothing, recording snapshots is explicit."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # --- settings ------------------------------------------------------------------------
    def settings(self) -> ScoringSettings:
        """The weights and bands in use (the defaults until someone changes them)."""
        return stored_settings(self._db)

    def save_settings(self, values: dict[str, object]) -> ScoringSettings:
        """Validate and store new weights and bands; ValidationFailed names the field."""
        try:
            settings = ScoringSettings.model_validate(values)
        except ValidationError as exc:
            raise ValidationFailed(field_errors(exc)) from None
        with self._db.session() as session:
            write_setting(session, SETTING_KEY, settings.model_dump())
        return settings

    # --- portfolio -----------------------------------------------------------------------
    def _scores(
        self, period: Period, settings: ScoringSettings, today: dt.date, partner_id: int | None = None
    ) -> Scores:
        return scores(self._db, period, settings, today, partner_id)

    def portfolio(
        self, period: Period, *, region: str = "", stage: str = "", today: dt.date | None = None
    ) -> list[PortfolioRow]:
        """Every scored partner's score, standing, trend and KPIs for the period, best first; writes nothing.

        Recording the period's snapshots is the explicit step `record_snapshots`.
        """
        settings = self.settings()
        rows, _current, _before = portfolio_rows(
            self._db, period, settings, today or clock.today(), region=region, stage=stage
        )
        return rows

    def record_snapshots(
        self, period: Period, *, today: dt.date, partner_ids: list[int] | None = None
    ) -> list[PortfolioRow]:
        """Score every partner (or those in `partner_ids`) for the period and keep one snapshot each, in one
        transaction; the rows recorded.

        The explicit step behind `scorecards compute`, the dashboard's Refresh and the batch export. Scores are
        read in the same transaction they are written in, so the snapshots agree with the rows returned.
        """
        rows, _scored = self.record_snapshots_scored(period, today=today, partner_ids=partner_ids)
        return rows

    def record_snapshots_scored(
        self, period: Period, *, today: dt.date, partner_ids: list[int] | None = None
    ) -> tuple[list[PortfolioRow], dict[Period, Scores]]:
        """`record_snapshots`, also giving the scores it computed ({period: scores, previous period: scores}),
        so the batch export hands them to `scorecards(known=...)` instead of scoring those periods twice."""
        with self._db.session() as session:
            reader = SessionReader(session)
            settings = stored_settings(reader)
            rows, current, before = portfolio_rows(reader, period, settings, today)
            if partner_ids is None:
                ids = [r.partner_id for r in rows]
            else:
                # A chosen partner without data still gets its stale snapshot of the period set to "no data".
                ids, rows = list(partner_ids), [r for r in rows if r.partner_id in set(partner_ids)]
            save_snapshots(session, period, {pid: current.get(pid) for pid in ids}, settings, before)
        return rows, {period: current, previous_period(period): before}

    def regions(self) -> list[str]:
        """The regions partners are in, for the portfolio filter."""
        return [
            str(r[0]) for r in self._db.read("SELECT DISTINCT region FROM partner WHERE region <> '' ORDER BY region")
        ]

    # --- partner scorecards --------------------------------------------------------------
    def partner_id(self, code: str) -> int:
        """The id of the partner with this code (any case); NotFound otherwise."""
        found = id_by_code(self._db, "partner", code)
        if found is None:
            raise NotFound(f"No partner with code {code!r}.")
        return found

    def scorecards(
        self,
        period: Period,
        *,
        audience: str = "partner",
        partner_ids: list[int] | None = None,
        today: dt.date | None = None,
        with_lead_points: bool = False,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
        known: Mapping[Period, Scores] | None = None,
    ) -> Iterator[PartnerScorecard]:
        """The scorecard of each partner (all scored ones by default), one at a time.

        Reading writes nothing; recording the period's snapshots is the explicit step `record_snapshots`.
        `known` holds periods already scored for all partners (from `record_snapshots_scored`), used as they are.
        """
        today = today or clock.today()
        settings = self.settings()
        periods = recent(period, HISTORY_PERIODS + 1)  # one more: the first shown period needs a trend too
        # One partner's scorecard (the GUI) reads only that partner's rows.
        only = partner_ids[0] if partner_ids is not None and len(partner_ids) == 1 else None
        known = known or {}
        scored = [known[p] if p in known else self._scores(p, settings, today, only) for p in periods]
        current, before = scored[-1], scored[-2]
        if only is not None:
            people = q.partners(self._db, partner_id=only)
        else:
            people = q.partners(self._db, ids=set(current) | set(partner_ids or []))
            if partner_ids is not None:
                people = [p for p in people if p[0] in set(partner_ids)]
        terms = q.sla_terms(self._db, period.end, only)
        inspections = q.inspections(self._db, period.start, period.end, only)
        actions = q.open_actions(self._db, today, only)
        notes = q.internal_notes(self._db, period.start, period.end, only) if audience == "internal" else {}
        for number, (pid, code, name, region, stage, city, country) in enumerate(people, 1):
            if cancelled is not None and cancelled():
                raise Cancelled("Scorecards stopped; the files written so far are kept.")
            kpis, result = current.get(pid) or (Kpis(pid), score_kpis(Kpis(pid), settings))
            prev = before[pid][1].score if pid in before else None
            history = tuple(
                HistoryPoint(p.label, s[pid][0].on_time_pct, s[pid][0].defect_pct, s[pid][1].score)
                if pid in s
                else HistoryPoint(p.label, None, None, None)
                for p, s in zip(periods[1:], scored[1:], strict=True)
            )
            yield PartnerScorecard(
                partner_id=pid,
                code=code,
                name=name,
                region=region,
                location=", ".join(part for part in (city, country) if part),
                stage=stage,
                period=period.label,
                period_start=period.start,
                period_end=period.end,
                generated_on=today,
                audience=audience,
                kpis=kpis,
                result=result,
                previous_score=prev,
                trend=trend_of(result.score, prev),
                sla_summary=terms.get(pid, "No SLA in force at the end of the period"),
                kpi_lines=kpi_lines(kpis, settings.min_deliveries),
                history=history,
                inspections=tuple(inspections.get(pid, ())),
                actions=tuple(actions.get(pid, ())),
                notes=tuple(notes.get(pid, ())),
                lead_points=tuple(q.lead_points(self._db, pid, period.start, period.end)) if with_lead_points else (),
                deliveries=tuple(q.judged_deliveries(self._db, pid, period.start, period.end))
                if with_lead_points
                else (),
            )
            if progress is not None:
                progress(number, len(people))

    def scorecard(
        self, code: str, period: Period, *, audience: str = "partner", today: dt.date | None = None
    ) -> PartnerScorecard:
        """One partner's scorecard, with each delivery's lead time for charts; reads that partner only, writes nothing."""
        pid = self.partner_id(code)
        found = list(self.scorecards(period, audience=audience, partner_ids=[pid], today=today, with_lead_points=True))
        return found[0]
