"""Pilots side by side: the selected pilot against another of the same SKU, figures and sell-through curves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from microfactory_desk import clock
from microfactory_desk.ui import theme
from microfactory_desk.ui.table_models.dict_rows_model import DictRowsModel
from microfactory_desk.ui.tasks import run_task

if TYPE_CHECKING:
    from microfactory_desk.schemas.pilot_rows import PilotDetail, PilotRow
    from microfactory_desk.services.pilots.service import PilotService
    from microfactory_desk.ui.widgets.sell_through_chart import Curve, SellThroughChart


class PilotCompareWidget(QWidget):
    """Chooses a comparable pilot (same SKU: another market or another partner) and shows both."""

    def __init__(self, pilots: Callable[[], PilotService], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pilots = pilots
        self._base: PilotRow | None = None
        self._others: list[PilotRow] = []
        self.chart: SellThroughChart | None = None
        layout = QVBoxLayout(self)
        pick = QHBoxLayout()
        caption = QLabel("Compare with")
        self.other = QComboBox()
        self.other.setMinimumContentsLength(40)
        self.other.currentIndexChanged.connect(self._compare)
        pick.addWidget(caption)
        pick.addWidget(self.other, 1)
        layout.addLayout(pick)
        self.hint = QLabel()
        theme.muted(self.hint)
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.model = DictRowsModel([("what", ""), ("a", "This pilot"), ("b", "Other pilot")])
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setColumnWidth(0, 150)
        for column in (1, 2):  # two pilots share the rest equally
            self.table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(24)
        body = QHBoxLayout()
        body.addWidget(self.table, 1)
        self.chart_holder = QVBoxLayout()
        body.addLayout(self.chart_holder, 1)
        layout.addLayout(body, 1)

    def set_pilot(self, pilot: PilotRow | None) -> None:
        """Offer the pilots comparable with `pilot` (loaded off the GUI thread)."""
        self._base = pilot
        if pilot is None:
            self._fill([])
            return
        # The provider is called on the worker: building the service imports the ORM, never on the GUI thread.
        pilots, today = self._pilots, clock.today()
        run_task(lambda: pilots().comparables(pilot.id, today), self._fill)

    def _fill(self, others: list[PilotRow]) -> None:
        self._others = others
        self.other.blockSignals(True)
        self.other.clear()
        for p in others:
            self.other.addItem(f"{p.number} · {p.market_name} · {p.partner_name} ({p.partner_code})", p.id)
        self.other.blockSignals(False)
        if self._base is not None and not others:
            self.hint.setText(
                f"No other pilot of {self._base.sku_code} yet: run it in a second market or with a "
                "second partner to compare."
            )
        else:
            self.hint.setText("Same SKU: another micro-market, or another partner making it.")
        self._compare()

    def _compare(self) -> None:
        from microfactory_desk.schemas.pilot_rows import comparison_lines

        if self._base is None:
            self.model.set_rows([])
            return
        index = self.other.currentIndex()
        chosen = [self._base] + ([self._others[index]] if 0 <= index < len(self._others) else [])
        rows = [
            {"what": what, "a": values[0], "b": values[1] if len(values) > 1 else ""}
            for what, values in comparison_lines(chosen)
        ]
        self.model.set_rows(rows)
        pilots, today = self._pilots(), clock.today()
        ids = [p.id for p in chosen]
        run_task(lambda: [pilots.detail(i, today) for i in ids], self._show_curves)

    def _show_curves(self, details: list[PilotDetail]) -> None:
        if self.chart is None:
            from microfactory_desk.ui.widgets.sell_through_chart import SellThroughChart

            self.chart = SellThroughChart()
            self.chart_holder.addWidget(self.chart)
        # Days since each pilot's start, so pilots run at different times share one axis.
        curves: list[Curve] = []
        for detail in details:
            start = detail.pilot.starts_on or (detail.sales[0].sold_on if detail.sales else clock.today())
            points: list[tuple[dt.date | int, float]] = [
                ((s.sold_on - start).days, s.sell_through_pct) for s in detail.sales if s.sell_through_pct is not None
            ]
            curves.append((f"{detail.pilot.number} ({detail.pilot.partner_code})", points))
        self.chart.set_curves([c for c in curves if c[1]], "Sell-through by day of the pilot")
