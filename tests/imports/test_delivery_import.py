"""Delivery import: partner's own columns remembered, row/column errors, all or nothing, idempotent."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select, update

from microfactory_desk.db import Database
from microfactory_desk.errors import FileFormatError, ImportFailed, NotFound
from microfactory_desk.models import Delivery, PurchaseOrder
from microfactory_desk.services.telemetry.importing import DeliveryImport, parse_mapping
from tests.services.telemetry_fixtures import D, add_line, add_partner, add_sla

HEAD = ["PO", "Pos", "Lieferschein", "Versand", "Wareneingang", "Menge", "Ausschuss", "Bemerkung"]
MAP = {
    "order": "PO",
    "line": "Pos",
    "reference": "Lieferschein",
    "shipped_on": "Versand",
    "received_on": "Wareneingang",
    "qty_received": "Menge",
    "qty_defective": "Ausschuss",
    "notes": "Bemerkung",
}


def _csv(path: Path, rows: list[list[object]], head: list[str] = HEAD) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(head)
        writer.writerows(rows)
    return path


def _setup(db: Database) -> int:
    pid = add_partner(db, "MS-1", "Müller & Söhne <GmbH>")
    add_sla(db, pid)
    add_line(db, pid, sent_on=D(2026, 7, 1), number="PO-2026-0001")
    add_line(db, pid, sent_on=D(2026, 7, 2), number="PO-2026-0002")
    return pid


def _count(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Delivery)) or 0)


GOOD = [
    ["PO-2026-0001", 1, "LS-100", "08.07.2026", "10.07.2026", 60, 2, '=HYPERLINK("x")'],
    ["po-2026-0001", 1, "LS-101", "2026-07-12", "2026-07-14", 40, 0, ""],
    ["PO-2026-0002", 1, "LS-102", "", "2026-07-20", 100, "", "深圳 Teillieferung"],
]


def test_import_with_a_mapping_then_again_changes_nothing(db: Database, tmp_path: Path) -> None:
    """The first import adds every row and remembers the columns; the same file again adds and changes nothing."""
    pid = _setup(db)
    path = _csv(tmp_path / "lieferungen.csv", GOOD)
    service = DeliveryImport(db)
    first = service.import_file(path, "ms-1", mapping=MAP)
    assert (first.added, first.updated, first.unchanged) == (3, 0, 0)
    assert service.mapping(pid)["received_on"] == "Wareneingang"
    second = service.import_file(path, "MS-1")  # no mapping given: the remembered one is used
    assert (second.added, second.updated, second.unchanged) == (0, 0, 3)
    assert _count(db) == 3
    with db.session() as s:
        row = s.scalar(select(Delivery).where(Delivery.reference == "LS-100"))
        assert row is not None
        assert (row.received_on, row.lead_days, row.qty_accepted, row.promised_on) == (
            D(2026, 7, 10),
            9,
            58,
            D(2026, 7, 11),
        )
        assert row.notes == '=HYPERLINK("x")'


def test_a_changed_row_is_updated_in_place(db: Database, tmp_path: Path) -> None:
    """Re-importing with a corrected quantity updates that delivery only."""
    _setup(db)
    service = DeliveryImport(db)
    service.import_file(_csv(tmp_path / "a.csv", GOOD), "MS-1", mapping=MAP)
    fixed = [list(r) for r in GOOD]
    fixed[1][5] = 45
    summary = service.import_file(_csv(tmp_path / "b.csv", fixed), "MS-1")
    assert (summary.added, summary.updated, summary.unchanged) == (0, 1, 2)
    assert summary.warnings == ["PO-2026-0001 line 1: 105 received in all, 100 ordered"]


def test_bad_rows_name_row_and_column_and_nothing_is_written(db: Database, tmp_path: Path) -> None:
    """Bad dates, unknown lines, negative or inconsistent quantities and repeated references all refuse the file."""
    _setup(db)
    rows = [
        *GOOD,
        ["PO-2026-0001", 1, "LS-200", "", "31.02.2026", 5, 0, ""],
        ["PO-2026-0099", 1, "LS-201", "", "2026-07-20", 5, 0, ""],
        ["PO-2026-0001", 1, "LS-202", "", "2026-07-20", -5, 0, ""],
        ["PO-2026-0001", 1, "LS-203", "", "2026-07-20", 5, 9, ""],
        ["PO-2026-0001", 1, "LS-100", "", "2026-07-20", 5, 0, ""],
        ["PO-2026-0001", 1, "", "", "2026-07-20", 5, 0, ""],
    ]
    with pytest.raises(ImportFailed) as err:
        DeliveryImport(db).import_file(_csv(tmp_path / "bad.csv", rows), "MS-1", mapping=MAP)
    found = {(e.row, e.column.split(" ")[0]): e.message for e in err.value.errors}
    assert "'31.02.2026' is not a day of the calendar" in found[(5, "E")]
    assert "no order PO-2026-0099" in found[(6, "A")]  # the order column, not the line column
    assert "-5 is negative" in found[(7, "F")]
    assert "more defective than received" in found[(8, "G")]
    assert "repeats row 2" in found[(9, "C")]
    assert found[(10, "C")] == "is required"
    assert _count(db) == 0


def test_missing_columns_and_files(db: Database, tmp_path: Path) -> None:
    """Without a recognisable reference column, a wrong file type, an empty file or an unknown partner: refused."""
    _setup(db)
    service = DeliveryImport(db)
    with pytest.raises(ImportFailed) as err:
        service.import_file(_csv(tmp_path / "x.csv", GOOD, ["Order", "Line", "Foo"] + HEAD[3:]), "MS-1")
    assert any(e.column == "reference" for e in err.value.errors)
    with pytest.raises(ImportFailed, match="Lieferschein"):
        service.import_file(_csv(tmp_path / "y.csv", GOOD, ["Order", "Line", "Foo"] + HEAD[3:]), "MS-1", mapping=MAP)
    with pytest.raises(FileFormatError, match="csv or .xlsx"):
        service.import_file(tmp_path / "deliveries.pdf", "MS-1")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(FileFormatError, match="empty"):
        service.import_file(tmp_path / "empty.csv", "MS-1")
    with pytest.raises(FileFormatError, match="no delivery rows"):
        service.import_file(_csv(tmp_path / "head.csv", []), "MS-1", mapping=MAP)
    with pytest.raises(NotFound):
        service.import_file(_csv(tmp_path / "z.csv", GOOD), "NOPE", mapping=MAP)
    assert _count(db) == 0


def test_xlsx_with_common_headers_and_excel_dates(db: Database, tmp_path: Path) -> None:
    """A workbook with everyday English headers and real date cells imports without any mapping; dry run writes nothing."""
    _setup(db)
    wb = Workbook()
    ws = wb.active
    ws.append(["Order number", "SKU", "Delivery reference", "Received", "Qty received", "Defective"])
    ws.append(["PO-2026-0002", "SKU-T", "DN-1", D(2026, 7, 9), 100.0, 1])
    path = tmp_path / "deliveries.xlsx"
    wb.save(path)
    dry = DeliveryImport(db).import_file(path, "MS-1", dry_run=True)
    assert dry.added == 1 and _count(db) == 0
    summary = DeliveryImport(db).import_file(path, "MS-1")
    assert summary.added == 1 and summary.mapping["sku"] == "SKU" and _count(db) == 1


def test_mapping_pairs_from_the_command_line() -> None:
    """--map FIELD=HEADER pairs parse; unknown fields are refused."""
    assert parse_mapping(["received_on=Wareneingang", "order = PO"]) == {"received_on": "Wareneingang", "order": "PO"}
    with pytest.raises(ImportFailed):
        parse_mapping(["arrival=Date"])


def test_bulk_written_rows_read_back_as_the_orm_writes_them(db: Database, tmp_path: Path) -> None:
    """Rows written in bulk read back with distinct v4 UUIDs, real dates and timestamps, lead days, file order per day."""
    import datetime as dt
    import uuid

    _setup(db)
    rows = [
        ["PO-2026-0001", 1, "LS-300", "", "2026-07-14", 5, 0, "second day, first"],
        ["PO-2026-0001", 1, "LS-301", "", "2026-07-10", 5, 1, ""],
        ["PO-2026-0002", 1, "LS-302", "", "2026-07-14", 5, 0, "second day, second"],
    ]
    DeliveryImport(db).import_file(_csv(tmp_path / "bulk.csv", rows), "MS-1", mapping=MAP)
    with db.session() as s:
        stored = list(s.scalars(select(Delivery).order_by(Delivery.id)))
    assert [d.reference for d in stored] == ["LS-301", "LS-300", "LS-302"]  # by day, the file's order within one
    assert len({d.uuid for d in stored}) == 3 and all(uuid.UUID(d.uuid).version == 4 for d in stored)
    assert all(type(d.received_on) is dt.date and isinstance(d.created_at, dt.datetime) for d in stored)
    assert [d.lead_days for d in stored] == [9, 13, 12]
    assert [d.qty_accepted for d in stored] == [4, 5, 5] and stored[1].notes == "second day, first"


def test_a_refused_quantity_brings_no_follow_on_problems(db: Database, tmp_path: Path) -> None:
    """A quantity cell refused for its form ('1.000' alone, '2,5') is the row's one problem: no 'more defective
    than received' or 'add up to more' judged against the refused value."""
    _setup(db)
    for name, quantity, defective in (("ambiguous.csv", "1.000", 990), ("fraction.csv", "2,5", 1)):
        rows = [["PO-2026-0001", 1, "LS-300", "", "2026-07-20", quantity, defective, ""]]
        with pytest.raises(ImportFailed) as err:
            DeliveryImport(db).import_file(_csv(tmp_path / name, rows), "MS-1", mapping=MAP)
        problems = [(e.row, e.column.split(" ")[0]) for e in err.value.errors]
        assert problems == [(2, "F")], [e.message for e in err.value.errors]
    assert _count(db) == 0


