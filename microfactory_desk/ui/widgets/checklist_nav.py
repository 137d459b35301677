"""The runner's item list: section headings, one row per item with its mark (✓ ✗ – ○ ✎), the current one selected."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from microfactory_desk.ui import theme

MARKS = {"pass": "✓", "fail": "✗", "na": "–", "note": "✎", None: "○"}


class ChecklistNav(QListWidget):
    """Click a row to jump to its item; headings cannot be chosen."""

    item_chosen = Signal(int)  # index of the item in reading order

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[int] = []  # list row of each item
        self.setFixedWidth(300)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setStyleSheet("QListWidget::item { padding: 5px 4px; }")
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.currentRowChanged.connect(self._clicked)

    def set_items(self, items: Sequence[Any], section_of: dict[int, str]) -> None:
        """One heading per section, then a row per item."""
        self.blockSignals(True)
        self.clear()
        self._rows = []
        section = None
        for item in items:
            if section_of[item.id] != section:
                section = section_of[item.id]
                head = QListWidgetItem(section.upper())
                head.setFlags(Qt.ItemFlag.NoItemFlags)
                head.setForeground(theme.colour(theme.MUTED))
                self.addItem(head)
            self._rows.append(self.count())
            row = QListWidgetItem(item.prompt)
            row.setToolTip(item.prompt)
            self.addItem(row)
        self.blockSignals(False)

    def set_mark(self, index: int, item: Any, mark: str | None) -> None:
        """Show an item's state: pass, fail, na, note or None (open)."""
        row = self.item(self._rows[index])
        critical = " ‼" if item.critical else ""
        row.setText(f"{MARKS[mark]}  {item.prompt}{critical}")
        row.setForeground(theme.colour(theme.MARK_COLOURS[mark]))

    def select(self, index: int) -> None:
        """Highlight the current item without reporting it back."""
        self.blockSignals(True)
        self.setCurrentRow(self._rows[index])
        self.blockSignals(False)

    def _clicked(self, row: int) -> None:
        if row in self._rows:
            self.item_chosen.emit(self._rows.index(row))
