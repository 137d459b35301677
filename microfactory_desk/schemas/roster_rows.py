"""Roster list rows and queries: light types (no pydantic) so the list can show before the ORM loads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

SORT_COLUMNS = ("code", "name", "kind", "stage", "region", "city", "country", "weekly_capacity", "updated_at")


class PartnerRow(NamedTuple):
    """One partner as the roster table shows it."""

    id: int
    code: str
    name: str
    kind: str
    stage: str
    region: str
    city: str
    country: str
    processes: str
    weekly_capacity: int | None
    risk_level: str
    tags: str


class PartnerChoice(NamedTuple):
    """One partner as a partner picker offers it: id, code, name and lifecycle stage value ("prospect", …)."""

    id: int
    code: str
    name: str
    stage: str

    @property
    def label(self) -> str:
        """How the partner reads in a picker: "Name (CODE)"."""
        return f"{self.name} ({self.code})"


@dataclass(frozen=True)
class RosterQuery:
    """What the user filters and sorts the roster by; empty strings mean no filter."""

    search: str = ""
    stage: str = ""
    kind: str = ""
    region: str = ""
    sort: str = "code"
    descending: bool = False
    offset: int = 0
    limit: int = 200


class RosterPage(NamedTuple):
    """A page of roster rows and the counts the page shows."""

    rows: list[PartnerRow]
    matching: int
    total: int
    # True when a broad search stopped counting: at least `matching` partners match ("1,000+").
    capped: bool = False


def certification_state(valid_until: dt.date | None, today: dt.date, soon_days: int = 60) -> str:
    """ "expired", "expiring" (within soon_days), "valid", or "open-ended" when no expiry is set."""
    if valid_until is None:
        return "open-ended"
    if valid_until < today:
        return "expired"
    if (valid_until - today).days <= soon_days:
        return "expiring"
    return "valid"
