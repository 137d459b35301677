"""Round trip of the Excel order sheet and JSON confirmations: export, fill in as a partner, import; bad input refused."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from microfactory_desk.db import Database
from microfactory_desk.errors import DeskError, FileFormatError, ImportFailed
from microfactory_desk.exports.order_sheet import ID_SHEET
from microfactory_desk.schemas.order_vocab import OrderStatus
from microfactory_desk.schemas.orders import OrderOut
from microfactory_desk.wiring import Services
from tests.services.order_fixtures import ORDER_DAY, draft, partner_with_sla

SHIP = dt.date(2026, 5, 20)


def _sent(db: Database, tmp_path: Path, **fields: Any) -> tuple[OrderOut, Path]:
    partner_with_sla(db)
    order = draft(db, **fields)
    path = tmp_path / f"{order.number}.xlsx"
    Services(db).order_files.send(order.id, path, on=ORDER_DAY)
    return order, path


def _fill(path: Path, edit: Callable[[Any, int], None] | None = None) -> Path:
    """Fill the yellow columns as a partner would (openpyxl, saving over the file); `edit` spoils it."""
    wb = load_workbook(path)
    ws = wb["Order"]
    first = wb[ID_SHEET]["A6"].value
    ws[f"H{first}"], ws[f"I{first}"], ws[f"J{first}"] = 60, SHIP, "On time =ok"
    ws[f"H{first + 1}"], ws[f"I{first + 1}"] = 10, dt.datetime(2026, 5, 25)
    if edit is not None:
        edit(ws, first)
    wb.save(path)
    return path


def test_round_trip_confirms_the_order(db: Database, tmp_path: Path) -> None:
    """Export sheet -> fill confirmation -> import -> order confirmed with the partner's answers."""
    order, path = _sent(db, tmp_path)
    confirmed = Services(db).order_files.import_confirmation(_fill(path), today=ORDER_DAY)
    assert confirmed.status == OrderStatus.CONFIRMED
    assert [(ln.confirmed_qty, ln.confirmed_ship_on, ln.partner_comment) for ln in confirmed.lines] == [
        (60, SHIP, "On time =ok"),
        (10, dt.date(2026, 5, 25), ""),
    ]
    assert confirmed.history[-1].to_status == "confirmed"


def _refused(db: Database, path: Path, order: OrderOut, **kwargs: Any) -> str:
    with pytest.raises((ImportFailed, FileFormatError, DeskError)) as caught:
        Services(db).order_files.import_confirmation(path, today=ORDER_DAY, **kwargs)
    after = Services(db).orders.get_order(order.id)
    assert after.status == OrderStatus.SENT and all(ln.confirmed_qty is None for ln in after.lines)
    return caught.value.message


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda ws, r: ws.__setitem__(f"H{r}", "ten"),
            "row {r}, column H (Confirmed qty): 'ten' is not a whole number",
        ),
        (lambda ws, r: ws.__setitem__(f"H{r}", -5), "row {r}, column H (Confirmed qty): -5 is negative"),
        (lambda ws, r: ws.__setitem__(f"H{r}", 2.5), "row {r}, column H (Confirmed qty): 2.5 is not a whole number"),
        (lambda ws, r: ws.__setitem__(f"H{r}", None), "row {r}, column H (Confirmed qty): the confirmed quantity is"),
        (lambda ws, r: ws.__setitem__(f"I{r}", "2026-02-30"), "row {r}, column I (Ship date): '2026-02-30' is not a"),
        (lambda ws, r: ws.__setitem__(f"I{r}", "31/13/2026"), "row {r}, column I (Ship date): '31/13/2026' is not a"),
        (lambda ws, r: ws.__setitem__(f"I{r}", dt.date(2025, 1, 1)), "is before the order date"),
        (lambda ws, r: ws.__setitem__(f"E{r}", 600), "row {r}, column E (Quantity): changed from 60 to 600"),
        (lambda ws, r: ws.__setitem__(f"H{r}", 10**9), "row {r}, column H (Confirmed qty): 1,000,000,000 is more than"),
        (
            lambda ws, r: ws.__setitem__(f"J{r}", "x" * 6000),
            "row {r}, column J (Partner comment): the comment has 6,000",
        ),
        (lambda ws, r: ws.__setitem__(f"B{r}", "MF-HOOD"), "row {r}, column B (SKU): changed from MF-TEE"),
        (lambda ws, r: ws.__setitem__(f"F{r}", 1), "row {r}, column F (Unit price): changed from 10.9"),
    ],
)
def test_bad_values_are_refused_by_row_and_column(
    db: Database, tmp_path: Path, edit: Callable[[Any, int], None], expected: str
) -> None:
    """Each bad cell is reported with its row and column; nothing is stored."""
    order, path = _sent(db, tmp_path)
    _fill(path, edit)
    first = load_workbook(path)[ID_SHEET]["A6"].value
    assert expected.format(r=first) in _refused(db, path, order)


