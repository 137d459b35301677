"""The background-work API: run_task, the long-task helper (progress dialog and Cancel) and search-box loading."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QProgressDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.errors import Cancelled
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.long_task import PROGRESS_DELAY_MS, LongTask
from microfactory_desk.ui.tasks import SEARCH_DELAY_MS, SearchLoader, run_task, tasks_running
from tests.ui.conftest import open_window


def _visible_progress(widget: QWidget) -> list[QProgressDialog]:
    return [d for d in widget.findChildren(QProgressDialog) if d.isVisible()]


def test_a_fast_export_leaves_no_progress_dialog_behind(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, real_pool: None
) -> None:
    """An export faster than the progress delay never shows its dialog, not even after the delay has passed."""
    window = open_window(qtbot, db)
    out = tmp_path / "roster.xlsx"
    monkeypatch.setattr(messages, "save_path", lambda *_args: str(out))
    window.file_actions.export_roster()  # the first export loads openpyxl; the second is the fast one
    qtbot.waitUntil(lambda: tasks_running() == 0 and out.exists())
    out.unlink()
    window.file_actions.export_roster()
    qtbot.waitUntil(lambda: tasks_running() == 0 and out.exists())
    # Past the force-show timer: a dialog only closed, not reset, would appear now with a Cancel that does nothing.
    qtbot.wait(PROGRESS_DELAY_MS * 2)
    assert _visible_progress(window) == []


def test_a_long_task_shows_its_dialog_only_while_it_runs(qtbot: QtBot, real_pool: None) -> None:
    """Work longer than the delay brings up the dialog; it is gone once the work has finished."""
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    release, done = threading.Event(), []
    task = LongTask(parent, "Working…")
    task.run(lambda: release.wait(5), done.append)
    qtbot.waitUntil(lambda: bool(_visible_progress(parent)), timeout=PROGRESS_DELAY_MS * 10)
    release.set()
    qtbot.waitUntil(lambda: done == [True])
    qtbot.wait(PROGRESS_DELAY_MS * 2)
    assert _visible_progress(parent) == []


def test_cancel_sets_the_event_the_work_polls(qtbot: QtBot, db: Database, real_pool: None) -> None:
    """Pressing Cancel sets the task's event; work that stops with Cancelled ends in a status-bar message."""
    window = open_window(qtbot, db)
    results: list[object] = []
    task = LongTask(window, "Working…")

    def work() -> None:
        if task.cancelled.wait(5):
            raise Cancelled("Stopped; nothing was written.")

    task.run(work, results.append)
    assert task.dialog is not None
    button = task.dialog.findChild(QPushButton)
    assert button is not None
    button.click()
    assert task.cancelled.is_set()
    qtbot.waitUntil(lambda: tasks_running() == 0)
    assert results == []
    assert window.statusBar().currentMessage() == "Stopped; nothing was written."
    assert task.dialog is None


def test_progress_reported_from_the_worker_updates_the_dialog(qtbot: QtBot, real_pool: None) -> None:
    """advance(done, total) called on the worker's thread moves the bar and the label on the GUI thread."""
    parent = QWidget()
    qtbot.addWidget(parent)
    release = threading.Event()
    task = LongTask(parent, "Writing…", step_text="Writing {done} of {total}")
    dialog = task.dialog
    assert dialog is not None

    def work() -> None:
        task.advance(3, 10)
        release.wait(5)

    task.run(work)
    qtbot.waitUntil(lambda: dialog.value() == 3)
    assert (dialog.maximum(), dialog.labelText()) == (10, "Writing 3 of 10")
    release.set()
    qtbot.waitUntil(lambda: tasks_running() == 0)


def test_tasks_run_on_a_worker_thread_unless_inline(qtbot: QtBot, real_pool: None) -> None:
    """The real pool runs the work off the GUI thread and hands the result back on the GUI thread."""
    seen: list[int] = []

    def work() -> int:
        seen.append(threading.get_ident())
        return 42

    results: list[tuple[int, int]] = []
    run_task(work, lambda value: results.append((value, threading.get_ident())))
    qtbot.waitUntil(lambda: bool(results))
    assert seen[0] != threading.get_ident()
    assert results == [(42, threading.get_ident())]


def test_inline_tasks_report_before_run_task_returns() -> None:
    """With the test switch on (the default here), on_done has run when run_task returns: nothing to wait for."""
    results: list[str] = []
    run_task(lambda: "done", results.append)
    assert results == ["done"]
    assert tasks_running() == 0


def test_a_burst_of_keystrokes_loads_once(qtbot: QtBot) -> None:
    """Typing a word loads once, after the pause; a newer load replaces a waiting one."""
    box = QLineEdit()
    qtbot.addWidget(box)
    loads: list[str] = []
    loader = SearchLoader(box, lambda: loads.append(box.text()))
    loader.watch(box)
    qtbot.keyClicks(box, "sleeve")
    assert loads == [] and loader.pending()
    qtbot.waitUntil(lambda: loads == ["sleeve"])
    qtbot.wait(SEARCH_DELAY_MS * 2)
    assert loads == ["sleeve"]


def test_loading_at_once_cancels_the_waiting_keystroke_load(qtbot: QtBot) -> None:
    """A filter change loads now; the typing load that was waiting no longer fires afterwards."""
    box = QLineEdit()
    qtbot.addWidget(box)
    reloads: list[int] = []
    shown: list[str] = []
    loader = SearchLoader(box, lambda: reloads.append(1))
    loader.typed()
    loader.run(lambda: "now", shown.append)
    qtbot.wait(SEARCH_DELAY_MS * 2)
    assert shown == ["now"] and reloads == []


def test_enter_loads_at_once_and_only_once(qtbot: QtBot) -> None:
    """Enter in a search box loads without waiting for the pause, and the waiting load does not fire again."""
    box = QLineEdit()
    qtbot.addWidget(box)
    loads: list[str] = []
    loader = SearchLoader(box, lambda: loads.append(box.text()))
    loader.watch(box)
    qtbot.keyClicks(box, "ppm")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert loads == ["ppm"] and not loader.pending()
    qtbot.wait(SEARCH_DELAY_MS * 2)
    assert loads == ["ppm"]


def test_a_page_awaiting_its_first_rows_holds_the_start_s_chores_until_they_are_painted(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the window starts on a page whose first rows come from a worker (the dashboard), what is held for the
    first paint (the menus, background work) waits for the first paint after the rows, not the window's first
    one, which comes before them: the rows are shown first."""
    from microfactory_desk.ui import tasks

    monkeypatch.setattr(tasks, "_held", [])  # what hold_pool_work() sets while the window starts
    monkeypatch.setattr(tasks, "_after_paint", [])
    done: list[str] = []
    tasks.after_first_paint(lambda: done.append("menus"))
    tasks.await_first_rows()
    window = QWidget()
    qtbot.addWidget(window)
    tasks.release_after_first_paint(window, 600_000)
    window.show()
    qtbot.waitExposed(window)
    window.repaint()
    qtbot.wait(50)
    assert done == []  # painted, but without its rows
    tasks.first_rows_shown()
    window.repaint()
    qtbot.waitUntil(lambda: done == ["menus"])
    assert tasks._held is None
