"""Scorecard periods: a month (2026-07), a quarter (2026-Q3) or any range (2026-01-01..2026-03-31)."""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from microfactory_desk.errors import ValidationFailed

_QUARTER = re.compile(r"(\d{4})-[Qq]([1-4])")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_RANGE = re.compile(r"(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})")
HELP = "use a month like 2026-07, a quarter like 2026-Q3 or a range like 2026-01-01..2026-03-31"


class Period(NamedTuple):
    """A labelled span of days, both ends included."""

    label: str
    start: dt.date
    end: dt.date
    kind: str  # month / quarter / range

    @property
    def days(self) -> int:
        """How many days the period spans."""
        return (self.end - self.start).days + 1


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def month(year: int, number: int) -> Period:
    """The calendar month."""
    return Period(f"{year}-{number:02d}", dt.date(year, number, 1), _month_end(year, number), "month")


def quarter(year: int, number: int) -> Period:
    """The calendar quarter."""
    first = 3 * (number - 1) + 1
    return Period(f"{year}-Q{number}", dt.date(year, first, 1), _month_end(year, first + 2), "quarter")


def date_range(start: dt.date, end: dt.date) -> Period:
    """Any span of days."""
    return Period(f"{start.isoformat()}..{end.isoformat()}", start, end, "range")


def parse_period(text: str) -> Period:
    """A period from its label; ValidationFailed on the field "period" otherwise."""
    value = (text or "").strip()
    try:
        if found := _QUARTER.fullmatch(value):
            return quarter(int(found[1]), int(found[2]))
        if found := _MONTH.fullmatch(value):
            if 1 <= int(found[2]) <= 12:
                return month(int(found[1]), int(found[2]))
        elif found := _RANGE.fullmatch(value):
            start, end = dt.date.fromisoformat(found[1]), dt.date.fromisoformat(found[2])
            if start <= end:
                return date_range(start, end)
            raise ValidationFailed.single("period", f"'{value}' ends before it starts")
    except ValueError:
        pass
    raise ValidationFailed.single("period", f"'{value}' is not a period ({HELP})")


def previous(period: Period) -> Period:
    """The period just before: the month or quarter before, or a range of the same length ending the day before."""
    if period.kind == "month":
        before = period.start - dt.timedelta(days=1)
        return month(before.year, before.month)
    if period.kind == "quarter":
        before = period.start - dt.timedelta(days=1)
        return quarter(before.year, (before.month - 1) // 3 + 1)
    end = period.start - dt.timedelta(days=1)
    return date_range(end - dt.timedelta(days=period.days - 1), end)


def recent(period: Period, count: int) -> list[Period]:
    """The `count` periods ending with `period`, oldest first."""
    periods = [period]
    while len(periods) < count:
        periods.append(previous(periods[-1]))
    return periods[::-1]


def current_quarter(today: dt.date) -> Period:
    """The quarter `today` falls in."""
    return quarter(today.year, (today.month - 1) // 3 + 1)
