"""Roster files: import a roster spreadsheet or CSV, export the roster (heavy libraries loaded on use)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from microfactory_desk.db import Database
from microfactory_desk.errors import FileFormatError

if TYPE_CHECKING:
    from microfactory_desk.schemas.roster_import import ImportSummary

EXPORT_SUFFIXES = (".xlsx", ".csv")


class RosterFiles:
    """Moves the roster between the database and files."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def import_file(self, path: Path, *, dry_run: bool = False) -> ImportSummary:
        """Read, validate and (unless dry_run) store every partner of a file, all or nothing."""
        from microfactory_desk.imports.roster import read_roster
        from microfactory_desk.services.roster_transfer import import_roster

        return import_roster(self._db, read_roster(Path(path)), dry_run=dry_run)

    def export_file(self, path: Path) -> int:
        """Write the roster to .xlsx or .csv; returns the number of partners written."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in EXPORT_SUFFIXES:
            raise FileFormatError(f"Cannot export to '{path.name}': use a .xlsx or .csv file name.")
        from microfactory_desk.exports.roster_file import write_roster_csv, write_roster_xlsx
        from microfactory_desk.services.roster_transfer import roster_export_data

        data = roster_export_data(self._db)
        (write_roster_csv if suffix == ".csv" else write_roster_xlsx)(data, path)
        return len(data.partners)
