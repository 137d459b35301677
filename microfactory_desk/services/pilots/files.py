"""Pilot files: the pilots workbook (writer loaded on use)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from microfactory_desk.db import Database
from microfactory_desk.errors import FileFormatError
from microfactory_desk.services.pilots.service import PilotService


def export_pilots(db: Database, path: Path, *, today: dt.date) -> int:
    """Write every pilot to an .xlsx file, one sheet per status; the number of pilots written."""
    if Path(path).suffix.lower() != ".xlsx":
        raise FileFormatError(f"Cannot write pilots to '{Path(path).name}': use an .xlsx file name.")
    pilots = PilotService(db).list_pilots(today)
    from microfactory_desk.exports.pilots_xlsx import write_pilots_xlsx

    write_pilots_xlsx(pilots, Path(path))
    return len(pilots)
