"""Pilot DTOs with their derived figures; plain dataclasses so the GUI can hold them without pydantic."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

NO_DATA = "no data"


def pct(part: int, whole: int) -> float | None:
    """part/whole in percent, None (no data) when whole is zero."""
    return None if whole <= 0 else 100.0 * part / whole


def status_of(starts_on: dt.date | None, ends_on: dt.date | None, decision: str | None, today: dt.date) -> str:
    """planned / running / awaiting_decision / decided, from the dates and the decision."""
    if decision:
        return "decided"
    if ends_on is not None and ends_on < today:
        return "awaiting_decision"
    if starts_on is not None and starts_on <= today:
        return "running"
    return "planned"


@dataclass(frozen=True)
class PilotRow:
    """One pilot as lists, comparisons and the export show it."""

    id: int
    number: str
    sku_id: int
    sku_code: str
    sku_name: str
    partner_id: int
    partner_code: str
    partner_name: str
    market_name: str
    market_region: str
    market_kind: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    units_planned: int
    units_made: int
    units_shipped: int
    units_sold: int
    units_returned: int
    sold_out_on: dt.date | None
    price: Decimal | None
    currency: str
    decision: str | None
    decision_reason: str
    decided_on: dt.date | None
    notes: str
    ratings: int  # feedback entries with a rating
    rating_sum: int
    feedback_count: int
    status: str
    row_version: int = 1  # the version counter the editor hands back on save (a stale save is refused)
    updated_by: str = ""

    @property
    def sell_through_pct(self) -> float | None:
        """Units sold of the units shipped to the market, in percent."""
        return pct(self.units_sold, self.units_shipped)

    @property
    def return_rate_pct(self) -> float | None:
        """Units returned of the units sold, in percent."""
        return pct(self.units_returned, self.units_sold)

    @property
    def average_rating(self) -> float | None:
        """Mean customer rating (1-5), None without rated feedback."""
        return None if self.ratings == 0 else self.rating_sum / self.ratings

    @property
    def days_to_sell_out(self) -> int | None:
        """Days from the start to the day the last shipped unit sold, None when it has not sold out."""
        if self.sold_out_on is None or self.starts_on is None:
            return None
        return (self.sold_out_on - self.starts_on).days

    @property
    def revenue(self) -> Decimal | None:
        """Net units sold times the price."""
        return None if self.price is None else self.price * (self.units_sold - self.units_returned)


@dataclass(frozen=True)
class FeedbackRow:
    """One stored feedback entry."""

    id: int
    received_on: dt.date
    channel: str
    rating: int | None
    text: str


@dataclass(frozen=True)
class SalesPoint:
    """One day of sales and the running sell-through after it."""

    id: int
    sold_on: dt.date
    sold: int
    returned: int
    cumulative_sold: int
    sell_through_pct: float | None


@dataclass(frozen=True)
class PilotOrder:
    """An order tied to a pilot and how its deliveries went."""

    id: int
    number: str
    status: str
    partner_code: str
    requested_on: dt.date | None
    received_on: dt.date | None
    ordered_qty: int
    deliveries: int
    timed: int  # deliveries with a promised and a received date
    on_time: int
    qty_received: int
    qty_defective: int

    @property
    def on_time_pct(self) -> float | None:
        """Deliveries received by their promised date, in percent of those with both dates."""
        return pct(self.on_time, self.timed)

    @property
    def defect_pct(self) -> float | None:
        """Defective units of the units received, in percent."""
        return pct(self.qty_defective, self.qty_received)


@dataclass(frozen=True)
class PilotDetail:
    """A pilot with its feedback, daily sales and orders."""

    pilot: PilotRow
    feedback: list[FeedbackRow] = field(default_factory=list)
    sales: list[SalesPoint] = field(default_factory=list)
    orders: list[PilotOrder] = field(default_factory=list)


def fmt_pct(value: float | None) -> str:
    """'62.5 %' or 'no data'."""
    return NO_DATA if value is None else f"{value:.1f} %"


def fmt_rating(value: float | None) -> str:
    """'4.2 / 5' or 'no data'."""
    return NO_DATA if value is None else f"{value:.1f} / 5"


def fmt_days(value: int | None) -> str:
    """'12 days' or 'no data'."""
    return NO_DATA if value is None else f"{value} day{'' if value == 1 else 's'}"


def comparison_lines(pilots: list[PilotRow]) -> list[tuple[str, list[str]]]:
    """Pilots side by side: (what, one text per pilot) for each figure."""

    def money(p: PilotRow) -> str:
        return NO_DATA if p.revenue is None else f"{p.revenue:,.2f} {p.currency}"

    lines: list[tuple[str, Callable[[PilotRow], str]]] = [
        ("Pilot", lambda p: p.number),
        ("SKU", lambda p: f"{p.sku_code} · {p.sku_name}"),
        ("Partner", lambda p: f"{p.partner_name} ({p.partner_code})"),
        ("Market", lambda p: f"{p.market_name} · {p.market_region or '—'} · {p.market_kind.replace('_', ' ')}"),
        ("Dates", lambda p: f"{p.starts_on or '?'} – {p.ends_on or '?'}"),
        ("Shipped / sold / returned", lambda p: f"{p.units_shipped} / {p.units_sold} / {p.units_returned}"),
        ("Sell-through", lambda p: fmt_pct(p.sell_through_pct)),
        ("Return rate", lambda p: fmt_pct(p.return_rate_pct)),
        ("Average rating", lambda p: fmt_rating(p.average_rating) + (f" ({p.ratings})" if p.ratings else "")),
        ("Days to sell out", lambda p: fmt_days(p.days_to_sell_out)),
        ("Net revenue", money),
        ("Decision", lambda p: (p.decision or "undecided").replace("_", " ")),
    ]
    return [(name, [getter(p) for p in pilots]) for name, getter in lines]
