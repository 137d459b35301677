"""Command-line failures are one line naming the file or field and what to do, with a non-zero exit code."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import microfactory_desk.db as db_module
from microfactory_desk.cli import main
from microfactory_desk.commands import database as database_commands
from microfactory_desk.db import Database
from reliability.fulldisk import cases, namespaces_work, run_all


def _one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    # "The database is busy, retrying" notices may come first: they are what a person should see while waiting.
    lines = [line for line in err.splitlines() if line.strip() and "retrying" not in line]
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.sqlite_only  # SQLite's file lock and ALTER TABLE on the file
def test_a_locked_database_is_one_line(
    db: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A write while another program holds the lock past every retry says the database is busy, no traceback."""
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_S", 0)
    holder = sqlite3.connect(str(db.file), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        assert main(["--db", str(db.file), "templates", "install"]) == 1
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    line = _one_error_line(capsys)
    assert "busy" in line and str(db.file) in line


@pytest.mark.sqlite_only
def test_a_missing_column_is_one_line_pointing_to_check(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    """A database lacking a column the models need names it and says to run `check` (as-released 0003 files)."""
    assert db.file is not None
    db.close()
    with sqlite3.connect(db.file) as conn:
        conn.execute("ALTER TABLE order_line DROP COLUMN tier_label")
    assert main(["--db", str(db.file), "export", "orders", "-o", str(db.file.parent / "o.csv")]) == 1
    line = _one_error_line(capsys)
    assert "order_line.tier_label" in line and "microfactory-desk check" in line


def test_a_missing_import_file_is_one_line(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Importing a file that is not there names it."""
    assert main(["--db", db.url, "import", "roster", str(tmp_path / "gone.csv")]) == 1
    assert "gone.csv" in _one_error_line(capsys)


def test_an_unexpected_error_is_one_line_and_logged(
    db: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bug becomes one line saying where the traceback was logged; the log holds it."""

    def broken(*_args: object) -> int:
        raise RuntimeError("planted bug")

    monkeypatch.setattr(database_commands, "_cmd_check", broken)
    assert main(["--db", db.url, "check"]) == 1
    line = _one_error_line(capsys)
    assert "RuntimeError: planted bug" in line
    log = Path(line.rsplit("the details are in ", 1)[1].rstrip(")"))
    assert "planted bug" in log.read_text(encoding="utf-8")


@pytest.mark.skipif(not namespaces_work(), reason="no private mount namespace (unshare -rm) on this machine")
def test_exports_to_a_real_full_disk(tmp_path: Path) -> None:
    """Roster CSV and order-lines xlsx onto a full tmpfs: exit 1, one `error:` line, previous file kept, no temp."""
    results = [r for r in run_all(tmp_path, "roster csv") + run_all(tmp_path, "orders xlsx")]
    assert [r.name for r in results] == ["roster csv", "orders xlsx"]
    for result in results:
        assert result.ok, result
        assert "disk is full" in result.stderr[0]
    assert len(cases(tmp_path / "demo.sqlite")) >= 14
