"""The look of the app: Fusion with a calm palette, plus a few styled roles.

Styling goes through a palette and per-widget style sheets rather than one application-wide
sheet: an app-wide sheet makes Qt restyle every widget and cost the window a visible part of
its start-up time.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

ACCENT = "#2f6f5e"
INK = "#1f2a37"
MUTED = "#5b6673"
ERROR = "#b3261e"
WARNING_BG = "#fff4d6"
DANGER_BG = "#fde7e7"

NAVIGATION_SHEET = f"""
QWidget#sidebar {{ background: {INK}; }}
QLabel {{ color: white; font-size: 11pt; font-weight: 600; padding: 16px 12px 6px 18px; }}
QListWidget {{ background: {INK}; color: #d8dee6; border: none; padding-top: 6px; font-size: 11pt; }}
QListWidget::item {{ padding: 9px 18px; }}
QListWidget::item:selected {{ background: {ACCENT}; color: white; }}
"""
PRIMARY_SHEET = f"""
QPushButton {{ background: {ACCENT}; color: white; border: 1px solid #285f50; border-radius: 4px;
              padding: 6px 16px; font-weight: 600; }}
QPushButton:hover {{ background: #347b68; }}
QPushButton:disabled {{ background: #9fbdb4; border-color: #9fbdb4; }}
"""
INVALID_SHEET = f"border: 1px solid {ERROR}; border-radius: 2px;"


def apply(app: QApplication) -> None:
    """Fusion style with the app's colours."""
    app.setStyle("Fusion")
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#cfe6df"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#111111"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f6f8f9"))
    app.setPalette(palette)


def _colour(widget: QWidget, colour: str) -> None:
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    widget.setPalette(palette)


def _font(widget: QWidget, points: float, bold: bool) -> None:
    font = QFont(widget.font())
    font.setPointSizeF(points)
    font.setBold(bold)
    widget.setFont(font)


def title(label: QLabel, points: float = 17) -> None:
    """A page or panel title."""
    _font(label, points, True)
    _colour(label, INK)


def muted(label: QLabel, points: float | None = None) -> None:
    """Secondary text (counts, hints)."""
    if points is not None:
        _font(label, points, False)
    _colour(label, MUTED)


def caption(label: QLabel) -> None:
    """A field's caption above its editor."""
    _font(label, label.font().pointSizeF(), True)
    _colour(label, "#3b4652")


def error(label: QLabel) -> None:
    """An inline error message."""
    _colour(label, ERROR)


def primary(button: QPushButton) -> None:
    """The main action of a page or dialog."""
    button.setStyleSheet(PRIMARY_SHEET)


def navigation(sidebar: QWidget) -> None:
    """The dark sidebar holding the app's name and the page list."""
    sidebar.setObjectName("sidebar")
    sidebar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    sidebar.setStyleSheet(NAVIGATION_SHEET)


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Outline an editor whose value was refused."""
    widget.setStyleSheet(INVALID_SHEET if invalid else "")
