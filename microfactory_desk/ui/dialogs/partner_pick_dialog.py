"""A small dialog that asks for one partner with the partner picker (whose deliveries, whose file)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from microfactory_desk.schemas.roster_rows import PartnerChoice
from microfactory_desk.ui import theme
from microfactory_desk.ui.widgets.partner_picker import PartnerPicker


class PartnerPickDialog(QDialog):
    """Asks "whose …?" and accepts only when the picker names exactly one partner."""

    def __init__(
        self,
        title: str,
        question: str,
        partners: Sequence[PartnerChoice],
        *,
        code: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        caption = QLabel(question)
        caption.setWordWrap(True)
        self.picker = PartnerPicker(partners)
        caption.setBuddy(self.picker)
        if code:
            self.picker.choose(code=code)
        self.error = QLabel()
        theme.error(self.error)
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for widget in (caption, self.picker, self.error, buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(460)

    def accept(self) -> None:
        """Close with the partner chosen, or say under the field why the text names none."""
        problem = self.picker.problem()
        self.error.setText(problem)
        self.error.setVisible(bool(problem))
        theme.mark_invalid(self.picker, bool(problem))
        if not problem:
            super().accept()

    def chosen_code(self) -> str:
        """The chosen partner's code ("" before one is chosen)."""
        chosen = self.picker.chosen()
        return chosen.code if chosen else ""
