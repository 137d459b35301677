"""The History tab: who changed which field of a record, from what to what, and when (the change log)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from microfactory_desk.schemas.history import ChangeOut
from microfactory_desk.ui.table_models.dict_rows_model import DictRowsModel

COLUMNS = [("when", "When"), ("who", "Who"), ("field", "Field"), ("old", "Before"), ("new", "After")]


class HistoryTab(QWidget):
    """A read-only list of a record's logged changes, newest first; `set_changes` fills it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DictRowsModel(COLUMNS)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((130, 110, 120, 200)):
            self.view.setColumnWidth(column, width)
        self.empty = QLabel("No saved changes yet: every later save lists here who changed what.")
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.view)

    def set_changes(self, changes: list[ChangeOut]) -> None:
        """Show `changes` (newest first), times in local time."""
        self.model.set_rows(
            [
                {
                    # Stored in UTC: shown in the reader's own time zone.
                    "when": c.changed_at.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M"),
                    "who": c.changed_by,
                    "field": c.field.replace("_", " ").capitalize(),
                    "old": c.old_value or "—",
                    "new": c.new_value or "—",
                }
                for c in changes
            ]
        )
        self.empty.setVisible(not changes)
        self.view.setVisible(bool(changes))
