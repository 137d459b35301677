"""Work on the database as a whole: upgrade the schema (backing up first), copy it safely, recognise a desk file.

Split from `db.py`, which opens the database and hands out sessions; everything here runs through a
`Database` and imports SQLAlchemy and Alembic only when called.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from microfactory_desk import clock
from microfactory_desk.errors import DatabaseError
from microfactory_desk.migrations import HEAD_REVISION, MIGRATIONS_DIR

if TYPE_CHECKING:
    from microfactory_desk.db import Database


def holds_data(db: Database) -> bool:
    """True when any user table of `db` has a row (so an upgrade must back it up first)."""
    from sqlalchemy import text

    from microfactory_desk.db_search import is_search_object

    # The search tables hold their own bookkeeping rows in every migrated file: they are not data.
    tables = [t for t in db.table_names() if t != "alembic_version" and not is_search_object(t)]
    with db.engine.connect() as conn:
        for table in tables:
            if conn.execute(text(f'SELECT 1 FROM "{table}" LIMIT 1')).first() is not None:
                return True
    return False


def known_revisions() -> set[str]:
    """Every migration revision this version of the app can upgrade from (or is at)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}


def newer_layout(where: str, revision: str) -> str:
    """The one sentence for a database or backup (`where`, e.g. "The database /x/desk.sqlite") whose schema
    `revision` this app does not know: a newer app set it up, so the remedy is updating the app, never `upgrade`."""
    return f"{where} was set up by a newer version of Microfactory Desk ({revision}): update this app before using it."


def refuse_newer_layout(db: Database, revision: str | None) -> None:
    """Raise DatabaseError (the `newer_layout` sentence) when `revision`, read from `db`, is unknown to this app.

    An empty database (None) and every known revision pass.
    """
    if revision is not None and revision != HEAD_REVISION and revision not in known_revisions():
        raise DatabaseError(newer_layout(f"The database {db.label}", revision))


# The key of the PostgreSQL advisory lock that serialises schema upgrades (any constant of our own).
UPGRADE_LOCK_KEY = 0x4D4644_0001


def upgrade_schema(db: Database) -> Path | None:
    """Bring `db`'s schema to the newest revision; back up first when there is data. Returns the backup's path.

    Raises DatabaseError when the upgrade would break links between records (nothing is then changed), when
    a newer app set the database up (Alembic cannot go forward from a revision it does not know), or when a
    server database without our schema holds another program's tables (ours are never added to it).
    """
    revision = db.schema_revision()
    if revision == HEAD_REVISION:
        return None
    refuse_newer_layout(db, revision)
    backup_path = None
    if db.is_sqlite and holds_data(db):
        backup_path = db.backup(db.automatic_backup_path("before-upgrade"))
    elif not db.is_sqlite and db.schema_revision() is not None:
        from microfactory_desk.db_server import backup_before_upgrade

        backup_path = backup_before_upgrade(db)
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect

    from microfactory_desk.db_server import foreign_tables

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with db.engine.connect() as conn:
        # SQLite migrations rebuild a table to alter it; with foreign keys on, dropping the old table would
        # cascade-delete the rows of every table pointing at it. Off for the upgrade (the pragma only
        # works outside a transaction, so on the driver's connection), checked before the commit.
        raw = conn.connection.driver_connection if db.is_sqlite else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                if raw is None:
                    # Clients opening a new server database at once: one builds the schema, the others wait
                    # here for its commit, then find the schema at head (alembic reads the version after the
                    # lock) and change nothing; without it they collide on "duplicate key … pg_type".
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({UPGRADE_LOCK_KEY})")
                    # Read under the lock, so another upgrade's committed tables are not taken for a stranger's.
                    # (A SQLite file was checked on opening: ensure_desk_file.)
                    tables = set(inspect(conn).get_table_names())
                    if tables and "alembic_version" not in tables:
                        raise DatabaseError(foreign_tables(db))
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
                if raw is not None and conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                    raise DatabaseError(f"The upgrade of {db.label} would break links between records.")
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")
    return backup_path


def backup_copy(db: Database, out: Path) -> Path:
    """A consistent copy through SQLite's online backup API (a server: pg_dump), safe while the app runs.

    `out` may be a folder (a dated name is chosen in it). Returns the written path. Raises DatabaseError when
    there is no database, `out` is the database itself, or the copy fails (any previous `out` is kept).
    """
    from microfactory_desk import db as db_module  # read at call time: tests shorten the busy timeout

    if db.file is None:
        from microfactory_desk.db_server import pg_dump

        return pg_dump(db, Path(out))
    if not db.file.exists():
        raise DatabaseError(f"No database at {db.file}.")
    out = Path(out).expanduser().resolve()
    if out.is_dir():
        out = out / f"{db.file.stem}-{clock.now():%Y%m%d-%H%M%S}.sqlite"
    own = db.file.resolve()
    if out == own:
        raise DatabaseError("The backup cannot overwrite the database itself.")
    if out in {own.with_name(own.name + suffix) for suffix in ("-wal", "-shm", "-journal")}:
        # SQLite owns those names: it removes or rewrites them when the database is next opened or closed.
        raise DatabaseError(f"{out.name} is the database's own working file: choose another name for the backup.")
    out.parent.mkdir(parents=True, exist_ok=True)
    # The copy is written under a hidden temp name and moved into place when complete (a killed backup
    # leaves no half file, and its temp is cleaned by the next one).
    from microfactory_desk.exports.atomic import atomic_output

    try:
        with atomic_output(out) as tmp:
            copy_into(sqlite3.connect(db.file, timeout=db_module.BUSY_TIMEOUT_S), tmp)
    except sqlite3.Error as exc:
        advice = "free some space or choose another folder" if "full" in str(exc) else "try again"
        raise DatabaseError(f"Backup to {out} failed: {exc} ({advice}). Any previous {out.name} was kept.") from exc
    return out


def copy_into(source: sqlite3.Connection, path: Path) -> None:
    """Copy the database open on `source` into a new file at `path` with SQLite's online backup API (consistent
    while others write), leave it in rollback-journal mode (one self-contained file), and close `source`.

    Raises sqlite3.Error when the copy fails (a full disk, an unreadable source).
    """
    copy = sqlite3.connect(path)
    try:
        with copy:
            source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()
        source.close()


def ensure_desk_file(path: Path, conn: sqlite3.Connection | None = None) -> None:
    """Refuse a file that is not SQLite, or a SQLite file holding another program's tables (DatabaseError).

    `conn`, a connection to `path` that has not changed the file yet, reads its tables; without one, a connection
    of its own does (reading the schema costs a new connection 2-3 ms, which the window's start pays once).
    """
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise DatabaseError(f"{path} is not a Microfactory Desk database (not a SQLite file).")
    try:
        if conn is not None:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        else:
            with sqlite3.connect(path, timeout=10) as own:
                tables = {row[0] for row in own.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error as exc:
        raise DatabaseError(f"{path} cannot be read as a database: {exc}") from exc
    if tables and "alembic_version" not in tables:
        raise DatabaseError(f"{path} holds another program's tables, not a Microfactory Desk database.")
