"""Automatic daily backups beside the database."""

from __future__ import annotations

import datetime as dt

import pytest

from microfactory_desk.db import Database
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
