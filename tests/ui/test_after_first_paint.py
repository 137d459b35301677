"""Chores the first paint does not need wait for it (tasks.after_first_paint), then run in order."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.ui import tasks
from tests.ui.conftest import open_window


@pytest.mark.usefixtures("real_pool")
def test_chores_wait_for_the_first_paint_and_a_failure_keeps_no_other_back(monkeypatch: pytest.MonkeyPatch) -> None:
    done: list[str] = []
    failures: list[BaseException] = []
    monkeypatch.setattr(tasks, "_give_up", lambda exc, _on_error: failures.append(exc))
    tasks.hold_pool_work()
    try:
        tasks.after_first_paint(lambda: done.append("menus"))
        tasks.after_first_paint(lambda: 1 / 0 and None)
        tasks.after_first_paint(lambda: done.append("shortcuts"))
        assert done == []  # nothing before the paint
    finally:
        tasks.release_held()
    assert done == ["menus", "shortcuts"]
    assert [type(exc) for exc in failures] == [ZeroDivisionError]
    tasks.after_first_paint(lambda: done.append("later"))  # no start-up under way: at once
    assert done[-1] == "later"


def test_menus_are_whole_once_reached(qtbot: QtBot, db: Database) -> None:
    window = open_window(qtbot, db)
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == ["&File", "&Help"]
    window.finish_menus()
    window.finish_menus()  # a second call adds nothing
    file_menu = window.menuBar().actions()[0].menu()
    texts = [action.text() for action in file_menu.actions() if action.text()]
    assert texts.count("New &partner…") == 1
    assert window.new_partner_action.shortcut().toString() == "Ctrl+N"
    assert window.db_label.text()  # where the data lives, named once the menus are filled
