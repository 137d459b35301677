"""The dashboard: what needs attention today, card by card; the page the app opens on."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from microfactory_desk import clock
from microfactory_desk.services.dashboard.cards import RULES
from microfactory_desk.ui import tasks
from microfactory_desk.ui.tasks import first_read_inline, run_task, shortcut_after_first_paint
from microfactory_desk.ui.widgets.attention_card import AttentionCardWidget
from microfactory_desk.ui.widgets.empty_state import EmptyStateWidget
from microfactory_desk.ui.widgets.page_header import page_header, page_layout
from microfactory_desk.wording import counted

if TYPE_CHECKING:
    import datetime as dt

    from microfactory_desk.schemas.dashboard import AttentionCard, AttentionItem, Dashboard
    from microfactory_desk.services.dashboard.service import DashboardService

# Card keys and titles in reading order (three to a row), declared once with the rules.
CARDS = tuple((rule.key, rule.title) for rule in RULES)
COLUMNS = 3


class FirstBoard:
    """The first board of a local file, read on a worker from the moment the window starts to be built.

    The window opening on the dashboard starts it before building anything (MainWindow), so the read (15 ms cold
    at 10,000 partners) runs beside the whole build instead of its second half; `then` hands the board to the
    page once it is there. A failed read goes to the one failure path, as the page's own reads do.
    """

    def __init__(self, service: DashboardService, today: dt.date) -> None:
        self.board: Dashboard | None = None
        self._show: Callable[[Dashboard], None] | None = None
        # The menus and background work held for the first paint wait for the one that shows the cards.
        tasks.await_first_rows()
        run_task(lambda: service.load(today), self._arrived, self._failed, held=False)

    def _arrived(self, board: Dashboard) -> None:
        self.board = board
        show, self._show = self._show, None  # not kept: it holds the page
        if show is not None:
            show(board)
        tasks.first_rows_shown()

    def _failed(self, exc: BaseException) -> None:
        from microfactory_desk.ui.error_hook import show_failure

        tasks.first_rows_shown()
        show_failure(exc)

    def then(self, show: Callable[[Dashboard], None]) -> None:
        """Call `show(board)` once the board is read (at once if it already is)."""
        if self.board is not None:
            show(self.board)
        else:
            self._show = show


class DashboardPage(QWidget):
    """Cards of what needs attention; a click on an item asks the window to open it."""

    open_partner_requested = Signal(int, str)  # partner id, the editor tab to show ("" for the first)
    open_order_requested = Signal(int)
    open_inspection_requested = Signal(int)
    open_pilot_requested = Signal(int)
    open_scorecard_requested = Signal(str)  # partner code
    new_partner_requested = Signal()
    import_requested = Signal()
    demo_requested = Signal()
    settings_requested = Signal()
    board_shown = Signal()

    def __init__(
        self,
        dashboard: Callable[[], DashboardService],
        parent: QWidget | None = None,
        *,
        first_board: FirstBoard | None = None,
    ) -> None:
        super().__init__(parent)
        # A provider, so switching databases needs no re-wiring.
        self._dashboard = dashboard
        self._first_board = first_board  # the start-up's read, already running (see FirstBoard)
        self.board: Dashboard | None = None
        self.cards: dict[str, AttentionCardWidget] = {}
        self._build()

    def _build(self) -> None:
        layout = page_layout(self)
        header, self.summary = page_header(layout, "Today")
        self.settings_button = QPushButton("Horizons…")
        self.settings_button.setToolTip("How far ahead the dashboard looks for follow-ups, SLAs and certifications")
        self.settings_button.clicked.connect(self.settings_requested)
        self.refresh_button = QPushButton("Refresh")
        shortcut_after_first_paint(self.refresh_button, "F5")
        self.refresh_button.setToolTip("Record this quarter's scorecards and reload the dashboard (F5)")
        self.refresh_button.clicked.connect(self.record_and_refresh)
        header.addWidget(self.settings_button)
        header.addWidget(self.refresh_button)

        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)

    @cached_property
    def cards_area(self) -> QScrollArea:
        """The grid of cards, built when the first loaded dashboard arrives so start-up never waits for it."""
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(12)
        for i, (key, text) in enumerate(CARDS):
            card = AttentionCardWidget(text)
            card.item_clicked.connect(self._open)
            card.more_requested.connect(lambda key=key: self.show_full_list(key))
            self.cards[key] = card
            grid.addWidget(card, i // COLUMNS, i % COLUMNS)
        for row in range(-(-len(CARDS) // COLUMNS)):
            grid.setRowStretch(row, 1)  # the rows of cards share the page height (they used the top 70 %)
        for column in range(COLUMNS):
            grid.setColumnStretch(column, 1)
        area = QScrollArea()
        area.setWidget(grid_widget)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack.addWidget(area)
        return area

    @cached_property
    def welcome(self) -> EmptyStateWidget:
        """Shown on a database without partners: where to begin."""
        welcome = EmptyStateWidget(
            "Welcome to Microfactory Desk",
            "This page will list what needs your attention each morning: follow-ups, expiring SLAs and "
            "certificates, late orders, open corrective actions and pilots waiting for a decision. "
            "Start by adding your partners.",
        )
        welcome.add_action("Add a partner", self.new_partner_requested.emit, primary=True)
        welcome.add_action("Import a roster…", self.import_requested.emit)
        welcome.add_action("Load demo data", self.demo_requested.emit)
        welcome.finish()
        self.stack.addWidget(welcome)
        return welcome

    def refresh(self) -> None:
        """Load every card off the GUI thread; reads only (start-up and every return to the page stay light).

        The first board of a local file is read by a worker started at once (by the window, see FirstBoard), not
        after the first paint: the cards are what the page shows, and SQLite lets go of the GIL while it reads, so
        the read runs while this thread builds the window. A database without partners gets its welcome panel at
        once.
        """
        service = self._dashboard()
        today = clock.today()
        if self.board is None and first_read_inline():
            first, self._first_board = self._first_board, None
            if service.first_run():
                self.show_board(service.load(today))
                return
            if first is not None:
                first.then(self.show_board)
            else:
                run_task(lambda: service.load(today), self.show_board, held=False)
            if self.board is None:  # still reading: the cards are built meanwhile, and filled when it arrives
                _ = self.cards_area
            return
        run_task(lambda: service.load(today), self.show_board)

    def record_and_refresh(self) -> None:
        """The Refresh button (F5): record this quarter's scorecard snapshots off the GUI thread, then reload."""
        service = self._dashboard()
        today = clock.today()
        # Disabled until the task reports, so a second F5 does not queue a second scoring of every partner.
        self.refresh_button.setEnabled(False)
        from microfactory_desk.ui.long_task import LongTask

        task = LongTask(self, "Recording this quarter's scorecards…", cancellable=False, title="Dashboard")
        task.run(lambda: service.refresh(today), self._refreshed, self._refresh_failed)

    def _refreshed(self, board: Dashboard) -> None:
        self.refresh_button.setEnabled(True)
        self.show_board(board)

    def _refresh_failed(self, exc: BaseException) -> None:
        from microfactory_desk.ui.error_hook import show_failure

        self.refresh_button.setEnabled(True)
        show_failure(exc, self, title="Dashboard")

    def show_board(self, board: Dashboard) -> None:
        """Show a loaded dashboard (or the welcome panel on an empty database)."""
        self.board = board
        if board.first_run:
            self.summary.setText("")
            self.settings_button.setEnabled(False)
            self.stack.setCurrentWidget(self.welcome)
            self.board_shown.emit()
            return
        self.settings_button.setEnabled(True)
        area = self.cards_area
        for card in board.cards:
            self.cards[card.key].show_card(card)
        self.summary.setText(
            f"{board.today:%A %d %B %Y} · {counted(board.total, 'item needs', at_least=board.capped)} attention"
            if board.total
            else f"{board.today:%A %d %B %Y} · nothing needs attention"
        )
        self.stack.setCurrentWidget(area)
        self.board_shown.emit()

    def show_full_list(self, key: str) -> None:
        """Load every item of one card off the GUI thread and show them in a list that opens them."""
        service, today = self._dashboard(), clock.today()
        run_task(lambda: service.card(key, today), self._show_full_list)

    def _show_full_list(self, card: AttentionCard) -> None:
        from microfactory_desk.ui.dialogs.attention_list_dialog import AttentionListDialog

        dialog = AttentionListDialog(card, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.item_clicked.connect(self._open)
        self.full_list = dialog
        dialog.open()

    def _open(self, item: AttentionItem) -> None:
        if item.target == "scorecard":
            self.open_scorecard_requested.emit(item.code)
            return
        if item.target == "partner":
            self.open_partner_requested.emit(item.target_id, item.tab)
            return
        signals = {
            "order": self.open_order_requested,
            "inspection": self.open_inspection_requested,
            "pilot": self.open_pilot_requested,
        }
        signals[item.target].emit(item.target_id)
