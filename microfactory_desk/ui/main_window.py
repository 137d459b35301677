"""The main window: navigation, menus, status bar and the wiring between pages and dialogs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, cast, runtime_checkable

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from microfactory_desk.ui import gc_guard, open_editors, settings, tasks, theme, window_menus
from microfactory_desk.ui.file_actions import FileActions
from microfactory_desk.ui.tasks import run_task
from microfactory_desk.ui.window_pages import build_page, focus_into

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QCloseEvent
    from PySide6.QtWidgets import QMenu

    from microfactory_desk.ui.app import AppServices
    from microfactory_desk.ui.pages.dashboard_page import DashboardPage, FirstBoard
    from microfactory_desk.ui.pages.follow_ups_page import FollowUpsPage
    from microfactory_desk.ui.pages.orders_page import OrdersPage
    from microfactory_desk.ui.pages.pilots_page import PilotsPage
    from microfactory_desk.ui.pages.quality_page import QualityPage
    from microfactory_desk.ui.pages.roster_page import RosterPage
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


T = TypeVar("T")


class _Page(Generic[T]):
    """A page of the window, reached as an attribute: `MainWindow.page(name)`, built on first use."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, window: MainWindow, owner: object = None) -> T:
        return cast(T, window.page(self.name))


class _MenuEntry(Generic[T]):
    """A menu action (or submenu) by its key in `window_menus.fill_menus`; reaching it fills the menus first."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __get__(self, window: MainWindow, owner: object = None) -> T:
        window.finish_menus()
        return cast(T, window._menu_actions[self.key])


class MainWindow(QMainWindow):
    """Builds the pages and menus; long work goes through run_task.

    At start-up the window paints its page first: the menus' titles are there from the start (nothing shifts),
    their actions and the page shortcuts are added just after the first paint (`tasks.after_first_paint`).
    """

    # Each page is imported, built and wired the first time it is reached.
    dashboard_page: _Page[DashboardPage] = _Page("dashboard")
    roster_page: _Page[RosterPage] = _Page("roster")  # its first rows load with it
    follow_ups_page: _Page[FollowUpsPage] = _Page("follow-ups")
    quality_page: _Page[QualityPage] = _Page("quality")
    orders_page: _Page[OrdersPage] = _Page("orders")
    skus_page: _Page[SkusPage] = _Page("skus")
    scorecards_page: _Page[ScorecardsPage] = _Page("scorecards")
    pilots_page: _Page[PilotsPage] = _Page("pilots")
    new_partner_action: _MenuEntry[QAction] = _MenuEntry("new_partner")  # File › New partner… (Ctrl+N)
    find_action: _MenuEntry[QAction] = _MenuEntry("find")  # File › Find partner (Ctrl+F)
    connect_action: _MenuEntry[QAction] = _MenuEntry("connect")  # File › Connect to server…
    recent_menu: _MenuEntry[QMenu] = _MenuEntry("recent")  # File › Open recent

    def __init__(self, services: AppServices, open_services: Callable[[str], AppServices]) -> None:
        super().__init__()
        self.services = services
        self._open_services = open_services
        tasks.set_local_database(services.is_local)
        self.setWindowTitle("Microfactory Desk")
        # Every page, the roster too, is imported and built the first time it is shown: start-up pays for one.
        self._pages: dict[str, QWidget] = {}
        self._slots: dict[str, QVBoxLayout] = {}
        self.file_actions = FileActions(self)
        first_page = str(settings.get("window/page"))
        self.first_board = self._read_first_board(first_page)
        self._build()
        self._restore_geometry()
        self.show_page(first_page)

    def _read_first_board(self, first_page: str) -> FirstBoard | None:
        """Start reading the dashboard's cards now when the window opens on it (an unknown page opens the first,
        the dashboard): the read runs beside the whole build (see FirstBoard). A server's first reads are round
        trips that the page starts itself."""
        if not self.services.is_local or first_page in [name for name, _ in PAGES[1:]]:
            return None
        from microfactory_desk import clock
        from microfactory_desk.ui.pages.dashboard_page import FirstBoard

        return FirstBoard(self.services.dashboard, clock.today())

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
        for row, (_name, text) in enumerate(PAGES):  # the sidebar takes no focus: Ctrl+1… reach the pages
            self.nav.item(row).setToolTip(f"{text} (Ctrl+{row + 1})")
        self.nav.currentRowChanged.connect(self._page_changed)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        # Styled once in place: a styled sidebar moved into the window was polished again (2 ms of every start).
        theme.navigation(sidebar)
        self.db_label, self.user_label = window_menus.status_labels(self)
        self._menus = window_menus.menu_titles(self)
        self._menu_actions: dict[str, Any] = {}
        tasks.after_first_paint(self.finish_menus)

    def finish_menus(self) -> None:
        """The menus' actions and the Ctrl+1… page shortcuts (once; after the first paint, or when first needed)."""
        if self._menu_actions:
            return
        from PySide6.QtGui import QKeySequence, QShortcut

        self._menu_actions = window_menus.fill_menus(self, *self._menus)
        self._show_database()
        for row in range(len(PAGES)):
            QShortcut(QKeySequence(f"Ctrl+{row + 1}"), self, lambda row=row: self.nav.setCurrentRow(row))

    # --- pages, built on first use -------------------------------------------------------
    def page(self, name: str) -> QWidget:
        """The page called `name`, imported, built and wired the first time it is asked for."""
        if name not in self._pages:
            page = build_page(self, name)
            self._pages[name] = page
            self._slots[name].addWidget(page)
        return self._pages[name]

    def _refresh_roster(self) -> None:
        """Reload the roster if it was built (one built later loads its rows then)."""
        if "roster" in self._pages:
            self.roster_page.refresh()

    # --- navigation ----------------------------------------------------------------------
    def show_page(self, name: str) -> None:
        """Switch to a page by its name (unknown names fall back to the first page)."""
        names = [n for n, _ in PAGES]
        self.nav.setCurrentRow(names.index(name) if name in names else 0)

    def _page_changed(self, row: int) -> None:
        if row < 0:
            return
        name = PAGES[row][0]
        page = self.page(name)
        self.stack.setCurrentIndex(row)
        # After the page's first showing has shown its children (queued by their layouts).
        QTimer.singleShot(0, self, lambda: focus_into(page))
        # The roster keeps its own scroll position and pages; every other page reloads when shown.
        if name != "roster" and isinstance(page, _Reloadable):
            page.refresh()

    def current_page(self) -> QWidget:
        """The page on screen."""
        return self.page(PAGES[max(self.stack.currentIndex(), 0)][0])

    def refresh_current(self) -> None:
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
        key = ("partner", partner_id)
        if tab and (editor := open_editors.editor_for(key)) is not None:
            editor.show_tab(tab)  # type: ignore[attr-defined]
        open_editors.open_once(
            key,
            lambda: (roster.get_partner(partner_id), roster.bulk_suppliers()),
            lambda loaded: self._show_partner_dialog(loaded[0], loaded[1], tab=tab),
        )

    def _show_partner_dialog(self, detail: Any, suppliers: list[tuple[str, str]], tab: str = "") -> QWidget:
        from microfactory_desk.ui.dialogs.partner_dialog import PartnerDialog
        from microfactory_desk.ui.window_pages import start_partner_work

        services = self.services
        dialog = PartnerDialog(
            services.roster,
            detail=detail,
            suppliers=suppliers,
            sla=services.sla,
            negotiations=services.negotiations,
            inspections=services.inspections,
            actions=services.actions,
            sla_files=services.sla_files,
            parent=self,
        )
        if tab:
            dialog.show_tab(tab)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.partner_saved.connect(self._partner_saved)
        dialog.partner_deleted.connect(lambda _id: self._refresh_roster())
        dialog.work_requested.connect(lambda kind, pid, code: start_partner_work(self, kind, pid, code))
        dialog.finished.connect(lambda _result: self.refresh_current())
        self.partner_dialog = dialog
        dialog.open()
        return dialog

    # --- attention and pilots ------------------------------------------------------------
    def open_inspection(self, inspection_id: int) -> None:
        """Open an inspection in the runner, on the Quality page."""
        self.show_page("quality")
        self.quality_page.open_inspection(inspection_id)

    def open_scorecard(self, code: str) -> None:
        """Show a partner's scorecard over the Scorecards page (a drifting partner on the dashboard)."""
        self.show_page("scorecards")
        self.scorecards_page.open_scorecard(code)

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
        dialog.horizons_saved.connect(lambda _h: self.refresh_current())
        self.horizons_dialog = dialog
        dialog.open()

    def _partner_saved(self, partner_id: int) -> None:
        if "roster" in self._pages:
            self.roster_page.refresh()
            self.roster_page.select_partner(partner_id)
        self.statusBar().showMessage("Partner saved", 4000)

    # --- orders --------------------------------------------------------------------------
    def new_order(self) -> None:
        """Open the order editor on a new draft."""
        self.open_order(None)

    def open_order(self, order_id: int | None, partner_code: str = "") -> None:
        """Load an order (or nothing, for a new one), partners and SKUs off the GUI thread, then open the editor.

        `partner_code` preselects the partner of a new order (New order from a partner's window).
        """
        services = self.services

        def load() -> tuple[Any, list[Any], list[Any]]:
            detail = services.orders.get_order(order_id) if order_id is not None else None
            return detail, services.orders.partner_choices(), services.skus.list_skus()

        key = ("order", order_id) if order_id is not None else None
        open_editors.open_once(key, load, lambda loaded: self._show_order_dialog(*loaded, partner_code=partner_code))

    def _show_order_dialog(
        self, detail: Any, partners: list[Any], skus: list[Any], *, partner_code: str = ""
    ) -> QWidget:
        from microfactory_desk.ui.dialogs.order_dialog import OrderDialog

        dialog = OrderDialog(
            self.services.orders,
            detail=detail,
            partners=partners,
            skus=skus,
            partner_code=partner_code,
            telemetry=self.services.telemetry,
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.order_saved.connect(self._order_saved)
        self.order_dialog = dialog
        dialog.open()
        return dialog

    def _order_saved(self, order_id: int) -> None:
        self.show_page("orders")
        self.orders_page.refresh()
        self.statusBar().showMessage("Order saved", 4000)
        del order_id

    # --- database ---------------------------------------------------------------------
    def replace_services(self, path: str) -> None:
        """Open the database at `path` and show it; a DeskError leaves the current one open."""
        self.use_services(self._open_services(path))

    def open_services(self, location: str) -> AppServices:
        """Open the database at a path or URL (upgraded, or refused in one line when a server's layout differs)."""
        return self._open_services(location)

    def use_services(self, services: AppServices) -> None:
        """Show an opened database (a file or a server) instead of the current one, which is closed."""
        self.services.db.close()
        self.services = services
        tasks.set_local_database(services.is_local)
        open_editors.forget_all()
        if "roster" in self._pages:
            self.roster_page.set_source(services.roster_list)
            self.roster_page.refresh()
        self._show_database()
        self.refresh_current()

    def start_of_day(self) -> None:
        """Expire ended SLAs and take today's automatic copy, in the background."""
        self.file_actions.start_of_day()

    def _show_database(self) -> None:
        window_menus.show_database(self)

    def edit_scoring_settings(self) -> None:
        """The scorecard weights, bands, evidence, critical cap and transit allowances; saving recomputes."""
        from microfactory_desk.ui.dialogs.scoring_settings_dialog import ScoringSettingsDialog

        service, telemetry = self.services.scorecards, self.services.telemetry

        def save(values: dict[str, Any]) -> None:
            run_task(lambda: service.save_settings(values), lambda _: self.scorecards_page.refresh())

        def save_transit(values: dict[str, int]) -> None:
            run_task(lambda: telemetry.save_transit(dict(values)))

        run_task(
            lambda: (service.settings().model_dump(), telemetry.transit().model_dump()),
            lambda loaded: ScoringSettingsDialog(
                loaded[0], save, self, transit=loaded[1], save_transit=save_transit
            ).open(),
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

    def __del__(self) -> None:
        # A window dropped without being deleted sits in a reference cycle (pages keep closures over it).
        # The collector runs finalizers before it clears anything (PEP 442), so deleting the C++ tree here,
        # in Qt's order, leaves it only invalid wrappers to clear; see gc_guard for the crash this prevents.
        gc_guard.delete_now(self)
