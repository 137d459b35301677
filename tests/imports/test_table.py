"""The one tabular reader: encodings, dialects, xlsx as Excel shows it, and bounds on hostile files."""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

import pytest

from microfactory_desk.errors import FileFormatError
from microfactory_desk.imports import table as table_module
from microfactory_desk.imports import xlsx_bounds
from microfactory_desk.imports.table import CellProblem, open_table
from tests.imports.hostile_files import (
    SHEET,
    csv_bytes,
    declared_size,
    formatted_to,
    no_sheets,
    with_dimension,
    workbook,
)

ROWS = [["Code", "Name", "City"], ["M1", "Müller & Söhne", "Köln"]]


def _rows(path: Path, sheet: str = "") -> list[tuple[int, list[object]]]:
    with open_table(path) as table:
        return list(table.rows(sheet))


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
    ],
)
def test_unicode_csv_with_and_without_bom(tmp_path: Path, encoding: str, bom: bytes) -> None:
    """UTF-8 with or without BOM and UTF-16 LE/BE with BOM ("Unicode text") read to the same cells."""
    path = tmp_path / "r.csv"
    path.write_bytes(csv_bytes(ROWS, delimiter="\t" if "16" in encoding else ";", encoding=encoding, bom=bom))
    assert _rows(path) == [(1, ROWS[0]), (2, ROWS[1])]


@pytest.mark.parametrize(
    ("encoding", "row"),
    [
        ("shift_jis", ["JP-1", "株式会社山田製作所", "東京"]),
        ("gb18030", ["CN-1", "深圳市华强制造有限公司", "深圳"]),
        ("koi8_r", ["RU-1", "ООО Мастерская Иванова", "Москва"]),
        ("cp1252", ["DE-1", "Müller & Söhne Textil", "Köln"]),
    ],
)
def test_legacy_code_pages_are_detected(tmp_path: Path, encoding: str, row: list[str]) -> None:
    """Shift-JIS, GB18030, KOI8-R and cp1252 files decode to the right text, not mojibake."""
    path = tmp_path / "r.csv"
    path.write_bytes(csv_bytes([["Code", "Name", "City"], row, row], encoding=encoding))
    assert _rows(path)[1] == (2, row)


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_sniffed(tmp_path: Path, delimiter: str) -> None:
    """Comma, semicolon, tab and pipe files split into the same columns, even with commas inside cells."""
    path = tmp_path / "r.csv"
    path.write_bytes(csv_bytes([*ROWS, ["M2", "Acme, Inc.", "Berlin"]], delimiter=delimiter))
    assert [cells for _, cells in _rows(path)][2] == ["M2", "Acme, Inc.", "Berlin"]


def test_sep_line_is_honoured_and_not_a_row(tmp_path: Path) -> None:
    """Excel's "sep=;" first line picks the delimiter and the header stays row 1."""
    path = tmp_path / "r.csv"
    path.write_bytes(b"sep=;\r\n" + csv_bytes(ROWS, delimiter=";"))
    assert _rows(path) == [(1, ROWS[0]), (2, ROWS[1])]


def test_unbalanced_quote_is_refused_naming_the_row(tmp_path: Path) -> None:
    """A quote that never closes would swallow the next rows into one name: refused at its row."""
    path = tmp_path / "r.csv"
    path.write_text('Code,Name,City\nM1,"Acme,Berlin\nM2,Beta,Köln\nM3,Gamma,Bonn\n', encoding="utf-8")
    with pytest.raises(FileFormatError, match="row 2"):
        _rows(path)


def test_nul_byte_is_refused_naming_the_row(tmp_path: Path) -> None:
    """A NUL byte in a text file is damage: refused with its row, never stored."""
    path = tmp_path / "r.csv"
    path.write_bytes(b"Code,Name\r\nM1,Acme\r\nM2,Be\x00ta\r\n")
    with pytest.raises(FileFormatError, match="row 3"):
        _rows(path)


def test_oversized_csv_field_is_refused(tmp_path: Path) -> None:
    """A 131,073-character field gives a message naming its row, not a csv.Error traceback."""
    path = tmp_path / "r.csv"
    path.write_text("Code,Name\nM1," + "x" * 131_073 + "\n", encoding="utf-8")
    with pytest.raises(FileFormatError, match="row 2"):
        _rows(path)


