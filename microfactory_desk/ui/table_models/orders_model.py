"""The order list: number, partner, status, dates, lines, total and the partner's answer (confirmed value, flags)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from microfactory_desk.schemas.listing import ListQuery
from microfactory_desk.schemas.vocab import label
from microfactory_desk.ui import theme
from microfactory_desk.ui.table_models.cached_rows_model import per_column
from microfactory_desk.ui.table_models.paged_rows_model import PagedRowsModel
from microfactory_desk.wording import counted

if TYPE_CHECKING:
    from microfactory_desk.schemas.list_rows import OrderRow

(COL_NUMBER, COL_PARTNER, COL_STATUS, COL_DATE, COL_REQUESTED, COL_DESTINATION, COL_LINES, COL_TOTAL,
 COL_CONFIRMED, COL_ANSWER) = range(10)  # fmt: skip
HEADERS = (
    "Order", "Partner", "Status", "Order date", "Requested", "Destination", "Lines", "Total", "Confirmed", "Answer"
)  # fmt: skip
# The listing's sort key of each column (services/orders/listing.py SORTS): sorting happens in SQL.
SORTS = ("number", "partner", "status", "date", "requested", "destination", "lines", "total", "confirmed", "answer")
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
    lambda r: (r.confirmed_total is None, r.confirmed_total or 0, r.number),
    lambda r: (r.confirmation_flags, r.partner_commented, r.number),
)


def _answer(row: OrderRow) -> str:
    """The short flag of the partner's answer: lines confirmed short or late, and a comment."""
    # Short ("3 short/late", not "3 lines …") so a comment still fits the column; the tooltip spells it out.
    parts = [f"⚠ {row.confirmation_flags} short/late"] if row.confirmation_flags else []
    return " · ".join([*parts, "comment"] if row.partner_commented else parts)


def _answer_tip(row: OrderRow) -> str | None:
    """The flag spelled out for the tooltip (None when there is nothing to flag)."""
    tips = []
    if row.confirmation_flags:
        tips.append(
            f"{row.confirmation_flags} of {counted(row.lines, 'line')} confirmed short (or at 0) or arriving after the"
            " requested date."
        )
    if row.partner_commented:
        tips.append("The partner left a comment: open the order to read it.")
    return "\n".join(tips) or None


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
        "" if row.confirmed_total is None else f"{row.confirmed_total:,.2f} {row.currency}",
        _answer(row),
    )


class OrdersTableModel(PagedRowsModel["OrderRow"]):
    """Pages of orders from SQL, newest first; header clicks sort the whole list in SQL."""

    CODE_COLUMNS = (COL_PARTNER,)

    def __init__(self) -> None:
        super().__init__(
            HEADERS,
            _display,
            sorts=SORTS,
            query=FIRST_QUERY,
            right_aligned=(COL_LINES, COL_TOTAL, COL_CONFIRMED),
            sort_keys=SORT_KEYS,
        )

    def find(self, order_id: int) -> int:
        """The row showing an order, or -1."""
        return self.index_of(lambda r: r.id == order_id)

    def decorate(self, row: OrderRow, texts: tuple[str, ...]) -> dict[int, tuple[Any, ...]]:
        """Unpriced totals in red, a confirmed value below the ordered one and the answer's flags in amber,
        cancelled orders muted; the flags spelled out in a tooltip."""
        del texts
        cancelled = theme.colour(theme.NO_DATA) if row.status.value == "cancelled" else None
        total = theme.colour(theme.ERROR) if row.unpriced else cancelled
        short = row.confirmed_total is not None and row.confirmed_total != row.total
        warning = theme.colour(theme.AMBER) if cancelled is None else cancelled
        colours = {
            COL_TOTAL: total,
            COL_CONFIRMED: warning if short else cancelled,
            COL_ANSWER: warning if row.confirmation_flags else cancelled,
        }
        tips = {COL_ANSWER: _answer_tip(row)}
        return {
            Qt.ItemDataRole.ForegroundRole: per_column(len(HEADERS), colours, cancelled),
            Qt.ItemDataRole.ToolTipRole: per_column(len(HEADERS), tips),
        }
