"""The partner's main fields with an inline error line under each."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from microfactory_desk.schemas.vocab import PartnerKind, RiskLevel, Stage, label
from microfactory_desk.ui import theme

Editor = QLineEdit | QPlainTextEdit | QComboBox

# (field, label, column of the grid) in reading order.
LEFT = ("code", "name", "kind", "stage", "stage_reason", "fallback_code", "risk_level", "risk_notes")
RIGHT = (
    "region",
    "city",
    "country",
    "address",
    "website",
    "processes",
    "materials",
    "weekly_capacity",
    "min_batch",
    "tags",
)
LABELS = {
    "code": "Code *",
    "name": "Name *",
    "kind": "Kind",
    "stage": "Stage",
    "stage_reason": "Reason for stage change",
    "fallback_code": "Fallback bulk supplier",
    "risk_level": "Risk level",
    "risk_notes": "Risk notes",
    "region": "Region",
    "city": "City",
    "country": "Country",
    "address": "Address",
    "website": "Website",
    "processes": "Processes",
    "materials": "Materials",
    "weekly_capacity": "Weekly capacity (units)",
    "min_batch": "Minimum batch (units)",
    "tags": "Tags",
}
HINTS = {
    "code": "Short unique code, e.g. PL-LDZ-001",
    "processes": "Comma-separated, e.g. CNC machining, 3D printing",
    "materials": "Comma-separated, e.g. PLA, aluminium",
    "tags": "Comma-separated, e.g. drops, fast-turn",
    "website": "https://…",
    "weekly_capacity": "Leave empty if unknown",
    "min_batch": "Leave empty if none",
}
MULTILINE = ("risk_notes", "address")


class PartnerForm(QWidget):
    """Edits the scalar fields of a partner as plain values (validation happens on save)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editors: dict[str, Editor] = {}
        self.errors: dict[str, QLabel] = {}
        self.boxes: dict[str, QWidget] = {}
        self.original_stage = ""
        # Two independent columns, so a tall field on one side leaves no gap on the other.
        columns = QHBoxLayout(self)
        columns.setSpacing(24)
        for fields in (LEFT, RIGHT):
            column = QVBoxLayout()
            column.setSpacing(2)
            for field in fields:
                column.addWidget(self._field_box(field))
            column.addStretch(1)
            columns.addLayout(column, 1)
        self._combo("kind", [(label(k.value), k.value) for k in PartnerKind])
        self._combo("stage", [(label(s.value), s.value) for s in Stage])
        self._combo("risk_level", [(label(r.value), r.value) for r in RiskLevel])
        stage = self.editors["stage"]
        assert isinstance(stage, QComboBox)
        stage.currentIndexChanged.connect(self._stage_changed)
        self._stage_changed()

    def _field_box(self, field: str) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        caption = QLabel(LABELS[field])
        theme.caption(caption)
        editor: Editor
        if field in ("kind", "stage", "risk_level", "fallback_code"):
            editor = QComboBox()
        elif field in MULTILINE:
            editor = QPlainTextEdit()
            editor.setFixedHeight(58)
            editor.setTabChangesFocus(True)
        else:
            editor = QLineEdit()
            editor.setPlaceholderText(HINTS.get(field, ""))
        editor.setObjectName(f"field_{field}")
        caption.setBuddy(editor)
        error = QLabel()
        theme.error(error)
        error.setWordWrap(True)
        error.hide()
        layout.addWidget(caption)
        layout.addWidget(editor)
        layout.addWidget(error)
        self.editors[field], self.errors[field] = editor, error
        box.setObjectName(f"box_{field}")
        self.boxes[field] = box
        return box

    def _combo(self, field: str, items: list[tuple[str, str]]) -> None:
        combo = self.editors[field]
        assert isinstance(combo, QComboBox)
        for text, value in items:
            combo.addItem(text, value)

    def set_fallback_choices(self, suppliers: list[tuple[str, str]], own_code: str = "") -> None:
        """Offer the bulk suppliers (never the partner itself) as fallbacks."""
        combo = self.editors["fallback_code"]
        assert isinstance(combo, QComboBox)
        combo.clear()
        combo.addItem("(none)", "")
        for code, name in suppliers:
            if code.casefold() != own_code.casefold():
                combo.addItem(f"{name}  ·  {code}", code)

    def set_values(self, values: dict[str, Any]) -> None:
        """Fill the editors from a partner's values."""
        for field, editor in self.editors.items():
            value = values.get(field)
            text = ", ".join(value) if isinstance(value, list) else ("" if value is None else str(value))
            if isinstance(editor, QComboBox):
                found = editor.findData(text)
                editor.setCurrentIndex(max(found, 0))
            elif isinstance(editor, QPlainTextEdit):
                editor.setPlainText(text)
            else:
                editor.setText(text)
        self.original_stage = str(values.get("stage") or "")
        self._stage_changed()

    def values(self) -> dict[str, Any]:
        """The editors' contents as raw values for validation."""
        out: dict[str, Any] = {}
        for field, editor in self.editors.items():
            if isinstance(editor, QComboBox):
                out[field] = editor.currentData()
            elif isinstance(editor, QPlainTextEdit):
                out[field] = editor.toPlainText()
            else:
                out[field] = editor.text()
        return out

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message under its field; clear the others."""
        for field, label_widget in self.errors.items():
            message = errors.get(field, "")
            label_widget.setText(message)
            label_widget.setVisible(bool(message))
            theme.mark_invalid(self.editors[field], bool(message))
        first = next((f for f in (*LEFT, *RIGHT) if f in errors), None)
        if first:
            self.editors[first].setFocus()

    def _stage_changed(self) -> None:
        stage = self.editors["stage"]
        assert isinstance(stage, QComboBox)
        changed = bool(self.original_stage) and stage.currentData() != self.original_stage
        self.boxes["stage_reason"].setVisible(changed)
