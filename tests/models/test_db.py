"""The database layer: pragmas, migrations, automatic backup before upgrade, backup and check."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from microfactory_desk.db import Database, open_database, resolve_url
from microfactory_desk.errors import DatabaseError
from microfactory_desk.migrations import HEAD_REVISION, MIGRATIONS_DIR
from microfactory_desk.models import Base
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.services.roster.partners import RosterService


def test_head_constant_matches_alembic_head() -> None:
    """Start-up compares against HEAD_REVISION, so it must be Alembic's real head."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


def test_migrations_build_exactly_the_models(db: Database) -> None:
    """The migrated schema and the ORM models agree (no table or column missing from a migration)."""
    with db.engine.connect() as conn:
        assert db.schema_differences() == []  # the search indexes of 0008 left out, as `check` does
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # Beyond the models, only the search indexes of migration 0008 and the expression indexes of 0010 (`_open`,
    # reflected on PostgreSQL only).
    assert all(
        d[0] in ("remove_table", "remove_index") and any(m in d[1].name for m in ("_search", "_trgm", "_open"))
        for d in diff
    ), diff


@pytest.mark.sqlite_only
def test_sqlite_pragmas_are_applied(db: Database) -> None:
    """WAL, foreign keys, busy timeout and full sync on both connection paths."""
    assert db.read("PRAGMA journal_mode")[0][0] == "wal"
    assert db.read("PRAGMA foreign_keys")[0][0] == 1
    assert db.read("PRAGMA synchronous")[0][0] == 2
    assert db.read("PRAGMA busy_timeout")[0][0] >= 5000
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_upgrade_backs_up_a_database_with_data(tmp_path: Path) -> None:
    """An outdated database holding data is copied before it is migrated."""
    path = tmp_path / "old.sqlite"
    db = open_database(str(path))
    RosterService(db).create_partner(data=validate_partner({"code": "KEEP", "name": "Kept"}))
    db.close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0002_sla_negotiation'")
    # Its tables are already newer than 0002 says, so migrating fails, but the backup must already exist.
    # (An unknown revision is a newer app's database: refused before any backup, see test_new_user_findings.)
    with pytest.raises(DatabaseError):
        open_database(str(path))
    backups = list((tmp_path / "backups").glob("old-*-before-upgrade.sqlite"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT code FROM partner").fetchall() == [("KEEP",)]


def test_roster_database_upgrades_to_the_head_keeping_partners(tmp_path: Path) -> None:
    """A database made at 0001 with a partner upgrades to the head, keeps the partner and is backed up first."""
    path = tmp_path / "roster.sqlite"
    old = Database(resolve_url(str(path)))
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with old.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001_roster")
    with old.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO partner (code, name, kind, stage, region, city, country, address, website, processes,"
            " materials, risk_level, risk_notes, tags, search_text, uuid, created_at, updated_at) VALUES"
            " ('OLD1', 'Łódź Print Lab', 'microfactory', 'approved', '', '', '', '', '', '', '', 'low', '', '',"
            " 'old1 | lodz print lab', 'u-1', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        )
    old.close()
    db = open_database(str(path))
    try:
        assert db.schema_revision() == HEAD_REVISION
        assert db.read("SELECT code, name, row_version FROM partner") == [("OLD1", "Łódź Print Lab", 1)]
        assert {"sla_version", "price_tier", "negotiation_entry", "purchase_order", "inspection", "delivery"} <= set(
            db.table_names()
        )
    finally:
        db.close()
    backups = list((tmp_path / "backups").glob("roster-*-before-upgrade.sqlite"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001_roster",)]
        assert conn.execute("SELECT code FROM partner").fetchall() == [("OLD1",)]


def test_empty_new_database_is_not_backed_up(tmp_path: Path) -> None:
    """Creating a fresh database makes no backup copy."""
    open_database(str(tmp_path / "fresh.sqlite")).close()
    assert not (tmp_path / "backups").exists()


@pytest.mark.sqlite_only
def test_backup_is_a_consistent_copy(db: Database, tmp_path: Path) -> None:
    """backup() writes a complete, healthy SQLite file even while the app holds the database open."""
    RosterService(db).create_partner(data=validate_partner({"code": "B1", "name": "Backed up"}))
    out = db.backup(tmp_path / "copies" / "copy.sqlite")
    copy = Database(resolve_url(str(out)))
    assert copy.read("SELECT name FROM partner") == [("Backed up",)]
    assert copy.integrity_problems() == []
    assert not list((tmp_path / "copies").glob(".backup-*"))


@pytest.mark.sqlite_only
def test_backup_refuses_to_overwrite_the_database(db: Database) -> None:
    """The copy can never replace the original."""
    assert db.file is not None
    with pytest.raises(DatabaseError):
        db.backup(db.file)


def test_a_non_database_file_is_refused(tmp_path: Path) -> None:
    """Opening a file that is not SQLite says so instead of corrupting it."""
    bogus = tmp_path / "notes.sqlite"
    bogus.write_text("shopping list", encoding="utf-8")
    with pytest.raises(DatabaseError, match="not a Microfactory Desk database"):
        open_database(str(bogus))
    assert bogus.read_text(encoding="utf-8") == "shopping list"


@pytest.mark.sqlite_only
def test_another_program_s_sqlite_file_is_refused_unchanged(tmp_path: Path) -> None:
    """A SQLite file holding another program's tables is refused before the app writes anything to it: its bytes,
    its rollback journal mode and its lack of a WAL file stay as they were, opened once or twice."""
    import sqlite3

    foreign = tmp_path / "other.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.execute("INSERT INTO recipes VALUES ('bread')")
    conn.close()
    before = foreign.read_bytes()
    for _ in range(2):
        with pytest.raises(DatabaseError, match="holds another program's tables"):
            open_database(str(foreign))
    assert foreign.read_bytes() == before
    assert not (tmp_path / "other.sqlite-wal").exists()
    with sqlite3.connect(foreign) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_urls_and_labels() -> None:
    """Paths become SQLite URLs; server URLs keep their form and hide the password in labels."""
    assert resolve_url("/tmp/x.sqlite") == "sqlite:////tmp/x.sqlite"
    server = Database("postgresql+psycopg://desk:secret@db.example/desk")
    assert server.file is None
    assert "secret" not in server.label
    assert server.label == "postgresql://desk@db.example/desk"  # as people write it: no driver name
