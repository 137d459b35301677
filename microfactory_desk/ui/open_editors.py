"""One editor per record: a second request for a record whose editor is open brings that editor forward.

Qt emits both `activated` and `doubleClicked` on a double-click, and a record can be reached from several
lists (roster, follow-ups, dashboard). Two editors on one record let the older copy overwrite the newer save,
so every page opens editors through `open_once`, keyed by (kind, record id).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtWidgets import QWidget

from microfactory_desk.ui.tasks import Failed, run_task

T = TypeVar("T")

# key -> the open editor, or None while its record is still loading (a second request then does nothing).
_open: dict[Hashable, QWidget | None] = {}


def _alive(widget: QWidget | None) -> bool:
    return widget is not None and shiboken6.isValid(widget) and widget.isVisible()


def editor_for(key: Hashable) -> QWidget | None:
    """The open editor for `key` (e.g. ("partner", 12)), or None."""
    widget = _open.get(key)
    return widget if _alive(widget) else None


def bring_forward(widget: QWidget) -> None:
    """Show an open editor on top and give it the keyboard."""
    if widget.isMinimized():
        widget.showNormal()
    widget.raise_()
    widget.activateWindow()


def claim(key: Hashable | None) -> bool:
    """True when the caller may open an editor for `key`; False when one is open (now in front) or loading.

    A None key (a new record) is always allowed. A caller that claimed must call `opened` or `release`.
    """
    if key is None:
        return True
    if key in _open:
        widget = _open[key]
        if widget is None:
            return False  # still loading: the first request will show it
        if _alive(widget):
            bring_forward(widget)
            return False
    _open[key] = None
    return True


def release(key: Hashable | None) -> None:
    """Forget a claim whose editor could not be opened (its record failed to load)."""
    if key is not None:
        _open.pop(key, None)


def opened(key: Hashable | None, editor: QWidget) -> None:
    """Record the editor shown for `key`; it is forgotten when it finishes, hides for good or is deleted."""
    if key is None:
        return
    _open[key] = editor

    def forget(*_args: Any) -> None:
        if _open.get(key) is editor:
            _open.pop(key, None)

    finished = getattr(editor, "finished", None)
    if finished is not None:
        finished.connect(forget)
    editor.destroyed.connect(forget)


def open_once(
    key: Hashable | None,
    load: Callable[[], T],
    show: Callable[[T], QWidget | None],
    on_error: Failed | None = None,
) -> None:
    """Load a record off the GUI thread and show its editor, unless an editor for `key` is open or loading.

    `show(loaded)` builds and opens the editor and returns it (or None when it opened nothing). A failed load
    releases the key and goes to `on_error`, or to the one failure path when none is given.
    """
    if not claim(key):
        return

    def done(loaded: T) -> None:
        try:
            editor = show(loaded)
        except BaseException:
            release(key)
            raise
        if editor is None:
            release(key)
        else:
            opened(key, editor)

    def failed(exc: BaseException) -> None:
        release(key)
        if on_error is not None:
            on_error(exc)
        else:
            from microfactory_desk.ui.error_hook import show_failure

            show_failure(exc)

    run_task(load, done, failed)


def forget_all() -> None:
    """Drop every record (a database switch: ids of the old database mean nothing in the new one)."""
    _open.clear()