def test_wrong_dimension_record_is_ignored(tmp_path: Path) -> None:
    """A workbook declaring its used range as A1 (WPS Office) still shows every column and row."""
    path = with_dimension(workbook(tmp_path / "w.xlsx", [*ROWS, ["M2", "B", "C"]]), "A1")
    assert _rows(path)[2] == (3, ["M2", "B", "C"])


def test_formatted_rows_to_the_sheet_end_are_not_walked(tmp_path: Path) -> None:
    """A 2-row sheet formatted down to row 1,048,576 gives its 2 rows (the time is in benchmarks/)."""
    path = formatted_to(workbook(tmp_path / "f.xlsx", ROWS), 1_048_576)
    assert _rows(path) == [(1, ROWS[0]), (2, ROWS[1])]


def test_error_cells_and_formulas_without_a_value_are_problems(tmp_path: Path) -> None:
    """#REF! and a formula never calculated become CellProblems with a message, not a name or a blank."""
    path = workbook(tmp_path / "e.xlsx", [["Code", "Name", "Total"], ["M1", "#REF!", "=SUM(1,2)"]])
    cells = _rows(path)[1][1]
    assert isinstance(cells[1], CellProblem) and "#REF!" in cells[1]
    assert isinstance(cells[2], CellProblem) and "formula" in cells[2]


def test_1904_date_system(tmp_path: Path) -> None:
    """A workbook in the 1904 date system (old Mac Excel) gives the dates Excel shows."""
    path = workbook(tmp_path / "d.xlsx", [["Day"], [dt.date(2026, 7, 9)]], epoch1904=True)
    assert _rows(path)[1][1][0] == dt.datetime(2026, 7, 9)


def test_first_visible_sheet_is_read(tmp_path: Path) -> None:
    """A hidden first sheet is skipped: the sheet Excel opens on is the one read."""
    path = workbook(tmp_path / "h.xlsx", ROWS, hidden_first=[["Old", "data"]])
    with open_table(path) as table:
        assert table.first_sheet == "Data"
        assert list(table.rows())[1] == (2, ROWS[1])


def test_workbook_without_sheets_is_a_message(tmp_path: Path) -> None:
    """A workbook with no sheets is refused with a message, not an IndexError."""
    with pytest.raises(FileFormatError, match="no.*sheet|not a readable"):
        _rows(no_sheets(tmp_path / "n.xlsx"))


def test_zip_bomb_is_refused_by_declared_size(tmp_path: Path) -> None:
    """A part declaring gigabytes uncompressed is refused before any parser runs."""
    path = declared_size(workbook(tmp_path / "b.xlsx", ROWS), "xl/styles.xml", 3 * 2**30)
    with pytest.raises(FileFormatError, match="zip bomb"):
        _rows(path)


