"""Restore: a verified backup replaces the file, the current file is copied aside first, every table comes back."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa

from microfactory_desk.cli import main
from microfactory_desk.db import Database, open_database
from microfactory_desk.db_restore import restore, verify_backup
from microfactory_desk.errors import DatabaseError
from tests.fixtures.migrations.make_fixtures import fill
from tests.models.test_migrations import _contents


def _filled(path: Path) -> Database:
    """A database at the newest schema with two rows in every table."""
    open_database(str(path)).close()
    engine = sa.create_engine(f"sqlite:///{path}")
    fill(engine)
    engine.dispose()
    return open_database(str(path))


def test_restore_brings_back_every_table(tmp_path: Path) -> None:
    """After later edits, restoring the backup gives every table its backed-up rows; the edited file is kept aside."""
    db = _filled(tmp_path / "desk.sqlite")
    backup = db.backup(tmp_path / "monday.sqlite")
    with closing(sqlite3.connect(tmp_path / "desk.sqlite")) as conn, conn:
        conn.execute("UPDATE partner SET name = 'changed' WHERE id = 2")
        conn.execute("DELETE FROM app_setting")
    edited = _contents(tmp_path / "desk.sqlite")
    restored, aside = restore(db, backup)
    try:
        assert restored.integrity_problems() == [] and restored.schema_differences() == []
        assert restored.read("PRAGMA journal_mode")[0][0] == "wal"
    finally:
        restored.close()
    assert _contents(tmp_path / "desk.sqlite") == _contents(backup)
    assert aside is not None and _contents(aside) == edited


def test_a_damaged_backup_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    """A truncated copy, a text file and a missing file are refused by name; the database is untouched."""
    db = _filled(tmp_path / "desk.sqlite")
    before = _contents(tmp_path / "desk.sqlite")
    good = db.backup(tmp_path / "good.sqlite")
    truncated = tmp_path / "truncated.sqlite"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 3])
    text = tmp_path / "notes.sqlite"
    text.write_text("not a database")
    for bad in (truncated, text, tmp_path / "missing.sqlite"):
        with pytest.raises(DatabaseError, match=bad.name):
            restore(db, bad)
    db.close()
    assert _contents(tmp_path / "desk.sqlite") == before
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").glob("*before-restore*"))


def test_a_backup_from_an_unknown_schema_is_refused(tmp_path: Path) -> None:
    """A backup at a revision this app does not know (a newer app made it) is refused before anything changes."""
    db = _filled(tmp_path / "desk.sqlite")
    newer = db.backup(tmp_path / "newer.sqlite")
    db.close()
    with closing(sqlite3.connect(newer)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_future'")
    with pytest.raises(DatabaseError, match="set up by a newer version of Microfactory Desk"):
        verify_backup(newer)


def test_restore_waits_for_other_programs_to_close_the_file(tmp_path: Path) -> None:
    """While another connection has the database open, restore refuses and changes nothing."""
    db = _filled(tmp_path / "desk.sqlite")
    backup = db.backup(tmp_path / "b.sqlite")
    other = sqlite3.connect(tmp_path / "desk.sqlite")
    other.execute("SELECT count(*) FROM partner").fetchall()
    other.execute("BEGIN")
    other.execute("SELECT count(*) FROM partner").fetchall()  # an open read transaction, as another window has
    try:
        with pytest.raises(DatabaseError, match="open in another window"):
            restore(db, backup)
    finally:
        other.close()


def test_restore_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`restore BACKUP` restores, prints where the replaced file went, and `check` is healthy after."""
    db = _filled(tmp_path / "desk.sqlite")
    backup = db.backup(tmp_path / "b.sqlite")
    db.close()
    shutil.copy(backup, tmp_path / "keep.sqlite")
    with closing(sqlite3.connect(tmp_path / "desk.sqlite")) as conn, conn:
        conn.execute("DELETE FROM app_setting")
    assert main(["--db", str(tmp_path / "desk.sqlite"), "restore", str(backup)]) == 0
    assert "copied to" in capsys.readouterr().out
    assert main(["--db", str(tmp_path / "desk.sqlite"), "check"]) == 0
    assert _contents(tmp_path / "desk.sqlite") == _contents(tmp_path / "keep.sqlite")


def test_an_empty_file_or_another_programs_database_is_refused_in_words(tmp_path: Path) -> None:
    """A 0-byte file and a SQLite file of another program get a sentence a person reads, not SQLite's
    'no such table: alembic_version' (new-user finding)."""
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    other = tmp_path / "other.sqlite"
    with closing(sqlite3.connect(other)) as conn, conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    with pytest.raises(DatabaseError) as err:
        verify_backup(empty)
    assert str(err.value) == f"{empty} is empty (0 bytes), not a backup; choose another backup."
    with pytest.raises(DatabaseError) as err:
        verify_backup(other)
    assert "alembic_version" not in str(err.value) and str(other) in str(err.value)
