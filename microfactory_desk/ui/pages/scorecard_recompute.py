"""Keeps the Scorecards page's stored scores current: recomputes a period on a worker when its snapshots may be
older than the data, and words the status line under the table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from microfactory_desk import clock
from microfactory_desk.ui.tasks import run_task

if TYPE_CHECKING:
    from microfactory_desk.schemas.portfolio_rows import Freshness
    from microfactory_desk.services.scorecards.service import ScorecardService

# As the window's warm-up (ui/app.py WARM_UP_DELAY_MS): the first rows are painted before the ORM loads.
RECOMPUTE_DELAY_MS = 400


class ScoreRecompute:
    """Runs `ScorecardService.record_snapshots` for a period at most once per state of the data.

    `owner` is the page (a QObject). `reload(label)` is called on the GUI thread once a period's scores are stored (or failed to be: the stored
    ones stay shown, and the same data is not retried in a loop).
    """

    def __init__(
        self, scorecards: Callable[[], ScorecardService], reload: Callable[[str], None], owner: QObject
    ) -> None:
        self._scorecards = scorecards
        self._owner = owner  # a delayed start dies with the page (a window closed before it fires)
        self._reload = reload
        self.running: set[str] = set()  # periods whose scores are being recomputed
        # What the data looked like at each recomputation (Freshness.stamp): the same stamp is not recomputed.
        self._done: set[tuple[object, ...]] = set()

    def due(self, fresh: Freshness) -> bool:
        """The stored scores may be older than the data and were not recomputed for this state of it."""
        return fresh.stale and fresh.stamp not in self._done

    def status(self, label: str, fresh: Freshness, *, starting: bool = False) -> str:
        """ "Scores as of HH:MM — recomputing…" (local time) while the period is recomputed (or `starting` to be),
        else "Scores up to date"."""
        if label not in self.running and not starting:
            return "Scores up to date"
        when = fresh.computed_at  # stored in UTC
        return f"Scores as of {when.replace(tzinfo=dt.UTC).astimezone():%H:%M} — recomputing…" if when else ""

    def start(self, label: str, fresh: Freshness, delay_ms: int = 0) -> None:
        """Score every partner for the period on a worker and store the snapshots (one transaction), then reload;
        after `delay_ms` when the window is opening, so importing the service never competes with the first paint."""
        if label in self.running:
            return
        self.running.add(label)
        provider, today = self._scorecards, clock.today()

        def compute() -> int:
            from microfactory_desk.schemas.periods import parse_period

            # The service is built here, off the GUI thread: building it imports the ORM and pydantic.
            return len(provider().record_snapshots(parse_period(label), today=today))

        def finished(_result: object) -> None:
            self.running.discard(label)
            self._done.add(fresh.stamp)
            self._reload(label)

        def failed(exc: BaseException) -> None:
            finished(None)
            from microfactory_desk.ui.error_hook import show_failure

            show_failure(exc)

        if delay_ms:
            QTimer.singleShot(delay_ms, self._owner, lambda: run_task(compute, finished, failed))
        else:
            run_task(compute, finished, failed)
