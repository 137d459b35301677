"""The SLA in force on a day, for versions already in memory: plain Python, no pydantic, no SQL.

The rule (services/sla/in_force.py gives it in SQL too): a version is in force on a day when it was once
agreed (agreed, or since superseded or expired) and its validity covers the day, both ends included; a
missing start or end leaves that side open; where versions overlap, the highest number wins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol, TypeVar

from microfactory_desk.schemas.vocab import SlaStatus

IN_FORCE_STATUSES = (SlaStatus.AGREED.value, SlaStatus.SUPERSEDED.value, SlaStatus.EXPIRED.value)


class _Version(Protocol):
    """What the rule reads of a version (an ORM row or a DTO); read-only, so a StrEnum status fits too."""

    @property
    def number(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def valid_from(self) -> dt.date | None: ...
    @property
    def valid_until(self) -> dt.date | None: ...


V = TypeVar("V", bound=_Version)


def covers_day(version: _Version, day: dt.date) -> bool:
    """True when the once-agreed `version` covers `day`."""
    return (
        version.status in IN_FORCE_STATUSES
        and (version.valid_from is None or version.valid_from <= day)
        and (version.valid_until is None or version.valid_until >= day)
    )


def pick_in_force(versions: Iterable[V], day: dt.date) -> V | None:
    """Of one partner's versions in memory, the one in force on `day` (highest number among overlaps)."""
    covering = [v for v in versions if covers_day(v, day)]
    return max(covering, key=lambda v: v.number) if covering else None
