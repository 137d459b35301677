"""A partner's scorecard: standing and trend, KPIs against the SLA, how the score is made, charts, quality."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from microfactory_desk.ui import theme
from microfactory_desk.ui.dialogs.button_style import unify_buttons
from microfactory_desk.ui.screen_fit import fit_to_screen, scrolling, set_wrapping_text
from microfactory_desk.ui.table_models.dict_rows_model import DictRowsModel, Row

if TYPE_CHECKING:
    from microfactory_desk.schemas.scorecard import CriterionResult, KpiLine, PartnerScorecard

KPI_COLUMNS = [("name", "KPI"), ("value", "This period"), ("target", "SLA target"), ("status", "Against SLA")]
CRITERIA_COLUMNS = [("label", "Criterion"), ("weight", "Weight"), ("result", "Result"), ("adds", "Adds to score")]
DELIVERY_COLUMNS = [
    ("reference", "Delivery"), ("order", "Order"), ("requested", "Requested"), ("promised", "Promised arrival"),
    ("arrived", "Arrived"), ("verdict", "On time"), ("basis", "How the promise was made"),
]  # fmt: skip


def _number(value: float | None) -> str:
    return "no data" if value is None else f"{value:.1f}"


def _table(model: DictRowsModel, widths: tuple[int, ...]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().hide()
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def _judgement(line: KpiLine) -> str:
    """What the "Against SLA" column says: met / breached / no data / too little data where the SLA sets a target;
    nothing where it sets none, as the value already says "none" or "none due" (no "none due" next to "no data")."""
    return "" if line.status == "info" or not line.target else line.status


def _status_colour(_role: int, row: Row, key: str) -> Any:
    if key == "status" and _role == Qt.ItemDataRole.ForegroundRole:
        colour = theme.SLA_STATUS_COLOURS.get(str(row.get("status")))
        return theme.colour(colour) if colour else None
    return None


def explain(criterion: CriterionResult) -> str:
    """One criterion in words: its inputs, the formula with the numbers, the result and what it adds."""
    lines = [criterion.label, ""]
    lines += [f"  {name}: {value}" for name, value in criterion.inputs]
    lines += ["", f"Formula: {criterion.formula}"]
    if criterion.has_data and criterion.effective_weight is not None:
        lines.append(
            f"Weight {criterion.weight} % (counts {criterion.effective_weight:.1f} % after re-weighting) × "
            f"{criterion.result:.1f} = {criterion.contribution:.1f} points"
        )
    else:
        why = "too little data" if criterion.formula.startswith("Too little data") else "no data"
        lines.append(f"Left out: {why}. Its weight ({criterion.weight} %) goes to the other criteria in proportion.")
    return "\n".join(lines)


class ScorecardDialog(QDialog):
    """Shows one computed scorecard; nothing here writes to the database.

    `save_pdf`, when given, is called with the card on screen and the audience ("partner" or "internal") to save it
    as PDF (the card as computed, not again).
    """

    def __init__(
        self,
        card: PartnerScorecard,
        parent: QWidget | None = None,
        *,
        save_pdf: Callable[[PartnerScorecard, str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.card = card
        self.setWindowTitle(f"Scorecard · {card.name} · {card.period}")
        fit_to_screen(self, 1040, 720, parent)
        layout = QVBoxLayout(self)
        layout.addLayout(self._header())
        self.tabs = QTabWidget()
        self.tabs.addTab(self._kpis(), "KPIs")
        self.tabs.addTab(self._explanation(), "How the score is made")
        self.tabs.addTab(scrolling(self._charts()), "Charts")  # charts scroll on a 720-pixel screen
        self.tabs.addTab(self._quality(), "Inspections and actions")
        if card.notes:
            self.tabs.addTab(self._notes(), "Internal notes")
        layout.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.addButton("PDF for the partner…", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setToolTip("Save this scorecard as PDF without internal notes, to share with the partner")
        self.internal_button = buttons.addButton("Internal PDF…", QDialogButtonBox.ButtonRole.ActionRole)
        self.internal_button.setToolTip("Save this scorecard as PDF with the internal negotiation notes")
        for button, audience in ((self.save_button, "partner"), (self.internal_button, "internal")):
            button.setVisible(save_pdf is not None)
            if save_pdf is not None:
                button.clicked.connect(lambda _checked=False, a=audience: save_pdf(self.card, a))
        layout.addWidget(buttons)
        unify_buttons(self)

    def _header(self) -> QHBoxLayout:
        card, result = self.card, self.card.result
        row = QHBoxLayout()
        left = QVBoxLayout()
        name, details, sla = QLabel(), QLabel(), QLabel()
        for widget in (name, details, sla):
            widget.setTextFormat(Qt.TextFormat.PlainText)
            left.addWidget(widget)
        # Wrapped, so a long name or region never widens the card past the screen (it grew to 2,433 px).
        set_wrapping_text(name, card.name)
        theme.title(name, 16)
        set_wrapping_text(
            details,
            f"{card.code} · {card.stage.title()} · {card.region or 'no region'} · {card.period} "
            f"({card.period_start} to {card.period_end})",
        )
        theme.muted(details)
        set_wrapping_text(sla, card.sla_summary)
        theme.muted(sla)
        row.addLayout(left, 1)
        right = QVBoxLayout()
        colour = theme.STANDING_COLOURS.get(result.standing.value, theme.MUTED) if result.standing else theme.MUTED
        self.score_label = QLabel(_number(result.score))
        theme.title(self.score_label, 26)
        self.score_label.setStyleSheet(f"color: {colour};")
        self.standing_label = QLabel(result.standing_text.upper())
        self.standing_label.setStyleSheet(f"color: {colour}; font-weight: bold;")
        trend = "No earlier score to compare with"
        if card.previous_score is not None and result.score is not None:
            trend = f"{result.score - card.previous_score:+.1f} against the previous period ({card.previous_score:.1f})"
        trend_label = QLabel(trend)
        theme.muted(trend_label)
        breaches = QLabel("Breaches:\n" + "\n".join(result.breaches) if result.breaches else "No SLA breach")
        breaches.setTextFormat(Qt.TextFormat.PlainText)
        breaches.setWordWrap(True)
        breaches.setMaximumWidth(520)
        self.breaches_label = breaches
        if result.breaches:
            theme.error(breaches)
        for widget in (self.score_label, self.standing_label, trend_label, breaches):
            widget.setAlignment(Qt.AlignmentFlag.AlignRight)
            right.addWidget(widget)
        row.addLayout(right)
        return row

    def _kpis(self) -> QWidget:
        self.kpi_model = DictRowsModel(KPI_COLUMNS, decorate=_status_colour)
        self.kpi_model.set_rows([{"name": k.name, "value": k.value, "target": k.target, "status": _judgement(k)}
                                 for k in self.card.kpi_lines])  # fmt: skip
        return _table(self.kpi_model, (220, 340, 160))

    def _explanation(self) -> QWidget:
        result = self.card.result
        self.criteria_model = DictRowsModel(CRITERIA_COLUMNS)
        rows = []
        for c in result.criteria:
            weight = f"{c.weight} %"
            if c.effective_weight is not None and abs(c.effective_weight - c.weight) > 0.05:
                weight += f" → {c.effective_weight:.1f} %"
            rows.append({"label": c.label, "weight": weight if c.has_data else f"{c.weight} % (left out)",
                         "result": _number(c.result), "adds": _number(c.contribution)})  # fmt: skip
        self.criteria_model.set_rows(rows)
        self.criteria_view = _table(self.criteria_model, (200, 160, 90))
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.criteria_view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_criterion(current.row())
        )
        summary = QLabel(result.explanation)
        summary.setWordWrap(True)
        summary.setTextFormat(Qt.TextFormat.PlainText)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.criteria_view)
        splitter.addWidget(self.detail)
        splitter.addWidget(self._deliveries())
        splitter.setSizes([175, 210, 165])  # all four criteria visible without scrolling
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(summary)
        layout.addWidget(splitter, 1)
        self.criteria_view.selectRow(0)
        self._show_criterion(0)
        return page

    def _deliveries(self) -> QWidget:
        """Each delivery of the period: requested, promised arrival (and how it was made), actual arrival."""
        self.deliveries_model = DictRowsModel(DELIVERY_COLUMNS)
        verdicts = {True: "on time", False: "late", None: "no promise"}
        self.deliveries_model.set_rows([{
            "reference": d.reference, "order": d.order_number, "requested": str(d.requested_on or ""),
            "promised": str(d.promised_on or ""), "arrived": str(d.received_on), "verdict": verdicts[d.on_time],
            "basis": d.promise_basis} for d in self.card.deliveries])  # fmt: skip
        view = _table(self.deliveries_model, (110, 110, 90, 110, 90, 80))
        if not self.card.deliveries:
            empty = QLabel("No delivery received in this period.")
            theme.muted(empty)
            return empty
        return view

    def _show_criterion(self, row: int) -> None:
        criteria = self.card.result.criteria
        if 0 <= row < len(criteria):
            self.detail.setPlainText(explain(criteria[row]))

    def _charts(self) -> QWidget:
        from microfactory_desk.ui.widgets.scorecard_charts import lead_time_view, rates_view, score_view

        page = QWidget()
        grid = QGridLayout(page)
        history = list(self.card.history)
        self.lead_chart = lead_time_view(list(self.card.lead_points))
        grid.addWidget(self.lead_chart, 0, 0, 1, 2)
        grid.addWidget(rates_view(history), 1, 0)
        grid.addWidget(score_view(history), 1, 1)
        return page

    def _quality(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        inspections = DictRowsModel(
            [
                ("number", "Inspection"),
                ("date", "Date"),
                ("template", "Checklist"),
                ("score", "Score"),
                ("outcome", "Outcome"),
            ],
        )
        inspections.set_rows([{"number": i.number, "date": i.inspected_on.isoformat(), "template": i.template,
                               "score": _number(i.score_pct), "outcome": i.outcome} for i in self.card.inspections])  # fmt: skip
        actions = DictRowsModel(
            [("number", "Action"), ("due", "Due"), ("status", "Status"), ("owner", "Owner"), ("what", "What")],
        )
        actions.set_rows([{"number": a.number, "due": a.due_on.isoformat() if a.due_on else "",
                           "status": ("overdue · " if a.overdue else "") + a.status.replace("_", " "), "owner": a.owner,
                           "what": " ".join(a.description.split())} for a in self.card.actions])  # fmt: skip
        for title, model, widths, empty in (
            ("Inspections in the period", inspections, (130, 100, 260, 80), "none finished in this period"),
            ("Open corrective actions", actions, (130, 100, 160, 140), "none open"),
        ):
            label = QLabel(title if model.rowCount() else f"{title}: {empty}.")
            theme.caption(label)
            layout.addWidget(label)
            if model.rowCount():
                layout.addWidget(_table(model, widths), 1)
        layout.addStretch(0)
        return page

    def _notes(self) -> QWidget:
        text = QPlainTextEdit()
        text.setReadOnly(True)
        text.setPlainText(
            "\n\n".join(f"{n.title}{' · ' + n.when if n.when else ''}\n{n.text}" for n in self.card.notes)
        )
        return text
