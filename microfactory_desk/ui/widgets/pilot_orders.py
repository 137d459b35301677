"""The orders tied to a pilot, with how their deliveries went, and tying or untying an order by its number."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from microfactory_desk.ui import theme
from microfactory_desk.ui.error_hook import show_failure
from microfactory_desk.ui.table_models.dict_rows_model import DictRowsModel
from microfactory_desk.ui.tasks import run_task
from microfactory_desk.ui.widgets.read_only_table import table

if TYPE_CHECKING:
    from microfactory_desk.schemas.pilot_rows import PilotDetail
    from microfactory_desk.services.pilots.service import PilotService

ORDER_COLUMNS = [
    ("number", "Order"),
    ("status", "Status"),
    ("requested_on", "Requested"),
    ("ordered", "Ordered"),
    ("deliveries", "Deliveries"),
    ("on_time", "On time"),
    ("defects", "Defects"),
]


class PilotOrdersWidget(QWidget):
    """The Orders tab of a pilot; emits orders_changed with the pilot id after a tie or untie."""

    orders_changed = Signal(int)

    def __init__(self, pilots: Callable[[], PilotService], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pilots = pilots
        self.detail: PilotDetail | None = None
        layout = QVBoxLayout(self)
        tie = QHBoxLayout()
        self.order_number = QLineEdit()
        self.order_number.setPlaceholderText("Order number, e.g. PO-2026-0042")
        self.tie_button = QPushButton("Tie order")
        self.tie_button.clicked.connect(self.tie_order)
        self.untie_button = QPushButton("Untie selected")
        self.untie_button.clicked.connect(self.untie_order)
        tie.addWidget(self.order_number, 1)
        tie.addWidget(self.tie_button)
        tie.addWidget(self.untie_button)
        layout.addLayout(tie)
        self.orders_error = QLabel()
        theme.error(self.orders_error)
        self.orders_error.setWordWrap(True)
        self.orders_error.hide()
        layout.addWidget(self.orders_error)
        self.orders_summary = QLabel()
        theme.muted(self.orders_summary)
        layout.addWidget(self.orders_summary)
        self.orders_model = DictRowsModel(ORDER_COLUMNS)
        self.orders_view = table(self.orders_model, (120, 90, 95, 70, 80, 80))
        layout.addWidget(self.orders_view, 1)

    def show_orders(self, detail: PilotDetail) -> None:
        """Show the orders tied to the pilot and their delivery summary."""
        self.detail = detail
        rows = []
        for o in detail.orders:
            on_time = "no data" if o.on_time_pct is None else f"{o.on_time}/{o.timed} ({o.on_time_pct:.0f} %)"
            defects = "no data" if o.defect_pct is None else f"{o.defect_pct:.1f} %"
            rows.append(
                {"number": o.number, "status": o.status.replace("_", " "), "ordered": str(o.ordered_qty)}
                | {"requested_on": o.requested_on.isoformat() if o.requested_on else "", "on_time": on_time}
                | {"deliveries": str(o.deliveries), "defects": defects, "id": o.id}
            )
        self.orders_model.set_rows(rows)
        count = f"{len(detail.orders)} order{'' if len(detail.orders) == 1 else 's'}"
        timed = sum(o.timed for o in detail.orders)
        in_time = sum(o.on_time for o in detail.orders)
        if not detail.orders:
            self.orders_summary.setText("No order is tied to this pilot yet.")
        elif timed:
            self.orders_summary.setText(
                f"{count}; {in_time} of {timed} deliveries on time ({100 * in_time / timed:.0f} %)."
            )
        else:
            self.orders_summary.setText(f"{count}; no delivery with a promised date yet.")

    def _run(self, work: Callable[[], Any], after: Callable[[], None] | None = None) -> None:
        if self.detail is None:
            return
        pilot_id = self.detail.pilot.id

        def done(_result: object) -> None:
            self.orders_error.hide()
            if after is not None:
                after()
            self.orders_changed.emit(pilot_id)

        def refused(text: str) -> None:
            self.orders_error.setText(text)
            self.orders_error.show()

        def failed(exc: BaseException) -> None:
            show_failure(exc, self, inline=refused)

        run_task(work, done, failed)

    def tie_order(self) -> None:
        """Tie the order whose number is typed to this pilot."""
        if self.detail is None:
            return
        pilots, pilot_id, number = self._pilots(), self.detail.pilot.id, self.order_number.text()
        self._run(lambda: pilots.tie_order(pilot_id, number), self.order_number.clear)

    def untie_order(self) -> None:
        """Take the selected order off this pilot."""
        index = self.orders_view.currentIndex()
        if not index.isValid():
            return
        order_id = int(self.orders_model.rows()[index.row()]["id"])
        pilots = self._pilots()
        self._run(lambda: pilots.untie_order(order_id))
