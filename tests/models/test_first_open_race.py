"""Several clients opening a brand-new database at the same moment: one creates the tables, the others wait
for it and find them (no "duplicate key … pg_type" or "table already exists" text).

The clients are separate processes, as they are in use (separate laptops, separate windows).
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest

from microfactory_desk.db import open_database
from microfactory_desk.migrations import HEAD_REVISION
from tests.postgres import PostgresTemplate

CLIENTS = 3


def _client(location: str, gate: Barrier) -> str:
    """Open `location` as soon as every client is ready; "" or the failure's text."""
    gate.wait()
    try:
        open_database(location).close()
    except Exception as exc:  # noqa: BLE001 - every failure is the finding
        return f"{type(exc).__name__}: {exc}"
    return ""


def _open_at_once(location: str) -> list[str]:
    """Every client's failure text (empty when all of them opened the database)."""
    context = multiprocessing.get_context("spawn")
    gate = context.Manager().Barrier(CLIENTS, timeout=120)
    with context.Pool(CLIENTS) as pool:
        results = pool.starmap_async(_client, [(location, gate)] * CLIENTS).get(timeout=240)
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


def test_three_clients_open_a_new_server_database_at_once(_pg_template: PostgresTemplate | None) -> None:
    """Three clients pointed at a new, empty server database at once all open it: the schema is created once."""
    if _pg_template is None:
        pytest.skip("needs the PostgreSQL server (--db=postgres)")
    url = _pg_template.clone_empty("first_open")
    try:
        assert _open_at_once(url) == []
        database = open_database(url)
        assert database.schema_revision() == HEAD_REVISION
        database.close()
    finally:
        _pg_template.drop_clone(url)
