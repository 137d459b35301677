"""Windows sized for the laptop they open on: a preferred size, shrunk to the screen's free area."""

from __future__ import annotations

import re

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QFrame, QLabel, QScrollArea, QWidget

# The window frame and title bar take this much beyond the available area (pixels).
FRAME_ALLOWANCE = (24, 40)


def available_area(parent: QWidget | None = None) -> QRect:
    """The free area (pixels, without task bars) of the screen `parent` is on, or of the primary screen."""
    screen = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(window: QWidget, width: int, height: int, parent: QWidget | None = None) -> None:
    """Resize `window` to width x height pixels, or less when the screen of `parent` (or the primary) is smaller."""
    room = available_area(parent)
    window.resize(min(width, room.width() - FRAME_ALLOWANCE[0]), min(height, room.height() - FRAME_ALLOWANCE[1]))


def clamp_to_screen(window: QWidget) -> None:
    """Shrink `window` to the free area of its screen when a preferred size made it larger (never grows it)."""
    room = available_area(window.parentWidget())
    width = min(window.width(), room.width() - FRAME_ALLOWANCE[0])
    height = min(window.height(), room.height() - FRAME_ALLOWANCE[1])
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)


def scrolling(widget: QWidget, *, max_height: int | None = None) -> QScrollArea:
    """`widget` in a frameless scroll area: on a small screen it scrolls instead of pushing buttons off screen."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    # The page behind shows through, so a scrolling part looks like the rest of its page.
    area.viewport().setAutoFillBackground(False)
    widget.setAutoFillBackground(False)
    if max_height is not None:
        area.setMaximumHeight(max_height)
    return area


# A run of characters without a space this long (a name pasted without spaces) gets invisible break points.
_UNBROKEN = re.compile(r"\S{40,}")
_ZERO_WIDTH_SPACE = "\u200b"


def set_wrapping_text(label: QLabel, text: str) -> None:
    """Show `text` in `label` wrapped to its window's width, so a long name never widens the window: words wrap,
    and a run of 40 or more characters without a space may break every 20 (a zero-width space, not shown)."""
    label.setWordWrap(True)
    label.setText(
        _UNBROKEN.sub(lambda m: _ZERO_WIDTH_SPACE.join(m[0][i : i + 20] for i in range(0, len(m[0]), 20)), text)
    )


def narrow_combo(combo: QComboBox, characters: int = 24) -> None:
    """Size `combo` for `characters` characters instead of its longest item (a 200-character partner name made a
    form 1,500 pixels wide); the items keep their whole text in the list."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
