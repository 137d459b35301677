"""The pilots list: one row per pilot with its derived figures ("no data" where a figure cannot be had)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from microfactory_desk.ui import theme
from microfactory_desk.ui.table_models.cached_rows_model import CachedRowsModel

if TYPE_CHECKING:
    from microfactory_desk.schemas.pilot_rows import PilotRow

COL_NUMBER, COL_SKU, COL_PARTNER, COL_MARKET, COL_STATUS, COL_SELL, COL_RETURNS, COL_RATING, COL_DAYS, COL_DECISION = (
    range(10)
)
HEADERS = (
    "Pilot",
    "SKU",
    "Partner",
    "Market",
    "Status",
    "Sell-through",
    "Returns",
    "Rating",
    "Sold out in",
    "Decision",
)
NUMERIC = (COL_SELL, COL_RETURNS, COL_RATING, COL_DAYS)
NO_DATA = "no data"
STATUS_TEXT = {
    "planned": "Planned",
    "running": "Running",
    "awaiting_decision": "Awaiting decision",
    "decided": "Decided",
}


def _num(value: float | None, fmt: str) -> str:
    return NO_DATA if value is None else fmt.format(value)


def display(p: PilotRow) -> tuple[str, ...]:
    """The texts of one row."""
    return (
        p.number,
        p.sku_code,
        f"{p.partner_name} ({p.partner_code})",
        p.market_name,
        STATUS_TEXT.get(p.status, p.status),
        _num(p.sell_through_pct, "{:.1f} %"),
        _num(p.return_rate_pct, "{:.1f} %"),
        _num(p.average_rating, "{:.1f}"),
        _num(p.days_to_sell_out, "{:.0f} d"),
        (p.decision or "").replace("_", " ").capitalize(),
    )


def _sort_key(column: int) -> Any:
    figures = {
        COL_SELL: lambda p: p.sell_through_pct,
        COL_RETURNS: lambda p: p.return_rate_pct,
        COL_RATING: lambda p: p.average_rating,
        COL_DAYS: lambda p: p.days_to_sell_out,
    }
    if column in figures:
        get = figures[column]
        return lambda p: (get(p) is None, get(p) or 0)  # "no data" last
    return lambda p: display(p)[column].casefold()


class PilotsTableModel(CachedRowsModel["PilotRow"]):
    """Rows with their texts computed once; sorting re-orders the (short) list in place."""

    def __init__(self) -> None:
        super().__init__(HEADERS, display)

    def row_of(self, pilot_id: int) -> int:
        """The row showing the pilot, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.id == pilot_id), -1)

    def extra(self, row: PilotRow, column: int, role: int, text: str) -> Any:
        """Numbers right-aligned, "no data" muted."""
        del row
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and text == NO_DATA:
            return QColor(theme.MUTED)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in place by a column ("no data" last)."""
        self.layoutAboutToBeChanged.emit()
        pairs = sorted(
            zip(self._rows, self._display, strict=True),
            key=lambda pair: _sort_key(column)(pair[0]),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self._rows = [p for p, _ in pairs]
        self._display = [d for _, d in pairs]
        self.layoutChanged.emit()
