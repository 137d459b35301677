"""Automatic daily backups beside the database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from microfactory_desk.db import Database, open_database
from microfactory_desk.services.common.backups import daily_backups, ensure_daily_backup

# The daily copies are files beside a SQLite database; a server is backed up with pg_dump (`backup`).
pytestmark = pytest.mark.sqlite_only


def test_one_copy_a_day(db: Database) -> None:
    """The first start of a day copies the database; later starts that day do not."""
    morning = dt.datetime(2026, 11, 26, 8, 0)
    first = ensure_daily_backup(db, now=morning)
    assert first is not None and first.exists()
    assert ensure_daily_backup(db, now=morning + dt.timedelta(hours=5)) is None
    assert ensure_daily_backup(db, now=morning + dt.timedelta(days=1)) is not None
    assert len(daily_backups(db)) == 2


def test_only_the_newest_copies_are_kept(db: Database) -> None:
    """Beyond `keep` copies the oldest are removed."""
    start = dt.datetime(2026, 1, 1, 9, 0)
    for day in range(5):
        ensure_daily_backup(db, now=start + dt.timedelta(days=day), keep=3)
    names = [p.name for p in daily_backups(db)]
    assert len(names) == 3
    assert "20260105" in names[-1] and "20260103" in names[0]


def test_another_databases_copies_do_not_block_todays(tmp_path: Path) -> None:
    """`desk-old.sqlite`'s daily copies in the same backups folder neither stop nor count as `desk.sqlite`'s."""
    desk, old = open_database(str(tmp_path / "desk.sqlite")), open_database(str(tmp_path / "desk-old.sqlite"))
    try:
        later = dt.datetime(2026, 11, 30, 9, 0)
        for day in range(8):
            assert ensure_daily_backup(old, now=later + dt.timedelta(days=day)) is not None
        made = ensure_daily_backup(desk, now=later + dt.timedelta(days=3))
        assert made is not None and made.name.startswith("desk-2026")
        assert daily_backups(desk) == [made]
        assert len(daily_backups(old)) == 7  # the other database keeps its own seven, none of desk's
    finally:
        desk.close()
        old.close()


@pytest.mark.sqlite_only
@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_a_backup_named_like_the_databases_own_working_file_is_refused(db: Database, suffix: str) -> None:
    """`backup desk.sqlite-wal` said "written" and SQLite then removed the file as its own: refused, nothing made."""
    from microfactory_desk.errors import DatabaseError

    assert db.file is not None
    target = db.file.with_name(db.file.name + suffix)
    existed = target.exists()
    with pytest.raises(DatabaseError, match="working file"):
        db.backup(target)
    assert target.exists() == existed
