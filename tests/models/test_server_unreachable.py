"""A server out of reach surfaces as ServerUnreachable: one line with host and cause, for reads and for writes."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy import text

from microfactory_desk.db import Database, resolve_url
from microfactory_desk.errors import ServerUnreachable


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_write_to_a_server_nobody_answers_says_nothing_was_saved() -> None:
    """A write session on a closed port raises ServerUnreachable naming host and cause, and that nothing was saved."""
    port = _closed_port()
    db = Database(resolve_url(f"postgresql://alice@127.0.0.1:{port}/desk?connect_timeout=5"))
    with pytest.raises(ServerUnreachable) as raised, db.session() as session:
        session.execute(text("SELECT 1"))
    assert str(raised.value) == (
        f"Cannot connect to 127.0.0.1:{port}/desk: no server answers there "
        "(is PostgreSQL running, and is the port right?). Nothing was saved."
    )
    db.close()


def test_a_read_from_a_server_nobody_answers_is_one_line() -> None:
    """The light read path on a closed port raises ServerUnreachable with host and cause (no "nothing saved")."""
    port = _closed_port()
    db = Database(resolve_url(f"postgresql://alice@127.0.0.1:{port}/desk?connect_timeout=5"))
    with pytest.raises(
        ServerUnreachable, match=rf"^Cannot connect to 127\.0\.0\.1:{port}/desk: no server answers there"
    ):
        db.read("SELECT 1")
    db.close()


def test_an_error_inside_a_session_that_is_not_the_server_passes_unchanged(db: Database) -> None:
    """A failing statement on a reachable database is not turned into "server out of reach"."""
    with pytest.raises(Exception) as raised, db.session() as session:
        session.execute(text("SELECT * FROM no_such_table"))
    assert not isinstance(raised.value, ServerUnreachable)
