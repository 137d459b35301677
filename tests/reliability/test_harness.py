"""The short form of `make reliability` (kills, writers, full disk, no network) runs in CI with 0 failures."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from reliability import nonet
from reliability.run import run, table


@pytest.mark.reliability
def test_short_reliability_run_has_no_failure(tmp_path: Path) -> None:
    """10 kill -9 trials, 2 and 3 writers, exports to a full disk and offline runs: every row without failure."""
    rows = run(tmp_path, short=True)
    print(table(rows))
    assert [r.check for r in rows if r.failures] == [], table(rows)
    assert sum(r.trials for r in rows if r.check.startswith("kill")) == 10


def test_the_network_guard_catches_a_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """The no-network check has teeth: with the guard on, opening a connection raises and is recorded."""
    for name in ("socket", "getaddrinfo", "gethostbyname", "create_connection"):
        monkeypatch.setattr(socket, name, getattr(socket, name))
    monkeypatch.setattr(nonet, "ATTEMPTS", [])
    nonet.block_network()
    with pytest.raises(OSError):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    with pytest.raises(OSError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    assert len(nonet.ATTEMPTS) == 2
