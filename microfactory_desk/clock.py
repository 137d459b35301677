"""The one clock of the app: today(), now() and utc_now() come from here, so tests can freeze them.

Local time for what people see and type (days, file names), naive UTC for what the database stores,
exactly as `date.today()`, `datetime.now()` and `datetime.now(UTC)` give them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

# While frozen: the instant the clock showed when it was frozen, and the real instant at that moment.
_frozen_at: dt.datetime | None = None
_frozen_real = dt.datetime.min.replace(tzinfo=dt.UTC)
_ticking = False


def _instant() -> dt.datetime:
    """The current instant, timezone-aware (UTC)."""
    real = dt.datetime.now(dt.UTC)
    if _frozen_at is None:
        return real
    return _frozen_at + (real - _frozen_real) if _ticking else _frozen_at


def now() -> dt.datetime:
    """Local wall-clock time without tzinfo (what `datetime.now()` gives)."""
    return _instant().astimezone().replace(tzinfo=None)


def today() -> dt.date:
    """The local date (what `date.today()` gives)."""
    return now().date()


def utc_now() -> dt.datetime:
    """Now in UTC without tzinfo (stored the same way on SQLite and PostgreSQL)."""
    return _instant().replace(tzinfo=None)


def freeze(at: dt.date | dt.datetime, *, tick: bool = False) -> None:
    """Stop the clock at a local date (noon) or local datetime; with `tick`, time runs on from there."""
    global _frozen_at, _frozen_real, _ticking
    moment = at if isinstance(at, dt.datetime) else dt.datetime.combine(at, dt.time(12))
    # A naive moment is local time, as people and `datetime.now()` mean it.
    _frozen_at = moment.astimezone(dt.UTC)
    _frozen_real = dt.datetime.now(dt.UTC)
    _ticking = tick


def unfreeze() -> None:
    """Back to the real clock."""
    global _frozen_at, _ticking
    _frozen_at, _ticking = None, False


@contextmanager
def frozen(at: dt.date | dt.datetime, *, tick: bool = False) -> Iterator[None]:
    """The clock frozen at `at` inside the block (see `freeze`), restored to what it was after it."""
    saved = (_frozen_at, _frozen_real, _ticking)
    freeze(at, tick=tick)
    try:
        yield
    finally:
        _restore(*saved)


def _restore(at: dt.datetime | None, real: dt.datetime, tick: bool) -> None:
    global _frozen_at, _frozen_real, _ticking
    _frozen_at, _frozen_real, _ticking = at, real, tick
