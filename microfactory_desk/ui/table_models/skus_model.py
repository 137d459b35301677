"""The SKU catalogue list."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

if TYPE_CHECKING:
    from microfactory_desk.schemas.orders import SkuRow

COL_CODE, COL_NAME, COL_CATEGORY, COL_UNIT, COL_VARIANT, COL_EXPERIMENTAL, COL_NOTES = range(7)
HEADERS = ("Code", "Name", "Category", "Unit", "Variant", "Experimental", "Notes")
Index = QModelIndex | QPersistentModelIndex


def _display(row: SkuRow) -> tuple[str, ...]:
    return (row.code, row.name, row.category, row.unit, row.variant_text, "yes" if row.experimental else "",
            " ".join(row.notes.split()))  # fmt: skip


class SkusTableModel(QAbstractTableModel):
    """Catalogue rows sorted by code from SQL."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[SkuRow] = []
        self._display: list[tuple[str, ...]] = []

    def set_rows(self, rows: list[SkuRow]) -> None:
        """Replace all rows."""
        self.beginResetModel()
        self._rows = list(rows)
        self._display = [_display(r) for r in self._rows]
        self.endResetModel()

    def row(self, at: int) -> SkuRow:
        """The SKU shown in a row."""
        return self._rows[at]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of SKUs."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Fixed columns."""
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cached text."""
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_NOTES:
            return self._rows[index.row()].notes or None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None
