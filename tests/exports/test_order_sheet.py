"""The Excel order sheet: formulas, formats, protection, print setup, safe text; LibreOffice computes its totals."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from microfactory_desk.db import Database
from microfactory_desk.exports.order_sheet import ID_MARK, ID_SHEET
from microfactory_desk.services.orders.reads import order_fingerprint
from microfactory_desk.wiring import Services
from tests.services.order_fixtures import ORDER_DAY, draft, partner_with_sla

NOTES = '=HYPERLINK("http://evil","click") <b>&</b> Ελλάδα 深圳'


def _sheet(db: Database, tmp_path: Path) -> tuple[Path, int]:
    partner_with_sla(db)
    order = draft(db, notes=NOTES, destination_name="+48 Łódź pop-up")
    path = tmp_path / "order.xlsx"
    Services(db).order_files.export_sheet(order.number, path, today=ORDER_DAY)
    return path, order.id


def test_sheet_has_formulas_formats_and_print_setup(db: Database, tmp_path: Path) -> None:
    """Line totals and the grand total are formulas; prices carry the currency; A4 fitted to width with titles."""
    path, order_id = _sheet(db, tmp_path)
    wb = load_workbook(path)  # opening it back with openpyxl: no repair needed
    ws = wb["Order"]
    first = wb[ID_SHEET]["A6"].value
    assert [ws.cell(first - 1, c).value for c in (1, 2, 5, 8, 9)] == [
        "#",
        "SKU",
        "Quantity",
        "Confirmed qty",
        "Ship date",
    ]
    assert ws[f"G{first}"].value == f"=E{first}*F{first}"
    total_row = first + 2
    assert ws[f"A{total_row}"].value == "Total"
    assert ws[f"G{total_row}"].value == f"=SUM(G{first}:G{first + 1})"
    assert ws[f"F{first}"].number_format == '#,##0.00## "EUR"'
    assert ws[f"I{first}"].number_format == "yyyy-mm-dd"
    assert ws.freeze_panes == f"A{first}"
    assert ws.print_title_rows == f"${first - 2}:${first - 1}"  # the who-fills-what band and the headers
    assert (ws.page_setup.paperSize, ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (9, 1, 0)
    assert ws.oddFooter.right.text == "Page &P of &N"
    order = Services(db).orders.get_order(order_id)
    ids = [wb[ID_SHEET].cell(r, 1).value for r in range(1, 6)]
    assert ids == [ID_MARK, order.uuid, order.number, order_fingerprint(order), 2]
    assert wb[ID_SHEET].sheet_state == "veryHidden"


def test_only_confirmation_cells_are_open_and_validated(db: Database, tmp_path: Path) -> None:
    """The sheet is protected without a password; the yellow columns are unlocked and validated."""
    path, _ = _sheet(db, tmp_path)
    wb = load_workbook(path)
    ws = wb["Order"]
    first = wb[ID_SHEET]["A6"].value
    assert ws.protection.sheet and not ws.protection.password
    assert [ws[f"{c}{first}"].protection.locked for c in "ABEFGHIJ"] == [True] * 5 + [False] * 3
    rules = {str(v.sqref): v.type for v in ws.data_validations.dataValidation}
    assert rules == {f"H{first}:H{first + 1}": "whole", f"I{first}:I{first + 1}": "date",
                     f"J{first}:J{first + 1}": "textLength"}  # fmt: skip


def test_person_text_stays_text(db: Database, tmp_path: Path) -> None:
    """Notes that look like formulas and names with markup or other scripts are stored as plain text."""
    path, _ = _sheet(db, tmp_path)
    ws = load_workbook(path)["Order"]
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert cells[NOTES].data_type == "s"
    assert cells["+48 Łódź pop-up"].data_type == "s"
    assert any("Müller & Söhne <GmbH> MF1 (MF1)" == v for v in cells)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_computes_the_totals(db: Database, tmp_path: Path) -> None:
    """LibreOffice recalculates on load: the line totals and grand total come out as numbers."""
    path, _ = _sheet(db, tmp_path)
    profile = tmp_path / "lo-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "csv",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    rows = list(csv.reader((tmp_path / "order.csv").open(encoding="utf-8", errors="replace")))
    totals = [r for r in rows if r and r[0] == "Total"]
    assert totals and totals[0][6].replace(",", "").startswith("1014")  # 60 x 10.90 + 12 x 30.00
    lines = [r for r in rows if r and r[1] in ("MF-TEE", "MF-SLV")]
    assert [r[6].replace(",", "") for r in lines] == ["654", "360"]
