"""PostgreSQL test databases: one migrated template per run; each test gets an emptied copy of it.

Cloning a database (CREATE DATABASE ... TEMPLATE) costs about 1.5 s on a loaded 2-core machine, emptying
one about 0.1 s: so the first database of a test is a shared working copy emptied back to the template's
state (rows deleted, sequences restarted), and only a test that asks for a second database gets a clone.
A test that changed the schema itself (its revision or its tables) gets a fresh clone next time.
"""

from __future__ import annotations

import os

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from microfactory_desk.db import Database, normalise_url

PG_URL_ENV = "MFD_TEST_POSTGRES_URL"

_TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version' ORDER BY 1"
_SEQUENCES = "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1"


class PostgresTemplate:
    """A migrated template database on the server at `admin_url`, and the databases the tests use."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = normalise_url(admin_url)
        self._admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        self._prefix = f"mfd_test_{os.getpid()}"
        self.name = f"{self._prefix}_template"
        self._count = 0
        self._execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self._execute(f'CREATE DATABASE "{self.name}"')
        # Set up once by the administrator's step (clients refuse an empty server database); every copy starts at head.
        admin_step = Database(self.url_of(self.name))
        admin_step.upgrade()
        admin_step.close()
        template = create_engine(self.url_of(self.name))
        with template.connect() as conn:
            self._tables = [r[0] for r in conn.execute(text(_TABLES))]
            self._sequences = [r[0] for r in conn.execute(text(_SEQUENCES))]
            self._revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        template.dispose()
        self._working: str | None = None
        self._working_engine: Engine | None = None

    def url_of(self, name: str) -> str:
        """The URL of database `name` on the test server."""
        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def _execute(self, sql: str) -> None:
        with self._admin.connect() as conn:
            conn.execute(text(sql))

    def clone(self) -> str:
        """A new database copied from the template; returns its URL (drop it with `drop_clone`)."""
        self._count += 1
        name = f"{self._prefix}_{self._count}"
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.name}"')
        return self.url_of(name)

    def clone_empty(self, suffix: str) -> str:
        """A new database without any table (as an administrator creates one); returns its URL."""
        name = f"{self._prefix}_{suffix}"
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._execute(f'CREATE DATABASE "{name}"')
        return self.url_of(name)

    def drop_clone(self, url: str) -> None:
        """Drop a clone (closing whatever connections a failed test left open)."""
        name = make_url(url).database
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def working_copy(self) -> str:
        """The URL of the shared working database, emptied back to the template's state."""
        if self._working is not None and not self._reset():
            self._drop_working()
        if self._working is None:
            self._working = self.clone()
            self._working_engine = create_engine(self._working, isolation_level="AUTOCOMMIT")
        return self._working

    def _reset(self) -> bool:
        """Empty the working copy; False when its schema moved away from the template's (then it is re-cloned)."""
        assert self._working_engine is not None
        try:
            with self._working_engine.connect() as conn:
                tables = [r[0] for r in conn.execute(text(_TABLES))]
                revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                if tables != self._tables or revision != self._revision:
                    return False
                # Ends a test's leftover sessions first, so their locks cannot block the deletes.
                conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                )
                statements = ["BEGIN", "SET LOCAL session_replication_role = replica"]
                statements += [f'DELETE FROM "{t}"' for t in self._tables]
                statements += [f'ALTER SEQUENCE "{s}" RESTART' for s in self._sequences]
                statements.append("COMMIT")
                conn.exec_driver_sql("; ".join(statements))
        except Exception:
            return False
        return True

    def _drop_working(self) -> None:
        if self._working_engine is not None:
            self._working_engine.dispose()
            self._working_engine = None
        if self._working is not None:
            self.drop_clone(self._working)
            self._working = None

    def drop(self) -> None:
        """Drop the working copy and the template, and release the admin connection."""
        self._drop_working()
        self._execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self._admin.dispose()
