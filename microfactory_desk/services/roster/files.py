"""Roster files: import a roster spreadsheet or CSV, export the roster (heavy libraries loaded on use)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from microfactory_desk.db import Database
from microfactory_desk.errors import Cancelled, CellError, FileFormatError, ImportFailed
from microfactory_desk.wording import counted

if TYPE_CHECKING:
    from microfactory_desk.imports.roster_columns import RosterShown
    from microfactory_desk.schemas.import_preview import ImportPreview, PreviewProblem
    from microfactory_desk.schemas.roster_import import ImportSummary

EXPORT_SUFFIXES = (".xlsx", ".csv")
MAPPING_KEY = "roster.import_columns"  # field -> header of the partner columns of the last file imported
_LABEL = re.compile(r"([A-Z]{1,3}) \(")  # a column as messages name it: "C (Kind)"


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
        decimal: str | None = None,
        mapping: Mapping[str, str] | None = None,
        cancelled: Callable[[], bool] = _never,
    ) -> ImportSummary:
        """Read, validate and (unless dry_run) store every partner of a file, all or nothing.

        Every problem is reported in one ImportFailed: bad cells together with duplicate codes and unknown
        fallbacks. `date_order` (DMY|MDY|YMD) settles certification dates the file leaves ambiguous, `decimal`
        ("." or ",") counts written with a separator; `mapping` (field -> header) names partner columns under
        headers of the file's own. The partner columns found are remembered for the next file.
        """
        from microfactory_desk.imports.roster import read_roster
        from microfactory_desk.imports.roster_columns import RosterColumns, RosterShown
        from microfactory_desk.services.roster.transfer import import_roster

        columns = RosterColumns(dict(mapping or {}), self.remembered(), decimal, RosterShown())
        rows = read_roster(Path(path), cancelled, date_order=date_order, collect=True, columns=columns)
        if cancelled():
            raise Cancelled("Import cancelled; nothing was imported.")
        summary = import_roster(self._db, rows, dry_run=dry_run)
        if not dry_run and columns.shown is not None:
            self._remember(columns.shown)
        return summary

    def preview(
        self,
        path: Path,
        *,
        mapping: Mapping[str, str] | None = None,
        date_order: str | None = None,
        decimal: str | None = None,
    ) -> ImportPreview:
        """The partners sheet as the import would read it, and every problem it would refuse (nothing written).

        Raises FileFormatError when the file is no roster table; problems of the Contacts or Certifications
        sheet come back unplaced (row 0) with their sheet named in the message.
        """
        from microfactory_desk.imports.roster import read_roster
        from microfactory_desk.imports.roster_columns import RosterColumns, RosterShown
        from microfactory_desk.schemas.import_preview import ImportPreview
        from microfactory_desk.schemas.roster_file import PARTNER_COLUMNS
        from microfactory_desk.services.roster.transfer import import_roster

        shown = RosterShown()
        columns = RosterColumns(dict(mapping or {}), self.remembered(), decimal, shown)
        preview = ImportPreview(fields=[c.field for c in PARTNER_COLUMNS], date_order=date_order, decimal=decimal)
        preview.labels = {c.field: c.header for c in PARTNER_COLUMNS}
        try:
            summary = import_roster(
                self._db, read_roster(Path(path), date_order=date_order, collect=True, columns=columns), dry_run=True
            )
        except ImportFailed as exc:
            preview.problems = [_placed(e, shown) for e in exc.errors]
        else:
            preview.added = summary.partners
            preview.ready = (
                f"{counted(summary.partners, 'partner')}, {counted(summary.contacts, 'contact')} and "
                f"{counted(summary.certifications, 'certification')} to import."
                + "".join(f"\n{w}" for w in summary.warnings)
            )
        preview.header, preview.header_row, preview.rows = shown.header, shown.header_row, shown.rows
        preview.columns = dict(shown.columns)
        return preview

    def remembered(self) -> dict[str, str]:
        """The partner columns (field -> header) of the last roster file imported."""
        from microfactory_desk.services.common.settings import read_setting

        with self._db.session(write=False) as session:
            stored = read_setting(session, MAPPING_KEY, {})
        return {str(k): str(v) for k, v in stored.items()} if isinstance(stored, dict) else {}

    def _remember(self, shown: RosterShown) -> None:
        from microfactory_desk.services.common.settings import write_setting

        found = {name: shown.header[at] for name, at in shown.columns.items() if at < len(shown.header)}
        if found and found != self.remembered():
            with self._db.session() as session:
                write_setting(session, MAPPING_KEY, found)

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


def _placed(error: CellError, shown: RosterShown) -> PreviewProblem:
    """A problem placed on the shown partners sheet (row and column index), else unplaced with its full text."""
    from microfactory_desk.schemas.import_preview import PreviewProblem

    if error.sheet != shown.sheet:
        return PreviewProblem(row=0, column=-1, message=str(error), remedy=error.remedy)
    found = _LABEL.match(error.column)
    column = -1
    if found:
        index = 0
        for letter in found[1]:
            index = index * 26 + ord(letter) - 64
        column = index - 1
    return PreviewProblem(row=error.row, column=column, message=error.message, remedy=error.remedy)
