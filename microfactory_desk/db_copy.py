"""Copy a whole database to another one (SQLite file or PostgreSQL server, either way), verified, all or nothing.

Photos live in the database (tables `photo` and `photo_data`), so copying every table copies them too. The
target is migrated to this app's schema first and must hold no data. Rows stream in batches in primary-key
order inside one target transaction; before it commits, each table's row count and checksum (SHA-256 of its
rows, values read through the schema's column types with decimals normalised, so SQLite and PostgreSQL agree)
are compared with the source's. On any failure the transaction is rolled back (a SQLite file this copy
created is removed), so the target is left empty. PostgreSQL sequences are set past the
copied ids, so the next record gets a fresh id.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, LargeBinary, Numeric, Table, bindparam, func, insert, or_, select, text, update

from microfactory_desk.db import Database, ensure_desk_file, resolve_url
from microfactory_desk.db_maintenance import holds_data, refuse_newer_layout
from microfactory_desk.errors import DatabaseError, DeskError
from microfactory_desk.migrations import HEAD_REVISION
from microfactory_desk.wording import counted

BATCH_ROWS = 2000


@dataclass(frozen=True)
class TableCopy:
    """One copied table: its name, rows copied and the checksum both sides agree on (hex SHA-256)."""

    table: str
    rows: int
    checksum: str


def tables() -> list[Table]:
    """Every table of the app's schema, parents before children (alembic_version is the migration's own)."""
    from microfactory_desk.models import Base

    return list(Base.metadata.sorted_tables)


Normaliser = Callable[[Any], Any] | None


def normalisers(table: Table) -> list[Normaliser]:
    """Per column, how the checksum reads a value so SQLite and PostgreSQL agree (None: as the driver gives it).

    Decimals lose trailing zeros (PostgreSQL says 12.5000, SQLite 12.5) and binary data reads as bytes; dates,
    times, booleans, integers and text already arrive as the same Python values from both through SQLAlchemy's
    column types, and repr() tells them apart (None from "None", 1 from "1", True from 1).
    """
    found: list[Normaliser] = []
    for column in table.columns:
        if isinstance(column.type, Numeric) and column.type.asdecimal:
            found.append(Decimal.normalize)
        elif isinstance(column.type, LargeBinary):
            found.append(bytes)
        else:
            found.append(None)
    return found


def _add_rows(digest: Any, rows: Sequence[Sequence[Any]], normalise: list[Normaliser]) -> None:
    for row in rows:
        values = tuple(v if f is None or v is None else f(v) for f, v in zip(normalise, row, strict=True))
        # repr() quotes and escapes text, so no value can run into the next one or the next row.
        digest.update(repr(values).encode())
        digest.update(b"\n")


def _ordered(table: Table) -> Any:
    return select(table).order_by(*table.primary_key.columns)


def _batches(conn: Connection, table: Table, batch_rows: int) -> Iterator[Sequence[Any]]:
    """The table's rows in primary-key order, `batch_rows` at a time (a server-side cursor on PostgreSQL)."""
    result = conn.execution_options(stream_results=True, yield_per=batch_rows).execute(_ordered(table))
    yield from result.partitions(batch_rows)


def table_checksum(conn: Connection, table: Table, batch_rows: int = BATCH_ROWS) -> tuple[int, str]:
    """(row count, checksum) of one table as `conn` sees it, read in batches."""
    digest, count, normalise = hashlib.sha256(), 0, normalisers(table)
    for batch in _batches(conn, table, batch_rows):
        _add_rows(digest, batch, normalise)
        count += len(batch)
    return count, digest.hexdigest()


def _self_links(table: Table) -> list[str]:
    """Columns pointing at the same table (a partner's fallback): filled in a second pass, once every row exists."""
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def _copy_table(source: Connection, target: Connection, table: Table, batch_rows: int) -> TableCopy:
    links = _self_links(table)
    digest, count, normalise = hashlib.sha256(), 0, normalisers(table)
    names = [c.name for c in table.columns]
    for batch in _batches(source, table, batch_rows):
        _add_rows(digest, batch, normalise)
        rows = [dict(zip(names, row, strict=True)) for row in batch]
        if links:
            rows = [row | dict.fromkeys(links, None) for row in rows]
        target.execute(insert(table), rows)
        count += len(batch)
    if links:
        _fill_links(source, target, table, links, batch_rows)
    return TableCopy(table.name, count, digest.hexdigest())


def _fill_links(source: Connection, target: Connection, table: Table, links: list[str], batch_rows: int) -> None:
    """Second pass: set the self-links; columns with an on-update default (updated_at, updated_by) are written
    with their source values too, or the UPDATE would stamp them with now and this user."""
    key = table.primary_key.columns.values()[0]
    kept = [c.name for c in table.columns if c.onupdate is not None]
    linked = select(key, *(table.c[n] for n in links + kept)).where(or_(*(table.c[n].is_not(None) for n in links)))
    statement = update(table).where(key == bindparam("_key")).values({n: bindparam(f"_{n}") for n in links + kept})
    result = source.execution_options(stream_results=True, yield_per=batch_rows).execute(linked.order_by(key))
    for batch in result.partitions(batch_rows):
        target.execute(
            statement,
            [{"_key": row[0]} | {f"_{n}": v for n, v in zip(links + kept, row[1:], strict=True)} for row in batch],
        )


