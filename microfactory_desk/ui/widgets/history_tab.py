"""The History tab of the partner, SLA version and order editors: who changed what, from what to what, and when."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microfactory_desk.exports.history_csv import write_history_csv
from microfactory_desk.paths import file_name_part
from microfactory_desk.schemas.history import ChangeOut
from microfactory_desk.ui import theme
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.table_models.dict_rows_model import DictRowsModel
from microfactory_desk.ui.tasks import run_task
from microfactory_desk.wording import counted

COLUMNS = [("when", "When"), ("who", "Who"), ("field", "Field"), ("old", "Before"), ("new", "After")]
# Initial widths (px) of When, Who, Field and Before; After stretches. Dates and names fit whole at these.
WIDTHS = (120, 110, 220, 150)
# The columns whose text can be longer than the column: their tooltip shows the whole value.
_LONG = {"who", "field", "old", "new"}
EMPTY = "No saved changes yet: every later save lists here who changed what."


def local_time(moment: dt.datetime) -> str:
    """A logged UTC time in the reader's own time zone, to the minute."""
    return moment.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M")


def _full_text(role: int, row: dict[str, Any], key: str) -> str | None:
    """The whole value as the tooltip of a cell that may be cut (multi-line notes included)."""
    if role == Qt.ItemDataRole.ToolTipRole and key in _LONG and row.get(key):
        return str(row[key])
    return None


class HistoryTab(QWidget):
    """A read-only list of a record's logged changes, newest first, with an export to CSV.

    Filled by `set_changes` (changes in hand) or `load` (fetched off the GUI thread). `file_stem` names the
    suggested CSV file ("PO-2026-0042 history.csv").
    """

    def __init__(self, parent: QWidget | None = None, *, file_stem: str = "history") -> None:
        super().__init__(parent)
        self.file_stem = file_name_part(file_stem)  # a partner code may hold "/"
        self.changes: list[ChangeOut] = []
        self.model = DictRowsModel(COLUMNS, decorate=_full_text)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        # Every column can be dragged wider (a long contact name in Field, an e-mail in Before); the last one
        # takes what is left, so "After" is never cut off in a narrow editor (the SLA and partner editors' 780 px).
        # Cut values end in "…" and show whole in their tooltip.
        columns = self.view.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        columns.setStretchLastSection(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        for column, width in enumerate(WIDTHS):
            self.view.setColumnWidth(column, width)
        self.empty = QLabel("Loading the history…")
        theme.muted(self.empty)
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export)
        top = QHBoxLayout()
        top.addWidget(self.empty, 1)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        # Takes the height only while the list is hidden (no changes yet): the line stays at the top of the tab
        # instead of floating in its middle.
        layout.addStretch(0)

    def load(self, fetch: Callable[[], list[ChangeOut]]) -> None:
        """Fetch the changes on a worker thread and show them when they arrive."""
        run_task(fetch, self.set_changes)

    def set_changes(self, changes: list[ChangeOut]) -> None:
        """Show `changes` (newest first), times in local time, fields as the form labels them."""
        self.changes = list(changes)
        self.model.set_rows(
            [
                {
                    "when": local_time(c.changed_at),
                    "who": c.changed_by,
                    "field": c.label or c.field,
                    "old": c.old_value or "—",
                    "new": c.new_value or "—",
                }
                for c in changes
            ]
        )
        self._fit_columns()
        self.empty.setText(EMPTY if not changes else f"{counted(len(changes), 'change')}, newest first")
        self.view.setVisible(bool(changes))
        self.export_button.setEnabled(bool(changes))

    def _fit_columns(self) -> None:
        """Field and Before take only what their values need, up to their initial widths: After gets the rest.

        Seen on a render: "Weekly capacity (units)" left 50 px of Field empty while After cut the new name.
        """
        for column in (2, 3):
            self.view.resizeColumnToContents(column)
            self.view.setColumnWidth(column, min(self.view.columnWidth(column), WIDTHS[column]))

    def export(self) -> None:
        """Ask where, then write the listed changes to a CSV file (off the GUI thread)."""
        path = messages.save_file(
            self, "Export history", f"{self.file_stem} history.csv", "CSV files (*.csv)", (".csv",)
        )
        if not path:
            return
        changes = self.changes
        run_task(lambda: write_history_csv(Path(path), changes), lambda _count: self.empty.setText(f"Saved {path}"))