def test_deliveries_against_a_cancelled_or_draft_order_are_refused_on_the_order_column(
    db: Database, tmp_path: Path
) -> None:
    """A row naming a cancelled order or a draft never sent is refused on its order column; nothing is written."""
    pid = _setup(db)
    add_line(db, pid, sent_on=D(2026, 7, 3), number="PO-2026-0471")
    add_line(db, pid, sent_on=D(2026, 7, 3), number="PO-2026-0472")
    with db.session() as s:
        s.execute(update(PurchaseOrder).where(PurchaseOrder.number == "PO-2026-0471").values(status="cancelled"))
        s.execute(
            update(PurchaseOrder).where(PurchaseOrder.number == "PO-2026-0472").values(status="draft", sent_on=None)
        )
    rows = [
        GOOD[0],
        ["PO-2026-0471", 1, "LS-300", "", "2026-07-20", 5, 0, ""],
        ["PO-2026-0472", 1, "LS-301", "", "2026-07-20", 5, 0, ""],
    ]
    with pytest.raises(ImportFailed) as err:
        DeliveryImport(db).import_file(_csv(tmp_path / "canc.csv", rows), "MS-1", mapping=MAP)
    found = {(e.row, e.column): e.message for e in err.value.errors}
    assert found[(3, "A (PO)")].startswith("PO-2026-0471 is cancelled")
    assert found[(4, "A (PO)")].startswith("PO-2026-0472 is a draft that was never sent")
    assert len(found) == 2 and _count(db) == 0
    assert str(err.value).startswith("Nothing was imported from canc.csv: 2 problems\n")


