"""The one safe-cell function: person text never becomes a formula, in workbooks or in CSV."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell

from microfactory_desk.exports.xlsx import (
    column_widths,
    header_cells,
    safe_cell,
    safe_csv_text,
    start_sheet,
    unquote_csv_text,
)

FORMULA_LIKE = [
    '=HYPERLINK("http://x","y")',
    "=1+1",
    "+1+1",
    "-2",
    "@SUM(A1)",
    "\tTabbed name",
    "#N/A",
    "#DIV/0!",
]


def _write_row(path: Path, values: list[Any]) -> None:
    """A write-only workbook with one row of values passed through safe_cell."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("S")
    sheet.append([safe_cell(sheet, v) for v in values])
    workbook.save(path)


def _sheet_xml(path: Path) -> str:
    """The raw XML of the first sheet."""
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode("utf-8")


def test_formula_like_text_is_saved_as_text_cells(tmp_path: Path) -> None:
    """Text starting with = + - @ or tab (and error codes) reads back as the exact string in a text cell."""
    path = tmp_path / "f.xlsx"
    _write_row(path, FORMULA_LIKE)
    cells = list(load_workbook(path)["S"][1])
    assert [c.value for c in cells] == FORMULA_LIKE
    assert [c.data_type for c in cells] == ["s"] * len(FORMULA_LIKE)
    assert "<f>" not in _sheet_xml(path) and "<f " not in _sheet_xml(path)


def test_text_starting_with_carriage_return_is_a_text_cell_with_lf(tmp_path: Path) -> None:
    """A leading CR gives a text cell; CR is written as LF because XML readers turn CR into LF anyway."""
    path = tmp_path / "cr.xlsx"
    _write_row(path, ["\r=1+1", "a\r\nb"])
    cells = list(load_workbook(path)["S"][1])
    assert [(c.value, c.data_type) for c in cells] == [("\n=1+1", "s"), ("a\nb", "s")]
    assert "<f" not in _sheet_xml(path).replace("<font", "")


def test_control_characters_are_stripped_but_newlines_and_tabs_kept(tmp_path: Path) -> None:
    """Controls such as NUL and BEL are removed; newlines and inner tabs survive."""
    path = tmp_path / "c.xlsx"
    _write_row(path, ["A\x00B\x07C\nD\tE\x1f"])
    assert load_workbook(path)["S"]["A1"].value == "ABC\nD\tE"


def test_plain_text_and_non_strings_pass_through_unwrapped() -> None:
    """Safe text is returned as a plain string and numbers, dates and None are returned unchanged."""
    sheet = Workbook(write_only=True).create_sheet("S")
    assert safe_cell(sheet, "Łódź Print Lab") == "Łódź Print Lab"
    assert type(safe_cell(sheet, "plain")) is str
    for value in (500, 2.5, dt.date(2025, 1, 1), dt.datetime(2025, 1, 1, 8, 30), None, True):
        assert safe_cell(sheet, value) is value
    assert isinstance(safe_cell(sheet, "=x"), Cell)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2", "@A1", "\tx", "\rx"])
def test_csv_text_gets_an_apostrophe_before_formula_triggers(text: str) -> None:
    """CSV text starting with a formula trigger is prefixed with one apostrophe."""
    assert safe_csv_text(text) == "'" + text


def test_csv_text_plain_is_unchanged_and_controls_stripped() -> None:
    """Plain CSV text is left alone apart from stripped control characters."""
    assert safe_csv_text("Müller & Söhne") == "Müller & Söhne"
    assert safe_csv_text("a\x00b\nc") == "ab\nc"
    assert safe_csv_text("it's") == "it's"


@pytest.mark.parametrize("text", ["=1", "-2", "'=x", "'abc", "'", "''", "''=", "plain", "", "@"])
def test_unquote_reverses_safe_csv_text_exactly(text: str) -> None:
    """unquote_csv_text(safe_csv_text(t)) gives t back, including text that already starts with an apostrophe."""
    assert unquote_csv_text(safe_csv_text(text)) == text


def test_unquote_only_strips_an_apostrophe_before_a_trigger() -> None:
    """An apostrophe followed by a letter is part of the text and is kept."""
    assert unquote_csv_text("'=SUM(A1)") == "=SUM(A1)"
    assert unquote_csv_text("'abc") == "'abc"


def test_header_row_is_bold_frozen_and_widths_fit(tmp_path: Path) -> None:
    """start_sheet writes a bold, frozen header row and sets column widths within bounds."""
    path = tmp_path / "h.xlsx"
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("S")
    rows = [("short", "x" * 200)]
    widths = column_widths(["Code", "Notes"], rows)
    start_sheet(sheet, ["Code", "Notes"], widths)
    sheet.append(list(rows[0]))
    workbook.save(path)
    read = load_workbook(path)["S"]
    assert read["A1"].font.bold and read["B1"].font.bold
    assert read.freeze_panes == "A2"
    assert read.column_dimensions["B"].width == 50
    assert 8 <= read.column_dimensions["A"].width < 50
    assert all(cell.font.bold for cell in header_cells(sheet, ["a"]))
