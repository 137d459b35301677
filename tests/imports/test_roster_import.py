"""Reading roster files: every kind of bad input is refused with the row and column a person sees."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from microfactory_desk.db import Database
from microfactory_desk.errors import FileFormatError, ImportFailed
from microfactory_desk.imports.roster import read_roster

HEADER = ["Code", "Name", "Kind", "Weekly capacity", "Fallback"]


def _xlsx(path: Path, sheets: dict[str, list[Any]]) -> Path:
    """A workbook with the given sheets and rows, saved at `path`."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def _partners(n: int) -> list[list[Any]]:
    """`n` valid partner rows under HEADER."""
    return [[f"P{i}", f"Partner {i}", "microfactory", 100, None] for i in range(1, n + 1)]


def _failure(path: Path) -> ImportFailed:
    """The ImportFailed that reading `path` raises."""
    with pytest.raises(ImportFailed) as err:
        read_roster(path)
    return err.value


@pytest.mark.parametrize("name", ["roster.pdf", "roster.xls", "roster", "roster.json"])
def test_wrong_extension_is_refused(tmp_path: Path, name: str) -> None:
    """Files that are neither .xlsx/.xlsm nor CSV are refused as a file format error."""
    path = tmp_path / name
    path.write_text("Code,Name\nP1,One\n")
    with pytest.raises(FileFormatError, match="cannot be imported"):
        read_roster(path)


def test_renamed_text_file_is_not_a_workbook(tmp_path: Path) -> None:
    """A text file renamed to .xlsx is refused with a message saying it is not a workbook."""
    path = tmp_path / "roster.xlsx"
    path.write_text("Code,Name\nP1,One\n")
    with pytest.raises(FileFormatError, match="not an Excel workbook"):
        read_roster(path)


def test_damaged_zip_named_xlsx_is_a_file_format_error(tmp_path: Path) -> None:
    """A file that starts like a zip but is damaged is refused as unreadable, not a crash."""
    path = tmp_path / "roster.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(FileFormatError):
        read_roster(path)


@pytest.mark.parametrize("name", ["empty.xlsx", "empty.csv"])
def test_zero_byte_file_is_empty(tmp_path: Path, name: str) -> None:
    """A 0-byte file is refused as empty."""
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(FileFormatError, match="is empty"):
        read_roster(path)


def test_sheet_without_any_row_has_no_header(tmp_path: Path) -> None:
    """A workbook whose partners sheet is blank is refused for lacking a header row."""
    path = _xlsx(tmp_path / "blank.xlsx", {"Partners": []})
    with pytest.raises(FileFormatError, match="no header row"):
        read_roster(path)


def test_headers_only_means_nothing_to_import(tmp_path: Path) -> None:
    """A sheet with headers but no partner rows is refused with a "nothing to import" message."""
    path = _xlsx(tmp_path / "template.xlsx", {"Partners": [HEADER, [None] * 5]})
    with pytest.raises(FileFormatError, match="nothing to import"):
        read_roster(path)


def test_data_without_header_row_is_refused(tmp_path: Path) -> None:
    """A file whose first row is data rather than column names is refused for lacking a header row."""
    path = tmp_path / "noheader.csv"
    path.write_text("P1,Partner one\nP2,Partner two\n")
    with pytest.raises(FileFormatError, match="no header row"):
        read_roster(path)


def test_missing_required_column_is_named(tmp_path: Path) -> None:
    """A sheet without the Name column is refused with a message naming Name."""
    path = _xlsx(tmp_path / "r.xlsx", {"Partners": [["Code", "City"], ["P1", "Łódź"]]})
    failure = _failure(path)
    assert "the required column Name is missing" in str(failure)
    assert failure.errors[0].row == 1


def test_bad_value_in_row_seven_names_row_and_column(tmp_path: Path) -> None:
    """A bad kind in the sixth data row is reported as row 7, column C (Kind)."""
    rows = _partners(6)
    rows[5][2] = "factory"
    failure = _failure(_xlsx(tmp_path / "r.xlsx", {"Partners": [HEADER, *rows]}))
    assert [(e.row, e.column, e.sheet) for e in failure.errors] == [(7, "C (Kind)", "Partners")]
    assert "Partners row 7, column C (Kind): 'factory' is not one of" in str(failure)


