"""The SKU catalogue page: search-as-you-type over code, name, category and variants, with filters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from microfactory_desk.ui import open_editors, theme
from microfactory_desk.ui.table_models.skus_model import (
    COL_CATEGORY,
    COL_CODE,
    COL_EXPERIMENTAL,
    COL_NAME,
    COL_UNIT,
    COL_VARIANT,
    SkusTableModel,
)
from microfactory_desk.ui.tasks import SearchLoader, first_read_inline
from microfactory_desk.ui.widgets.empty_state import EmptyStateWidget
from microfactory_desk.ui.widgets.list_table import list_table
from microfactory_desk.ui.widgets.page_header import page_header, page_layout
from microfactory_desk.wording import counted

if TYPE_CHECKING:
    from microfactory_desk.schemas.list_rows import SkuRow
    from microfactory_desk.schemas.listing import ListPage, ListQuery
    from microfactory_desk.services.orders.sku_listing import SkuListing
    from microfactory_desk.services.orders.skus import SkuService

WIDTHS = {COL_CODE: 120, COL_NAME: 250, COL_CATEGORY: 120, COL_UNIT: 50, COL_VARIANT: 300, COL_EXPERIMENTAL: 95}
KINDS = (("All SKUs", None), ("Experimental only", True), ("Regular only", False))


class SkusPage(QWidget):
    """Lists the catalogue; loads on first show."""

    def __init__(
        self, skus: Callable[[], SkuService], listing: Callable[[], SkuListing], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        # Providers: the list reads light SQL; the ORM behind the editor's service loads when a SKU is edited.
        self._skus = skus
        self._listing = listing
        self.model = SkusTableModel()
        self.model.reloader = self._load_first_page
        self._loads = SearchLoader(self, self.refresh)
        self._build()

    def _build(self) -> None:
        layout = page_layout(self)
        header, self.count_label = page_header(layout, "SKU catalogue")
        self.new_button = QPushButton("New SKU")
        theme.primary(self.new_button)
        self.new_button.clicked.connect(lambda: self.edit_sku(None))
        header.addWidget(self.new_button)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search code, name, category, region, size or colour…")
        self.search.setClearButtonEnabled(True)
        self._loads.watch(self.search)
        self.category = QComboBox()
        self.category.addItem("All categories", "")
        self.category.currentIndexChanged.connect(self.refresh)
        self.kind = QComboBox()
        for text, value in KINDS:
            self.kind.addItem(text, value)
        self.kind.currentIndexChanged.connect(self.refresh)
        filters.addWidget(self.search, 3)
        filters.addWidget(self.category, 1)
        filters.addWidget(self.kind, 1)
        layout.addLayout(filters)
        self.table = list_table(self.model, WIDTHS, stretch=(COL_NAME, COL_VARIANT))
        self.table.doubleClicked.connect(lambda index: self.edit_sku(self.model.row(index.row())))
        self.table.activated.connect(lambda index: self.edit_sku(self.model.row(index.row())))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        layout.addWidget(self.stack, 1)

    @cached_property
    def empty(self) -> EmptyStateWidget:
        """Shown when nothing matches."""
        empty = EmptyStateWidget(
            "No SKUs match",
            "The catalogue lists products, experimental items and their regional variants. "
            "Add the first SKU, or clear the search and filters to see the whole catalogue.",
        )
        empty.add_action("New SKU…", lambda: self.edit_sku(None), primary=True)
        empty.add_action("Clear search and filters", self.clear_filters)
        empty.finish()
        self.stack.addWidget(empty)
        return empty

    def clear_filters(self) -> None:
        """Show the whole catalogue again."""
        self.search.clear()
        self.category.setCurrentIndex(0)
        self.kind.setCurrentIndex(0)
        self.refresh()

    def refresh(self) -> None:
        """Show the first page of matching SKUs (and the category list), read off the GUI thread."""
        self.model.set_loader(self._listing().page)
        filters = {"category": str(self.category.currentData() or ""), "experimental": self.kind.currentData()}
        self.model.set_query(replace(self.model.query, search=self.search.text(), filters=filters))

    def _load_first_page(self, query: ListQuery) -> None:
        listing = self._listing()

        def load() -> tuple[ListPage[SkuRow], int, list[str]]:
            return listing.page(query), listing.experimental(query), listing.categories()

        if not self.model.loaded and first_read_inline():
            # The page's first rows come with the window: one light read (like the roster's) costs less than a trip
            # through the thread pool on a busy machine. Later loads (filters, keystrokes) stay off the GUI thread.
            self._show(query, *load())
        else:
            self._loads.run(load, lambda loaded: self._show(query, *loaded))

    def _show(self, query: ListQuery, page: ListPage[SkuRow], experimental: int, categories: list[str]) -> None:
        current = self.category.currentData()
        if [self.category.itemData(i) for i in range(1, self.category.count())] != categories:
            self.category.blockSignals(True)
            self.category.clear()
            self.category.addItem("All categories", "")
            for name in categories:
                self.category.addItem(name, name)
            self.category.setCurrentIndex(max(0, self.category.findData(current)))
            self.category.blockSignals(False)
        self.model.show_page(query, page)
        self.count_label.setText(
            f"{counted(page.matching, 'SKU', at_least=page.capped)}, {experimental:,} experimental"
            if page.matching
            else ""
        )
        self.stack.setCurrentWidget(self.table if page.matching else self.empty)

    def edit_sku(self, sku: SkuRow | None) -> None:
        """Open the SKU editor on a catalogue item (None: a new one); the list reloads after saving."""
        from microfactory_desk.ui.dialogs.sku_dialog import SkuDialog

        key = ("sku", sku.id) if sku is not None else None
        if not open_editors.claim(key):
            return  # its editor is open: now in front
        dialog = SkuDialog(self._skus(), sku, parent=self)
        open_editors.opened(key, dialog)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sku_saved.connect(lambda _id: self.refresh())
        self.sku_dialog = dialog
        dialog.open()
