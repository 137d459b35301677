"""Roster workbook and CSV files: layout, safe cells and writing through a temporary file."""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.styles.numbers import is_date_format

from microfactory_desk.exports.atomic import atomic_output
from microfactory_desk.exports.roster_file import write_roster_csv, write_roster_xlsx
from microfactory_desk.schemas.roster_file import CERTIFICATION_COLUMNS, CONTACT_COLUMNS, PARTNER_COLUMNS
from microfactory_desk.schemas.roster_import import RosterExportData


def _partner(code: str, name: str, **extra: object) -> tuple[object, ...]:
    """A partner export row with defaults for every column not given."""
    values: dict[str, object] = {c.field: "" for c in PARTNER_COLUMNS}
    values.update(code=code, name=name, kind="microfactory", stage="prospect", risk_level="low")
    values.update(weekly_capacity=None, min_batch=None, fallback_code=None)
    values.update(extra)
    return tuple(values[c.field] for c in PARTNER_COLUMNS)


def _data() -> RosterExportData:
    """Export data with formula-like text, control characters, a contact and a certification."""
    return RosterExportData(
        partners=[
            _partner("B1", "Bulk & Co", kind="bulk_supplier", weekly_capacity=5000),
            _partner("F1", '=HYPERLINK("http://x","y")', fallback_code="B1", address="Line 1\nLine 2"),
            _partner("F2", "+1+1", risk_notes="-2"),
            _partner("F3", "@SUM(A1)", tags="\tTabbed"),
            _partner("F4", "Bad\x00\x07Name"),
        ],
        contacts=[("F1", "Ania", "Owner", "ania@lab.example", "+48 42 000", "email")],
        certifications=[("F1", "ISO 9001", "TÜV", "N-1", dt.date(2025, 1, 1), dt.date(2027, 1, 1))],
    )


def _hidden_files(folder: Path) -> list[Path]:
    """Leftover hidden (temporary) files in a folder."""
    return [p for p in folder.iterdir() if p.name.startswith(".")]


def test_workbook_has_three_sheets_with_exact_headers(tmp_path: Path) -> None:
    """The workbook holds Partners, Contacts and Certifications with the shared headers, bold and frozen."""
    path = write_roster_xlsx(_data(), tmp_path / "roster.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Partners", "Contacts", "Certifications"]
    for title, columns in zip(
        workbook.sheetnames, (PARTNER_COLUMNS, CONTACT_COLUMNS, CERTIFICATION_COLUMNS), strict=True
    ):
        sheet = workbook[title]
        assert [c.value for c in sheet[1]] == [c.header for c in columns]
        assert all(c.font.bold for c in sheet[1])
        assert sheet.freeze_panes == "A2"
        assert 8 <= sheet.column_dimensions["B"].width <= 50


def test_dates_are_real_dates_with_a_date_format(tmp_path: Path) -> None:
    """Certification dates are date cells shown with a date number format."""
    path = write_roster_xlsx(_data(), tmp_path / "roster.xlsx")
    cell = load_workbook(path)["Certifications"]["E2"]
    assert cell.is_date and is_date_format(cell.number_format)
    assert cell.value.date() == dt.date(2025, 1, 1)


def test_formula_like_names_are_text_cells_and_controls_are_stripped(tmp_path: Path) -> None:
    """Names that look like formulas come back as exact text cells; no sheet holds a formula element."""
    path = write_roster_xlsx(_data(), tmp_path / "roster.xlsx")
    sheet = load_workbook(path)["Partners"]
    names = [(c.value, c.data_type) for c in sheet["B"][1:]]
    assert names == [
        ("Bulk & Co", "s"),
        ('=HYPERLINK("http://x","y")', "s"),
        ("+1+1", "s"),
        ("@SUM(A1)", "s"),
        ("BadName", "s"),
    ]
    assert (sheet["O4"].value, sheet["O4"].data_type) == ("-2", "s")
    assert sheet["Q5"].value == "\tTabbed"
    assert sheet["H3"].value == "Line 1\nLine 2"
    assert sheet["L2"].value == 5000
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert len(sheets) == 3
        for name in sheets:
            xml = archive.read(name).decode("utf-8")
            assert "<f>" not in xml and "<f " not in xml


def test_csv_has_bom_headers_and_apostrophe_before_formulas(tmp_path: Path) -> None:
    """The CSV is UTF-8 with BOM, comma-separated, and formula-like text is prefixed with an apostrophe."""
    path = write_roster_csv(_data(), tmp_path / "roster.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(keepends=True)))
    assert rows[0] == [c.header for c in PARTNER_COLUMNS]
    assert [r[1] for r in rows[1:]] == ["Bulk & Co", '\'=HYPERLINK("http://x","y")', "'+1+1", "'@SUM(A1)", "BadName"]
    assert rows[1][11] == "5000" and rows[2][11] == "" and rows[2][15] == "B1"


def test_atomic_output_moves_the_finished_file_into_place(tmp_path: Path) -> None:
    """The file is written under a hidden temp name beside the target and replaces it only at the end."""
    target = tmp_path / "out.txt"
    target.write_text("old")
    with atomic_output(target) as tmp:
        assert tmp.parent == tmp_path and tmp.name.startswith(".")
        tmp.write_text("new")
        assert target.read_text() == "old"
    assert target.read_text() == "new"
    assert _hidden_files(tmp_path) == []


def test_failed_write_leaves_the_target_untouched(tmp_path: Path) -> None:
    """An error while writing removes the temp file and keeps the old file as it was."""
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_output(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("disk full")
    assert target.read_text() == "old"
    assert _hidden_files(tmp_path) == []


class _Unprintable:
    """A value whose text cannot be produced, to make a write fail halfway."""

    def __str__(self) -> str:
        raise RuntimeError("cannot be written")


def test_failed_csv_export_keeps_the_previous_file(tmp_path: Path) -> None:
    """A CSV export that fails halfway leaves the earlier export intact and no temp file behind."""
    target = write_roster_csv(_data(), tmp_path / "roster.csv")
    before = target.read_bytes()
    broken = _data()._replace(partners=[*_data().partners, ("X", _Unprintable())])
    with pytest.raises(RuntimeError):
        write_roster_csv(broken, target)
    assert target.read_bytes() == before
    assert _hidden_files(tmp_path) == []
