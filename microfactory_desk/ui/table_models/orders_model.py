"""The order list: number, partner, status, dates, lines and total."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from microfactory_desk.schemas.listing import ListQuery
from microfactory_desk.schemas.vocab import label
from microfactory_desk.ui import theme
from microfactory_desk.ui.table_models.cached_rows_model import per_column
from microfactory_desk.ui.table_models.paged_rows_model import PagedRowsModel

if TYPE_CHECKING:
    from microfactory_desk.schemas.list_rows import OrderRow

COL_NUMBER, COL_PARTNER, COL_STATUS, COL_DATE, COL_REQUESTED, COL_DESTINATION, COL_LINES, COL_TOTAL = range(8)
HEADERS = ("Order", "Partner", "Status", "Order date", "Requested", "Destination", "Lines", "Total")
# The listing's sort key of each column (services/orders/listing.py SORTS): sorting happens in SQL.
SORTS = ("number", "partner", "status", "date", "requested", "destination", "lines", "total")
# What the page shows first: newest orders first.
FIRST_QUERY = ListQuery(sort="date", descending=True)
# The same orders for rows handed in whole (no listing behind them): sorted in memory.
SORT_KEYS = (
    lambda r: r.number,
    lambda r: r.partner_name.casefold(),
    lambda r: (r.status.value, r.number),
    lambda r: (r.order_date, r.number),
    lambda r: (r.requested_on is None, r.requested_on or r.order_date, r.number),
    lambda r: r.destination_name.casefold(),
    lambda r: r.lines,
    lambda r: r.total,
)


def _display(row: OrderRow) -> tuple[str, ...]:
    total = f"{row.total:,.2f} {row.currency}"
    return (
        row.number,
        f"{row.partner_name} ({row.partner_code})",
        label(row.status.value),
        row.order_date.isoformat(),
        row.requested_on.isoformat() if row.requested_on else "",
        row.destination_name,
        str(row.lines),
        total + (f"  ⚠ {row.unpriced} unpriced" if row.unpriced else ""),
    )


class OrdersTableModel(PagedRowsModel["OrderRow"]):
    """Pages of orders from SQL, newest first; header clicks sort the whole list in SQL."""

    def __init__(self) -> None:
        super().__init__(
            HEADERS, _display, sorts=SORTS, query=FIRST_QUERY, right_aligned=(COL_LINES, COL_TOTAL), sort_keys=SORT_KEYS
        )

    def find(self, order_id: int) -> int:
        """The row showing an order, or -1."""
        return self.index_of(lambda r: r.id == order_id)

    def decorate(self, row: OrderRow, texts: tuple[str, ...]) -> dict[int, tuple[Any, ...]]:
        """Unpriced totals in red, cancelled orders muted."""
        del texts
        cancelled = theme.colour(theme.NO_DATA) if row.status.value == "cancelled" else None
        total = theme.colour(theme.ERROR) if row.unpriced else cancelled
        return {Qt.ItemDataRole.ForegroundRole: per_column(len(HEADERS), {COL_TOTAL: total}, cancelled)}
