"""The one date field: type ISO (2026-01-15) or the user's own format (15.01.2026), or pick from a calendar."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QMenu, QWidget, QWidgetAction

from microfactory_desk.ui import theme
from microfactory_desk.ui.icons import icon

# Formats tried after ISO, besides the locale's own: day-first with dots is how most of Europe writes a date
# (and is never month-first), so it is safe to accept whatever the locale says.
DOTTED = ("d.M.yyyy", "d.M.yy")


def _formats(locale: QLocale) -> list[str]:
    short = locale.dateFormat(QLocale.FormatType.ShortFormat)
    # A short format has two-digit years ("M/d/yy", "dd.MM.yy"): people type four digits just as often.
    four_digits = short.replace("yyyy", "yy").replace("yy", "yyyy")
    return [four_digits, short, locale.dateFormat(QLocale.FormatType.LongFormat), *DOTTED]


def parse_date(text: str, locale: QLocale | None = None) -> dt.date | None:
    """The date `text` names, in ISO or the locale's short or long format or day.month.year; None otherwise."""
    text = text.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    for fmt in _formats(locale or QLocale()):
        parsed = QDate.fromString(text, fmt)
        if parsed.isValid():
            if "yyyy" not in fmt:  # Qt reads "26" as 1926; a two-digit year typed today means 2026
                parsed = parsed.addYears(100)
            return dt.date(parsed.year(), parsed.month(), parsed.day())
    return None


def _example() -> str:
    """15 January 2026 in the user's short format; day.month.year where the locale is the bare "C" one."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return "15.01.2026"
    return locale.toString(QDate(2026, 1, 15), QLocale.FormatType.ShortFormat)


class DateEdit(QLineEdit):
    """A date typed or picked from a calendar; shows ISO once the field is left, marks a text that is no date.

    `value()` hands a form the ISO text of a date, or the raw text when it names none (the schema then says what
    is wrong, under the field); `date()` is the date or None.
    """

    date_changed = Signal(object)  # dt.date | None

    def __init__(self, parent: QWidget | None = None, *, hint: str = "") -> None:
        """`hint` is added to the placeholder after the two accepted forms (e.g. "optional")."""
        super().__init__(parent)
        example = _example()
        self.setPlaceholderText(f"2026-01-15 or {example}" + (f" · {hint}" if hint else ""))
        self.setToolTip(f"Type a date as 2026-01-15 or {example}, or pick one from the calendar (F4 or Alt+Down).")
        self._calendar_action = self.addAction(icon("calendar"), QLineEdit.ActionPosition.TrailingPosition)
        self._calendar_action.setToolTip("Pick from a calendar (Alt+Down)")
        self._calendar_action.triggered.connect(self.show_calendar)
        self._menu: QMenu | None = None
        self.textChanged.connect(self._typed)
        self.editingFinished.connect(self._normalise)

    def date(self) -> dt.date | None:
        """The date in the field, or None when it is empty or names no date."""
        return parse_date(self.text())

    def set_date(self, value: dt.date | None) -> None:
        """Show `value` in ISO (None empties the field)."""
        self.setText(value.isoformat() if value else "")

    def value(self) -> str:
        """ISO text of the date typed, "" when empty, the raw text when it names no date."""
        parsed = self.date()
        return parsed.isoformat() if parsed else self.text().strip()

    def is_valid(self) -> bool:
        """True when the field is empty or names a date."""
        return not self.text().strip() or self.date() is not None

    def show_calendar(self) -> QCalendarWidget:
        """Open the calendar under the field on the date shown (today when empty); a click sets the date."""
        calendar = QCalendarWidget()
        calendar.setGridVisible(True)
        current = self.date()
        if current is not None:
            calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        menu = QMenu(self)
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)
        calendar.clicked.connect(lambda day: self._picked(day, menu))
        calendar.activated.connect(lambda day: self._picked(day, menu))
        self._menu = menu
        menu.popup(self.mapToGlobal(self.rect().bottomLeft()))
        calendar.setFocus()
        return calendar

    def _picked(self, day: QDate, menu: QMenu) -> None:
        self.set_date(dt.date(day.year(), day.month(), day.day()))
        menu.close()
        self.setFocus()

    def _typed(self, _text: str) -> None:
        theme.mark_invalid(self, not self.is_valid())
        self.date_changed.emit(self.date())

    def _normalise(self) -> None:
        parsed = self.date()
        if parsed is not None and self.text() != parsed.isoformat():
            self.set_date(parsed)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Alt+Down (the combo-box key) or F4 opens the calendar."""
        alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt_down or event.key() == Qt.Key.Key_F4:
            self.show_calendar()
            return
        super().keyPressEvent(event)
