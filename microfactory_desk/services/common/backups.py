"""Automatic backups: one copy a day beside the database, the newest few kept."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from microfactory_desk import clock
from microfactory_desk.db import Database

DAILY_REASON = "daily"
KEEP_DAILY = 7


def daily_backups(db: Database) -> list[Path]:
    """The automatic daily copies of this database (not those of `desk-old.sqlite` beside `desk.sqlite`), oldest first."""
    if db.file is None:
        return []
    folder = db.file.parent / "backups"
    # Exactly stem-YYYYmmdd-HHMMSS-daily.sqlite: a glob on "stem-*" would also take another database's copies
    # whose name starts with this one's stem and a dash.
    own = re.compile(rf"{re.escape(db.file.stem)}-\d{{8}}-\d{{6}}-{DAILY_REASON}\.sqlite")
    return sorted(p for p in folder.glob(f"{db.file.stem}-*-{DAILY_REASON}.sqlite") if own.fullmatch(p.name))


def ensure_daily_backup(db: Database, *, now: dt.datetime | None = None, keep: int = KEEP_DAILY) -> Path | None:
    """Copy the database when the newest daily copy is from an earlier day; drop copies beyond `keep`."""
    if db.file is None or not db.file.exists():
        return None
    today = (now or clock.now()).strftime("%Y%m%d")
    existing = daily_backups(db)
    made = None
    # File names hold the date (stem-YYYYmmdd-HHMMSS-daily), so sorting by name sorts by time.
    if not existing or existing[-1].name.split("-")[-3] < today:
        made = db.backup(db.automatic_backup_path(DAILY_REASON, now=now))
        existing.append(made)
    for old in existing[:-keep]:
        old.unlink(missing_ok=True)
    return made