def test_fractional_capacity_is_refused_and_whole_float_accepted(tmp_path: Path) -> None:
    """500.0 is read as 500 while 500.5 is refused as not a whole number in its cell."""
    rows = _partners(2)
    rows[0][3], rows[1][3] = 500.0, 500.5
    failure = _failure(_xlsx(tmp_path / "r.xlsx", {"Partners": [HEADER, *rows]}))
    assert [(e.row, e.column) for e in failure.errors] == [(3, "D (Weekly capacity)")]
    assert "whole number" in failure.errors[0].message
    rows[1][3] = 7.0
    result = read_roster(_xlsx(tmp_path / "ok.xlsx", {"Partners": [HEADER, *rows]}))
    assert [p.data.weekly_capacity for p in result.partners] == [500, 7]


def test_every_bad_row_is_reported_at_once(tmp_path: Path) -> None:
    """Errors in several rows and sheets are collected into one failure."""
    rows = _partners(3)
    rows[0][1], rows[2][3] = "", -5
    contacts = [["Partner code", "Name", "Email"], ["P2", "Ania", "not-an-email"], ["NOPE", "Bob", ""]]
    failure = _failure(_xlsx(tmp_path / "r.xlsx", {"Partners": [HEADER, *rows], "Contacts": contacts}))
    where = [(e.sheet, e.row, e.column) for e in failure.errors]
    assert where == [
        ("Partners", 2, "B (Name)"),
        ("Partners", 4, "D (Weekly capacity)"),
        ("Contacts", 2, "C (Email)"),
        ("Contacts", 3, "A (Partner code)"),
    ]
    assert "no partner with the code NOPE" in failure.errors[3].message


def test_unknown_column_is_a_warning_not_an_error(tmp_path: Path) -> None:
    """A column the roster does not know is ignored and reported as a warning."""
    path = _xlsx(tmp_path / "r.xlsx", {"Partners": [["Code", "Name", "Favourite colour"], ["P1", "One", "red"]]})
    result = read_roster(path)
    assert len(result.partners) == 1
    assert result.warnings == [
        "The sheet Partners of r.xlsx: column C (Favourite colour) is not a roster column and was ignored."
    ]


def test_header_names_in_odd_case_and_aliases_are_matched(tmp_path: Path) -> None:
    """Headers are matched ignoring case, blanks and dashes, and by their aliases."""
    header = ["cODE", "COMPANY", "  weekly-CAPACITY ", "fallback_code", "kInD"]
    rows = [header, ["B1", "Bulk", None, None, "Bulk supplier"], ["P1", "One", "1 000", "b1", None]]
    result = read_roster(_xlsx(tmp_path / "r.xlsx", {"Partners": rows}))
    one = result.partners[1].data
    assert (one.code, one.name, one.weekly_capacity, one.fallback_code) == ("P1", "One", 1000, "b1")
    assert result.labels["name"] == "B (COMPANY)"


def test_empty_rows_are_skipped_and_rows_keep_their_numbers(tmp_path: Path) -> None:
    """Blank rows are skipped and later rows keep the number the spreadsheet shows."""
    rows = [HEADER, ["P1", "One"], [None, "  "], [], ["P2", "Two"]]
    result = read_roster(_xlsx(tmp_path / "r.xlsx", {"Partners": rows}))
    assert [(p.row, p.data.code) for p in result.partners] == [(2, "P1"), (5, "P2")]


def test_first_sheet_is_used_when_none_is_called_partners(tmp_path: Path) -> None:
    """Without a Partners sheet the first sheet holds the partners."""
    result = read_roster(_xlsx(tmp_path / "r.xlsx", {"Suppliers 2026": [HEADER, ["P1", "One"]]}))
    assert result.sheet == "Suppliers 2026" and result.partners[0].data.code == "P1"


