"""Sell-through over time as a line chart (QtCharts, imported only when a chart is first shown)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QDate, QDateTime, QMargins, Qt, QTime
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QWidget

from microfactory_desk.ui import theme

# (label, [(day, percent)]); a day is a date, or a day number of the pilot when curves of pilots run at
# different times are laid over each other.
Curve = tuple[str, list[tuple[dt.date | int, float]]]


def _ms(day: dt.date | int) -> float:
    if isinstance(day, int):
        return float(day)
    return float(QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0)).toMSecsSinceEpoch())


class SellThroughChart(QChartView):
    """One line per pilot: the share of shipped units sold by each day, 0-100 %."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(200)
        self.set_curves([])

    def set_curves(self, curves: list[Curve], title: str = "Sell-through over time") -> None:
        """Replace the lines; a curve is (label, [(day, percent)])."""
        chart = QChart()
        chart.setTitle(title)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setVisible(len(curves) > 1)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        days = [day for _, points in curves for day, _ in points]
        by_number = any(isinstance(day, int) for day in days)
        x_axis: QDateTimeAxis | QValueAxis
        if by_number:
            x_axis = QValueAxis()
            x_axis.setLabelFormat("%d")
            x_axis.setTitleText("Day of the pilot")
        else:
            x_axis = QDateTimeAxis()
            x_axis.setFormat("d MMM")
        y_axis = QValueAxis()
        y_axis.setRange(0, 100)
        y_axis.setLabelFormat("%d %%")
        y_axis.setTickCount(6)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        if days and isinstance(x_axis, QValueAxis):
            last_day = max(1, *(int(d) for d in days if isinstance(d, int)))
            x_axis.setRange(0, last_day)
            x_axis.setTickType(QValueAxis.TickType.TicksDynamic)
            x_axis.setTickAnchor(0)
            x_axis.setTickInterval(max(1, -(-last_day // 7)))  # whole days, at most about eight labels
        elif days:
            dates = [d for d in days if isinstance(d, dt.date)]
            first, last = min(dates), max(dates)
            if first == last:
                first -= dt.timedelta(days=1)
            date_axis = x_axis
            assert isinstance(date_axis, QDateTimeAxis)
            date_axis.setRange(
                QDateTime.fromMSecsSinceEpoch(int(_ms(first))), QDateTime.fromMSecsSinceEpoch(int(_ms(last)))
            )
            date_axis.setTickCount(min(8, max(2, (last - first).days + 1)))
        for i, (label, points) in enumerate(curves):
            series = QLineSeries()
            series.setName(label)
            series.setPen(QPen(theme.colour(theme.SERIES[i % len(theme.SERIES)]), 2.5))
            for day, value in points:
                series.append(_ms(day), value)
            chart.addSeries(series)
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
        self.setChart(chart)
        self.curves = curves
