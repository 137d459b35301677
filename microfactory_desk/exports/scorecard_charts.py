"""Scorecard charts drawn with reportlab graphics: lead-time distribution with the SLA bound, KPI trends."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from microfactory_desk.exports import pdf

BOUND_INK = colors.HexColor("#b42318")
SCORE_INK = colors.HexColor("#1d4ed8")
# Beyond this many distinct lead times the bars are grouped in wider bins, so labels stay readable.
MAX_BARS = 30


def _title(drawing: Drawing, text: str, width: float, height: float) -> None:
    drawing.add(String(0, height - 10, text, fontName=pdf.FONT_BOLD, fontSize=8.5, fillColor=pdf.INK))
    del width


def _empty(drawing: Drawing, width: float, height: float, text: str) -> Drawing:
    drawing.add(
        String(width / 2, height / 2, text, fontName=pdf.FONT, fontSize=8, fillColor=pdf.MUTED, textAnchor="middle")
    )
    return drawing


def lead_time_chart(
    counts: dict[int, int], bound_days: int | None, percentile: int | None, width: float, height: float
) -> Drawing:
    """Deliveries per lead time (days), with the SLA bound drawn as a red line."""
    drawing = Drawing(width, height)
    _title(drawing, "Lead time (days from order sent to received)", width, height)
    if not counts:
        return _empty(drawing, width, height, "No delivery received in this period")
    low = min(counts)
    high = max(max(counts), bound_days or 0)
    step = max(1, -(-(high - low + 1) // MAX_BARS))
    starts = list(range(low - low % step if step > 1 else low, high + 1, step))
    values = [sum(n for d, n in counts.items() if s <= d < s + step) for s in starts]
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 26, 22, width - 34, height - 44
    chart.data = [values]
    chart.bars[0].fillColor = pdf.ACCENT
    chart.bars[0].strokeColor = None
    chart.barSpacing = 1
    chart.groupSpacing = 2
    every = max(1, -(-len(starts) // 12))  # at most a dozen labels, so they never run into each other
    names = [str(s) if step == 1 else f"{s}–{s + step - 1}" for s in starts]
    chart.categoryAxis.categoryNames = [name if index % every == 0 else "" for index, name in enumerate(names)]
    chart.categoryAxis.labels.fontName = pdf.FONT
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.fillColor = pdf.MUTED
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(values) + 1
    chart.valueAxis.valueStep = max(1, (max(values) + 1) // 4)
    chart.valueAxis.labels.fontName = pdf.FONT
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.strokeColor = pdf.RULE
    chart.categoryAxis.strokeColor = pdf.RULE
    drawing.add(chart)
    if bound_days is not None:
        slot = chart.width / len(starts)
        x = chart.x + slot * ((bound_days - starts[0]) / step + 1)  # right edge of the bound's bar: within = left
        drawing.add(
            Line(x, chart.y, x, chart.y + chart.height, strokeColor=BOUND_INK, strokeWidth=1.2, strokeDashArray=[3, 2])
        )
        label = f"SLA: p{percentile or ''} ≤ {bound_days} d"
        anchor = "end" if x > chart.x + chart.width * 0.7 else "start"
        drawing.add(
            String(
                x + (-3 if anchor == "end" else 3),
                chart.y + chart.height - 8,
                label,
                fontName=pdf.FONT,
                fontSize=7,
                fillColor=BOUND_INK,
                textAnchor=anchor,
            )
        )
    drawing.add(
        String(
            width, 2, "deliveries per lead time", fontName=pdf.FONT, fontSize=6.5, fillColor=pdf.MUTED, textAnchor="end"
        )
    )
    return drawing


def trend_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None], colors.Color]],
    width: float,
    height: float,
    title: str,
) -> Drawing:
    """Lines over the recent periods (0–100 scale); periods without data leave a gap."""
    drawing = Drawing(width, height)
    _title(drawing, title, width, height)
    # A series without any value draws no line at all (reportlab refuses an empty polyline): leave it out.
    series = [entry for entry in series if any(v is not None for v in entry[1])]
    if not series:
        return _empty(drawing, width, height, "No data in the recent periods")
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 26, 22, width - 34, height - 48
    chart.data = [list(values) for _, values, _ in series]
    for index, (_, _, ink) in enumerate(series):
        chart.lines[index].strokeColor = ink
        chart.lines[index].strokeWidth = 1.5
        # Markers, so a period standing alone between gaps still shows.
        chart.lines[index].symbol = makeMarker("FilledCircle", size=3.5, fillColor=ink, strokeColor=ink)
    chart.joinedLines = 1
    chart.categoryAxis.categoryNames = list(labels)
    chart.categoryAxis.labels.fontName = pdf.FONT
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.strokeColor = pdf.RULE
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 25
    chart.valueAxis.labels.fontName = pdf.FONT
    chart.valueAxis.labels.fontSize = 6.5
    chart.valueAxis.strokeColor = pdf.RULE
    drawing.add(chart)
    x = 26.0
    for name, _, ink in series:
        drawing.add(Line(x, height - 20, x + 10, height - 20, strokeColor=ink, strokeWidth=1.5))
        drawing.add(String(x + 13, height - 22.5, name, fontName=pdf.FONT, fontSize=7, fillColor=pdf.INK))
        x += 18 + 4.2 * len(name)
    return drawing


def scorecard_trends(
    history: Sequence[tuple[str, float | None, float | None, float | None]], width: float, height: float
) -> Drawing:
    """Score, on-time rate and first-pass yield (100 − defect rate) over the recent periods."""
    labels = [h[0] for h in history]
    return trend_chart(
        labels,
        [
            ("Score", [h[3] for h in history], SCORE_INK),
            ("On time %", [h[1] for h in history], pdf.ACCENT),
            ("Defect-free %", [None if h[2] is None else max(0.0, 100 - h[2]) for h in history], BOUND_INK),
        ],
        width,
        height,
        "Trend over the recent periods",
    )
