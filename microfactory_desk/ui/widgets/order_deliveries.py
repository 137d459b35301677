"""On a sent order: the partner's answer (confirmed value, flags, comments) and its deliveries, kept in step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microfactory_desk.schemas.order_vocab import OrderStatus
from microfactory_desk.ui import theme
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.table_models.dict_rows_model import DictRowsModel
from microfactory_desk.ui.tasks import run_task

if TYPE_CHECKING:
    from microfactory_desk.schemas.orders import OrderOut
    from microfactory_desk.schemas.telemetry import DeliveryOut
    from microfactory_desk.services.orders.service import OrderService
    from microfactory_desk.services.telemetry.deliveries import TelemetryService

COLUMNS = [
    ("line", "Line"), ("reference", "Delivery note"), ("requested", "Requested"), ("promised", "Promised arrival"),
    ("shipped", "Shipped"), ("received", "Arrived"), ("verdict", "On time"), ("qty", "Received"),
    ("defective", "Defective"),
]  # fmt: skip
WIDTHS = (70, 120, 90, 120, 90, 90, 80, 80)
CONFIRMABLE = (OrderStatus.SENT, OrderStatus.CONFIRMED, OrderStatus.PARTIALLY_RECEIVED)
TAKES_DELIVERIES = (OrderStatus.SENT, OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED,
                    OrderStatus.PARTIALLY_RECEIVED, OrderStatus.RECEIVED)  # fmt: skip


def confirmation_text(order: OrderOut) -> str:
    """The partner's answer in a few lines: confirmed against ordered value, flags, comments."""
    if order.confirmed_on is None:
        return "Not confirmed yet: deliveries are judged against sent date + the SLA lead-time target."
    parts = [f"Confirmed {order.confirmed_on}: {order.confirmed_total:,.2f} {order.currency} confirmed "
             f"of {order.total:,.2f} {order.currency} ordered."]  # fmt: skip
    parts += [f"⚑ {flag}" for flag in order.confirmation_flags]
    arrivals = sorted({str(ln.promised_on) for ln in order.lines if ln.promised_on and ln.confirmed_qty})
    if arrivals:
        parts.append("Promised arrival (ship date + transit): " + ", ".join(arrivals))
    if order.partner_comment:
        parts.append(f"Partner on the order: {order.partner_comment}")
    parts += [f"Partner on line {ln.position}: {ln.partner_comment}" for ln in order.lines if ln.partner_comment]
    return "\n".join(parts)


class OrderDeliveriesWidget(QWidget):
    """Shows the confirmation and the deliveries of one order; adds, edits and deletes deliveries."""

    order_changed = Signal(object)  # the reloaded OrderOut, after a delivery or confirmation changed it

    def __init__(
        self, telemetry: TelemetryService, orders: OrderService, order: OrderOut, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._telemetry, self._orders, self.order = telemetry, orders, order
        self.deliveries: list[DeliveryOut] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.confirmation = QLabel()
        self.confirmation.setWordWrap(True)
        layout.addWidget(self.confirmation)
        self.model = DictRowsModel(COLUMNS)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate(WIDTHS):
            self.view.setColumnWidth(column, width)
        self.view.doubleClicked.connect(lambda _index: self.edit_delivery())
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        self.empty = QLabel("No delivery recorded yet.")
        theme.muted(self.empty)
        buttons.addWidget(self.empty)
        buttons.addStretch(1)  # the buttons keep their size whether or not the empty note shows
        self.confirm_button = QPushButton("Type in confirmation…")
        self.confirm_button.clicked.connect(self.type_confirmation)
        self.add_button = QPushButton("Add delivery…")
        self.add_button.clicked.connect(self.add_delivery)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.clicked.connect(self.edit_delivery)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete_delivery)
        for button in (self.confirm_button, self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self._show(order, [])
        self.reload()

    def reload(self) -> None:
        """Read the order and its deliveries again off the GUI thread."""
        orders, telemetry, order_id = self._orders, self._telemetry, self.order.id
        run_task(lambda: (orders.get_order(order_id), telemetry.order_deliveries(order_id)), self._loaded)

    def _loaded(self, loaded: tuple[OrderOut, list[DeliveryOut]]) -> None:
        order, deliveries = loaded
        changed = order.status != self.order.status or order.confirmed_on != self.order.confirmed_on
        self._show(order, deliveries)
        if changed:
            self.order_changed.emit(order)

    def _show(self, order: OrderOut, deliveries: list[DeliveryOut]) -> None:
        self.order, self.deliveries = order, deliveries
        self.confirmation.setText(confirmation_text(order))
        verdicts = {True: "on time", False: "late", None: ""}
        self.model.set_rows([{
            "line": str(d.position), "reference": d.reference, "requested": str(d.requested_on or ""),
            "promised": str(d.promised_on or ""), "shipped": str(d.shipped_on or ""),
            "received": str(d.received_on or ""), "verdict": verdicts[d.on_time], "qty": str(d.qty_received),
            "defective": str(d.qty_defective)} for d in deliveries])  # fmt: skip
        self.empty.setVisible(not deliveries)
        self.confirm_button.setEnabled(order.status in CONFIRMABLE)
        self.add_button.setEnabled(order.status in TAKES_DELIVERIES)
        for button in (self.edit_button, self.delete_button):
            button.setEnabled(bool(deliveries))

    def selected(self) -> DeliveryOut | None:
        """The delivery of the selected row, if any."""
        rows = self.view.selectionModel().selectedRows()
        return self.deliveries[rows[0].row()] if rows and rows[0].row() < len(self.deliveries) else None

    def add_delivery(self) -> None:
        """Open an empty delivery form for this order."""
        self._open(None)

    def edit_delivery(self) -> None:
        """Open the selected delivery for editing."""
        delivery = self.selected()
        if delivery is not None:
            self._open(delivery)

    def _open(self, delivery: DeliveryOut | None) -> None:
        from microfactory_desk.ui.dialogs.delivery_dialog import DeliveryDialog

        self.delivery_dialog = DeliveryDialog(self._telemetry, self.order, delivery=delivery, parent=self)
        self.delivery_dialog.delivery_saved.connect(lambda _id: self.reload())
        self.delivery_dialog.open()

    def delete_delivery(self) -> None:
        """Delete the selected delivery after asking; the order moves back if it no longer holds everything."""
        delivery = self.selected()
        if delivery is None or not messages.confirm(
            self, "Delete delivery", f"Delete delivery {delivery.reference} ({delivery.qty_received} received)?"
        ):
            return
        telemetry = self._telemetry
        run_task(lambda: telemetry.delete_delivery(delivery.id), lambda _none: self.reload())

    def type_confirmation(self) -> None:
        """Open the confirmation form for the partner's answer given by phone or mail."""
        from microfactory_desk.ui.dialogs.confirmation_dialog import ConfirmationDialog

        self.confirmation_dialog = ConfirmationDialog(self._orders, self.order, parent=self)
        self.confirmation_dialog.order_confirmed.connect(lambda _id: self.reload())
        self.confirmation_dialog.open()