def test_contacts_and_certifications_attach_to_their_partner(tmp_path: Path) -> None:
    """Rows of the Contacts and Certifications sheets are attached to the partner named by code."""
    sheets: dict[str, list[Any]] = {
        "Partners": [HEADER, ["P1", "One"], ["P2", "Two"]],
        "Contacts": [["Partner code", "Name", "Preferred channel"], ["p2", "Ania", "Phone"], ["P2", "Bob", None]],
        "Certifications": [["Code", "Certification", "Valid until"], ["P1", "ISO 9001", "2027-01-31"]],
    }
    result = read_roster(_xlsx(tmp_path / "r.xlsx", sheets))
    one, two = (p.data for p in result.partners)
    assert [(c.name, c.preferred_channel.value) for c in two.contacts] == [("Ania", "phone"), ("Bob", "email")]
    assert [(c.name, c.valid_until) for c in one.certifications] == [("ISO 9001", dt.date(2027, 1, 31))]


def test_empty_optional_sheets_are_ignored(tmp_path: Path) -> None:
    """Blank Contacts and Certifications sheets (or ones with headers only) add nothing and raise nothing."""
    sheets: dict[str, list[Any]] = {
        "Partners": [HEADER, ["P1", "One"]],
        "Contacts": [],
        "Certifications": [["Code", "Certification"]],
    }
    result = read_roster(_xlsx(tmp_path / "r.xlsx", sheets))
    assert result.partners[0].data.contacts == [] and result.partners[0].data.certifications == []


def test_excel_dates_and_date_text_are_read(tmp_path: Path) -> None:
    """Real Excel dates, ISO text, DD.MM.YYYY and DD/MM/YYYY text are all read as dates."""
    certs = [
        ["Partner code", "Certification", "Valid from", "Valid until"],
        ["P1", "A", dt.datetime(2025, 3, 1), dt.date(2027, 3, 1)],
        ["P1", "B", "2025-03-01", "01.03.2027"],
        ["P1", "C", "1/3/2025", "01/03/2027"],
    ]
    result = read_roster(_xlsx(tmp_path / "r.xlsx", {"Partners": [HEADER, ["P1", "One"]], "Certifications": certs}))
    dates = [(c.valid_from, c.valid_until) for c in result.partners[0].data.certifications]
    assert dates == [(dt.date(2025, 3, 1), dt.date(2027, 3, 1))] * 3


def test_unreadable_date_names_its_cell(tmp_path: Path) -> None:
    """A date that is neither a date cell nor a known date text is refused naming its cell."""
    certs = [["Partner code", "Certification", "Valid until"], ["P1", "A", "next spring"], ["P1", "B", "31.02.2027"]]
    failure = _failure(_xlsx(tmp_path / "r.xlsx", {"Partners": [HEADER, ["P1", "One"]], "Certifications": certs}))
    assert [(e.sheet, e.row, e.column) for e in failure.errors] == [
        ("Certifications", 2, "C (Valid until)"),
        ("Certifications", 3, "C (Valid until)"),
    ]
    assert "'next spring' is not in a date format this file uses" in failure.errors[0].message


def test_numeric_codes_are_read_as_text(tmp_path: Path) -> None:
    """A code typed as a number (1001) is read as the text "1001" for partners and contacts alike."""
    sheets = {"Partners": [HEADER, [1001, "One"]], "Contacts": [["Partner code", "Name"], [1001.0, "Ania"]]}
    result = read_roster(_xlsx(tmp_path / "r.xlsx", sheets))
    assert result.partners[0].data.code == "1001"
    assert result.partners[0].data.contacts[0].name == "Ania"


def test_semicolon_csv_in_windows_code_page(tmp_path: Path) -> None:
    """A semicolon-separated CSV saved in cp1252 (as Excel does in Germany) is read with its accents."""
    path = tmp_path / "roster.csv"
    path.write_bytes("Code;Name;City\r\nM1;Müller & Söhne Textil;Köln\r\n".encode("cp1252"))
    result = read_roster(path)
    data = result.partners[0].data
    assert (data.code, data.name, data.city) == ("M1", "Müller & Söhne Textil", "Köln")
    assert result.sheet == ""


