"""Date cells in editable grids: edited with the date field, stored as ISO when the text names a date."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QWidget

from microfactory_desk.ui.widgets.date_edit import DateEdit, parse_date

Index = QModelIndex | QPersistentModelIndex


def date_cell_problem(text: Any) -> str:
    """Why a date cell's text is no date, for its tooltip; "" when empty or a date."""
    value = "" if text is None else str(text).strip()
    if not value or parse_date(value) is not None:
        return ""
    return f"“{value}” is not a date: type it as 2026-01-15 (or in your own date format), or press F4 for a calendar."


class DateDelegate(QStyledItemDelegate):
    """Opens a DateEdit in the cell; what a person typed in their own format is stored as ISO."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        """A date field (calendar on F4 or Alt+Down) in place of the cell."""
        del option, index
        editor = DateEdit(parent)
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802 - Qt's name
        """Start from the cell's text."""
        assert isinstance(editor, DateEdit)
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:  # noqa: N802
        """Store ISO for a date, the raw text otherwise (the grid then marks the cell)."""
        assert isinstance(editor, DateEdit)
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
