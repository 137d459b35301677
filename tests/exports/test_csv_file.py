"""The one CSV writer: no formula under either separator, text quoted, values read back exactly."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from microfactory_desk.db import Database, open_database
from microfactory_desk.exports.orders_flat import HEADERS, write_orders_flat
from microfactory_desk.exports.xlsx import FORMULA_TRIGGERS, safe_csv_text, unquote_csv_text
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.wiring import Services

HOSTILE = [
    "Out of stock;=1+1",
    'late, =HYPERLINK("http://x","y")',
    "ok;  +1",
    'quote;"=2+2',
    "two lines\n@SUM(A1)",
    "tab\t-3",
    "=1+1",
    "'=already quoted",
]


def _pieces(text: str, separator: str) -> list[str]:
    """Cells a reader that ignores quotes would see: split on the separator and on line breaks."""
    return [piece for line in text.splitlines() for piece in line.split(separator)]


def _formula_like(piece: str) -> bool:
    """True when a reader would take the cell as a formula (a negative number such as -126.0 is a number)."""
    text = piece.strip(' "')
    try:
        float(text)
        return False
    except ValueError:
        return text.startswith(FORMULA_TRIGGERS)


def _assert_no_formula_start(text: str) -> None:
    for separator in (",", ";"):
        for piece in _pieces(text, separator):
            assert not _formula_like(piece), (separator, piece)
        for row in csv.reader(text.splitlines(), delimiter=separator):
            for cell in row:
                assert not _formula_like(cell), (separator, cell)


def _order_rows() -> list[list[object]]:
    """One order line per hostile text, the text in every text column, numbers where numbers go."""
    rows = []
    for text in HOSTILE:
        row: list[object] = [text] * len(HEADERS)
        row[17], row[18], row[19] = 12, 10.5, -126.0
        rows.append(row)
    return rows


def test_orders_csv_has_no_formula_under_either_separator(tmp_path: Path) -> None:
    """`Out of stock;=1+1` and friends start no cell whether the file is read with `,` or `;` (the DE/FR default)."""
    path = tmp_path / "orders.csv"
    assert write_orders_flat(_order_rows(), path) == len(HOSTILE)
    text = path.read_text(encoding="utf-8-sig")
    _assert_no_formula_start(text)
    rows = list(csv.reader(text.splitlines(keepends=True)))
    assert [[unquote_csv_text(c) for c in row[:3]] for row in rows[1:]] == [[t] * 3 for t in HOSTILE]
    assert rows[1][17:20] == ["12", "10.5", "-126.0"]
    assert '"Out of stock;\'=1+1"' in text  # text quoted, so a reader honouring quotes keeps it one cell


def test_roster_csv_is_safe_and_round_trips_through_the_import(db: Database, tmp_path: Path) -> None:
    """A roster CSV with hostile notes is formula-free under both separators and imports back to the same notes."""
    services = Services(db)
    notes = "Out of stock;=1+1\nlate, -2 days"
    services.roster.create_partner(data=validate_partner({"code": "MF-1", "name": "Semi; =colon", "risk_notes": notes}))
    path = tmp_path / "roster.csv"
    services.roster_files.export_file(path)
    _assert_no_formula_start(path.read_text(encoding="utf-8-sig"))
    other = Services(open_database(str(tmp_path / "other.sqlite")))
    other.roster_files.import_file(path)
    rows = other.db.read("SELECT name, risk_notes FROM partner")
    other.db.close()
    assert rows == [("Semi; =colon", notes)]


@given(st.text(alphabet=st.sampled_from(list(",;\t\n\r \"'=+-@ab")), max_size=12))
def test_safe_csv_text_is_reversible_and_formula_free(text: str) -> None:
    """For any mix of separators, quotes, apostrophes and triggers: no piece starts a formula, and unquote undoes it."""
    safe = safe_csv_text(text)
    assert unquote_csv_text(safe) == text
    for separator in (",", ";", "\t", "\n", "\r"):
        for piece in safe.split(separator):
            assert not piece.lstrip(' "').startswith(FORMULA_TRIGGERS), (separator, piece)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_with_semicolon_separator_computes_nothing(tmp_path: Path) -> None:
    """LibreOffice opening the orders CSV with `;` as separator (Excel's default in DE) finds no formula."""
    path = tmp_path / "orders.csv"
    write_orders_flat(_order_rows(), path)
    profile = tmp_path / "lo-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--infilter=CSV:59,34,76,1",
         "--convert-to", "xlsx", "--outdir", str(tmp_path / "out"), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    sheet = load_workbook(tmp_path / "out" / "orders.xlsx").active
    formulas = [c.value for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    assert sheet.max_row > len(HOSTILE)
