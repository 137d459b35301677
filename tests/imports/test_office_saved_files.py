"""Workbooks as Excel, LibreOffice and WPS save them (every text cell in the shared-strings table), read by every
importer; the test corpus's openpyxl files hold their text inline and never met that table."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from microfactory_desk.db import Database
from microfactory_desk.imports.deliveries import read_delivery_file
from microfactory_desk.imports.roster import read_roster
from microfactory_desk.imports.table import open_table
from microfactory_desk.schemas.order_vocab import OrderStatus
from microfactory_desk.wiring import Services
from tests.imports.test_order_confirmation import SHIP, _fill, _sent
from tests.imports.test_roster_import import HEADER, _xlsx
from tests.services.order_fixtures import ORDER_DAY

SAVED_BY_LIBREOFFICE = Path(__file__).resolve().parent.parent / "fixtures" / "imports" / "saved_by_libreoffice.xlsx"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _resave(path: Path, tmp_path: Path) -> Path:
    """`path` opened and saved again by LibreOffice Calc, as a partner's office suite would."""
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed (CI installs libreoffice-calc-nogui)")
    out = tmp_path / "resaved"
    out.mkdir(exist_ok=True)
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    convert = [SOFFICE, profile, "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(path)]
    subprocess.run(convert, check=True, capture_output=True, timeout=300)
    resaved = out / path.name
    with zipfile.ZipFile(resaved) as archive:
        assert "xl/sharedStrings.xml" in archive.namelist()
    return resaved


def test_the_reader_takes_text_from_the_shared_strings_table() -> None:
    """A workbook LibreOffice saved (committed as a fixture) reads as Calc shows it, not 'list index out of range'."""
    with open_table(SAVED_BY_LIBREOFFICE) as table:
        assert list(table.rows()) == [
            (1, ["Code", "Name", "City"]),
            (2, ["LO-1", "Zakład Śląski", "Łódź"]),
            (3, ["LO-2", "深圳快速打样", "深圳"]),
        ]


def test_a_roster_saved_by_libreoffice_imports(tmp_path: Path) -> None:
    """The roster import reads a workbook after LibreOffice saved it: names in any script, numbers as numbers."""
    rows = [["PL-1", "Zakład Śląski", "microfactory", 120, None], ["CN-1", "深圳快速打样", "microfactory", 80, None]]
    path = _resave(_xlsx(tmp_path / "roster.xlsx", {"Partners": [HEADER, *rows]}), tmp_path)
    imported = read_roster(path)
    assert [(p.data.code, p.data.name) for p in imported.partners] == [
        ("PL-1", "Zakład Śląski"),
        ("CN-1", "深圳快速打样"),
    ]


def test_a_delivery_file_saved_by_libreoffice_is_read(tmp_path: Path) -> None:
    """The delivery reader takes the text cells of a LibreOffice-saved workbook (references, notes)."""
    rows = [["order", "line", "reference", "notes"], ["PO-1", 1, "LS-1", "Dostawa częściowa, Łódź"]]
    path = _resave(_xlsx(tmp_path / "deliveries.xlsx", {"Deliveries": rows}), tmp_path)
    read = read_delivery_file(path, {})
    assert read.cells["reference"] == ["LS-1"]
    assert read.cells["notes"] == ["Dostawa częściowa, Łódź"]


def test_an_order_sheet_saved_by_libreoffice_confirms_the_order(db: Database, tmp_path: Path) -> None:
    """A partner opens the order sheet in LibreOffice, fills it in and saves: the confirmation imports."""
    order, path = _sent(db, tmp_path)
    resaved = _resave(_fill(path), tmp_path)
    confirmed = Services(db).order_files.import_confirmation(resaved, today=ORDER_DAY)
    assert confirmed.status == OrderStatus.CONFIRMED
    assert [(ln.confirmed_qty, ln.confirmed_ship_on) for ln in confirmed.lines] == [
        (60, SHIP),
        (10, dt.date(2026, 5, 25)),
    ]
    assert order.number in confirmed.number
