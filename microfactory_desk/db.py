"""Database access: URLs, SQLite pragmas, sessions, fast reads, schema revision and check.

SQLAlchemy and Alembic are imported only when first needed so that the window can open and show
the roster through the light `read()` path before the ORM is loaded. Upgrading and backing up the file
(and telling a desk file from any other) live in `db_maintenance`.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from microfactory_desk import clock
from microfactory_desk.db_maintenance import ensure_desk_file as ensure_desk_file
from microfactory_desk.db_sqlite import SQLITE_PRAGMAS as SQLITE_PRAGMAS
from microfactory_desk.db_sqlite import switch_to_wal
from microfactory_desk.db_urls import POSTGRES_DRIVER as POSTGRES_DRIVER
from microfactory_desk.db_urls import normalise_url as normalise_url
from microfactory_desk.db_urls import resolve_url as resolve_url
from microfactory_desk.db_urls import sqlite_file as sqlite_file
from microfactory_desk.errors import DatabaseError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_S = 10
# How many times a write tries to take the lock, each waiting the whole busy timeout.
BUSY_ATTEMPTS = 3
_BEGIN_OPTION = "desk_sqlite_begin"


_log = logging.getLogger(__name__)


def _log_busy(message: str) -> None:
    _log.warning(message)


def is_busy_error(exc: BaseException) -> bool:
    """True when `exc` (a DB-API or SQLAlchemy error) says SQLite's lock is held by another connection."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    return "database is locked" in text or "database is busy" in text


def _sqlite_params(params: dict[str, Any]) -> dict[str, Any]:
    """Dates as the text SQLAlchemy stores them in SQLite, so the light path compares like the ORM does."""
    for key, value in params.items():
        if isinstance(value, dt.datetime):
            params[key] = value.strftime("%Y-%m-%d %H:%M:%S.%f")
        elif isinstance(value, dt.date):
            params[key] = value.isoformat()
    return params


