"""Pilot files: the pilots workbook (writer loaded on use)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from microfactory_desk.errors import FileFormatError

if TYPE_CHECKING:
    from microfactory_desk.services.pilots.service import PilotService


def export_pilots(pilots: PilotService, path: Path, *, today: dt.date) -> int:
    """Write every pilot to an .xlsx file, one sheet per status; the number of pilots written."""
    if Path(path).suffix.lower() != ".xlsx":
        raise FileFormatError(f"Cannot write pilots to '{Path(path).name}': use an .xlsx file name.")
    rows = pilots.list_pilots(today)
    from microfactory_desk.exports.pilots_xlsx import write_pilots_xlsx

    write_pilots_xlsx(rows, Path(path))
    return len(rows)
