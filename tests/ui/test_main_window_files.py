"""File menu actions driven through the real window: import, export, backup, demo data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database, resolve_url
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.schemas.sla import validate_terms
from microfactory_desk.schemas.vocab import SlaStatus
from microfactory_desk.services.roster.partners import RosterService
from microfactory_desk.services.sla.versions import SlaService
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.main_window import MainWindow
from microfactory_desk.ui.tasks import tasks_running
from tests.ui.conftest import open_window


def _roster_file(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Partners"
    sheet.append(["Code", "Name", "Kind", "Weekly capacity"])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def _window_with_demo(qtbot: QtBot, db: Database) -> MainWindow:
    """The window after File > Load demo data has finished."""
    window = open_window(qtbot, db)
    window.file_actions.load_demo()
    qtbot.waitUntil(lambda: tasks_running() == 0 and window.roster_page.model.total > 0, timeout=20000)
    return window


def _choose(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    from microfactory_desk.ui.dialogs import import_preview_dialog

    monkeypatch.setattr(messages, "open_path", lambda *a: str(path))
    monkeypatch.setattr(messages, "save_path", lambda *a: str(path))
    # The roster preview (tested on its own) is accepted as it opens: the columns and conventions detected.
    monkeypatch.setattr(import_preview_dialog, "preview_import", lambda *a: ({}, None, None))


def test_import_from_the_menu_fills_the_roster(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown_messages: list[str]
) -> None:
    """File > Import roster reads the chosen file off the GUI thread and shows the new partners."""
    window = open_window(qtbot, db)
    _choose(
        monkeypatch, _roster_file(tmp_path / "in.xlsx", [["A1", "Alpha", "microfactory", 10], ["B1", "Beta", "", None]])
    )
    window.file_actions.import_roster()
    qtbot.waitUntil(lambda: tasks_running() == 0 and window.roster_page.model.total == 2)
    assert "Imported 2 partners" in shown_messages[-1]


def test_a_bad_row_is_reported_and_nothing_is_imported(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown_messages: list[str]
) -> None:
    """A bad value in row 3 is named in the message and the roster stays empty."""
    window = open_window(qtbot, db)
    _choose(
        monkeypatch, _roster_file(tmp_path / "bad.xlsx", [["A1", "Alpha", "microfactory", 10], ["B1", "Beta", "", -3]])
    )
    window.file_actions.import_roster()
    qtbot.waitUntil(lambda: tasks_running() == 0 and bool(shown_messages))
    assert "Import refused" in shown_messages[-1]
    assert "row 3" in shown_messages[-1]
    assert window.roster_page.model.total == 0


def test_export_from_the_menu_writes_a_workbook(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """File > Export roster writes an .xlsx whose Partners sheet holds every partner."""
    window = _window_with_demo(qtbot, db)
    out = tmp_path / "out.xlsx"
    _choose(monkeypatch, out)
    window.file_actions.export_roster()
    qtbot.waitUntil(lambda: tasks_running() == 0 and out.exists(), timeout=10000)
    rows = list(load_workbook(out, read_only=True)["Partners"].iter_rows(values_only=True))
    assert len(rows) == window.roster_page.model.total + 1


def test_backup_from_the_menu(qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """File > Back up database writes a healthy copy."""
    window = open_window(qtbot, db)
    out = tmp_path / "copy.sqlite"
    _choose(monkeypatch, out)
    window.file_actions.backup_database()
    qtbot.waitUntil(lambda: tasks_running() == 0 and out.exists())
    assert Database(resolve_url(str(out))).integrity_problems() == []


def test_new_database_switches_the_window(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """File > New database opens an empty database and the roster shows its empty state."""
    window = _window_with_demo(qtbot, db)
    fresh = tmp_path / "fresh.sqlite"
    _choose(monkeypatch, fresh)
    window.file_actions.new_database()
    assert window.roster_page.model.total == 0
    assert window.roster_page.stack.currentWidget() is window.roster_page.empty
    assert str(fresh) in window.db_label.text()


def test_cancel_button_stops_an_import(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pressing Cancel on the progress dialog stops the import; nothing is imported and the status says so."""
    from microfactory_desk.ui import tasks

    rows = [[f"P{i}", f"Partner {i}", "microfactory", 10] for i in range(1200)]
    _choose(monkeypatch, _roster_file(tmp_path / "long.xlsx", rows))
    window = open_window(qtbot, db)
    real_run_task = tasks.run_task

    def press_cancel_first(*args: object) -> None:
        task = window.file_actions.task
        if task is not None and task.dialog is not None:  # the import's own task (pages load rows through it too)
            # The user presses Cancel before the worker reaches its first check.
            task.dialog.findChild(QPushButton).click()
            cancelled.append(True)
        real_run_task(*args)  # type: ignore[arg-type]

    cancelled: list[bool] = []

    monkeypatch.setattr(tasks, "run_task", press_cancel_first)
    window.file_actions.import_roster()
    qtbot.waitUntil(lambda: tasks_running() == 0 and "cancelled" in window.statusBar().currentMessage())
    assert cancelled
    window.show_page("roster")
    qtbot.waitUntil(lambda: not window.roster_page.model.loading)
    assert window.roster_page.model.total == 0


def test_start_up_makes_the_daily_backup(qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Shortly after the window opens, ended SLAs expire and today's backup copy appears beside the database."""
    import sys

    from microfactory_desk.services.common.backups import daily_backups
    from microfactory_desk.ui.app import start_gui

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # start_gui installs its own; restore it after
    partner = RosterService(db).create_partner(data=validate_partner({"code": "P1", "name": "P1"}))
    sla = SlaService(db)
    ended = sla.create_draft(partner.id, validate_terms({"valid_from": "2024-01-01", "valid_until": "2024-12-31"}))
    sla.agree(ended.id, on=dt.date(2024, 1, 1))
    assert db.file is not None
    window = start_gui(str(db.file))
    assert window is not None
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: len(daily_backups(db)) == 1 and tasks_running() == 0, timeout=5000)
    assert sla.get_version(ended.id).status == SlaStatus.EXPIRED
