"""Order commands end to end: order sheet and confirmation, order JSON against the published schema, flat export."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
from openpyxl import load_workbook

from microfactory_desk.cli import main
from microfactory_desk.db import Database
from microfactory_desk.exports.order_sheet import ID_SHEET
from microfactory_desk.schemas.order_vocab import OrderStatus
from microfactory_desk.schemas.telemetry import DeliveryIn
from microfactory_desk.wiring import Services
from tests.services.numbers_fixtures import D, confirm, line_ids, sent_order
from tests.services.order_fixtures import ORDER_DAY, draft, partner_with_sla
from tests.services.telemetry_fixtures import add_partner, add_sla


def _schema(kind: str, capsys: pytest.CaptureFixture[str]) -> dict:
    assert main(["schema", kind]) == 0
    return json.loads(capsys.readouterr().out)


def test_order_json_validates_against_the_published_schema(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`export order-json` writes an order that the `schema order` JSON Schema accepts (checked by jsonschema)."""
    partner_with_sla(db)
    order = draft(db, notes="<b>Müller & Söhne</b>")
    Services(db).orders.send(order.id, on=ORDER_DAY)
    out = tmp_path / "order.json"
    assert main(["--db", db.url, "export", "order-json", order.number.lower(), "-o", str(out)]) == 0
    capsys.readouterr()
    document = json.loads(out.read_text(encoding="utf-8"))
    schema = _schema("order", capsys)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(document, schema)
    assert document["schema"] == "microfactory-desk/order@1" and document["total"] == "1014.00"
    assert (document["lines"][0]["unit_price"], document["lines"][0]["line_total"]) == ("10.90", "654.00")
    broken = {**document, "lines": [{**document["lines"][0], "quantity": 0}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_confirmation_schema_accepts_what_the_import_reads(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A confirmation valid under `schema order-confirmation` imports and confirms the order."""
    partner_with_sla(db)
    order = Services(db).orders.send(draft(db).id, on=ORDER_DAY)
    answer = {
        "schema": "microfactory-desk/order-confirmation@1", "order_uuid": order.uuid, "order_number": order.number,
        "lines": [{"position": ln.position, "sku_code": ln.sku_code, "quantity": ln.quantity,
                   "confirmed_qty": ln.quantity, "confirmed_ship_on": "2026-06-01"} for ln in order.lines],
    }  # fmt: skip
    jsonschema.validate(answer, _schema("order-confirmation", capsys))
    path = tmp_path / "answer.json"
    path.write_text(json.dumps(answer))
    assert main(["--db", db.url, "import", "order-confirmation", str(path), "--order", order.number]) == 0
    assert f"{order.number} confirmed from" in capsys.readouterr().out
    assert Services(db).orders.get_order(order.id).status == OrderStatus.CONFIRMED


def test_sheet_round_trip_on_the_command_line(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """export order-sheet, fill in, import order-confirmation; errors are one line with exit code 1."""
    partner_with_sla(db)
    order = Services(db).orders.send(draft(db).id, on=ORDER_DAY)
    sheet = tmp_path / "po.xlsx"
    assert main(["--db", db.url, "export", "order-sheet", order.number, "-o", str(sheet)]) == 0
    assert main(["--db", db.url, "import", "order-confirmation", str(sheet)]) == 1
    assert "column H (Confirmed qty): the confirmed quantity is missing" in capsys.readouterr().err
    wb = load_workbook(sheet)
    first = wb[ID_SHEET]["A6"].value
    for row in (first, first + 1):
        wb["Order"][f"H{row}"], wb["Order"][f"I{row}"] = 5, dt.date(2026, 6, 2)
    wb.save(sheet)
    assert main(["--db", db.url, "import", "order-confirmation", str(sheet)]) == 0
    assert "2 lines confirmed short" in capsys.readouterr().out
    assert main(["--db", db.url, "export", "order-sheet", "PO-1999-0001", "-o", str(sheet)]) == 1
    assert capsys.readouterr().err == "error: No order with number 'PO-1999-0001'.\n"
    assert main(["--db", db.url, "export", "order-sheet", order.number, "-o", str(tmp_path / "x.pdf")]) == 1
    assert "use a .xlsx file name" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_flat_export_lists_every_line(db: Database, tmp_path: Path, suffix: str) -> None:
    """Every order line in one table, filtered by status; person text cannot run as a formula."""
    partner_with_sla(db)
    sent = Services(db).orders.send(draft(db).id, on=ORDER_DAY)
    draft(db, lines=[{"sku_code": "MF-CAP", "quantity": 30, "notes": "x"}], destination_name="=cmd|' /C calc'!A0")
    out = tmp_path / f"lines{suffix}"
    assert Services(db).order_files.export_flat(out) == 3
    if suffix == ".csv":
        rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    else:
        rows = [list(r) for r in load_workbook(out, read_only=True)["Order lines"].iter_rows(values_only=True)]
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Order", "Status", "Partner code"] and len(body) == 3
    destination = header.index("Destination")
    assert body[-1][destination] == ("'=cmd|' /C calc'!A0" if suffix == ".csv" else "=cmd|' /C calc'!A0")
    assert Services(db).order_files.export_flat(out, status="sent") == 2
    assert sent.number in out.read_bytes().decode("latin-1") or suffix == ".xlsx"


def test_orders_listing_with_status_filter(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    """`orders --status` lists matching orders and the total of those not cancelled."""
    partner_with_sla(db)
    kept = draft(db)
    Services(db).orders.cancel(draft(db).id, "Duplicate")
    assert main(["--db", db.url, "orders", "--status", "draft"]) == 0
    out = capsys.readouterr().out
    assert kept.number in out and out.strip().endswith("1 order; total (not cancelled): 1,014.00 EUR")
    assert main(["--db", db.url, "orders"]) == 0
    assert capsys.readouterr().out.strip().endswith("2 orders; total (not cancelled): 1,014.00 EUR")


def test_partially_received_orders_can_be_listed_and_exported(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`orders` and `export orders` take every status deliveries can set (partially_received was refused by
    argparse), and the listing keeps its columns aligned past an 18-letter status (found by a new-user trial)."""
    pid = add_partner(db)
    add_sla(db, pid)
    order_id = sent_order(db, pid, number="PO-2026-0021", sent_on=D(2026, 11, 2), requested_on=D(2026, 11, 20))
    confirm(db, order_id, [(120, D(2026, 11, 12), "")], on=D(2026, 11, 3))
    (line,) = line_ids(db, order_id)
    delivery = DeliveryIn(reference="A", received_on=D(2026, 11, 13), qty_received=60)
    Services(db).telemetry.record_delivery(order_line_id=line, delivery=delivery)
    sent_order(db, pid, number="PO-2026-0022", sent_on=D(2026, 11, 4), requested_on=D(2026, 11, 20))
    assert main(["--db", db.url, "orders", "--status", "partially_received"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[0].startswith("PO-2026-0021  partially_received  ") and len(listed) == 2
    assert main(["--db", db.url, "orders"]) == 0
    rows = [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("PO-")]
    assert len(rows) == 2 and len({row.index("2026-11-0") for row in rows}) == 1  # order dates in one column
    out = tmp_path / "part.csv"
    assert main(["--db", db.url, "export", "orders", "--status", "partially_received", "-o", str(out)]) == 0
    assert [r[0] for r in csv.reader(out.open(encoding="utf-8-sig"))][1:] == ["PO-2026-0021"]


def test_a_json_answer_naming_another_order_than_its_id_confirms_nothing(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A JSON answer copied from the first order's with only "order_number" changed to the second (a quick
    reorder has the same lines) confirmed the first order without a word, and with --order said "is the sheet of
    PO-…-0002, not of PO-…-0002" (found by a new-user trial). Now both refuse, naming both orders."""
    partner_with_sla(db)
    first = Services(db).orders.send(draft(db).id, on=ORDER_DAY)
    second = Services(db).orders.send(draft(db).id, on=ORDER_DAY)
    answer = {
        "schema": "microfactory-desk/order-confirmation@1", "order_uuid": first.uuid, "order_number": second.number,
        "lines": [{"position": ln.position, "sku_code": ln.sku_code, "quantity": ln.quantity,
                   "confirmed_qty": ln.quantity, "confirmed_ship_on": "2026-06-01"} for ln in first.lines],
    }  # fmt: skip
    path = tmp_path / "answer.json"
    path.write_text(json.dumps(answer))
    assert main(["--db", db.url, "import", "order-confirmation", str(path)]) == 1
    assert f"names order {second.number} but carries the id of {first.number}" in capsys.readouterr().err
    assert main(["--db", db.url, "import", "order-confirmation", str(path), "--order", second.number]) == 1
    assert f"answer.json is the sheet of {first.number}, not of {second.number}." in capsys.readouterr().err
    assert {Services(db).orders.get_order(o.id).status for o in (first, second)} == {OrderStatus.SENT}
