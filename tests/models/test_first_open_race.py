"""A brand-new database set up by several processes at the same moment: one creates the tables, the others wait
for it and find them (no "duplicate key … pg_type" or "table already exists" text). A new SQLite file is set up
by whichever window opens it; a new server database by the administrator's `upgrade`, which clients never do.

The processes are separate, as they are in use (separate laptops, separate windows).
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest

from microfactory_desk.db import Database, open_database, resolve_url
from microfactory_desk.errors import DatabaseError
from microfactory_desk.migrations import HEAD_REVISION
from tests.postgres import PostgresTemplate

CLIENTS = 3


def _client(location: str, gate: Barrier, admin: bool) -> str:
    """Open `location` (the administrator's `upgrade` when `admin`) once every process is ready; "" or the
    failure's text."""
    gate.wait()
    try:
        if admin:
            database = Database(resolve_url(location))
            database.upgrade()
            database.close()
        else:
            open_database(location).close()
    except Exception as exc:  # noqa: BLE001 - every failure is the finding
        return f"{type(exc).__name__}: {exc}"
    return ""


def _open_at_once(location: str, *, admin: bool = False) -> list[str]:
    """Every process's failure text (empty when all of them opened the database)."""
    context = multiprocessing.get_context("spawn")
    gate = context.Manager().Barrier(CLIENTS, timeout=120)
    with context.Pool(CLIENTS) as pool:
        results = pool.starmap_async(_client, [(location, gate, admin)] * CLIENTS).get(timeout=240)
    return [text for text in results if text]


def test_three_clients_open_a_new_file_at_once(tmp_path: Path, _pg_template: PostgresTemplate | None) -> None:
    """Three windows opening one new SQLite file at once all open it, at the newest schema."""
    if _pg_template is not None:
        pytest.skip("a SQLite file; the server case is the next test")
    path = tmp_path / "new.sqlite"
    assert _open_at_once(str(path)) == []
    database = open_database(str(path))
    assert database.schema_revision() == HEAD_REVISION
    database.close()


def test_three_upgrades_of_a_new_server_database_at_once(_pg_template: PostgresTemplate | None) -> None:
    """Three `upgrade` runs on a new, empty server database at once all succeed: the schema is created once."""
    if _pg_template is None:
        pytest.skip("needs the PostgreSQL server (--db=postgres)")
    url = _pg_template.clone_empty("first_open")
    try:
        assert _open_at_once(url, admin=True) == []
        database = open_database(url)
        assert database.schema_revision() == HEAD_REVISION
        database.close()
    finally:
        _pg_template.drop_clone(url)


def test_a_client_never_sets_up_an_empty_or_foreign_server_database(_pg_template: PostgresTemplate | None) -> None:
    """A client (any command, the window) on an empty server database is told to run `upgrade` and creates no
    table; on another program's database neither the client nor `upgrade` adds a table to it."""
    if _pg_template is None:
        pytest.skip("needs the PostgreSQL server (--db=postgres)")
    from sqlalchemy import create_engine, text

    url = _pg_template.clone_empty("foreign")
    engine = create_engine(url)

    def tables() -> list[str]:
        with engine.connect() as conn:
            return [r[0] for r in conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))]

    try:
        with pytest.raises(DatabaseError, match=r"is empty: run `microfactory-desk --db \S+ upgrade` once"):
            open_database(url)
        assert tables() == []
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE foo (id integer)"))
            conn.execute(text("INSERT INTO foo VALUES (1)"))
        with pytest.raises(DatabaseError, match="holds another program's tables"):
            open_database(url)
        stranger = Database(resolve_url(url))
        with pytest.raises(DatabaseError, match="holds another program's tables"):
            stranger.upgrade()
        stranger.close()
        assert tables() == ["foo"]
    finally:
        engine.dispose()
        _pg_template.drop_clone(url)
