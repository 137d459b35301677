"""A small table whose cells are edited in place (a partner's contacts and certifications, an SLA's price tiers)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from microfactory_desk.ui.table_models.index import Index

Row = dict[str, Any]
# (role, row, column key) -> value for extra roles such as colours and tooltips.
Decorator = Callable[[int, Row, str], Any]


class EditableRowsModel(QAbstractTableModel):
    """Rows are dictionaries keyed by column; hidden keys (like "id") travel along unchanged."""

    def __init__(
        self,
        columns: list[tuple[str, str]],
        *,
        editable: bool = True,
        computed: dict[str, Callable[[Row], str]] | None = None,
        decorate: Decorator | None = None,
        right_aligned: tuple[str, ...] = (),
    ) -> None:
        """`right_aligned` names the columns holding numbers (quantities, prices), shown flush right."""
        super().__init__()
        self._keys = [key for key, _ in columns]
        self._headers = [header for _, header in columns]
        self._editable = editable
        self._computed = computed or {}
        self._decorate = decorate
        self._right = {self._keys.index(k) for k in right_aligned}
        self._rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        """Replace all rows."""
        self.beginResetModel()
        self._rows = [dict(r) for r in rows]
        self.endResetModel()

    def rows(self) -> list[Row]:
        """The rows as edited, blank rows left out."""
        return [dict(r) for r in self._rows if any(str(r.get(k) or "").strip() for k in self._keys)]

    def column_of(self, key: str) -> int:
        """The column showing `key`; raises ValueError for a key the model has no column for."""
        return self._keys.index(key)

    def add_row(self, row: Row | None = None) -> int:
        """Append a row and return its index."""
        at = len(self._rows)
        self.beginInsertRows(QModelIndex(), at, at)
        self._rows.append(dict(row or {}))
        self.endInsertRows()
        return at

    def remove_row(self, at: int) -> None:
        """Delete a row."""
        if 0 <= at < len(self._rows):
            self.beginRemoveRows(QModelIndex(), at, at)
            del self._rows[at]
            self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of rows."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of columns."""
        return 0 if parent.isValid() else len(self._keys)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text for display and editing; other roles come from the decorator."""
        row, key = self._rows[index.row()], self._keys[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if key in self._computed:
                return self._computed[key](row)
            value = row.get(key)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self._right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if self._decorate is not None:
            return self._decorate(role, row, key)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Store an edit and repaint the row (computed columns may change)."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        self._rows[index.row()][self._keys[index.column()]] = str(value)
        last = self.index(index.row(), len(self._keys) - 1)
        self.dataChanged.emit(self.index(index.row(), 0), last)
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Editable cells except computed ones."""
        flags = super().flags(index)
        if self._editable and self._keys[index.column()] not in self._computed:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None