def test_utf8_bom_csv_with_quotes_and_apostrophes(tmp_path: Path) -> None:
    """A UTF-8 CSV with BOM is read; quoted commas survive and the anti-formula apostrophe is removed."""
    path = tmp_path / "roster.csv"
    text = 'Code,Name,Processes\nL1,Łódź Print Lab,"3D printing, CNC"\nZ1,\'=1+1,\n'
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    first, second = (p.data for p in read_roster(path).partners)
    assert (first.name, first.processes) == ("Łódź Print Lab", ["3D printing", "CNC"])
    assert second.name == "=1+1"


def test_tab_separated_and_sep_hint_csv(tmp_path: Path) -> None:
    """Tab-separated text and Excel's "sep=;" first line are both understood."""
    tabbed = tmp_path / "tabs.csv"
    tabbed.write_text("Code\tName\nT1\tTabbed\n", encoding="utf-8")
    hinted = tmp_path / "hint.csv"
    hinted.write_text("sep=;\nCode;Name;Kind\nH1;Hinted;oops\n", encoding="utf-8")
    assert read_roster(tabbed).partners[0].data.name == "Tabbed"
    failure = _failure(hinted)
    assert [(e.row, e.column, e.sheet) for e in failure.errors] == [(2, "C (Kind)", "")]


def test_csv_row_seven_is_row_seven(tmp_path: Path) -> None:
    """In CSV files too the header is row 1, so the sixth partner is row 7."""
    lines = ["Code,Name,Weekly capacity", *[f"P{i},Partner {i},10" for i in range(1, 6)], "P6,Partner 6,lots"]
    path = tmp_path / "r.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    failure = _failure(path)
    assert [(e.row, e.column) for e in failure.errors] == [(7, "C (Weekly capacity)")]
    assert "row 7, column C (Weekly capacity): must be a whole number" in str(failure)


def test_cli_names_map_and_decimal_and_imports_with_them(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CLI words the remedies with its flags (--map code=HEADER, --decimal); given them, the file imports."""
    from microfactory_desk.cli import main

    path = tmp_path / "roster.csv"
    path.write_text("Partner ID;Name;Capacity\nP-1;Alpha;1.000\n", encoding="utf-8")
    assert main(["--db", db.url, "import", "roster", str(path)]) == 1
    assert "the required column Code is missing; name its column with --map code=HEADER" in capsys.readouterr().err
    assert main(["--db", db.url, "import", "roster", str(path), "--map", "code=Partner ID"]) == 1
    assert "or give the decimal mark with --decimal ," in capsys.readouterr().err
    argv = ["--db", db.url, "import", "roster", str(path), "--map", "code=Partner ID", "--decimal", ","]
    assert main(argv) == 0


def test_too_long_text_is_worded_for_people_not_by_pydantic(tmp_path: Path) -> None:
    """A 25,000-character risk note is refused as 'holds 25,000 characters; at most …', never pydantic's
    'String should have at most … characters'."""
    note = "x" * 25_000
    path = _xlsx(
        tmp_path / "r.xlsx",
        {"Partners": [[*HEADER, "Risk notes"], ["P1", "Partner 1", "microfactory", 10, None, note]]},
    )
    messages = [e.message for e in _failure(path).errors]
    assert len(messages) == 1 and messages[0].startswith("holds 25,000 characters; at most "), messages
    assert "String should" not in messages[0]


def test_headers_with_a_unit_in_brackets_and_everyday_expiry_names_are_read(tmp_path: Path) -> None:
    """A roster edited in Excel with "Weekly capacity (units)" and a certifications column "Valid to": both were
    "not a roster column and was ignored", so the import went through without the capacities and without
    every certificate's expiry (found by a new-user round trip). Both are now read, with no warning."""
    path = _xlsx(
        tmp_path / "edited.xlsx",
        {
            "Partners": [["Code", "Name", "Weekly capacity (units)", "Min. batch [pcs]"], ["P1", "One", 490, 79]],
            "Certifications": [
                ["Partner code", "Certification", "Valid from", "Valid to"],
                ["P1", "ISO 9001", dt.datetime(2024, 7, 25), dt.datetime(2027, 7, 25)],
            ],
        },
    )
    result = read_roster(path)
    (partner,) = result.partners
    assert (partner.data.weekly_capacity, partner.data.min_batch) == (490, 79)
    assert [c.valid_until for c in partner.data.certifications] == [dt.date(2027, 7, 25)]
    assert result.warnings == []
