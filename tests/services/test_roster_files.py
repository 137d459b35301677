"""Roster files through the service the GUI and CLI use: cancelling leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from microfactory_desk.db import Database, open_database
from microfactory_desk.demo.load import load_demo
from microfactory_desk.errors import Cancelled, FileFormatError
from microfactory_desk.services.roster.files import RosterFiles


@pytest.fixture
def big_export(db: Database, tmp_path: Path) -> Path:
    """A roster workbook of 1,200 partners (long enough for cancel checks to run)."""
    load_demo(db, partners=1200, seed=3)
    out = tmp_path / "big.xlsx"
    RosterFiles(db).export_file(out)
    return out


def test_cancelled_import_writes_nothing(big_export: Path, tmp_path: Path) -> None:
    """Pressing Cancel during an import stops it and the target database stays empty."""
    target = open_database(str(tmp_path / "target.sqlite"))
    with pytest.raises(Cancelled):
        RosterFiles(target).import_file(big_export, cancelled=lambda: True)
    assert target.read("SELECT COUNT(*) FROM partner") == [(0,)]


def test_cancelled_export_leaves_the_old_file(db: Database, big_export: Path) -> None:
    """Cancelling an export keeps the previous file untouched and leaves no temporary file."""
    before = big_export.read_bytes()
    with pytest.raises(Cancelled):
        RosterFiles(db).export_file(big_export, cancelled=lambda: True)
    assert big_export.read_bytes() == before
    assert [p.name for p in big_export.parent.iterdir() if p.name.startswith(".")] == []


def test_round_trip_through_the_service(big_export: Path, tmp_path: Path) -> None:
    """Importing an export into a new database and exporting again gives the same workbook rows."""
    from openpyxl import load_workbook

    target = open_database(str(tmp_path / "copy.sqlite"))
    summary = RosterFiles(target).import_file(big_export)
    assert summary.partners == 1200
    again = tmp_path / "again.xlsx"
    RosterFiles(target).export_file(again)

    def rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
        book = load_workbook(path, read_only=True)
        return {s.title: list(s.iter_rows(values_only=True)) for s in book.worksheets}

    assert rows(again) == rows(big_export)


def test_unknown_export_suffix_is_refused(db: Database, tmp_path: Path) -> None:
    """Exporting to a name that is neither .xlsx nor .csv says which names work."""
    with pytest.raises(FileFormatError, match=r"\.xlsx or \.csv"):
        RosterFiles(db).export_file(tmp_path / "roster.pdf")


def test_a_pasted_code_with_invisible_marks_imports_as_the_code_it_shows(db: Database, tmp_path: Path) -> None:
    """A roster CSV whose code ends in a zero-width space and whose fallback ends in a byte-order mark: the code
    was refused ("use letters, digits ...") and the fallback not found ("no partner with the code BULK-1"),
    though both read right; now both are trimmed like blanks, and the stored codes are clean."""
    data = tmp_path / "pasted.csv"
    data.write_text(
        "Code,Name,Kind,Fallback\nBULK-1,Bulk One,bulk supplier,\n"
        "MF-1\u200b,Pasted code,microfactory,\u200eBULK-1\nMF-2,Pasted fallback,microfactory,BULK-1\ufeff\n",
        encoding="utf-8",
    )
    RosterFiles(db).import_file(data)
    rows = db.read("SELECT p.code, f.code FROM partner p LEFT JOIN partner f ON f.id = p.fallback_id ORDER BY p.code")
    assert rows == [("BULK-1", None), ("MF-1", "BULK-1"), ("MF-2", "BULK-1")]
