"""Roster export data and all-or-nothing imports against real SQLite files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import event

from microfactory_desk.db import Database, open_database
from microfactory_desk.errors import ImportFailed
from microfactory_desk.exports.roster_file import write_roster_csv, write_roster_xlsx
from microfactory_desk.imports.roster import read_roster
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.services.roster import transfer
from microfactory_desk.services.roster.partners import RosterService
from microfactory_desk.services.roster.transfer import import_roster, roster_export_data

HEADER = ["Code", "Name", "Kind", "Fallback"]


@pytest.fixture
def other_db(tmp_path: Path) -> Iterator[Database]:
    """A second, empty database to import into."""
    database = open_database(str(tmp_path / "b.sqlite"))
    yield database
    database.close()


def _counts(db: Database) -> tuple[int, ...]:
    """Row counts of partners, contacts, certifications and stage changes."""
    tables = ("partner", "contact", "certification", "stage_change")
    return tuple(int(db.read(f"SELECT COUNT(*) FROM {t}")[0][0]) for t in tables)


def _xlsx(path: Path, rows: list[list[Any]]) -> Path:
    """A one-sheet Partners workbook with HEADER and the given rows."""
    workbook = Workbook()
    workbook.active.title = "Partners"
    for row in [HEADER, *rows]:
        workbook.active.append(row)
    workbook.save(path)
    return path


def _seed(db: Database) -> None:
    """Partners with non-Latin names, contacts, certifications, fallbacks and formula-like text."""
    service = RosterService(db)
    add = service.create_partner
    add(
        data=validate_partner(
            {"code": "BULK-1", "name": "深圳大批量供应", "kind": "bulk supplier", "weekly_capacity": 90000}
        )
    )
    add(
        data=validate_partner(
            {"code": "BULK-2", "name": "Bulk Two", "kind": "bulk_supplier", "fallback_code": "BULK-1"}
        )
    )
    add(
        data=validate_partner(
            {
                "code": "LDZ-01",
                "name": "Łódź Print Lab",
                "stage": "pilot",
                "city": "Łódź",
                "address": "ul. Piotrkowska 1\n90-001 Łódź",
                "processes": "3D printing, CNC",
                "materials": "PLA; PETG",
                "weekly_capacity": 500,
                "min_batch": 20,
                "risk_level": "medium",
                "risk_notes": "One machine\nno backup",
                "fallback_code": "bulk-1",
                "tags": "eco, fast",
                "contacts": [
                    {"name": "Ania Kowalska", "email": "ania@lab.example", "phone": "+48 42 000"},
                    {"name": "Piotr", "preferred_channel": "messaging"},
                ],
                "certifications": [
                    {"name": "ISO 9001", "issuer": "TÜV", "valid_from": "2025-01-01", "valid_until": "2027-01-01"},
                    {"name": "FSC", "number": "FSC-C000"},
                ],
            }
        )
    )
    add(data=validate_partner({"code": "MST-7", "name": "Müller & Söhne Textil", "fallback_code": "BULK-2"}))
    add(data=validate_partner({"code": "FX-1", "name": '=HYPERLINK("http://x","y")', "city": "+1+1", "region": "-2"}))
    add(data=validate_partner({"code": "FX-2", "name": "@SUM(A1)", "risk_notes": "=1+1\nsecond line"}))


def test_export_data_rows_follow_the_file_columns(db: Database) -> None:
    """Export rows follow the file columns: vocabulary as labels, fallbacks as codes, dates as dates."""
    _seed(db)
    data = roster_export_data(db)
    assert [p[0] for p in data.partners] == ["BULK-1", "BULK-2", "FX-1", "FX-2", "LDZ-01", "MST-7"]
    lodz = data.partners[4]
    assert lodz[:4] == ("LDZ-01", "Łódź Print Lab", "Microfactory", "Pilot")
    assert lodz[9:] == (
        "3D printing, CNC",
        "PLA, PETG",
        500,
        20,
        "Medium",
        "One machine\nno backup",
        "BULK-1",
        "eco, fast",
    )
    assert data.contacts == [
        ("LDZ-01", "Ania Kowalska", "", "ania@lab.example", "+48 42 000", "Email"),
        ("LDZ-01", "Piotr", "", "", "", "Messaging"),
    ]
    assert data.certifications == [
        ("LDZ-01", "ISO 9001", "TÜV", "", dt.date(2025, 1, 1), dt.date(2027, 1, 1)),
        ("LDZ-01", "FSC", "", "FSC-C000", None, None),
    ]


def test_xlsx_round_trip_into_a_fresh_database_is_identical(db: Database, other_db: Database, tmp_path: Path) -> None:
    """Export to xlsx, import into a new database and export again: every partner, contact and cert is the same."""
    _seed(db)
    first = roster_export_data(db)
    summary = import_roster(other_db, read_roster(write_roster_xlsx(first, tmp_path / "roster.xlsx")))
    assert (summary.partners, summary.contacts, summary.certifications) == (6, 2, 2)
    assert roster_export_data(other_db) == first
    history = other_db.read("SELECT from_stage, to_stage, reason FROM stage_change ORDER BY id")
    assert history[0] == (None, "prospect", "Imported from roster.xlsx")


def test_csv_round_trip_keeps_partners_and_fallbacks(db: Database, other_db: Database, tmp_path: Path) -> None:
    """Export to CSV and import into a new database: the partners (with fallbacks and formula-like text) match."""
    _seed(db)
    first = roster_export_data(db)
    import_roster(other_db, read_roster(write_roster_csv(first, tmp_path / "roster.csv")))
    assert roster_export_data(other_db).partners == first.partners


def test_duplicate_codes_in_the_file_name_both_rows(db: Database, tmp_path: Path) -> None:
    """Two rows with the same code (any case) are refused naming both rows; nothing is stored."""
    path = _xlsx(tmp_path / "dup.xlsx", [["A1", "One"], ["B1", "Two"], ["a1", "Again"]])
    with pytest.raises(ImportFailed) as err:
        import_roster(db, read_roster(path))
    assert [(e.row, e.column) for e in err.value.errors] == [(4, "A (Code)")]
    assert "rows 2 and 4" in err.value.errors[0].message
    assert _counts(db) == (0, 0, 0, 0)


def test_codes_already_in_the_database_are_refused_and_nothing_changes(db: Database, tmp_path: Path) -> None:
    """A code that exists in the roster (any case) fails the whole import and leaves the database as it was."""
    _seed(db)
    before = _counts(db)
    path = _xlsx(tmp_path / "r.xlsx", [["NEW-1", "New one"], ["ldz-01", "Clash"], ["NEW-2", "New two"]])
    with pytest.raises(ImportFailed) as err:
        import_roster(db, read_roster(path))
    assert [(e.row, e.column, e.sheet) for e in err.value.errors] == [(3, "A (Code)", "Partners")]
    assert "already in the roster" in str(err.value)
    assert _counts(db) == before


def test_fallback_problems_are_each_reported(db: Database, tmp_path: Path) -> None:
    """Fallbacks that are missing, not bulk suppliers or (in the database) microfactories are refused per row."""
    _seed(db)
    rows = [["N1", "One", None, "GHOST"], ["N2", "Two", None, "N1"], ["N3", "Three", None, "LDZ-01"]]
    with pytest.raises(ImportFailed) as err:
        import_roster(db, read_roster(_xlsx(tmp_path / "r.xlsx", rows)))
    assert [(e.row, e.column) for e in err.value.errors] == [
        (2, "D (Fallback)"),
        (3, "D (Fallback)"),
        (4, "D (Fallback)"),
    ]
    messages = [e.message for e in err.value.errors]
    assert "no partner with the code GHOST" in messages[0]
    assert messages[1:] == ["N1 is not a bulk supplier", "LDZ-01 is not a bulk supplier"]


def test_fallbacks_resolve_within_the_file_and_to_the_database(db: Database, tmp_path: Path) -> None:
    """Fallbacks may name a bulk supplier later in the file, one in the database, or form a cycle."""
    _seed(db)
    rows = [
        ["N1", "Uses later row", "microfactory", "nb-1"],
        ["N2", "Uses stored", "microfactory", "BULK-2"],
        ["NB-1", "New bulk", "bulk_supplier", "NB-2"],
        ["NB-2", "Other new bulk", "bulk_supplier", "NB-1"],
    ]
    import_roster(db, read_roster(_xlsx(tmp_path / "r.xlsx", rows)))
    fallbacks = {p[0]: p[15] for p in roster_export_data(db).partners}
    assert (fallbacks["N1"], fallbacks["N2"], fallbacks["NB-1"], fallbacks["NB-2"]) == (
        "NB-1",
        "BULK-2",
        "NB-2",
        "NB-1",
    )


def test_dry_run_validates_and_writes_nothing(db: Database, tmp_path: Path) -> None:
    """A dry run returns what would be imported, with warnings, and leaves the database empty."""
    workbook = Workbook()
    workbook.active.title = "Partners"
    workbook.active.append(["Code", "Name", "Notes"])
    workbook.active.append(["P1", "One", "hello"])
    workbook.create_sheet("Contacts").append(["Partner code", "Name"])
    workbook["Contacts"].append(["P1", "Ania"])
    workbook.save(tmp_path / "r.xlsx")
    summary = import_roster(db, read_roster(tmp_path / "r.xlsx"), dry_run=True)
    assert (summary.partners, summary.contacts, summary.certifications, summary.dry_run) == (1, 1, 0, True)
    assert len(summary.warnings) == 1 and "C (Notes)" in summary.warnings[0]
    assert _counts(db) == (0, 0, 0, 0)


def test_import_runs_no_per_row_statements(db: Database, tmp_path: Path) -> None:
    """Importing hundreds of partners takes a handful of batched statements, not one per row."""
    rows = [[f"P{i}", f"Partner {i}", "microfactory", "B0" if i % 2 else None] for i in range(1, 301)]
    path = _xlsx(tmp_path / "many.xlsx", [["B0", "Bulk", "bulk_supplier", None], *rows])
    statements: list[str] = []

    def _count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        """Record every statement sent to the database."""
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", _count)
    summary = import_roster(db, read_roster(path))
    assert summary.partners == 301
    assert len(statements) <= 8
    assert _counts(db) == (301, 0, 0, 301)
    assert len(db.read("SELECT 1 FROM partner WHERE fallback_id IS NOT NULL")) == 150


def test_a_roster_changed_during_the_import_names_the_file_and_no_row(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A partner saved by someone else between the checks and the write: refused naming the file, not row 1."""
    path = _xlsx(tmp_path / "r.xlsx", [["NEW-1", "New one", "microfactory"]])
    checked = transfer._check

    def then_someone_saves(database: Database, rows: Any) -> Any:
        found = checked(database, rows)
        RosterService(db).create_partner(
            data=validate_partner({"code": "NEW-1", "name": "Theirs", "kind": "microfactory"})
        )
        return found

    monkeypatch.setattr(transfer, "_check", then_someone_saves)
    with pytest.raises(ImportFailed) as err:
        import_roster(db, read_roster(path))
    assert err.value.message.startswith("Nothing was imported from r.xlsx: 1 problem\n  the roster was changed")
    assert [(e.row, e.sheet) for e in err.value.errors] == [(0, "")]
