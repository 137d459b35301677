"""The shell around the pages: error dialog with a logged traceback, remembered window geometry."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.paths import log_file
from microfactory_desk.ui import error_hook
from tests.ui.conftest import open_window


def test_unexpected_error_is_logged_and_explained(shown_messages: list[str], expect_crash: None) -> None:
    """An unexpected exception shows a short message and its traceback lands in the log file."""
    try:
        raise RuntimeError("disk on fire")
    except RuntimeError as exc:
        error_hook.report(type(exc), exc, exc.__traceback__)
    assert "disk on fire" in shown_messages[-1]
    assert "Traceback" in log_file().read_text(encoding="utf-8")


def test_expected_errors_show_their_message_only(shown_messages: list[str]) -> None:
    """A DeskError is shown as its plain message, without a traceback."""
    from microfactory_desk.errors import DeskError

    error_hook.report(DeskError, DeskError("The file is locked."), None)
    assert shown_messages[-1].startswith("Microfactory Desk: The file is locked.")


def test_window_geometry_is_remembered(qtbot: QtBot, db: Database) -> None:
    """Closing the window stores its size; the next window opens at that size."""
    window = open_window(qtbot, db)
    window.resize(790, 520)  # within the offscreen screen, which restoreGeometry clamps to
    window.close()
    again = open_window(qtbot, db)
    assert (again.width(), again.height()) == (790, 520)


def test_each_test_starts_from_an_empty_settings_store() -> None:
    """Nothing an earlier test stored (the geometry tests above close windows) is seen here: every key is empty."""
    from microfactory_desk.ui.settings import settings

    assert settings().allKeys() == []


def test_cycles_are_collected_on_the_gui_thread(qtbot: QtBot, db: Database) -> None:
    """With the window open, automatic collection is off and the GUI-thread timer collects cycles instead."""
    import gc
    import weakref

    window = open_window(qtbot, db)  # held: qtbot keeps only a weak reference, and a collected window crashes
    assert not gc.isenabled()

    class Node:
        pass

    node = Node()
    node.self = node  # type: ignore[attr-defined]
    ref = weakref.ref(node)
    del node
    # Held until the check: objects freed at once lower the count again (3.11 counts allocations
    # minus deallocations), so only live ones reliably pass the youngest generation's threshold.
    held = [Node() for _ in range(3 * gc.get_threshold()[0])]
    qtbot.waitUntil(lambda: ref() is None, timeout=5000)
    del held
    assert window.isVisible()


def test_only_the_newest_load_reports(qtbot: QtBot, real_pool: None) -> None:
    """A slow older load that answers after a newer one is dropped, so typing never ends on stale rows."""
    import threading

    from microfactory_desk.ui.tasks import LatestOnly, tasks_running

    release = threading.Event()
    shown: list[str] = []
    loads = LatestOnly()

    def slow() -> str:
        release.wait(5)
        return "old"

    loads.run(slow, shown.append)
    loads.run(lambda: "new", shown.append)
    qtbot.waitUntil(lambda: shown == ["new"])
    release.set()
    qtbot.waitUntil(lambda: tasks_running() == 0)
    assert shown == ["new"]
