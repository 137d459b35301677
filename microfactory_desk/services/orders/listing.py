"""The order list: filter, sort, page and count orders in SQL through the light read path, totals over the filter."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from microfactory_desk.db_search import SearchIndex
from microfactory_desk.schemas.list_rows import OrderList, OrderRow
from microfactory_desk.schemas.listing import ListPage, ListQuery
from microfactory_desk.schemas.money import money_from_units, round_money
from microfactory_desk.schemas.order_vocab import OrderStatus
from microfactory_desk.services.common.paging import order_by, read_page
from microfactory_desk.services.common.sql import Conditions, Reader, money_units, required_date

_LINES = "(SELECT COUNT(*) FROM order_line l WHERE l.order_id = o.id)"
# Money is summed in exact ten-thousandths (see money_units) and rounded once, the same on both backends.
_TOTAL = f"(SELECT SUM({money_units('l.quantity', 'l.unit_price')}) FROM order_line l WHERE l.order_id = o.id)"
_CONFIRMED = (
    f"(SELECT SUM({money_units('COALESCE(l.confirmed_qty, l.quantity)', 'l.unit_price')}) FROM order_line l"
    " WHERE l.order_id = o.id)"
)
# Lines the partner confirmed short (0 included) or promised to arrive after the requested date.
_FLAGGED = (
    "(SELECT COUNT(*) FROM order_line l WHERE l.order_id = o.id AND (l.confirmed_qty < l.quantity"
    " OR (l.confirmed_ship_on IS NOT NULL AND l.promised_on > o.requested_on)))"
)
_COMMENTED = (
    "CASE WHEN o.partner_comment <> '' OR EXISTS (SELECT 1 FROM order_line l WHERE l.order_id = o.id"
    " AND l.partner_comment <> '') THEN 1 ELSE 0 END"
)
# Sort keys of the list (the table's columns); the unique order number breaks ties, so pages never overlap.
SORTS = {
    "number": ("o.number",),
    "partner": ("p.name",),
    "status": ("o.status",),
    "date": ("o.order_date", "o.number"),
    "requested": ("CASE WHEN o.requested_on IS NULL THEN 1 ELSE 0 END", "o.requested_on", "o.order_date"),
    "destination": ("o.destination_name",),
    "lines": (_LINES,),
    "total": (_TOTAL,),
    # Orders not yet confirmed (no confirmed value) sort after the confirmed ones, as empty cells do.
    "confirmed": ("CASE WHEN o.status IN ('draft', 'sent') THEN 1 ELSE 0 END", _CONFIRMED),
    "answer": (_FLAGGED, _COMMENTED),
}
DEFAULT_QUERY = ListQuery(sort="date", descending=True)
# Only the page's ids are sorted and cut; the per-order sums are computed for those rows alone.
_ROWS = (
    "SELECT o.id, o.number, p.code, p.name, o.status, o.order_date, o.requested_on, o.destination_name,"
    f" {_LINES}, {_TOTAL}, o.currency,"
    " (SELECT COUNT(*) FROM order_line l WHERE l.order_id = o.id AND l.unit_price IS NULL),"
    f" {_CONFIRMED}, {_FLAGGED}, {_COMMENTED}"
    " FROM (SELECT o.id FROM purchase_order o{join}{{where}}{order}{{window}}) page"
    " JOIN purchase_order o ON o.id = page.id JOIN partner p ON p.id = o.partner_id{order}"
)
_COUNT = "SELECT COUNT(*) FROM purchase_order o{join}{{where}}"
_TOTALS = (
    f"SELECT o.currency, SUM({money_units('l.quantity', 'l.unit_price')}) FROM purchase_order o{{join}}"
    " LEFT JOIN order_line l ON l.order_id = o.id{where} GROUP BY o.currency"
)
_PARTNER = " JOIN partner p ON p.id = o.partner_id"
# The order number and the partner's folded text, trigram-indexed (migration 0008).
_SEARCH_INDEX = SearchIndex("order_search", "o.id")


def _filters(query: ListQuery, db: Reader) -> Conditions:
    return (
        Conditions()
        .equal("o.status", "status", query.get("status"))
        .equal("o.partner_id", "partner_id", query.get("partner_id"))
        .search(query.search, ["LOWER(o.number)", "p.search_text"], index=_SEARCH_INDEX, reader=db)
    )


def _row(r: tuple[Any, ...]) -> OrderRow:
    return OrderRow(
        id=r[0],
        number=r[1],
        partner_code=r[2],
        partner_name=r[3],
        status=OrderStatus(r[4]),
        order_date=required_date(r[5]),
        requested_on=None if r[6] is None else required_date(r[6]),
        destination_name=r[7] or "",
        lines=int(r[8] or 0),
        total=round_money(money_from_units(r[9])),
        currency=r[10],
        unpriced=int(r[11] or 0),
        confirmed_total=None if r[4] in ("draft", "sent") else round_money(money_from_units(r[12])),
        confirmation_flags=int(r[13] or 0),
        partner_commented=bool(r[14]),
    )


def order_page(db: Reader, query: ListQuery) -> ListPage[OrderRow]:
    """One page of orders matching the query (filters: status, partner_id), with the matching and total counts.

    Raises ValueError for an unknown sort key.
    """
    filters = _filters(query, db)
    join = _PARTNER if query.search.strip() or query.sort == "partner" else ""
    order = order_by(query, SORTS, "date", "o.number")
    rows_sql = _ROWS.format(join=join, order=order)
    count_sql = _COUNT.format(join=_PARTNER if query.search.strip() else "")
    rows, matching, total, capped = read_page(
        db, query, rows_sql=rows_sql, count_sql=count_sql, filters=filters, total_sql=_COUNT.format(join="")
    )
    return ListPage([_row(r) for r in rows], matching, total, capped)


def order_totals(db: Reader, query: ListQuery) -> dict[str, Decimal]:
    """The value of every order matching the query, cancelled ones left out, per currency (2 decimals).

    Summed over the lines in SQL (not over the loaded pages), so it covers the whole filter.
    """
    filters = _filters(query, db).add("o.status <> 'cancelled'")
    join = _PARTNER if query.search.strip() else ""
    rows = db.read(_TOTALS.format(join=join, where=filters.where()), filters.params)
    return {str(r[0]): round_money(money_from_units(r[1])) for r in rows}


def every_order(db: Reader, query: ListQuery = DEFAULT_QUERY) -> OrderList:
    """Every matching order (no page limit) and the totals, for the command line."""
    whole = replace(query, offset=0, limit=None)
    return OrderList(rows=order_page(db, whole).rows, totals=order_totals(db, whole))


class OrderListing:
    """Reads pages of orders and their totals for the orders page; nothing is capped."""

    def __init__(self, db: Reader) -> None:
        self._db = db

    def page(self, query: ListQuery) -> ListPage[OrderRow]:
        """One page of orders (see `order_page`)."""
        return order_page(self._db, query)

    def totals(self, query: ListQuery) -> dict[str, Decimal]:
        """The totals per currency of the whole filter (see `order_totals`)."""
        return order_totals(self._db, query)
