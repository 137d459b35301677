"""Keep Python's cycle collector away from live Qt object trees.

Two rules, both about shiboken deleting C++ objects at a moment Qt did not choose:

1. Collect on the GUI thread only, from a timer. When the collector runs on a worker thread it may free
   the Python side of Qt widgets from earlier dialogs there; shiboken then deletes the C++ objects from
   the wrong thread and crashes.
2. Never leave a Python-owned window for the collector to free. A top-level window is owned by its Python
   wrapper, and its pages hold closures that capture the window, so once dropped it lives in a reference
   cycle. The collector clears such a cycle one wrapper at a time: clearing the window hands its children
   to Python, clearing a child then deletes that child's C++ subtree, and when a page in that subtree dies,
   its dictionary releases the last reference to the window, which deletes the window, and the subtree
   being destroyed, a second time (a use after free: a segfault or "pure virtual method called").
   `delete_now` deletes the whole tree in Qt's own order first; the wrappers it leaves are invalid, and
   collecting them is harmless.
"""

from __future__ import annotations

import gc

import shiboken6
from PySide6.QtCore import QObject, QThread, QTimer

INTERVAL_MS = 500
_guard: _Collector | None = None


class _Collector(QObject):
    """Does what automatic collection would do, at the same thresholds, but from a GUI-thread timer."""

    def __init__(self) -> None:
        super().__init__()
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(INTERVAL_MS)

    def check(self) -> None:
        """Collect the oldest generation whose count passed its threshold."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.thresholds[generation]:
                gc.collect(generation)
                return


def install() -> None:
    """Switch automatic collection to the GUI-thread timer (once; later calls do nothing)."""
    global _guard
    if _guard is None:
        _guard = _Collector()


def delete_now(obj: QObject) -> None:
    """Delete `obj` and its children in Qt's order now (children first, every wrapper invalidated).

    Does nothing when Qt already deleted it. From another thread it posts a deleteLater instead,
    because a QObject may only be deleted on its own thread.
    """
    if not shiboken6.isValid(obj):
        return
    if obj.thread() is not QThread.currentThread():
        obj.deleteLater()
        return
    shiboken6.delete(obj)
