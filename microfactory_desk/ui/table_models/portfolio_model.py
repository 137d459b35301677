"""The scorecard portfolio: one row per partner with score, standing, trend, KPIs and SLA breaches."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from microfactory_desk.ui import theme
from microfactory_desk.ui.table_models.cached_rows_model import CachedRowsModel

if TYPE_CHECKING:
    # Only for annotations: the schema module loads pydantic, which the window must not wait for.
    from microfactory_desk.schemas.scorecard import PortfolioRow

(
    COL_CODE, COL_NAME, COL_REGION, COL_STAGE, COL_SCORE, COL_STANDING, COL_TREND, COL_DELIVERIES,
    COL_ON_TIME, COL_LEAD, COL_DEFECTS, COL_INSPECTIONS, COL_OVERDUE, COL_BREACHES,
) = range(14)  # fmt: skip
HEADERS = (
    "Code", "Partner", "Region", "Stage", "Score", "Standing", "Trend", "Deliveries",
    "On time", "Lead time", "Defects", "Inspections", "Overdue CA", "SLA breaches",
)  # fmt: skip
NUMERIC = {COL_SCORE, COL_DELIVERIES, COL_ON_TIME, COL_LEAD, COL_DEFECTS, COL_INSPECTIONS, COL_OVERDUE, COL_BREACHES}
STANDING_COLOURS = {"strategic": "#166534", "approved": "#2f6f5e", "watch": "#9a6700", "exit": "#b42318"}
ARROWS = {"up": "▲", "down": "▼", "flat": "►"}
# None sorts after every number whichever way the column is sorted: "no data" never ranks first.
_LOW = float("-inf")


def _num(value: float | None, suffix: str = "", digits: int = 1) -> str:
    return "no data" if value is None else f"{value:.{digits}f}{suffix}"


def _display(r: PortfolioRow) -> tuple[str, ...]:
    trend = ""
    if r.trend is not None and r.trend_delta is not None:
        trend = f"{ARROWS[r.trend.value]} {r.trend_delta:+.1f}"
    return (
        r.code, r.name, r.region, r.stage.replace("_", " "), _num(r.score), r.standing.value if r.standing else "no data",
        trend, str(r.deliveries), _num(r.on_time_pct, " %"), _num(r.lead_median, " d", 0), _num(r.defect_pct, " %", 2),
        _num(r.inspection_avg, " %"), str(r.actions_overdue), str(r.sla_breaches),
    )  # fmt: skip


def _sort_value(r: PortfolioRow, column: int) -> Any:
    values = (
        r.code, r.name.casefold(), r.region.casefold(), r.stage, r.score, r.score, r.trend_delta, r.deliveries,
        r.on_time_pct, r.lead_median, r.defect_pct, r.inspection_avg, r.actions_overdue, r.sla_breaches,
    )  # fmt: skip
    value = values[column]
    return value if value is not None else _LOW


class PortfolioTableModel(CachedRowsModel["PortfolioRow"]):
    """Rows arrive ranked by score; header clicks re-sort the loaded rows (at most a few thousand)."""

    def __init__(self) -> None:
        super().__init__(HEADERS, _display)

    def extra(self, r: PortfolioRow, column: int, role: int, text: str) -> Any:
        """Standings and breaches coloured, "no data" muted, numbers right-aligned."""
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == COL_STANDING and r.standing is not None:
                return QColor(STANDING_COLOURS[r.standing.value])
            if column == COL_BREACHES and r.sla_breaches:
                return QColor(theme.ERROR)
            if column == COL_TREND and r.trend is not None:
                return QColor({"up": "#166534", "down": theme.ERROR}.get(r.trend.value, "#5b6673"))
            if text == "no data":
                return QColor("#8a939c")
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_LEAD:
            return "Median lead time, from the order sent to the delivery received"
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_TREND:
            if r.previous_score is not None:
                return f"Previous period: {r.previous_score:.1f}"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-order the loaded rows by a column; partners without data stay at the bottom."""
        self.layoutAboutToBeChanged.emit()
        descending = order == Qt.SortOrder.DescendingOrder
        with_data = [r for r in self._rows if _sort_value(r, column) != _LOW]
        without = [r for r in self._rows if _sort_value(r, column) == _LOW]
        with_data.sort(key=lambda r: _sort_value(r, column), reverse=descending)
        self._rows = with_data + without
        self._display = [_display(r) for r in self._rows]
        self.layoutChanged.emit()
