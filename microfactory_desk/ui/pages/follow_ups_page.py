"""The follow-ups page: open negotiation follow-ups across partners, with mark-done and jump-to-partner."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QWidget,
)

from microfactory_desk import clock
from microfactory_desk.ui import theme
from microfactory_desk.ui.table_models.follow_ups_model import (
    COL_DUE,
    COL_NEXT_STEP,
    COL_PARTNER,
    COL_STATUS,
    FollowUpsTableModel,
    NoteHitsTableModel,
)
from microfactory_desk.ui.tasks import SearchLoader, first_read_inline, run_task, shortcut_after_first_paint
from microfactory_desk.ui.widgets.empty_state import EmptyStateWidget
from microfactory_desk.ui.widgets.list_table import keep_codes, setup_columns
from microfactory_desk.ui.widgets.page_header import page_header, page_layout
from microfactory_desk.wording import counted

if TYPE_CHECKING:
    from microfactory_desk.schemas.list_rows import FollowUpRow, NoteHitRow
    from microfactory_desk.schemas.listing import ListPage, ListQuery
    from microfactory_desk.services.sla.follow_up_listing import FollowUpListing
    from microfactory_desk.services.sla.negotiations import NegotiationService

HORIZONS = (("Overdue and this week", 7), ("Next 14 days", 14), ("Next 30 days", 30), ("All open", 36_500))


class FollowUpsPage(QWidget):
    """Lists open follow-ups; marking one done or opening its partner is one action away."""

    open_partner_requested = Signal(int)
    follow_up_done = Signal(int)

    def __init__(
        self,
        negotiations: Callable[[], NegotiationService],
        listing: Callable[[], FollowUpListing],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # Providers: the lists read light SQL; the ORM behind the service loads only when a follow-up is ticked off.
        self._negotiations = negotiations
        self._listing = listing
        self.model = FollowUpsTableModel()
        self.model.reloader = self._load_follow_ups
        self._loads = SearchLoader(self, self.refresh)
        self._build()

    def _build(self) -> None:
        layout = page_layout(self)
        header, self.count_label = page_header(layout, "Follow-ups")
        self.horizon = QComboBox()
        for text, days in HORIZONS:
            self.horizon.addItem(text, days)
        self.horizon.currentIndexChanged.connect(self.refresh)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search all negotiation notes (asks, offers, agreements, next steps)…")
        self.search.setClearButtonEnabled(True)
        self._loads.watch(self.search)
        filters.addWidget(self.search, 3)
        filters.addWidget(self.horizon, 1)
        layout.addLayout(filters)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)
        self.table.horizontalHeader().setSortIndicator(COL_DUE, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(28)
        widths = {COL_DUE: 100, COL_STATUS: 130, COL_PARTNER: 300, COL_NEXT_STEP: 320}
        setup_columns(self.table, widths, stretch=(COL_PARTNER, COL_NEXT_STEP))
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.found = NoteHitsTableModel()
        self.found.reloader = self._load_hits
        self.found_view = QTableView()
        self.found_view.setModel(self.found)
        keep_codes(self.found_view)
        self.found_view.verticalHeader().hide()
        self.found_view.setWordWrap(False)
        self.found_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.found_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in ((0, 100), (1, 260), (2, 80)):
            self.found_view.setColumnWidth(column, width)
        self.found_view.horizontalHeader().setStretchLastSection(True)
        self.found_view.doubleClicked.connect(self._open_found)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.found_view)
        layout.addWidget(self.stack, 1)

        buttons = QHBoxLayout()
        self.done_button = QPushButton("Mark done")
        self.done_button.setToolTip("Tick off the selected follow-up (Ctrl+D)")
        shortcut_after_first_paint(self.done_button, "Ctrl+D")
        self.done_button.clicked.connect(self.mark_selected_done)
        self.open_button = QPushButton("Open partner")
        self.open_button.clicked.connect(lambda: self._open_index(self.table.currentIndex()))
        hint = QLabel("Double-click opens the partner's negotiation log.")
        theme.muted(hint)
        self.done_message = QLabel()
        self.undo_button = QPushButton("Undo")
        self.undo_button.setToolTip("Open the follow-up again (Ctrl+Z)")
        shortcut_after_first_paint(self.undo_button, "Ctrl+Z")
        self.undo_button.clicked.connect(self.undo_done)
        self.undo_button.hide()
        self._undoable: int | None = None
        buttons.addWidget(hint)
        buttons.addStretch(1)
        buttons.addWidget(self.done_message)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.done_button)
        layout.addLayout(buttons)
        self._update_buttons()

    @cached_property
    def empty(self) -> EmptyStateWidget:
        """Shown when nothing is waiting."""
        empty = EmptyStateWidget(
            "No open follow-ups",
            "Follow-ups come from the negotiation log: give an entry a next step and a follow-up date "
            "and it appears here when it is due.",
        )
        empty.finish()
        self.stack.addWidget(empty)
        return empty

    def _open_found(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_partner_requested.emit(self.found.row(index.row()).partner_id)

    def refresh(self) -> None:
        """Show the first page of open follow-ups for the chosen horizon (or of the note search), read off the
        GUI thread; later pages load on scroll."""
        listing, text = self._listing(), self.search.text()
        if text.strip():
            self.found.set_loader(listing.note_hits)
            self.found.set_query(replace(self.found.query, search=text))
            return
        self.model.set_loader(listing.follow_ups)
        filters = {"today": clock.today(), "within_days": int(self.horizon.currentData())}
        self.model.set_query(replace(self.model.query, filters=filters))

    def _load_follow_ups(self, query: ListQuery) -> None:
        listing = self._listing()
        if not self.model.loaded and first_read_inline():
            # The page's first rows come with the window: one light read (like the roster's) costs less than a trip
            # through the thread pool on a busy machine. Later loads (filters, keystrokes) stay off the GUI thread.
            self._show(query, listing.follow_ups(query), listing.overdue(query))
            return
        self._loads.run(
            lambda: (listing.follow_ups(query), listing.overdue(query)), lambda loaded: self._show(query, *loaded)
        )

    def _load_hits(self, query: ListQuery) -> None:
        listing = self._listing()
        self._loads.run(lambda: listing.note_hits(query), lambda page: self._show_found(query, page))

    def _show_found(self, query: ListQuery, page: ListPage[NoteHitRow]) -> None:
        if query.search != self.search.text():
            return  # an older search answered after a newer keystroke
        self.found.show_page(query, page)
        self.count_label.setText(f"{counted(page.matching, 'entry', at_least=page.capped)} found")
        self.stack.setCurrentWidget(self.found_view)

    def _show(self, query: ListQuery, page: ListPage[FollowUpRow], overdue: int) -> None:
        if self.search.text().strip():
            return  # a search was typed meanwhile: its hits are shown instead
        self.model.show_page(query, page)
        self.count_label.setText(f"{page.matching:,} open, {overdue:,} overdue" if page.matching else "")
        self.stack.setCurrentWidget(self.table if page.matching else self.empty)
        self._update_buttons()

    def _update_buttons(self) -> None:
        selected = self.table.currentIndex().isValid() and bool(self.table.selectionModel().selectedRows())
        self.done_button.setEnabled(selected)
        self.open_button.setEnabled(selected)

    def mark_selected_done(self) -> None:
        """Tick off the selected follow-up and reload the list."""
        index = self.table.currentIndex()
        if not index.isValid():
            return
        row = self.model.row(index.row())
        entry_id = row.entry_id
        negotiations = self._negotiations()

        def done(_: object) -> None:
            # Said next to an Undo, since Ctrl+D is quick to press by mistake and the row leaves the list.
            self.done_message.setText(f"Follow-up with {row.partner_name} marked done.")
            self._undoable = entry_id
            self.undo_button.show()
            self.follow_up_done.emit(entry_id)
            self.refresh()

        run_task(lambda: negotiations.mark_follow_up_done(entry_id), done)

    def undo_done(self) -> None:
        """Open the follow-up ticked off last again."""
        entry_id, self._undoable = self._undoable, None
        if entry_id is None:
            return
        negotiations = self._negotiations()

        def reopened(_: object) -> None:
            self.done_message.setText("Follow-up open again.")
            self.undo_button.hide()
            self.follow_up_done.emit(entry_id)
            self.refresh()

        run_task(lambda: negotiations.mark_follow_up_done(entry_id, done=False), reopened)

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_partner_requested.emit(self.model.row(index.row()).partner_id)
