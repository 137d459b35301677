"""Delivery files as partners send them: values decided per column, impossible rows refused where they are."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from sqlalchemy import select

from microfactory_desk import clock
from microfactory_desk.cli import main
from microfactory_desk.db import Database
from microfactory_desk.errors import ImportFailed
from microfactory_desk.models import Delivery, OrderLine, PurchaseOrder
from microfactory_desk.services.telemetry.importing import DeliveryImport
from tests.imports.hostile_files import csv_bytes, with_dimension, workbook
from tests.services.telemetry_fixtures import D, add_line, add_partner, add_sla

HEAD = ["order", "line", "reference", "shipped", "received", "qty received", "defective"]
TODAY = D(2026, 11, 30)


@pytest.fixture(autouse=True)
def _today() -> object:
    with clock.frozen(TODAY):
        yield


def _setup(db: Database) -> None:
    pid = add_partner(db, "MS-1")
    add_sla(db, pid)
    add_line(db, pid, sent_on=D(2026, 3, 2), number="PO-2026-0001")
    add_line(db, pid, sent_on=D(2026, 3, 2), number="PO-2026-0002")


def _file(tmp_path: Path, rows: list[list[object]], **kw: object) -> Path:
    path = tmp_path / "d.csv"
    path.write_bytes(csv_bytes([HEAD, *rows], **kw))  # type: ignore[arg-type]
    return path


def _stored(db: Database) -> dict[str, tuple[object, ...]]:
    with db.session() as s:
        return {
            d.reference: (d.shipped_on, d.received_on, d.qty_received, d.qty_defective)
            for d in s.scalars(select(Delivery))
        }


def _problems(db: Database, path: Path, **kw: object) -> dict[tuple[int, str], str]:
    with pytest.raises(ImportFailed) as err:
        DeliveryImport(db).import_file(path, "MS-1", **kw)  # type: ignore[arg-type]
    assert _stored(db) == {}
    return {(e.row, e.column.split(" ")[0]): e.message for e in err.value.errors}


def test_german_thousands_are_never_one(db: Database, tmp_path: Path) -> None:
    """`1.000` next to `1.234,5`-style numbers is one thousand; alone it is refused naming row and column."""
    _setup(db)
    rows = [
        ["PO-2026-0001", 1, "LS-1", "", "2026-04-01", "1.000", "0"],
        ["PO-2026-0002", 1, "LS-2", "", "2026-04-01", "2.000,0", "0"],
    ]
    DeliveryImport(db).import_file(_file(tmp_path, rows, delimiter=";"), "MS-1")
    assert _stored(db)["LS-1"][2] == 1000
    db2_rows = [["PO-2026-0001", 1, "LS-9", "", "2026-04-01", "1.000", "0"]]
    with db.session() as s:
        s.query(Delivery).delete()
    found = _problems(db, _file(tmp_path, db2_rows, delimiter=";"))
    assert "'1.000' could be 1000 or a decimal" in found[(2, "F")]


def test_utf16_deliveries_file_finds_its_columns(db: Database, tmp_path: Path) -> None:
    """A deliveries CSV saved as "Unicode text" (UTF-16 LE with BOM, tabs) imports instead of "no column for order"."""
    _setup(db)
    path = _file(
        tmp_path,
        [["PO-2026-0001", 1, "LS-1", "", "2026-04-01", 5, 0]],
        delimiter="\t",
        encoding="utf-16-le",
        bom=codecs.BOM_UTF16_LE,
    )
    assert DeliveryImport(db).import_file(path, "MS-1").added == 1


def test_wps_workbook_with_dimension_a1_sees_every_column(db: Database, tmp_path: Path) -> None:
    """An xlsx whose used range is declared as A1 (WPS Office) imports all its columns."""
    _setup(db)
    path = with_dimension(
        workbook(tmp_path / "w.xlsx", [HEAD, ["PO-2026-0001", 1, "LS-1", None, D(2026, 4, 1), 5, 0]]), "A1"
    )
    assert DeliveryImport(db).import_file(path, "MS-1").added == 1


def test_us_dates_are_decided_by_the_column(db: Database, tmp_path: Path) -> None:
    """`04/06/2026` next to `04/13/2026` is April 6 (lead time 35 days, not 94)."""
    _setup(db)
    rows = [["PO-2026-0001", 1, "LS-1", "", "04/06/2026", 5, 0], ["PO-2026-0002", 1, "LS-2", "", "04/13/2026", 5, 0]]
    DeliveryImport(db).import_file(_file(tmp_path, rows), "MS-1")
    assert _stored(db)["LS-1"][1] == D(2026, 4, 6)


def test_ambiguous_dates_are_refused_with_the_choice(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A column of dates that never shows a day over 12 is refused, the CLI naming --date-order; with it the file imports."""
    _setup(db)
    path = _file(tmp_path, [["PO-2026-0001", 1, "LS-1", "", "04/06/2026", 5, 0]])
    assert "could be day/month or month/day" in _problems(db, path)[(2, "E")]
    assert main(["--db", db.url, "import", "deliveries", str(path), "--partner", "MS-1"]) == 1
    assert "choose the date order with --date-order DMY, MDY or YMD" in capsys.readouterr().err
    assert main(["--db", db.url, "import", "deliveries", str(path), "--partner", "MS-1", "--date-order", "MDY"]) == 0
    assert _stored(db)["LS-1"][1] == D(2026, 4, 6)


