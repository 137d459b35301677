"""One pilot in detail: figures and decision, customer feedback, daily sales with the sell-through chart, orders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from microfactory_desk import clock
from microfactory_desk.ui import theme
from microfactory_desk.ui.error_hook import show_failure
from microfactory_desk.ui.table_models.dict_rows_model import DictRowsModel
from microfactory_desk.ui.tasks import run_task
from microfactory_desk.ui.widgets.date_edit import DateEdit
from microfactory_desk.ui.widgets.pilot_orders import PilotOrdersWidget
from microfactory_desk.ui.widgets.read_only_table import table
from microfactory_desk.wording import counted

if TYPE_CHECKING:
    from microfactory_desk.schemas.pilot_rows import PilotDetail
    from microfactory_desk.services.pilots.service import PilotService
    from microfactory_desk.ui.widgets.sell_through_chart import SellThroughChart

FEEDBACK_COLUMNS = [("received_on", "Date"), ("channel", "Channel"), ("rating", "Rating"), ("text", "What they said")]
SALES_COLUMNS = [("sold_on", "Day"), ("sold", "Sold"), ("returned", "Returned"), ("sell_through", "Sell-through")]
CHANNELS = (
    ("In store", "in_store"),
    ("Online", "online"),
    ("Social", "social"),
    ("Event", "event"),
    ("Email", "email"),
)
DECISIONS = (("Scale up", "scale_up"), ("Iterate", "iterate"), ("Stop", "stop"))


def _pct(value: float | None) -> str:
    return "no data" if value is None else f"{value:.1f} %"


class PilotDetailWidget(QTabWidget):
    """Tabs for the selected pilot; every change goes through the service and emits pilot_changed."""

    pilot_changed = Signal(int)
    edit_requested = Signal(int)
    pilot_deleted = Signal(int)

    def __init__(self, pilots: Callable[[], PilotService], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pilots = pilots
        self.detail: PilotDetail | None = None
        self.chart: SellThroughChart | None = None
        self.addTab(self._overview_tab(), "Overview")
        self.addTab(self._feedback_tab(), "Feedback")
        self.addTab(self._sales_tab(), "Sales")
        self.orders = PilotOrdersWidget(pilots)
        self.orders.orders_changed.connect(self._orders_changed)
        self.addTab(self.orders, "Orders")
        self.currentChanged.connect(lambda _i: self._show_chart())
        self.setEnabled(False)

    # --- building ------------------------------------------------------------------------
    def _overview_tab(self) -> QWidget:
        tab = QWidget()
        outer = QHBoxLayout(tab)
        outer.setSpacing(24)
        layout = QVBoxLayout()
        outer.addLayout(layout, 1)
        self.heading = QLabel("Select a pilot")
        theme.title(self.heading, 13)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        figures_box = QWidget()
        figures_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.figures = QFormLayout(figures_box)
        self.figures.setContentsMargins(0, 6, 0, 6)
        self.figure_labels: dict[str, QLabel] = {}
        for key, caption in (
            ("market", "Micro-market"),
            ("dates", "Dates"),
            ("units", "Planned / made / shipped"),
            ("sold", "Sold / returned"),
            ("sell_through", "Sell-through"),
            ("return_rate", "Return rate"),
            ("rating", "Average rating"),
            ("sell_out", "Days to sell out"),
            ("revenue", "Net revenue"),
        ):
            label = QLabel()
            label.setTextInteractionFlags(label.textInteractionFlags())
            self.figure_labels[key] = label
            self.figures.addRow(caption, label)
        layout.addWidget(figures_box)
        self.edit_button = QPushButton("Edit pilot…")
        self.edit_button.clicked.connect(self._edit)
        self.delete_button = QPushButton("Delete pilot…")
        self.delete_button.clicked.connect(self.delete_pilot)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        box = QGroupBox("Decision")
        form = QFormLayout(box)
        self.decision = QComboBox()
        self.decision.addItem("Undecided", None)
        for text, value in DECISIONS:
            self.decision.addItem(text, value)
        self.decision_reason = QLineEdit()
        self.decision_reason.setPlaceholderText("Why (required)")
        self.decided_on = DateEdit()
        self.decide_button = QPushButton("Record decision")
        self.decide_button.clicked.connect(self.record_decision)
        self.decision_error = QLabel()
        theme.error(self.decision_error)
        self.decision_error.setWordWrap(True)
        self.decision_error.hide()
        form.addRow("Decision", self.decision)
        form.addRow("Reason", self.decision_reason)
        form.addRow("Decided on", self.decided_on)
        form.addRow("", self.decide_button)
        form.addRow("", self.decision_error)
        self.decide_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        side = QVBoxLayout()
        side.addWidget(box)
        side.addStretch(1)
        outer.addLayout(side, 1)
        return tab

    def _feedback_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        entry = QHBoxLayout()
        self.feedback_date = DateEdit()
        self.feedback_date.setMaximumWidth(150)
        self.feedback_channel = QComboBox()
        for text, value in CHANNELS:
            self.feedback_channel.addItem(text, value)
        self.feedback_rating = QComboBox()
        self.feedback_rating.addItem("No rating", None)
        for stars in range(5, 0, -1):
            self.feedback_rating.addItem(f"{stars} of 5", stars)
        self.feedback_text = QLineEdit()
        self.feedback_text.setPlaceholderText("What the customer said")
        self.feedback_button = QPushButton("Add feedback")
        self.feedback_button.clicked.connect(self.add_feedback)
        for widget in (self.feedback_date, self.feedback_channel, self.feedback_rating):
            entry.addWidget(widget)
        entry.addWidget(self.feedback_text, 1)
        entry.addWidget(self.feedback_button)
        layout.addLayout(entry)
        self.feedback_error = QLabel()
        theme.error(self.feedback_error)
        self.feedback_error.setWordWrap(True)
        self.feedback_error.hide()
        layout.addWidget(self.feedback_error)
        self.feedback_model = DictRowsModel(FEEDBACK_COLUMNS)
        self.feedback_view = table(self.feedback_model, (90, 80, 70))
        layout.addWidget(self.feedback_view, 1)
        self.remove_feedback_button = QPushButton("Remove selected feedback")
        self.remove_feedback_button.clicked.connect(self.remove_feedback)
        layout.addWidget(self.remove_feedback_button, 0, Qt.AlignmentFlag.AlignRight)
        return tab

    def _sales_tab(self) -> QWidget:
        tab = QWidget()
        self.sales_layout = QVBoxLayout(tab)
        entry = QHBoxLayout()
        self.sales_date = DateEdit()
        self.sales_date.setMaximumWidth(150)
        self.sales_sold = QSpinBox()
        self.sales_sold.setRange(0, 1_000_000)
        self.sales_sold.setPrefix("sold ")
        self.sales_returned = QSpinBox()
        self.sales_returned.setRange(0, 1_000_000)
        self.sales_returned.setPrefix("returned ")
        self.sales_button = QPushButton("Add day")
        self.sales_button.clicked.connect(self.add_sales)
        for widget in (self.sales_date, self.sales_sold, self.sales_returned, self.sales_button):
            entry.addWidget(widget)
        entry.addStretch(1)
        self.sales_layout.addLayout(entry)
        self.sales_error = QLabel()
        theme.error(self.sales_error)
        self.sales_error.setWordWrap(True)
        self.sales_error.hide()
        self.sales_layout.addWidget(self.sales_error)
        self.sales_model = DictRowsModel(SALES_COLUMNS)
        self.sales_view = table(self.sales_model, (100, 70, 80))
        # Shares the height with the chart above it: the days are what is checked and corrected (review defect 34).
        self.sales_view.setMinimumHeight(150)
        self.sales_layout.addWidget(self.sales_view, 1)
        self.remove_sales_button = QPushButton("Remove selected day")
        self.remove_sales_button.clicked.connect(self.remove_sales)
        self.sales_layout.addWidget(self.remove_sales_button, 0, Qt.AlignmentFlag.AlignRight)
        return tab

    def _orders_changed(self, pilot_id: int) -> None:
        self.pilot_changed.emit(pilot_id)
        self.load(pilot_id)

    def _edit(self) -> None:
        if self.detail is not None:
            self.edit_requested.emit(self.detail.pilot.id)

    # --- showing -------------------------------------------------------------------------
    def load(self, pilot_id: int | None) -> None:
        """Load a pilot's detail off the GUI thread (None clears the panel)."""
        if pilot_id is None:
            self.detail = None
            self.setEnabled(False)
            self.heading.setText("Select a pilot")
            return
        # The provider is called on the worker: building the service imports the ORM, never on the GUI thread.
        pilots, today = self._pilots, clock.today()
        run_task(lambda: pilots().detail(pilot_id, today), self.show_detail)

    def show_detail(self, detail: PilotDetail) -> None:
        """Fill every tab."""
        self.detail = detail
        self.setEnabled(True)
        p = detail.pilot
        self.heading.setText(f"{p.number} · {p.sku_code} {p.sku_name}\n{p.partner_name} ({p.partner_code})")
        rating = (
            "no data" if p.average_rating is None else f"{p.average_rating:.1f} / 5 from {counted(p.ratings, 'rating')}"
        )
        texts = {
            "market": f"{p.market_name} · {p.market_region or '—'} · {p.market_kind.replace('_', ' ')}",
            "dates": f"{p.starts_on or '?'} – {p.ends_on or '?'}",
            "units": f"{p.units_planned} / {p.units_made} / {p.units_shipped}",
            "sold": f"{p.units_sold} / {p.units_returned}",
            "sell_through": _pct(p.sell_through_pct),
            "return_rate": _pct(p.return_rate_pct),
            "rating": rating,
            "sell_out": "no data" if p.days_to_sell_out is None else counted(p.days_to_sell_out, "day"),
            "revenue": "no data" if p.revenue is None else f"{p.revenue:,.2f} {p.currency}",
        }
        for key, text in texts.items():
            self.figure_labels[key].setText(text)
        self.decision.setCurrentIndex(max(self.decision.findData(p.decision), 0))
        self.decision_reason.setText(p.decision_reason)
        self.decision_reason.setCursorPosition(0)  # show the start of a long reason, not its end
        self.decided_on.setText((p.decided_on or clock.today()).isoformat())
        self.decision_error.hide()
        today = clock.today().isoformat()
        self.feedback_date.setText(self.feedback_date.text() or today)
        self.sales_date.setText(self.sales_date.text() or today)
        self.feedback_model.set_rows(
            [
                {"received_on": f.received_on.isoformat(), "channel": f.channel.replace("_", " "), "text": f.text}
                | {"rating": "" if f.rating is None else "★" * f.rating + "☆" * (5 - f.rating), "id": f.id}
                for f in detail.feedback
            ]
        )
        self.sales_model.set_rows(
            [
                {"sold_on": s.sold_on.isoformat(), "sold": str(s.sold), "returned": str(s.returned)}
                | {"sell_through": _pct(s.sell_through_pct), "id": s.id}
                for s in reversed(detail.sales)
            ]
        )
        self.orders.show_orders(detail)
        self._show_chart()

    def _show_chart(self) -> None:
        """Build the chart the first time the Sales tab is shown (QtCharts loads only then)."""
        if self.detail is None or self.currentIndex() != 2:
            return
        if self.chart is None:
            from microfactory_desk.ui.widgets.sell_through_chart import SellThroughChart

            self.chart = SellThroughChart()
            self.sales_layout.insertWidget(0, self.chart, 1)
        points: list[tuple[dt.date | int, float]] = [
            (s.sold_on, s.sell_through_pct) for s in self.detail.sales if s.sell_through_pct is not None
        ]
        title = "Sell-through over time" if points else "Sell-through over time: no daily sales yet"
        self.chart.set_curves([(self.detail.pilot.number, points)] if points else [], title)

    # --- changes -------------------------------------------------------------------------
    def _run(self, work: Callable[[], Any], error_label: QLabel, after: Callable[[], None] | None = None) -> None:
        """Run a change off the GUI thread; its refusal shows in `error_label`, what was typed stays."""
        if self.detail is None:
            return
        pilot_id = self.detail.pilot.id

        def done(_result: object) -> None:
            error_label.hide()
            if after is not None:
                after()
            self.pilot_changed.emit(pilot_id)
            self.load(pilot_id)

        def refused(text: str) -> None:
            error_label.setText(text)
            error_label.show()

        def failed(exc: BaseException) -> None:
            show_failure(exc, self, inline=refused)

        run_task(work, done, failed)

    def record_decision(self) -> None:
        """Store the chosen decision (Undecided clears it)."""
        assert self.detail is not None
        pilots, pilot_id = self._pilots(), self.detail.pilot.id
        values = {"decision": self.decision.currentData(), "reason": self.decision_reason.text()}
        values["decided_on"] = self.decided_on.value()

        def work() -> None:
            from microfactory_desk.schemas.fields import validate
            from microfactory_desk.schemas.pilot import DecisionIn

            pilots.decide(pilot_id, validate(DecisionIn, values) if values["decision"] else None)

        self._run(work, self.decision_error)

    def add_feedback(self) -> None:
        """Log the feedback typed in the entry row."""
        assert self.detail is not None
        pilots, pilot_id = self._pilots(), self.detail.pilot.id
        values = {"received_on": self.feedback_date.value(), "channel": self.feedback_channel.currentData()}
        values |= {"rating": self.feedback_rating.currentData(), "text": self.feedback_text.text()}

        def work() -> None:
            from microfactory_desk.schemas.fields import validate
            from microfactory_desk.schemas.pilot import FeedbackIn

            pilots.add_feedback(pilot_id, validate(FeedbackIn, values))

        self._run(work, self.feedback_error, self.feedback_text.clear)

    def add_sales(self) -> None:
        """Record the day's sales typed in the entry row."""
        assert self.detail is not None
        pilots, pilot_id = self._pilots(), self.detail.pilot.id
        values = {"sold_on": self.sales_date.value(), "sold": self.sales_sold.value()}
        values["returned"] = self.sales_returned.value()

        def work() -> None:
            from microfactory_desk.schemas.fields import validate
            from microfactory_desk.schemas.pilot import SalesIn

            pilots.add_sales(pilot_id, validate(SalesIn, values))

        self._run(work, self.sales_error)

    def _selected_id(self, view: QTableView, model: DictRowsModel) -> int | None:
        index = view.currentIndex()
        return int(model.rows()[index.row()]["id"]) if index.isValid() else None

    def remove_feedback(self) -> None:
        """Delete the selected feedback entry."""
        entry_id, pilots = self._selected_id(self.feedback_view, self.feedback_model), self._pilots()
        if entry_id is not None:
            self._run(lambda: pilots.delete_feedback(entry_id), self.feedback_error)

    def remove_sales(self) -> None:
        """Delete the selected day of sales (the totals follow)."""
        entry_id, pilots = self._selected_id(self.sales_view, self.sales_model), self._pilots()
        if entry_id is not None:
            self._run(lambda: pilots.delete_sales(entry_id), self.sales_error)

    def delete_pilot(self) -> None:
        """Delete the pilot with its feedback and sales, after asking; its orders stay, untied."""
        from microfactory_desk.ui.dialogs import messages

        if self.detail is None:
            return
        pilot = self.detail.pilot
        text = f"Delete pilot {pilot.number} with its feedback and daily sales? Orders tied to it are kept."
        if not messages.confirm(self, "Delete pilot", text):
            return
        pilots = self._pilots()
        run_task(lambda: pilots.delete_pilot(pilot.id), lambda _r: self.pilot_deleted.emit(pilot.id))
