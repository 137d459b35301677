"""The pilots list: filter by status, sort, page and count pilots in SQL through the light read path."""

from __future__ import annotations

import datetime as dt

from microfactory_desk import clock
from microfactory_desk.db_dialect import days_between
from microfactory_desk.schemas.listing import ListPage, ListQuery
from microfactory_desk.schemas.pilot_rows import PilotRow
from microfactory_desk.services.common.paging import order_by, read_page
from microfactory_desk.services.common.sql import Conditions, Reader
from microfactory_desk.services.pilots.queries import pilot_row

# The status of pilot_rows.status_of, in SQL, so the list can filter and sort by it.
STATUS = (
    "CASE WHEN pl.decision IS NOT NULL AND pl.decision <> '' THEN 'decided'"
    " WHEN pl.ends_on IS NOT NULL AND pl.ends_on < :today THEN 'awaiting_decision'"
    " WHEN pl.starts_on IS NOT NULL AND pl.starts_on <= :today THEN 'running' ELSE 'planned' END"
)
_RATED = "(SELECT COUNT(f.rating) FROM pilot_feedback f WHERE f.pilot_id = pl.id)"
_RATING = "(SELECT AVG(f.rating * 1.0) FROM pilot_feedback f WHERE f.pilot_id = pl.id)"
# Figures sort as numbers with "no data" after them (before them when descending), as the table showed them.
SORTS = {
    "number": ("pl.number",),
    "sku": ("s.code",),
    "partner": ("p.name",),
    "market": ("pl.market_name",),
    "status": (STATUS,),
    "sell_through": (
        "CASE WHEN pl.units_shipped > 0 THEN 0 ELSE 1 END",
        "pl.units_sold * 1.0 / NULLIF(pl.units_shipped, 0)",
    ),
    "returns": (
        "CASE WHEN pl.units_sold > 0 THEN 0 ELSE 1 END",
        "pl.units_returned * 1.0 / NULLIF(pl.units_sold, 0)",
    ),
    "rating": (f"CASE WHEN {_RATED} > 0 THEN 0 ELSE 1 END", _RATING),
    "decision": ("COALESCE(pl.decision, '')",),
    "start": ("pl.starts_on", "pl.number"),
}
_JOINS = " JOIN sku s ON s.id = pl.sku_id JOIN partner p ON p.id = pl.partner_id"
_ROWS = (
    "SELECT pl.id, pl.number, pl.sku_id, s.code, s.name, pl.partner_id, p.code, p.name, pl.market_name,"
    " pl.market_region, pl.market_kind, pl.starts_on, pl.ends_on, pl.units_planned, pl.units_made,"
    " pl.units_shipped, pl.units_sold, pl.units_returned, pl.sold_out_on, pl.price, pl.currency, pl.decision,"
    " pl.decision_reason, pl.decided_on, pl.notes, " + _RATED + ","
    " (SELECT COALESCE(SUM(f.rating), 0) FROM pilot_feedback f WHERE f.pilot_id = pl.id),"
    " (SELECT COUNT(*) FROM pilot_feedback f WHERE f.pilot_id = pl.id), pl.row_version, pl.updated_by"
    " FROM (SELECT pl.id FROM pilot pl" + _JOINS + "{where}{order}{window}) page"
    " JOIN pilot pl ON pl.id = page.id" + _JOINS + "{order}"
)
_COUNT = "SELECT COUNT(*) FROM pilot pl{where}"


def _today(query: ListQuery) -> dt.date:
    today = query.get("today")
    return today if isinstance(today, dt.date) else clock.today()


def _filters(query: ListQuery) -> Conditions:
    """Filters: status (planned, running, awaiting_decision, decided; unset = all), today (default the clock's)."""
    filters = Conditions(today=_today(query))
    status = query.get("status")
    return filters.add(f"{STATUS} = :status", status=status) if status else filters


def _sold_out_terms(db: Reader) -> tuple[str, str]:
    """The "Sold out in" column's sort: days from the start to selling out, pilots not sold out after them."""
    return (
        "CASE WHEN pl.sold_out_on IS NOT NULL AND pl.starts_on IS NOT NULL THEN 0 ELSE 1 END",
        days_between(db, "pl.sold_out_on", "pl.starts_on"),
    )


def pilot_page(db: Reader, query: ListQuery) -> ListPage[PilotRow]:
    """One page of pilots with their figures, newest number first by default. Raises ValueError for an unknown sort."""
    order = order_by(query, {**SORTS, "sold_out": _sold_out_terms(db)}, "number", "pl.number")
    rows, matching, total, _ = read_page(
        db,
        query,
        rows_sql=_ROWS.replace("{order}", order),
        count_sql=_COUNT,
        filters=_filters(query),
    )
    today = _today(query)
    return ListPage([pilot_row(r, today) for r in rows], matching, total)


def awaiting_decision(db: Reader, query: ListQuery) -> int:
    """How many pilots (of every status) have ended and wait for a decision."""
    return int(db.read(_COUNT.format(where=f" WHERE {STATUS} = 'awaiting_decision'"), {"today": _today(query)})[0][0])


class PilotListing:
    """Reads pages of pilots for the pilots page; nothing is capped."""

    def __init__(self, db: Reader) -> None:
        self._db = db

    def page(self, query: ListQuery) -> ListPage[PilotRow]:
        """One page of pilots (see `pilot_page`)."""
        return pilot_page(self._db, query)

    def awaiting_decision(self, query: ListQuery) -> int:
        """Pilots waiting for a decision."""
        return awaiting_decision(self._db, query)
