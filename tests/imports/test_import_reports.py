"""Roster and confirmation imports report every problem at once, in words that say where and what to do."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from microfactory_desk.db import Database
from microfactory_desk.errors import CellError, FileFormatError, ImportFailed
from microfactory_desk.models import Partner
from microfactory_desk.services.roster.files import RosterFiles
from microfactory_desk.wiring import Services
from tests.imports.hostile_files import workbook
from tests.imports.test_order_confirmation import _fill, _json_answer, _refused, _sent
from tests.services.order_fixtures import ORDER_DAY

HEADER = ["Code", "Name", "Kind", "Stage", "Weekly capacity", "Fallback"]


def _partners(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Partner)) or 0)


def test_roster_reports_duplicates_and_unknown_fallbacks_with_the_first_run(db: Database, tmp_path: Path) -> None:
    """Bad stage, bad capacity and a missing name come in the same report as a duplicate code and an unknown fallback."""
    rows = [
        HEADER,
        ["P1", "One", "microfactory", "dreaming", 10, None],
        ["P2", "Two", "microfactory", "pilot", "lots", None],
        ["P3", None, "microfactory", "pilot", 10, None],
        ["P1", "One again", "microfactory", "pilot", 10, None],
        ["P5", "Five", "microfactory", "pilot", 10, "NOPE-999"],
    ]
    with pytest.raises(ImportFailed) as err:
        RosterFiles(db).import_file(workbook(tmp_path / "r.xlsx", rows))
    where = [(e.row, e.column.split(" ")[0]) for e in err.value.errors]
    assert where == [(2, "D"), (3, "E"), (4, "B"), (5, "A"), (6, "F")]
    assert str(err.value).startswith("Nothing was imported from r.xlsx: 5 problems\n")
    assert _partners(db) == 0


def test_roster_title_above_header_hidden_sheet_and_error_cells(db: Database, tmp_path: Path) -> None:
    """A title row above the header and a hidden first sheet are handled; a #REF! name is refused, not stored."""
    rows = [["Our partner roster 2026"], HEADER, ["P1", "#REF!", "microfactory", "pilot", 10, None]]
    path = workbook(tmp_path / "r.xlsx", rows, hidden_first=[["Code", "Name"], ["OLD", "Hidden partner"]])
    with pytest.raises(ImportFailed) as err:
        RosterFiles(db).import_file(path)
    assert [(e.row, e.column, "#REF!" in e.message) for e in err.value.errors] == [(3, "B (Name)", True)]
    rows[2][1] = "One"
    assert RosterFiles(db).import_file(workbook(tmp_path / "ok.xlsx", rows)).partners == 1


def test_plural_headline() -> None:
    """One problem is "1 problem", more are "N problems" (never "problem(s)")."""
    assert str(ImportFailed([CellError(2, "A", "x")])).startswith("Nothing was imported: 1 problem\n")
    assert str(ImportFailed([CellError(2, "A", "x")] * 3)).startswith("Nothing was imported: 3 problems\n")


def test_confirmation_ship_date_in_the_partners_format(db: Database, tmp_path: Path) -> None:
    """A ship date typed as 25.05.2026 is read as that day; a text that is no date says it is not in the file's format."""
    order, path = _sent(db, tmp_path)

    def typed(ws: object, first: int) -> None:
        ws[f"I{first + 1}"] = "25.05.2026"  # type: ignore[index]

    confirmed = Services(db).order_files.import_confirmation(_fill(path, typed), today=ORDER_DAY)
    assert str(confirmed.lines[1].confirmed_ship_on) == "2026-05-25"


def test_confirmation_bad_ship_date_wording(db: Database, tmp_path: Path) -> None:
    """'soon' is "not in a date format this file uses", not "not a real date"."""
    order, path = _sent(db, tmp_path)

    def typed(ws: object, first: int) -> None:
        ws[f"I{first + 1}"] = "soon"  # type: ignore[index]

    assert "'soon' is not in a date format this file uses" in _refused(db, _fill(path, typed), order)


def test_json_true_is_not_a_quantity_and_deep_nesting_is_refused(db: Database, tmp_path: Path) -> None:
    """JSON `true` as a confirmed quantity is refused (not stored as 1); 100,000 nested lists give a message."""
    order, _ = _sent(db, tmp_path)
    answer = _json_answer(order)
    answer["lines"][0]["confirmed_qty"] = True
    path = tmp_path / "answer.json"
    path.write_text(json.dumps(answer))
    assert "row 1, column confirmed_qty: true is not a number" in _refused(db, path, order)
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(FileFormatError, match="nested"):
        Services(db).order_files.import_confirmation(path, today=ORDER_DAY)


def test_confirmation_summary_before_it_is_applied(db: Database, tmp_path: Path) -> None:
    """The check counts lines in full, short, at zero and later than requested, lists comments, and changes nothing."""
    order, path = _sent(db, tmp_path, requested_on=ORDER_DAY + dt.timedelta(days=10))

    def answer(ws: object, first: int) -> None:
        ws[f"H{first + 1}"], ws[f"I{first + 1}"] = 0, None  # type: ignore[index]

    summary = Services(db).order_files.check_confirmation(_fill(path, answer), today=ORDER_DAY)
    assert (summary.lines, summary.confirmed_in_full, summary.short, summary.at_zero) == (2, 1, 0, 1)
    assert summary.later_than_requested == 1 and summary.comments == ["line 1: On time =ok"]
    assert Services(db).orders.get_order(order.id).status == "sent"


def test_confirmation_check_counts_late_arrivals_with_the_transit_allowance(db: Database, tmp_path: Path) -> None:
    """A ship date one day before the requested date arrives late by courier (2 days): the check says so, as applying does."""
    from tests.imports.test_order_confirmation import SHIP

    order, path = _sent(db, tmp_path, requested_on=SHIP + dt.timedelta(days=1))
    files = Services(db).order_files
    summary = files.check_confirmation(_fill(path), today=ORDER_DAY)
    applied = files.import_confirmation(path, today=ORDER_DAY)
    late = [
        line
        for line in applied.lines
        if any("after the requested" in f for f in line.confirmation_flags(applied.requested_on))
    ]
    assert summary.later_than_requested == len(late) == 2
