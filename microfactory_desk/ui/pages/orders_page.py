"""The orders page: the order list with a status filter and totals, and the actions on the selected order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from microfactory_desk import clock
from microfactory_desk.errors import ImportFailed
from microfactory_desk.schemas.order_vocab import CANCELLABLE, NEXT_STATUS, REORDERABLE, OrderStatus
from microfactory_desk.schemas.vocab import label
from microfactory_desk.ui import theme
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.error_hook import show_failure
from microfactory_desk.ui.long_task import LongTask
from microfactory_desk.ui.table_models.orders_model import (
    COL_ANSWER,
    COL_CONFIRMED,
    COL_DATE,
    COL_DESTINATION,
    COL_LINES,
    COL_NUMBER,
    COL_PARTNER,
    COL_REQUESTED,
    COL_STATUS,
    COL_TOTAL,
    OrdersTableModel,
)
from microfactory_desk.ui.tasks import LatestOnly, SearchLoader, first_read_inline, run_task
from microfactory_desk.ui.widgets.empty_state import EmptyStateWidget
from microfactory_desk.ui.widgets.list_table import list_table
from microfactory_desk.ui.widgets.menu_items import add_item
from microfactory_desk.ui.widgets.page_header import page_header, page_layout
from microfactory_desk.wording import counted, number

if TYPE_CHECKING:
    from decimal import Decimal

    from microfactory_desk.schemas.list_rows import OrderRow
    from microfactory_desk.schemas.listing import ListPage, ListQuery
    from microfactory_desk.schemas.orders import OrderOut
    from microfactory_desk.schemas.reorder_terms import ReorderPreview
    from microfactory_desk.services.orders.files import OrderFiles
    from microfactory_desk.services.orders.listing import OrderListing
    from microfactory_desk.services.orders.service import OrderService

WIDTHS = {COL_NUMBER: 110, COL_PARTNER: 170, COL_STATUS: 85, COL_DATE: 85, COL_REQUESTED: 85}
WIDTHS |= {COL_DESTINATION: 125, COL_LINES: 45, COL_TOTAL: 125, COL_CONFIRMED: 115, COL_ANSWER: 155}
NEXT_LABELS = {
    OrderStatus.CONFIRMED: "In production",
    OrderStatus.IN_PRODUCTION: "Shipped",
    OrderStatus.SHIPPED: "Received",
    OrderStatus.PARTIALLY_RECEIVED: "Received",  # by hand, when the rest will not come
    OrderStatus.RECEIVED: "Close",
}
SHEETS = "Excel order sheet (*.xlsx)"
CONFIRMATIONS = "Order confirmations (*.xlsx *.json);;All files (*)"
JSON_FILES = "Order JSON (*.json)"


class OrdersPage(QWidget):
    """Lists orders; sends, confirms, advances, reorders and cancels the selected one."""

    open_order_requested = Signal(int)
    new_order_requested = Signal()
    message = Signal(str)

    def __init__(
        self,
        orders: Callable[[], OrderService],
        files: Callable[[], OrderFiles],
        listing: Callable[[], OrderListing],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # Providers: the list reads light SQL; the ORM behind the other services loads only when an action needs it.
        self._orders = orders
        self._files = files
        self._listing = listing
        self.model = OrdersTableModel()
        self.model.reloader = self._load_first_page
        self.model.counts_changed.connect(self._show_counts)
        self._loads = SearchLoader(self, self.refresh)
        self._totals = LatestOnly()
        self._totals_of: ListQuery | None = None
        self.last_dir = str(Path.home())
        self._build()

    def _build(self) -> None:
        layout = page_layout(self)
        header, self.count_label = page_header(layout, "Orders")
        self.new_button = QPushButton("New order")
        theme.primary(self.new_button)
        self.new_button.clicked.connect(self.new_order_requested)
        header.addWidget(self.new_button)

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search order number or partner…")
        self.search.setClearButtonEnabled(True)
        self._loads.watch(self.search)
        self.status_filter = QComboBox()
        self.status_filter.addItem("All statuses", "")
        for status in OrderStatus:
            self.status_filter.addItem(label(status.value), status.value)
        self.status_filter.currentIndexChanged.connect(self.refresh)
        filters.addWidget(self.search, 3)
        filters.addWidget(self.status_filter, 1)
        layout.addLayout(filters)

        self.table = list_table(self.model, WIDTHS, stretch=(COL_PARTNER, COL_DESTINATION))
        self.table.horizontalHeader().setSortIndicator(COL_DATE, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        layout.addWidget(self.stack, 1)

        self.totals_label = QLabel()
        theme.muted(self.totals_label)
        layout.addWidget(self.totals_label)
        buttons = QHBoxLayout()
        self.open_button = self._button("Open", lambda: self._open_index(self.table.currentIndex()), buttons)
        self.send_button = self._button("Send…", self.send_selected, buttons)
        self.send_button.setToolTip("Write the Excel order sheet for the partner and mark the draft sent")
        self.confirm_button = self._button("Confirmation…", self.record_confirmation, buttons)
        self.confirm_button.setToolTip("Read the partner's returned sheet (or JSON) and mark the order confirmed")
        self.next_button = self._button("Next step", self.advance_selected, buttons)
        self.reorder_button = self._button("Reorder", self.reorder_selected, buttons)
        self.reorder_button.setToolTip("Quick reorder of experimental SKUs under the SLA's reorder terms")
        self.cancel_button = self._button("Cancel…", self.cancel_selected, buttons)
        self.cancel_button.setToolTip("Cancel the order, with a reason")
        # What the command line could always do: the sheet again (also of a sent order) and the contract JSON.
        self.export_button = QPushButton("Export")
        menu = QMenu(self.export_button)
        self.sheet_action = add_item(menu, "Order sheet (Excel)…", self.export_sheet_selected)
        self.json_action = add_item(menu, "Order JSON (order contract)…", self.export_json_selected)
        self.export_button.setMenu(menu)
        buttons.addWidget(self.export_button)
        buttons.insertStretch(0, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    @staticmethod
    def _button(text: str, handler: Callable[[], None], row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(handler)
        row.addWidget(button)
        return button

    @cached_property
    def empty(self) -> EmptyStateWidget:
        """Shown when no order matches."""
        empty = EmptyStateWidget(
            "No orders here yet",
            "Orders bring experimental and regional SKUs to pop-ups and micro-markets. Write one with "
            "New order; its prices come from the partner's agreed SLA.",
        )
        empty.add_action("New order", self.new_order_requested.emit, primary=True)
        empty.finish()
        self.stack.addWidget(empty)
        return empty

    # --- list ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the first page for the search and status filter (read off the GUI thread; later pages on scroll)."""
        self.model.set_loader(self._listing().page)
        self._totals_of = None  # the orders may have changed since: total them again
        status = str(self.status_filter.currentData() or "")
        query = replace(self.model.query, search=self.search.text(), filters={"status": status})
        self.model.set_query(query)

    def _load_first_page(self, query: ListQuery) -> None:
        listing = self._listing()
        if not self.model.loaded and first_read_inline():
            # The page's first rows come with the window: one light read (like the roster's) costs less than a trip
            # through the thread pool on a busy machine. Later loads (filters, keystrokes) stay off the GUI thread.
            self._show(query, listing.page(query))
        else:
            self._loads.run(lambda: listing.page(query), lambda page: self._show(query, page), self._report)
        filters = replace(query, sort="", descending=False)
        if filters != self._totals_of:  # a new sort leaves the totals as they are
            self._totals_of = filters
            self.totals_label.setText("Totalling the listed orders…")
            self._totals.run(lambda: listing.totals(query), self._show_totals, self._report)

    def _show(self, query: ListQuery, page: ListPage[OrderRow]) -> None:
        selected = self.selected()
        self.model.show_page(query, page)
        if selected is not None:
            self.select_order(selected.id)
        self._update_buttons()

    def _show_counts(self, matching: int, total: int) -> None:
        if matching == total:
            self.count_label.setText(counted(total, "order") if total else "")
        else:
            self.count_label.setText(f"{number(matching, at_least=self.model.capped)} of {total:,} orders")
        self.stack.setCurrentWidget(self.table if matching else self.empty)

    def _show_totals(self, totals: dict[str, Decimal]) -> None:
        text = " + ".join(f"{value:,.2f} {currency}" for currency, value in sorted(totals.items()))
        self.totals_label.setText(f"Total of the listed orders, cancelled ones left out: {text}" if text else "")

    def select_order(self, order_id: int) -> None:
        """Select an order's row when it is listed."""
        at = self.model.find(order_id)
        if at >= 0:
            self.table.selectRow(at)

    def selected(self) -> OrderRow | None:
        """The selected order, if any."""
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().selectedRows():
            return None
        return self.model.row(index.row())

    def _update_buttons(self) -> None:
        row = self.selected()
        status = row.status if row else None
        self.open_button.setEnabled(row is not None)
        self.export_button.setEnabled(row is not None)
        self.send_button.setEnabled(status == OrderStatus.DRAFT)
        self.confirm_button.setEnabled(status in (OrderStatus.SENT, OrderStatus.CONFIRMED))
        self.next_button.setEnabled(status in NEXT_LABELS)
        self.next_button.setText(NEXT_LABELS.get(status, "Next step") if status else "Next step")
        self.next_button.setToolTip(f"Mark the order {NEXT_LABELS[status].lower()}" if status in NEXT_LABELS else "")
        self.reorder_button.setEnabled(status in REORDERABLE)
        self.cancel_button.setEnabled(status in CANCELLABLE)

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_order_requested.emit(self.model.row(index.row()).id)

    # --- actions ---------------------------------------------------------------------------
    def _done(self, text: str) -> Callable[[OrderOut], None]:
        def done(order: OrderOut) -> None:
            self.message.emit(text.format(number=order.number))
            self.refresh()
            self.select_order(order.id)

        return done

    def send_selected(self) -> None:
        """Write the draft's Excel sheet for the partner and mark the order sent."""
        row = self.selected()
        if row is None:
            return
        start = str(Path(self.last_dir) / f"{row.number}.xlsx")
        path = messages.save_file(self, "Send order: save the order sheet", start, SHEETS, (".xlsx",))
        if not path:
            return
        self.last_dir = str(Path(path).parent)
        files = self._files()
        LongTask(self, "Writing the order sheet…", cancellable=False).run(
            lambda: files.send(row.id, Path(path), on=clock.today()),
            self._done(f"{{number}} sent; sheet written to {path}"),
            self._report,
        )

    def record_confirmation(self) -> None:
        """Read the partner's returned sheet (or JSON) for the selected order and mark it confirmed."""
        row = self.selected()
        if row is None:
            return
        path = messages.open_path(self, f"Confirmation of {row.number}", self.last_dir, CONFIRMATIONS)
        if not path:
            return
        self.last_dir = str(Path(path).parent)
        files = self._files()

        def apply(summary: Any) -> None:
            # The partner's answer is shown before it changes the order: short lines and late dates are news.
            if not messages.confirm(
                self, f"Confirmation of {row.number}", f"{summary.text()}\n\nApply it to the order?"
            ):
                return
            LongTask(self, "Applying the confirmation…", cancellable=False).run(
                lambda: files.import_confirmation(Path(path), expected_order_id=row.id),
                self._done("{number} confirmed by the partner"),
                self._report,
            )

        LongTask(self, "Reading the confirmation…", cancellable=False).run(
            lambda: files.check_confirmation(Path(path), expected_order_id=row.id), apply, self._report
        )

    def advance_selected(self) -> None:
        """Move the selected order one step on (in production, shipped, received, closed)."""
        row = self.selected()
        if row is None or row.status not in NEXT_STATUS:
            return
        target = NEXT_STATUS[row.status]
        orders = self._orders()
        run_task(
            lambda: orders.advance(row.id, target, on=clock.today()),
            self._done(f"{{number}} is now {label(target.value).lower()}"),
            self._report,
        )

    def reorder_selected(self) -> None:
        """Repeat the selected order under the SLA's quick-reorder terms, as a new draft.

        The terms (what it will and will not reorder) are shown before the question; an order outside
        them is explained and nothing is asked.
        """
        row = self.selected()
        if row is None:
            return
        orders = self._orders()

        def done(order: OrderOut) -> None:
            self._done("Quick reorder {number} written as a draft")(order)
            self.open_order_requested.emit(order.id)

        def ask(preview: ReorderPreview) -> None:
            text = preview.in_words()
            if not preview.allowed:
                messages.show_info(self, "Quick reorder not possible", text)
            elif messages.confirm(self, "Quick reorder", text):
                run_task(lambda: orders.quick_reorder(row.id, on=clock.today()), done, self._report)

        run_task(lambda: orders.reorder_preview(row.id, on=clock.today()), ask, self._report)

    def cancel_selected(self) -> None:
        """Cancel the selected order with a reason."""
        row = self.selected()
        if row is None:
            return
        reason = messages.ask_text(self, f"Cancel {row.number}", "Why is the order cancelled?")
        if reason is None:
            return
        orders = self._orders()
        run_task(lambda: orders.cancel(row.id, reason), self._done("{number} cancelled"), self._report)

    def export_sheet_selected(self) -> None:
        """Write the selected order's Excel sheet again (a sent order's too), without changing the order."""
        self._export("sheet", "{number}.xlsx", SHEETS)

    def export_json_selected(self) -> None:
        """Write the selected order as JSON that validates against the published order contract schema."""
        self._export("json", "{number}.json", JSON_FILES)

    def _export(self, kind: str, name: str, filters: str) -> None:
        row = self.selected()
        if row is None:
            return
        suffix = Path(name).suffix
        start = str(Path(self.last_dir) / name.format(number=row.number))
        path = messages.save_file(self, f"Export {row.number}", start, filters, (suffix,))
        if not path:
            return
        self.last_dir = str(Path(path).parent)
        files = self._files()
        write = files.export_sheet if kind == "sheet" else files.export_json
        LongTask(self, "Writing the order file…", cancellable=False).run(
            lambda: write(row.number, Path(path)),
            lambda order: self.message.emit(f"{order.number} written to {path}"),
            self._report,
        )

    def _report(self, exc: BaseException) -> None:
        if isinstance(exc, ImportFailed):
            show_failure(exc, self, title="Confirmation refused", what_to_do="The order is unchanged.")
        else:
            show_failure(exc, self, title="Orders")
