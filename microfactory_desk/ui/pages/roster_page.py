"""The roster page: search-as-you-type, filters, the partner table and its empty states."""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from microfactory_desk.schemas.vocab import PartnerKind, Stage, label
from microfactory_desk.services.roster.listing import RosterList
from microfactory_desk.ui import theme
from microfactory_desk.ui.table_models.roster_table_model import (
    COL_CAPACITY,
    COL_CITY,
    COL_CODE,
    COL_COUNTRY,
    COL_KIND,
    COL_NAME,
    COL_PROCESSES,
    COL_REGION,
    COL_RISK,
    COL_STAGE,
    RosterTableModel,
)
from microfactory_desk.ui.tasks import LatestOnly, SearchLoader
from microfactory_desk.ui.widgets.empty_state import EmptyStateWidget
from microfactory_desk.ui.widgets.list_table import list_table
from microfactory_desk.ui.widgets.page_header import page_header, page_layout
from microfactory_desk.wording import counted, number

COLUMN_WIDTHS = {COL_CODE: 105, COL_NAME: 230, COL_KIND: 100, COL_STAGE: 85, COL_REGION: 105, COL_CITY: 100}
COLUMN_WIDTHS |= {COL_COUNTRY: 95, COL_PROCESSES: 190, COL_CAPACITY: 110, COL_RISK: 60}


class RosterPage(QWidget):
    """Lists partners; asks the window to open, create or import them."""

    open_partner_requested = Signal(int)
    new_partner_requested = Signal()
    import_requested = Signal()
    demo_requested = Signal()

    def __init__(self, roster: RosterList, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._roster = roster
        self.model = RosterTableModel(roster.page)
        # The model reads every page on a worker; waiting for a pause in typing means one query per burst.
        self._typing = SearchLoader(self, self._apply_filters)
        self._regions = LatestOnly()
        self._select_when_loaded: int | None = None  # a partner to select when the rows on their way arrive
        self._build()
        self.model.counts_changed.connect(self._show_counts)

    def _build(self) -> None:
        layout = page_layout(self)
        header, self.count_label = page_header(layout, "Partners")
        self.new_button = QPushButton("New partner")
        theme.primary(self.new_button)
        self.new_button.setToolTip("Create a partner (Ctrl+N)")
        self.new_button.clicked.connect(self.new_partner_requested)
        header.addWidget(self.new_button)

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search code, name, city, process, material or tag   (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self._typing.watch(self.search)
        self.stage_filter = self._combo("All stages", [(label(s.value), s.value) for s in Stage])
        self.kind_filter = self._combo("All kinds", [(label(k.value), k.value) for k in PartnerKind])
        self.region_filter = self._combo("All regions", [])
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.clicked.connect(self.clear_filters)
        filters.addWidget(self.search, 3)
        for widget in (self.stage_filter, self.kind_filter, self.region_filter):
            filters.addWidget(widget, 1)
        filters.addWidget(self.clear_button)
        layout.addLayout(filters)

        self.table = list_table(self.model, COLUMN_WIDTHS, stretch=(COL_NAME, COL_PROCESSES))
        # Indicator first: enabling sorting sorts at once by the current indicator (Qt's default is descending).
        self.table.horizontalHeader().setSortIndicator(COL_CODE, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.activated.connect(self._open_index)
        self.table.doubleClicked.connect(self._open_index)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        layout.addWidget(self.stack, 1)
        for combo in (self.stage_filter, self.kind_filter, self.region_filter):
            combo.currentIndexChanged.connect(self._apply_filters)

    def _combo(self, everything: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.addItem(everything, "")
        for text, value in items:
            combo.addItem(text, value)
        return combo

    # The two empty states are built the first time they are needed: most starts never show them.
    @cached_property
    def empty(self) -> EmptyStateWidget:
        """What a new user sees instead of an empty table."""
        empty = EmptyStateWidget(
            "Your partner roster is empty",
            "Add the microfactories and bulk suppliers you work with. Create the first partner, "
            "import an existing roster from Excel or CSV, or load demo data to look around.",
        )
        empty.add_action("New partner", self.new_partner_requested.emit, primary=True)
        empty.add_action("Import roster…", self.import_requested.emit)
        empty.add_action("Load demo data", self.demo_requested.emit)
        empty.finish()
        self.stack.addWidget(empty)
        return empty

    @cached_property
    def no_match(self) -> EmptyStateWidget:
        """Shown when filters hide every partner."""
        no_match = EmptyStateWidget("No partners match", "Try fewer words or clear the filters.")
        no_match.add_action("Clear filters", self.clear_filters)
        no_match.finish()
        self.stack.addWidget(no_match)
        return no_match

    # --- behaviour -----------------------------------------------------------------------
    def set_source(self, roster: RosterList) -> None:
        """Read from another database (after File > Open)."""
        self._roster = roster
        self.model.set_loader(roster.page)

    def refresh(self) -> None:
        """Reload regions and rows (after a save, import or database switch), both read off the GUI thread."""
        self._regions.run(self._roster.regions, self._show_regions)
        self.model.reload()

    def _show_regions(self, regions: list[str]) -> None:
        current = self.region_filter.currentData()
        self.region_filter.blockSignals(True)
        while self.region_filter.count() > 1:
            self.region_filter.removeItem(1)
        for region in regions:
            self.region_filter.addItem(region, region)
        found = self.region_filter.findData(current)
        self.region_filter.setCurrentIndex(max(found, 0))
        self.region_filter.blockSignals(False)

    def _apply_filters(self) -> None:
        query = replace(
            self.model.query,
            search=self.search.text(),
            stage=self.stage_filter.currentData() or "",
            kind=self.kind_filter.currentData() or "",
            region=self.region_filter.currentData() or "",
        )
        self.model.set_query(query)

    def clear_filters(self) -> None:
        """Show every partner again."""
        for combo in (self.stage_filter, self.kind_filter, self.region_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._apply_filters()

    def focus_search(self) -> None:
        """Put the cursor in the search box (Ctrl+F)."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def select_partner(self, partner_id: int) -> None:
        """Select a partner's row if it is loaded, or once the load on its way has arrived (after a save)."""
        if self.model.loading:
            self._select_when_loaded = partner_id
            return
        self._select_when_loaded = None
        row = self.model.row_of(partner_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_partner_requested.emit(self.model.partner_id(index.row()))

    def _show_counts(self, matching: int, total: int) -> None:
        if self._select_when_loaded is not None:
            self.select_partner(self._select_when_loaded)
        filtered = matching != total
        shown = number(matching, at_least=self.model.capped)
        self.count_label.setText(f"{shown} of {total:,} shown" if filtered else counted(total, "partner"))
        if total == 0:
            self.stack.setCurrentWidget(self.empty)
        elif matching == 0:
            self.stack.setCurrentWidget(self.no_match)
        else:
            self.stack.setCurrentWidget(self.table)
