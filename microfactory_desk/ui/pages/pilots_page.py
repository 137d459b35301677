"""The pilots page: every micro-market pilot with its figures, the selected one in detail and compared."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microfactory_desk import clock
from microfactory_desk.ui import open_editors, tasks, theme
from microfactory_desk.ui.table_models.pilots_model import (
    COL_DAYS,
    COL_MARKET,
    COL_NUMBER,
    COL_PARTNER,
    COL_RATING,
    COL_RETURNS,
    COL_SELL,
    COL_SKU,
    COL_STATUS,
    STATUS_TEXT,
    PilotsTableModel,
)
from microfactory_desk.ui.tasks import LatestOnly, first_read_inline
from microfactory_desk.ui.widgets.empty_state import EmptyStateWidget
from microfactory_desk.ui.widgets.list_table import list_table
from microfactory_desk.ui.widgets.page_header import page_header

if TYPE_CHECKING:
    from microfactory_desk.schemas.listing import ListPage, ListQuery
    from microfactory_desk.schemas.pilot_rows import PilotRow
    from microfactory_desk.services.pilots.listing import PilotListing
    from microfactory_desk.services.pilots.service import PilotService
    from microfactory_desk.ui.widgets.pilot_compare import PilotCompareWidget
    from microfactory_desk.ui.widgets.pilot_detail import PilotDetailWidget

COLUMN_WIDTHS = {COL_NUMBER: 108, COL_SKU: 95, COL_PARTNER: 240, COL_MARKET: 160, COL_STATUS: 115}
COLUMN_WIDTHS |= {COL_SELL: 88, COL_RETURNS: 68, COL_RATING: 56, COL_DAYS: 82}


class PilotsPage(QWidget):
    """Lists pilots; selecting one shows its detail, feedback, sales chart, orders and comparison."""

    demo_requested = Signal()
    export_requested = Signal()
    detail: PilotDetailWidget  # the selected pilot's tabs (_build_detail)
    compare: PilotCompareWidget

    def __init__(
        self, pilots: Callable[[], PilotService], listing: Callable[[], PilotListing], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._pilots = pilots
        self._listing = listing
        self._wanted: int | None = None
        self.model = PilotsTableModel()
        self.model.reloader = self._load_first_page
        self._loads = LatestOnly()
        self._built = False
        # Built when first shown: the window opens on the dashboard and should not pay for this page.
        QVBoxLayout(self).setContentsMargins(20, 16, 20, 12)

    def _build(self) -> None:
        if self._built:
            return
        self._built = True
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.setSpacing(10)
        header, self.count_label = page_header(layout, "Pilots")
        self.status_filter = QComboBox()
        self.status_filter.addItem("All statuses", "")
        for value, text in STATUS_TEXT.items():
            self.status_filter.addItem(text, value)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip("Every pilot with its figures to Excel, one sheet per status")
        self.export_button.clicked.connect(self.export_requested)
        self.new_button = QPushButton("New pilot")
        theme.primary(self.new_button)
        self.new_button.clicked.connect(lambda: self.edit_pilot(None))
        header.addWidget(self.status_filter)
        header.addWidget(self.export_button)
        header.addWidget(self.new_button)

        self.table: QTableView = list_table(self.model, COLUMN_WIDTHS, stretch=(COL_PARTNER, COL_MARKET))
        # Indicator first: enabling sorting sorts at once by the current indicator.
        self.table.horizontalHeader().setSortIndicator(COL_NUMBER, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda index: self.edit_pilot(self.model.row(index.row())))

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(QWidget())  # where the detail goes (_build_detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([320, 420])
        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        layout.addWidget(self.stack, 1)
        tasks.after_first_paint(self._build_detail)

    def _build_detail(self) -> None:
        """The selected pilot's tabs, in the place kept for them: after the window's first paint when it opens on
        this page (at once otherwise). Their modules and widgets took 10-12 ms of that paint, for a panel whose
        figures come from a worker after it anyway."""
        from microfactory_desk.ui.widgets.pilot_compare import PilotCompareWidget
        from microfactory_desk.ui.widgets.pilot_detail import PilotDetailWidget

        self.detail = PilotDetailWidget(self._pilots)
        self.compare = PilotCompareWidget(self._pilots)
        self.detail.addTab(self.compare, "Compare")
        self.detail.pilot_changed.connect(self._pilot_changed)
        self.detail.edit_requested.connect(self._edit_selected)
        self.detail.pilot_deleted.connect(lambda _id: self.refresh())
        place = self.splitter.replaceWidget(1, self.detail)
        if place is not None:
            place.deleteLater()
        self._show_selected()

    @cached_property
    def empty(self) -> EmptyStateWidget:
        """Shown when there is no pilot at all."""
        empty = EmptyStateWidget(
            "No pilots yet",
            "A pilot tries an experimental SKU with one partner in one micro-market (a pop-up, an event drop, "
            "a local shop): plan it here, log its sales and customer feedback, then decide to scale up, "
            "iterate or stop.",
        )
        empty.add_action("New pilot", lambda: self.edit_pilot(None), primary=True)
        empty.add_action("Load demo data", self.demo_requested.emit)
        empty.finish()
        self.stack.addWidget(empty)
        return empty

    # --- loading -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the first page of pilots for the status filter, read off the GUI thread, keeping the selection."""
        self._build()
        selected = self.selected()
        if self._wanted is None and selected is not None:
            self._wanted = selected.id
        self.model.set_loader(self._listing().page)
        filters = {"status": self.status_filter.currentData() or "", "today": clock.today()}
        self.model.set_query(replace(self.model.query, filters=filters))

    def _load_first_page(self, query: ListQuery) -> None:
        listing = self._listing()
        if not self.model.loaded and first_read_inline():
            # The page's first rows come with the window: one light read (like the roster's) costs less than a trip
            # through the thread pool on a busy machine. Later loads (filters, keystrokes) stay off the GUI thread.
            self._show(query, listing.page(query), listing.awaiting_decision(query))
            return
        self._loads.run(
            lambda: (listing.page(query), listing.awaiting_decision(query)), lambda loaded: self._show(query, *loaded)
        )

    def select_pilot(self, pilot_id: int) -> None:
        """Show the pilot once the list is loaded (the dashboard opens pilots this way)."""
        self._build()
        self._wanted = pilot_id
        self.status_filter.blockSignals(True)
        self.status_filter.setCurrentIndex(0)
        self.status_filter.blockSignals(False)
        self.refresh()

    def _show(self, query: ListQuery, page: ListPage[PilotRow], waiting: int) -> None:
        current = self.selected()
        wanted = self._wanted if self._wanted is not None else (current.id if current else None)
        self._wanted = None
        self.model.show_page(query, page)
        shown, total = page.matching, page.total
        text = f"{total:,} pilot{'' if total == 1 else 's'}" if shown == total else f"{shown:,} of {total:,} shown"
        self.count_label.setText(text + (f", {waiting:,} awaiting a decision" if waiting else "") if total else "")
        self.stack.setCurrentWidget(self.splitter if total else self.empty)
        row = self._find(wanted) if wanted is not None else -1
        if row < 0 and page.rows:
            row = 0
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        else:
            self._show_selected()

    def _find(self, pilot_id: int) -> int:
        """The row of a pilot, reading further pages until it is loaded (-1 when it does not match the filter)."""
        row = self.model.row_of(pilot_id)
        while row < 0 and self.model.canFetchMore():
            self.model.fetchMore()
            row = self.model.row_of(pilot_id)
        return row

    def selected(self) -> PilotRow | None:
        """The selected pilot."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_selected()

    def _show_selected(self) -> None:
        """The selected pilot (or none) in the detail and comparison, once they are built (_build_detail shows
        the selection made before)."""
        if "detail" not in vars(self):
            return
        pilot = self.selected()
        self.detail.load(pilot.id if pilot else None)
        self.compare.set_pilot(pilot)

    def _pilot_changed(self, pilot_id: int) -> None:
        self._wanted = pilot_id
        self.refresh()

    # --- editing -------------------------------------------------------------------------
    def _edit_selected(self, pilot_id: int) -> None:
        row = self.model.row_of(pilot_id)
        if row >= 0:
            self.edit_pilot(self.model.row(row))

    def edit_pilot(self, pilot: PilotRow | None, partner_code: str = "") -> None:
        """Open the editor for a pilot (None: a new one, made by `partner_code` if given) once SKUs and partners load."""
        pilots = self._pilots()
        shown = self.detail.detail if "detail" in vars(self) else None
        counted = bool(shown and pilot and shown.pilot.id == pilot.id and shown.sales)
        key = ("pilot", pilot.id) if pilot is not None else None
        open_editors.open_once(
            key,
            lambda: (pilots.sku_choices(), pilots.partner_choices()),
            lambda loaded: self._open_editor(pilot, *loaded, counted, partner_code),
        )

    def _open_editor(
        self, pilot: PilotRow | None, skus: list[tuple[str, str]], partners: list[Any], counted: bool, code: str
    ) -> QWidget:
        from microfactory_desk.ui.dialogs.pilot_dialog import PilotDialog

        dialog = PilotDialog(
            self._pilots(), skus, pilot, partners=partners, partner_code=code, counted_by_day=counted, parent=self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.pilot_saved.connect(self._pilot_changed)
        self.editor = dialog
        dialog.open()
        return dialog
