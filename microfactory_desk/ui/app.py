"""GUI composition root: QApplication, logging, error hook, services and the main window."""

from __future__ import annotations

import logging
import sys
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from microfactory_desk.db import Database, open_database
from microfactory_desk.errors import DeskError
from microfactory_desk.paths import log_file, resource_path
from microfactory_desk.services.roster_list import RosterList

if TYPE_CHECKING:
    from microfactory_desk.services.demo import DemoSummary
    from microfactory_desk.services.roster import RosterService
    from microfactory_desk.services.roster_files import RosterFiles
    from microfactory_desk.ui.main_window import MainWindow


class AppServices:
    """The services of one open database; ORM-backed ones are created (and imported) on first use."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.roster_list = RosterList(db)

    @cached_property
    def roster(self) -> RosterService:
        """Partner reads and writes."""
        from microfactory_desk.services.roster import RosterService

        return RosterService(self.db)

    @cached_property
    def roster_files(self) -> RosterFiles:
        """Roster import and export."""
        from microfactory_desk.services.roster_files import RosterFiles

        return RosterFiles(self.db)

    def backup(self, out: Path) -> Path:
        """A consistent copy of the database."""
        return self.db.backup(out)

    def load_demo(self) -> DemoSummary:
        """Add the demo partners."""
        from microfactory_desk.services.demo import load_demo

        return load_demo(self.db)

    def warm_up(self) -> None:
        """Import the ORM layer in the background so the first edit opens without a pause."""
        _ = self.roster, self.roster_files


def open_services(location: str) -> AppServices:
    """Open (and upgrade) a database and create its services."""
    return AppServices(open_database(location))


def application() -> QApplication:
    """The QApplication, created once with the app's name and style sheet."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Microfactory Desk")
    app.setOrganizationName("MicrofactoryDesk")
    style = resource_path("styles", "app.qss")
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def build_window(location: str) -> MainWindow:
    """The main window on the database at `location` (raises DeskError if it cannot be opened)."""
    from microfactory_desk.ui.main_window import MainWindow

    return MainWindow(open_services(location), open_services)


def _setup_logging() -> None:
    handler = logging.FileHandler(log_file(), encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("microfactory_desk")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def run_gui(location: str) -> int:
    """Open the window and run until it closes."""
    app = application()
    _setup_logging()
    from microfactory_desk.ui import error_hook
    from microfactory_desk.ui.dialogs import messages
    from microfactory_desk.ui.tasks import run_task

    error_hook.install()
    try:
        window = build_window(location)
    except DeskError as exc:
        messages.show_error(None, "Cannot open the database", exc.message)
        return 1
    window.show()
    run_task(window.services.warm_up)
    return app.exec()