@pytest.mark.parametrize(("letter", "name"), [("J", "Partner comment"), ("B", "SKU"), ("E", "Quantity"),
                                              ("F", "Unit price"), ("H", "Confirmed qty"), ("I", "Ship date")])  # fmt: skip
def test_formula_without_result_is_refused_in_every_column(
    db: Database, tmp_path: Path, letter: str, name: str
) -> None:
    """A formula never calculated is refused by row and column in every column, never stored as the comment."""
    order, path = _sent(db, tmp_path)
    _fill(path, lambda ws, r: ws.__setitem__(f"{letter}{r}", '=CONCAT("a","b")'))
    first = load_workbook(path)[ID_SHEET]["A6"].value
    message = _refused(db, path, order)
    assert f"row {first}, column {letter} ({name}): the cell holds a formula whose result was never saved" in message
    assert "changed from" not in message and "1 problem" in message


def test_extra_and_missing_lines_are_refused(db: Database, tmp_path: Path) -> None:
    """A line added below the table and a line removed are both named."""
    order, path = _sent(db, tmp_path)

    def add_line(ws: Any, first: int) -> None:
        ws.insert_rows(first + 2)
        ws[f"A{first + 2}"], ws[f"B{first + 2}"], ws[f"E{first + 2}"] = 3, "MF-CAP", 5

    assert "a line the order does not have (MF-CAP)" in _refused(db, _fill(path, add_line), order)
    _, path2 = tmp_path / "x", tmp_path / "two.xlsx"
    Services(db).order_files.export_sheet(order.number, path2)

    def drop_line(ws: Any, first: int) -> None:
        for column in "ABCDEFGHIJ":
            ws[f"{column}{first + 1}"] = None

    assert "line 2 (MF-SLV) is missing" in _refused(db, _fill(path2, drop_line), order)


def test_another_orders_sheet_and_changed_line_set_are_refused(db: Database, tmp_path: Path) -> None:
    """Recording a confirmation on the wrong order, or for lines that changed, is refused."""
    order, path = _sent(db, tmp_path)
    other = draft(db)
    message = _refused(db, _fill(path), order, expected_order_id=other.id)
    assert message == f"{path.name} is the sheet of {order.number}, not of {other.number}."
    wb = load_workbook(path)
    wb[ID_SHEET]["A4"] = "0123456789abcdef"
    wb.save(path)
    assert "changed after this file was written" in _refused(db, path, order)


def test_renamed_and_foreign_files_are_refused(db: Database, tmp_path: Path) -> None:
    """A CSV renamed to .xlsx, a plain workbook and a .txt name each get a clear message."""
    order, _ = _sent(db, tmp_path)
    renamed = tmp_path / "renamed.xlsx"
    renamed.write_text("SKU,qty\nMF-TEE,3\n")
    assert "is not an Excel workbook (.xlsx); was another file renamed?" in _refused(db, renamed, order)
    from openpyxl import Workbook

    plain = tmp_path / "plain.xlsx"
    Workbook().save(plain)
    assert "is not an order sheet written by Microfactory Desk" in _refused(db, plain, order)
    text = tmp_path / "answer.txt"
    text.write_text("yes")
    assert "use the .xlsx order sheet or .json" in _refused(db, text, order)


def _json_answer(order: OrderOut, **changes: Any) -> dict[str, Any]:
    lines = [
        {"position": ln.position, "sku_code": ln.sku_code, "quantity": ln.quantity, "confirmed_qty": ln.quantity,
         "confirmed_ship_on": SHIP.isoformat()}
        for ln in order.lines
    ]  # fmt: skip
    return {"schema": "microfactory-desk/order-confirmation@1", "order_uuid": order.uuid,
            "order_number": order.number, "lines": lines, **changes}  # fmt: skip


def test_json_confirmation_round_trip_and_refusals(db: Database, tmp_path: Path) -> None:
    """A JSON confirmation following the schema confirms; bad lines are named by line and field."""
    order, _ = _sent(db, tmp_path)
    path = tmp_path / "answer.json"
    bad = _json_answer(order)
    bad["lines"][1]["confirmed_qty"] = -1
    path.write_text(json.dumps(bad))
    assert "row 2, column confirmed_qty: must not be negative" in _refused(db, path, order)
    bad = _json_answer(order)
    bad["lines"] = bad["lines"][:1]
    path.write_text(json.dumps(bad))
    assert "line 2 (MF-SLV) is missing" in _refused(db, path, order)
    path.write_text("{not json")
    assert "is not a JSON file" in _refused(db, path, order)
    path.write_text(json.dumps(_json_answer(order)))
    confirmed = Services(db).order_files.import_confirmation(path, today=ORDER_DAY)
    assert confirmed.status == OrderStatus.CONFIRMED and confirmed.lines[0].confirmed_ship_on == SHIP
