"""The preview an import opens first (deliveries, roster): the rows as read, one column choice per field, problems marked.

The dialog asks the service for a preview (a dry run: nothing is written) whenever a choice changes, marks
each problem cell with its message, and enables Import only when the file would import cleanly. The choices
made (mapping, date order, decimal mark) are what the caller imports with.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microfactory_desk.errors import remedy_text
from microfactory_desk.schemas.import_preview import ImportPreview, PreviewProblem
from microfactory_desk.ui import theme
from microfactory_desk.ui.error_hook import WINDOW_REMEDIES
from microfactory_desk.ui.tasks import run_task

NOT_IN_FILE = "(not in this file)"
_DATE_ORDERS = [
    ("As the file shows", None),
    ("Day first (DMY)", "DMY"),
    ("Month first (MDY)", "MDY"),
    ("Year first (YMD)", "YMD"),
]
_DECIMALS = [("As the file shows", None), ("1.234,5 (decimal comma)", ","), ("1,234.5 (decimal point)", ".")]
_SHOWN_PROBLEMS = 6

Previewer = Callable[[dict[str, str], str | None, str | None], ImportPreview]


class ImportPreviewDialog(QDialog):
    """Shows a file before it is imported; `choices()` gives the mapping and conventions accepted."""

    def __init__(self, title: str, previewer: Previewer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(900, 560)
        self._previewer = previewer
        self._preview = ImportPreview()
        self._mapping: dict[str, str] = {}
        self._fields: dict[str, QComboBox] = {}
        self._model = QStandardItemModel(self)
        self.table = QTableView()
        self.table.setModel(self._model)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.date_order = _combo(_DATE_ORDERS)
        self.decimal = _combo(_DECIMALS)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._form = QFormLayout()
        conventions = QHBoxLayout()
        conventions.addWidget(QLabel("Dates:"))
        conventions.addWidget(self.date_order)
        conventions.addWidget(QLabel("Numbers:"))
        conventions.addWidget(self.decimal)
        conventions.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addLayout(self._form)
        top.addWidget(self.table, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addLayout(conventions)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.date_order.currentIndexChanged.connect(self.refresh)
        self.decimal.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def choices(self) -> tuple[dict[str, str], str | None, str | None]:
        """(field -> header chosen, date order, decimal mark) as the person left them."""
        return dict(self._mapping), self.date_order.currentData(), self.decimal.currentData()

    def refresh(self) -> None:
        """Read the file again with the current choices (off the GUI thread) and show the result."""
        self.import_button.setEnabled(False)
        mapping, order, decimal = self.choices()
        run_task(lambda: self._previewer(mapping, order, decimal), self._show, self._failed)

    def _failed(self, exc: BaseException) -> None:
        from microfactory_desk.ui.error_hook import show_failure

        show_failure(exc, self.parentWidget(), title=self.windowTitle())
        self.reject()

    def _show(self, preview: ImportPreview) -> None:
        self._preview = preview
        self._fill_fields(preview)
        self._fill_rows(preview)
        self._show_conventions(preview)
        if preview.clean:
            self.summary.setText(
                f"Ready: {preview.ready}"
                if preview.ready
                else f"Ready: {preview.added} to add, {preview.updated} to update, {preview.unchanged} unchanged."
            )
        else:
            count = len(preview.problems)
            lines = "\n".join(_located(p, preview.header) for p in preview.problems[:_SHOWN_PROBLEMS])
            more = f"\n… and {count - _SHOWN_PROBLEMS} more (marked in the table)" if count > _SHOWN_PROBLEMS else ""
            self.summary.setText(f"{count} problem{'' if count == 1 else 's'} to fix first:\n{lines}{more}")
        self.import_button.setEnabled(preview.clean and bool(preview.rows))

    def _fill_fields(self, preview: ImportPreview) -> None:
        if not self._fields:
            for field in preview.fields:
                combo = QComboBox()
                self._fields[field] = combo
                self._form.addRow(preview.labels.get(field) or field.replace("_", " ").capitalize(), combo)
                combo.activated.connect(lambda _=0, name=field: self._field_chosen(name))
        for field, combo in self._fields.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(NOT_IN_FILE, "")
            for header in preview.header:
                if header:
                    combo.addItem(header, header)
            at = preview.columns.get(field)
            combo.setCurrentIndex(combo.findData(preview.header[at]) if at is not None else 0)
            combo.blockSignals(False)

    def _field_chosen(self, field: str) -> None:
        header = self._fields[field].currentData() or ""
        if header:
            self._mapping[field] = header
        else:
            self._mapping.pop(field, None)
        self.refresh()

    def _fill_rows(self, preview: ImportPreview) -> None:
        self._model.clear()
        self._model.setHorizontalHeaderLabels(preview.header)
        marks: dict[tuple[int, int], list[str]] = {}
        for problem in preview.problems:
            marks.setdefault((problem.row, problem.column), []).append(_worded(problem))
        for number, cells in preview.rows:
            items = []
            for column, text in enumerate(cells):
                item = QStandardItem(text)
                found = marks.get((number, column)) or (marks.get((number, -1)) if column == 0 else None)
                if found:
                    item.setBackground(theme.colour(theme.DANGER_BG))
                    item.setToolTip("\n".join(found))
                items.append(item)
            self._model.appendRow(items)
            self._model.setVerticalHeaderItem(self._model.rowCount() - 1, QStandardItem(str(number)))

    def _show_conventions(self, preview: ImportPreview) -> None:
        for combo, found in ((self.date_order, preview.date_order), (self.decimal, preview.decimal)):
            combo.blockSignals(True)
            label = "As the file shows" + (f" ({found})" if found else "")
            combo.setItemText(0, label)
            combo.blockSignals(False)

    def problem_at(self, row: int, column: int) -> str:
        """The message marked on a shown cell ("" when it has none); for tests and accessibility."""
        item = self._model.item(row, column)
        return item.toolTip() if item is not None else ""


def preview_import(
    parent: QWidget | None, title: str, previewer: Previewer
) -> tuple[dict[str, str], str | None, str | None] | None:
    """Open the preview modally; the choices to import with, or None when the person cancelled."""
    dialog = ImportPreviewDialog(title, previewer, parent)
    try:
        return dialog.choices() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def _located(problem: PreviewProblem, header: list[str]) -> str:
    """A problem with its row and, when it sits in one, the column's header."""
    column = f", column {header[problem.column]}" if 0 <= problem.column < len(header) else ""
    return f"row {problem.row}{column}: {_worded(problem)}" if problem.row else _worded(problem)


def _worded(problem: PreviewProblem) -> str:
    """The message with what to do in the window's words (a drop-down, Dates), never a command-line flag."""
    return problem.message + remedy_text(problem.remedy, WINDOW_REMEDIES)


def _combo(options: list[tuple[str, Any]]) -> QComboBox:
    combo = QComboBox()
    for text, data in options:
        combo.addItem(text, data)
    return combo
