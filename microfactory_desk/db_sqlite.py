"""How every SQLite connection of the app is set up: WAL mode, then the pragmas (used by `db`)."""

from __future__ import annotations

import sqlite3
import time
from typing import Any

# Run on every new connection after WAL mode (`switch_to_wal`).
SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=FULL",
    # 64 MB of page cache (the default is 2 MB): a big import updates five delivery indexes, and with the small
    # cache every insert re-reads index pages from disk (100,000 deliveries: 7.0 s of inserting instead of 3.7 s).
    "PRAGMA cache_size=-65536",
)


def switch_to_wal(cur: Any, timeout_s: float) -> None:
    """Put the file in WAL mode through the DB-API cursor `cur`, waiting up to `timeout_s` seconds for the lock.

    SQLite answers "database is locked" at once, without its busy handler, when a brand-new file is switched
    while another client holds it (several windows opening one new file): the switch is tried again.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
