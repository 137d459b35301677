"""Roster export and import of 10,000 partners vs bare openpyxl writing and reading the same cells."""

from __future__ import annotations

import tempfile
from pathlib import Path

from common import big_database, median, row, timed

RUNS = 3


def bare_write(data: object, path: Path) -> None:
    """openpyxl write-only writing the same three sheets of plain values, no checks."""
    from openpyxl import Workbook

    from microfactory_desk.schemas.roster_file import SHEETS

    workbook = Workbook(write_only=True)
    for (title, columns), rows in zip(SHEETS.items(), data, strict=True):  # type: ignore[call-overload]
        sheet = workbook.create_sheet(title)
        sheet.append([c.header for c in columns])
        for values in rows:
            sheet.append(list(values))
    workbook.save(path)


def bare_read(path: Path) -> None:
    """openpyxl read-only just reading every cell value."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    for sheet in workbook.worksheets:
        for _ in sheet.iter_rows(values_only=True):
            pass
    workbook.close()


def main() -> None:
    """Time both directions against their references on the same data."""
    from microfactory_desk.db import open_database
    from microfactory_desk.services.roster.files import RosterFiles
    from microfactory_desk.services.roster.transfer import roster_export_data

    source = open_database(str(big_database()))
    files = RosterFiles(source)
    with tempfile.TemporaryDirectory() as tmp:
        out, ref = Path(tmp) / "roster.xlsx", Path(tmp) / "bare.xlsx"
        ours = median(timed(lambda: files.export_file(out), RUNS))
        data = roster_export_data(source)
        bare = median(timed(lambda: bare_write(data, ref), RUNS))
        print(row("roster export xlsx (10k partners)", ours, bare, 1.5))

        def import_fresh() -> None:
            target = open_database(str(Path(tmp) / f"import-{len(list(Path(tmp).glob('import-*')))}.sqlite"))
            RosterFiles(target).import_file(out)
            target.close()

        ours_import = median(timed(import_fresh, RUNS))
        bare_reading = median(timed(lambda: bare_read(out), RUNS))
        print(row("roster import xlsx (10k partners)", ours_import, bare_reading, 2.0))


if __name__ == "__main__":
    main()
