"""SLA and negotiation tabs of the partner, and the follow-ups page, driven through real widgets."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.schemas.negotiation import validate_entry
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.schemas.sla import validate_terms
from microfactory_desk.schemas.vocab import SlaStatus
from microfactory_desk.services.roster.partners import RosterService
from microfactory_desk.services.sla.negotiations import NegotiationService
from microfactory_desk.services.sla.versions import SlaService
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.dialogs.partner_dialog import PartnerDialog
from microfactory_desk.ui.main_window import MainWindow
from microfactory_desk.ui.tasks import tasks_running
from tests.conftest import TODAY
from tests.ui.conftest import open_window


def _partner(db: Database) -> int:
    return RosterService(db).create_partner(data=validate_partner({"code": "LDZ-1", "name": "Łódź Print Lab"})).id


def _open(qtbot: QtBot, window: MainWindow, partner_id: int, tab: str) -> PartnerDialog:
    window.open_partner(partner_id, tab)
    qtbot.waitUntil(lambda: isinstance(getattr(window, "partner_dialog", None), PartnerDialog))
    dialog = window.partner_dialog
    qtbot.waitUntil(lambda: tasks_running() == 0)
    qtbot.waitUntil(dialog.isActiveWindow)  # keyboard shortcuts reach only the active window
    return dialog


def _type(qtbot: QtBot, editor: object, text: str) -> None:
    assert isinstance(editor, QLineEdit | QPlainTextEdit)
    editor.setFocus()
    if isinstance(editor, QLineEdit):
        editor.clear()
    qtbot.keyClicks(editor, text)


def test_add_a_negotiation_entry_with_the_keyboard(qtbot: QtBot, db: Database) -> None:
    """Typing an entry and pressing Ctrl+Enter stores it; it heads the timeline with its follow-up badge."""
    partner_id = _partner(db)
    window = open_window(qtbot, db)
    dialog = _open(qtbot, window, partner_id, "Negotiations")
    panel = dialog.negotiation_panel
    assert panel is not None and dialog.tabs.currentWidget() is panel
    form = panel.form.editors
    _type(qtbot, form["our_ask"], "Lead time 10 days for drops")
    _type(qtbot, form["their_offer"], "12 days for 90 percent")
    _type(qtbot, form["next_step"], "Send revised SLA draft")
    _type(qtbot, form["follow_up_on"], (TODAY + dt.timedelta(days=3)).isoformat())
    qtbot.keyClick(form["follow_up_owner"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tasks_running() == 0 and panel.model.rowCount() == 1)
    row = panel.model.rows()[0]
    assert row["follow_up"] == "In 3 days"
    assert "Lead time 10 days" in row["summary"]
    stored = NegotiationService(db).list_for_partner(partner_id)
    assert stored[0].next_step == "Send revised SLA draft"
    assert panel.form.values()["our_ask"] == ""  # the form is ready for the next entry


def test_a_follow_up_without_next_step_is_refused_inline(qtbot: QtBot, db: Database) -> None:
    """A follow-up date with no next step is marked on the next-step field and nothing is stored."""
    partner_id = _partner(db)
    window = open_window(qtbot, db)
    panel = _open(qtbot, window, partner_id, "Negotiations").negotiation_panel
    assert panel is not None
    _type(qtbot, panel.form.editors["notes"], "Called about pricing")
    _type(qtbot, panel.form.editors["follow_up_on"], TODAY.isoformat())
    panel.add_entry()
    assert panel.form.errors["next_step"].isVisible()
    assert NegotiationService(db).list_for_partner(partner_id) == []


def test_agree_a_version_from_the_sla_tab(qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Selecting a draft and pressing Agree puts it in force and supersedes the old agreed version."""
    partner_id = _partner(db)
    sla = SlaService(db)
    old = sla.create_draft(partner_id, validate_terms({"valid_from": TODAY - dt.timedelta(days=100)}))
    sla.agree(old.id, on=TODAY - dt.timedelta(days=100))
    draft = sla.create_draft(partner_id, validate_terms({"lead_time_target_days": 9}))
    window = open_window(qtbot, db)
    panel = _open(qtbot, window, partner_id, "SLA").sla_panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
    assert panel.model.rows()[1]["in_force"]  # v1 is in force before agreeing
    monkeypatch.setattr(messages, "ask_date", lambda *a: TODAY)
    panel.view.selectRow(0)
    assert panel.buttons["agree"].isEnabled()
    qtbot.mouseClick(panel.buttons["agree"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks_running() == 0 and panel.model.rows()[0]["status"] == "Agreed")
    assert panel.model.rows()[0]["in_force"] and not panel.model.rows()[1]["in_force"]
    assert sla.get_version(draft.id).status == SlaStatus.AGREED
    assert sla.get_version(old.id).status == SlaStatus.SUPERSEDED


def test_compare_two_versions(qtbot: QtBot, db: Database) -> None:
    """Selecting two versions and pressing Compare shows the changed terms."""
    partner_id = _partner(db)
    sla = SlaService(db)
    sla.create_draft(partner_id, validate_terms({"lead_time_target_days": 12}))
    sla.create_draft(partner_id, validate_terms({"lead_time_target_days": 9}))
    window = open_window(qtbot, db)
    panel = _open(qtbot, window, partner_id, "SLA").sla_panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (0, 1):
        panel.view.selectionModel().select(panel.model.index(row, 0), flags)
    qtbot.mouseClick(panel.buttons["compare"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks_running() == 0 and hasattr(panel, "compare_dialog"))
    changed = panel.compare_dialog.comparison.changed
    assert any("12" in row.a and "9" in row.b for row in changed)


def test_follow_ups_page_marks_done_and_opens_the_partner(qtbot: QtBot, db: Database) -> None:
    """The page lists an overdue follow-up; Mark done removes it; double-click opens the partner's log."""
    partner_id = _partner(db)
    log = NegotiationService(db)
    entry = {"occurred_on": TODAY - dt.timedelta(days=10), "notes": "Visit", "next_step": "Send photos"}
    first = log.add_entry(partner_id, validate_entry({**entry, "follow_up_on": TODAY - dt.timedelta(days=2)}))
    log.add_entry(partner_id, validate_entry({**entry, "follow_up_on": TODAY}))
    window = open_window(qtbot, db)
    window.show_page("follow-ups")
    page = window.follow_ups_page
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.model.rowCount() == 2)
    assert page.model.index(0, 1).data() == "Overdue 2 days"
    page.table.selectRow(0)
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.model.rowCount() == 1)
    assert log.get_entry(first.id).follow_up_done_at is not None
    page.table.doubleClicked.emit(page.model.index(0, 2))
    qtbot.waitUntil(lambda: isinstance(getattr(window, "partner_dialog", None), PartnerDialog))
    assert window.partner_dialog.tabs.currentWidget() is window.partner_dialog.negotiation_panel


