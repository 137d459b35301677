"""Date fields: ISO or the user's own format, a calendar, cells checked where typed, and the SLA's Agree date."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.schemas.sla import validate_terms
from microfactory_desk.services.roster.partners import RosterService
from microfactory_desk.services.sla.versions import SlaService
from microfactory_desk.ui import theme
from microfactory_desk.ui.dialogs.date_dialog import DateDialog
from microfactory_desk.ui.dialogs.partner_dialog import PartnerDialog
from microfactory_desk.ui.dialogs.sla_version_dialog import SlaVersionDialog
from microfactory_desk.ui.dialogs.start_inspection_dialog import StartInspectionDialog
from microfactory_desk.ui.widgets.date_edit import DateEdit, parse_date
from microfactory_desk.wiring import Services
from tests.services import attention_data as make


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("2026-01-15", "en_US", dt.date(2026, 1, 15)),
        ("15.01.2026", "en_US", dt.date(2026, 1, 15)),
        ("1/15/2026", "en_US", dt.date(2026, 1, 15)),
        ("15/01/2026", "en_GB", dt.date(2026, 1, 15)),
        ("15.1.26", "de_DE", dt.date(2026, 1, 15)),
        ("soon", "de_DE", None),
        ("31.02.2026", "de_DE", None),
    ],
)
def test_dates_are_read_in_iso_and_the_users_format(text: str, locale: str, expected: dt.date | None) -> None:
    """ISO always, the locale's short format (two- or four-digit years) and day.month.year are dates."""
    assert parse_date(text, QLocale(locale)) == expected


def test_date_field_normalises_marks_and_picks_from_the_calendar(qtbot: QtBot) -> None:
    """A date typed as 15.01.2026 shows as ISO once left; "soon" is outlined; the calendar sets a clicked day."""
    field = DateEdit()
    qtbot.addWidget(field)
    field.show()
    qtbot.keyClicks(field, "15.01.2026")
    field.editingFinished.emit()
    assert field.text() == "2026-01-15" and field.value() == "2026-01-15"
    field.clear()
    qtbot.keyClicks(field, "soon")
    assert not field.is_valid() and field.styleSheet() != ""
    calendar = field.show_calendar()
    assert calendar.selectedDate().isValid()
    calendar.clicked.emit(QDate(2026, 3, 9))
    assert field.date() == dt.date(2026, 3, 9) and field.styleSheet() == ""


def test_new_inspection_date_is_a_date_editor_taking_a_local_date(qtbot: QtBot, db: Database) -> None:
    """The inspection date field is a date editor: 02.12.2026 is read as 2 December 2026."""
    services = Services(db)
    dialog = StartInspectionDialog(services.inspections, [], [])
    qtbot.addWidget(dialog)
    field = dialog.form.editors["inspected_on"]
    assert isinstance(field, DateEdit)
    field.setText("02.12.2026")
    assert dialog.raw_values()["inspected_on"] == "2026-12-02"


def test_certification_dates_are_checked_where_typed_and_tabs_count_live(qtbot: QtBot, db: Database) -> None:
    """A certification date typed as 15.01.2024 is stored as ISO; "soon" is marked at once; the tab counts rows."""
    roster = RosterService(db)
    dialog = PartnerDialog(roster, detail=None, suppliers=[])
    qtbot.addWidget(dialog)
    dialog.show()
    model, view = dialog.certifications, dialog.certs_view
    at = model.add_row({"name": "ISO 9001"})
    assert dialog.tabs.tabText(2) == "Certifications (1)"
    cell = model.index(at, model.column_of("valid_from"))
    view.setCurrentIndex(cell)
    view.edit(cell)
    editor = view.indexWidget(cell) or view.focusWidget()
    assert isinstance(editor, DateEdit)
    editor.setText("15.01.2024")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the view commits the edit on its next event loop turn
    qtbot.waitUntil(lambda: model.rows()[0].get("valid_from") == "2024-01-15")
    until = model.index(at, model.column_of("valid_until"))
    model.setData(until, "soon")
    assert until.data(Qt.ItemDataRole.BackgroundRole) == theme.colour(theme.DANGER_BG)
    assert "is not a date" in until.data(Qt.ItemDataRole.ToolTipRole)
    dialog.close()


def test_price_held_with_no_end_date_is_accepted_not_called_a_bad_date(qtbot: QtBot, db: Database) -> None:
    """Ticking "price held" and leaving its date empty is a hold until further notice, not "is not a date"."""
    pid = make.partner(db)
    sla = SlaService(db)
    dialog = SlaVersionDialog(sla, partner_id=pid, version=None, suppliers=[])
    qtbot.addWidget(dialog)
    dialog.form.editors["price_held"].setChecked(True)  # type: ignore[union-attr]
    values = dialog.raw_values()
    assert values["price_held_until"] is None and values["valid_until"] is None
    terms = validate_terms(values)
    assert terms.price_held and terms.price_held_until is None


def test_agree_date_is_asked_with_a_date_field(qtbot: QtBot) -> None:
    """The Agree question is a date field with a calendar: OK with no date stays open and says why."""
    dialog = DateDialog("Agree SLA version 1", "Agreed on", dt.date(2026, 11, 30))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.field.date() == dt.date(2026, 11, 30)
    dialog.field.setText("next week")
    dialog.accept()
    assert dialog.isVisible() and dialog.error.isVisible()
    dialog.field.setText("1.12.2026")
    dialog.accept()
    assert dialog.result() == DateDialog.DialogCode.Accepted
