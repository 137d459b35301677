"""Commands of the attention area."""

from __future__ import annotations

from typing import Any


def register(commands: Any, imports: Any, exports: Any) -> None:
    """Add this area's commands and import/export kinds; each parser sets its handler with set_defaults(run=...)."""
    del commands, imports, exports
