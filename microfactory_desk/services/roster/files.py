"""Roster files: import a roster spreadsheet or CSV, export the roster (heavy libraries loaded on use)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from microfactory_desk.db import Database
from microfactory_desk.errors import Cancelled, FileFormatError

if TYPE_CHECKING:
    from microfactory_desk.schemas.roster_import import ImportSummary

EXPORT_SUFFIXES = (".xlsx", ".csv")


def _never() -> bool:
    return False


class RosterFiles:
    """Moves the roster between the database and files."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def import_file(
        self,
        path: Path,
        *,
        dry_run: bool = False,
        date_order: str | None = None,
        cancelled: Callable[[], bool] = _never,
    ) -> ImportSummary:
        """Read, validate and (unless dry_run) store every partner of a file, all or nothing.

        Every problem is reported in one ImportFailed: bad cells together with duplicate codes and unknown
        fallbacks. `date_order` (DMY|MDY|YMD) settles certification dates the file leaves ambiguous.
        """
        from microfactory_desk.imports.roster import read_roster
        from microfactory_desk.services.roster.transfer import import_roster

        rows = read_roster(Path(path), cancelled, date_order=date_order, collect=True)
        if cancelled():
            raise Cancelled("Import cancelled; nothing was imported.")
        return import_roster(self._db, rows, dry_run=dry_run)

    def export_file(self, path: Path, *, cancelled: Callable[[], bool] = _never) -> int:
        """Write the roster to .xlsx or .csv; returns the number of partners written."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in EXPORT_SUFFIXES:
            raise FileFormatError(f"Cannot export to '{path.name}': use a .xlsx or .csv file name.")
        from microfactory_desk.exports.roster_file import write_roster_csv, write_roster_xlsx
        from microfactory_desk.services.roster.transfer import roster_export_data

        data = roster_export_data(self._db)
        if suffix == ".csv":
            write_roster_csv(data, path)
        else:
            write_roster_xlsx(data, path, cancelled)
        return len(data.partners)
