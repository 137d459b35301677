"""The one way to run work off the GUI thread: run_task, what waits for the window's first paint, and search-box
loading (a long job with a progress dialog: ui.long_task)."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import QEvent, QObject, QThreadPool, QTimer, Signal

if TYPE_CHECKING:
    # For type checking only: building PySide6's line edit class costs a page without a search box 1 ms.
    from PySide6.QtWidgets import QAbstractButton, QLineEdit, QWidget

T = TypeVar("T")
Failed = Callable[[BaseException], None]

# Search boxes wait for a pause in typing this long before they load.
SEARCH_DELAY_MS = 250


class _Pool(Protocol):
    def start(self, work: Callable[[], None]) -> None: ...


class _InlinePool:
    """Runs each task at once on the calling thread (picard's FakeThreadPool, for tests)."""

    def start(self, work: Callable[[], None]) -> None:
        work()


class _Relay(QObject):
    """Carries results from workers to the GUI thread (queued delivery to the thread it lives in)."""

    finished = Signal(int, object)
    failed = Signal(int, object)


# One relay for the life of the app and callbacks kept by task number: no per-task Qt object is
# created or destroyed while a worker may still touch it, and no reference cycle hides one from Python.
_relay: _Relay | None = None
_callbacks: dict[int, tuple[Callable[[Any], object] | None, Failed | None]] = {}
_work: dict[int, Callable[[], Any]] = {}  # each task's function, kept so a lost server can be retried
_numbers = itertools.count(1)
_inline_pool: _Pool | None = None


def _get_relay() -> _Relay:
    global _relay
    if _relay is None:
        _relay = _Relay()
        _relay.finished.connect(_deliver_result)
        _relay.failed.connect(_deliver_error)
    return _relay


def _deliver_result(number: int, result: Any) -> None:
    _work.pop(number, None)
    on_done, _ = _callbacks.pop(number, (None, None))
    if on_done is not None:
        on_done(result)


def _deliver_error(number: int, exc: BaseException) -> None:
    fn = _work.pop(number, None)
    on_done, on_error = _callbacks.pop(number, (None, None))
    from microfactory_desk.errors import ServerUnreachable

    if isinstance(exc, ServerUnreachable) and fn is not None:
        from microfactory_desk.ui import server_faults

        server_faults.offer_retry(
            exc, lambda: run_task(fn, on_done, on_error), lambda: _give_up(server_faults.mark_shown(exc), on_error)
        )
        return
    _give_up(exc, on_error)


def _give_up(exc: BaseException, on_error: Failed | None) -> None:
    if on_error is not None:
        on_error(exc)
    else:
        from microfactory_desk.ui.error_hook import show_failure

        show_failure(exc)


# A local file's first page is read on the GUI thread: it paints with the window, where a pool trip costs a
# sixth of a second on a busy machine. On a server every read is a network round trip, so it goes to a worker.
_first_reads_inline = True


def set_local_database(local: bool) -> None:
    """Say whether the open database is a local file (True) or a server (False); see `first_read_inline`."""
    global _first_reads_inline
    _first_reads_inline = local


def first_read_inline() -> bool:
    """True when a page may read its first rows on the GUI thread: a local file, never a server."""
    return _first_reads_inline


def run_inline(inline: bool) -> None:
    """Run every task synchronously on the calling thread (tests where the thread is not the subject)."""
    global _inline_pool
    _inline_pool = _InlinePool() if inline else None


def _pool() -> _Pool:
    if _inline_pool is not None:
        return _inline_pool
    pool: _Pool = QThreadPool.globalInstance()
    return pool


def run_task(
    fn: Callable[[], T],
    on_done: Callable[[T], object] | None = None,
    on_error: Failed | None = None,
    *,
    held: bool = True,
) -> None:
    """Run `fn` on the thread pool; call on_done(result) or on_error(exc) on the GUI thread.

    Without on_error an exception goes to the one failure path (error_hook.show_failure): logged and shown. While
    the window is starting, the work waits for its first paint (see `_held`); `held=False` starts it at once, for
    the read that is itself what the page shows first.
    """
    relay = _get_relay()
    number = next(_numbers)
    _callbacks[number] = (on_done, on_error)
    _work[number] = fn

    def work() -> None:
        try:
            result = fn()
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the GUI, never vanish
            _report(relay.failed, number, exc)
        else:
            _report(relay.finished, number, result)

    if _held is not None and held:
        _held.append(work)
        return
    _pool().start(work)


# Pool work started while the window is built waits for its first paint: a worker importing the ORM (a pilot's
# detail) or reading (a dashboard, an order total) holds the GIL in turns with the GUI thread and made the paint
# of a page's first rows up to twice as long. None: work starts at once.
_held: list[Callable[[], None]] | None = None
# GUI-thread chores that the first paint does not need (the menus' actions, shortcuts): run just before the held
# pool work starts, so the page's rows are on screen first.
_after_paint: list[Callable[[], object]] = []


class _FirstPaint(QObject):
    """Starts the held pool work once the widget it watches has painted (or the fallback time has passed)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """On the first paint with the page's first rows, start the held work right after it (not in the middle
        of it)."""
        if event.type() == QEvent.Type.Paint and not _rows_awaited:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, release_held)
        return False


# True while the page the window opens on waits for its first rows from a worker (the dashboard's cards): the
# window's first paint comes before them, and the chores and work held for it would have delayed them.
_rows_awaited = False


def await_first_rows() -> None:
    """The page the window opens on reads its first rows on a worker: what is held for the first paint waits for
    the first paint after `first_rows_shown()` (or the fallback time)."""
    global _rows_awaited
    _rows_awaited = _held is not None


def first_rows_shown() -> None:
    """The page's first rows are in (or will not come): the next paint releases what was held for it."""
    global _rows_awaited
    _rows_awaited = False


