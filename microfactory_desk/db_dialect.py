"""SQL fragments whose spelling differs between SQLite and PostgreSQL, for the light read path's queries.

Beside `db.py`, which owns the dialect: services ask here instead of writing a dialect's own SQL.
"""

from __future__ import annotations

from typing import Any


def reads_sqlite(reader: Any) -> bool:
    """True when `reader` (a Database, a SessionReader, anything with `is_sqlite`) reads SQLite; a reader that
    does not say is taken for SQLite, the embedded default."""
    return bool(getattr(reader, "is_sqlite", True))


def days_between(reader: Any, later: str, earlier: str) -> str:
    """SQL for the whole days from the date `earlier` to the date `later` (both SQL expressions), as a number;
    NULL when either is NULL. SQLite stores dates as ISO text (julianday), PostgreSQL subtracts DATEs."""
    if reads_sqlite(reader):
        return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
    return f"({later} - {earlier})"


def joined_ints(reader: Any, expr: str) -> str:
    """SQL for an aggregate joining a group's integers `expr` into one text, comma-separated in no particular order
    ("12,9,12"); NULLs are left out and a group without any value gives NULL. One text per group instead of a row
    per value: SQLite builds it in the pass that groups the rows anyway, where a second GROUP BY would sort them all
    again."""
    if reads_sqlite(reader):
        return f"group_concat({expr})"
    return f"string_agg(CAST({expr} AS TEXT), ',')"
