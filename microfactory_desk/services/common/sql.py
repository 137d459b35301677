"""The light read path KPI queries use: a Database, or a session inside a running transaction (the demo load)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Protocol

from sqlalchemy import text
from sqlalchemy.orm import Session


class Reader(Protocol):
    """Anything that runs one portable SELECT with :named parameters and returns tuples."""

    def read(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """The rows of the query."""
        ...


class SessionReader:
    """Reads through an open session, so rows written earlier in the same transaction are seen."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def read(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """The rows of the query, as tuples."""
        values = dict(params or {})
        if self._session.get_bind().dialect.name == "sqlite":
            # Dates as the text SQLAlchemy stores in SQLite (and without sqlite3's deprecated date adapter).
            values = {
                k: v.isoformat() if isinstance(v, dt.date) and not isinstance(v, dt.datetime) else v
                for k, v in values.items()
            }
        return [tuple(row) for row in self._session.execute(text(sql), values)]
