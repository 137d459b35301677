"""Small panes the review found cramped or one-way: SLA compare Close/Export, editable negotiation entries, Ctrl+D undo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.schemas.negotiation import validate_entry
from microfactory_desk.schemas.sla import validate_terms
from microfactory_desk.services.sla.negotiations import NegotiationService
from microfactory_desk.services.sla.versions import SlaService
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.tasks import tasks_running
from tests.conftest import TODAY
from tests.ui.conftest import open_window
from tests.ui.test_sla_negotiations import _open, _partner


def test_sla_compare_has_close_and_exports_to_excel(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The compare dialog closes with its Close button and exports the comparison to an .xlsx that reads back."""
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
    panel.compare_selected()
    dialog = panel.compare_dialog
    out = tmp_path / "compare.xlsx"
    monkeypatch.setattr(messages, "save_path", lambda *_a: str(out))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks_running() == 0 and out.exists())
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0] == ("Term", "Version 1", "Version 2", "Changed")
    assert any(r[3] == "yes" and "12" in str(r[1]) and "9" in str(r[2]) for r in rows[1:])
    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_a_negotiation_entry_can_be_edited(qtbot: QtBot, db: Database) -> None:
    """Edit entry loads it into the form; Save changes stores the correction on the same entry."""
    partner_id = _partner(db)
    log = NegotiationService(db)
    entry = log.add_entry(partner_id, validate_entry({"occurred_on": TODAY, "our_ask": "Lead 10 days"}))
    window = open_window(qtbot, db)
    panel = _open(qtbot, window, partner_id, "Negotiations").negotiation_panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    panel.view.selectRow(0)
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    ask = panel.form.editors["our_ask"]
    assert ask.toPlainText() == "Lead 10 days" and panel.add_button.text() == "Save changes"
    ask.selectAll()
    qtbot.keyClicks(ask, "Lead 8 days")
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks_running() == 0)
    assert log.get_entry(entry.id).our_ask == "Lead 8 days"
    assert len(log.list_for_partner(partner_id)) == 1
    assert panel.form_status.text() == "Entry saved." and panel.add_button.text() == "Add entry"


def test_ctrl_d_says_what_was_done_and_undo_reopens(qtbot: QtBot, db: Database) -> None:
    """Mark done (Ctrl+D) names the partner next to an Undo; Undo puts the follow-up back on the list."""
    partner_id = _partner(db)
    log = NegotiationService(db)
    data = {"occurred_on": TODAY - dt.timedelta(days=5), "next_step": "Send photos", "follow_up_on": TODAY}
    entry = log.add_entry(partner_id, validate_entry(data))
    window = open_window(qtbot, db)
    window.show_page("follow-ups")
    page = window.follow_ups_page
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.model.rowCount() == 1)
    page.table.selectRow(0)
    qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.model.rowCount() == 0)
    assert page.done_message.text() == "Follow-up with Łódź Print Lab marked done."
    assert not page.undo_button.isHidden()
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.model.rowCount() == 1)
    assert log.get_entry(entry.id).follow_up_done_at is None
    assert page.undo_button.isHidden()


def test_a_new_sla_draft_with_empty_optional_dates_saves(qtbot: QtBot, db: Database) -> None:
    """New draft, only the lead time typed, Save: stored (empty validity and hold dates are no dates, not errors)."""
    partner_id = _partner(db)
    window = open_window(qtbot, db)
    panel = _open(qtbot, window, partner_id, "SLA").sla_panel
    assert panel is not None
    panel.new_draft()
    dialog = panel.editor
    lead = dialog.form.editors["lead_time_target_days"]
    qtbot.keyClicks(lead, "10")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks_running() == 0)
    versions = SlaService(db).list_versions(partner_id)
    assert [v.lead_time_target_days for v in versions] == [10]


def test_keyboard_starts_in_the_first_field_and_tab_leaves_notes(qtbot: QtBot, db: Database) -> None:
    """New partner: typing starts in Code; in the order editor Tab leaves the Notes box instead of typing a tab."""
    window = open_window(qtbot, db)
    window.new_partner()
    qtbot.waitUntil(lambda: tasks_running() == 0)
    partner = window.partner_dialog
    assert partner.focusWidget() is partner.form.editors["code"]
    partner.close()
    window.new_order()
    qtbot.waitUntil(lambda: tasks_running() == 0)
    order = window.order_dialog
    assert order.notes.tabChangesFocus()
    assert window.roster_page.table.tabKeyNavigation() is False
