"""Quality page: the actions tab searches and filters by partner and confirms a save; the template editor shows only the fields an answer type uses."""

from __future__ import annotations

import datetime as dt

import pytest
from pytestqt.qtbot import QtBot

from microfactory_desk import clock
from microfactory_desk.db import Database
from microfactory_desk.schemas.quality import validate_action
from microfactory_desk.ui.tasks import tasks_running
from microfactory_desk.wiring import Services
from tests.quality_helpers import make_partner
from tests.ui.conftest import open_window


def _actions(db: Database) -> tuple[int, int]:
    services = Services(db)
    first, second = make_partner(db, "MS-01", "Alpha Works"), make_partner(db, "MS-02", "Beta Labs")
    today = clock.today()
    for pid, text in ((first, "Clear fire exits"), (second, "Recalibrate caliper")):
        data = {"partner_id": pid, "description": text, "raised_on": today, "due_on": today + dt.timedelta(days=7)}
        services.actions.raise_action(validate_action(data))
    return first, second


def test_actions_tab_searches_and_filters_by_partner(qtbot: QtBot, db: Database) -> None:
    """Typing a partner name narrows the actions; the partner filter shows that partner's only."""
    _first, second = _actions(db)
    window = open_window(qtbot, db)
    window.show_page("quality")
    page = window.quality_page
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.action_model.rowCount() == 2 and tasks_running() == 0)
    qtbot.keyClicks(page.action_search, "beta")
    qtbot.waitUntil(lambda: page.action_model.rowCount() == 1)
    assert page.action_model.row(0).partner_code == "MS-02"
    page.action_search.clear()
    qtbot.waitUntil(lambda: page.action_model.rowCount() == 2)
    page.action_partner.setCurrentIndex(page.action_partner.findData(second))
    qtbot.waitUntil(lambda: page.action_model.rowCount() == 1 and tasks_running() == 0)
    assert page.action_model.row(0).partner_id == second


def test_saving_an_action_says_so(qtbot: QtBot, db: Database) -> None:
    """Saving a follow-up on an action puts "Corrective action saved" in the status bar."""
    _actions(db)
    window = open_window(qtbot, db)
    window.show_page("quality")
    page = window.quality_page
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.action_model.rowCount() == 2 and tasks_running() == 0)
    page._open_action_index(page.action_model.index(0, 0))
    qtbot.waitUntil(lambda: tasks_running() == 0)
    page.action_dialog.save()
    qtbot.waitUntil(lambda: tasks_running() == 0)
    assert window.statusBar().currentMessage() == "Corrective action saved"


def test_template_editor_hides_measurement_and_choice_fields_for_pass_fail(qtbot: QtBot, db: Database) -> None:
    """A pass/fail item shows no Nominal, Tolerance, Unit or Options; a measurement shows its three; a choice its options."""
    window = open_window(qtbot, db)
    window.show_page("quality")
    window.quality_page.edit_template(new=True)
    dialog = window.quality_page.template_dialog
    form = dialog.item_form
    dialog._load((0, 0))
    shown = {name for name, box in form.boxes.items() if not box.isHidden()}
    assert not shown & {"nominal", "tolerance", "unit", "choices", "passing_choices"}
    kind = form.editors["kind"]
    kind.setCurrentIndex(kind.findData("measurement"))
    assert not form.boxes["nominal"].isHidden() and form.boxes["choices"].isHidden()
    kind.setCurrentIndex(kind.findData("choice"))
    assert form.boxes["nominal"].isHidden() and not form.boxes["choices"].isHidden()


def test_at_start_up_the_tabs_behind_come_after_the_first_paint_or_when_chosen(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening on the quality page, the inspections come with the window and the actions and templates tabs are
    built after its first paint, in their places; choosing one before that builds it and loads its rows."""
    from microfactory_desk.ui import tasks

    _actions(db)
    for choose_first in (False, True):
        monkeypatch.setattr(tasks, "_held", [])  # what hold_pool_work() sets while the window starts
        window = open_window(qtbot, db)
        window.show_page("quality")
        page = window.quality_page
        assert page.tabs.count() == 3 and page.tabs.tabText(1) == "Corrective actions"
        assert "action_view" not in vars(page) and "template_view" not in vars(page)
        if choose_first:
            page.tabs.setCurrentIndex(1)
        else:
            tasks.release_held()  # the window painted
        assert page.tabs.widget(1).isAncestorOf(page.action_view)
        assert page.tabs.widget(2).isAncestorOf(page.template_view)
        page.tabs.setCurrentIndex(1)
        tasks.release_held()
        qtbot.waitUntil(lambda: page.action_model.rowCount() == 2 and tasks_running() == 0)  # noqa: B023
        window.close()
