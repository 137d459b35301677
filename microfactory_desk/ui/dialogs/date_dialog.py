"""A small dialog that asks for one date with the date field (e.g. the day an SLA was agreed)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from microfactory_desk.ui import theme
from microfactory_desk.ui.widgets.date_edit import DateEdit


class DateDialog(QDialog):
    """Asks a question answered by a date; OK stays on the dialog until the field names one."""

    def __init__(
        self, title: str, question: str, default: dt.date | None = None, *, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        caption = QLabel(question)
        caption.setWordWrap(True)
        self.field = DateEdit()
        self.field.set_date(default)
        caption.setBuddy(self.field)
        self.error = QLabel()
        theme.error(self.error)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for widget in (caption, self.field, self.error, buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(420)

    def accept(self) -> None:
        """Close with the date, or say under the field that the text names none."""
        if self.field.date() is None:
            self.error.setText("Type a date such as 2026-01-15, or pick one from the calendar.")
            self.error.show()
            theme.mark_invalid(self.field, True)
            return
        super().accept()
