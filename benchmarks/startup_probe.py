"""Start the real app on a database and exit the moment the page it opens on is painted with its rows.

`startup_probe.py DB PAGE` saves PAGE as the last page shown (as closing the window would; bench_startup does
that itself before timing, PROBE_PAGE_SAVED), starts the app and stops once that page's first rows (or its
empty state) are painted: by the window's first paint when they come with it, else by the first paint after
they arrive (the dashboard's cards come from a worker; it used to be repainted a second time, 8-10 ms).

Run as a child process by bench_startup.py; `--bare` instead shows an empty QMainWindow with a
QTableView, the reference the issue compares against; `--plain-page DB` a page of the same kind written as
one plain PySide6 script (see plain_page). `--phases` prints when each start-up phase ended, in
seconds since PROBE_T0 (the parent's wall clock just before it started this process), so the time before
Python runs any of our code is visible too. `--settle` (the warm-up runs) lets the app do what it does after its
first paint before exiting, among it writing the start-up cache, as a person's previous session did.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

_phases: list[tuple[str, float]] = []


def _mark(phase: str) -> None:
    """Note that `phase` just ended (wall clock, comparable with the parent's PROBE_T0)."""
    _phases.append((phase, time.time()))


def _print_phases(page: str) -> None:
    start = float(os.environ.get("PROBE_T0", _phases[0][1]))
    steps, before = [], start
    for phase, at in _phases:
        steps.append(f"{phase} {at - before:.3f}")
        before = at
    sys.stdout.write(f"{page}: phases (s): " + ", ".join(steps) + f"; total {before - start:.3f}\n")
    sys.stdout.flush()


def bare() -> None:
    """The reference: PySide6 showing an empty main window with a table view."""
    _mark("python up")
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    _mark("import PySide6")
    app = QApplication(sys.argv[:1])
    _mark("QApplication")
    window = QMainWindow()
    window.setCentralWidget(QTableView())
    window.show()
    _mark("window built and shown")
    app.processEvents()
    _mark("painted")
    if "--phases" in sys.argv:
        _print_phases("bare")
    os._exit(0)


def bare_model() -> None:
    """A second reference: the same bare window, but its table shows a trivial Python model.

    Any Python table model makes Qt build the Python enums of the whole Qt namespace when the
    view first calls headerData(); this isolates that fixed cost from the app's own work.
    """
    from PySide6.QtCore import QAbstractTableModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    class Model(QAbstractTableModel):
        def rowCount(self, parent: object = None) -> int:
            return 50

        def columnCount(self, parent: object = None) -> int:
            return 11

        def data(self, index: object, role: int = 0) -> object:
            return "x" if role == 0 else None

        def headerData(self, section: int, orientation: object, role: int = 0) -> object:
            return "h" if role == 0 else None

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    view = QTableView()
    model = Model()
    view.setModel(model)
    window.setCentralWidget(view)
    window.show()
    app.processEvents()
    os._exit(0)


def plain_page(location: str) -> None:
    """A third reference: what the same kind of page costs written as one plain PySide6 script.

    A dark sidebar of eight pages, a title, a search box, a status filter, a table over a Python model of the
    first 100 orders read with a bare sqlite3 cursor, seven buttons, a menu bar and a status bar; Fusion with
    a palette, like the app, but none of the app's own modules. The gap between this and `bare` is what any
    PySide6 page with rows costs (the Qt namespace's enums, fonts, text); the gap between this and the app is
    the app's own.
    """
    import sqlite3

    from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
    from PySide6.QtGui import QColor, QFont, QPalette
    from PySide6.QtWidgets import (
        QApplication,
        QComboBox,
        QHBoxLayout,
        QLabel,
        QLineEdit,
        QListWidget,
        QMainWindow,
        QPushButton,
        QTableView,
        QVBoxLayout,
        QWidget,
    )

    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#cfe6df"))
    app.setPalette(palette)
    conn = sqlite3.connect(f"file:{location}?mode=ro", uri=True)
    rows = conn.execute(
        "SELECT number, status, order_date, currency FROM purchase_order ORDER BY order_date DESC LIMIT 100"
    ).fetchall()
    headers = ("Number", "Status", "Order date", "Currency")
    Index = QModelIndex | QPersistentModelIndex

    class Model(QAbstractTableModel):
        def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
            return len(rows)

        def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
            return len(headers)

        def data(self, index: Index, role: int = 0) -> object:
            return str(rows[index.row()][index.column()]) if role == 0 else None

        def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:  # noqa: N802
            if role != 0:
                return None
            return headers[section] if orientation == Qt.Orientation.Horizontal else str(section + 1)

    window = QMainWindow()
    central = QWidget()
    row = QHBoxLayout(central)
    nav = QListWidget()
    nav.setFixedWidth(190)
    nav.addItems(["Dashboard", "Roster", "Follow-ups", "Quality", "Orders", "SKU catalogue", "Scorecards", "Pilots"])
    nav.setStyleSheet("QListWidget { background: #1f2a37; color: #d8dee6; border: none; font-size: 11pt; }")
    row.addWidget(nav)
    page = QWidget()
    column = QVBoxLayout(page)
    header = QHBoxLayout()
    title = QLabel("Orders")
    font = QFont(title.font())
    font.setPointSize(17)
    font.setBold(True)
    title.setFont(font)
    header.addWidget(title)
    header.addWidget(QPushButton("New order"))
    column.addLayout(header)
    filters = QHBoxLayout()
    search = QLineEdit()
    search.setPlaceholderText("Search order number or partner…")
    search.setClearButtonEnabled(True)
    status = QComboBox()
    status.addItems(["All statuses", "Draft", "Sent", "Confirmed", "Shipped", "Received"])
    filters.addWidget(search)
    filters.addWidget(status)
    column.addLayout(filters)
    table = QTableView()
    model = Model()
    table.setModel(model)
    table.setAlternatingRowColors(True)
    table.setSortingEnabled(True)
    column.addWidget(table)
    buttons = QHBoxLayout()
    for text in ("Open", "Send…", "Confirmation…", "Next step", "Reorder", "Cancel…", "Export"):
        buttons.addWidget(QPushButton(text))
    column.addLayout(buttons)
    row.addWidget(page, 1)
    window.setCentralWidget(central)
    window.menuBar().addMenu("&File")
    window.menuBar().addMenu("&Help")
    window.statusBar().showMessage(location)
    window.show()
    app.processEvents()
    os._exit(0)


# What "the page is shown with its rows" means for each page: its first rows (or its empty state) are in.
def _ready(window: Any, page: str) -> bool:
    if page == "roster":
        return bool(window.roster_page.model.rowCount())
    shown = window.page(page)
    if page == "dashboard":
        return shown.board is not None
    if page == "scorecards":
        return bool(shown.model.rowCount()) or shown.stack.currentWidget() is not shown.table
    model = shown.inspection_model if page == "quality" else shown.model
    loaded = getattr(model, "loaded", None)  # the paged lists say so; a list loaded whole has rows
    return bool(loaded) if loaded is not None else bool(model.rowCount())


def _PaintWatch(window: Any, page: str) -> Any:  # noqa: N802 - builds a QObject subclass once PySide6 is in
    """Notes whether `window` painted once its page had its rows: a page whose rows arrive after the window is
    shown (the dashboard's cards, from a worker) is painted with them by the update Qt schedules when they come;
    a forced repaint on top of that would count that page's paint twice."""
    from PySide6.QtCore import QEvent, QObject

    class Watch(QObject):
        with_rows = False

        def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and _ready(window, page):
                self.with_rows = True
            return False

    watch = Watch(window)
    window.installEventFilter(watch)
    return watch


def _when_imported(name: str, patch: Any) -> None:
    """Call `patch(module)` once module `name` is imported (at once if it is), without importing it: a start-up
    that never needs it must not pay for it here."""
    import importlib.machinery  # frozen: free (importlib.abc would cost the start-up a few ms)

    if name in sys.modules:
        patch(sys.modules[name])
        return

    class Finder:  # a meta path finder needs only find_spec
        def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
            if fullname != name:
                return None
            spec = importlib.machinery.PathFinder.find_spec(fullname, path)
            assert spec is not None and spec.loader is not None
            load = spec.loader.exec_module

            def exec_module(module: Any) -> None:
                load(module)
                patch(module)

            spec.loader.exec_module = exec_module  # type: ignore[method-assign]
            return spec

    sys.meta_path.insert(0, Finder())


def app(location: str, page: str) -> None:
    """The app: what run_gui does before entering the event loop, until `page` (saved as the last page) is
    painted with its first rows."""
    _mark("python up")
    if not os.environ.get("PROBE_PAGE_SAVED"):  # bench_startup saves it before starting the clock
        from microfactory_desk.ui import settings

        settings.put("window/page", page)  # the saved settings decide the page the window opens on

    # What `microfactory-desk --db DB` does before the window: the command line's own path to it.
    from microfactory_desk.cli import before_window, window_database

    opened_on = window_database(["--db", location])
    assert opened_on == location
    before_window()
    _mark("command line")
    from microfactory_desk.ui import app as app_module
    from microfactory_desk.ui.app import application, start_gui

    _mark("import ui.app")
    application()
    _mark("QApplication")
    opener = app_module.open_services

    def timed_open(*args: Any, **kwargs: Any) -> Any:
        services = opener(*args, **kwargs)
        _mark("open database")
        return services

    app_module.open_services = timed_open  # the same function, timed

    def fail(_parent: object, title: str, text: str, details: str = "") -> None:
        # A modal box would wait forever offscreen; say what happened and stop.
        sys.stderr.write(f"{title}: {text}\n{details}\n")
        os._exit(1)

    _when_imported("microfactory_desk.ui.dialogs.messages", lambda messages: setattr(messages, "show_error", fail))

    window = start_gui(location)
    assert window is not None
    _mark("window built and shown")
    if window.current_page() is not window.page(page):
        sys.stderr.write(f"the window opened on another page than {page}: the saved settings were not read\n")
        os._exit(1)
    qt = application()
    painted = _PaintWatch(window, page)
    deadline = time.monotonic() + 60
    arrived_later = False
    while not _ready(window, page):
        arrived_later = True
        qt.processEvents()
        if time.monotonic() > deadline:
            sys.stderr.write(f"{page}: no rows after 60 s\n")
            os._exit(1)
        time.sleep(0.0005)
    _mark("rows loaded")
    if not arrived_later:  # the rows came with the window, which has not painted yet: paint them now
        window.repaint()
        qt.processEvents()
    while not painted.with_rows and arrived_later:  # the paint Qt schedules for rows that came from a worker
        qt.processEvents()
        if time.monotonic() > deadline:
            sys.stderr.write(f"{page}: rows never painted\n")
            os._exit(1)
        time.sleep(0.0005)
    _mark("painted")
    if "--phases" in sys.argv:
        _print_phases(page)
    if "--imports" in sys.argv:
        heavy = [m for m in ("sqlalchemy", "pydantic", "alembic", "openpyxl", "reportlab") if m in sys.modules]
        sys.stdout.write(f"{page}: heavy modules loaded when its rows were painted: {heavy or 'none'}\n")
        sys.stdout.flush()
    if "--settle" in sys.argv:
        # A warm-up run: what the app does just after its first paint (among it, writing the start-up cache,
        # ui.start_cache.finish), so the timed starts find what a person's next start finds. Not in a timed
        # run: the bench times the whole process, and the bare window exits at its paint.
        from microfactory_desk.ui.tasks import release_held

        release_held()
    os._exit(0)


if __name__ == "__main__":
    if sys.argv[1] == "--bare":
        bare()
    elif sys.argv[1] == "--bare-model":
        bare_model()
    elif sys.argv[1] == "--plain-page":
        plain_page(sys.argv[2])
    else:
        app(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 and not sys.argv[2].startswith("--") else "roster")
