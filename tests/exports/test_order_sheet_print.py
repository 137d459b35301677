"""The order sheet as LibreOffice prints it: labels beside their values, every column on one page width."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from microfactory_desk.db import Database
from microfactory_desk.exports.order_sheet import write_order_sheet
from microfactory_desk.exports.xlsx import CELL_LIMIT
from microfactory_desk.wiring import Services
from tests.services.order_fixtures import ORDER_DAY, draft, partner_with_sla

LONG_NAME = "Bilbao Foundry Collective Sociedad Cooperativa de Fundición Artesanal del País Vasco"
NOTES = "Pack each bag separately.\nDeliver between 8:00 and 11:00 to the back entrance; " + "call Ana first. " * 12


def _printed(db: Database, tmp_path: Path, notes: str = NOTES) -> Path:
    """The order sheet of a partner with a long name, converted to PDF by LibreOffice."""
    partner_with_sla(db)
    order = draft(db, notes="x")
    files = Services(db).order_files
    sheet = files.sheet(order.id, ORDER_DAY)
    sheet = sheet.model_copy(
        update={"order": sheet.order.model_copy(update={"partner_name": LONG_NAME, "notes": notes})}
    )
    path = write_order_sheet(sheet, tmp_path / "order.xlsx")
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return tmp_path / "order.pdf"


def _chunks(path: Path) -> list[tuple[float, str]]:
    """(baseline height, text) of every text chunk on the first page."""
    found: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, _size: float) -> None:
        if text.strip():
            found.append((round(tm[5] * cm[3] + cm[5], 1), text.strip()))

    PdfReader(path).pages[0].extract_text(visitor_text=visit)
    return found


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_labels_share_rows_with_values_and_the_sheet_is_one_page_wide(db: Database, tmp_path: Path) -> None:
    """Defect 15: a long partner name no longer pushes labels a row below their values; the comment column prints."""
    pdf = _printed(db, tmp_path)
    chunks = _chunks(pdf)

    def y(start: str) -> float:
        return next(height for height, text in chunks if text.startswith(start))

    assert y("Partner") == y(LONG_NAME[:20])
    assert y("Order date") == y(ORDER_DAY.isoformat())
    assert y("Buyer") == y("PO number")
    assert y("Notes") == y("Pack each bag")
    assert len(PdfReader(pdf).pages) == 1  # fitted to one page wide (and, with two lines, one page tall)
    text = " ".join(t for _y, t in chunks)
    assert "Partner comment" in text and "To be filled in by the partner" in text


def test_a_cell_longer_than_excel_allows_is_cut_with_a_mark(db: Database, tmp_path: Path) -> None:
    """Notes over 32,767 characters are cut to the limit with a visible note of what was left out."""
    partner_with_sla(db)
    order = draft(db, notes="x")
    sheet = Services(db).order_files.sheet(order.id, ORDER_DAY)
    huge = "Ä" * 40_000
    sheet = sheet.model_copy(update={"order": sheet.order.model_copy(update={"notes": huge})})
    ws = load_workbook(write_order_sheet(sheet, tmp_path / "o.xlsx"))["Order"]
    cell = next(c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("ÄÄÄ"))
    assert len(cell.value) <= CELL_LIMIT
    assert cell.value.endswith("characters cut: a spreadsheet cell holds 32,767]")
    assert cell.alignment.wrap_text


def test_long_person_text_wraps_in_write_only_sheets(tmp_path: Path) -> None:
    """A multi-line or long value in a streamed sheet (roster, orders, pilots) is written wrapped and top-aligned."""
    from openpyxl import Workbook

    from microfactory_desk.exports.xlsx import safe_cell

    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("x")
    ws.append([safe_cell(ws, "short"), safe_cell(ws, "line one\nline two"), safe_cell(ws, "word " * 40)])
    workbook.save(tmp_path / "w.xlsx")
    row = next(load_workbook(tmp_path / "w.xlsx")["x"].iter_rows())
    assert [c.alignment.wrap_text for c in row] == [None, True, True]
    assert row[2].alignment.vertical == "top"
