"""The one way to run work off the GUI thread: run_task(fn, on_done, on_error)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

_running: set[_Task] = set()


class _Relay(QObject):
    """Carries a worker's result back to the GUI thread (queued signal delivery)."""

    finished = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    """A function run on the pool; only its plain-data result crosses back."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.relay = _Relay()

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the GUI, never vanish
            self.relay.failed.emit(exc)
        else:
            self.relay.finished.emit(result)


def run_task(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> None:
    """Run `fn` on the thread pool; call on_done(result) or on_error(exc) on the GUI thread.

    Without on_error an exception goes to sys.excepthook, which logs it and shows the error dialog.
    """
    task = _Task(fn)
    _running.add(task)

    def done(result: Any) -> None:
        _running.discard(task)
        if on_done is not None:
            on_done(result)

    def failed(exc: BaseException) -> None:
        _running.discard(task)
        if on_error is not None:
            on_error(exc)
        else:
            import sys

            sys.excepthook(type(exc), exc, exc.__traceback__)

    task.relay.finished.connect(done)
    task.relay.failed.connect(failed)
    QThreadPool.globalInstance().start(task)


def tasks_running() -> int:
    """How many tasks have not reported back yet (tests wait for zero)."""
    return len(_running)
