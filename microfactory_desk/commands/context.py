"""The command line's one composition root: every command handler gets its services here."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from microfactory_desk.wiring import Services


def services_for(location: str, *, create: bool = False) -> Services:
    """The services of the database at `location` (opened and upgraded; a missing file is an error unless `create`).

    Imports the database layer only when called, so `--help` and argument errors stay fast.
    """
    from microfactory_desk.db import open_database
    from microfactory_desk.wiring import Services

    db = open_database(location, create=create)
    db.on_busy = _tell_busy
    return Services(db)


def _tell_busy(message: str) -> None:
    """Say on stderr that a write is waiting for another program's lock (stdout stays the command's output)."""
    import sys

    print(message, file=sys.stderr)
