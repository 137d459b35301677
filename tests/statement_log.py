"""Counts what a block of code asks of the database: transactions, commits and statements.

ORM work is seen through SQLAlchemy engine events (begin, commit, before_cursor_execute). On SQLite the light
read path (`Database.read`) runs on its own sqlite3 connection, outside the engine; its statements are seen
through that connection's trace callback (the connection of the calling thread).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event

from microfactory_desk.db import Database

_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA)\b", re.IGNORECASE)


@dataclass
class StatementLog:
    """What ran while the log was open."""

    transactions: int = 0
    commits: int = 0
    statements: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    @property
    def writes(self) -> list[str]:
        """The INSERT, UPDATE and DELETE statements."""
        return [s for s in self.statements if _WRITE.match(s)]

    def touching(self, table: str) -> list[str]:
        """The statements that name a table."""
        word = re.compile(rf"\b{re.escape(table)}\b", re.IGNORECASE)
        return [s for s in self.statements if word.search(s)]


@contextmanager
def statement_log(db: Database, *, light_path: bool = True) -> Iterator[StatementLog]:
    """Record transactions (engine begin), commits and statements (without BEGIN/COMMIT/PRAGMA) in the block."""
    log = StatementLog()
    engine = db.engine

    def on_begin(conn: Any) -> None:
        # The server's light read path runs in autocommit: its reads open no transaction.
        if conn.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
            log.transactions += 1

    def on_commit(_conn: Any) -> None:
        log.commits += 1

    def on_execute(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if not _CONTROL.match(statement):
            log.statements.append(statement)
            log.params.append(parameters)

    def on_trace(statement: str) -> None:
        if not _CONTROL.match(statement):
            log.statements.append(statement)
            log.params.append(None)

    event.listen(engine, "begin", on_begin)
    event.listen(engine, "commit", on_commit)
    event.listen(engine, "before_cursor_execute", on_execute)
    raw = db._sqlite_conn() if light_path and db.is_sqlite else None  # the light path of this thread
    if raw is not None:
        raw.set_trace_callback(on_trace)
    try:
        yield log
    finally:
        event.remove(engine, "begin", on_begin)
        event.remove(engine, "commit", on_commit)
        event.remove(engine, "before_cursor_execute", on_execute)
        if raw is not None:
            raw.set_trace_callback(None)
