"""The scorecard portfolio: one row per partner with score, standing, trend, KPIs and SLA breaches, paged in SQL."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from microfactory_desk.schemas.listing import ListQuery
from microfactory_desk.schemas.portfolio_rows import trend_text
from microfactory_desk.schemas.vocab import label
from microfactory_desk.ui import theme
from microfactory_desk.ui.table_models.cached_rows_model import per_column
from microfactory_desk.ui.table_models.paged_rows_model import PagedRowsModel

if TYPE_CHECKING:
    from microfactory_desk.schemas.portfolio_rows import ScoreRow as PortfolioRow

(
    COL_CODE, COL_NAME, COL_REGION, COL_STAGE, COL_SCORE, COL_STANDING, COL_TREND, COL_DELIVERIES,
    COL_ON_TIME, COL_LEAD, COL_DEFECTS, COL_INSPECTIONS, COL_OVERDUE, COL_BREACHES,
) = range(14)  # fmt: skip
HEADERS = (
    "Code", "Partner", "Region", "Stage", "Score", "Standing", "Trend", "Deliveries",
    "On time", "Lead time", "Defects", "Inspections", "Overdue CA", "SLA breaches",
)  # fmt: skip
NUMERIC = {COL_SCORE, COL_DELIVERIES, COL_ON_TIME, COL_LEAD, COL_DEFECTS, COL_INSPECTIONS, COL_OVERDUE, COL_BREACHES}
# None sorts after every number whichever way the column is sorted: "no data" never ranks first.
_LOW = float("-inf")


def _num(value: float | None, suffix: str = "", digits: int = 1) -> str:
    return "no data" if value is None else f"{value:.{digits}f}{suffix}"


def _display(r: PortfolioRow) -> tuple[str, ...]:
    trend = trend_text(r.trend, r.trend_delta)
    return (
        r.code, r.name, r.region, label(r.stage), _num(r.score), r.standing_text if r.standing else "no data",
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


def _sort_key(column: int) -> Any:
    return lambda r: _sort_value(r, column)


# The listing's sort key of each column (services/scorecards/listing.py `sorts`).
SORTS = ("code", "name", "region", "stage", "score", "standing", "trend", "deliveries", "on_time", "lead", "defects",
         "inspections", "overdue", "breaches")  # fmt: skip
TOOLTIPS = {COL_LEAD: "Median lead time, from the order sent to the delivery received"}


class PortfolioTableModel(PagedRowsModel["PortfolioRow"]):
    """The period's partners a page at a time from stored scores, best first; header clicks sort in SQL."""

    def __init__(self) -> None:
        query = ListQuery(sort="score", descending=True)
        super().__init__(
            HEADERS, _display, sorts=SORTS, query=query, right_aligned=NUMERIC,
            sort_keys=[_sort_key(c) for c in range(len(HEADERS))],
        )  # fmt: skip

    def decorate(self, r: PortfolioRow, texts: tuple[str, ...]) -> dict[int, tuple[Any, ...]]:
        """Standings, trends and breaches coloured, "no data" muted; tooltips on lead time and trend."""
        colours: dict[int, str] = {c: theme.NO_DATA for c, text in enumerate(texts) if text == "no data"}
        if r.trend is not None:
            colours[COL_TREND] = theme.TREND_COLOURS.get(r.trend, theme.MUTED)
        if r.sla_breaches:
            colours[COL_BREACHES] = theme.ERROR
        if r.standing is not None:
            colours[COL_STANDING] = theme.STANDING_COLOURS[r.standing]
        tips = dict(TOOLTIPS)
        if r.previous_score is not None:
            tips[COL_TREND] = f"Previous period: {r.previous_score:.1f}"
        if r.capped or r.provisional:  # "Watch (capped, provisional)" may not fit the column
            tips[COL_STANDING] = texts[COL_STANDING]
        return {
            Qt.ItemDataRole.ForegroundRole: per_column(len(HEADERS), {c: theme.colour(v) for c, v in colours.items()}),
            Qt.ItemDataRole.ToolTipRole: per_column(len(HEADERS), tips),
        }

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL by the column's key; rows handed in without a listing re-order in memory, partners
        without data at the bottom."""
        if self._loader is not None:
            super().sort(column, order)
            return
        values = self.sort_values(column)
        with_data = [i for i, v in enumerate(values) if v != _LOW]
        without = [i for i, v in enumerate(values) if v == _LOW]
        with_data.sort(key=values.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
        self.reorder(with_data + without)
