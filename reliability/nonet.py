"""No network: sockets raise while the command line and the window run; any attempt is a failure.

`python -m reliability.nonet DB COMMAND...` runs the CLI with every socket constructor and name lookup
replaced by one that records the attempt and raises; it prints one JSON line {"exit": n, "attempts": [...]}.
Unix-domain sockets stay allowed (Qt and the X-less offscreen platform may use them locally).
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ATTEMPTS: list[str] = []


class _NoNetwork(OSError):
    pass


def block_network() -> None:
    """Make every network socket and DNS lookup in this process raise (and remember it was tried)."""
    real_socket = socket.socket

    class GuardedSocket(real_socket):  # type: ignore[misc, valid-type]
        def __init__(self, family: Any = socket.AF_INET, *args: Any, **kwargs: Any) -> None:
            if family in (socket.AF_INET, socket.AF_INET6):
                ATTEMPTS.append(f"socket({family!r})")
                raise _NoNetwork("network use is not allowed")
            super().__init__(family, *args, **kwargs)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        ATTEMPTS.append(f"lookup {args[:1]}")
        raise _NoNetwork("network use is not allowed")

    socket.socket = GuardedSocket  # type: ignore[misc]
    socket.getaddrinfo = refuse
    socket.gethostbyname = refuse
    socket.create_connection = refuse


def run_offline(db: Path, argv: list[str]) -> dict[str, Any]:
    """Run `microfactory-desk --db DB argv...` in a fresh process with the network blocked."""
    done = subprocess.run(
        [sys.executable, "-m", "reliability.nonet", str(db), *argv], cwd=ROOT, capture_output=True, text=True
    )
    lines = done.stdout.strip().splitlines()
    try:
        return dict(json.loads(lines[-1]))
    except (IndexError, ValueError):
        return {"exit": done.returncode, "attempts": [], "error": done.stderr.strip()[-300:]}


if __name__ == "__main__":
    block_network()
    import contextlib
    import io

    from microfactory_desk.cli import main

    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["--db", sys.argv[1], *sys.argv[2:]])
    print(json.dumps({"exit": code, "attempts": ATTEMPTS}))
