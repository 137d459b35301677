"""The headless commands: exit codes, one-line errors and real files."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from microfactory_desk.cli import main
from microfactory_desk.db import Database, open_database


def test_help_lists_every_command() -> None:
    """`python -m microfactory_desk --help` works without a display and names the commands."""
    result = subprocess.run(
        [sys.executable, "-m", "microfactory_desk", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("demo", "import", "export", "check", "backup", "screenshot"):
        assert command in result.stdout


def test_check_healthy_database(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    """`check` exits 0 and reports the schema version on a healthy database."""
    assert main(["--db", db.url, "check"]) == 0
    assert "Healthy" in capsys.readouterr().out


def test_check_reports_an_outdated_schema(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    """`check` exits 1 when the schema is not the one this app expects."""
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'other'"))
    assert main(["--db", db.url, "check", "--json"]) == 1
    assert '"healthy": false' in capsys.readouterr().out


def test_check_on_a_missing_file_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing database is an error on stderr, not a traceback or a new empty file."""
    missing = tmp_path / "nothing.sqlite"
    assert main(["--db", str(missing), "check"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: No database at") and err.count("\n") == 1
    assert not missing.exists()


@pytest.mark.sqlite_only
def test_backup_command_writes_a_copy(db: Database, tmp_path: Path) -> None:
    """`backup OUT` writes a SQLite copy that passes `check`."""
    out = tmp_path / "copy.sqlite"
    assert main(["--db", db.url, "backup", str(out)]) == 0
    assert main(["--db", str(out), "check"]) == 0


def test_env_variable_selects_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """MICROFACTORY_DESK_DB is used when --db is not given."""
    target = tmp_path / "env.sqlite"
    open_database(str(target)).close()
    monkeypatch.setenv("MICROFACTORY_DESK_DB", str(target))
    assert main(["check"]) == 0
    assert str(target) in capsys.readouterr().out


def test_backup_of_a_missing_database_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Backing up a database that does not exist fails instead of copying an empty file."""
    assert main(["--db", str(tmp_path / "none.sqlite"), "backup", str(tmp_path / "b.sqlite")]) == 1
    assert "No database at" in capsys.readouterr().err
    assert not (tmp_path / "b.sqlite").exists()


def test_screenshot_unknown_page_lists_valid_ones(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown page name is refused with the list of valid names."""
    assert main(["--db", db.url, "screenshot", "x.png", "--page", "nope"]) == 1
    from microfactory_desk.ui.main_window import PAGES

    assert "Valid pages: " + ", ".join(name for name, _ in PAGES) in capsys.readouterr().err


def test_bad_size_is_a_usage_error(db: Database) -> None:
    """A malformed --size stops with argparse's usage error (exit 2)."""
    with pytest.raises(SystemExit) as stop:
        main(["--db", db.url, "screenshot", "x.png", "--size", "big"])
    assert stop.value.code == 2


def test_demo_export_import_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """demo → export roster → import roster (dry run, then real) into another database → same export."""
    first, second = tmp_path / "first.sqlite", tmp_path / "second.sqlite"
    assert main(["--db", str(first), "demo", "--partners", "25", "--seed", "4"]) == 0
    assert main(["--db", str(first), "export", "roster", "-o", str(tmp_path / "a.xlsx")]) == 0
    assert main(["--db", str(second), "import", "roster", str(tmp_path / "a.xlsx"), "--dry-run"]) == 0
    assert "Would import 25 partners" in capsys.readouterr().out
    assert open_database(str(second)).read("SELECT COUNT(*) FROM partner") == [(0,)]
    assert main(["--db", str(second), "import", "roster", str(tmp_path / "a.xlsx")]) == 0
    assert main(["--db", str(second), "export", "roster", "-o", str(tmp_path / "b.csv")]) == 0
    assert main(["--db", str(first), "export", "roster", "-o", str(tmp_path / "a.csv")]) == 0
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_refused_import_prints_rows_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A CSV with a bad value is refused with its row and column on stderr; nothing is imported."""
    bad = tmp_path / "bad.csv"
    bad.write_text("Code;Name;Weekly capacity\nA1;Alpha;10\nB1;Beta;lots\n", encoding="cp1252")
    target = tmp_path / "t.sqlite"
    assert main(["--db", str(target), "import", "roster", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: Nothing was imported")
    assert "row 3" in err and "Weekly capacity" in err
    assert open_database(str(target)).read("SELECT COUNT(*) FROM partner") == [(0,)]


def test_export_from_a_mistyped_database_path_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Exporting from a database that does not exist fails instead of creating an empty one and overwriting a file."""
    target = tmp_path / "roster.csv"
    target.write_text("precious", encoding="utf-8")
    missing = tmp_path / "typo.sqlite"
    assert main(["--db", str(missing), "export", "roster", "-o", str(target)]) == 1
    assert "No database at" in capsys.readouterr().err
    assert not missing.exists()
    assert target.read_text(encoding="utf-8") == "precious"


def test_check_on_a_non_database_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`check` on a text file says it is not a database, without a traceback."""
    bogus = tmp_path / "notes.sqlite"
    bogus.write_text("not a db", encoding="utf-8")
    assert main(["--db", str(bogus), "check"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error:") and "not a Microfactory Desk database" in err and err.count("\n") == 1


def test_another_programs_sqlite_file_is_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A SQLite file with foreign tables is refused, not filled with demo data."""
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE foo (x)")
    assert main(["--db", str(other), "demo", "--partners", "2"]) == 1
    assert "another program" in capsys.readouterr().err
    with sqlite3.connect(other) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["foo"]


@pytest.mark.sqlite_only
def test_backup_into_a_folder(db: Database, tmp_path: Path) -> None:
    """`backup FOLDER` writes a dated copy inside the folder."""
    folder = tmp_path / "copies"
    folder.mkdir()
    assert main(["--db", db.url, "backup", str(folder)]) == 0
    copies = list(folder.glob("*.sqlite"))
    assert len(copies) == 1
    assert main(["--db", str(copies[0]), "check"]) == 0


def test_output_into_a_closed_pipe_ends_quietly(db: Database) -> None:
    """`attention | head -1`: the reader leaves early and the command stops without a traceback."""
    from microfactory_desk.demo.load import load_demo

    load_demo(db, partners=60)
    command = [sys.executable, "-m", "microfactory_desk", "--db", db.url, "attention", "--limit", "500"]
    reader = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.close()  # gone before the first line is written, as `head` is after its lines
    err = reader.stderr.read().decode()
    reader.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipe" not in err