def test_search_all_notes_from_the_follow_ups_page(qtbot: QtBot, db: Database) -> None:
    """Typing in the notes search lists matching entries across partners, accent-insensitively."""
    partner_id = _partner(db)
    log = NegotiationService(db)
    log.add_entry(partner_id, validate_entry({"occurred_on": TODAY, "their_offer": "Préço fixo até março"}))
    log.add_entry(partner_id, validate_entry({"occurred_on": TODAY, "notes": "Nothing relevant"}))
    window = open_window(qtbot, db)
    window.show_page("follow-ups")
    page = window.follow_ups_page
    qtbot.keyClicks(page.search, "preco marco")
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.found.rowCount() == 1)
    assert page.stack.currentWidget() is page.found_view
    assert "Łódź Print Lab" in page.found.row(0).partner_name
    page.search.clear()
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.stack.currentWidget() is not page.found_view)


def test_an_entry_can_be_tied_to_an_sla_version(qtbot: QtBot, db: Database) -> None:
    """The version chooser lists the partner's SLA versions; the stored entry names the chosen one."""
    from PySide6.QtWidgets import QComboBox

    partner_id = _partner(db)
    SlaService(db).create_draft(partner_id, validate_terms({"lead_time_target_days": 12}))
    window = open_window(qtbot, db)
    panel = _open(qtbot, window, partner_id, "Negotiations").negotiation_panel
    assert panel is not None
    combo = panel.form.editors["sla_version_id"]
    assert isinstance(combo, QComboBox)
    qtbot.waitUntil(lambda: combo.count() == 2)
    combo.setCurrentIndex(1)
    _type(qtbot, panel.form.editors["notes"], "Walked through the draft")
    panel.add_entry()
    qtbot.waitUntil(lambda: tasks_running() == 0 and panel.model.rowCount() == 1)
    assert NegotiationService(db).list_for_partner(partner_id)[0].sla_version_number == 1
