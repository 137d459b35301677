"""The order editor: header fields, a line table with a SKU picker, live tier prices and inline warnings."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from microfactory_desk.errors import FieldError, ValidationFailed
from microfactory_desk.schemas.field_labels import error_text
from microfactory_desk.schemas.order_vocab import OrderStatus
from microfactory_desk.schemas.orders import OrderIn, OrderOut, SkuRow, validate_order
from microfactory_desk.schemas.vocab import label
from microfactory_desk.ui import theme
from microfactory_desk.ui.dialogs.edit_guard import EditorDialog
from microfactory_desk.ui.dialogs.form_errors import OnStale, reloaded_text, report_save_failure, save_form
from microfactory_desk.ui.table_models.order_lines_model import (
    COL_OVERRIDE,
    COL_WARNINGS,
    OrderLinesModel,
    line_row,
)
from microfactory_desk.ui.tasks import SearchLoader
from microfactory_desk.ui.widgets.history_tab import HistoryTab
from microfactory_desk.ui.widgets.order_header import OrderHeader
from microfactory_desk.ui.widgets.order_line_table import order_line_table
from microfactory_desk.ui.widgets.sku_line_picker import SkuLinePicker
from microfactory_desk.wording import counted

if TYPE_CHECKING:
    from microfactory_desk.schemas.orders import LineQuote
    from microfactory_desk.schemas.roster_rows import PartnerChoice
    from microfactory_desk.services.orders.service import OrderService
    from microfactory_desk.services.telemetry.deliveries import TelemetryService

QUOTE_DELAY_MS = 250


class OrderDialog(EditorDialog):
    """Writes a new draft or edits one; sent orders open read-only with their confirmation."""

    order_saved = Signal(int)

    def __init__(
        self,
        orders: OrderService,
        *,
        detail: OrderOut | None,
        partners: list[PartnerChoice],
        skus: list[SkuRow],
        partner_code: str = "",
        parent: QWidget | None = None,
        telemetry: TelemetryService | None = None,
    ) -> None:
        super().__init__(parent)
        self._orders = orders
        self._telemetry = telemetry
        self.detail = detail
        self._create_key = str(
            uuid.uuid4()
        )  # chosen before the first attempt: a retried create after a lost reply finds it
        self._skus = {s.code: s for s in skus}
        self.lines = OrderLinesModel()
        self.lines.currency = detail.currency if detail else "EUR"
        self.lines.read_only = detail is not None and detail.status != OrderStatus.DRAFT
        # Edits in a burst price the lines once, and only the newest quote is shown.
        self._quotes = SearchLoader(self, self.requote, delay_ms=QUOTE_DELAY_MS)
        self.setWindowTitle(f"Order {detail.number}" if detail else "New order")
        self.resize(1180, 700)
        self._build(partners, skus)
        self._load(detail)
        if detail is None and partner_code:
            self.partner.choose(code=partner_code)
        self.lines.edited.connect(self._quotes.typed)

    # --- building ------------------------------------------------------------------------
    def _build(self, partners: list[PartnerChoice], skus: list[SkuRow]) -> None:
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        theme.title(self.heading, 15)
        layout.addWidget(self.heading)
        self.status_label = QLabel()
        theme.muted(self.status_label)
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)

        page = QWidget()  # the "Order" tab: header, line picker, lines (and deliveries of a sent order)
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(8, 8, 8, 8)
        self.header = OrderHeader(partners)
        header = self.header
        self.partner, self.partner_warning, self.order_date = header.partner, header.partner_warning, header.order_date
        self.requested_on, self.destination_name = header.requested_on, header.destination_name
        self.destination_type, self.destination_address = header.destination_type, header.destination_address
        self.shipping_mode, self.currency, self.notes = header.shipping_mode, header.currency, header.notes
        self.editors = header.editors
        page_layout.addWidget(header)
        for editor in (self.order_date, self.currency):
            editor.textChanged.connect(self._quotes.typed)
        self.partner.partner_changed.connect(self._partner_changed)

        self.picker_row = SkuLinePicker(skus)
        self.sku_picker, self.quantity = self.picker_row.sku, self.picker_row.quantity
        self.add_button, self.remove_button = self.picker_row.add_button, self.picker_row.remove_button
        self.picker_row.add_requested.connect(self._add_sku)
        self.picker_row.not_found.connect(
            lambda text: self._show_errors([f"SKU: pick one from the catalogue ({text!r} is not in it)"])
        )
        self.picker_row.remove_requested.connect(self.remove_line)
        page_layout.addWidget(self.picker_row)

        self.table = order_line_table(self.lines)
        page_layout.addWidget(self.table, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(page, "Order")
        self.changes: HistoryTab | None = None  # a stored order's History tab (see _add_history)
        layout.addWidget(self.tabs, 1)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        theme.error(self.error_label)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QHBoxLayout()
        self.hint = QLabel("Double-click (or F2 on) a quantity, override price or note to change it; Ctrl+Enter saves.")
        theme.muted(self.hint)
        buttons.addWidget(self.hint, 1)
        self.save_button = QPushButton("Save draft")
        theme.primary(self.save_button)
        self.save_button.clicked.connect(self.save)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        QWidget.setTabOrder(close, self.save_button)  # Tab follows the buttons as they are laid out
        # Shortcuts, not keyPressEvent: a focused button or note box took Ctrl+Enter for itself.
        for keys in (QKeySequence.StandardKey.Save, "Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)

    def _load(self, detail: OrderOut | None) -> None:
        if detail is None:
            self.heading.setText("New order")
            self.status_label.setText("A draft until it is sent; prices come from the partner's SLA on the order date.")
            self._show_summary()
            return
        self.heading.setText(f"{detail.number} · {label(detail.status.value)}")
        self._add_history(detail)
        self.partner.choose(code=detail.partner_code)
        self.order_date.setText(detail.order_date.isoformat())
        self.requested_on.setText(detail.requested_on.isoformat() if detail.requested_on else "")
        self.destination_name.setText(detail.destination_name)
        self.destination_type.setCurrentIndex(self.destination_type.findData(detail.destination_type.value))
        self.destination_address.setText(detail.destination_address)
        self.shipping_mode.setCurrentIndex(self.shipping_mode.findData(detail.shipping_mode.value))
        self.currency.setText(detail.currency)
        self.notes.setPlainText(detail.notes)
        self.lines.set_rows([line_row(line) for line in detail.lines])
        history = " → ".join(f"{label(h.to_status)} {h.changed_at:%Y-%m-%d}" for h in detail.history)
        extra = f" · Cancelled: {detail.cancel_reason}" if detail.cancel_reason else ""
        # "Status", not "History": the History tab lists every change; this line is the way through the statuses.
        self.status_label.setText(f"Status: {history}{extra}")
        if self.lines.read_only:
            for editor in self.editors.values():
                editor.setEnabled(False)
            self.picker_row.hide()
            self.save_button.hide()
            # Sent lines keep their price; what matters now is what the partner confirmed.
            for column in (COL_WARNINGS, COL_OVERRIDE):
                self.table.hideColumn(column)
            self.hint.setText(
                "Sent orders are read-only; the partner's answer comes from the returned sheet or is typed in below."
            )
            if self._telemetry is not None and detail.status != OrderStatus.CANCELLED:
                self._add_deliveries(detail)
        else:
            self._quotes.typed()  # stored lines get their warnings back
        self._show_summary()

    def _partner_changed(self, partner: PartnerChoice | None) -> None:
        """Warn before ordering from a partner not yet (or no longer) cleared to deliver, then reprice."""
        cleared = partner is None or partner.stage in ("approved", "pilot")
        if not cleared and partner is not None:
            self.partner_warning.setText(
                f"{partner.name} is at stage {label(partner.stage)}: orders normally go to Approved or Pilot partners."
            )
        self.partner_warning.setVisible(not cleared)
        self._quotes.typed()

    def _add_deliveries(self, detail: OrderOut) -> None:
        """The partner's answer and the deliveries under the lines (sent orders only)."""
        from microfactory_desk.ui.widgets.order_deliveries import OrderDeliveriesWidget

        assert self._telemetry is not None
        self.deliveries = OrderDeliveriesWidget(self._telemetry, self._orders, detail, self)
        self.deliveries.order_changed.connect(self._followed)
        page = self.table.parentWidget()  # the "Order" tab
        assert page is not None
        layout = page.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.table) + 1, self.deliveries, 1)

    def _add_history(self, detail: OrderOut) -> None:
        """The History tab: who changed what on the order and its lines, fetched off the GUI thread."""
        orders = self._orders
        if self.changes is None:  # loading the order again (a reload) refreshes the tab
            self.changes = HistoryTab(file_stem=detail.number)
            self.tabs.addTab(self.changes, "History")
        self.changes.load(lambda: orders.order_history(detail.id))

    def _followed(self, order: OrderOut) -> None:
        """A delivery or confirmation moved the order: show its new status and let the list refresh."""
        self.detail = order
        self.heading.setText(f"{order.number} · {label(order.status.value)}")
        self.lines.set_rows([line_row(line) for line in order.lines])
        self.order_saved.emit(order.id)

    # --- lines ---------------------------------------------------------------------------
    def add_line(self) -> None:
        """Add the picked SKU with the chosen quantity."""
        self.picker_row.add()

    def _add_sku(self, code: str, quantity: int) -> None:
        sku = self._skus[code]
        self.lines.add_row({"sku_code": sku.code, "sku_name": sku.name, "quantity": quantity})
        self.table.scrollToBottom()

    def remove_line(self) -> None:
        """Remove the selected line."""
        index = self.table.currentIndex()
        if index.isValid():
            self.lines.remove_row(index.row())

    # --- quote and save --------------------------------------------------------------------
    def _data(self) -> dict[str, Any]:
        return {
            "partner_code": chosen.code if (chosen := self.partner.chosen()) else self.partner.text().strip(),
            "order_date": self.order_date.value(),
            "requested_on": self.requested_on.value() or None,
            "destination_name": self.destination_name.text(),
            "destination_type": self.destination_type.currentData(),
            "destination_address": self.destination_address.text(),
            "shipping_mode": self.shipping_mode.currentData(),
            "currency": self.currency.text(),
            "notes": self.notes.toPlainText(),
            "lines": [
                {key: row.get(key) for key in ("sku_code", "quantity", "override_price", "override_reason", "notes")}
                for row in self.lines.rows()
            ],
        }

    def requote(self) -> None:
        """Price the lines as they stand (off the GUI thread); the newest answer wins."""
        if self.lines.read_only or not self.lines.rowCount() or self.partner.chosen() is None:
            self._show_summary()
            return
        data = self._data()
        for line in data["lines"]:
            if line.get("override_price") and not str(line.get("override_reason") or "").strip():
                # Pricing needs no reason: the override shows in Unit price and Line total at once; Save asks.
                line["override_reason"] = "give a reason before saving"
        try:
            order = validate_order(data)
        except ValidationFailed as exc:
            self._show_errors(exc.errors)
            return
        orders = self._orders

        def done(quotes: list[LineQuote]) -> None:
            self.lines.currency = order.currency
            self.lines.set_quotes(quotes)
            self._show_errors([])
            self._show_summary()

        self._quotes.run(lambda: orders.quote(order), done, self._failed)

    def _show_summary(self) -> None:
        rows = self.lines.rows()
        total = sum((r["line_total"] for r in rows if r.get("line_total") is not None), start=0)
        warned = self.lines.warnings()
        unpriced = sum(1 for r in rows if "unit_price" in r and r["unit_price"] is None)
        text = f"<b>Total {total:,.2f} {self.lines.currency}</b> · {counted(len(rows), 'line')}"
        if unpriced:
            text += f" · <span style='color:{theme.ERROR}'>{unpriced} without a price (set an override)</span>"
        if warned:
            text += f" · <span style='color:{theme.AMBER}'>{warned} with warnings</span>"
        codes = [str(r.get("sku_code", "")) for r in rows]
        twice = sorted({c for c in codes if codes.count(c) > 1})
        if twice:
            # Two lines of one SKU are priced apart: neither may reach the tier their sum would.
            text += (
                f"<br><span style='color:{theme.AMBER}'>{', '.join(twice)} on more than one line: each line is "
                "priced on its own quantity; merge them into one line to reach the better tier.</span>"
            )
        self.summary.setText(text)

    def _show_errors(self, errors: Sequence[FieldError | str]) -> None:
        """Field errors named as the form labels them ("Line 1, Override reason: …"), their editors outlined."""
        texts = [error_text(e) if isinstance(e, FieldError) else e for e in errors]
        self.error_label.setText("\n".join(texts))
        self.error_label.setVisible(bool(texts))
        names = {e.field.split(".", 1)[0] for e in errors if isinstance(e, FieldError)}
        for field, editor in self.editors.items():
            theme.mark_invalid(editor, field in names)

    def _failed(self, exc: BaseException) -> None:
        report_save_failure(
            self,
            exc,
            "Order not saved",
            lambda invalid: self._show_errors(invalid.errors),
            inline=lambda text: self._show_errors([text]),
        )

    def save(self) -> None:
        """Validate and store the draft; field problems show inline and keep the dialog open."""
        if self.save_button.isHidden() or not self.save_button.isEnabled():
            return  # read-only, or a save is under way
        self.commit_typing()
        orders, detail, key = self._orders, self.detail, self._create_key

        def store(order: OrderIn) -> OrderOut:
            if detail is None:
                return orders.create_draft(order, key=key)
            # The counter this editor loaded: an order (or line) someone saved since is refused, never replaced.
            return orders.update_draft(detail.id, order, expected_version=detail.row_version)

        save_form(
            self,
            parse=lambda: validate_order(self._data()),
            store=store,
            saved=self._saved,
            button=self.save_button,
            title="Order not saved",
            show_errors=lambda invalid: self._show_errors(invalid.errors),
            inline=lambda text: self._show_errors([text]),
            on_stale=OnStale(lambda: orders.get_order(detail.id), self._reload, self._overwrite) if detail else None,
        )

    def _saved(self, saved: OrderOut) -> None:
        self.detail = saved
        self.order_saved.emit(saved.id)
        self.accept()

    def _reload(self, saved: OrderOut) -> None:
        """Show the order as someone else saved it (sent meanwhile: read-only); the typed edits are dropped."""
        self.detail = saved
        self.lines.read_only = saved.status != OrderStatus.DRAFT
        self._load(saved)
        self.edit_guard.mark_clean()
        self.status_label.setText(reloaded_text(saved.updated_by))

    def _overwrite(self, saved: OrderOut) -> None:
        self.detail = saved  # its counter: the next save replaces exactly the version just shown
        self.save()

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        """Enter inside the form does not close the dialog (the line picker takes it to add a line)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        super().keyPressEvent(event)