@pytest.mark.parametrize(("shipped", "received"), [("Date shipped", "Arrival date"), ("Shipped", "Received date")])
def test_everyday_names_of_the_arrival_date_need_no_mapping(
    db: Database, tmp_path: Path, shipped: str, received: str
) -> None:
    """ "Arrival date" and "Received date" (with "Date shipped") are found by name; each row was refused with "a
    quantity was received but no date is given" (found by a new-user trial)."""
    _setup(db)
    head = ["PO number", "Pos.", "Delivery note", shipped, received, "Qty"]
    path = _csv(tmp_path / "arrivals.csv", [["PO-2026-0001", 1, "DN-1", "2026-07-08", "2026-07-10", 60]], head)
    summary = DeliveryImport(db).import_file(path, "MS-1")
    assert summary.added == 1 and summary.mapping["received_on"] == received


def test_quantities_without_a_known_date_column_are_one_problem_at_the_header(db: Database, tmp_path: Path) -> None:
    """Dates under a name the import does not know ("Goods in") next to received quantities: one problem on the
    header row naming the columns there are and --map, instead of "no date is given" on every row; nothing is
    written. Shipments still in transit (no received column, no quantities) import as before."""
    _setup(db)
    rows = [["PO-2026-0001", 1, f"DN-{n}", "2026-07-08", "2026-07-10", 10] for n in range(3)]
    path = _csv(tmp_path / "goods-in.csv", rows, ["PO", "Pos", "DN", "Shipped", "Goods in", "Qty"])
    with pytest.raises(ImportFailed) as err:
        DeliveryImport(db).import_file(path, "MS-1")
    (problem,) = err.value.errors
    assert (problem.row, problem.column, problem.remedy) == (1, "received_on", "map:received_on")
    assert "among PO, Pos, DN, Shipped, Goods in, Qty" in problem.message and _count(db) == 0
    transit = _csv(
        tmp_path / "transit.csv", [["PO-2026-0001", 1, "DN-9", "2026-07-08", ""]], ["PO", "Pos", "DN", "Shipped", "Qty"]
    )
    assert DeliveryImport(db).import_file(transit, "MS-1").added == 1


def test_headers_with_a_unit_in_brackets_are_found_by_their_common_names(db: Database, tmp_path: Path) -> None:
    """ "Received (date)" and "Qty (pcs)" are found like "Received" and "Qty" (they were unknown columns, the same
    kind as the roster's "Weekly capacity (units)"); a mapping naming the header with its note still works."""
    _setup(db)
    head = ["PO", "Pos", "DN", "Received (date)", "Qty (pcs)"]
    path = _csv(tmp_path / "units.csv", [["PO-2026-0001", 1, "DN-1", "2026-07-10", 60]], head)
    summary = DeliveryImport(db).import_file(path, "MS-1", dry_run=True)
    assert summary.added == 1
    assert (summary.mapping["received_on"], summary.mapping["qty_received"]) == ("Received (date)", "Qty (pcs)")
    mapped = DeliveryImport(db).import_file(path, "MS-1", mapping={"qty_received": "Qty (pcs)"})
    assert mapped.added == 1 and _count(db) == 1
