"""A server that cannot be reached: one line naming the host and the cause, never "schema at no version"."""

from __future__ import annotations

import socket
import sys

import pytest

from microfactory_desk.cli import main
from microfactory_desk.db import Database, resolve_url
from microfactory_desk.db_server import connection_problem


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_plain_postgresql_urls_get_the_psycopg_driver() -> None:
    """postgresql:// and postgres:// URLs name psycopg 3, which the `server` extra installs."""
    assert resolve_url("postgresql://ann@db.example:5433/desk") == "postgresql+psycopg://ann@db.example:5433/desk"
    assert resolve_url("postgres://db/desk") == "postgresql+psycopg://db/desk"
    assert resolve_url("postgresql+psycopg://db/desk") == "postgresql+psycopg://db/desk"


def test_check_on_a_server_that_is_down_names_host_and_cause(capsys: pytest.CaptureFixture[str]) -> None:
    """Nothing listens on the port: `check` says so in one line with host and port."""
    port = _closed_port()
    assert main(["--db", f"postgresql://ann:secret@127.0.0.1:{port}/desk", "check"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no version" not in err
    assert f"Cannot connect to 127.0.0.1:{port}/desk: no server answers there" in err
    assert "secret" not in err


def test_check_without_the_driver_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """psycopg missing: `check` names the host and the `server` extra instead of a schema problem."""
    monkeypatch.setitem(sys.modules, "psycopg", None)  # the import now fails as on a machine without it
    assert main(["--db", "postgresql://ann@db.example:5433/desk", "check"]) == 1
    err = capsys.readouterr().err
    assert "Cannot connect to db.example:5433/desk: the PostgreSQL driver is not installed" in err
    assert "microfactory-desk[server]" in err


def test_wrong_password_is_named_as_such() -> None:
    """The server's password refusal becomes "wrong user name or password" with the host."""
    db = Database(resolve_url("postgresql://ann@db.example/desk"))
    error = Exception('connection failed: FATAL:  password authentication failed for user "ann"')
    assert connection_problem(error, db) == "Cannot connect to db.example:5432/desk: wrong user name or password."
