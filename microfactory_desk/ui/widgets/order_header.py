"""The order editor's header form: partner, dates, destination, shipping, currency and notes in two columns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QGridLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from microfactory_desk import clock
from microfactory_desk.schemas.order_vocab import DestinationType, ShippingMode
from microfactory_desk.schemas.vocab import label
from microfactory_desk.ui import theme
from microfactory_desk.ui.widgets.date_edit import DateEdit
from microfactory_desk.ui.widgets.partner_picker import PartnerPicker

if TYPE_CHECKING:
    from microfactory_desk.schemas.roster_rows import PartnerChoice


def choices(enum: Any) -> QComboBox:
    """A combo box of the enum's members, shown by label, carrying the value."""
    combo = QComboBox()
    for member in enum:
        combo.addItem(label(member.value), member.value)
    return combo


class OrderHeader(QWidget):
    """The order's own fields; `editors` maps each OrderIn field name to its editor (for error outlines)."""

    def __init__(self, partners: list[PartnerChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(18)
        left, right = QFormLayout(), QFormLayout()
        for form in (left, right):  # labels kept clear of their fields (they touched them)
            form.setHorizontalSpacing(12)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.partner = PartnerPicker(partners)
        self.partner_warning = QLabel()
        theme.warning(self.partner_warning)
        self.partner_warning.setWordWrap(True)
        self.partner_warning.hide()
        self.order_date = DateEdit()
        self.order_date.set_date(clock.today())
        self.requested_on = DateEdit(hint="optional")
        self.destination_name = QLineEdit()
        self.destination_type = choices(DestinationType)
        self.destination_address = QLineEdit()
        self.shipping_mode = choices(ShippingMode)
        self.currency = QLineEdit("EUR")
        self.currency.setMaxLength(3)
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(52)
        self.editors: dict[str, QWidget] = {
            "partner_code": self.partner, "order_date": self.order_date, "requested_on": self.requested_on,
            "destination_name": self.destination_name, "destination_type": self.destination_type,
            "destination_address": self.destination_address, "shipping_mode": self.shipping_mode,
            "currency": self.currency, "notes": self.notes,
        }  # fmt: skip
        left.addRow("Partner", self.partner)
        left.addRow("", self.partner_warning)
        left.addRow("Order date", self.order_date)
        left.addRow("Requested delivery", self.requested_on)
        left.addRow("Notes", self.notes)
        right.addRow("Destination", self.destination_name)
        right.addRow("Destination type", self.destination_type)
        right.addRow("Address", self.destination_address)
        right.addRow("Shipping mode", self.shipping_mode)
        right.addRow("Currency", self.currency)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
