"""The main window: navigation, menus, status bar and the wiring between pages and dialogs."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast, runtime_checkable

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressDialog,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from microfactory_desk import __version__
from microfactory_desk.errors import Cancelled, DeskError, ImportFailed
from microfactory_desk.ui import settings, theme
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.pages.roster_page import RosterPage
from microfactory_desk.ui.tasks import run_task
from microfactory_desk.ui.window_pages import build_page

if TYPE_CHECKING:
    from microfactory_desk.ui.app import AppServices
    from microfactory_desk.ui.pages.dashboard_page import DashboardPage
    from microfactory_desk.ui.pages.follow_ups_page import FollowUpsPage
    from microfactory_desk.ui.pages.orders_page import OrdersPage
    from microfactory_desk.ui.pages.pilots_page import PilotsPage
    from microfactory_desk.ui.pages.quality_page import QualityPage
    from microfactory_desk.ui.pages.scorecards_page import ScorecardsPage
    from microfactory_desk.ui.pages.skus_page import SkusPage

# Navigation: (name used by `screenshot --page`, label in the sidebar).
PAGES = (
    ("dashboard", "Dashboard"),
    ("roster", "Roster"),
    ("follow-ups", "Follow-ups"),
    ("quality", "Quality"),
    ("orders", "Orders"),
    ("skus", "SKU catalogue"),
    ("scorecards", "Scorecards"),
    ("pilots", "Pilots"),
)


@runtime_checkable
class _Reloadable(Protocol):
    """A page that reloads its data on request."""

    def refresh(self) -> None: ...


ROSTER_FILTERS = "Spreadsheets (*.xlsx *.xlsm *.csv);;All files (*)"


class MainWindow(QMainWindow):
    """Builds the pages and menus; long work goes through run_task."""

    def __init__(self, services: AppServices, open_services: Callable[[str], AppServices]) -> None:
        super().__init__()
        self.services = services
        self._open_services = open_services
        self.setWindowTitle("Microfactory Desk")
        self.roster_page = RosterPage(services.roster_list)
        # Other pages are imported and built the first time they are shown, so start-up pays only for one.
        self._pages: dict[str, QWidget] = {"roster": self.roster_page}
        self._slots: dict[str, QVBoxLayout] = {}
        self._busy: QProgressDialog | None = None
        self._build()
        self._connect()
        self._restore_geometry()
        self.roster_page.refresh()
        self.show_page(str(settings.get("window/page")))

    # --- building ------------------------------------------------------------------------
    def _build(self) -> None:
        sidebar = QWidget()
        sidebar.setFixedWidth(190)
        side = QVBoxLayout(sidebar)
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(0)
        side.addWidget(QLabel("Microfactory Desk"))
        self.nav = QListWidget()
        side.addWidget(self.nav, 1)
        theme.navigation(sidebar)
        self.nav.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.stack = QStackedWidget()
        for name, text in PAGES:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.nav.addItem(item)
            slot = QWidget()
            self._slots[name] = QVBoxLayout(slot)
            self._slots[name].setContentsMargins(0, 0, 0, 0)
            self.stack.addWidget(slot)
        self._slots["roster"].addWidget(self.roster_page)
        self.nav.currentRowChanged.connect(self._page_changed)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.db_label = QLabel()
        self.statusBar().addPermanentWidget(self.db_label)
        self._show_database()
        self._build_menus()

    def _action(self, text: str, handler: Callable[[], Any], shortcut: Any = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(handler)
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.new_partner_action = self._action("New &partner…", self.new_partner, QKeySequence.StandardKey.New)
        self.find_action = self._action("&Find partner", self.focus_search, QKeySequence.StandardKey.Find)
        file_menu.addAction(self.new_partner_action)
        file_menu.addAction(self.find_action)
        file_menu.addAction(self._action("New &order…", self.new_order, "Ctrl+Shift+O"))
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Open database…", self.open_database, "Ctrl+O"))
        file_menu.addAction(self._action("New &database…", self.new_database))
        file_menu.addAction(self._action("&Back up database…", self.backup_database, "Ctrl+B"))
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Import roster…", self.import_roster, "Ctrl+I"))
        file_menu.addAction(self._action("&Export roster…", self.export_roster, "Ctrl+E"))
        file_menu.addAction(self._action("Export order &lines…", self.export_order_lines))
        file_menu.addAction(self._action("Load &demo data", self.load_demo))
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit))
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self._action("&About Microfactory Desk", self.about))

    def _connect(self) -> None:
        page = self.roster_page
        page.open_partner_requested.connect(self.open_partner)
        page.new_partner_requested.connect(self.new_partner)
        page.import_requested.connect(self.import_roster)
        page.demo_requested.connect(self.load_demo)

    # --- pages, built on first use -------------------------------------------------------
    def page(self, name: str) -> QWidget:
        """The page called `name`, imported, built and wired the first time it is asked for."""
        if name not in self._pages:
            page = build_page(self, name)
            self._pages[name] = page
            self._slots[name].addWidget(page)
        return self._pages[name]

    @property
    def dashboard_page(self) -> DashboardPage:
        """The dashboard (built on first use)."""
        return cast("DashboardPage", self.page("dashboard"))

    @property
    def follow_ups_page(self) -> FollowUpsPage:
        """The follow-ups page (built on first use)."""
        return cast("FollowUpsPage", self.page("follow-ups"))

    @property
    def quality_page(self) -> QualityPage:
        """The quality page (built on first use)."""
        return cast("QualityPage", self.page("quality"))

    @property
    def orders_page(self) -> OrdersPage:
        """The orders page (built on first use)."""
        return cast("OrdersPage", self.page("orders"))

    @property
    def skus_page(self) -> SkusPage:
        """The SKU catalogue (built on first use)."""
        return cast("SkusPage", self.page("skus"))

    @property
    def scorecards_page(self) -> ScorecardsPage:
        """The scorecards page (built on first use)."""
        return cast("ScorecardsPage", self.page("scorecards"))

    @property
    def pilots_page(self) -> PilotsPage:
        """The pilots page (built on first use)."""
        return cast("PilotsPage", self.page("pilots"))

    # --- navigation ----------------------------------------------------------------------
    def show_page(self, name: str) -> None:
        """Switch to a page by its name (unknown names fall back to the first page)."""
        names = [n for n, _ in PAGES]
        self.nav.setCurrentRow(names.index(name) if name in names else 0)

    def _page_changed(self, row: int) -> None:
        if row < 0:
            return
        page = self.page(PAGES[row][0])
        self.stack.setCurrentIndex(row)
        # The roster keeps its own scroll position and pages; every other page reloads when shown.
        if page is not self.roster_page and isinstance(page, _Reloadable):
            page.refresh()

    def current_page(self) -> QWidget:
        """The page on screen."""
        return self.page(PAGES[max(self.stack.currentIndex(), 0)][0])

    def _refresh_current(self) -> None:
        """Reload the page on screen after a change elsewhere (the roster refreshes itself)."""
        self._page_changed(self.stack.currentIndex())

    def focus_search(self) -> None:
        """Ctrl+F: search the roster."""
        self.show_page("roster")
        self.roster_page.focus_search()

    # --- partners ------------------------------------------------------------------------
    def new_partner(self) -> None:
        """Open the editor for a new partner."""
        roster = self.services.roster
        run_task(roster.bulk_suppliers, lambda suppliers: self._show_partner_dialog(None, suppliers))

    def open_partner(self, partner_id: int, tab: str = "") -> None:
        """Load a partner off the GUI thread, then open the editor (at `tab` when given)."""
        roster = self.services.roster
        run_task(
            lambda: (roster.get_partner(partner_id), roster.bulk_suppliers()),
            lambda loaded: self._show_partner_dialog(loaded[0], loaded[1], tab=tab),
            self._report,
        )

    def _show_partner_dialog(self, detail: Any, suppliers: list[tuple[str, str]], tab: str = "") -> None:
        from microfactory_desk.ui.dialogs.partner_dialog import PartnerDialog

        services = self.services
        dialog = PartnerDialog(
            services.roster,
            detail=detail,
            suppliers=suppliers,
            sla=services.sla,
            negotiations=services.negotiations,
            quality=services.quality,
            parent=self,
        )
        if tab:
            dialog.show_tab(tab)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.partner_saved.connect(self._partner_saved)
        dialog.partner_deleted.connect(lambda _id: self.roster_page.refresh())
        dialog.finished.connect(lambda _result: self._refresh_current())
        self.partner_dialog = dialog
        dialog.open()

    # --- attention and pilots ------------------------------------------------------------
    def open_inspection(self, inspection_id: int) -> None:
        """Open an inspection in the runner, on the Quality page."""
        self.show_page("quality")
        self.quality_page.open_inspection(inspection_id)

    def open_pilot(self, pilot_id: int) -> None:
        """Show a pilot on the pilots page."""
        self.show_page("pilots")
        self.pilots_page.select_pilot(pilot_id)

    def edit_horizons(self) -> None:
        """The dashboard's horizons dialog."""
        from microfactory_desk.ui.dialogs.horizons_dialog import HorizonsDialog

        dashboard = self.services.dashboard
        dialog = HorizonsDialog(dashboard.horizons(), dashboard.save_horizons, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.horizons_saved.connect(lambda _h: self._refresh_current())
        self.horizons_dialog = dialog
        dialog.open()

    def export_pilots(self) -> None:
        """Write every pilot to an Excel workbook, one sheet per status."""
        start = str(Path(self._last_dir()) / "pilots.xlsx")
        path = messages.save_path(self, "Export pilots", start, "Excel workbook (*.xlsx)")
        if not path:
            return
        if Path(path).suffix.lower() != ".xlsx":
            path += ".xlsx"
        self._remember_dir(path)
        services = self.services
        run_task(
            lambda: services.export_pilots(Path(path)),
            lambda n: self.statusBar().showMessage(f"Exported {n:,} pilots to {path}", 8000),
            self._report,
        )

    def _partner_saved(self, partner_id: int) -> None:
        self.roster_page.refresh()
        self.roster_page.select_partner(partner_id)
        self.statusBar().showMessage("Partner saved", 4000)

    # --- orders --------------------------------------------------------------------------
    def new_order(self) -> None:
        """Open the order editor on a new draft."""
        self.open_order(None)

    def open_order(self, order_id: int | None) -> None:
        """Load an order (or nothing, for a new one), partners and SKUs off the GUI thread, then open the editor."""
        services = self.services

        def load() -> tuple[Any, list[tuple[str, str]], list[Any]]:
            detail = services.orders.get_order(order_id) if order_id is not None else None
            return detail, services.orders.partner_choices(), services.skus.list_skus()

        run_task(load, lambda loaded: self._show_order_dialog(*loaded), self._report)

    def _show_order_dialog(self, detail: Any, partners: list[tuple[str, str]], skus: list[Any]) -> None:
        from microfactory_desk.ui.dialogs.order_dialog import OrderDialog

        dialog = OrderDialog(self.services.orders, detail=detail, partners=partners, skus=skus, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.order_saved.connect(self._order_saved)
        self.order_dialog = dialog
        dialog.open()

    def export_order_lines(self) -> None:
        """Every order line (of the status filtered on the orders page) in one .xlsx or .csv table."""
        start = str(Path(self._last_dir()) / "order-lines.xlsx")
        path = messages.save_path(self, "Export order lines", start, "Excel workbook (*.xlsx);;CSV (*.csv)")
        if not path:
            return
        if Path(path).suffix.lower() not in (".xlsx", ".csv"):
            path += ".xlsx"
        self._remember_dir(path)
        files, status = self.services.order_files, str(self.orders_page.status_filter.currentData() or "")
        stop = self._start_busy("Exporting order lines…", cancellable=True)

        def done(count: int) -> None:
            self._end_busy()
            self.statusBar().showMessage(f"Exported {count:,} order lines to {path}", 8000)

        run_task(lambda: files.export_flat(Path(path), status=status, cancelled=stop.is_set), done, self._report)

    def _order_saved(self, order_id: int) -> None:
        self.show_page("orders")
        self.orders_page.refresh()
        self.statusBar().showMessage("Order saved", 4000)
        del order_id

    # --- files and database --------------------------------------------------------------
    def _last_dir(self) -> str:
        return str(settings.get("files/last_dir") or Path.home())

    def _remember_dir(self, path: str) -> None:
        settings.put("files/last_dir", str(Path(path).parent))

    def import_roster(self) -> None:
        """Import partners from a spreadsheet or CSV, all or nothing."""
        path = messages.open_path(self, "Import roster", self._last_dir(), ROSTER_FILTERS)
        if not path:
            return
        self._remember_dir(path)
        files = self.services.roster_files
        stop = self._start_busy("Importing roster…", cancellable=True)
        run_task(lambda: files.import_file(Path(path), cancelled=stop.is_set), self._imported, self._report)

    def _imported(self, summary: Any) -> None:
        self._end_busy()
        self.roster_page.refresh()
        self._refresh_current()
        warnings = "\n".join(summary.warnings)
        text = f"Imported {summary.partners:,} partners, {summary.contacts:,} contacts and "
        text += f"{summary.certifications:,} certifications."
        messages.show_info(self, "Import finished", text + (f"\n\n{warnings}" if warnings else ""))

    def export_roster(self) -> None:
        """Write the roster to .xlsx or .csv."""
        start = str(Path(self._last_dir()) / "roster.xlsx")
        path = messages.save_path(self, "Export roster", start, "Excel workbook (*.xlsx);;CSV (*.csv)")
        if not path:
            return
        if Path(path).suffix.lower() not in (".xlsx", ".csv"):
            path += ".xlsx"
        self._remember_dir(path)
        files = self.services.roster_files
        stop = self._start_busy("Exporting roster…", cancellable=True)
        run_task(
            lambda: files.export_file(Path(path), cancelled=stop.is_set),
            lambda n: self._exported(n, path),
            self._report,
        )

    def _exported(self, count: int, path: str) -> None:
        self._end_busy()
        self.statusBar().showMessage(f"Exported {count:,} partners to {path}", 8000)

    def backup_database(self) -> None:
        """Save a consistent copy of the database."""
        path = messages.save_path(self, "Back up database", self._last_dir(), "SQLite database (*.sqlite)")
        if not path:
            return
        services = self.services
        run_task(
            lambda: services.backup(Path(path)),
            lambda out: self.statusBar().showMessage(f"Backup written to {out}", 8000),
            self._report,
        )

    def start_of_day(self) -> None:
        """Expire ended SLAs and take today's automatic copy, in the background."""
        run_task(self.services.start_of_day, self._daily_backup_done, self._report)

    def _daily_backup_done(self, out: Path | None) -> None:
        if out is not None:
            self.statusBar().showMessage(f"Daily backup saved to {out}", 6000)

    def open_database(self) -> None:
        """Switch to another database file."""
        path = messages.open_path(self, "Open database", self._last_dir(), "SQLite database (*.sqlite *.db);;All (*)")
        if path:
            self._switch_database(path)

    def new_database(self) -> None:
        """Create an empty database file and switch to it."""
        path = messages.save_path(self, "New database", self._last_dir(), "SQLite database (*.sqlite)")
        if path:
            if Path(path).exists():
                messages.show_error(self, "New database", f"{path} already exists; use Open database instead.")
                return
            self._switch_database(path)

    def _switch_database(self, path: str) -> None:
        try:
            services = self._open_services(path)
        except DeskError as exc:
            messages.show_error(self, "Cannot open database", exc.message)
            return
        self.services.db.close()
        self.services = services
        self.roster_page.set_source(services.roster_list)
        self._show_database()
        self.roster_page.refresh()
        self._refresh_current()

    def load_demo(self) -> None:
        """Fill the database with demo partners."""
        services = self.services
        self._start_busy("Loading demo data…")
        run_task(services.load_demo, self._demo_loaded, self._report)

    def _demo_loaded(self, _summary: object) -> None:
        self._end_busy()
        self.roster_page.refresh()
        self._refresh_current()

    def _show_database(self) -> None:
        self.db_label.setText(f"Database: {self.services.db.label}")

    # --- feedback ------------------------------------------------------------------------
    def _start_busy(self, text: str, *, cancellable: bool = False) -> threading.Event:
        """Show a busy indicator after a short delay; the returned event is set when the user cancels."""
        stop = threading.Event()
        self._busy = QProgressDialog(text, "Cancel", 0, 0, self)
        if cancellable:
            self._busy.canceled.connect(stop.set)
            self._busy.canceled.connect(lambda: self.statusBar().showMessage("Cancelling…"))
        else:
            self._busy.setCancelButton(None)
        self._busy.setWindowModality(Qt.WindowModality.WindowModal)
        self._busy.setMinimumDuration(300)
        self._busy.setValue(0)
        return stop

    def _end_busy(self) -> None:
        if self._busy is not None:
            self._busy.blockSignals(True)  # closing a QProgressDialog emits canceled(); the work is already over
            self._busy.close()
            self._busy = None

    def _report(self, exc: BaseException) -> None:
        self._end_busy()
        if isinstance(exc, Cancelled):
            self.statusBar().showMessage(exc.message, 8000)
        elif isinstance(exc, ImportFailed):
            head, _, details = exc.message.partition("\n")
            messages.show_error(
                self, "Import refused", head + ".\nThe file was not imported; fix it and try again.", details
            )
        elif isinstance(exc, DeskError):
            messages.show_error(self, "Microfactory Desk", exc.message)
        else:
            import sys

            sys.excepthook(type(exc), exc, exc.__traceback__)

    def edit_scoring_settings(self) -> None:
        """The scorecard weights and bands dialog; saving recomputes the portfolio."""
        from microfactory_desk.ui.dialogs.scoring_settings_dialog import ScoringSettingsDialog

        service = self.services.scorecards

        def save(values: dict[str, Any]) -> None:
            run_task(lambda: service.save_settings(values), lambda _: self.scorecards_page.refresh(), self._report)

        run_task(
            lambda: service.settings().model_dump(),
            lambda values: ScoringSettingsDialog(values, save, self).open(),
            self._report,
        )

    def about(self) -> None:
        """Version and where the data lives."""
        messages.show_info(
            self,
            "About Microfactory Desk",
            f"Microfactory Desk {__version__}\n\nPartner roster, SLAs, quality and scorecards for "
            f"microfactory networks.\n\nDatabase: {self.services.db.label}",
        )

    # --- window state --------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = settings.get("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember geometry and the open page."""
        settings.put("window/geometry", self.saveGeometry())
        item = self.nav.currentItem()
        if item is not None:
            settings.put("window/page", item.data(Qt.ItemDataRole.UserRole))
        super().closeEvent(event)
