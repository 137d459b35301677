"""Start-up to a shown, populated roster of 10,000 partners vs a bare PySide6 window with a table."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from common import big_database, median, row

PROBE = str(Path(__file__).resolve().parent / "startup_probe.py")
RUNS = 7


def _run(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, PROBE, *args], check=True, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    """Alternate the two so both see the same machine state; report medians."""
    db = str(big_database())
    _run("--bare"), _run(db)  # warm the OS file cache for both
    bare, ours = [], []
    for _ in range(RUNS):
        bare.append(_run("--bare"))
        ours.append(_run(db))
    print(row("startup to populated roster (10k partners)", median(ours), median(bare), 1.5))
    subprocess.run([sys.executable, PROBE, db, "--imports"], check=True, stderr=subprocess.DEVNULL)


if __name__ == "__main__":
    main()
