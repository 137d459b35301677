"""`copy`: a whole database moved SQLite -> backend under test -> SQLite, verified, refused or rolled back as a whole."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from microfactory_desk.cli import main
from microfactory_desk.db import Database, open_database
from microfactory_desk.db_copy import copy_database, table_checksum, tables
from microfactory_desk.demo.load import load_demo
from microfactory_desk.errors import DatabaseError, DeskError
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.services.roster.partners import RosterService


def _checksums(db: Database) -> dict[str, tuple[int, str]]:
    """(row count, checksum) of every table, read straight from the database."""
    with db.engine.connect() as conn:
        return {table.name: table_checksum(conn, table, batch_rows=97) for table in tables()}


def _demo(tmp_path: Path) -> Database:
    db = open_database(str(tmp_path / "demo.sqlite"))
    load_demo(db, partners=12, seed=3)
    return db


def _rows(db: Database) -> int:
    return sum(count for count, _ in _checksums(db).values())


def test_demo_round_trip_keeps_every_table_identical(
    tmp_path: Path, db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    """Demo SQLite -> the test backend -> a new SQLite file: every table has the same rows and checksum, photos too."""
    source = _demo(tmp_path)
    before = _checksums(source)
    assert before["photo_data"][0] > 0 and before["order_line"][0] > 0 and before["change_log"][0] > 0
    copied = copy_database(str(source.file), db.url, batch_rows=50)  # small batches: many partitions per table
    assert {c.table: (c.rows, c.checksum) for c in copied} == before
    assert _checksums(db) == before
    back = tmp_path / "back.sqlite"
    assert main(["copy", "--from", db.url, "--to", str(back)]) == 0
    assert "row counts and checksums match" in capsys.readouterr().out
    again = Database(f"sqlite:///{back}")
    assert _checksums(again) == before
    with again.session() as session:  # one changed price is a different checksum (the check has teeth)
        session.execute(
            text("UPDATE price_tier SET unit_price = unit_price + 0.0001 WHERE id = (SELECT MIN(id) FROM price_tier)")
        )
    changed = _checksums(again)
    assert [t for t in before if changed[t] != before[t]] == ["price_tier"]
    again.close()
    # The server's sequences moved past the copied ids: a new partner gets a fresh id, no duplicate key.
    new = RosterService(db).create_partner(data=validate_partner({"code": "NEW1", "name": "After the copy"}))
    assert new.id > max(p for (p,) in db.read("SELECT id FROM partner WHERE code <> 'NEW1'"))
    source.close()


def test_a_target_holding_data_is_refused_and_left_alone(tmp_path: Path, db: Database) -> None:
    """Copying into a database with a partner in it is refused in one sentence; the partner stays, nothing is added."""
    source = _demo(tmp_path)
    RosterService(db).create_partner(data=validate_partner({"code": "KEEP", "name": "Already here"}))
    with pytest.raises(DeskError, match="already holds data"):
        copy_database(str(source.file), db.url)
    assert db.read("SELECT code FROM partner") == [("KEEP",)]
    with pytest.raises(DeskError, match="same database"):
        copy_database(str(source.file), str(source.file))
    source.close()


def test_a_failed_copy_leaves_the_target_empty(tmp_path: Path, db: Database) -> None:
    """A row the target refuses (a contact of a missing partner) rolls the whole copy back; a new file is removed."""
    source = _demo(tmp_path)
    assert source.file is not None
    source.close()
    raw = sqlite3.connect(source.file)
    raw.execute("PRAGMA foreign_keys=OFF")
    raw.execute("UPDATE contact SET partner_id = 99999 WHERE id = (SELECT MIN(id) FROM contact)")
    raw.commit()
    raw.close()
    with pytest.raises(DatabaseError, match="contact"):
        copy_database(str(source.file), db.url)
    assert _rows(db) == 0
    target = tmp_path / "new.sqlite"
    with pytest.raises(DatabaseError, match="Nothing was copied"):
        copy_database(str(source.file), str(target))
    assert not target.exists() and not Path(f"{target}-wal").exists()


def test_an_unreachable_server_is_one_line_and_no_password_is_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Copying to a server that does not answer names host and cause in one line; the URL's password never shows."""
    source = open_database(str(tmp_path / "empty.sqlite"))
    source.close()
    code = main(["copy", "--from", str(source.file), "--to", "postgresql://desk:s3cret@127.0.0.1:1/desk"])
    out = capsys.readouterr()
    assert code == 1
    lines = out.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: Cannot connect to 127.0.0.1:1/desk: "), lines
    assert "s3cret" not in out.out + out.err


def test_a_server_lost_mid_copy_is_named_in_peoples_words(tmp_path: Path, db: Database) -> None:
    """The network to the target server cut after a few tables: one sentence ("the connection was lost"), not
    the driver's "(psycopg.errors…) consuming input failed", and the target keeps nothing."""
    if db.is_sqlite:
        pytest.skip("a server connection to lose (--db=postgres)")
    from sqlalchemy.engine import make_url

    from tests.tcp_proxy import TcpProxy

    source = _demo(tmp_path)
    source.close()
    parts = make_url(db.url)
    proxy = TcpProxy(parts.host or "127.0.0.1", parts.port or 5432)
    through = parts.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)

    def cut_after_partners(done: Any) -> None:
        if done.table == "partner":
            proxy.cut()

    with pytest.raises(DatabaseError) as failure:
        copy_database(str(source.file), through, progress=cut_after_partners)
    message = failure.value.message
    assert message.endswith("failed: the connection was lost. Nothing was copied."), message
    proxy.mend()
    assert _rows(db) == 0


def test_the_drivers_cleanup_warnings_go_to_the_log_not_the_terminal(tmp_path: Path) -> None:
    """psycopg's "error ignored terminating <psycopg.Pipeline [BAD]>" after a lost server goes to the log file
    only: the command's one error line is all the terminal shows (no logging set up: Python's last-resort
    handler would print it)."""
    import subprocess
    import sys

    script = (
        "import logging, sys\n"
        "from microfactory_desk.cli import main\n"
        "from microfactory_desk.paths import log_file\n"
        "code = main(['copy', '--from', sys.argv[1], '--to', 'postgresql://desk@127.0.0.1:1/desk'])\n"
        "logging.getLogger('psycopg').warning('error ignored terminating <psycopg.Pipeline [BAD]>: lost')\n"
        "logging.shutdown()\n"
        "print(open(log_file(), encoding='utf-8').read().count('error ignored terminating'))\n"
    )
    source = open_database(str(tmp_path / "empty.sqlite"))
    source.close()
    result = subprocess.run(
        [sys.executable, "-c", script, str(source.file)], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.stdout.splitlines()[-1] == "1", result.stdout + result.stderr
    assert "error ignored" not in result.stderr and result.stderr.count("\n") == 1, result.stderr
