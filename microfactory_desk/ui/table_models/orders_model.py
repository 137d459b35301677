"""The order list: number, partner, status, dates, lines and total."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from microfactory_desk.schemas.vocab import label
from microfactory_desk.ui import theme

if TYPE_CHECKING:
    # Only for annotations: the schema module loads pydantic, which the window must not wait for.
    from microfactory_desk.schemas.orders import OrderRow

COL_NUMBER, COL_PARTNER, COL_STATUS, COL_DATE, COL_REQUESTED, COL_DESTINATION, COL_LINES, COL_TOTAL = range(8)
HEADERS = ("Order", "Partner", "Status", "Order date", "Requested", "Destination", "Lines", "Total")
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
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
Index = QModelIndex | QPersistentModelIndex


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


class OrdersTableModel(QAbstractTableModel):
    """Rows arrive newest first from SQL; header clicks re-sort the loaded list in place."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[OrderRow] = []
        self._display: list[tuple[str, ...]] = []

    def set_rows(self, rows: list[OrderRow]) -> None:
        """Replace all rows."""
        self.beginResetModel()
        self._rows = list(rows)
        self._display = [_display(r) for r in self._rows]
        self.endResetModel()

    def row(self, at: int) -> OrderRow:
        """The order shown in a row."""
        return self._rows[at]

    def find(self, order_id: int) -> int:
        """The row showing an order, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.id == order_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of orders."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Fixed columns."""
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cached text; unpriced totals in red, cancelled orders muted."""
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (COL_LINES, COL_TOTAL):
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            row = self._rows[index.row()]
            if index.column() == COL_TOTAL and row.unpriced:
                return QColor(theme.ERROR)
            if row.status.value == "cancelled":
                return QColor("#8a939c")
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-order the loaded orders by a column."""
        self.layoutAboutToBeChanged.emit()
        self._rows.sort(key=SORT_KEYS[column], reverse=order == Qt.SortOrder.DescendingOrder)
        self._display = [_display(r) for r in self._rows]
        self.layoutChanged.emit()
