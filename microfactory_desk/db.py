"""Database access: URLs, SQLite pragmas, sessions, fast reads, migrations, backup and check.

SQLAlchemy and Alembic are imported only when first needed so that the window can open and show
the roster through the light `read()` path before the ORM is loaded.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from microfactory_desk import clock
from microfactory_desk.errors import DatabaseError
from microfactory_desk.migrations import HEAD_REVISION, MIGRATIONS_DIR

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session, sessionmaker

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=10000",
    "PRAGMA synchronous=FULL",
)


# The PostgreSQL driver the `server` extra installs; plain postgresql:// URLs would pick psycopg2 in SQLAlchemy.
POSTGRES_DRIVER = "postgresql+psycopg"


def resolve_url(path_or_url: str) -> str:
    """A SQLAlchemy URL for a file path, or for an URL (a PostgreSQL one gets the psycopg 3 driver)."""
    if "://" in path_or_url:
        return normalise_url(path_or_url)
    path = Path(path_or_url).expanduser().resolve()
    return f"sqlite:///{path}"


def normalise_url(url: str) -> str:
    """`postgresql://` and `postgres://` URLs name the psycopg 3 driver; others are returned unchanged."""
    scheme, sep, rest = url.partition("://")
    if sep and scheme in ("postgresql", "postgres"):
        return f"{POSTGRES_DRIVER}://{rest}"
    return url


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases (or in-memory SQLite)."""
    if not url.startswith("sqlite"):
        return None
    rest = url.split(":///", 1)[1] if ":///" in url else ""
    if not rest or rest == ":memory:":
        return None
    return Path(rest.split("?", 1)[0])


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
        self._local = threading.local()
        self._lock = threading.Lock()

    @property
    def is_sqlite(self) -> bool:
        """True when the database is an embedded SQLite file."""
        return self.file is not None

    @property
    def label(self) -> str:
        """How the database is named to the user (file path, or URL without password)."""
        if self.file is not None:
            return str(self.file)
        head, _, tail = self.url.partition("://")
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
            engine = create_engine(self.url, connect_args={"check_same_thread": False, "timeout": 10})

            @event.listens_for(engine, "connect")
            def _on_connect(dbapi_conn: Any, _record: Any) -> None:
                # pysqlite opens implicit transactions badly; let SQLAlchemy emit BEGIN itself.
                dbapi_conn.isolation_level = None
                _apply_pragmas(dbapi_conn)

            @event.listens_for(engine, "begin")
            def _on_begin(conn: Any) -> None:
                conn.exec_driver_sql("BEGIN")

            return engine
        return create_engine(self.url, pool_pre_ping=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed when the block ends, rolled back on error."""
        if self._sessions is None:
            from sqlalchemy.orm import sessionmaker

            self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        with self._sessions() as session, session.begin():
            yield session

    # --- light reads ---------------------------------------------------------------------
    def read(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Run one portable SELECT with :named parameters and return its rows as tuples."""
        params = dict(params or {})
        if self.file is not None:
            return self._sqlite_conn().execute(sql, _sqlite_params(params)).fetchall()
        return self._server_read(sql, params)

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

    def _sqlite_conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            assert self.file is not None
            conn = sqlite3.connect(self.file, timeout=10, isolation_level=None)
            _apply_pragmas(conn)
            self._local.conn = conn
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

    def holds_data(self) -> bool:
        """True when any user table has a row (so an upgrade must back it up first)."""
        from sqlalchemy import text

        tables = [t for t in self.table_names() if t != "alembic_version"]
        with self.engine.connect() as conn:
            for table in tables:
                if conn.execute(text(f'SELECT 1 FROM "{table}" LIMIT 1')).first() is not None:
                    return True
        return False

    def upgrade(self) -> Path | None:
        """Bring the schema to the newest revision; back up first when there is data. Returns the backup."""
        if self.schema_revision() == HEAD_REVISION:
            return None
        backup_path = None
        if self.is_sqlite and self.holds_data():
            backup_path = self.backup(self.automatic_backup_path("before-upgrade"))
        elif not self.is_sqlite and self.schema_revision() is not None:
            from microfactory_desk.db_server import backup_before_upgrade

            backup_path = backup_before_upgrade(self)
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        with self.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
        return backup_path

    # --- backup and check ----------------------------------------------------------------
    def automatic_backup_path(self, reason: str, *, now: dt.datetime | None = None) -> Path:
        """Where an automatic backup goes: a backups/ folder beside the database file."""
        assert self.file is not None
        stamp = (now or clock.now()).strftime("%Y%m%d-%H%M%S")
        return self.file.parent / "backups" / f"{self.file.stem}-{stamp}-{reason}.sqlite"

    def backup(self, out: Path) -> Path:
        """A consistent copy through SQLite's online backup API (a server: pg_dump), safe while the app runs."""
        if self.file is None:
            from microfactory_desk.db_server import pg_dump

            return pg_dump(self, Path(out))
        if not self.file.exists():
            raise DatabaseError(f"No database at {self.file}.")
        out = Path(out).expanduser().resolve()
        if out.is_dir():
            out = out / f"{self.file.stem}-{clock.now():%Y%m%d-%H%M%S}.sqlite"
        if out == self.file.resolve():
            raise DatabaseError("The backup cannot overwrite the database itself.")
        out.parent.mkdir(parents=True, exist_ok=True)
        import tempfile

        fd, tmp_name = tempfile.mkstemp(prefix=".backup-", suffix=".sqlite", dir=out.parent)
        os.close(fd)
        try:
            src = sqlite3.connect(self.file, timeout=10)
            dst = sqlite3.connect(tmp_name)
            try:
                with dst:
                    src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
                src.close()
            os.replace(tmp_name, out)
        except sqlite3.Error as exc:
            raise DatabaseError(f"Backup to {out} failed: {exc}") from exc
        finally:
            if os.path.exists(tmp_name):
                os.unlink(tmp_name)
        return out

    def integrity_problems(self) -> list[str]:
        """What SQLite's integrity and foreign-key checks report; empty when healthy."""
        if self.file is None:
            return []
        problems = [str(r[0]) for r in self.read("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [f"foreign key broken in {r[0]} row {r[1]}" for r in self.read("PRAGMA foreign_key_check")]
        return problems

    def close(self) -> None:
        """Release connections (the engine's pool and this thread's read connection)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
        self._drop_server_conn()
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
            self._sessions = None


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
        ensure_desk_file(db.file)
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


def ensure_desk_file(path: Path) -> None:
    """Refuse a file that is not SQLite, or a SQLite file holding another program's tables."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise DatabaseError(f"{path} is not a Microfactory Desk database (not a SQLite file).")
    try:
        with sqlite3.connect(path, timeout=10) as conn:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error as exc:
        raise DatabaseError(f"{path} cannot be read as a database: {exc}") from exc
    if tables and "alembic_version" not in tables:
        raise DatabaseError(f"{path} holds another program's tables, not a Microfactory Desk database.")
