"""The follow-ups page: open negotiation follow-ups across partners, with mark-done and jump-to-partner."""

from __future__ import annotations

from collections.abc import Callable
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
from microfactory_desk.ui.table_models.dict_rows_model import DictRowsModel
from microfactory_desk.ui.table_models.follow_ups_model import (
    COL_DUE,
    COL_NEXT_STEP,
    COL_PARTNER,
    COL_STATUS,
    FollowUpsTableModel,
)
from microfactory_desk.ui.tasks import SearchLoader, run_task
from microfactory_desk.ui.widgets.empty_state import EmptyStateWidget
from microfactory_desk.ui.widgets.list_table import setup_columns
from microfactory_desk.ui.widgets.page_header import page_header, page_layout

if TYPE_CHECKING:
    from microfactory_desk.schemas.negotiation import FollowUpRow, NegotiationEntryOut
    from microfactory_desk.services.sla.negotiations import NegotiationService

FOUND_COLUMNS = [("occurred_on", "Date"), ("partner", "Partner"), ("channel", "Channel"), ("summary", "What happened")]
HORIZONS = (("Overdue and this week", 7), ("Next 14 days", 14), ("Next 30 days", 30), ("All open", 36_500))


class FollowUpsPage(QWidget):
    """Lists open follow-ups; marking one done or opening its partner is one action away."""

    open_partner_requested = Signal(int)
    follow_up_done = Signal(int)

    def __init__(self, negotiations: Callable[[], NegotiationService], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A provider, not the service: the ORM behind it loads only when the page is first shown.
        self._negotiations = negotiations
        self.model = FollowUpsTableModel()
        self._found_entries: list[NegotiationEntryOut] = []
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

        self.found = DictRowsModel(FOUND_COLUMNS)
        self.found_view = QTableView()
        self.found_view.setModel(self.found)
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
        self.done_button.setShortcut("Ctrl+D")
        self.done_button.clicked.connect(self.mark_selected_done)
        self.open_button = QPushButton("Open partner")
        self.open_button.clicked.connect(lambda: self._open_index(self.table.currentIndex()))
        hint = QLabel("Double-click opens the partner's negotiation log.")
        theme.muted(hint)
        buttons.addWidget(hint)
        buttons.addStretch(1)
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

    def _show_found(self, result: tuple[str, list[NegotiationEntryOut]]) -> None:
        from microfactory_desk.ui.widgets.negotiation_panel import entry_row

        text, entries = result
        if text != self.search.text():
            return  # an older search answered after a newer keystroke
        self._found_entries = entries
        today = clock.today()
        self.found.set_rows(
            [{**entry_row(e, today), "partner": f"{e.partner_name} ({e.partner_code})"} for e in entries]
        )
        self.count_label.setText(f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'} found")
        self.stack.setCurrentWidget(self.found_view)

    def _open_found(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_partner_requested.emit(self._found_entries[index.row()].partner_id)

    def refresh(self) -> None:
        """Load the open follow-ups for the chosen horizon off the GUI thread (or rerun the note search)."""
        negotiations, text = self._negotiations(), self.search.text()
        if text.strip():
            self._loads.run(lambda: (text, negotiations.search(text)), self._show_found)
            return
        days = int(self.horizon.currentData())
        self._loads.run(lambda: negotiations.open_follow_ups(clock.today(), within_days=days), self._show)

    def _show(self, rows: list[FollowUpRow]) -> None:
        self.model.set_rows(rows)
        header = self.table.horizontalHeader()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        overdue = sum(1 for r in rows if r.days_overdue > 0)
        self.count_label.setText(f"{len(rows)} open, {overdue} overdue" if rows else "")
        self.stack.setCurrentWidget(self.table if rows else self.empty)
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
        entry_id = self.model.row(index.row()).entry_id
        negotiations = self._negotiations()

        def done(_: object) -> None:
            self.follow_up_done.emit(entry_id)
            self.refresh()

        run_task(lambda: negotiations.mark_follow_up_done(entry_id), done)

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_partner_requested.emit(self.model.row(index.row()).partner_id)
