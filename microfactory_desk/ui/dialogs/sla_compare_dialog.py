"""Two SLA versions side by side, changed terms highlighted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microfactory_desk.schemas.sla import SlaComparison
from microfactory_desk.ui import theme
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.dialogs.button_style import unify_buttons
from microfactory_desk.ui.error_hook import show_failure
from microfactory_desk.ui.screen_fit import fit_to_screen
from microfactory_desk.ui.table_models.dict_rows_model import DictRowsModel, Row
from microfactory_desk.ui.tasks import run_task


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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.export_button = buttons.addButton("Export to Excel…", QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(self.export)
        self.status = QLabel()
        theme.muted(self.status)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self._numbers = numbers
        self._fill()
        unify_buttons(self)

    def export(self) -> None:
        """Save the comparison as an .xlsx file the manager can share."""
        from microfactory_desk.services.sla.comparison_file import export_comparison

        start = str(Path.home() / f"SLA v{self._numbers[0]} vs v{self._numbers[1]}.xlsx")
        path = messages.save_file(self, "Export SLA comparison", start, "Excel workbook (*.xlsx)", (".xlsx",))
        if not path:
            return
        comparison = self.comparison
        run_task(
            lambda: export_comparison(comparison, Path(path)),
            lambda out: self.status.setText(f"Saved to {out}"),
            lambda exc: show_failure(exc, self, title="Comparison not exported"),
        )

    def _fill(self) -> None:
        rows = self.comparison.changed if self.only_changes.isChecked() else self.comparison.rows
        self.model.set_rows([row.model_dump() for row in rows])
