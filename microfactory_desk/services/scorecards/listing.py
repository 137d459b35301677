"""The scorecards portfolio from stored snapshots: filter, sort, page and count in SQL through the light read path.

Scores are computed by `ScorecardService.record_snapshots` (the ORM, pydantic and the KPI engine); this module
only reads what it stored, so the page's first rows need none of those. `freshness` tells the page whether the
stored scores of a period may be older than the data, so it recomputes them on a worker.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from microfactory_desk import clock
from microfactory_desk.schemas.listing import ListPage, ListQuery
from microfactory_desk.schemas.portfolio_rows import STANDINGS, Freshness, PortfolioSummary, ScoreRow, score_row
from microfactory_desk.schemas.vocab import Stage
from microfactory_desk.services.common.paging import order_by, window
from microfactory_desk.services.common.sql import Conditions, Reader, as_datetime, is_sqlite

# Partners listed whatever their data (services.scorecards.queries.SCORED_STAGES): the ones we work with.
SCORED_STAGES = ("pilot", "approved", "paused")
# Others are listed once they had data in the period: save_snapshots writes `"data": true` into the details.
_IN_SCORED_STAGE = "p.stage IN (" + ", ".join(f"'{s}'" for s in SCORED_STAGES) + ")"
_HAS_DATA = "s.details LIKE '%\"data\": true%'"
_LISTED = f"({_IN_SCORED_STAGE} OR (s.id IS NOT NULL AND {_HAS_DATA}))"
_FROM = " FROM partner p LEFT JOIN scorecard_snapshot s ON s.partner_id = p.id AND s.period = :period"
_STANDING_RANK = "CASE s.standing " + " ".join(f"WHEN '{w}' THEN {len(STANDINGS) - i}" for i, w in enumerate(STANDINGS))
_STANDING_RANK += " ELSE 0 END"
_HAS_SCORE = "CASE WHEN s.score IS NULL THEN 0 ELSE 1 END"
# Sorts on the stored columns; `sorts` adds those on the figures of the details JSON.
# "No data" ranks below every score in both directions of the score and standing sorts, as the old table did
# for descending (the default); ascending shows it first, as the other paged lists do.
SORTS = {
    "score": (_HAS_SCORE, "s.score"),
    "name": ("p.name",),
    "code": ("p.code",),
    "region": ("p.region",),
    "stage": ("p.stage",),
    "standing": (_HAS_SCORE, _STANDING_RANK, "s.score"),
    "breaches": ("COALESCE(s.sla_breaches, 0)", "s.score"),
}
# The figures kept in the details JSON (save_snapshots): each column of the table sorts by one of them.
JSON_SORTS = {
    "trend": None,  # the score minus the previous period's
    "deliveries": ("kpis", "deliveries"),
    "on_time": ("kpis", "on_time_pct"),
    "lead": ("kpis", "lead_median"),
    "defects": ("kpis", "defect_pct"),
    "inspections": ("kpis", "inspection_avg"),
    "overdue": ("kpis", "actions_overdue"),
}
_COLUMNS = "p.id, p.code, p.name, p.region, p.stage, s.score, s.standing, s.sla_breaches, s.details"
_ROWS = "SELECT " + _COLUMNS + _FROM + "{where}{order}{window}"
# The score sort (the page's default) as two walks, each stopping at the page's end: the period's scores from the
# partial (period, score) index of migration 0014, and the listed partners without a score in code order. One query over
# both sorted every listed partner of the period to show 100 (10 ms cold at 10,000 partners; 108 ms at 100,000
# with every partner scored). `_by_score` reads the walk that comes first in the order, and the other only when
# the page reaches past it. The order is the same: scored rows by score, then code; the rest by code; "no data"
# last when descending, first when ascending.
_SCORED = (
    "SELECT " + _COLUMNS + " FROM scorecard_snapshot s JOIN partner p ON p.id = s.partner_id"
    "{where} AND s.period = :period AND s.score IS NOT NULL ORDER BY s.score{direction}, p.code"
    " LIMIT :walk_limit OFFSET :walk_offset"
)
_UNSCORED = (
    "SELECT " + _COLUMNS + _FROM + "{where} AND s.score IS NULL ORDER BY p.code LIMIT :walk_limit OFFSET :walk_offset"
)
_COUNT = "SELECT COUNT(*)" + _FROM + "{where}"
# The same count as the listed partners of the scored stages plus the others' snapshots with data, when no filter
# asks about the snapshot: the first is read from the stage index alone, where the LEFT JOIN probed a snapshot
# for every partner (3.8 -> 0.8 ms at 10,000 partners).
_COUNT_APART = (
    "SELECT (SELECT COUNT(*) FROM partner p{scored}) + (SELECT COUNT(*) FROM partner p"
    " JOIN scorecard_snapshot s ON s.partner_id = p.id AND s.period = :period{others})"
)
# The other stages by name, so their partners come from the stage index and only their snapshots' details are
# searched for data (NOT IN left the planner no index: it searched every snapshot of the period, 143 ms at
# 100,000 partners against 30).
_IN_OTHER_STAGE = "p.stage IN (" + ", ".join(f"'{s}'" for s in Stage if s not in SCORED_STAGES) + ")"
_OTHER_WITH_DATA = f"{_IN_OTHER_STAGE} AND {_HAS_DATA}"
# The tables whose rows a score is computed from; an edit to any of them after the scores were stored makes
# them stale. A deletion leaves no trace here: the scores are recomputed on the next day at the latest.
SOURCES = (
    "delivery", "order_line", "purchase_order", "inspection", "corrective_action", "sla_version", "partner",
    "app_setting",
)  # fmt: skip


def _json_number(db: Reader, *path: str) -> str:
    """A number read from the snapshot's details JSON in SQL (NULL when absent or null), per dialect."""
    if is_sqlite(db):
        return f"json_extract(s.details, '$.{'.'.join(path)}')"
    return "CAST(CAST(s.details AS JSON) #>> '{" + ",".join(path) + "}' AS DOUBLE PRECISION)"


