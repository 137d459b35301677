"""The template editor and the corrective-action dialog: errors shown where they are, saves that version."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pytestqt.qtbot import QtBot

from microfactory_desk import clock
from microfactory_desk.db import Database
from microfactory_desk.ui.dialogs.corrective_action_dialog import CorrectiveActionDialog
from microfactory_desk.ui.dialogs.template_editor_dialog import TemplateEditorDialog
from microfactory_desk.ui.tasks import tasks_running
from microfactory_desk.wiring import Services
from tests.quality_helpers import make_partner, make_template, start_inspection


def test_editor_names_the_bad_item_then_saves_a_new_version(qtbot: QtBot, db: Database) -> None:
    """A measurement without tolerance is selected and flagged; fixed, the used template saves as version 2."""
    services = Services(db)
    template = make_template(db)
    start_inspection(db, make_partner(db), template.id)
    editor = TemplateEditorDialog(services.templates, services.templates.get_template(template.id))
    qtbot.addWidget(editor)
    editor.show()
    saved: list[int] = []
    editor.template_saved.connect(saved.append)
    editor.tree.setCurrentItem(editor.tree.topLevelItem(1).child(0))  # Length, a measurement
    editor.item_form.editors["tolerance"].setText("")  # type: ignore[union-attr]
    editor.save()
    assert "Section 2, item 1, Tolerance ±" in editor.error.text()
    assert editor.item_form.errors["tolerance"].isVisible()
    editor.item_form.editors["tolerance"].setText("0.2")  # type: ignore[union-attr]
    editor.save()
    qtbot.waitUntil(lambda: bool(saved) and tasks_running() == 0, timeout=10_000)
    newest = services.templates.get_template(saved[0])
    assert newest.version == 2
    assert str(newest.items()[2].tolerance).startswith("0.2")
    assert services.templates.get_template(template.id).items()[2].tolerance == template.items()[2].tolerance


def test_editor_adds_sections_and_items(qtbot: QtBot, db: Database) -> None:
    """A new template from blank: the first item, an added section with a choice item, saved as version 1."""
    services = Services(db)
    editor = TemplateEditorDialog(services.templates, None)
    qtbot.addWidget(editor)
    editor.show()
    saved: list[int] = []
    editor.template_saved.connect(saved.append)
    editor.header_form.set_values({"name": "Pop-up store check", "key": "popup-check", "pass_threshold_pct": "75"})
    editor.tree.setCurrentItem(editor.tree.topLevelItem(0).child(0))
    editor.item_form.editors["prompt"].setPlainText("Shelf stocked")  # type: ignore[union-attr]
    editor.add_section()
    editor.tree.setCurrentItem(editor.tree.topLevelItem(1).child(0))
    form = editor.item_form
    form.editors["prompt"].setPlainText("Display lighting")  # type: ignore[union-attr]
    form.editors["kind"].setCurrentIndex(form.editors["kind"].findData("choice"))  # type: ignore[union-attr]
    form.editors["choices"].setPlainText("Good\nDim\nOff")  # type: ignore[union-attr]
    form.editors["passing_choices"].setPlainText("Good")  # type: ignore[union-attr]
    editor.save()
    qtbot.waitUntil(lambda: bool(saved) and tasks_running() == 0, timeout=10_000)
    stored = services.templates.get_template(saved[0])
    assert [s.title for s in stored.sections] == ["General", "New section"]
    assert [i.prompt for i in stored.items()] == ["Shelf stocked", "Display lighting"]
    assert stored.items()[1].choices == ["Good", "Dim", "Off"]
    assert float(stored.pass_threshold_pct) == 75


def test_closing_an_action_needs_evidence(qtbot: QtBot, db: Database) -> None:
    """Status 'verified closed' without a note shows the error under the evidence field; with it, it saves."""
    from microfactory_desk.schemas.quality import validate_action

    services = Services(db)
    pid = make_partner(db)
    raised = services.actions.raise_action(
        validate_action({"partner_id": pid, "description": "Fix labels", "raised_on": dt.date(2026, 1, 5)})
    )
    dialog = CorrectiveActionDialog(actions=services.actions, photos=services.photos, action=raised)
    qtbot.addWidget(dialog)
    dialog.show()
    saved: list[int] = []
    dialog.action_saved.connect(saved.append)
    status = dialog.form.editors["status"]
    status.setCurrentIndex(status.findData("closed"))  # type: ignore[union-attr]
    dialog.save()
    assert dialog.form.errors["closure_note"].isVisible()
    dialog.form.editors["closure_note"].setPlainText("New labels checked on 20 cartons")  # type: ignore[union-attr]
    dialog.save()
    qtbot.waitUntil(lambda: bool(saved) and tasks_running() == 0, timeout=10_000)
    stored = services.actions.get_action(raised.id).data
    assert stored.status == "closed" and stored.closed_on == clock.today()
    assert stored.closure_note == "New labels checked on 20 cartons"


def test_new_inspection_from_the_empty_page_opens_the_runner(qtbot: QtBot, db: Database) -> None:
    """An empty list invites a first inspection; picking partner and checklist starts it and opens the runner."""
    from tests.ui.conftest import open_window

    make_partner(db, "MS-07", "Ελλάδα Print")
    window = open_window(qtbot, db)
    window.start_of_day()  # as start_gui does after the first paint: installs the shipped checklists
    window.show_page("quality")
    page = window.quality_page
    qtbot.waitUntil(lambda: tasks_running() == 0, timeout=10_000)
    assert page.inspection_stack.currentWidget() is page.inspection_empty
    page.new_button.click()
    qtbot.waitUntil(lambda: hasattr(page, "start_dialog") and page.start_dialog.isVisible(), timeout=10_000)
    dialog = page.start_dialog
    dialog.start()
    assert dialog.partner_error.isVisible()  # no partner chosen yet
    dialog.partner.setText("Ελλάδα Print (MS-07)")
    dialog.form.editors["inspector"].setText("Ania")  # type: ignore[union-attr]
    dialog.start()
    qtbot.waitUntil(lambda: page.runner is not None and page.runner.isVisible(), timeout=10_000)
    assert page.runner.title.text().startswith(f"INS-{clock.today().year}-0001 · Ελλάδα Print")
    qtbot.waitUntil(lambda: page.inspection_model.rowCount() == 1 and tasks_running() == 0, timeout=10_000)
    assert page.inspection_stack.currentWidget() is page.inspection_view
    page.runner.close()


def test_start_of_day_installs_the_shipped_templates(db: Database) -> None:
    """The window's start-of-day chores put the shipped checklists into a new database, once."""
    from microfactory_desk.ui.app import AppServices

    services = AppServices(db)
    services.start_of_day()
    services.start_of_day()
    keys = db.read("SELECT key, COUNT(*) FROM checklist_template GROUP BY key ORDER BY key")
    assert keys == [("batch-release-check", 1), ("first-article-inspection", 1), ("microfactory-onboarding-audit", 1)]


