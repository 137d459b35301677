"""The pilots list: one row per pilot with its derived figures ("no data" where a figure cannot be had)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from microfactory_desk.schemas.listing import ListQuery
from microfactory_desk.ui import theme
from microfactory_desk.ui.table_models.paged_rows_model import PagedRowsModel

if TYPE_CHECKING:
    from microfactory_desk.schemas.pilot_rows import PilotRow

COL_NUMBER, COL_SKU, COL_PARTNER, COL_MARKET, COL_STATUS, COL_SELL, COL_RETURNS, COL_RATING, COL_DAYS, COL_DECISION = (
    range(10)
)
HEADERS = (
    "Pilot",
    "SKU",
    "Partner",
    "Market",
    "Status",
    "Sell-through",
    "Returns",
    "Rating",
    "Sold out in",
    "Decision",
)
NUMERIC = (COL_SELL, COL_RETURNS, COL_RATING, COL_DAYS)
NO_DATA = "no data"
STATUS_TEXT = {
    "planned": "Planned",
    "running": "Running",
    "awaiting_decision": "Awaiting decision",
    "decided": "Decided",
}


def _num(value: float | None, fmt: str) -> str:
    return NO_DATA if value is None else fmt.format(value)


def display(p: PilotRow) -> tuple[str, ...]:
    """The texts of one row."""
    return (
        p.number,
        p.sku_code,
        f"{p.partner_name} ({p.partner_code})",
        p.market_name,
        STATUS_TEXT.get(p.status, p.status),
        _num(p.sell_through_pct, "{:.1f} %"),
        _num(p.return_rate_pct, "{:.1f} %"),
        _num(p.average_rating, "{:.1f}"),
        _num(p.days_to_sell_out, "{:.0f} d"),
        (p.decision or "").replace("_", " ").capitalize(),
    )


def _figure(get: Callable[[PilotRow], float | None]) -> Callable[[PilotRow], tuple[bool, float]]:
    return lambda p: (get(p) is None, get(p) or 0)  # "no data" last


# The figures sort as numbers, "no data" last; the other columns by their (case-folded) text.
SORT_KEYS: tuple[Callable[[PilotRow], Any] | None, ...] = (
    *(None for _ in range(COL_SELL)),
    _figure(lambda p: p.sell_through_pct),
    _figure(lambda p: p.return_rate_pct),
    _figure(lambda p: p.average_rating),
    _figure(lambda p: p.days_to_sell_out),
    None,
)


# The listing's sort key of each column (services/pilots/listing.py SORTS; "sold_out" is added there per dialect).
SORTS = ("number", "sku", "partner", "market", "status", "sell_through", "returns", "rating", "sold_out", "decision")


class PilotsTableModel(PagedRowsModel["PilotRow"]):
    """Pilots a page at a time from SQL, newest number first; header clicks sort every pilot in SQL."""

    CODE_COLUMNS = (COL_PARTNER,)

    def __init__(self) -> None:
        query = ListQuery(sort="number", descending=True)
        super().__init__(HEADERS, display, sorts=SORTS, query=query, right_aligned=NUMERIC, sort_keys=SORT_KEYS)

    def row_of(self, pilot_id: int) -> int:
        """The row showing the pilot, or -1."""
        return self.index_of(lambda r: r.id == pilot_id)

    def decorate(self, row: PilotRow, texts: tuple[str, ...]) -> dict[int, tuple[Any, ...]]:
        """ "no data" muted."""
        del row
        muted = theme.colour(theme.MUTED)
        return {Qt.ItemDataRole.ForegroundRole: tuple(muted if t == NO_DATA else None for t in texts)}
