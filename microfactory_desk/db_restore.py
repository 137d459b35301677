"""Restoring a backup over the database file: verify it, keep the current file aside, swap atomically.

Lives beside db.py (it owns the SQLite specifics: pragmas, journal modes, file swaps) and is used by the
`restore` command and File › Restore… through the composition roots.
"""

from __future__ import annotations

import gc
import sqlite3
from pathlib import Path

from microfactory_desk.db import Database, ensure_desk_file, open_database
from microfactory_desk.db_maintenance import copy_into, known_revisions, newer_layout
from microfactory_desk.errors import DatabaseError
from microfactory_desk.wording import counted


def verify_backup(backup: Path) -> str:
    """The revision of `backup` when it can be restored; DatabaseError saying what is wrong otherwise.

    Checks that it is a Microfactory Desk SQLite file, passes SQLite's integrity and foreign-key checks, is at
    a revision this app knows and, at the newest revision, has exactly the models' schema. Opens it read-only.
    """
    backup = Path(backup).expanduser().resolve()
    if not backup.is_file():
        raise DatabaseError(f"No backup at {backup}.")
    if backup.stat().st_size == 0:  # SQLite opens an empty file as an empty database: say what it is
        raise DatabaseError(f"{backup} is empty (0 bytes), not a backup; choose another backup.")
    ensure_desk_file(backup)
    try:
        with sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True) as conn:
            integrity = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
            versioned = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone() if versioned.fetchone() else None
    except sqlite3.Error as exc:
        raise DatabaseError(f"{backup} cannot be read as a database ({exc}); choose another backup.") from exc
    if integrity != ["ok"]:
        raise DatabaseError(f"{backup} is damaged ({integrity[0]}); choose another backup.")
    if broken:
        raise DatabaseError(
            f"{backup} has {counted(len(broken), 'broken link')} between records; choose another backup."
        )
    revision = str(row[0]) if row else ""
    if not revision:
        raise DatabaseError(f"{backup} holds no schema version (an empty database?); choose another backup.")
    if revision not in known_revisions():
        raise DatabaseError(newer_layout(f"The backup {backup}", revision))
    from microfactory_desk.migrations import HEAD_REVISION

    if revision == HEAD_REVISION:
        from sqlalchemy import create_engine

        from microfactory_desk.migrations.schema_check import schema_differences

        engine = create_engine(f"sqlite:///{backup.as_uri()}?mode=ro&uri=true")
        try:
            with engine.connect() as conn:
                differences = schema_differences(conn)
        finally:
            engine.dispose()
        if differences:
            raise DatabaseError(f"{backup} does not have this app's schema ({differences[0]}); choose another backup.")
    return revision


def _take_offline(file: Path) -> sqlite3.Connection:
    """A connection holding the only lock on `file`, its WAL folded back in; refuses while others have it open."""
    conn = sqlite3.connect(file, timeout=2, isolation_level=None)
    try:
        # Leaving WAL mode needs every other connection closed; it also folds the -wal file into the
        # database, so no stale WAL is applied to the file swapped in.
        mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()
        if mode is None or str(mode[0]).lower() != "delete":
            raise sqlite3.OperationalError("database is locked")
        conn.execute("BEGIN EXCLUSIVE")
    except sqlite3.Error as exc:
        conn.close()
        raise DatabaseError(
            f"{file} is open in another window or program; close it there and restore again. Nothing was changed."
        ) from exc
    return conn


def restore(db: Database, backup: Path) -> tuple[Database, Path | None]:
    """Replace the database file of `db` with `backup`; returns the reopened (and upgraded) database and where
    the file it replaced was copied first (None when there was none).

    `db` is closed by this call and must not be used afterwards. Raises DatabaseError (nothing changed) when
    the backup fails verification, the database is a server, or another program has the file open.
    """
    if db.file is None:
        raise DatabaseError(
            "restore works on SQLite files; for a PostgreSQL server, restore a pg_dump backup (what "
            "`microfactory-desk backup` writes) with pg_restore: `pg_restore --clean -d postgresql://USER@HOST/DB FILE`."
        )
    backup = Path(backup).expanduser().resolve()
    verify_backup(backup)
    target = db.file
    if backup == target.resolve():
        raise DatabaseError("The backup is the database itself; choose a backup file.")
    aside = db.backup(db.automatic_backup_path("before-restore")) if target.exists() else None
    db.close()
    # A connection the pool let go of can wait in a reference cycle until the collector runs (the window
    # schedules it itself, ui/gc_guard.py): collect now so it closes the file before we ask for sole use.
    gc.collect()
    from microfactory_desk.exports.atomic import atomic_output

    holder = _take_offline(target) if target.exists() else None
    try:
        with atomic_output(target) as tmp:
            copy_into(sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True), tmp)
            for leftover in (target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
                leftover.unlink(missing_ok=True)
    finally:
        if holder is not None:
            holder.close()
    return open_database(str(target)), aside