def test_a_new_database_opened_later_offers_the_shipped_templates(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    """File › New database runs the start-of-day chores too: the new file's Quality page offers the shipped checklists."""
    from tests.ui.conftest import open_window

    window = open_window(qtbot, db)
    window.show_page("quality")
    page = window.quality_page
    page.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: tasks_running() == 0, timeout=10_000)
    assert page.template_model.rowCount() == 0  # the window's own start-up chores were not run here
    window.file_actions.switch_database(str(tmp_path / "new.sqlite"))
    qtbot.waitUntil(lambda: page.template_model.rowCount() == 3 and tasks_running() == 0, timeout=10_000)
    page.new_button.click()
    qtbot.waitUntil(lambda: hasattr(page, "start_dialog") and page.start_dialog.isVisible(), timeout=10_000)
    assert page.start_dialog.form.editors["template_id"].count() == 3  # type: ignore[union-attr]
    page.start_dialog.close()


def test_new_inspection_fields_line_up_with_the_new_partner_fields(qtbot: QtBot, db: Database) -> None:
    """Defect 38: the picker and every field of New inspection start where New partner's fields start (were 2 px off)."""
    from PySide6.QtCore import QPoint

    from tests.ui.conftest import open_window

    make_template(db)
    make_partner(db)
    window = open_window(qtbot, db)
    window.new_partner()
    qtbot.waitUntil(lambda: getattr(window, "partner_dialog", None) is not None and window.partner_dialog.isVisible())
    partner_dialog = window.partner_dialog
    partner_x = {
        e.mapTo(partner_dialog, QPoint(0, 0)).x() for e in partner_dialog.form.editors.values() if e.isVisible()
    }
    window.show_page("quality")
    page = window.quality_page
    page.new_inspection()
    qtbot.waitUntil(lambda: getattr(page, "start_dialog", None) is not None and page.start_dialog.isVisible())
    start = page.start_dialog
    first_column = [start.partner, *(start.form.editors[k] for k in ("template_id", "inspected_on", "inspector"))]
    start_x = {e.mapTo(start, QPoint(0, 0)).x() for e in first_column}
    assert len(start_x) == 1 and start_x <= partner_x, (start_x, partner_x)
    partner_dialog.close()
    start.close()
