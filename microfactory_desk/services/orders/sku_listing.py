"""The SKU catalogue list: filter, sort, page and count catalogue items in SQL through the light read path."""

from __future__ import annotations

import json
from typing import Any

from microfactory_desk.db_search import SearchIndex
from microfactory_desk.schemas.list_rows import SkuRow
from microfactory_desk.schemas.listing import ListPage, ListQuery
from microfactory_desk.services.common.paging import order_by, read_page
from microfactory_desk.services.common.sql import Conditions, Reader

SORTS = {
    "code": ("s.code",),
    "name": ("s.name",),
    "category": ("s.category",),
    "unit": ("s.unit",),
    "experimental": ("s.experimental",),
}
_ROWS = (
    "SELECT s.id, s.code, s.name, s.category, s.unit, s.region, s.experimental, s.attributes, s.notes,"
    " s.row_version, s.updated_by FROM sku s{where}{order}{window}"
)
_COUNT = "SELECT COUNT(*) FROM sku s{where}"


def attributes(text: str) -> dict[str, str]:
    """The variant attributes stored as JSON text ({} when the text is not a JSON object)."""
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


_SEARCH_INDEX = SearchIndex("sku_search", "s.id")


def _filters(query: ListQuery, db: Reader) -> Conditions:
    """Filters: category, experimental (True/False; unset = both), active_only (default True)."""
    filters = Conditions().equal("s.category", "category", query.get("category"))
    experimental = query.filters.get("experimental")
    if experimental is not None:
        filters.add("s.experimental = :experimental", experimental=bool(experimental))
    if query.filters.get("active_only", True):
        filters.add("s.active = :active", active=True)
    return filters.search(query.search, ["s.search_text"], index=_SEARCH_INDEX, reader=db)


def _row(r: tuple[Any, ...]) -> SkuRow:
    return SkuRow(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), attributes(r[7]), r[8] or "", int(r[9]), r[10] or "")


def sku_page(db: Reader, query: ListQuery) -> ListPage[SkuRow]:
    """One page of SKUs by code (search: code, name, category and attributes, accents and case ignored).

    The unfiltered total counts the active items only (inactive ones are never listed by default).
    Raises ValueError for an unknown sort key.
    """
    filters = _filters(query, db)
    rows, matching, total, capped = read_page(
        db,
        query,
        rows_sql=_ROWS.format(order=order_by(query, SORTS, "code", "s.code"), where="{where}", window="{window}"),
        count_sql=_COUNT,
        filters=filters,
        total_sql=_COUNT.replace("{where}", " WHERE s.active" if query.filters.get("active_only", True) else ""),
    )
    return ListPage([_row(r) for r in rows], matching, total, capped)


def experimental_count(db: Reader, query: ListQuery) -> int:
    """How many of the SKUs matching the query are experimental."""
    filters = _filters(query, db).add("s.experimental = :is_experimental", is_experimental=True)
    return int(db.read(_COUNT.format(where=filters.where()), filters.params)[0][0])


def categories(db: Reader) -> list[str]:
    """Every category in use, alphabetically."""
    return [str(r[0]) for r in db.read("SELECT DISTINCT category FROM sku WHERE category <> '' ORDER BY category")]


class SkuListing:
    """Reads pages of the catalogue for the SKU page; nothing is capped."""

    def __init__(self, db: Reader) -> None:
        self._db = db

    def page(self, query: ListQuery) -> ListPage[SkuRow]:
        """One page of SKUs (see `sku_page`)."""
        return sku_page(self._db, query)

    def experimental(self, query: ListQuery) -> int:
        """Experimental SKUs among those matching."""
        return experimental_count(self._db, query)

    def categories(self) -> list[str]:
        """Every category in use, alphabetically."""
        return categories(self._db)
