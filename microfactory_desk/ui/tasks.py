"""The one way to run work off the GUI thread: run_task(fn, on_done, on_error)."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Relay(QObject):
    """Carries results from workers to the GUI thread (queued delivery to the thread it lives in)."""

    finished = Signal(int, object)
    failed = Signal(int, object)


# One relay for the life of the app and callbacks kept by task number: no per-task Qt object is
# created or destroyed while a worker may still touch it, and no reference cycle hides one from Python.
_relay: _Relay | None = None
_callbacks: dict[int, tuple[Done | None, Failed | None]] = {}
_numbers = itertools.count(1)


def _get_relay() -> _Relay:
    global _relay
    if _relay is None:
        _relay = _Relay()
        _relay.finished.connect(_deliver_result)
        _relay.failed.connect(_deliver_error)
    return _relay


def _deliver_result(number: int, result: Any) -> None:
    on_done, _ = _callbacks.pop(number, (None, None))
    if on_done is not None:
        on_done(result)


def _deliver_error(number: int, exc: BaseException) -> None:
    _, on_error = _callbacks.pop(number, (None, None))
    if on_error is not None:
        on_error(exc)
    else:
        sys.excepthook(type(exc), exc, exc.__traceback__)


def run_task(fn: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None) -> None:
    """Run `fn` on the thread pool; call on_done(result) or on_error(exc) on the GUI thread.

    Without on_error an exception goes to sys.excepthook, which logs it and shows the error dialog.
    """
    relay = _get_relay()
    number = next(_numbers)
    _callbacks[number] = (on_done, on_error)

    def work() -> None:
        try:
            result = fn()
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the GUI, never vanish
            relay.failed.emit(number, exc)
        else:
            relay.finished.emit(number, result)

    QThreadPool.globalInstance().start(work)


def tasks_running() -> int:
    """How many tasks have not reported back yet (tests wait for zero)."""
    return len(_callbacks)


class LatestOnly:
    """One view's loads, of which only the newest reports (keystrokes start many; the pool may answer out of order)."""

    def __init__(self) -> None:
        self._newest = 0

    def run(self, fn: Callable[[], Any], on_done: Done, on_error: Failed | None = None) -> None:
        """Like run_task, but the result is dropped when a newer load was started meanwhile."""
        self._newest += 1
        number = self._newest

        def done(result: Any) -> None:
            if number == self._newest:
                on_done(result)

        run_task(fn, done, on_error)
