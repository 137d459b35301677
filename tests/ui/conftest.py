"""GUI test helpers: modal boxes are recorded instead of shown, windows open on the test database, tasks run inline.

Background tasks run synchronously on the test's thread (picard's FakeThreadPool) unless a test asks for
the `real_pool` fixture because the thread itself is what it tests. A crash that reaches the failure path
fails the test unless it asks for `expect_crash`.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.ui import gc_guard, tasks
from microfactory_desk.ui.app import build_window
from microfactory_desk.ui.main_window import MainWindow
from tests.postgres import PG_URL_ENV, PostgresTemplate

# qtbot keeps only weak references: a window the test no longer names would otherwise be collected
# by the cycle collector while Qt still shows it (the app itself holds its window until exit).
_OPEN_WINDOWS: list[MainWindow] = []


def open_window(qtbot: QtBot, db: Database) -> MainWindow:
    """The main window on the test database, shown, held and cleaned up after the test."""
    assert db.file is not None
    window = build_window(str(db.file))
    qtbot.addWidget(window)
    _OPEN_WINDOWS.append(window)
    window.show()
    return window


@pytest.fixture(autouse=True)
def _release_windows(qtbot: QtBot) -> Iterator[None]:
    """Let go of the test's windows once qtbot has closed them."""
    del qtbot
    yield
    _OPEN_WINDOWS.clear()


@pytest.fixture(autouse=True)
def _collect_in_own_teardown(qtbot: QtBot) -> Iterator[None]:
    """Free each test's windows in its own teardown, and fail a test that leaves one alive.

    gc_guard switches automatic collection off for the rest of the session once a window is built, and
    collects only when its timer fires inside some later test's event processing. Garbage left by one test
    was then freed in whichever test ran next, so a crash named the wrong test and depended on file order.
    pytest-qt has closed and deleteLater'd the registered widgets before fixtures finish: the deletions are
    flushed first so the collector meets only invalidated wrappers, then a window still alive is reported
    (and deleted through Qt, so the session survives), then this test's garbage is collected here.
    A full collection walks every object of the session (about 0.1 s a test), so what survives it is frozen
    (gc.freeze): the next teardown walks only what the next test created.
    """
    del qtbot
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    leaked = [w for w in QApplication.topLevelWidgets() if shiboken6.createdByPython(w)]
    names = [type(w).__name__ for w in leaked]  # before deleting: a deleted wrapper has no repr
    for widget in leaked:
        gc_guard.delete_now(widget)
    del leaked
    gc.collect()
    gc.freeze()
    assert not names, f"the test left top-level widgets alive (close and delete them): {names}"


@pytest.fixture
def real_pool() -> None:
    """Ask for this to run background tasks on the real thread pool (the thread is what the test is about)."""


@pytest.fixture
def expect_crash() -> None:
    """Ask for this when the test itself makes an unexpected error reach the failure path."""


@pytest.fixture(autouse=True)
def inline_tasks(request: pytest.FixtureRequest) -> Iterator[None]:
    """Run background tasks synchronously, so a test needs no waiting where the thread is not the subject."""
    inline = "real_pool" not in request.fixturenames
    tasks.run_inline(inline)
    yield
    tasks.run_inline(False)


@pytest.fixture(autouse=True)
def shown_messages(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[list[str]]:
    """Modal message boxes would block a headless test; record their text instead."""
    shown: list[str] = []
    from microfactory_desk.ui.dialogs import messages

    def record(_parent: object, title: str, text: str, details: str = "") -> None:
        shown.append(f"{title}: {text}\n{details}")

    monkeypatch.setattr(messages, "show_error", record)
    monkeypatch.setattr(messages, "show_info", record)
    monkeypatch.setattr(messages, "ask_discard", lambda _parent, title: shown.append(f"Discard? {title}") or True)

    # A lost server asks Retry or Cancel; tests that retry answer it themselves.
    def cancel_retry(_parent: object, title: str, text: str) -> bool:
        shown.append(f"Retry? {title}: {text}")
        return False

    monkeypatch.setattr(messages, "ask_retry", cancel_retry)
    from microfactory_desk.ui import server_faults

    # A database that cannot be opened at start-up offers Retry/Connect/Open/Quit; tests that choose drive it.
    def quit_at_start(text: str) -> str:
        shown.append(f"{server_faults.START_TITLE}: {text}")
        return server_faults.QUIT

    monkeypatch.setattr(server_faults, "ask_start_choice", quit_at_start)
    yield shown
    # Before the one failure path, a crash in a task reached sys.excepthook, where pytest-qt failed the test.
    crashes = [m for m in shown if m.startswith("Unexpected error:")]
    if crashes and "expect_crash" not in request.fixturenames:
        pytest.fail(f"an unexpected error reached the failure path:\n{crashes[0]}")


@pytest.fixture(autouse=True)
def _no_wait_for_the_first_paint(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Scorecards page starts its counts and recompute after the first paint when the window opens; tests
    wait for tasks, not paints, so they start at once (test_startup_imports checks the delayed path)."""
    from microfactory_desk.ui.pages import scorecard_recompute

    monkeypatch.setattr(scorecard_recompute, "RECOMPUTE_DELAY_MS", 0)


@pytest.fixture(scope="module")
def server_template() -> Iterator[PostgresTemplate]:
    """One migrated template on the test server for the module using it (skipped without a server)."""
    if not os.environ.get(PG_URL_ENV):
        pytest.skip(f"{PG_URL_ENV} names no PostgreSQL server")
    made = PostgresTemplate(os.environ[PG_URL_ENV])
    yield made
    made.drop()
