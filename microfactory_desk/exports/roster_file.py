"""Write the roster as an Excel workbook (partners, contacts, certifications) or a partners CSV file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from microfactory_desk.errors import Cancelled
from microfactory_desk.exports.atomic import atomic_output
from microfactory_desk.exports.csv_file import write_csv
from microfactory_desk.exports.xlsx import column_widths, safe_cell, start_sheet
from microfactory_desk.schemas.roster_file import (
    CERTIFICATION_COLUMNS,
    CERTIFICATIONS_SHEET,
    CONTACT_COLUMNS,
    CONTACTS_SHEET,
    PARTNER_COLUMNS,
    PARTNERS_SHEET,
)
from microfactory_desk.schemas.roster_import import RosterExportData


def write_roster_xlsx(data: RosterExportData, path: Path, cancelled: Callable[[], bool] = lambda: False) -> Path:
    """Write the three roster sheets to an .xlsx file, replacing `path` only once it is complete."""
    workbook = Workbook(write_only=True)
    sheets: tuple[tuple[str, Any, Sequence[tuple[Any, ...]]], ...] = (
        (PARTNERS_SHEET, PARTNER_COLUMNS, data.partners),
        (CONTACTS_SHEET, CONTACT_COLUMNS, data.contacts),
        (CERTIFICATIONS_SHEET, CERTIFICATION_COLUMNS, data.certifications),
    )
    for title, columns, rows in sheets:
        sheet = workbook.create_sheet(title)
        headers = [c.header for c in columns]
        start_sheet(sheet, headers, column_widths(headers, rows))
        append = sheet.append
        for number, row in enumerate(rows, start=1):
            if number % Cancelled.CHECK_EVERY_ROWS == 0 and cancelled():
                sheet.close()  # finish the sheet's scratch file so nothing is left half-written behind
                raise Cancelled("Export cancelled; no file was written.")
            append([safe_cell(sheet, value) for value in row])
    with atomic_output(Path(path)) as tmp:
        workbook.save(tmp)
    return Path(path)


def write_roster_csv(data: RosterExportData, path: Path) -> Path:
    """Write the partners as CSV through the one CSV writer (quoted, formula-safe, UTF-8 with a BOM)."""
    write_csv(Path(path), [c.header for c in PARTNER_COLUMNS], data.partners)
    return Path(path)
