"""A friendly panel shown instead of an empty table: what this is and what to do first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from microfactory_desk.ui import theme


class EmptyStateWidget(QWidget):
    """A title, an explanation and action buttons, centred."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = QLabel(title)
        theme.title(self.title, 15)
        self.text = QLabel(text)
        theme.muted(self.text, 11)
        self.text.setWordWrap(True)
        self.text.setFixedWidth(520)
        # A wrapped label in a centred layout is not asked for its height-for-width: reserve it.
        self.text.setMinimumHeight(self.text.heightForWidth(520) + 4)
        for widget in (self.title, self.text):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        self._buttons = QHBoxLayout()
        self._buttons.addStretch(1)
        layout.addSpacing(12)
        layout.addLayout(self._buttons)
        layout.addStretch(2)

    def add_action(self, text: str, handler: Callable[[], None], *, primary: bool = False) -> QPushButton:
        """A button under the text."""
        button = QPushButton(text)
        if primary:
            theme.primary(button)
            button.setDefault(True)
        button.clicked.connect(handler)
        self._buttons.addWidget(button)
        return button

    def finish(self) -> None:
        """Close the button row (call after the last add_action)."""
        self._buttons.addStretch(1)
