"""GUI composition root: QApplication, logging, error hook, services and the main window."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMessageLogContext, QObject, QtMsgType, Signal, qFormatLogMessage, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from microfactory_desk import clock
from microfactory_desk.db import open_database
from microfactory_desk.wiring import Services

if TYPE_CHECKING:
    from microfactory_desk.demo.load import DemoSummary
    from microfactory_desk.ui.main_window import MainWindow


WARM_UP_DELAY_MS = 400


class AppServices(Services):
    """The window's services of one open database (built by `Services`), plus the app's own chores."""

    @property
    def is_local(self) -> bool:
        """True for a SQLite file on this machine (reads may run on the GUI thread), False for a server."""
        return self.db.is_sqlite

    def backup(self, out: Path) -> Path:
        """A consistent copy of the database."""
        return self.db.backup(out)

    def restore(self, backup: Path) -> tuple[str, Path | None]:
        """Replace this database's file with `backup` (verified; the current file copied aside first).

        Closes this container's database: the window reopens the returned location. Returns it and where the
        replaced file was copied; DatabaseError (nothing changed) when the backup or the moment is not right.
        """
        from microfactory_desk.db_restore import restore

        restored, aside = restore(self.db, backup)
        location = restored.label
        restored.close()
        return location, aside

    def export_pilots(self, out: Path) -> int:
        """Every pilot to an .xlsx workbook; the number written."""

        from microfactory_desk.services.pilots.files import export_pilots

        return export_pilots(self.pilots, out, today=clock.today())

    def load_demo(self) -> DemoSummary:
        """Add the demo partners."""
        from microfactory_desk.demo.load import load_demo

        return load_demo(self.db)

    def warm_up(self) -> None:
        """Import the ORM layer in the background so the first edit opens without a pause."""
        _ = self.roster, self.roster_files, self.sla, self.negotiations
        _ = self.templates, self.inspections, self.photos, self.actions, self.inspection_reports

    def start_of_day(self) -> Path | None:
        """Chores after start-up: expire agreed SLAs past their end, then today's backup (None if it exists)."""

        from microfactory_desk.services.common.backups import ensure_daily_backup

        self.sla.expire_due(clock.today())
        self.templates.ensure_shipped()  # the shipped checklists, on the first start of a database
        return ensure_daily_backup(self.db)


class BusyRelay(QObject):
    """Carries "the database is busy, retrying" from whichever thread waited to the GUI thread's status bar."""

    told = Signal(str)


_busy = BusyRelay()


def open_services(location: str, *, create: bool = True) -> AppServices:
    """Open (and upgrade) a database and create its services; with `create` False a missing file is an error."""
    db = open_database(location, create=create)
    db.on_busy = _busy.told.emit  # a queued signal: safe from the worker thread that is waiting for the lock
    return AppServices(db)


def application() -> QApplication:
    """The QApplication, created once with the app's name, the Fusion style and the app's colours."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    from microfactory_desk.ui import theme

    # Qt aborts when its platform plugin cannot load, with a hint that often names the wrong package: a handler
    # in place while the application starts prints the exact install line first (`python -m
    # microfactory_desk.qt_libs`, which `make run` also runs), so starting the app directly explains it too.
    previous = qInstallMessageHandler(_explain_platform_failure)
    try:
        # The style by name on the command line Qt reads, not app.setStyle(): that returns the style, and wrapping
        # it builds PySide6's QStyle class with its 566 enum values (6 ms of a page without a list table).
        app = QApplication([*sys.argv[:1], "-style", theme.STYLE])
    finally:
        qInstallMessageHandler(previous)
    app.setApplicationName("Microfactory Desk")
    app.setOrganizationName("MicrofactoryDesk")
    from microfactory_desk.ui import gc_guard

    gc_guard.install()  # from now on the collector runs on the GUI thread, from a timer
    theme.apply(app)
    return app


def _explain_platform_failure(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Print Qt's message as Qt would; before the fatal "could not load the platform plugin", what to install."""
    print(qFormatLogMessage(kind, context, message), file=sys.stderr)
    if kind == QtMsgType.QtFatalMsg and "platform plugin" in message:
        from microfactory_desk import qt_libs

        qt_libs.main()
        sys.stderr.flush()


def build_window(location: str, *, create: bool = True) -> MainWindow:
    """The main window on the database at `location` (raises DeskError if it cannot be opened)."""
    return window_on(open_services(location, create=create))


def window_on(services: AppServices) -> MainWindow:
    """The main window on an opened database."""
    from microfactory_desk.ui import gc_guard
    from microfactory_desk.ui.main_window import MainWindow

    gc_guard.install()
    window = MainWindow(services, open_services)
    # Bound to the status bar itself, so the connection goes when the window does (the relay outlives it).
    _busy.told.connect(window.statusBar().showMessage)
    return window


def start_gui(location: str) -> MainWindow | None:
    """Create the app and show the main window on `location`; None when the person quits instead.

    A database that cannot be opened (server down, wrong password, unknown database, missing driver, another
    schema) is named with its host and cause, and Retry, another server or a local file are offered.
    """
    application()
    from microfactory_desk.ui import error_hook, server_faults
    from microfactory_desk.ui.tasks import hold_pool_work, release_after_first_paint, run_task

    error_hook.install()
    services = server_faults.open_at_start(location, open_services)
    if services is None:
        return None
    if services.is_local:  # a server's first reads are round trips: they start at once, overlapping the build
        hold_pool_work()  # the pages' background loads start once the window has painted (see tasks._held)
    window = window_on(services)
    window.show()
    release_after_first_paint(window, WARM_UP_DELAY_MS)
    from microfactory_desk.ui import start_cache, tasks

    tasks.after_first_paint(start_cache.finish)  # the start's generated code is compiled: write it for the next
    from PySide6.QtCore import QTimer

    # After the first paint, so loading the ORM never competes with showing the roster.
    QTimer.singleShot(WARM_UP_DELAY_MS, lambda: run_task(window.services.warm_up))
    QTimer.singleShot(WARM_UP_DELAY_MS, window.start_of_day)
    # With the warm-up, after the first paint (a 0 ms timer could fire before it): ~35 ms of font loading.
    QTimer.singleShot(WARM_UP_DELAY_MS, _fallback_fonts)
    # The log file (platformdirs, the data folder, the open file: 5 ms on a quiet machine, 10-20 ms on a busy one)
    # is set up by the first failure, at the latest here; until then only busy-database warnings reach stderr.
    QTimer.singleShot(WARM_UP_DELAY_MS, error_hook.logger)
    return window


def _fallback_fonts() -> None:
    from microfactory_desk.ui.fonts import register_fallback_fonts

    register_fallback_fonts()


def run_gui(location: str) -> int:
    """Open the window and run until it closes."""
    window = start_gui(location)
    return application().exec() if window is not None else 1
