"""The inspection and corrective-action lists: filter, sort, page and count in SQL through the light read path."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from microfactory_desk import clock
from microfactory_desk.db_search import SearchIndex
from microfactory_desk.schemas.list_rows import ActionRow, InspectionRow
from microfactory_desk.schemas.listing import ListPage, ListQuery
from microfactory_desk.schemas.quality_vocab import ActionStatus
from microfactory_desk.services.common.paging import order_by, read_page
from microfactory_desk.services.common.sql import Conditions, Reader, as_date, required_date

# --- inspections -------------------------------------------------------------------------------------
INSPECTION_SORTS = {
    "number": ("n.number",),
    "date": ("n.inspected_on", "n.number"),
    "partner": ("p.name",),
    "checklist": ("t.name", "t.version"),
    "inspector": ("n.inspector",),
    "status": ("n.status",),
    "score": ("CASE WHEN n.score_pct IS NULL THEN 1 ELSE 0 END", "n.score_pct"),
    "outcome": ("COALESCE(n.outcome, '')",),
}
_INSPECTION_JOINS = " JOIN partner p ON p.id = n.partner_id JOIN checklist_template t ON t.id = n.template_id"
# Only the page's ids are sorted and cut; the answer counts are computed for those rows alone.
_INSPECTIONS = (
    "SELECT n.id, n.number, n.partner_id, p.code, p.name, t.name, t.version, n.inspected_on, n.inspector,"
    " n.status, n.score_pct, n.outcome,"
    " (SELECT COUNT(*) FROM inspection_answer a WHERE a.inspection_id = n.id)"
    " FROM (SELECT n.id FROM inspection n{joins}{{where}}{order}{{window}}) page"
    " JOIN inspection n ON n.id = page.id" + _INSPECTION_JOINS + "{order}"
)
_INSPECTION_COUNT = "SELECT COUNT(*) FROM inspection n{joins}{{where}}"
# The numbers and the partner's folded text, trigram-indexed (migration 0008).
_INSPECTION_INDEX = SearchIndex("inspection_search", "n.id")
_ACTION_INDEX = SearchIndex("action_search", "a.id")


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _inspection_filters(query: ListQuery, db: Reader) -> Conditions:
    return (
        Conditions()
        .equal("n.status", "status", query.get("status"))
        .equal("n.partner_id", "partner_id", query.get("partner_id"))
        .search(query.search, ["LOWER(n.number)", "p.search_text"], index=_INSPECTION_INDEX, reader=db)
    )


def inspection_page(db: Reader, query: ListQuery) -> ListPage[InspectionRow]:
    """One page of inspections, newest first by default (filters: status, partner_id; search: number, partner).

    Raises ValueError for an unknown sort key.
    """
    searching = bool(query.search.strip())
    joins = _INSPECTION_JOINS if searching or query.sort in ("partner", "checklist") else ""
    order = order_by(query, INSPECTION_SORTS, "date", "n.number")
    rows, matching, total, capped = read_page(
        db,
        query,
        rows_sql=_INSPECTIONS.format(joins=joins, order=order),
        count_sql=_INSPECTION_COUNT.format(joins=" JOIN partner p ON p.id = n.partner_id" if searching else ""),
        filters=_inspection_filters(query, db),
        total_sql=_INSPECTION_COUNT.format(joins=""),
    )
    out = [
        InspectionRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], required_date(r[7]), r[8], r[9], _decimal(r[10]),
                      r[11], r[12])
        for r in rows
    ]  # fmt: skip
    return ListPage(out, matching, total, capped)


def inspections_in_progress(db: Reader, query: ListQuery) -> int:
    """How many of the inspections matching the query are not finished."""
    filters = _inspection_filters(query, db).add("n.status <> 'finished'")
    joins = " JOIN partner p ON p.id = n.partner_id" if query.search.strip() else ""
    return int(db.read(_INSPECTION_COUNT.format(joins=joins).format(where=filters.where()), filters.params)[0][0])


# --- corrective actions ------------------------------------------------------------------------------
_CLOSED_LAST = "CASE WHEN a.status = 'closed' THEN 1 ELSE 0 END"
_NO_DUE_LAST = "CASE WHEN a.due_on IS NULL THEN 1 ELSE 0 END"
ACTION_SORTS = {
    "due": (_CLOSED_LAST, _NO_DUE_LAST, "a.due_on", "a.number"),
    "number": ("a.number",),
    "partner": ("p.name",),
    "owner": ("a.owner",),
    "severity": ("CASE a.severity WHEN 'critical' THEN 3 WHEN 'high' THEN 2 WHEN 'medium' THEN 1 ELSE 0 END",),
    "status": ("a.status",),
    "raised": ("a.raised_on",),
}
_ACTION_JOINS = " JOIN partner p ON p.id = a.partner_id LEFT JOIN inspection n ON n.id = a.inspection_id"
_ACTIONS = (
    "SELECT a.id, a.number, a.partner_id, p.code, p.name, a.description, a.owner, a.raised_on, a.due_on,"
    " a.severity, a.status, a.closed_on, COALESCE(n.number, ''), a.item_id"
    " FROM (SELECT a.id FROM corrective_action a{joins}{{where}}{order}{{window}}) page"
    " JOIN corrective_action a ON a.id = page.id" + _ACTION_JOINS + "{order}"
)
_ACTION_COUNT = "SELECT COUNT(*) FROM corrective_action a{joins}{{where}}"
# Not closed, written as the statuses that are, so the status index serves it ("<> 'closed'" cannot use it).
_OPEN = "a.status IN (" + ", ".join(f"'{s.value}'" for s in ActionStatus if s is not ActionStatus.CLOSED) + ")"
# The dashboard reuses this: every action not closed whose due date has passed.
OVERDUE_WHERE = "a.status <> 'closed' AND a.due_on < :today"
# What the action search looks in: the numbers (ASCII) and the partner's folded code and name.
_SEARCHED = ("LOWER(a.number)", "p.search_text", "LOWER(COALESCE(n.number, ''))")


def _today(query: ListQuery) -> dt.date:
    today = query.get("today")
    return today if isinstance(today, dt.date) else clock.today()


def _action_filters(query: ListQuery, db: Reader) -> Conditions:
    """Filters: status (open = not closed, overdue, in_progress, closed; unset = all), partner_id, inspection_id."""
    filters = Conditions(today=_today(query))
    status = query.get("status")
    if status == "overdue":
        filters.add(OVERDUE_WHERE)
    elif status == "open":
        filters.add(_OPEN)
    else:
        filters.equal("a.status", "status", status)
    filters.equal("a.partner_id", "partner_id", query.get("partner_id"))
    filters.equal("a.inspection_id", "inspection_id", query.get("inspection_id"))
    # Description and owner are free text without a folded copy, so the search covers what is folded.
    return filters.search(query.search, _SEARCHED, index=_ACTION_INDEX, reader=db)


def action_row(raw: Any, today: dt.date) -> ActionRow:
    """An ActionRow from a raw row of the list query, its lateness counted from `today`."""
    due, closed = as_date(raw[8]), as_date(raw[11])
    late = (today - due).days if due is not None and raw[10] != "closed" else None
    return ActionRow(raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], required_date(raw[7]), due, raw[9],
                     raw[10], closed, raw[12], late, raw[13])  # fmt: skip


def action_page(db: Reader, query: ListQuery) -> ListPage[ActionRow]:
    """One page of corrective actions: open ones first by due date, then closed ones (filters: see above,
    plus `today`, the day lateness is counted from, default the clock's). Raises ValueError for an unknown sort.
    """
    searching = bool(query.search.strip())
    joins = _ACTION_JOINS if searching or query.sort == "partner" else ""
    order = order_by(query, ACTION_SORTS, "due", "a.number")
    rows, matching, total, capped = read_page(
        db,
        query,
        rows_sql=_ACTIONS.format(joins=joins, order=order),
        count_sql=_ACTION_COUNT.format(joins=_ACTION_JOINS if searching else ""),
        filters=_action_filters(query, db),
        total_sql=_ACTION_COUNT.format(joins=""),
    )
    today = _today(query)
    return ListPage([action_row(r, today) for r in rows], matching, total, capped)


def actions_overdue(db: Reader, query: ListQuery) -> int:
    """How many of the actions matching the query are open past their due date."""
    filters = _action_filters(query, db).add(OVERDUE_WHERE)
    joins = _ACTION_JOINS if query.search.strip() else ""
    return int(db.read(_ACTION_COUNT.format(joins=joins).format(where=filters.where()), filters.params)[0][0])


class QualityListing:
    """Reads pages of inspections and corrective actions for the Quality page; nothing is capped."""

    def __init__(self, db: Reader) -> None:
        self._db = db

    def inspection_page(self, query: ListQuery) -> ListPage[InspectionRow]:
        """One page of inspections (see `inspection_page`)."""
        return inspection_page(self._db, query)

    def inspections_in_progress(self, query: ListQuery) -> int:
        """Unfinished inspections among those matching."""
        return inspections_in_progress(self._db, query)

    def action_page(self, query: ListQuery) -> ListPage[ActionRow]:
        """One page of corrective actions (see `action_page`)."""
        return action_page(self._db, query)

    def actions_overdue(self, query: ListQuery) -> int:
        """Overdue actions among those matching."""
        return actions_overdue(self._db, query)
