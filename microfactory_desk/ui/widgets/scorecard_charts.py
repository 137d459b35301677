"""QtCharts views of a scorecard: lead time per delivery against the SLA bound, rates and score by period.

QtCharts is imported by this module only, which loads when a scorecard is first opened (never at start-up).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, QMargins, Qt
from PySide6.QtGui import QPainter, QPen

from microfactory_desk.ui import theme

if TYPE_CHECKING:
    from microfactory_desk.schemas.scorecard import HistoryPoint, LeadPoint


def short_label(period: str) -> str:
    """A period label short enough for a chart axis: 2026-Q3 -> Q3 '26, 2026-07 -> Jul '26."""
    year, _, rest = period.partition("-")
    if rest.startswith("Q"):
        return f"{rest} '{year[2:]}"
    if rest.isdigit() and 1 <= int(rest) <= 12:
        return f"{dt.date(2000, int(rest), 1):%b} '{year[2:]}"
    return period[:10]


def _msecs(day: dt.date) -> float:
    return float(QDateTime(day.year, day.month, day.day, 12, 0, 0).toMSecsSinceEpoch())


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def _view(chart: QChart) -> QChartView:
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(230)
    return view


def _value_axis(low: float, high: float, title: str, fmt: str = "%.0f") -> QValueAxis:
    axis = QValueAxis()
    axis.setRange(low, high)
    axis.setTitleText(title)
    axis.setLabelFormat(fmt)
    return axis


def lead_time_view(points: list[LeadPoint]) -> QChartView:
    """Each delivery's lead time (days) by date received, with the SLA bound in force drawn as a red line."""
    chart = _chart("Lead time per delivery")
    deliveries = QScatterSeries()
    deliveries.setName("Lead time (days)")
    deliveries.setMarkerSize(8)
    deliveries.setColor(theme.colour(theme.CHART_ACCENT))
    bound = QLineSeries()
    bound.setName("SLA bound")
    bound.setPen(QPen(theme.colour(theme.CHART_BOUND), 2, Qt.PenStyle.DashLine))
    for p in points:
        deliveries.append(_msecs(p.received_on), p.lead_days)
        if p.bound_days is not None:
            bound.append(_msecs(p.received_on), p.bound_days)
    chart.addSeries(deliveries)
    if bound.count():
        chart.addSeries(bound)
    x = QDateTimeAxis()
    x.setFormat("d MMM")
    y = _value_axis(0, max([p.lead_days for p in points] + [p.bound_days or 0 for p in points] + [5]) * 1.15, "days")
    if points:
        first, last = min(p.received_on for p in points), max(p.received_on for p in points)
        x.setRange(
            QDateTime.fromMSecsSinceEpoch(int(_msecs(first - dt.timedelta(days=2)))),
            QDateTime.fromMSecsSinceEpoch(int(_msecs(last + dt.timedelta(days=2)))),
        )
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    for series in chart.series():
        series.attachAxis(x)
        series.attachAxis(y)
    return _view(chart)


def rates_view(history: list[HistoryPoint]) -> QChartView:
    """On-time rate (bars) and defect rate (line, right axis) for each recent period."""
    chart = _chart("On-time and defect rate by period")
    on_time = QBarSet("On time %")
    on_time.setColor(theme.colour(theme.CHART_ACCENT))
    for h in history:
        on_time.append(h.on_time_pct if h.on_time_pct is not None else 0.0)
    bars = QBarSeries()
    bars.append(on_time)
    defects = QLineSeries()
    defects.setName("Defect rate %")
    defects.setPen(QPen(theme.colour(theme.CHART_DEFECT), 2))
    defects.setPointsVisible(True)
    for index, h in enumerate(history):
        if h.defect_pct is not None:
            defects.append(index, h.defect_pct)
    chart.addSeries(bars)
    chart.addSeries(defects)
    x = QBarCategoryAxis()
    x.append([short_label(h.period) for h in history])
    left = _value_axis(0, 100, "on time %")
    high = max([h.defect_pct or 0.0 for h in history] + [1.0]) * 1.25
    right = _value_axis(0, high, "defects %", "%.1f")
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(left, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(right, Qt.AlignmentFlag.AlignRight)
    bars.attachAxis(x)
    bars.attachAxis(left)
    defects.attachAxis(x)
    defects.attachAxis(right)
    return _view(chart)


def score_view(history: list[HistoryPoint]) -> QChartView:
    """The score over the recent periods (periods without data are skipped)."""
    chart = _chart("Score trend")
    line = QLineSeries()
    line.setName("Score")
    line.setPen(QPen(theme.colour(theme.CHART_SCORE), 2.5))
    line.setPointsVisible(True)
    for index, h in enumerate(history):
        if h.score is not None:
            line.append(index, h.score)
    chart.addSeries(line)
    x = QBarCategoryAxis()
    x.append([short_label(h.period) for h in history])
    y = _value_axis(0, 100, "score")
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    line.attachAxis(x)
    line.attachAxis(y)
    return _view(chart)
