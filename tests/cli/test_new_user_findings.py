"""What a new user met in the command line: a newer app's database, bad URLs, an empty server, help and plurals."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import text

from microfactory_desk.cli import main
from microfactory_desk.db import Database, open_database

NEWER = "set up by a newer version of Microfactory Desk (0010_future): update this app before using it."


def _err_line(capsys: pytest.CaptureFixture[str]) -> str:
    """The one `error:` line a failing command printed (no traceback, nothing else on stderr)."""
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]


def _newer_file(path: Path) -> Path:
    """A desk file whose layout a newer app made (its revision is unknown here)."""
    open_database(str(path)).close()
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '0010_future'")
    return path


def test_a_newer_layout_gets_one_sentence_from_upgrade_copy_and_restore(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """upgrade, copy --from, copy --to and restore all say "set up by a newer version", never Alembic's words."""
    newer = _newer_file(tmp_path / "newer.sqlite")
    current = tmp_path / "current.sqlite"
    open_database(str(current)).close()
    runs = [
        ["--db", str(newer), "upgrade"],
        ["copy", "--from", str(newer), "--to", str(tmp_path / "new.sqlite")],
        ["copy", "--from", str(current), "--to", str(newer)],
        ["--db", str(current), "restore", str(newer)],
        ["--db", str(newer), "orders"],
    ]
    for argv in runs:
        assert main(argv) == 1, argv
        line = _err_line(capsys)
        assert line.endswith(NEWER) and "upgrade`" not in line and "unexpected" not in line, line
    assert not (tmp_path / "new.sqlite").exists()
    with closing(sqlite3.connect(newer)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0010_future",)]


def test_backup_of_a_newer_layout_is_written_with_the_same_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`backup` still copies a newer app's database (the copy is worth having) and warns in the same sentence."""
    newer = _newer_file(tmp_path / "newer.sqlite")
    assert main(["--db", str(newer), "backup", str(tmp_path / "b.sqlite")]) == 0
    out = capsys.readouterr()
    assert "Backup written to" in out.out and out.err.startswith("warning: ") and out.err.strip().endswith(NEWER)
    assert (tmp_path / "b.sqlite").exists()


def test_upgrade_of_a_newer_layout_on_the_backend_under_test(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    """On SQLite and on a PostgreSQL server alike, `upgrade` of a newer layout refuses in one sentence."""
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0010_future'"))
    assert main(["--db", db.url, "upgrade"]) == 1
    assert "was set up by a newer" in _err_line(capsys)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "mysql://desk:s3cret@127.0.0.1/desk",
            "Only SQLite files and PostgreSQL servers (postgresql://…) are supported",
        ),
        ("postgresql://desk:s3cret@127.0.0.1:notaport/desk", "the port 'notaport' in '127.0.0.1:notaport' is not"),
        ("postgresql://desk:s3cret@127.0.0.1:70000/desk", "the port '70000'"),
    ],
)
def test_an_unsupported_or_malformed_url_is_one_line_without_the_password(
    url: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """mysql:// is named unsupported (not "driver not installed, port 5432"); a bad port is named, no ValueError."""
    source = tmp_path / "s.sqlite"
    open_database(str(source)).close()
    for argv in (["--db", url, "check"], ["--db", url, "orders"], ["copy", "--from", str(source), "--to", url]):
        assert main(argv) == 1
        line = _err_line(capsys)
        assert expected in line and "s3cret" not in line and "unexpected" not in line, line


def test_an_upper_case_scheme_reaches_the_server(capsys: pytest.CaptureFixture[str]) -> None:
    """POSTGRESQL://... is the PostgreSQL scheme too: it reaches the connection step (here: nobody answers)."""
    assert main(["--db", "POSTGRESQL://desk:s3cret@127.0.0.1:1/desk", "check"]) == 1
    line = _err_line(capsys)
    assert (
        line.startswith("error: Cannot connect to 127.0.0.1:1/desk: no server answers there") and "s3cret" not in line
    )


def test_check_on_an_empty_database_says_to_run_upgrade(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A new, empty database (a server's first day) gets the command that creates the tables, not "no version"."""
    url = db.url
    if db.is_sqlite:
        url = str(tmp_path / "new.sqlite")
        Path(url).touch()  # an empty file, as a new database is
    else:
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    db.close()
    assert main(["--db", url, "check"]) == 1
    out = capsys.readouterr().out
    assert "the database is empty: run `microfactory-desk --db " in out and " upgrade` to create the tables" in out
    assert "no version" not in out


def test_restore_on_a_server_says_what_to_do(capsys: pytest.CaptureFixture[str]) -> None:
    """`restore` on a PostgreSQL URL names pg_restore and how to call it, without the password."""
    assert main(["--db", "postgresql://desk:s3cret@127.0.0.1:1/desk", "restore", "team.dump"]) == 1
    line = _err_line(capsys)
    assert "restore works on SQLite files" in line and "pg_restore --clean -d" in line and "s3cret" not in line


def test_readme_server_steps_run_upgrade_before_check() -> None:
    """The README's server section creates the database, then runs `upgrade`, then `check`, then uses the app."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## A team on one PostgreSQL server") :]
    section = section[: section.index("\n## ", 3)]
    steps = [section.index(s) for s in ("createdb", "microfactory-desk upgrade", "microfactory-desk check")]
    assert steps == sorted(steps), steps
    assert "on first use" not in section
    assert "pg_restore" in readme[readme.index("| `microfactory-desk restore") :].split("\n", 1)[0]


def _help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit):
        main([*argv, "--help"])
    return capsys.readouterr().out


def test_database_commands_have_a_description_and_options_have_help(capsys: pytest.CaptureFixture[str]) -> None:
    """copy/backup/restore/upgrade --help describe the command; --audience has help; --decimal reads MARK."""
    for command in ("copy", "backup", "restore", "upgrade"):
        described = _help([command], capsys).split("\n\n")[1]  # argparse puts the description after the usage
        assert not described.startswith(("positional arguments:", "options:")), described
    assert "leaves out internal notes" in _help(["export", "scorecards"], capsys)
    for argv in (["import", "roster"], ["import", "deliveries"]):
        shown = _help(argv, capsys)
        assert "--decimal MARK" in shown and "{.,,}" not in shown and "'.' or ','" in shown


def test_every_command_has_a_description_and_every_option_help() -> None:
    """No --help page of any command is a bare option list: a description, and help on each option."""
    import argparse

    from microfactory_desk.cli import build_parser

    bare: list[str] = []

    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        if parser.get_default("run") is not None and not parser.description:
            bare.append(path)
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, f"{path} {name}")
            elif action.option_strings and not action.help:
                bare.append(f"{path} {action.option_strings[-1]}")

    walk(build_parser(), "microfactory-desk")
    assert bare == []


def test_copy_and_backup_refuse_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A mistyped folder for copy --to or backup is refused in one line, as exports do, and never created."""
    source = tmp_path / "s.sqlite"
    open_database(str(source)).close()
    missing = tmp_path / "nowhere" / "dir"
    for argv in (
        ["copy", "--from", str(source), "--to", str(missing / "x.sqlite")],
        ["--db", str(source), "backup", str(missing / "x.sqlite")],
    ):
        assert main(argv) == 1
        assert _err_line(capsys) == f"error: Cannot write to the folder {missing}: No such file or directory"
    assert not (tmp_path / "nowhere").exists()


def test_counts_of_one_are_singular(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Importing one partner says "1 partner", and a copy's summary counts rows and tables the same way."""
    roster = tmp_path / "one.csv"
    roster.write_text("Code;Name\nA1;Alpha\n", encoding="utf-8")
    target = tmp_path / "t.sqlite"
    assert main(["--db", str(target), "import", "roster", str(roster), "--dry-run"]) == 0
    assert "Would import 1 partner, 0 contacts, 0 certifications from" in capsys.readouterr().out
    assert main(["--db", str(target), "import", "roster", str(roster)]) == 0
    assert "Imported 1 partner," in capsys.readouterr().out
    assert main(["copy", "--from", str(target), "--to", str(tmp_path / "c.sqlite")]) == 0
    out = capsys.readouterr().out
    assert " 1 row\n" in out and " 1 rows" not in out


def test_check_json_reports_failures_as_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """With --json, a server that does not answer or a bad URL is a JSON object with ok false, exit code 1."""
    for url in ("postgresql://desk:s3cret@127.0.0.1:1/desk", "mysql://x/y", str(tmp_path / "missing.sqlite")):
        assert main(["--db", url, "check", "--json"]) == 1
        out = capsys.readouterr()
        result = json.loads(out.out)
        assert result["ok"] is False and result["error"] and "s3cret" not in out.out + out.err


def test_a_backup_with_one_broken_link_says_link_not_links(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """restore of a backup with one contact pointing at no partner says "1 broken link", not "1 broken link(s)"."""
    current, backup = tmp_path / "current.sqlite", tmp_path / "broken.sqlite"
    open_database(str(current)).close()
    open_database(str(backup)).close()
    with closing(sqlite3.connect(backup)) as conn, conn:
        conn.execute(
            "INSERT INTO contact (partner_id, position, name, role, email, phone, preferred_channel, id, uuid,"
            " created_at, updated_at) VALUES (999, 0, 'A', '', '', '', 'email', 1, 'u1', '2026-01-01', '2026-01-01')"
        )
    assert main(["--db", str(current), "restore", str(backup)]) == 1
    assert "has 1 broken link between records" in _err_line(capsys)
