"""Type in a partner's confirmation (a partner who answers by phone): quantity, ship date and comment per line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from microfactory_desk import clock
from microfactory_desk.errors import ValidationFailed
from microfactory_desk.schemas.field_labels import error_text
from microfactory_desk.schemas.fields import validate
from microfactory_desk.schemas.orders import Confirmation, OrderOut
from microfactory_desk.ui import theme
from microfactory_desk.ui.dialogs.edit_guard import EditorDialog
from microfactory_desk.ui.dialogs.form_errors import OnStale, reloaded_text, save_form

if TYPE_CHECKING:
    from microfactory_desk.services.orders.service import OrderService

MAX_QTY = 10_000_000


def _answer_of(order: OrderOut) -> dict[str, Any]:
    """A stored order's confirmation in the shape the dialog types it, for the conflict dialog's comparison."""
    lines = [
        {"position": line.position, "confirmed_qty": line.confirmed_qty, "comment": line.partner_comment,
         "confirmed_ship_on": line.confirmed_ship_on}
        for line in order.lines
    ]  # fmt: skip
    return {"order_uuid": order.uuid, "lines": lines, "comment": order.partner_comment,
            "confirmed_on": order.confirmed_on}  # fmt: skip


class ConfirmationDialog(EditorDialog):
    """One row per order line; Save stores the whole answer at once (all lines or none)."""

    order_confirmed = Signal(int)

    def __init__(self, orders: OrderService, order: OrderOut, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._orders, self._order = orders, order
        self.setWindowTitle(f"Confirmation of {order.number}")
        layout = QVBoxLayout(self)
        hint = QLabel(
            f"{order.partner_name} · requested {order.requested_on or 'no date'} · {order.shipping_mode.value}. "
            "Ship date is the day the goods leave the partner; the promised arrival adds the transit allowance."
        )
        hint.setWordWrap(True)
        theme.muted(hint)
        layout.addWidget(hint)
        grid = QGridLayout()
        for column, title in enumerate(("Line", "Confirmed qty", "Ship date", "Partner comment")):
            caption = QLabel(title)
            theme.caption(caption)
            grid.addWidget(caption, 0, column)
        self.quantities: list[QSpinBox] = []
        self.ship_dates: list[QLineEdit] = []
        self.comments: list[QLineEdit] = []
        for row, line in enumerate(order.lines, 1):
            grid.addWidget(QLabel(f"{line.position} · {line.sku_code} · {line.quantity} ordered"), row, 0)
            qty = QSpinBox()
            qty.setRange(0, MAX_QTY)
            qty.setValue(line.confirmed_qty if line.confirmed_qty is not None else line.quantity)
            ship = QLineEdit(line.confirmed_ship_on.isoformat() if line.confirmed_ship_on else "")
            ship.setPlaceholderText("YYYY-MM-DD")
            comment = QLineEdit(line.partner_comment)
            for column, editor in enumerate((qty, ship, comment), 1):
                grid.addWidget(editor, row, column)
            self.quantities.append(qty)
            self.ship_dates.append(ship)
            self.comments.append(comment)
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid)
        layout.addWidget(QLabel("Comment on the whole order"))
        self.comment = QPlainTextEdit(order.partner_comment)
        self.comment.setFixedHeight(60)
        layout.addWidget(self.comment)
        self.answered_on = QLineEdit((order.confirmed_on or clock.today()).isoformat())
        answered = QGridLayout()
        answered.addWidget(QLabel("Answered on"), 0, 0)
        answered.addWidget(self.answered_on, 0, 1)
        layout.addLayout(answered)
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
        self.resize(760, 200 + 34 * len(order.lines))

    def values(self) -> dict[str, Any]:
        """The typed answer as raw values for the Confirmation schema."""
        lines = [
            {"position": line.position, "confirmed_qty": qty.value(), "comment": comment.text(),
             "confirmed_ship_on": ship.text().strip() or None}
            for line, qty, ship, comment in zip(self._order.lines, self.quantities, self.ship_dates, self.comments,
                                                strict=True)
        ]  # fmt: skip
        return {"order_uuid": self._order.uuid, "lines": lines, "comment": self.comment.toPlainText(),
                "confirmed_on": self.answered_on.text().strip() or None}  # fmt: skip

    def save(self) -> None:
        """Validate, then store the confirmation off the GUI thread."""
        orders, order = self._orders, self._order

        def store(data: Confirmation) -> OrderOut:
            # The counter this dialog loaded: an answer someone else stored since is refused, never replaced.
            return orders.confirm(data, on=data.confirmed_on or clock.today(), expected_version=order.row_version)

        save_form(
            self,
            parse=lambda: validate(Confirmation, self.values()),
            store=store,
            saved=self._saved,
            button=self.save_button,
            title="Confirmation not saved",
            show_errors=self._show_errors,
            on_stale=OnStale(lambda: orders.get_order(order.id), self._reload, self._overwrite, shown=_answer_of),
        )

    def _reload(self, saved: OrderOut) -> None:
        """Show the answer as someone else stored it; the typed one is dropped."""
        self._order = saved
        for line, qty, ship, comment in zip(saved.lines, self.quantities, self.ship_dates, self.comments, strict=True):
            qty.setValue(line.confirmed_qty if line.confirmed_qty is not None else line.quantity)
            ship.setText(line.confirmed_ship_on.isoformat() if line.confirmed_ship_on else "")
            comment.setText(line.partner_comment)
        self.comment.setPlainText(saved.partner_comment)
        self.answered_on.setText((saved.confirmed_on or clock.today()).isoformat())
        self.error.setText(reloaded_text(saved.updated_by))
        self.error.show()

    def _overwrite(self, saved: OrderOut) -> None:
        self._order = saved  # its counter: the next save replaces exactly the answer just shown
        self.save()

    def _show_errors(self, exc: ValidationFailed) -> None:
        texts = [error_text(error) for error in exc.errors]  # "Line 1, Ship date: …" as the form labels it
        self.error.setText("\n".join(texts))
        self.error.setVisible(bool(texts))

    def _saved(self, order: OrderOut) -> None:
        self.order_confirmed.emit(order.id)
        self.accept()
