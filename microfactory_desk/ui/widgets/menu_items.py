"""Menu items added the light way: the start-up builds no Qt class it does not show."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu


def add_item(menu: QMenu, text: str, chosen: Callable[[], object]) -> QAction:
    """Add an item reading `text` to `menu` that calls `chosen()` when picked.

    `menu.addAction(text, slot)` does the same, but matching that overload builds PySide6's QKeySequence class
    (its shortcut argument) with 76 Python enum values: 1 ms of the Orders and Scorecards pages' first paint.
    """
    action = menu.addAction(text)
    action.triggered.connect(lambda _checked=False: chosen())
    return action
