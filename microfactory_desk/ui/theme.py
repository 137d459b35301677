"""The look of the app: Fusion with a calm palette, plus a few styled roles.

Styling goes through a palette and per-widget style sheets rather than one application-wide
sheet: an app-wide sheet makes Qt restyle every widget and cost the window a visible part of
its start-up time.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

# Every colour of the app is named here, by the role it plays; nothing outside this module spells
# a colour (tests/ui/test_theme_colours.py fails when one does), so a change of look is one edit.
ACCENT = "#2f6f5e"
INK = "#1f2a37"
MUTED = "#5b6673"
ERROR = "#b3261e"
WARNING_BG = "#fff4d6"
DANGER_BG = "#fde7e7"

# Text colours of states in tables and labels.
PASSED = ACCENT  # a passed inspection or item, a closed action, an "approved" standing
AMBER = "#8a5a00"  # needs attention soon: due today, in progress, medium risk, warnings
GOOD = "#166534"  # better than expected: strategic standing, trend up, SLA met
CAUTION = "#9a6700"  # "watch" standing
DANGER = "#b42318"  # "exit" standing
NO_DATA = "#8a939c"  # figures that cannot be had, cancelled orders
CALM = "#b8c4cf"  # the mark of an item that is not urgent

# Surfaces, borders and backgrounds.
SURFACE = "white"  # cards and big buttons on the grey window
ON_COLOUR = "white"  # text on a filled (accent, error) background
CARD_BORDER = "#d9e0e6"  # dashboard cards
ITEM_CARD_BORDER = "#d5dbe0"  # the inspection runner's item card
BUTTON_BORDER = "#c7ced6"  # the runner's big answer buttons
DISABLED_TEXT = "#9aa3ad"
NOTE_BG = "#f1f3f5"  # an explanation box under the runner
IN_FORCE_BG = "#dff0e9"  # the SLA version in force
SELECTION_BG = "#cfe6df"
SELECTION_TEXT = "#111111"
ALTERNATE_ROW_BG = "#f6f8f9"
CAPTION = "#3b4652"
SIDEBAR_TEXT = "#d8dee6"
PRIMARY_BORDER = "#285f50"
PRIMARY_HOVER = "#347b68"
PRIMARY_DISABLED = "#9fbdb4"

# Chart series.
CHART_ACCENT = ACCENT  # deliveries and on-time bars
CHART_BOUND = DANGER  # a contract bound drawn across a chart
CHART_SCORE = "#1d4ed8"  # the score line
CHART_DEFECT = CAUTION  # the defect-rate line
SERIES = (ACCENT, "#c2571a", "#3b6fb6", "#8a5cb8")  # one pilot market after another

# Colours keyed by a state the app shows.
STANDING_COLOURS = {"strategic": GOOD, "approved": PASSED, "watch": CAUTION, "exit": DANGER}
MARK_COLOURS = {"pass": PASSED, "fail": ERROR, "na": MUTED, "note": MUTED, None: INK}  # a checklist item's mark
ANSWER_COLOURS = {"pass": PASSED, "fail": ERROR, "na": MUTED, "choice": PASSED}  # a pressed answer button
RISK_COLOURS = {"high": ERROR, "medium": AMBER}
SLA_STATUS_COLOURS = {"met": GOOD, "breached": ERROR, "no data": NO_DATA}
TREND_COLOURS = {"up": GOOD, "down": ERROR}  # a flat trend is MUTED
OUTCOME_COLOURS = {"passed": PASSED, "failed": ERROR}  # an unscored inspection is MUTED

NAVIGATION_SHEET = f"""
QWidget#sidebar {{ background: {INK}; }}
QLabel {{ color: {ON_COLOUR}; font-size: 11pt; font-weight: 600; padding: 16px 12px 6px 18px; }}
QListWidget {{ background: {INK}; color: {SIDEBAR_TEXT}; border: none; padding-top: 6px; font-size: 11pt; }}
QListWidget::item {{ padding: 9px 18px; }}
QListWidget::item:selected {{ background: {ACCENT}; color: {ON_COLOUR}; }}
"""
PRIMARY_SHEET = f"""
QPushButton {{ background: {ACCENT}; color: {ON_COLOUR}; border: 1px solid {PRIMARY_BORDER}; border-radius: 4px;
              padding: 6px 16px; font-weight: 600; }}
QPushButton:hover {{ background: {PRIMARY_HOVER}; }}
QPushButton:disabled {{ background: {PRIMARY_DISABLED}; border-color: {PRIMARY_DISABLED}; }}
"""
INVALID_SHEET = f"border: 1px solid {ERROR}; border-radius: 2px;"


@cache
def colour(name: str) -> QColor:
    """The QColor of one of the names above, made once (table models hand it out on every paint)."""
    return QColor(name)


STYLE = "fusion"  # the same on every desktop; the QApplication is created with it (ui.app.application)


def apply(app: QApplication) -> None:
    """The app's colours on the style's palette (the style itself is chosen when the QApplication is created)."""
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Highlight, colour(SELECTION_BG))
    palette.setColor(QPalette.ColorRole.HighlightedText, colour(SELECTION_TEXT))
    palette.setColor(QPalette.ColorRole.AlternateBase, colour(ALTERNATE_ROW_BG))
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
    _colour(label, CAPTION)


def error(label: QLabel) -> None:
    """An inline error message."""
    _colour(label, ERROR)


def warning(label: QLabel) -> None:
    """An inline warning: allowed, but worth a second look."""
    _colour(label, AMBER)


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
