"""The pilots workbook: a sheet per status, person text kept as text, derived columns as real formulas."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from microfactory_desk.db import Database
from microfactory_desk.errors import FileFormatError
from microfactory_desk.exports.pilots_xlsx import FORMULAS, HEADERS, VALUES
from microfactory_desk.schemas.fields import validate
from microfactory_desk.schemas.pilot import PilotIn
from microfactory_desk.services.pilots.files import export_pilots
from microfactory_desk.services.pilots.service import PilotService
from microfactory_desk.wiring import Services
from tests.services import attention_data as make

TODAY = dt.date(2026, 6, 15)


def _pilots(db: Database) -> None:
    make.partner(db, "MF-1", "Müller & Söhne <GmbH>")
    make.sku(db, "MF-LAMP")
    service = PilotService(db)
    base = {"sku_code": "MF-LAMP", "partner_code": "MF-1", "starts_on": "2026-05-01", "ends_on": "2026-05-20"}
    counts = {"units_made": 50, "units_shipped": 40, "units_sold": 30, "units_returned": 3, "price": "24.00"}
    service.create_pilot(validate(PilotIn, base | counts | {"market_name": '=HYPERLINK("x")'}), today=TODAY)
    service.create_pilot(
        validate(PilotIn, base | {"market_name": "深圳 pop-up", "starts_on": "2026-07-01", "ends_on": "2026-07-10"}),
        today=TODAY,
    )


def test_one_sheet_per_status_with_formulas(db: Database, tmp_path: Path) -> None:
    """Every status has its sheet; the derived columns hold formulas over the right columns."""
    _pilots(db)
    out = tmp_path / "pilots.xlsx"
    assert export_pilots(Services(db).pilots, out, today=TODAY) == 2
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Planned", "Running", "Awaiting decision", "Decided"]
    ended = book["Awaiting decision"]
    headers = [c.value for c in ended[1]]
    assert headers == HEADERS
    letter = {h: openpyxl.utils.get_column_letter(i + 1) for i, h in enumerate(headers)}
    sell_through = ended[f"{letter['Sell-through']}2"].value
    assert sell_through == f'=IF({letter["Shipped"]}2>0,{letter["Sold"]}2/{letter["Shipped"]}2,"no data")'
    assert ended[f"{letter['Return rate']}2"].value.startswith(f"=IF({letter['Sold']}2>0,{letter['Returned']}2/")
    assert ended[f"{letter['Market']}2"].data_type == "s"
    assert ended[f"{letter['Market']}2"].value == '=HYPERLINK("x")'  # person text stays text
    assert ended[f"{letter['Partner']}2"].value == "Müller & Söhne <GmbH>"
    assert ended[f"{letter['Starts']}2"].value == dt.datetime(2026, 5, 1)
    assert book["Planned"][f"{letter['Market']}2"].value == "深圳 pop-up"
    assert book["Running"].max_row == 1 and book["Decided"].max_row == 1
    assert len(FORMULAS) == len(headers) - len(VALUES) - 3


def test_wrong_file_name_is_refused(db: Database, tmp_path: Path) -> None:
    """Only .xlsx is written, and nothing is left behind."""
    with pytest.raises(FileFormatError):
        export_pilots(Services(db).pilots, tmp_path / "pilots.csv", today=TODAY)
    assert not list(tmp_path.glob("*pilots*"))
