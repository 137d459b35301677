"""A main window freed by Python's cycle collector, and the test orders that used to crash because of it.

A crash kills the process, so the crashing combinations run in a subprocess and the test reads its exit code.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.ui import gc_guard
from microfactory_desk.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="1")
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )


def test_roster_tests_then_orders_tests_in_one_process_exit_cleanly() -> None:
    """The order that segfaulted in the first orders test (the roster screenshot left its window) now passes."""
    files = ["tests/ui/test_roster_page.py", "tests/ui/test_orders_ui.py"]
    result = _run(["-m", "pytest", "-p", "no:cacheprovider", "-q", *files])
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_a_dropped_window_is_collected_without_a_crash(db: Database) -> None:
    """A shown main window that nobody holds survives a full collection and the process exits cleanly.

    Whether the collector frees it depends on PySide's signal connections (closures they hold keep the window
    alive on some versions), so what is checked is the crash the guard exists for, not a count of objects.
    """
    db.close()
    script = textwrap.dedent(
        """
        import gc, sys
        from microfactory_desk.ui.app import application, build_window
        app = application()
        window = build_window(sys.argv[1], create=False)
        window.show()
        app.processEvents()
        del window  # kept alive only by its own cycle now
        gc.collect()
        app.processEvents()
        print("collected")
        """
    )
    result = _run(["-c", script, str(db.file)])
    assert (result.returncode, result.stdout.split()) == (0, ["collected"]), result.stderr[-3000:]
    assert "Fatal Python error" not in result.stderr, result.stderr[-3000:]


def test_screenshot_deletes_its_window(db: Database, tmp_path: Path) -> None:
    """After `screenshot` no main window is left alive for the collector to find."""
    from microfactory_desk.ui.screenshot import save_screenshot

    def windows() -> list[QWidget]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]

    assert db.file is not None
    before = windows()  # held, so no new window can take an old one's id
    save_screenshot(str(db.file), tmp_path / "shot.png", page="dashboard", size=(800, 600))
    assert {id(w) for w in windows()} <= {id(w) for w in before}


def test_delete_now_deletes_the_tree_and_ignores_a_deleted_object(qtbot: QtBot) -> None:
    """delete_now deletes a widget and its children at once; a second call does nothing."""
    del qtbot
    parent = QWidget()
    child = QLabel("child", parent)
    parent.show()
    gc_guard.delete_now(parent)
    assert not shiboken6.isValid(parent) and not shiboken6.isValid(child)
    gc_guard.delete_now(parent)


def test_delete_now_from_another_thread_posts_the_deletion(qtbot: QtBot) -> None:
    """From a worker thread the object is deleted later on its own thread, never on the worker."""
    del qtbot
    obj = QObject()
    worker = threading.Thread(target=gc_guard.delete_now, args=(obj,))
    worker.start()
    worker.join()
    assert shiboken6.isValid(obj)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(obj)