def sorts(db: Reader) -> dict[str, tuple[str, ...]]:
    """Every sort key of the portfolio and its SQL terms on this database: figures without data sort after the
    others (before them when descending), as the score does."""
    found = dict(SORTS)
    for key, path in JSON_SORTS.items():
        value = f"(s.score - {_json_number(db, 'previous_score')})" if path is None else _json_number(db, *path)
        found[key] = (f"CASE WHEN {value} IS NULL THEN 0 ELSE 1 END", value)
    return found


def _filters(query: ListQuery) -> Conditions:
    """Filters: period (label, required), region, stage, standing ("none": no data); search on name and code."""
    filters = Conditions(period=str(query.get("period", ""))).add(_LISTED)
    filters.equal("p.region", "region", query.get("region"))
    filters.equal("p.stage", "stage", query.get("stage"))
    standing = query.get("standing")
    if standing == "none":
        filters.add("s.standing IS NULL")
    else:
        filters.equal("s.standing", "standing", standing)
    return filters.search(query.search, ["p.search_text"])


def portfolio_page(db: Reader, query: ListQuery) -> ListPage[ScoreRow]:
    """One page of the period's portfolio (best score first by default); ValueError for an unknown sort."""
    filters = _filters(query)
    if (query.sort or "score") == "score" and query.limit is not None and filters.clauses == [_LISTED]:
        # Unfiltered (the first paint's query): a filter on the partner (a region with few partners, a search)
        # would leave the scores' walk reading every snapshot of the period for a few rows, where the one query
        # starts from the partners' own index.
        rows = _by_score(db, filters, query.descending, query.offset, query.limit)
    else:
        limit_sql, limit_params = window(query)
        order = order_by(query, sorts(db), "score", "p.code")
        if query.descending and (query.sort or "score") != "code":
            order = order.removesuffix(" p.code DESC") + " p.code ASC"  # equal scores by code A to Z, as before
        rows = db.read(
            _ROWS.format(where=filters.where(), order=order, window=limit_sql), {**filters.params, **limit_params}
        )
    capped = False
    if query.limit is None or (query.offset == 0 and len(rows) < query.limit):
        matching = len(rows)
    elif filters.broad or query.get("standing"):
        matching, capped = filters.count(db, _COUNT, query.offset)
    else:
        matching = _count_apart(db, filters.where(), filters.params)
    if filters.clauses == [_LISTED]:  # nothing filtered: every listed partner matches (one COUNT, not two)
        total = matching
    else:
        total = _count_apart(db, " WHERE " + _LISTED, filters.params)
    return ListPage([score_row(r) for r in rows], matching, total, capped)


def _by_score(db: Reader, filters: Conditions, descending: bool, offset: int, limit: int) -> list[tuple[Any, ...]]:
    """Rows `offset` to `offset + limit` of the score order: the walk that comes first (scored rows when
    descending, the rest when ascending), then the other for what the page still lacks."""
    where, direction = filters.where(), " DESC" if descending else " ASC"
    walks = [_SCORED.format(where=where, direction=direction), _UNSCORED.format(where=where)]
    rows: list[tuple[Any, ...]] = []
    for sql in walks if descending else walks[::-1]:
        found = db.read(sql, {**filters.params, "walk_limit": limit - len(rows), "walk_offset": offset})
        rows += found
        if len(rows) == limit:
            break
        # This walk ended before the page did: how many of its rows lay before the page, the rest of the
        # offset falls into the next walk.
        offset = max(0, offset - _walk_length(db, sql, filters, offset, len(found)))
    return rows


