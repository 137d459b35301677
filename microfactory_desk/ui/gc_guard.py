"""Run Python's cycle collector on the GUI thread only.

When the collector runs on a worker thread it may free the Python side of Qt widgets from earlier
dialogs there; shiboken then hands the C++ deletion to the GUI thread, which can delete an object
Qt already deleted and crash. Collecting only on the GUI thread, from a timer, avoids that.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

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
