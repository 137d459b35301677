"""Every released schema upgrades to the models: one fixture database per released revision, counts and values kept."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from microfactory_desk.cli import main
from microfactory_desk.db import open_database
from microfactory_desk.migrations import HEAD_REVISION, MIGRATIONS_DIR

REPAIR = "0004_repair_released_schema"

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "migrations"
RELEASED = ("0001_roster.sqlite", "0002_sla_negotiation.sqlite", "0003_as_released.sqlite")


def _contents(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every user table's rows, each column by name, ordered by id."""
    with closing(sqlite3.connect(path)) as conn:
        # The search tables of migration 0008 (FTS5 and its shadow tables) hold copies, not stored values.
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                  if "_search" not in r[0]]  # fmt: skip
        found = {}
        for table in tables:
            if table == "alembic_version":
                continue
            names = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
            found[table] = [
                tuple(zip(names, row, strict=True)) for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
            ]
    return found


@pytest.mark.parametrize("fixture", RELEASED)
def test_released_database_upgrades_keeping_every_row(fixture: str, tmp_path: Path) -> None:
    """The upgrade reaches the head, the schema then equals the models, and every stored value is still there."""
    path = tmp_path / fixture
    shutil.copy(FIXTURES / fixture, path)
    before = _contents(path)
    assert before and all(len(rows) == 2 for rows in before.values())
    db = open_database(str(path))
    try:
        assert db.schema_revision() == HEAD_REVISION
        assert db.schema_differences() == []
        assert db.integrity_problems() == []
    finally:
        db.close()
    after = _contents(path)
    for table, rows in before.items():
        assert len(after[table]) == len(rows), table
        kept = [
            tuple(pair for pair in row if pair in dict.fromkeys(old))
            for row, old in zip(after[table], rows, strict=True)
        ]
        assert kept == rows, table


def test_as_released_0003_gets_the_columns_it_lacked(tmp_path: Path) -> None:
    """An early-0003 file gains order_line.tier_label (empty) and delivery.lead_days (received minus sent)."""
    path = tmp_path / "early.sqlite"
    shutil.copy(FIXTURES / "0003_as_released.sqlite", path)
    with sqlite3.connect(path) as conn:
        assert "tier_label" not in {r[1] for r in conn.execute("PRAGMA table_info(order_line)")}
    open_database(str(path)).close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT tier_label FROM order_line").fetchall() == [("",), ("",)]
        rows = conn.execute("SELECT lead_days, julianday(received_on) - julianday(sent_on) FROM delivery").fetchall()
        assert rows and all(days == int(diff) for days, diff in rows)
        columns = [r[2] for r in conn.execute("PRAGMA index_info(ix_delivery_received)")]
        assert columns[:3] == ["received_on", "partner_id", "lead_days"]


def _upgrade_to(path: Path, revision: str) -> None:
    """Run the migrations of a SQLite file up to `revision` (not further)."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def test_repair_is_a_no_op_on_a_correct_database(tmp_path: Path) -> None:
    """Run again on a database the final 0003 made, 0004 changes nothing (schema, rows)."""
    path = tmp_path / "good.sqlite"
    _upgrade_to(path, REPAIR)
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("INSERT INTO app_setting (key, value, id, uuid, created_at, updated_at) "
                     "VALUES ('k', 'v', 1, 'u', '2026-11-30 08:00:00.000000', '2026-11-30 08:00:00.000000')")  # fmt: skip
        schema = sorted(conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall(), key=str)
        conn.execute("UPDATE alembic_version SET version_num = '0003_quality_orders_telemetry'")
    _upgrade_to(path, REPAIR)
    with closing(sqlite3.connect(path)) as conn:
        assert sorted(conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall(), key=str) == schema
        assert conn.execute("SELECT key, value FROM app_setting").fetchall() == [("k", "v")]


def test_check_names_a_missing_column_at_the_right_revision(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`check` compares the real schema with the models: a file at the head revision lacking a column fails."""
    path = tmp_path / "edited.sqlite"
    open_database(str(path)).close()
    with sqlite3.connect(path) as conn:
        conn.execute("ALTER TABLE order_line DROP COLUMN tier_label")
    assert main(["--db", str(path), "check"]) == 1
    assert "column order_line.tier_label is missing" in capsys.readouterr().out
