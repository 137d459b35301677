"""The window and the database file: File › Restore from backup…, and the busy notice of a write waiting for the lock."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.services.roster.partners import RosterService
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.tasks import tasks_running
from tests.ui.conftest import open_window


def test_restore_from_the_menu(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown_messages: list[str]
) -> None:
    """A partner added after the backup is gone once File › Restore… ran; the replaced file is in backups/."""
    RosterService(db).create_partner(data=validate_partner({"code": "KEEP", "name": "Kept"}))
    backup = db.backup(tmp_path / "monday.sqlite")
    RosterService(db).create_partner(data=validate_partner({"code": "LATER", "name": "Added later"}))
    db.close()  # the test's own connections: the window must be the only one with the file open
    window = open_window(qtbot, db)
    qtbot.waitUntil(lambda: tasks_running() == 0 and window.roster_page.model.total == 2)
    monkeypatch.setattr(messages, "open_path", lambda *a: str(backup))
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, _t, text: asked.append(text) or True)
    restore = next(a for a in window.menuBar().actions()[0].menu().actions() if a.text().startswith("&Restore"))
    restore.trigger()
    qtbot.waitUntil(lambda: tasks_running() == 0 and window.roster_page.model.total == 1, timeout=10000)
    assert asked and str(backup) in asked[0]
    assert shown_messages == []
    assert "Restored from" in window.statusBar().currentMessage()
    assert db.file is not None and list((db.file.parent / "backups").glob("*-before-restore.sqlite"))


def test_a_write_waiting_for_the_lock_says_so_in_the_status_bar(qtbot: QtBot, db: Database) -> None:
    """When a write (on a worker thread) waited a whole busy timeout, the window shows "busy, retrying"."""
    import threading

    window = open_window(qtbot, db)
    worker = threading.Thread(target=window.services.db.on_busy, args=("The database is busy, retrying (1/2)...",))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: "busy, retrying" in window.statusBar().currentMessage())
