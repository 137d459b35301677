"""Table models of the Quality page: inspections, corrective actions and checklist templates."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from microfactory_desk.ui import theme
from microfactory_desk.ui.table_models.index import Index

AMBER = "#8a5a00"
PASSED = "#2f6f5e"
OUTCOMES = {"passed": "Passed", "failed": "Failed", "no_data": "No data"}
ACTION_STATUS = {"open": "Open", "in_progress": "In progress", "closed": "Verified closed"}


def pct_text(value: Any) -> str:
    """'87.5 %' or '' (the UI must not import the schema module that owns fmt_pct)."""
    if value is None:
        return ""
    return f"{float(value):.2f}".rstrip("0").rstrip(".") + " %"


class RowsTableModel(QAbstractTableModel):
    """Read-only rows (named tuples) with their display text computed once; data() is a lookup."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Any] = []
        self._display: list[tuple[str, ...]] = []
        self._colours: list[tuple[str | None, ...]] = []

    def display(self, row: Any) -> tuple[str, ...]:
        """The texts of one row, one per column."""
        raise NotImplementedError

    def colours(self, row: Any) -> tuple[str | None, ...]:
        """Foreground colour per column (None = default)."""
        return (None,) * len(self.HEADERS)

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Replace all rows."""
        self.beginResetModel()
        self._rows = list(rows)
        self._display = [self.display(r) for r in self._rows]
        self._colours = [self.colours(r) for r in self._rows]
        self.endResetModel()

    def row(self, at: int) -> Any:
        """The row object shown at `at`."""
        return self._rows[at]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of rows."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Fixed columns."""
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cached text and colour."""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._display[index.row()][index.column()]
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = self._colours[index.row()][index.column()]
            return QColor(colour) if colour else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def sort_by(self, key: Callable[[Any], Any], reverse: bool = False) -> None:
        """Re-order the loaded rows."""
        self.layoutAboutToBeChanged.emit()
        order = sorted(range(len(self._rows)), key=lambda i: key(self._rows[i]), reverse=reverse)
        self._rows = [self._rows[i] for i in order]
        self._display = [self._display[i] for i in order]
        self._colours = [self._colours[i] for i in order]
        self.layoutChanged.emit()


class InspectionsTableModel(RowsTableModel):
    """Inspections, newest first."""

    HEADERS = ("Number", "Date", "Partner", "Checklist", "Inspector", "Status", "Score", "Outcome")

    def display(self, r: Any) -> tuple[str, ...]:
        status = "Finished" if r.status == "finished" else "In progress"
        return (
            r.number,
            r.inspected_on.isoformat(),
            f"{r.partner_name} ({r.partner_code})",
            f"{r.template_name} v{r.template_version}",
            r.inspector,
            status,
            pct_text(r.score_pct),
            OUTCOMES.get(r.outcome or "", ""),
        )

    def colours(self, r: Any) -> tuple[str | None, ...]:
        outcome = {"failed": theme.ERROR, "passed": PASSED}.get(r.outcome or "")
        status = AMBER if r.status != "finished" else None
        return (None, None, None, None, None, status, outcome, outcome)


class ActionsTableModel(RowsTableModel):
    """Corrective actions: open ones first by due date."""

    HEADERS = ("Number", "Due", "Timing", "Partner", "What must be put right", "Owner", "Severity", "Status")

    def display(self, r: Any) -> tuple[str, ...]:
        if r.status == "closed":
            timing = f"Closed {r.closed_on}" if r.closed_on else "Closed"
        elif r.days_overdue is None:
            timing = "No due date"
        elif r.days_overdue > 0:
            timing = f"Overdue {r.days_overdue} day{'s' if r.days_overdue != 1 else ''}"
        else:
            timing = "Due today" if r.days_overdue == 0 else f"In {-r.days_overdue} days"
        return (
            r.number,
            r.due_on.isoformat() if r.due_on else "",
            timing,
            f"{r.partner_name} ({r.partner_code})",
            " ".join(r.description.split()),
            r.owner,
            r.severity.capitalize(),
            ACTION_STATUS.get(r.status, r.status),
        )

    def colours(self, r: Any) -> tuple[str | None, ...]:
        timing = theme.ERROR if r.overdue else (PASSED if r.status == "closed" else None)
        severity = theme.ERROR if r.severity in ("high", "critical") else None
        return (None, None, timing, None, None, None, severity, None)


class TemplatesTableModel(RowsTableModel):
    """Checklist templates and their versions."""

    HEADERS = ("Checklist", "Version", "Items", "Inspections", "Key")

    def display(self, r: Any) -> tuple[str, ...]:
        version = f"v{r.version}" + ("" if r.is_current else " (old)")
        return (r.name, version, str(r.items), str(r.in_use), r.key)

    def colours(self, r: Any) -> tuple[str | None, ...]:
        muted = None if r.is_current else theme.MUTED
        return (muted,) * len(self.HEADERS)
