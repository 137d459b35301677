"""What the attention dashboard shows: cards of items, each item pointing at a partner, order, inspection or pilot.

Plain dataclasses (no pydantic): the dashboard is the first page shown, so its types load with the window.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

# What an item opens when clicked.
PARTNER, ORDER, INSPECTION, PILOT = "partner", "order", "inspection", "pilot"
SCORECARD = "scorecard"  # a partner's scorecard (the drifting card: the scorecard explains the drift)


@dataclass(frozen=True)
class Horizons:
    """How far ahead the dashboard looks, in days (kept as database settings)."""

    follow_up_days: int = 7
    sla_days: int = 30
    certification_days: int = 60


@dataclass(frozen=True)
class AttentionItem:
    """One thing needing attention: what it is, whom it concerns and what a click opens."""

    target: str  # PARTNER / ORDER / INSPECTION / PILOT
    target_id: int
    partner_id: int | None
    title: str  # e.g. "Łódź Print Works (MF-0042)"
    detail: str  # e.g. "Send revised quote"
    on: dt.date | None  # the date the rule looks at
    days: int | None  # days past `on` (positive: overdue, 0: today, negative: still ahead)
    urgent: bool = False
    tab: str = ""  # for partner items: the editor tab to open at, e.g. "Negotiations"
    code: str = ""  # the partner's code (a scorecard is asked for by code)


@dataclass(frozen=True)
class AttentionCard:
    """One rule's result: how many items match and the first of them."""

    key: str
    title: str
    count: int
    items: list[AttentionItem] = field(default_factory=list)
    empty_text: str = ""
    # True when the count stopped at the dashboard's cap: at least `count` items match ("1,000+").
    capped: bool = False

    @property
    def more(self) -> int:
        """How many matching items are not listed."""
        return self.count - len(self.items)


@dataclass(frozen=True)
class Dashboard:
    """Every card for one day, and whether the database holds anything yet."""

    today: dt.date
    horizons: Horizons
    cards: list[AttentionCard]
    first_run: bool = False

    @property
    def total(self) -> int:
        """Items needing attention across all cards (a lower bound when `capped`)."""
        return sum(card.count for card in self.cards)

    @property
    def capped(self) -> bool:
        """True when a card's count stopped at the cap, so `total` is a lower bound."""
        return any(card.capped for card in self.cards)

    def card(self, key: str) -> AttentionCard:
        """The card with `key`."""
        return next(card for card in self.cards if card.key == key)

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO text)."""

        def plain(value: Any) -> Any:
            if isinstance(value, dt.date):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, list):
                return [plain(v) for v in value]
            return value

        return {
            "today": self.today.isoformat(),
            "horizons": asdict(self.horizons),
            "first_run": self.first_run,
            "total": self.total,
            "total_capped": self.capped,
            "cards": [plain({**asdict(card), "more": card.more}) for card in self.cards],
        }