def test_zip_bomb_is_refused_by_actual_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sheet inflating past the limit while read is refused even when its header looked harmless."""
    path = formatted_to(workbook(tmp_path / "b.xlsx", ROWS), 60_000)
    monkeypatch.setattr(xlsx_bounds, "MAX_MEMBER_BYTES", 1_000_000)
    monkeypatch.setattr(xlsx_bounds, "MAX_TOTAL_BYTES", 10_000_000)
    with pytest.raises(FileFormatError, match="MB"):
        with open_table(path) as table:
            list(table.rows())
    assert SHEET  # the sheet part is the one that grew


def test_row_limit_is_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """More rows than the limit are refused with a message naming the file, not read without bound."""
    monkeypatch.setattr(table_module, "MAX_ROWS", 5)
    path = tmp_path / "r.csv"
    path.write_bytes(csv_bytes([["Code", "Name"]] + [[f"M{i}", "x"] for i in range(10)]))
    with pytest.raises(FileFormatError, match="more than 5 rows"):
        _rows(path)


def test_type_is_told_by_content_not_name(tmp_path: Path) -> None:
    """A workbook named .csv is read as a workbook; an old .xls container is named as such."""
    path = workbook(tmp_path / "really-xlsx.csv", ROWS)
    assert _rows(path)[1] == (2, ROWS[1])
    old = tmp_path / "old.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(FileFormatError, match="old Excel"):
        _rows(old)


WINDOWS_LATIN = [
    ("cp1250", "Łódź, Zakład Śląski"),  # Polish
    ("cp1250", "Příbram, Dílna č. 3"),  # Czech
    ("cp1250", "Győr, Műhely"),  # Hungarian
    ("cp1252", "Müller GmbH Straße"),  # German
    ("cp1252", "Société Générale Œuvre"),  # French
    ("cp1252", "Oficina São João"),  # Portuguese: detection alone took its two lone bytes for Big5
    ("cp1252", "Peña Hermanos, Logroño"),  # Spanish
    ("cp1252", "Açores Têxteis"),  # Portuguese
]


@pytest.mark.parametrize(
    ("encoding", "text"), WINDOWS_LATIN, ids=["pl", "cz", "hu", "de", "fr", "pt-sao", "es", "pt-acores"]
)
def test_central_and_western_code_pages_are_told_apart(tmp_path: Path, encoding: str, text: str) -> None:
    """A short CSV saved in cp1250 (Polish, Czech, Hungarian) or cp1252 (German, French) reads as its own page."""
    path = tmp_path / f"{encoding}.csv"
    path.write_bytes(f"Code;Name\nP-1;{text}\n".encode(encoding))
    with open_table(path) as table:
        assert list(table.rows()) == [(1, ["Code", "Name"]), (2, ["P-1", text])]


def test_every_importer_reads_a_cp1250_file_as_cp1250(tmp_path: Path) -> None:
    """The reader is shared: the roster import and the delivery reader both see the Polish name, not mojibake."""
    from microfactory_desk.imports.deliveries import read_delivery_file
    from microfactory_desk.imports.roster import read_roster

    roster = tmp_path / "roster.csv"
    roster.write_bytes("Code;Name;City\nPL-1;Zakład Śląski;Łódź\n".encode("cp1250"))
    assert read_roster(roster).partners[0].data.name == "Zakład Śląski"
    deliveries = tmp_path / "deliveries.csv"
    deliveries.write_bytes("order;line;reference;notes\nPO-1;1;LS-1;Dostawa częściowa, Łódź\n".encode("cp1250"))
    assert read_delivery_file(deliveries, {}).cells["notes"] == ["Dostawa częściowa, Łódź"]


def test_a_csv_cell_over_excels_limit_is_refused_by_row_and_column(tmp_path: Path) -> None:
    """A 40,000-character CSV cell is refused like an xlsx one, naming row and column, by the roster and deliveries."""
    from microfactory_desk.errors import ImportFailed
    from microfactory_desk.imports.deliveries import read_delivery_file, typed_columns
    from microfactory_desk.imports.roster import read_roster

    roster = tmp_path / "roster.csv"
    roster.write_text(f"Code,Name,City\nP-1,Alpha,Köln\nP-2,{'x' * 40_000},Graz\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as refused:
        read_roster(roster)
    assert [str(e) for e in refused.value.errors] == [
        "row 3, column B (Name): the cell holds 40,000 characters; at most 32,767"
    ]
    deliveries = tmp_path / "deliveries.csv"
    deliveries.write_text(f"order,line,reference,notes\nPO-1,1,LS-1,{'n' * 32_768}\n", encoding="utf-8")
    _, errors = typed_columns(read_delivery_file(deliveries, {}))
    assert [str(e) for e in errors] == ["row 2, column D (notes): the cell holds 32,768 characters; at most 32,767"]


UTF8_ROW = "Café Straße,Zürich\n".encode()


@pytest.mark.parametrize(
    ("raw", "where", "shown"),
    [
        (b"Name,City\n" + UTF8_ROW + "Café Two,Köln\n".encode("cp1252"), "row 3, column A", "Café Two"),
        (b"Name,City\n" + "Two,Köln\n".encode("cp1252") + UTF8_ROW, "row 2, column B", "Köln"),
        (codecs.BOM_UTF8 + b"Name,City\nOne,Bonn\n" + "Two,Köln\n".encode("cp1252"), "row 3, column B", "Köln"),
        (b"Name;City\n" + "Łódź;Plzeň\n".encode() + "Zakład;Łódź\n".encode("cp1250"), "row 3, column A", "Zak"),
        (b'Name,City\n"Multi\nline",' + "Zürich\n".encode() + "Two,Köln\n".encode("cp1252"), "row 3, column B", "K"),
    ],
)
def test_a_csv_mixing_utf8_and_windows_rows_is_refused_by_row(
    tmp_path: Path, raw: bytes, where: str, shown: str
) -> None:
    """UTF-8 rows next to Windows code page rows are refused naming the first row and column not in UTF-8."""
    path = tmp_path / "mixed.csv"
    path.write_bytes(raw)
    with pytest.raises(FileFormatError) as caught:
        _rows(path)
    assert f"mixed.csv, {where}: the row is not in the file's encoding (UTF-8" in caught.value.message
    assert shown in caught.value.message and "save the file again as UTF-8" in caught.value.message
