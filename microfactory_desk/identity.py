"""Who is working: the name written into created_by/updated_by and the change log.

The OS login by default; a display name chosen in the settings replaces it (`set_display_name`). Every
database session of this process writes under the same name, so a save on a shared server always says who.
"""

from __future__ import annotations

import functools
import getpass

_display_name = ""


@functools.cache  # a process keeps its login; getpass reads the environment and the password database
def os_login() -> str:
    """The operating-system login name, or "unknown" when the system cannot say (read once per process)."""
    try:
        return getpass.getuser()
    except Exception:  # no login name in the environment or the password database (containers)
        return "unknown"


def current_user() -> str:
    """The name this process writes as (display name if set, else the OS login); at most 100 characters."""
    return (_display_name or os_login())[:100]


def set_display_name(name: str) -> None:
    """Write as `name` from now on (blank: back to the OS login)."""
    global _display_name
    _display_name = " ".join(name.split())
