"""A small dialog for how far ahead the dashboard looks (stored in the database for GUI and CLI alike)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from microfactory_desk.ui import theme
from microfactory_desk.ui.dialogs.edit_guard import EditorDialog
from microfactory_desk.ui.error_hook import show_failure
from microfactory_desk.ui.tasks import run_task

if TYPE_CHECKING:
    from microfactory_desk.schemas.dashboard import Horizons

# (field of Horizons, caption, hint)
FIELDS = (
    ("follow_up_days", "Follow-ups due within", "overdue ones are always listed"),
    ("sla_days", "SLAs ending within", "agreed SLAs whose validity ends soon"),
    ("certification_days", "Certifications expiring within", "expired ones are always listed"),
)
MAX_DAYS = 366


class HorizonsDialog(EditorDialog):
    """Edits the three horizons; emits horizons_saved once they are stored."""

    horizons_saved = Signal(object)

    def __init__(self, current: Horizons, save: Callable[[Horizons], Horizons], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Dashboard horizons")
        self._current = current
        self._save = save
        layout = QVBoxLayout(self)
        self.setMinimumWidth(400)
        intro = QLabel("How many days ahead the dashboard\n(and the attention command) looks.")
        theme.muted(intro)
        layout.addWidget(intro)
        form = QFormLayout()
        self.spins: dict[str, QSpinBox] = {}
        for name, caption, hint in FIELDS:
            spin = QSpinBox()
            spin.setRange(0, MAX_DAYS)
            spin.setSuffix(" days")
            spin.setValue(int(getattr(current, name)))
            spin.setToolTip(hint)
            spin.setObjectName(f"field_{name}")
            self.spins[name] = spin
            form.addRow(caption, spin)
        layout.addLayout(form)
        self.error = QLabel()
        theme.error(self.error)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.reset_button = buttons.addButton("Restore defaults", QDialogButtonBox.ButtonRole.ResetRole)
        self.reset_button.clicked.connect(self.reset)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def reset(self) -> None:
        """Put the declared defaults back in the editors."""
        defaults = type(self._current)()
        for name, spin in self.spins.items():
            spin.setValue(int(getattr(defaults, name)))

    def save(self) -> None:
        """Store the horizons off the GUI thread, then close."""
        values = type(self._current)(**{name: spin.value() for name, spin in self.spins.items()})
        save = self._save
        run_task(lambda: save(values), self._saved, self._failed)

    def _saved(self, horizons: Horizons) -> None:
        self.horizons_saved.emit(horizons)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        show_failure(exc, self, inline=self._refused)

    def _refused(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