def read_in_session(session: Session, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """Run one portable SELECT inside an open session (its uncommitted rows are seen); rows as tuples."""
    from sqlalchemy import text

    values = dict(params or {})
    if session.get_bind().dialect.name == "sqlite":
        values = _sqlite_params(values)
    return [tuple(row) for row in session.execute(text(sql), values)]


def _apply_pragmas(conn: Any) -> None:
    cur = conn.cursor()
    # Read when the connection opens, so a test can shorten the wait.
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
    switch_to_wal(cur, BUSY_TIMEOUT_S)
    for pragma in SQLITE_PRAGMAS:
        cur.execute(pragma)
    cur.close()


class Database:
    """One database: the ORM engine and sessions, plus a light read path for hot lists."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.file = sqlite_file(url)
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._read_sessions: sessionmaker[Session] | None = None
        # Told "the database is busy, retrying" when a write waited a whole busy timeout; the window
        # shows it in the status bar, the command line on stderr.
        self.on_busy: Callable[[str], None] = _log_busy
        self._local = threading.local()
        self._light: list[sqlite3.Connection] = []  # every thread's light-path connection
        self._lock = threading.Lock()

    @property
    def is_sqlite(self) -> bool:
        """True when the database is an embedded SQLite file."""
        return self.file is not None

    @property
    def label(self) -> str:
        """How the database is named to the user: the file path, or the URL as people write it (no password, and
        no "+psycopg" driver name: postgresql://ann@db.example:5432/desk)."""
        if self.file is not None:
            return str(self.file)
        head, _, tail = self.url.partition("://")
        head = head.split("+", 1)[0]
        if "@" in tail:
            creds, host = tail.rsplit("@", 1)
            tail = f"{creds.split(':', 1)[0]}@{host}"
        return f"{head}://{tail}"

    # --- ORM -----------------------------------------------------------------------------
    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, created on first use."""
        with self._lock:
            if self._engine is None:
                self._engine = self._create_engine()
            return self._engine

    def _create_engine(self) -> Engine:
        from sqlalchemy import create_engine, event

        if self.is_sqlite:
            engine = create_engine(self.url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_S})

            @event.listens_for(engine, "connect")
            def _on_connect(dbapi_conn: Any, _record: Any) -> None:
                # pysqlite opens implicit transactions badly; let SQLAlchemy emit BEGIN itself.
                dbapi_conn.isolation_level = None
                _apply_pragmas(dbapi_conn)

            @event.listens_for(engine, "begin")
            def _on_begin(conn: Any) -> None:
                # A deferred BEGIN that later writes is refused at once by SQLite when another writer
                # committed meanwhile (the busy timeout does not apply to that upgrade); taking the
                # write lock up front makes a second writer wait instead of fail.
                if conn.get_execution_options().get(_BEGIN_OPTION) == "DEFERRED":
                    conn.exec_driver_sql("BEGIN")
                else:
                    self._begin_immediate(conn)

            return engine
        return create_engine(self.url, pool_pre_ping=True)

    def _begin_immediate(self, conn: Any) -> None:
        """BEGIN IMMEDIATE, retried a bounded number of times when even the busy timeout ran out.

        Raises DatabaseError naming the file when the lock is still held after every attempt.
        """
        for attempt in range(1, BUSY_ATTEMPTS + 1):
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                return
            except Exception as exc:
                if not is_busy_error(exc):
                    raise
                if attempt == BUSY_ATTEMPTS:
                    raise DatabaseError(
                        f"The database {self.label} is busy: another program kept it locked for "
                        f"{BUSY_ATTEMPTS * BUSY_TIMEOUT_S} s. Nothing was saved; close the other program "
                        "or try again."
                    ) from exc
                self.on_busy(f"The database is busy, retrying ({attempt}/{BUSY_ATTEMPTS - 1})...")

    @contextmanager
    def session(self, *, write: bool = True) -> Iterator[Session]:
        """A session in one transaction: committed when the block ends, rolled back on error.

        A write session (the default) takes SQLite's write lock at once (BEGIN IMMEDIATE), waiting up to
        the busy timeout and retrying a few times, so two writers queue instead of failing; `write=False`
        keeps a deferred transaction for pure reads, which never wait for writers. Raises DatabaseError
        when the lock cannot be had, and errors.ConstraintRefused (the record and field named) when a rule of
        the database refuses the write.
        """
        if self._sessions is None or self._read_sessions is None:
            from sqlalchemy.orm import sessionmaker

            self._sessions = sessionmaker(self.engine, expire_on_commit=False)
            reader = self.engine.execution_options(**{_BEGIN_OPTION: "DEFERRED"})
            self._read_sessions = sessionmaker(reader, expire_on_commit=False)
        from sqlalchemy.exc import IntegrityError

        makers = self._sessions if write else self._read_sessions
        committing = False
        try:
            with makers() as session, session.begin():
                if write and self.is_sqlite:
                    session.connection()  # the lock is taken here, before the block reads anything
                yield session
                session.flush()  # the INSERTs and UPDATEs fail here, before the COMMIT is sent
                committing = write  # a fault from here on may come after the server committed
        except IntegrityError as exc:
            # A rule of the database (unique code, number, reference; a record still in use) refused the write:
            # one readable refusal naming the record and field (ConstraintRefused), never the driver's text.
            from microfactory_desk.db_constraints import constraint_refusal

            raise constraint_refusal(exc) from exc
        except Exception as exc:
            self._raise_server_fault(exc, writing=write, committing=committing)
            raise

    def _raise_server_fault(self, exc: BaseException, *, writing: bool, committing: bool = False) -> None:
        """Turn a lost server into ServerUnreachable (host and cause in one line); other errors pass."""
        if self.file is not None or isinstance(exc, DatabaseError):
            return
        from microfactory_desk.db_server import is_connection_fault, unreachable

        if is_connection_fault(exc):
            raise unreachable(exc, self, writing=writing, committing=committing) from exc

    # --- light reads ---------------------------------------------------------------------
    def read(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Run one portable SELECT with :named parameters and return its rows as tuples."""
        params = dict(params or {})
        if self.file is not None:
            return self._sqlite_conn().execute(sql, _sqlite_params(params)).fetchall()
        try:
            return self._server_read(sql, params)
        except Exception as exc:
            self._raise_server_fault(exc, writing=False)
            raise

    def _server_read(self, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        """A read on this thread's own autocommit connection: one round trip (no ping, BEGIN or ROLLBACK).

        A connection the server dropped is opened again once, since a SELECT can safely run twice.
        """
        from sqlalchemy import exc, text

        for attempt in (1, 2):
            conn = getattr(self._local, "server_conn", None)
            if conn is None:
                conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
                self._local.server_conn = conn
            try:
                return [tuple(row) for row in conn.execute(text(sql), params)]
            except exc.DBAPIError as error:
                if not error.connection_invalidated or attempt == 2:
                    raise
                self._drop_server_conn()
        raise AssertionError("unreachable")

    def _drop_server_conn(self) -> None:
        conn = getattr(self._local, "server_conn", None)
        if conn is not None:
            self._local.server_conn = None
            try:
                conn.close()
            except Exception:  # a dead connection may fail to close; it is dropped either way
                pass

    def _sqlite_conn(self, *, check: bool = False) -> sqlite3.Connection:
        """This thread's light-path connection, opened on first use; with `check`, the file is refused first when
        it is not a desk database (ensure_desk_file), through the new connection, before it switches the file to
        WAL."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            assert self.file is not None
            # Not bound to its thread for closing: close() (a restore, a switch) closes every thread's one.
            conn = sqlite3.connect(self.file, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
            try:
                if check:
                    ensure_desk_file(self.file, conn)
                _apply_pragmas(conn)
            except BaseException:
                conn.close()
                raise
            self._local.conn = conn
            with self._lock:
                self._light.append(conn)
        elif check:
            assert self.file is not None
            ensure_desk_file(self.file, conn)
        return conn

    # --- schema --------------------------------------------------------------------------
    def schema_revision(self) -> str | None:
        """The Alembic revision the database is at, or None for an empty database.

        Raises DatabaseError naming the host and the cause when the database cannot be reached at all
        (driver missing, server down, wrong password, no such database): that is not "no version".
        """
        try:
            rows = self.read("SELECT version_num FROM alembic_version")
        except Exception as exc:
            if _is_missing_table(exc):
                return None
            from microfactory_desk.db_server import connection_problem

            raise DatabaseError(connection_problem(exc, self)) from exc
        return str(rows[0][0]) if rows else None

    @property
    def host(self) -> str:
        """Where the data lives, for messages: "host:port/database" of a server, or the file path."""
        if self.file is not None:
            return str(self.file)
        from sqlalchemy.engine import make_url

        url = make_url(self.url)
        where = f"{url.host or 'localhost'}:{url.port or 5432}"
        return f"{where}/{url.database}" if url.database else where

    def table_names(self) -> list[str]:
        """Names of the tables in the database."""
        from sqlalchemy import inspect

        return list(inspect(self.engine).get_table_names())

    def upgrade(self) -> Path | None:
        """Bring the schema to the newest revision; back up first when there is data. Returns the backup.

        See `db_maintenance.upgrade_schema`; raises DatabaseError when the upgrade would break links.
        """
        from microfactory_desk.db_maintenance import upgrade_schema

        return upgrade_schema(self)

    # --- backup and check ----------------------------------------------------------------
    def automatic_backup_path(self, reason: str, *, now: dt.datetime | None = None) -> Path:
        """Where an automatic backup goes: a backups/ folder beside the database file."""
        assert self.file is not None
        stamp = (now or clock.now()).strftime("%Y%m%d-%H%M%S")
        return self.file.parent / "backups" / f"{self.file.stem}-{stamp}-{reason}.sqlite"

    def backup(self, out: Path) -> Path:
        """A consistent copy, safe while the app runs (see `db_maintenance.backup_copy`); returns its path.

        Raises DatabaseError when there is no database, `out` is the database itself, or the copy fails.
        """
        from microfactory_desk.db_maintenance import backup_copy

        return backup_copy(self, out)

    def integrity_problems(self) -> list[str]:
        """What SQLite's integrity and foreign-key checks report; empty when healthy."""
        if self.file is None:
            return []
        problems = [str(r[0]) for r in self.read("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"foreign key broken in {r[0]} row {r[1]}" for r in self.read("PRAGMA foreign_key_check")]
        return problems

    def schema_differences(self) -> list[str]:
        """How the tables, columns, indexes and constraints of the database differ from the app's models.

        One line per difference ("column order_line.tier_label is missing"); empty when they agree. Uses
        Alembic's compare_metadata, so a file whose revision is right but whose schema is not is caught too.
        """
        from microfactory_desk.migrations.schema_check import schema_differences

        with self.engine.connect() as conn:
            return schema_differences(conn)

    def close(self) -> None:
        """Release connections (the engine's pool and every thread's light-path connection)."""
        with self._lock:
            light, self._light = self._light, []
        for conn in light:
            conn.close()
        self._drop_server_conn()  # before the thread-local store it lives in is replaced
        self._local = threading.local()
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
            self._sessions = None
            self._read_sessions = None


def _is_missing_table(exc: BaseException) -> bool:
    """True when `exc` says the alembic_version table does not exist (an empty, reachable database)."""
    text = str(exc).lower()
    return "no such table" in text or ("relation" in text and "does not exist" in text)


def open_database(path_or_url: str, *, upgrade: bool = True, create: bool = True) -> Database:
    """Open (creating it when `create`) and upgrade the database named by a path or URL."""
    db = Database(resolve_url(path_or_url))
    if db.file is not None:
        if not create and not db.file.exists():
            raise DatabaseError(f"No database at {db.file}.")
        try:
            db.file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"Cannot create the folder for {db.file}: {exc}") from exc
        try:  # refused before anything is written to it, on the connection this thread goes on reading through
            db._sqlite_conn(check=True)
        except sqlite3.Error as exc:
            raise DatabaseError(f"Cannot open the database {db.label}: {exc}") from exc
    if upgrade:
        try:
            if db.file is None:
                from microfactory_desk.db_server import refuse_other_schema

                # A shared server is upgraded only by the explicit `upgrade` step, never by whoever opens it.
                refuse_other_schema(db)
            db.upgrade()
        except DatabaseError:
            raise
        except Exception as exc:
            if db.file is None:
                from microfactory_desk.db_server import connection_problem

                raise DatabaseError(connection_problem(exc, db)) from exc
            raise DatabaseError(f"Cannot open the database {db.label}: {exc}") from exc
    return db
