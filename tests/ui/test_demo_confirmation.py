"""File > Load demo data asks before adding fictional partners to a database that already holds partners."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.services.roster.partners import RosterService
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.tasks import tasks_running
from tests.ui.conftest import open_window


def test_demo_into_a_database_in_use_asks_and_no_adds_nothing(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With partners present, Load demo data says what it adds and how many partners are there; No adds nothing."""
    RosterService(db).create_partner(data=validate_partner({"code": "OWN-1", "name": "Our own partner"}))
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, _title, text: asked.append(text) or False)
    window = open_window(qtbot, db)
    window.file_actions.load_demo()
    qtbot.waitUntil(lambda: tasks_running() == 0)
    assert len(asked) == 1
    assert "already holds 1 partner." in asked[0] and "60 fictional partners" in asked[0]
    window.roster_page.refresh()
    assert window.roster_page.model.total == 1


def test_demo_into_an_empty_database_loads_without_asking_and_says_what_it_added(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An empty database gets the demo at once; the status bar says what was added."""
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda *_a: asked.append("asked") or True)
    window = open_window(qtbot, db)
    window.file_actions.load_demo()
    qtbot.waitUntil(lambda: tasks_running() == 0 and window.roster_page.model.total > 0, timeout=20000)
    assert asked == []
    assert window.statusBar().currentMessage().startswith("Demo data added: 60 partners")
