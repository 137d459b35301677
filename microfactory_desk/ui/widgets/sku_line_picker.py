"""The order editor's line picker: a SKU typed or picked, a quantity, Add line (also Enter) and Remove line."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

if TYPE_CHECKING:
    from microfactory_desk.schemas.orders import SkuRow


class SkuLinePicker(QWidget):
    """Emits add_requested(sku code, quantity) or not_found(typed text); remove_requested for the button."""

    add_requested = Signal(str, int)
    not_found = Signal(str)
    remove_requested = Signal()

    def __init__(self, skus: Iterable[SkuRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._skus = {s.code: s for s in skus}
        self.sku = QComboBox()
        self.sku.setEditable(True)
        self.sku.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for sku in self._skus.values():
            flag = " · experimental" if sku.experimental else ""
            self.sku.addItem(f"{sku.code} — {sku.name}{flag}", sku.code)
        self.sku.setMinimumWidth(380)
        # Start empty: typing a code into a field already showing the first SKU appended to its text, and the
        # first SKU was added instead of the typed one.
        self.sku.setCurrentIndex(-1)
        line = self.sku.lineEdit()
        if line is not None:  # an editable combo shows the placeholder of its line edit only
            line.setPlaceholderText("Type a SKU code or name, Enter adds the line…")
        self.quantity = QSpinBox()
        self.quantity.setRange(1, 10_000_000)
        self.quantity.setValue(50)
        self.add_button = QPushButton("Add line")
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton("Remove line")
        self.remove_button.clicked.connect(self.remove_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 6, 0, 0)
        row.addWidget(QLabel("SKU"))
        row.addWidget(self.sku, 1)
        row.addWidget(QLabel("Quantity"))
        row.addWidget(self.quantity)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)

    def picked(self) -> str | None:
        """The SKU code the field's text names: a suggestion, a code or a name (any case)."""
        text = self.sku.currentText().strip()
        index = self.sku.currentIndex()
        # The current index lags behind typed text (it moves only on Enter or a pick), so the text decides.
        if index >= 0 and self.sku.itemText(index) == text:
            return str(self.sku.itemData(index))
        typed = text.split(" — ")[0].strip().casefold()
        return next(
            (c for c, s in self._skus.items() if typed and typed in (c.casefold(), s.name.strip().casefold())), None
        )

    def add(self) -> None:
        """Ask for a line of the picked SKU and quantity; the field empties for the next code."""
        code = self.picked()
        if code is None:
            self.not_found.emit(self.sku.currentText())
            return
        self.quantity.interpretText()  # a quantity typed and not yet left still counts
        self.add_requested.emit(code, self.quantity.value())
        self.sku.setCurrentIndex(-1)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Enter in the SKU or quantity field adds the line (it did nothing: typed lines were never added)."""
        plain = not event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            if self.focusWidget() in (self.sku, self.quantity):
                self.add()
                return
        super().keyPressEvent(event)
