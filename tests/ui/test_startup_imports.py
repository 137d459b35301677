"""Start-up from whichever page was open last: only that page is built, and its first rows are painted before
any heavy module (files, ORM, validation) is imported.

Each case starts the real app in a fresh interpreter (sys.modules is per process), the page saved as the last
one shown, exactly as a person reopening the window; the benchmark times the same path
(benchmarks/bench_startup.py), this guards what it imports so a regression fails the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject
from pytestqt.qtbot import QtBot

from microfactory_desk.ui import settings
from microfactory_desk.ui.main_window import MainWindow
from microfactory_desk.ui.tasks import tasks_running
from tests.ui.conftest import _OPEN_WINDOWS, open_window
from tests.ui.demo_db import build_demo_file

PAGE_MODULES = {
    "dashboard": "dashboard_page",
    "roster": "roster_page",
    "follow-ups": "follow_ups_page",
    "quality": "quality_page",
    "orders": "orders_page",
    "skus": "skus_page",
    "scorecards": "scorecards_page",
    "pilots": "pilots_page",
}
# Never needed to show a page's first rows: files in and out, migrations.
FILES = ("openpyxl", "reportlab", "alembic", "microfactory_desk.exports", "microfactory_desk.imports")
# The ORM and validation: the light listing reads serve every page's first rows. The pilots page loads the first
# pilot's detail pane (the ORM) on a worker that starts once the window has painted; scorecards list the stored
# scores, recomputing stale ones waits for the warm-up.
ORM = ("sqlalchemy", "pydantic", "microfactory_desk.models")
# Set up after the first paint: the log file (platformdirs finds the data folder) until something fails.
AFTER_FIRST_PAINT = ("platformdirs",)

# Named by the script when PySide6 loaded every QWidget subclass, as it does to find the type of a widget Qt made
# and Python never saw (a scroll area's viewport): 15-20 ms, to be paid after the first paint, not before.
WALKED = "PySide6.QtWidgets: every QWidget subclass"
# PySide6's QStyle class: building it builds its 566 Python enum values (7 ms); the lists' sort-arrow style and
# app.setStyle() both need it, and both come after the first paint.
STYLE = "PySide6.QtWidgets.QStyle"

SCRIPT = (
    textwrap.dedent(
        """
    import os, sys, time
    from microfactory_desk.ui import settings

    location, page = sys.argv[1], sys.argv[2]
    settings.put("window/page", page)  # the page the window reopens on, as closing it saves

    from microfactory_desk.ui import app
    from microfactory_desk.ui.dialogs import messages

    def fail(_parent, title, text, details=""):
        sys.stderr.write(f"{title}: {text}\\n{details}\\n")
        os._exit(1)

    messages.show_error = fail
    WALKED = {walked!r}
    STYLE = {style!r}
    # The warm-up imports the ORM on purpose once the window is up: this is about what the first rows need.
    app.WARM_UP_DELAY_MS = 600_000
    if page == "scorecards":  # recomputing stale scores imports the ORM on purpose, after the first paint
        from microfactory_desk.ui.pages import scorecard_recompute

        scorecard_recompute.RECOMPUTE_DELAY_MS = 600_000
    window = app.start_gui(location)
    from PySide6 import QtGui

    # Built while the window was: menus' shortcuts and icons, filled in after the first paint, need these.
    built = [f"PySide6.QtGui.{name}" for name in ("QKeySequence", "QIcon") if name in vars(QtGui)]
    shown = window.page(page)

    def ready():
        if page == "dashboard":
            return shown.board is not None
        if page == "scorecards":
            return bool(shown.model.rowCount()) or shown.stack.currentWidget() is not shown.table
        model = shown.inspection_model if page == "quality" else shown.model
        loaded = getattr(model, "loaded", None)
        return bool(loaded) if loaded is not None else bool(model.rowCount()) or model.total == 0

    qt = app.application()
    deadline = time.monotonic() + 90
    while not ready():
        qt.processEvents()
        if time.monotonic() > deadline:
            sys.exit(f"{page}: no rows after 90 s")
        time.sleep(0.001)
    window.repaint()
    # What the first paint needed: pool work asked for during the build starts right after it.
    loaded = sorted(m for m in sys.modules if m.startswith(("microfactory_desk", *sys.argv[3:])))
    from PySide6 import QtWidgets

    if "QWizard" in vars(QtWidgets):  # a class no page uses: PySide6 walked every QWidget subclass
        loaded.append(WALKED)
    if "QStyle" in vars(QtWidgets):
        loaded.append(STYLE)
    loaded += built
    qt.processEvents()
    print("\\n".join(loaded))
    sys.stdout.flush()
    os._exit(0)
    """
    )
    .replace("{walked!r}", repr(WALKED))
    .replace("{style!r}", repr(STYLE))
)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One demo database for every page's start (the app only reads it up to the first paint)."""
    yield build_demo_file(tmp_path_factory.mktemp("startup"))