def _set_sequences(target: Connection, copied: Iterable[Table]) -> None:
    """On PostgreSQL, move each id sequence past the highest copied id (explicit ids do not advance it)."""
    if target.dialect.name != "postgresql":
        return  # SQLite takes max(rowid) + 1 by itself
    for table in copied:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        target.execute(
            text(
                "SELECT setval(pg_get_serial_sequence(:table, 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL)"
                f' FROM "{table.name}"'
            ),
            {"table": table.name},
        )


def _check_source(source: Database) -> None:
    if source.file is not None and not source.file.exists():
        raise DeskError(f"No database at {source.file} to copy from.")
    if source.file is not None:
        ensure_desk_file(source.file)
    revision = source.schema_revision()
    refuse_newer_layout(source, revision)
    if revision is None:
        raise DeskError(f"{source.label} is empty: there is nothing to copy.")
    if revision != HEAD_REVISION:
        raise DeskError(
            f"{source.label} has an older layout ({revision}) than this app's ({HEAD_REVISION}): "
            f"run `microfactory-desk --db {source.label} upgrade` on it first."
        )


def _check_target_empty(target: Database) -> None:
    if target.file is not None:
        ensure_desk_file(target.file)
        if not target.file.exists():
            if not target.file.parent.is_dir():  # as exports do: a mistyped folder is refused, never created
                raise DeskError(f"Cannot write to the folder {target.file.parent}: No such file or directory")
            return
    # An unreachable server: DatabaseError naming the host and the cause; a newer app's layout: update first.
    refuse_newer_layout(target, target.schema_revision())
    if holds_data(target):
        raise DeskError(f"{target.label} already holds data: copy into a new file or an empty database.")


def location_label(location: str) -> str:
    """A path or URL as messages show it: the file path, or the URL without its password."""
    return Database(resolve_url(location)).label


def copy_database(
    source_location: str,
    target_location: str,
    *,
    batch_rows: int = BATCH_ROWS,
    progress: Callable[[TableCopy], None] | None = None,
) -> list[TableCopy]:
    """Copy every table from `source_location` to `target_location` (paths or URLs); one TableCopy per table.

    Raises DeskError when the source is not at this app's schema, the target holds data or is the source, and
    DatabaseError when a row cannot be written or the verification finds a difference (the target is then left
    empty, and a SQLite file this copy created is removed).
    """
    source, target = Database(resolve_url(source_location)), Database(resolve_url(target_location))
    if source.url == target.url:
        raise DeskError("The source and the target are the same database.")
    created = target.file is not None and not target.file.exists()
    try:
        _check_source(source)
        _check_target_empty(target)
        target.upgrade()
        return _copy_all(source, target, batch_rows, progress)
    except BaseException:
        target.close()
        if created and target.file is not None:
            for leftover in (target.file, *(Path(f"{target.file}{s}") for s in ("-wal", "-shm", "-journal"))):
                leftover.unlink(missing_ok=True)
        raise
    finally:
        source.close()
        target.close()


def _failure_cause(exc: BaseException) -> str:
    """A lost server in people's words ("the server ended the connection"), else the error's first line."""
    from microfactory_desk.db_server import connection_cause, is_connection_fault

    return connection_cause(exc) if is_connection_fault(exc) else str(exc).splitlines()[0]


def _copy_all(
    source: Database, target: Database, batch_rows: int, progress: Callable[[TableCopy], None] | None
) -> list[TableCopy]:
    """The copy itself: one snapshot of the source, one transaction on the target, verified before commit."""
    ordered = tables()
    # A read transaction (no write lock on a SQLite source); on a server one snapshot of every table.
    options = {} if source.is_sqlite else {"isolation_level": "REPEATABLE READ"}
    with source.session(write=False) as session, target.engine.connect() as writer, writer.begin():
        reader = session.connection(execution_options=options)
        copied = []
        for table in ordered:
            try:
                done = _copy_table(reader, writer, table, batch_rows)
            except DeskError:
                raise
            except Exception as exc:
                raise DatabaseError(
                    f"Copying table {table.name} to {target.label} failed: {_failure_cause(exc)}. Nothing was copied."
                ) from exc
            copied.append(done)
            if progress is not None:
                progress(done)
        _set_sequences(writer, ordered)
        _verify(writer, ordered, copied, target.label, batch_rows)
    return copied


def _verify(writer: Connection, ordered: list[Table], copied: list[TableCopy], label: str, batch_rows: int) -> None:
    """Read every table back from the target (inside the copy's transaction) and compare count and checksum."""
    for table, done in zip(ordered, copied, strict=True):
        count = writer.execute(select(func.count()).select_from(table)).scalar_one()
        rows, checksum = table_checksum(writer, table, batch_rows)
        if (count, rows, checksum) != (done.rows, done.rows, done.checksum):
            same = "the same" if checksum == done.checksum else "different"
            raise DatabaseError(
                f"Verification failed for table {table.name} on {label}: {counted(done.rows, 'row')} copied, {count:,} found,"
                f" checksum {same}. Nothing was copied."
            )
