"""Two SLA versions side by side, changed terms highlighted."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QHeaderView, QTableView, QVBoxLayout, QWidget

from microfactory_desk.schemas.sla import SlaComparison
from microfactory_desk.ui import theme
from microfactory_desk.ui.screen_fit import fit_to_screen
from microfactory_desk.ui.table_models.dict_rows_model import DictRowsModel, Row


def _highlight(role: int, row: Row, key: str) -> Any:
    if role == Qt.ItemDataRole.BackgroundRole and row.get("changed"):
        return theme.colour(theme.WARNING_BG)
    return None


class SlaCompareDialog(QDialog):
    """Shows every term of two versions; changed ones are shaded and can be shown alone."""

    def __init__(self, comparison: SlaComparison, numbers: tuple[int, int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.comparison = comparison
        self.setWindowTitle(f"Compare SLA version {numbers[0]} with version {numbers[1]}")
        fit_to_screen(self, 820, 560, parent)
        self.model = DictRowsModel(
            [("term", "Term"), ("a", f"Version {numbers[0]}"), ("b", f"Version {numbers[1]}")],
            decorate=_highlight,
        )
        layout = QVBoxLayout(self)
        self.only_changes = QCheckBox(f"Show only the {len(comparison.changed)} changed terms")
        self.only_changes.toggled.connect(self._fill)
        layout.addWidget(self.only_changes)
        view = QTableView()
        view.setModel(self.model)
        view.verticalHeader().hide()
        view.setWordWrap(True)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(view, 1)
        self._fill()

    def _fill(self) -> None:
        rows = self.comparison.changed if self.only_changes.isChecked() else self.comparison.rows
        self.model.set_rows([row.model_dump() for row in rows])