def _modules_at_first_rows(location: Path, page: str) -> set[str]:
    watched = ("openpyxl", "reportlab", "alembic", "sqlalchemy", "pydantic", *AFTER_FIRST_PAINT)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(location), page, *watched],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.splitlines())


@pytest.mark.parametrize("page", list(PAGE_MODULES))
def test_first_rows_need_only_their_page_and_no_heavy_module(demo_file: Path, page: str) -> None:
    """Reopening on `page` builds that page alone and paints its rows with no file, migration, ORM or pydantic
    module imported, and the log file not yet set up."""
    loaded = _modules_at_first_rows(demo_file, page)
    other_pages = {f"microfactory_desk.ui.pages.{m}" for p, m in PAGE_MODULES.items() if p != page}
    assert f"microfactory_desk.ui.pages.{PAGE_MODULES[page]}" in loaded
    assert sorted(loaded & other_pages) == []
    assert sorted(m for m in loaded if m.startswith(FILES + ORM)) == []
    assert sorted(m for m in loaded if m.startswith(AFTER_FIRST_PAINT)) == []
    assert WALKED not in loaded, "a widget Qt made (a viewport?) was handed to Python before the first paint"
    assert STYLE not in loaded, "PySide6's QStyle (566 enum values) was built before the first paint"
    # Shortcuts and icons come with the menus, after the first paint: building their classes costs 1-2 ms each.
    assert sorted(m for m in loaded if m.startswith("PySide6.QtGui.")) == []


@pytest.mark.parametrize("page", ["follow-ups", "quality", "orders", "skus", "pilots", "scorecards"])
def test_the_first_rows_come_with_the_window(
    qtbot: QtBot, demo_file: Path, page: str, real_pool: None, tmp_path: Path
) -> None:
    """The page the window reopens on has its first rows when the window is built, not a thread-pool trip later
    (on a busy machine that trip cost a sixth of a second); later loads still run on the pool."""
    from microfactory_desk.db import open_database

    copy = tmp_path / "demo.sqlite"
    copy.write_bytes(demo_file.read_bytes())
    settings.put("window/page", page)
    database = open_database(str(copy))
    database.close()  # the window opens its own; this one only names the file
    window = open_window(qtbot, database)
    shown = window.page(page)
    model = shown.inspection_model if page == "quality" else shown.model  # type: ignore[attr-defined]
    assert model.loaded and model.rowCount() > 0
    qtbot.waitUntil(lambda: tasks_running() == 0, timeout=30000)  # the totals and detail panes, on the pool


class _PaintClock(QObject):
    """Notes the moment the watched window first paints."""

    def __init__(self, moments: list[tuple[str, float]]) -> None:
        super().__init__()
        self._moments = moments

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Record the first paint."""
        if event.type() == QEvent.Type.Paint and not any(name == "paint" for name, _ in self._moments):
            self._moments.append(("paint", time.perf_counter()))
        return False


@pytest.mark.parametrize("page", ["dashboard", "pilots"])
def test_background_loads_of_the_start_wait_for_the_first_paint(
    qtbot: QtBot, demo_file: Path, page: str, real_pool: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page the window reopens on starts its background work (a pilot's detail, which imports the ORM) only
    once the window has painted, so no worker competes with that paint; the work then runs. The dashboard's first
    board is the exception: its cards are what the page shows, so the read starts at once and overlaps the build."""
    from microfactory_desk.ui import app, tasks

    copy = tmp_path / "demo.sqlite"
    copy.write_bytes(demo_file.read_bytes())
    settings.put("window/page", page)
    moments: list[tuple[str, float]] = []
    pool = tasks._pool()

    class RecordingPool:
        def start(self, work: Callable[[], None]) -> None:
            moments.append(("pool", time.perf_counter()))
            pool.start(work)

    monkeypatch.setattr(tasks, "_pool", RecordingPool)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # start_gui installs its own; restore it after
    clock = _PaintClock(moments)
    original_show = MainWindow.show

    def show(window: MainWindow) -> None:
        window.installEventFilter(clock)
        original_show(window)

    monkeypatch.setattr(MainWindow, "show", show)
    window = app.start_gui(str(copy))
    assert window is not None
    qtbot.addWidget(window)
    _OPEN_WINDOWS.append(window)
    qtbot.waitUntil(lambda: any(name == "pool" for name, _ in moments), timeout=30000)
    assert [name for name, _ in moments][0] == ("pool" if page == "dashboard" else "paint")
    qtbot.waitUntil(lambda: tasks_running() == 0, timeout=30000)
    shown = window.page(page)
    if page == "dashboard":
        assert shown.board is not None  # type: ignore[attr-defined]
    else:
        assert shown.detail.detail is not None  # type: ignore[attr-defined]
