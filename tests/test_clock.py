"""The one clock: frozen for every test, freezable anywhere, real otherwise."""

from __future__ import annotations

import datetime as dt
import time

from microfactory_desk import clock
from tests.conftest import TODAY


def test_every_test_runs_on_the_frozen_day() -> None:
    """The autouse fixture puts every test on TODAY, a Monday."""
    assert clock.today() == TODAY == dt.date(2026, 11, 30)
    assert TODAY.weekday() == 0
    assert clock.now().date() == TODAY


def test_frozen_stops_time_and_restores_the_clock_after() -> None:
    """Inside `frozen` the clock shows exactly the moment given; after it the previous clock is back."""
    moment = dt.datetime(2027, 1, 2, 3, 4, 5)
    with clock.frozen(moment):
        assert clock.now() == moment
        assert clock.today() == moment.date()
        assert clock.utc_now() == moment.astimezone(dt.UTC).replace(tzinfo=None)
    assert clock.today() == TODAY


def test_ticking_clock_keeps_the_day_and_runs() -> None:
    """With tick, time moves on from the frozen moment (timestamps keep their order)."""
    with clock.frozen(dt.date(2026, 1, 5), tick=True):
        first = clock.utc_now()
        assert clock.now().date() == dt.date(2026, 1, 5)
        assert clock.utc_now() >= first


def test_unfrozen_clock_is_the_real_one() -> None:
    """Without a freeze the clock reads the system's local time and UTC."""
    clock.unfreeze()
    try:
        local = dt.datetime.fromtimestamp(time.time())
        assert abs(clock.now() - local) < dt.timedelta(seconds=5)
        utc = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        assert abs(clock.utc_now() - utc) < dt.timedelta(seconds=5)
    finally:
        clock.freeze(TODAY, tick=True)