def hold_pool_work() -> None:
    """Keep the pool work started from now until `release_held` (tasks run inline in tests are not held)."""
    global _held
    if _inline_pool is None and _held is None:
        _held = []


def release_after_first_paint(window: QWidget, fallback_ms: int) -> None:
    """Start the held pool work once `window` has painted, at the latest after `fallback_ms` (a window that never
    paints, minimised or hidden, still loads)."""
    if _held is None:
        return
    window.installEventFilter(_FirstPaint(window))
    QTimer.singleShot(fallback_ms, release_held)


def after_first_paint(chore: Callable[[], object]) -> None:
    """Run `chore` on the GUI thread once the window has painted; at once when no start-up is under way."""
    if _held is None:
        chore()
    else:
        _after_paint.append(chore)


def shortcut_after_first_paint(button: QAbstractButton, keys: str) -> None:
    """Give `button` the shortcut `keys` once the window has painted (at once when no start-up is under way): the
    first shortcut builds PySide6's QKeySequence class and its 76 enum values, which the first rows do not need."""

    def set_shortcut() -> None:
        if shiboken6.isValid(button):  # the page may be gone by then
            button.setShortcut(keys)

    after_first_paint(set_shortcut)


def release_held() -> None:
    """Run the chores and start the pool work held for the first paint, in the order they were asked for (again:
    nothing to do)."""
    global _held
    held, _held = _held or [], None
    chores = _after_paint[:]
    _after_paint.clear()
    for chore in chores:
        try:
            chore()
        except Exception as exc:  # noqa: BLE001 - a failed chore must not keep the others or the held work back
            _give_up(exc, None)
    for work in held:
        _pool().start(work)


def _report(signal: Any, number: int, payload: object) -> None:
    """Hand a worker's outcome to the GUI thread, unless the app has quit meanwhile."""
    try:
        signal.emit(number, payload)
    except RuntimeError:
        # The relay went with the QApplication (a task outlived the window): nobody is left to tell,
        # so only the log keeps a failure.
        _callbacks.pop(number, None)
        _work.pop(number, None)
        if isinstance(payload, BaseException):
            logging.getLogger(__name__).error("task finished after the app quit", exc_info=payload)


def tasks_running() -> int:
    """How many tasks have not reported back yet (tests wait for zero)."""
    return len(_callbacks)


class LatestOnly:
    """One view's loads, of which only the newest reports (keystrokes start many; the pool may answer out of order)."""

    def __init__(self) -> None:
        self._newest = 0

    def run(self, fn: Callable[[], T], on_done: Callable[[T], None], on_error: Failed | None = None) -> None:
        """Like run_task, but the result is dropped when a newer load was started meanwhile."""
        self._newest += 1
        number = self._newest

        def done(result: T) -> None:
            if number == self._newest:
                on_done(result)

        run_task(fn, done, on_error)


class SearchLoader(QObject):
    """Debounced, latest-only loading: waits for a pause in edits, then only the newest load reports.

    A search box watches its line edit; any other view calls `typed` from its edit signals (the order
    editor's live price quote) and `run` from the reload, which starts the load.
    """

    def __init__(self, parent: QObject, reload: Callable[[], None], delay_ms: int = SEARCH_DELAY_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(reload)
        self._latest = LatestOnly()

    def watch(self, box: QLineEdit) -> None:
        """Load after a pause in typing in `box`, or at once when Enter is pressed there."""
        box.textChanged.connect(self.typed)
        box.returnPressed.connect(self.flush)

    def typed(self, *_args: object) -> None:
        """Connect to textChanged (or any edit signal): every edit restarts the wait, so a burst loads once."""
        self._timer.start()

    def flush(self) -> None:
        """Load now if a keystroke load is waiting (Enter in the search box; benchmarks time the load itself)."""
        if self._timer.isActive():
            self._timer.stop()
            self._timer.timeout.emit()

    def pending(self) -> bool:
        """True while a load waits for typing to pause."""
        return self._timer.isActive()

    def run(self, fn: Callable[[], T], on_done: Callable[[T], None], on_error: Failed | None = None) -> None:
        """Load now (a filter changed or the page was shown); a waiting keystroke load is no longer needed."""
        self._timer.stop()
        self._latest.run(fn, on_done, on_error)
