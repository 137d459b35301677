"""Bulk inserts of plain column values through the driver's own executemany, inside the session's transaction.

For a big import SQLAlchemy's per-row work (building each parameter set, running each type's bind
processor) costs more than the database itself. Here the INSERT is compiled once by SQLAlchemy for the
session's dialect, each column goes through its type's bind processor once per distinct value, and the rows
go to the driver in one executemany: the same SQL and stored values as a Core insert, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import DeclarativeBase, Session

from microfactory_desk import clock
from microfactory_desk.identity import current_user


def insert_columns(session: Session, model: type[DeclarativeBase], columns: Mapping[str, Sequence[Any]]) -> int:
    """Insert rows of the model's table, one per position of the equally long `columns` (column name -> values).

    Returns the number inserted.

    Columns left out take their server default (or NULL); Python-side defaults of the table do not run, so
    give every value the model would fill in (uuid, timestamps). Raises the driver's errors as SQLAlchemy does
    (IntegrityError...), and rolls back nothing itself: the session's transaction decides.
    """
    names = list(columns)
    lengths = {len(values) for values in columns.values()}
    if len(lengths) > 1:
        raise ValueError(f"columns of different lengths: {sorted(lengths)}")
    count = lengths.pop() if lengths else 0
    if not count:
        return 0
    table = model.__table__
    assert isinstance(table, Table)
    connection = session.connection()
    dialect = connection.dialect
    compiled = insert(table).compile(dialect=dialect, column_keys=names)
    prepared = {name: _bound(values, table.c[name].type.dialect_impl(dialect).bind_processor(dialect))
                for name, values in columns.items()}  # fmt: skip
    if compiled.positiontup is not None:  # qmark / format styles: values in the statement's order
        parameters: list[Any] = list(zip(*(prepared[name] for name in compiled.positiontup), strict=True))
    else:  # named styles (psycopg's pyformat)
        parameters = [dict(zip(names, row, strict=True)) for row in zip(*prepared.values(), strict=True)]
    connection.exec_driver_sql(compiled.string, parameters)
    return count


def random_uuids(count: int) -> list[str]:
    """`count` random (version 4) UUIDs as text, like `models.base.new_uuid`, in ascending order.

    uuid.uuid4() costs ~10 us a call on a loaded machine, a tenth of a big import's own work: the random bytes
    are drawn in one call and only formatted per UUID. Ascending order lets an index on them grow at its end
    rather than at random pages.
    """
    hexed = os.urandom(16 * count).hex()
    chunks = (hexed[start : start + 32] for start in range(0, 32 * count, 32))
    return sorted(f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:]}" for h in chunks)


_VARIANT = {f"{d:x}": f"{8 | (d & 3):x}" for d in range(16)}  # the RFC 4122 variant bits (10xx) of clock_seq_hi


def _bound(values: Sequence[Any], processor: Any) -> Sequence[Any]:
    """The values as the driver takes them; repeated values (dates, timestamps) are converted once."""
    if processor is None:
        return values
    converted = {(type(v), v): processor(v) for v in set(values)}
    return [converted[type(v), v] for v in values]


def stamped(model: type[DeclarativeBase], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`rows` of `model` with the values its Python-side defaults would give, computed once per call.

    For the table's columns among uuid, created_at, updated_at, created_by and updated_by that a row leaves
    out: random UUIDs, one UTC moment, the current user. An ORM bulk INSERT otherwise calls each default once
    per row and column (a 10,000-partner roster import: ~120,000 clock reads and ~27,000 login lookups, about
    a second). The rows are new dicts; the given ones are not changed.
    """
    table = model.__table__
    assert isinstance(table, Table)
    now, who = clock.utc_now(), current_user()
    fixed = {"created_at": now, "updated_at": now, "created_by": who, "updated_by": who}
    fixed = {name: value for name, value in fixed.items() if name in table.c}
    uuids = iter(random_uuids(len(rows))) if "uuid" in table.c else None
    out = []
    for row in rows:
        full = {**fixed, **row}
        if uuids is not None and "uuid" not in row:
            full["uuid"] = next(uuids)
        out.append(full)
    return out