def test_excel_serial_dates_in_csv(db: Database, tmp_path: Path) -> None:
    """A date column holding Excel day numbers (46113) reads as dates."""
    _setup(db)
    DeliveryImport(db).import_file(_file(tmp_path, [["PO-2026-0001", 1, "LS-1", "", "46113", 5, 0]]), "MS-1")
    assert _stored(db)["LS-1"][1] == D(2026, 4, 1)


def test_every_problem_of_every_row_at_once(db: Database, tmp_path: Path) -> None:
    """Future, before-sent, NaN, negative, infinite, unknown order and a bad line are all named in one report."""
    _setup(db)
    rows = [
        ["PO-2026-0001", 1, "LS-1", "", "2026-12-17", "nan", "-1"],
        ["PO-2026-0002", 1, "LS-2", "2026-02-01", "2026-02-03", "inf", "0"],
        ["PO-2026-0099", 7, "LS-3", "", "2026-04-01", "5", "0"],
        ["PO-2026-0001", 9, "LS-4", "", "2026-04-01", "5", "0"],
    ]
    found = _problems(db, _file(tmp_path, rows))
    assert "in the future" in found[(2, "E")] and "not a number" in found[(2, "F")] and "negative" in found[(2, "G")]
    assert "before the order PO-2026-0002 was sent" in found[(3, "E")] and "sent" in found[(3, "D")]
    assert "not a number" in found[(3, "F")]
    assert "no order PO-2026-0099" in found[(4, "A")]
    assert "has no line 9" in found[(5, "B")]


def test_identifiers_turned_into_numbers_are_flagged(db: Database, tmp_path: Path) -> None:
    """A reference shown as 3.45679E+17 and an order number that lost its leading zeros are named, not stored."""
    pid = add_partner(db, "MS-1")
    add_sla(db, pid)
    add_line(db, pid, sent_on=D(2026, 3, 2), number="000123")
    rows = [["123", 1, "LS-1", "", "2026-04-01", 5, 0], ["000123", 1, "3.45679E+17", "", "2026-04-01", 5, 0]]
    found = _problems(db, _file(tmp_path, rows))
    assert "leading zeros" in found[(2, "A")]
    assert "scientific notation" in found[(3, "C")]


def test_known_reference_moving_to_another_line_is_a_conflict(db: Database, tmp_path: Path) -> None:
    """A delivery reference already recorded for one order line, now pointing at another, is refused as a conflict."""
    _setup(db)
    DeliveryImport(db).import_file(_file(tmp_path, [["PO-2026-0001", 1, "LS-1", "", "2026-04-01", 5, 0]]), "MS-1")
    with pytest.raises(ImportFailed, match="already recorded for another order line"):
        DeliveryImport(db).import_file(_file(tmp_path, [["PO-2026-0002", 1, "LS-1", "", "2026-04-01", 5, 0]]), "MS-1")
    with db.session() as s:
        line = s.get(OrderLine, s.scalars(select(Delivery)).one().order_line_id)
        assert line is not None and s.get(PurchaseOrder, line.order_id).number == "PO-2026-0001"  # type: ignore[union-attr]


def test_remembered_mapping_never_blocks_standard_headers(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """After a partner file with its own headers, a file with the standard headers still imports; mappings show/forget work."""
    _setup(db)
    own = tmp_path / "own.csv"
    own.write_bytes(
        csv_bytes(
            [
                ["PO number", "Position", "Delivery note", "Received", "Qty"],
                ["PO-2026-0001", 1, "LS-1", "2026-04-01", 5],
            ],
            delimiter=";",
        )
    )
    DeliveryImport(db).import_file(own, "MS-1", mapping={"order": "PO number", "line": "Position"})
    assert (
        DeliveryImport(db)
        .import_file(_file(tmp_path, [["PO-2026-0002", 1, "LS-2", "", "2026-04-02", 5, 0]]), "MS-1")
        .added
        == 1
    )
    assert main(["--db", db.url, "mappings", "show", "--partner", "MS-1"]) == 0
    assert "order = order" in capsys.readouterr().out
    assert main(["--db", db.url, "mappings", "forget", "--partner", "MS-1"]) == 0
    assert DeliveryImport(db).mapping_of("MS-1") == {}
