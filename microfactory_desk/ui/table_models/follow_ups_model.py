"""Open negotiation follow-ups across partners, soonest first."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from microfactory_desk.ui import theme
from microfactory_desk.ui.table_models.index import Index

if TYPE_CHECKING:
    # Only for annotations: the schema module loads pydantic, which the window must not wait for.
    from microfactory_desk.schemas.negotiation import FollowUpRow

COL_DUE, COL_STATUS, COL_PARTNER, COL_NEXT_STEP, COL_OWNER = range(5)
HEADERS = ("Due", "Status", "Partner", "Next step", "Owner")
SORT_KEYS = (
    lambda r: (r.follow_up_on, r.partner_name.casefold()),
    lambda r: (-r.days_overdue, r.partner_name.casefold()),
    lambda r: (r.partner_name.casefold(), r.follow_up_on),
    lambda r: (r.next_step.casefold(), r.follow_up_on),
    lambda r: (r.owner.casefold(), r.follow_up_on),
)


def due_text(days_overdue: int) -> str:
    """How a follow-up's timing reads: "Overdue 3 days", "Due today", "In 2 days"."""
    if days_overdue > 0:
        return f"Overdue {days_overdue} day{'s' if days_overdue != 1 else ''}"
    if days_overdue == 0:
        return "Due today"
    ahead = -days_overdue
    return "Tomorrow" if ahead == 1 else f"In {ahead} days"


def _display(row: FollowUpRow) -> tuple[str, ...]:
    next_step = " ".join(row.next_step.split())
    return (
        row.follow_up_on.isoformat(),
        due_text(row.days_overdue),
        f"{row.partner_name} ({row.partner_code})",
        next_step,
        row.owner,
    )


class FollowUpsTableModel(QAbstractTableModel):
    """The rows arrive sorted by due date from SQL; header clicks re-sort the (short) list in place."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[FollowUpRow] = []
        self._display: list[tuple[str, ...]] = []

    def set_rows(self, rows: list[FollowUpRow]) -> None:
        """Replace all rows."""
        self.beginResetModel()
        self._rows = list(rows)
        self._display = [_display(r) for r in self._rows]
        self.endResetModel()

    def row(self, at: int) -> FollowUpRow:
        """The follow-up shown in a row."""
        return self._rows[at]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of follow-ups."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Fixed columns."""
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cached text; overdue rows in red, due-today ones in amber."""
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_NEXT_STEP:
            return self._rows[index.row()].next_step
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == COL_STATUS:
            days = self._rows[index.row()].days_overdue
            return QColor(theme.ERROR) if days > 0 else QColor("#8a5a00") if days == 0 else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-order the loaded follow-ups by a column."""
        self.layoutAboutToBeChanged.emit()
        self._rows.sort(key=SORT_KEYS[column], reverse=order == Qt.SortOrder.DescendingOrder)
        self._display = [_display(r) for r in self._rows]
        self.layoutChanged.emit()
