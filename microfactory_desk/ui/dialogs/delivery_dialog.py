"""Type in or change one delivery of an order line: reference, dates, quantities; the order follows on save."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from microfactory_desk import clock
from microfactory_desk.errors import ValidationFailed
from microfactory_desk.schemas.fields import validate
from microfactory_desk.schemas.telemetry import DeliveryIn, DeliveryOut, DeliverySaved
from microfactory_desk.ui import theme
from microfactory_desk.ui.dialogs.edit_guard import EditorDialog
from microfactory_desk.ui.dialogs.form_errors import save_form, show_form_errors
from microfactory_desk.ui.widgets.field_form import FieldForm, FieldSpec

if TYPE_CHECKING:
    from microfactory_desk.schemas.orders import OrderOut
    from microfactory_desk.services.telemetry.deliveries import TelemetryService


def _fields(order: OrderOut) -> list[list[FieldSpec]]:
    lines = tuple((f"Line {ln.position} · {ln.sku_code} · {ln.quantity} ordered", str(ln.id)) for ln in order.lines)
    return [
        [
            FieldSpec("order_line_id", "Order line", "combo", items=lines),
            FieldSpec("reference", "Delivery note", hint="the partner's reference, e.g. LS-4471"),
            FieldSpec("shipped_on", "Shipped on", hint="YYYY-MM-DD (optional)"),
            FieldSpec("received_on", "Received on", hint="YYYY-MM-DD"),
        ],
        [
            FieldSpec("qty_received", "Quantity received", hint="units that arrived"),
            FieldSpec("qty_defective", "Of which defective", hint="0 when all were good"),
            FieldSpec("notes", "Notes", "block", height=64),
        ],
    ]


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else "" if value is None else str(value)


class DeliveryDialog(EditorDialog):
    """Records a new delivery for the order, or edits `delivery`; nothing is written until Save."""

    delivery_saved = Signal(int)

    def __init__(
        self,
        telemetry: TelemetryService,
        order: OrderOut,
        *,
        delivery: DeliveryOut | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._telemetry, self._order, self._delivery = telemetry, order, delivery
        self.setWindowTitle(f"Delivery {delivery.reference}" if delivery else f"New delivery for {order.number}")
        layout = QVBoxLayout(self)
        where = QLabel(
            f"{order.number} · {order.partner_name} · requested {order.requested_on or 'no date'} · "
            f"sent {order.sent_on or 'not yet'}"
        )
        theme.muted(where)
        layout.addWidget(where)
        self.form = FieldForm(_fields(order))
        values: dict[str, Any] = {"received_on": clock.today().isoformat(), "qty_defective": "0"}
        if order.lines:
            values["order_line_id"] = str(order.lines[0].id)
        if delivery is not None:
            values = {k: _text(getattr(delivery, k)) for k in ("reference", "shipped_on", "received_on", "notes")}
            values |= {"order_line_id": str(delivery.order_line_id), "qty_received": str(delivery.qty_received),
                       "qty_defective": str(delivery.qty_defective)}  # fmt: skip
        self.form.set_values(values)
        layout.addWidget(self.form)
        self.error = QLabel()
        theme.error(self.error)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 360)

    def save(self) -> None:
        """Validate the form, then record or update the delivery off the GUI thread."""
        values = self.form.values()
        line_id = int(values.pop("order_line_id") or 0)
        telemetry, delivery = self._telemetry, self._delivery

        def store(data: DeliveryIn) -> DeliverySaved:
            if delivery is None:
                return telemetry.record_delivery(order_line_id=line_id, delivery=data)
            return telemetry.update_delivery(delivery.id, order_line_id=line_id, delivery=data)

        save_form(
            self,
            parse=lambda: validate(DeliveryIn, values),
            store=store,
            saved=self._saved,
            button=self.save_button,
            title="Delivery not saved",
            show_errors=self._show_errors,
        )

    def _show_errors(self, exc: ValidationFailed) -> None:
        show_form_errors(self.form, self.error, exc)

    def _saved(self, saved: DeliverySaved) -> None:
        self.delivery_saved.emit(saved.id)
        self.accept()
