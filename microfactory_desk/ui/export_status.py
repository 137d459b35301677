"""PDF exports started from the window: collect, in the worker, the characters no bundled font could print.

The fonts module records them in a ContextVar, so the collection has to be entered in the thread that writes
the PDF; it is imported there too, because importing it loads reportlab, which start-up must not pay for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Exported(Generic[T]):
    """What the export returned, and a sentence naming unprintable characters ("" when every one printed)."""

    result: T
    note: str = ""


def noting_unprintable(work: Callable[[], T]) -> Callable[[], Exported[T]]:
    """Wrap an export callable for run_task/LongTask so it also reports characters printed as U+FFFD."""

    def run() -> Exported[T]:
        from microfactory_desk.exports.fonts import collect_unprintable, describe

        with collect_unprintable() as missing:
            result = work()
        # Described here, in the worker, so the GUI thread never needs the fonts module.
        return Exported(result, describe(missing) if missing else "")

    return run


def with_note(text: str, note: str) -> str:
    """`text` for the status bar, followed by the unprintable-characters sentence when there is one."""
    if not note:
        return text
    return f"{text.rstrip('.')} · {note}."
