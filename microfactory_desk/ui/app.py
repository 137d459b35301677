"""GUI composition root: QApplication, logging, error hook, services and the main window."""

from __future__ import annotations

import sys
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from microfactory_desk import clock
from microfactory_desk.db import Database, open_database
from microfactory_desk.errors import DeskError
from microfactory_desk.services.roster.listing import RosterList

if TYPE_CHECKING:
    from microfactory_desk.demo.load import DemoSummary
    from microfactory_desk.services.dashboard.service import DashboardService
    from microfactory_desk.services.orders.files import OrderFiles
    from microfactory_desk.services.orders.service import OrderService
    from microfactory_desk.services.orders.skus import SkuService
    from microfactory_desk.services.pilots.service import PilotService
    from microfactory_desk.services.quality.service import QualityService
    from microfactory_desk.services.roster.files import RosterFiles
    from microfactory_desk.services.roster.partners import RosterService
    from microfactory_desk.services.scorecards.files import ScorecardFiles
    from microfactory_desk.services.scorecards.service import ScorecardService
    from microfactory_desk.services.sla.negotiations import NegotiationService
    from microfactory_desk.services.sla.versions import SlaService
    from microfactory_desk.services.telemetry.importing import DeliveryImport
    from microfactory_desk.ui.main_window import MainWindow


WARM_UP_DELAY_MS = 400


class AppServices:
    """The services of one open database; ORM-backed ones are created (and imported) on first use."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.roster_list = RosterList(db)

    @cached_property
    def roster(self) -> RosterService:
        """Partner reads and writes."""
        from microfactory_desk.services.roster.partners import RosterService

        return RosterService(self.db)

    @cached_property
    def sla(self) -> SlaService:
        """SLA versions and price tiers."""
        from microfactory_desk.services.sla.versions import SlaService

        return SlaService(self.db)

    @cached_property
    def negotiations(self) -> NegotiationService:
        """The negotiation log and its follow-ups."""
        from microfactory_desk.services.sla.negotiations import NegotiationService

        return NegotiationService(self.db)

    @cached_property
    def quality(self) -> QualityService:
        """Checklist templates, inspections, photos, corrective actions and inspection reports."""
        from microfactory_desk.services.quality.service import QualityService

        return QualityService(self.db)

    @cached_property
    def dashboard(self) -> DashboardService:
        """The attention dashboard (light SQL only, safe to use at start-up)."""
        from microfactory_desk.services.dashboard.service import DashboardService

        return DashboardService(self.db)

    @cached_property
    def pilots(self) -> PilotService:
        """Micro-market pilots, their feedback, sales and orders."""
        from microfactory_desk.services.pilots.service import PilotService

        return PilotService(self.db)

    @cached_property
    def roster_files(self) -> RosterFiles:
        """Roster import and export."""
        from microfactory_desk.services.roster.files import RosterFiles

        return RosterFiles(self.db)

    @cached_property
    def orders(self) -> OrderService:
        """Purchase orders: drafts, pricing, status, quick reorders."""
        from microfactory_desk.services.orders.service import OrderService

        return OrderService(self.db)

    @cached_property
    def order_files(self) -> OrderFiles:
        """Order sheets, confirmations, order JSON and the flat export."""
        from microfactory_desk.services.orders.files import OrderFiles

        return OrderFiles(self.db)

    @cached_property
    def skus(self) -> SkuService:
        """The SKU catalogue."""
        from microfactory_desk.services.orders.skus import SkuService

        return SkuService(self.db)

    @cached_property
    def scorecards(self) -> ScorecardService:
        """Scores, the portfolio, partner scorecards and their settings."""
        from microfactory_desk.services.scorecards.service import ScorecardService

        return ScorecardService(self.db)

    @cached_property
    def scorecard_files(self) -> ScorecardFiles:
        """Scorecard and portfolio PDFs."""
        from microfactory_desk.services.scorecards.files import ScorecardFiles

        return ScorecardFiles(self.db)

    @cached_property
    def deliveries(self) -> DeliveryImport:
        """Partners' delivery files in, with their remembered column mappings."""
        from microfactory_desk.services.telemetry.importing import DeliveryImport

        return DeliveryImport(self.db)

    def backup(self, out: Path) -> Path:
        """A consistent copy of the database."""
        return self.db.backup(out)

    def export_pilots(self, out: Path) -> int:
        """Every pilot to an .xlsx workbook; the number written."""

        from microfactory_desk.services.pilots.files import export_pilots

        return export_pilots(self.db, out, today=clock.today())

    def load_demo(self) -> DemoSummary:
        """Add the demo partners."""
        from microfactory_desk.demo.load import load_demo

        return load_demo(self.db)

    def warm_up(self) -> None:
        """Import the ORM layer in the background so the first edit opens without a pause."""
        _ = self.roster, self.roster_files, self.sla, self.negotiations, self.quality

    def start_of_day(self) -> Path | None:
        """Chores after start-up: expire agreed SLAs past their end, then today's backup (None if it exists)."""

        from microfactory_desk.services.common.backups import ensure_daily_backup

        self.sla.expire_due(clock.today())
        self.quality.templates.ensure_shipped()  # the shipped checklists, on the first start of a database
        return ensure_daily_backup(self.db)


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
    from microfactory_desk.ui import theme

    theme.apply(app)
    return app


def build_window(location: str) -> MainWindow:
    """The main window on the database at `location` (raises DeskError if it cannot be opened)."""
    from microfactory_desk.ui import gc_guard
    from microfactory_desk.ui.main_window import MainWindow

    gc_guard.install()
    return MainWindow(open_services(location), open_services)


def start_gui(location: str) -> MainWindow | None:
    """Create the app and show the main window on `location`; None when the database cannot be opened."""
    application()
    from microfactory_desk.ui import error_hook
    from microfactory_desk.ui.dialogs import messages
    from microfactory_desk.ui.tasks import run_task

    error_hook.install()
    try:
        window = build_window(location)
    except DeskError as exc:
        messages.show_error(None, "Cannot open the database", exc.message)
        return None
    window.show()
    from PySide6.QtCore import QTimer

    # After the first paint, so loading the ORM never competes with showing the roster.
    QTimer.singleShot(WARM_UP_DELAY_MS, lambda: run_task(window.services.warm_up))
    QTimer.singleShot(WARM_UP_DELAY_MS, window.start_of_day)
    return window


def run_gui(location: str) -> int:
    """Open the window and run until it closes."""
    window = start_gui(location)
    return application().exec() if window is not None else 1