def _walk_length(db: Reader, sql: str, filters: Conditions, offset: int, found: int) -> int:
    """How many rows a walk has in all, given that reading it from `offset` found `found` (fewer than asked)."""
    if found or offset == 0:
        return offset + found
    counted = "SELECT COUNT(*) FROM (" + sql.replace(" LIMIT :walk_limit OFFSET :walk_offset", "") + ") walk"
    return int(db.read(counted, filters.params)[0][0])


def _count_apart(db: Reader, where: str, params: dict[str, Any]) -> int:
    """The listed partners `where` counts (a WHERE with the listed condition and none on the snapshot), counted
    as `_COUNT_APART` says."""
    scored = where.replace(_LISTED, _IN_SCORED_STAGE)
    others = where.replace(_LISTED, _OTHER_WITH_DATA)
    return int(db.read(_COUNT_APART.format(scored=scored, others=others), params)[0][0])


def portfolio_summary(db: Reader, query: ListQuery) -> PortfolioSummary:
    """The counts above the table, over every row the query matches (not only the page loaded)."""
    filters = _filters(query)
    sql = (
        "SELECT s.standing, COUNT(*), SUM(CASE WHEN s.score IS NULL THEN 0 ELSE 1 END),"
        " SUM(CASE WHEN s.sla_breaches > 0 THEN 1 ELSE 0 END)" + _FROM + filters.where() + " GROUP BY s.standing"
    )
    partners = scored = breaching = 0
    standings = dict.fromkeys(STANDINGS, 0)
    for standing, count, with_score, breaches in db.read(sql, filters.params):
        partners += int(count)
        scored += int(with_score or 0)
        breaching += int(breaches or 0)
        if standing in standings:
            standings[standing] += int(with_score or 0)
    return PortfolioSummary(partners, scored, breaching, standings)


def freshness(db: Reader, period: str, today: dt.date) -> Freshness:
    """Whether the period's stored scores may be older than the data: never computed, computed before `today`
    (overdue actions and open periods move with the day), a source table edited after the oldest snapshot, or
    a snapshot stored without its KPIs (by a version before the page listed snapshots)."""
    found = db.read(
        "SELECT MIN(computed_at), COUNT(*), SUM(CASE WHEN details LIKE '%\"kpis\"%' THEN 0 ELSE 1 END)"
        " FROM scorecard_snapshot WHERE period = :period",
        {"period": period},
    )
    computed_at = as_datetime(found[0][0]) if found and found[0][1] else None
    # Snapshots stored before they kept their KPIs (older versions, the demo of an older file) list as no data.
    older = bool(found and found[0][2])
    # Rows stamped in the future (imported or demo data) would make the scores stale for ever: edits made since
    # the computation are stamped between it and now.
    changes = " UNION ALL ".join(f"SELECT MAX(updated_at) FROM {t} WHERE updated_at <= :now" for t in SOURCES)
    latest = [as_datetime(r[0]) for r in db.read(changes, {"now": clock.utc_now()})]
    newest = max((t for t in latest if t is not None), default=None)
    stamp = (period, today, newest)
    if computed_at is None:
        return Freshness(None, True, stamp)
    stale = older or computed_at.date() < today or (newest is not None and newest > computed_at)
    return Freshness(computed_at, stale, stamp)


class PortfolioListing:
    """Reads pages of the scorecards portfolio from stored snapshots for the Scorecards page (light SQL only)."""

    def __init__(self, db: Reader) -> None:
        self._db = db

    def page(self, query: ListQuery) -> ListPage[ScoreRow]:
        """One page of the portfolio (see `portfolio_page`)."""
        return portfolio_page(self._db, query)

    def summary(self, query: ListQuery) -> PortfolioSummary:
        """The counts over the whole filter (see `portfolio_summary`)."""
        return portfolio_summary(self._db, query)

    def partner_ids(self, query: ListQuery) -> list[int]:
        """Every matching partner's id in the query's order (the batch export's list)."""
        return [r.partner_id for r in portfolio_page(self._db, replace(query, offset=0, limit=None)).rows]

    def has_scores(self, period: str) -> bool:
        """Whether any score of the period is stored (a probe that stops at the first row, for the first paint)."""
        return bool(
            self._db.read("SELECT 1 FROM scorecard_snapshot WHERE period = :period LIMIT 1", {"period": period})
        )

    def freshness(self, period: str, today: dt.date) -> Freshness:
        """Whether the period's stored scores are current (see `freshness`)."""
        return freshness(self._db, period, today)

    def period_choices(self, today: dt.date) -> list[str]:
        """The periods the page offers: the last eight quarters and the last twelve months, newest first."""
        from microfactory_desk.schemas.periods import current_quarter, month, recent

        quarters = recent(current_quarter(today), 8)[::-1]
        months = recent(month(today.year, today.month), 12)[::-1]
        return [p.label for p in quarters] + [p.label for p in months]

    def regions(self) -> list[str]:
        """The regions partners are in, for the region filter."""
        rows = self._db.read("SELECT DISTINCT region FROM partner WHERE region <> '' ORDER BY region")
        return [str(r[0]) for r in rows]
