"""`export sla`: the term sheet from the command line, its messages and exit codes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from microfactory_desk.cli import main
from microfactory_desk.db import Database
from tests.exports.test_sla_term_sheet import NAME, make_partner_with_slas

START = dt.date(2020, 1, 1)  # long before any day the tests run on, with no end: in force today


def test_export_of_the_sla_in_force(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --version the agreed version in force is written and the message names it."""
    make_partner_with_slas(db, START)
    out = tmp_path / "terms.pdf"
    assert main(["--db", db.url, "export", "sla", "ms-01", "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"Term sheet of SLA version 1 for MS-01 written to {out}.\n"
    assert NAME in PdfReader(out).pages[0].extract_text()


def test_export_of_a_chosen_version_as_xlsx(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--version N picks that version, here the draft, and writes Excel."""
    make_partner_with_slas(db, START)
    out = tmp_path / "terms.xlsx"
    assert main(["--db", db.url, "export", "sla", "MS-01", "-o", str(out), "--version", "2"]) == 0
    assert "SLA version 2 for MS-01" in capsys.readouterr().out
    assert out.stat().st_size > 0


def test_unknown_partner_is_one_line(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown code exits 1 with one line on stderr and writes nothing."""
    assert main(["--db", db.url, "export", "sla", "NOPE", "-o", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err
    assert err == "error: No partner with code 'NOPE'.\n"
    assert not (tmp_path / "x.pdf").exists()


def test_no_sla_in_force_lists_the_versions(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A partner whose agreed version has ended is refused with the versions to choose from."""
    make_partner_with_slas(db, START, until=dt.date(2020, 12, 31))
    assert main(["--db", db.url, "export", "sla", "MS-01", "-o", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no SLA in force" in err
    assert "use --version N; versions: 1 (agreed), 2 (draft)" in err


def test_bad_suffix_is_refused(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file name that is neither .pdf nor .xlsx is refused naming both."""
    make_partner_with_slas(db, START)
    assert main(["--db", db.url, "export", "sla", "MS-01", "-o", str(tmp_path / "x.docx")]) == 1
    assert "use a .pdf or .xlsx file name" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()
