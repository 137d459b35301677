"""A read-only table of dictionaries (a scorecard's KPIs, a pilot's sales, SLA versions): the cached-rows base for rows
that are built for one view rather than DTOs; the editable model stays for tables whose cells are typed into."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt

from microfactory_desk.ui.table_models.cached_rows_model import CachedRowsModel

Row = dict[str, Any]
# (role, row, column key) -> value for extra roles such as colours, fonts and tooltips.
Decorator = Callable[[int, Row, str], Any]
# The roles a decorator is asked for, once per cell when the rows are set.
DECORATED_ROLES = (
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ForegroundRole,
)


class DictRowsModel(CachedRowsModel[Row]):
    """Rows are dictionaries keyed by column; hidden keys (like "id") travel along unchanged."""

    def __init__(
        self,
        columns: Sequence[tuple[str, str]],
        *,
        computed: Mapping[str, Callable[[Row], str]] | None = None,
        decorate: Decorator | None = None,
    ) -> None:
        self._keys = tuple(key for key, _ in columns)
        self._computed = dict(computed or {})
        self._decorator = decorate
        super().__init__([header for _, header in columns], self._texts)

    def _texts(self, row: Row) -> tuple[str, ...]:
        computed = self._computed
        return tuple(computed[k](row) if k in computed else _text(row.get(k)) for k in self._keys)

    def set_rows(self, rows: Iterable[Row]) -> None:
        """Replace all rows (copied, so the caller's dictionaries can change afterwards)."""
        super().set_rows(dict(r) for r in rows)

    def rows(self) -> list[Row]:
        """Copies of the rows, in the order shown."""
        return [dict(r) for r in self._rows]

    def decorate(self, row: Row, texts: tuple[str, ...]) -> dict[int, tuple[Any, ...]]:
        """The text again for editors and copying; the decorator's answers for each role it gives."""
        cells: dict[int, tuple[Any, ...]] = {Qt.ItemDataRole.EditRole: texts}
        if self._decorator is not None:
            for role in DECORATED_ROLES:
                values = tuple(self._decorator(role, row, key) for key in self._keys)
                if any(v is not None for v in values):
                    cells[role] = values
        return cells


def _text(value: Any) -> str:
    return "" if value is None else str(value)
