"""The one base of read-only table models: each row is converted once, so data() is a lookup.

After anki's browser model (a row cache filled as rows are shown) and vorta's archive_table_model.py
(named COL_* columns, a SortRole, set_rows() wrapping a model reset): data() runs for every visible cell
on every paint, so everything it can be asked for is worked out the first time a row is needed (shown
or sorted) and kept per row and role. Rows never shown are never converted: a 200-row page costs what
its visible rows cost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Generic, TypeVar, cast

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QModelRoleData, QModelRoleDataSpan, Qt

from microfactory_desk.ui.table_models.index import Index

Row = TypeVar("Row")
DISPLAY = Qt.ItemDataRole.DisplayRole
ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
SortRole = Qt.ItemDataRole.UserRole
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
# role -> one value per column (None: Qt's default for that cell)
Cells = dict[int, tuple[Any, ...]]


def per_column(columns: int, values: Mapping[int, Any], default: Any = None) -> tuple[Any, ...]:
    """A row's values for one role: `values` at their columns, `default` elsewhere."""
    return tuple(values.get(column, default) for column in range(columns))


class CachedRowsModel(QAbstractTableModel, Generic[Row]):
    """Rows are DTOs; `display(row)` gives their texts, `decorate()` their other roles, both once per row.

    Numbers in `right_aligned` columns are right-aligned; `sort_keys` (one function per column) give the
    SortRole values header clicks sort by; where a column has none, its display text sorts, case-folded.
    """

    SortRole = SortRole
    # The columns that show a partner as "Name (CODE)": list tables keep the code whole when they cut the name.
    CODE_COLUMNS: tuple[int, ...] = ()

    def __init__(
        self,
        headers: Sequence[str],
        display: Callable[[Row], tuple[str, ...]],
        *,
        right_aligned: Iterable[int] = (),
        sort_keys: Sequence[Callable[[Row], Any] | None] = (),
    ) -> None:
        super().__init__()
        self._headers = tuple(headers)
        self._display_of = display
        right = set(right_aligned)
        self._alignment = tuple(RIGHT if c in right else None for c in range(len(self._headers)))
        self._sort_keys = tuple(sort_keys) + (None,) * (len(self._headers) - len(sort_keys))
        self._rows: list[Row] = []
        self._cache: list[Cells | None] = []  # None: not converted yet

    # --- the cache ------------------------------------------------------------------------
    def decorate(self, row: Row, texts: tuple[str, ...]) -> Mapping[int, tuple[Any, ...]]:
        """Colours, tooltips and other roles of one row, one value per column; none by default."""
        del row, texts
        return {}

    def _convert(self, row: Row) -> Cells:
        texts = self._display_of(row)
        cells: Cells = {DISPLAY: texts}
        cells.update(self.decorate(row, texts))
        keys = self._sort_keys
        cells[SortRole] = tuple(
            text.casefold() if key is None else key(row) for key, text in zip(keys, texts, strict=True)
        )
        return cells

    def _cells(self, at: int) -> Cells:
        """The converted cells of row `at`, converting it the first time it is asked for."""
        cells = self._cache[at]
        if cells is None:
            cells = self._cache[at] = self._convert(self._rows[at])
        return cells

    def set_rows(self, rows: Iterable[Row]) -> None:
        """Replace all rows (each is converted once, when first shown or sorted)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._cache = [None] * len(self._rows)
        self.endResetModel()

    def append_rows(self, rows: Sequence[Row]) -> None:
        """Add rows at the end (the next page of a long list)."""
        if not rows:
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
        self._rows.extend(rows)
        self._cache.extend([None] * len(rows))
        self.endInsertRows()

    def row(self, at: int) -> Row:
        """The DTO shown in a row."""
        return self._rows[at]

    def index_of(self, matches: Callable[[Row], bool]) -> int:
        """The first row whose DTO matches, or -1."""
        return next((i for i, r in enumerate(self._rows) if matches(r)), -1)

    # --- Qt model API ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of rows."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Fixed columns."""
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        """A lookup in the row's cache; nothing is formatted here."""
        if not index.isValid():
            return None
        return self._value(self._cells(index.row()), index.column(), role)

    def _value(self, cells: Cells, column: int, role: int) -> Any:
        """One cell's value for `role` from its row's cache (`cells`: role -> the row's values); the column's
        alignment when the row keeps none of its own; None for a role the row does not answer."""
        values = cells.get(role)
        if values is not None:
            return values[column]
        return self._alignment[column] if role == ALIGNMENT else None

    def multiData(self, index: Index, roleDataSpan: QModelRoleDataSpan | QModelRoleData) -> None:  # noqa: N802, N803
        """Every role a view asks of one cell, in one call from C++: Qt 6's item delegates ask seven roles per
        painted cell at once (font, alignment, colours, check state, icon, text, background), where `data()` is
        called seven times. A subclass that overrides `data()` is asked Qt's way, role by role."""
        if type(self).data is not CachedRowsModel.data:
            super().multiData(index, roleDataSpan)
            return
        if not index.isValid():
            return
        cells = self._cells(index.row())
        column = index.column()
        # PySide6 iterates a span (its stubs do not say so); a single QModelRoleData may come from Python callers.
        asked = (
            [roleDataSpan] if isinstance(roleDataSpan, QModelRoleData) else cast("list[QModelRoleData]", roleDataSpan)
        )
        for role_data in asked:
            value = self._value(cells, column, role_data.role())
            # Every role is set: the delegate hands the same span in for every cell it paints.
            if value is None:
                role_data.clearData()
            else:
                role_data.setData(value)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY:
            return self._headers[section]
        return None

    # --- sorting the loaded rows ----------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-order the loaded rows by the column's SortRole values."""
        descending = order == Qt.SortOrder.DescendingOrder
        keys = self.sort_values(column)
        self.reorder(sorted(range(len(keys)), key=keys.__getitem__, reverse=descending))

    def sort_by(self, key: Callable[[Row], Any], descending: bool = False) -> None:
        """Re-order the loaded rows by a key of their DTOs (a stable sort, as list.sort)."""
        rows = self._rows
        self.reorder(sorted(range(len(rows)), key=lambda i: key(rows[i]), reverse=descending))

    def sort_values(self, column: int) -> list[Any]:
        """The SortRole values of a column, row by row."""
        return [self._cells(at)[SortRole][column] for at in range(len(self._rows))]

    def reorder(self, order: Sequence[int]) -> None:
        """Show the rows in a new order (row indexes); the cache moves with them, nothing is converted again."""
        self.layoutAboutToBeChanged.emit()
        self._rows = [self._rows[i] for i in order]
        self._cache = [self._cache[i] for i in order]
        self.layoutChanged.emit()
