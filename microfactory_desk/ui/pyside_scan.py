"""A cheaper answer to the question PySide6 asks of every module imported after it.

PySide6 replaces `__import__` to support its opt-in `from __feature__ import snake_case` syntax. As a side
effect, the first import of every module name after PySide6 is loaded asks `shibokensupport.feature.
_mod_uses_pyside(module)`, which reads the module's whole source through `inspect.getsource` (source file
lookup, linecache, encoding detection) to see whether it contains "PySide6". That costs 0.1-2 ms per module:
about 13 ms of the window's start-up (89 modules) and 60-90 ms of the ORM's import in the background warm-up,
for a feature this app never uses (the same tax was traced in napari's start-up, napari issue 8584).

`speed_up()` keeps PySide6's question and its answer, but reads the file's bytes directly; any module whose
source is not a plain .py file is still asked the library's way.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

_MARK = "_desk_reads_bytes"


def speed_up() -> bool:
    """Import PySide6's core and make its per-import source check read bytes; True when it was put in place.

    Does nothing (False) when this PySide6 has no such check, or when it was already put in place.
    """
    import PySide6.QtCore  # noqa: F401 - loads the import hook and the module holding the check

    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(original) or getattr(original, _MARK, False):
        return False
    fast = reads_bytes(original)
    setattr(fast, _MARK, True)
    feature._mod_uses_pyside = fast  # type: ignore[attr-defined]
    return True


def reads_bytes(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    """`original` (module -> whether its source mentions "PySide6"), answered from the .py file's bytes."""

    def mod_uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass  # a module inside a zip, a file gone since: the library's own way
        return bool(original(module))

    return mod_uses_pyside
