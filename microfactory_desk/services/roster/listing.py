"""The roster list: filter, sort, page and count partners in SQL through the light read path."""

from __future__ import annotations

from microfactory_desk.db import Database
from microfactory_desk.db_search import SearchIndex
from microfactory_desk.schemas.roster_rows import SORT_COLUMNS, PartnerChoice, PartnerRow, RosterPage, RosterQuery
from microfactory_desk.schemas.vocab import Stage
from microfactory_desk.services.common.sql import Conditions, Reader

_COLUMNS = "id, code, name, kind, stage, region, city, country, processes, weekly_capacity, risk_level, tags"
# Lifecycle order rather than alphabetical order when sorting by stage.
_STAGE_ORDER = "CASE stage " + " ".join(f"WHEN '{s.value}' THEN {i}" for i, s in enumerate(Stage)) + " END"


# The partner's folded text, trigram-indexed (migration 0008).
_SEARCH_INDEX = SearchIndex("partner_search", "id")


def _filters(query: RosterQuery, db: Reader) -> Conditions:
    filters = Conditions().search(query.search, ["search_text"], index=_SEARCH_INDEX, reader=db)
    for field in ("stage", "kind", "region"):
        filters.equal(field, field, getattr(query, field))
    return filters


def _order_by(query: RosterQuery) -> str:
    if query.sort not in SORT_COLUMNS:
        raise ValueError(f"cannot sort the roster by {query.sort!r}")
    column = _STAGE_ORDER if query.sort == "stage" else query.sort
    direction = "DESC" if query.descending else "ASC"
    nulls = f"CASE WHEN {column} IS NULL THEN 1 ELSE 0 END, " if query.sort == "weekly_capacity" else ""
    return f" ORDER BY {nulls}{column} {direction}, code {direction}"


class RosterList:
    """Reads pages of the roster for the table and the region filter."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def page(self, query: RosterQuery) -> RosterPage:
        """One page of partners matching the query, with the matching and total counts."""
        filters = _filters(query, self._db)
        where, params = filters.where(), filters.params
        sql = f"SELECT {_COLUMNS} FROM partner{where}{_order_by(query)} LIMIT :limit OFFSET :offset"
        rows = self._db.read(sql, {**params, "limit": query.limit, "offset": query.offset})
        capped = False
        if query.offset == 0 and len(rows) < query.limit:
            matching = len(rows)
        else:
            matching, capped = filters.count(self._db, "SELECT COUNT(*) FROM partner{where}", query.offset)
        total = matching if not where else int(self._db.read("SELECT COUNT(*) FROM partner")[0][0])
        return RosterPage([PartnerRow(*row) for row in rows], matching, total, capped)

    def regions(self) -> list[str]:
        """The regions in use, for the region filter."""
        rows = self._db.read("SELECT DISTINCT region FROM partner WHERE region <> '' ORDER BY region")
        return [str(r[0]) for r in rows]

    def choices(self) -> list[PartnerChoice]:
        """Every partner but the offboarded ones, by name, for a partner picker."""
        return partner_choices(self._db, offboarded=False)


def partner_choices(reader: Reader, *, offboarded: bool = True, orderable_first: bool = False) -> list[PartnerChoice]:
    """The partners a partner picker offers, by name: the one query behind every picker.

    `offboarded=False` leaves offboarded partners out; `orderable_first` puts Approved and Pilot partners first.
    """
    where = "" if offboarded else " WHERE stage <> 'offboarded'"
    first = "CASE WHEN stage IN ('approved', 'pilot') THEN 0 ELSE 1 END, " if orderable_first else ""
    rows = reader.read(f"SELECT id, code, name, stage FROM partner{where} ORDER BY {first}name, code")
    return [PartnerChoice(int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]
