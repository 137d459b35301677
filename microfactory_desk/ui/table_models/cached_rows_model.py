"""A read-only list model whose cell texts are computed once per row, so data() is a tuple lookup."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from microfactory_desk.ui.table_models.index import Index

Row = TypeVar("Row")


class CachedRowsModel(QAbstractTableModel, Generic[Row]):
    """Rows are DTOs; `display(row)` gives their cell texts; subclasses add roles in `extra`."""

    def __init__(self, headers: Sequence[str], display: Callable[[Row], tuple[str, ...]]) -> None:
        super().__init__()
        self._headers = tuple(headers)
        self._display_of = display
        self._rows: list[Row] = []
        self._display: list[tuple[str, ...]] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Replace all rows."""
        self.beginResetModel()
        self._rows = list(rows)
        self._display = [self._display_of(r) for r in self._rows]
        self.endResetModel()

    def row(self, at: int) -> Row:
        """The DTO shown in a row."""
        return self._rows[at]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of rows."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Fixed columns."""
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cached text; other roles from `extra`."""
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display[index.row()][index.column()]
        at, column = index.row(), index.column()
        return self.extra(self._rows[at], column, role, self._display[at][column])

    def extra(self, row: Row, column: int, role: int, text: str) -> Any:
        """Colours, alignment and tooltips for a cell showing `text`; none by default."""
        del row, column, role, text
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def sort_by(self, key: Callable[[Row], Any], descending: bool) -> None:
        """Re-order the loaded rows in place."""
        self.layoutAboutToBeChanged.emit()
        self._rows.sort(key=key, reverse=descending)
        self._display = [self._display_of(r) for r in self._rows]
        self.layoutChanged.emit()
