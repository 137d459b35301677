"""The window's pages: each imported, built and wired to the window the first time it is shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from microfactory_desk.ui.main_window import MainWindow


def build_page(window: MainWindow, name: str) -> QWidget:
    """The page called `name` (as in PAGES), wired to `window`."""
    return BUILDERS[name](window)


def focus_into(page: QWidget) -> None:
    """Put the keyboard in the page shown: the stack left it on a page slot Tab could not leave (Ctrl+4, Tab)."""
    focus = QApplication.focusWidget()
    if not page.isVisible() or (focus is not None and page.isAncestorOf(focus)):
        return
    child = page.nextInFocusChain()
    while child is not None and page.isAncestorOf(child):
        if child.isVisible() and child.focusPolicy() & Qt.FocusPolicy.TabFocus:
            child.setFocus(Qt.FocusReason.TabFocusReason)
            return
        child = child.nextInFocusChain()


def _roster(window: MainWindow) -> QWidget:
    from microfactory_desk.ui.pages.roster_page import RosterPage

    page, files = RosterPage(window.services.roster_list), window.file_actions
    page.open_partner_requested.connect(window.open_partner)
    page.new_partner_requested.connect(window.new_partner)
    page.import_requested.connect(files.import_roster)
    page.demo_requested.connect(files.load_demo)
    page.refresh()  # its first rows: the roster keeps them (and its scroll position) when shown again
    return page


def _dashboard(window: MainWindow) -> QWidget:
    from microfactory_desk.ui.pages.dashboard_page import DashboardPage

    board = DashboardPage(lambda: window.services.dashboard, first_board=window.first_board)
    board.open_partner_requested.connect(window.open_partner)
    board.open_order_requested.connect(window.open_order)
    board.open_inspection_requested.connect(window.open_inspection)
    board.open_pilot_requested.connect(window.open_pilot)
    board.open_scorecard_requested.connect(window.open_scorecard)
    board.new_partner_requested.connect(window.new_partner)
    board.import_requested.connect(window.file_actions.import_roster)
    board.demo_requested.connect(window.file_actions.load_demo)
    board.settings_requested.connect(window.edit_horizons)
    return board


def _follow_ups(window: MainWindow) -> QWidget:
    from microfactory_desk.ui.pages.follow_ups_page import FollowUpsPage

    page = FollowUpsPage(lambda: window.services.negotiations, lambda: window.services.follow_up_listing)
    page.open_partner_requested.connect(lambda pid: window.open_partner(pid, "Negotiations"))
    return page


def _quality(window: MainWindow) -> QWidget:
    from microfactory_desk.ui.pages.quality_page import QualityPage

    # Each provider reads window.services when called, so the page follows a database opened later.
    return QualityPage(
        templates=lambda: window.services.templates,
        inspections=lambda: window.services.inspections,
        photos=lambda: window.services.photos,
        actions=lambda: window.services.actions,
        reports=lambda: window.services.inspection_reports,
        listing=lambda: window.services.quality_listing,
    )


def _orders(window: MainWindow) -> QWidget:
    from microfactory_desk.ui.pages.orders_page import OrdersPage

    page = OrdersPage(
        lambda: window.services.orders, lambda: window.services.order_files, lambda: window.services.order_listing
    )
    page.open_order_requested.connect(window.open_order)
    page.new_order_requested.connect(window.new_order)
    page.message.connect(lambda text: window.statusBar().showMessage(text, 8000))
    return page


def _skus(window: MainWindow) -> QWidget:
    from microfactory_desk.ui.pages.skus_page import SkusPage

    return SkusPage(lambda: window.services.skus, lambda: window.services.sku_listing)


def _scorecards(window: MainWindow) -> QWidget:
    from microfactory_desk.ui.pages.scorecards_page import ScorecardsPage

    # Each provider reads window.services when called, so the page follows a database opened later.
    page = ScorecardsPage(
        lambda: window.services.scorecards,
        lambda: window.services.scorecard_listing,
        lambda: window.services.scorecard_files,
        lambda: window.services.deliveries,
    )
    page.settings_requested.connect(window.edit_scoring_settings)
    return page


def _pilots(window: MainWindow) -> QWidget:
    from microfactory_desk.ui.pages.pilots_page import PilotsPage

    page = PilotsPage(lambda: window.services.pilots, lambda: window.services.pilot_listing)
    page.demo_requested.connect(window.file_actions.load_demo)
    page.export_requested.connect(window.file_actions.export_pilots)
    return page


def start_partner_work(window: MainWindow, kind: str, partner_id: int, code: str) -> None:
    """What a partner's window starts for that partner: "inspection", "order", "pilot" or "scorecard"."""
    if kind == "inspection":
        window.show_page("quality")
        window.quality_page.new_inspection(partner_id)
    elif kind == "order":
        window.open_order(None, partner_code=code)
    elif kind == "pilot":
        window.show_page("pilots")
        window.pilots_page.edit_pilot(None, partner_code=code)
    elif kind == "scorecard":
        window.open_scorecard(code)


BUILDERS: dict[str, Callable[[MainWindow], QWidget]] = {
    "dashboard": _dashboard,
    "roster": _roster,
    "follow-ups": _follow_ups,
    "quality": _quality,
    "orders": _orders,
    "skus": _skus,
    "scorecards": _scorecards,
    "pilots": _pilots,
}
