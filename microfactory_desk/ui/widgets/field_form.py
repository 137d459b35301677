"""A form built from field specs: caption, editor and inline error line per field, in columns."""

from __future__ import annotations

from typing import Any, NamedTuple, TypeAlias

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from microfactory_desk.errors import FieldError
from microfactory_desk.schemas.field_labels import error_text
from microfactory_desk.ui import theme
from microfactory_desk.ui.screen_fit import narrow_combo
from microfactory_desk.ui.widgets.date_edit import DateEdit
from microfactory_desk.ui.widgets.partner_picker import PartnerPicker

Editor: TypeAlias = QLineEdit | QPlainTextEdit | QComboBox | QCheckBox


class FieldSpec(NamedTuple):
    """One field: its name in the input schema, caption, editor kind and placeholder."""

    name: str
    label: str
    # line | block | combo | check | partner (a PartnerPicker: its value is the code) | date (a DateEdit: ISO)
    kind: str = "line"
    hint: str = ""
    items: tuple[tuple[str, str], ...] = ()
    height: int = 58


class FieldForm(QWidget):
    """Editors for raw values; validation happens in the schemas and errors come back by field name."""

    def __init__(self, columns: list[list[FieldSpec]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editors: dict[str, Editor] = {}
        self.errors: dict[str, QLabel] = {}
        self.boxes: dict[str, QWidget] = {}
        self._order: list[str] = []
        # Independent columns, so a tall field on one side leaves no gap on the other.
        row = QHBoxLayout(self)
        row.setSpacing(24)
        for specs in columns:
            column = QVBoxLayout()
            column.setSpacing(2)
            for spec in specs:
                column.addWidget(self._field_box(spec))
            column.addStretch(1)
            row.addLayout(column, 1)

    def _field_box(self, spec: FieldSpec) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        editor: Editor
        if spec.kind == "combo":
            editor = QComboBox()
            narrow_combo(editor)  # choices may be partner names of up to 200 characters
            for text, value in spec.items:
                editor.addItem(text, value)
        elif spec.kind == "block":
            editor = QPlainTextEdit()
            editor.setFixedHeight(spec.height)
            editor.setTabChangesFocus(True)
            editor.setPlaceholderText(spec.hint)
        elif spec.kind == "check":
            editor = QCheckBox(spec.hint)
        elif spec.kind == "partner":
            editor = PartnerPicker()
        elif spec.kind == "date":
            editor = DateEdit(hint=spec.hint)
        else:
            editor = QLineEdit()
            editor.setPlaceholderText(spec.hint)
        editor.setObjectName(f"field_{spec.name}")
        if spec.label:
            caption = QLabel(spec.label)
            theme.caption(caption)
            caption.setBuddy(editor)
            layout.addWidget(caption)
        error = QLabel()
        theme.error(error)
        error.setWordWrap(True)
        error.hide()
        layout.addWidget(editor)
        layout.addWidget(error)
        self.editors[spec.name], self.errors[spec.name], self.boxes[spec.name] = editor, error, box
        self._order.append(spec.name)
        return box

    def set_values(self, values: dict[str, Any]) -> None:
        """Fill the editors (lists are shown comma-separated, None as empty)."""
        for field, editor in self.editors.items():
            value = values.get(field)
            text = ", ".join(value) if isinstance(value, list) else ("" if value is None else str(value))
            if isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(editor.findData(text), 0))
            elif isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QPlainTextEdit):
                editor.setPlainText(text)
            elif isinstance(editor, PartnerPicker):
                editor.setText("")
                editor.choose(code=text)
            else:
                editor.setText(text)

    def values(self) -> dict[str, Any]:
        """The editors' contents as raw values."""
        out: dict[str, Any] = {}
        for field, editor in self.editors.items():
            if isinstance(editor, QComboBox):
                out[field] = editor.currentData()
            elif isinstance(editor, QCheckBox):
                out[field] = editor.isChecked()
            elif isinstance(editor, QPlainTextEdit):
                out[field] = editor.toPlainText()
            elif isinstance(editor, DateEdit):
                # An empty date is "not given" (None), which optional dates accept and required ones name.
                out[field] = editor.value() or None
            elif isinstance(editor, PartnerPicker):
                chosen = editor.chosen()
                out[field] = chosen.code if chosen else editor.text().strip()
            else:
                out[field] = editor.text()
        return out

    def set_read_only(self, read_only: bool) -> None:
        """Show values without allowing edits (kept versions, locked records)."""
        for editor in self.editors.values():
            if isinstance(editor, QLineEdit | QPlainTextEdit):
                editor.setReadOnly(read_only)
            else:
                editor.setEnabled(not read_only)

    def show_errors(self, errors: dict[str, str]) -> list[str]:
        """Show each message under its field, clear the others, focus the first bad field.

        Returns the messages about fields this form does not show, for the caller to show elsewhere.
        """
        for field, label in self.errors.items():
            message = errors.get(field, "")
            label.setText(message)
            label.setVisible(bool(message))
            theme.mark_invalid(self.editors[field], bool(message))
        first = next((f for f in self._order if f in errors), None)
        if first:
            self.editors[first].setFocus()
        return [error_text(FieldError(field, message)) for field, message in errors.items() if field not in self.errors]
