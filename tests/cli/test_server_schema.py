"""A shared server is upgraded on purpose only: clients with another layout refuse; `upgrade` and `backup`."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from sqlalchemy import text

from microfactory_desk.cli import main
from microfactory_desk.db import Database, open_database
from microfactory_desk.db_server import refuse_other_schema
from microfactory_desk.errors import DatabaseError
from microfactory_desk.migrations import HEAD_REVISION


def _set_revision(db: Database, revision: str) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})


def test_older_and_newer_layouts_are_refused_in_one_sentence(db: Database) -> None:
    """An older layout names `upgrade`; an unknown (newer) one asks to update the app; the head passes."""
    refuse_other_schema(db)
    _set_revision(db, "0002_sla_negotiation")
    with pytest.raises(DatabaseError, match=r"older layout \(0002_sla_negotiation\).*microfactory-desk upgrade"):
        refuse_other_schema(db)
    _set_revision(db, "0099_from_the_future")
    with pytest.raises(DatabaseError, match="set up by a newer Microfactory Desk"):
        refuse_other_schema(db)


def test_a_server_client_does_not_upgrade_by_itself(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    """On a server, opening a database at an older revision refuses and leaves the revision alone."""
    if db.is_sqlite:
        pytest.skip("a laptop's own SQLite file upgrades by itself (backup first)")
    _set_revision(db, "0003_quality_orders_telemetry")
    assert main(["--db", db.url, "attention"]) == 1
    assert "ask whoever runs the server to run `microfactory-desk upgrade`" in capsys.readouterr().err
    assert db.read("SELECT version_num FROM alembic_version") == [("0003_quality_orders_telemetry",)]


def test_upgrade_on_a_current_database_says_so(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    """`upgrade` is safe to run twice: at the head it changes nothing."""
    assert main(["--db", db.url, "upgrade"]) == 0
    assert f"is up to date ({HEAD_REVISION})" in capsys.readouterr().out
    open_database(db.url).close()


def test_backup_of_a_server_is_a_pg_dump(db: Database, tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    """`backup` on a server writes a custom-format dump that pg_restore can list (partner table included)."""
    if db.is_sqlite or shutil.which("pg_dump") is None:
        pytest.skip("needs a PostgreSQL server and pg_dump")
    out = tmp_path / "team.dump"
    assert main(["--db", db.url, "backup", str(out)]) == 0
    listed = subprocess.run(["pg_restore", "--list", str(out)], capture_output=True, text=True, check=True).stdout
    assert "TABLE public partner" in listed
