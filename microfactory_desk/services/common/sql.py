"""The SQL toolbox of the light read path: readers, raw-value conversion and the one search helper.

Parameter binding (dates as the text SQLite stores) happens once, in `db.py`; here rows come back as
tuples whose date columns are ISO text on SQLite and date objects on PostgreSQL, so every service
converts them through `as_date`/`as_datetime`, and every search box builds its filter through
`search_clause` (raw SQL) or `search_filter` (ORM queries).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from microfactory_desk.db import read_in_session
from microfactory_desk.db_dialect import reads_sqlite
from microfactory_desk.db_search import COUNT_CAP, SearchIndex, narrowing
from microfactory_desk.schemas.text import fold

if TYPE_CHECKING:
    from sqlalchemy.orm import Session
    from sqlalchemy.sql.elements import ColumnElement

# The escape character of every search LIKE; written the same way on SQLite and PostgreSQL.
LIKE_ESCAPE = "\\"


def money_units(quantity: str, unit_price: str) -> str:
    """SQL for quantity x unit price in whole ten-thousandths (an integer on both backends, so sums are exact).

    SQLite multiplies NUMERIC as floating point (50 x 0.0107 = 0.53499...); rounding the 4-decimal price to an
    integer first keeps the arithmetic exact. Turn a SUM of it into money with `schemas.money.money_from_units`.
    """
    return f"({quantity} * CAST(ROUND({unit_price} * 10000) AS BIGINT))"


class Reader(Protocol):
    """Anything that runs one portable SELECT with :named parameters and returns tuples."""

    def read(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """The rows of the query."""
        ...


def is_sqlite(reader: Reader) -> bool:
    """True when `reader` reads a SQLite database (a Database, or a SessionReader over one)."""
    return reads_sqlite(reader)


class SessionReader:
    """Reads through an open session, so rows written earlier in the same transaction are seen."""

    def __init__(self, session: Session) -> None:
        self._session = session

    @property
    def is_sqlite(self) -> bool:
        """True when the session's database is SQLite."""
        return self._session.get_bind().dialect.name == "sqlite"

    def read(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """The rows of the query, as tuples."""
        return read_in_session(self._session, sql, params)


def as_date(value: Any) -> dt.date | None:
    """A date from a raw row value: SQLite hands back ISO text, PostgreSQL a date; None stays None."""
    if isinstance(value, str):  # SQLite's text first: the hot path of every list
        return dt.date.fromisoformat(value[:10])
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def required_date(value: Any) -> dt.date:
    """A date from a raw value of a NOT NULL column."""
    day = as_date(value)
    if day is None:
        raise ValueError("a NOT NULL date column returned NULL")
    return day


def as_datetime(value: Any) -> dt.datetime | None:
    """A naive datetime from a raw row value (SQLite text "YYYY-MM-DD HH:MM:SS[.ffffff]", or a datetime)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    return dt.datetime.fromisoformat(str(value))


def like_pattern(word: str) -> str:
    """A LIKE pattern matching `word` anywhere, with LIKE's wildcards and the escape typed literally."""
    escaped = word.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%").replace("_", LIKE_ESCAPE + "_")
    return f"%{escaped}%"


def prefix_pattern(prefix: str) -> str:
    """A LIKE pattern matching text that starts with `prefix`, its wildcards typed literally; use with
    ESCAPE LIKE_ESCAPE (`column.like(prefix_pattern(p), escape=LIKE_ESCAPE)`), so "PO_" matches no "POX"."""
    return like_pattern(prefix)[1:]  # like_pattern's escaping, without its leading wildcard


def search_patterns(search: str) -> list[str]:
    """One LIKE pattern per word of the case- and accent-folded search ("Łódź %" -> ["%lodz%", "%\\%%"])."""
    return [like_pattern(word) for word in fold(search).split()]


def search_clause(search: str, columns: Sequence[str], *, prefix: str = "search") -> tuple[str, dict[str, Any]]:
    """A raw-SQL condition true when every searched word is in one of `columns`, and its parameters.

    The columns must hold folded text (a `search_text` column) or ASCII text wrapped in LOWER(); the
    condition is "" when nothing is searched.
    """
    clauses: list[str] = []
    params: dict[str, Any] = {}
    for i, pattern in enumerate(search_patterns(search)):
        name = f"{prefix}{i}"
        clauses.append("(" + " OR ".join(f"{c} LIKE :{name} ESCAPE '{LIKE_ESCAPE}'" for c in columns) + ")")
        params[name] = pattern
    return " AND ".join(clauses), params


def search_filter(search: str, *columns: Any) -> list[ColumnElement[bool]]:
    """The ORM form of `search_clause`: one condition per searched word, for `select(...).where(*...)`."""
    from sqlalchemy import or_

    return [or_(*(c.like(pattern, escape=LIKE_ESCAPE) for c in columns)) for pattern in search_patterns(search)]


class Conditions:
    """The WHERE of a list query, built one filter at a time; values are bound as parameters, never pasted.

    `Conditions(limit=50).equal("o.status", "status", status).search(text, ["p.search_text"]).where()` gives
    " WHERE o.status = :status AND (...)" (or "" when no filter is set) and `.params` the values to bind.
    """

    def __init__(self, **params: Any) -> None:
        self.clauses: list[str] = []
        self.params: dict[str, Any] = dict(params)
        # True when a search matches so many rows that its count stops at COUNT_CAP (see `search`).
        self.broad = False

    def add(self, clause: str, **params: Any) -> Conditions:
        """Add a literal condition (no user text in `clause`) with the parameters it names."""
        self.clauses.append(clause)
        self.params.update(params)
        return self

    def equal(self, column: str, name: str, value: Any) -> Conditions:
        """`column = :name`, unless `value` is None or "" (that filter is not set)."""
        if value is None or value == "":
            return self
        return self.add(f"{column} = :{name}", **{name: value})

    def search(
        self, text: str, columns: Sequence[str], *, index: SearchIndex | None = None, reader: Reader | None = None
    ) -> Conditions:
        """Every folded word of `text` in one of `columns` (see `search_clause`); nothing when `text` is blank.

        With a trigram `index` and a SQLite `reader`, the rows are first narrowed to the index's matches of the
        words of three characters or more (the LIKE conditions still decide, so the result is the same). A
        search matching COUNT_CAP rows or more in the index, or with only shorter words, is `broad`: its rows
        are found fast in the list's order anyway, and its count is capped.
        """
        if not text or text.isspace():
            return self
        clause, params = search_clause(text, columns)
        if not clause:
            return self
        self.add(clause, **params)
        if index is not None and reader is not None and is_sqlite(reader):
            self._narrow(fold(text).split(), index, reader)
        return self

    def _narrow(self, words: list[str], index: SearchIndex, reader: Reader) -> None:
        found = narrowing(reader, words, index)
        if found is None:
            self.broad = True
        else:
            self.add(found[0], **found[1])

    def count(self, reader: Reader, count_sql: str, offset: int = 0) -> tuple[int, bool]:
        """The rows `count_sql` ("SELECT COUNT(*) FROM ...{where}") counts under these conditions, and whether
        the count stopped at `offset` + COUNT_CAP because the search is broad."""
        sql = count_sql.format(where=self.where())
        if not self.broad:
            return int(reader.read(sql, self.params)[0][0]), False
        cap = offset + COUNT_CAP
        rows = sql.replace("SELECT COUNT(*) FROM", "SELECT 1 FROM", 1)
        found = int(
            reader.read(f"SELECT COUNT(*) FROM ({rows} LIMIT :count_cap) capped", {**self.params, "count_cap": cap})[0][
                0
            ]
        )
        return found, found >= cap

    def where(self) -> str:
        """ " WHERE a AND b ..." or "" when no condition was added."""
        return (" WHERE " + " AND ".join(self.clauses)) if self.clauses else ""
