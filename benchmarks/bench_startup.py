"""Start-up to a shown, populated roster of 10,000 partners vs a bare PySide6 window with a table."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from common import big_database, median, row

PROBE = str(Path(__file__).resolve().parent / "startup_probe.py")
RUNS = 7


# Like a user's machine: bytecode caches are written and used (this sandbox sets PYTHONDONTWRITEBYTECODE).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _run(*args: str) -> float:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, PROBE, *args], env=ENV, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise SystemExit(f"start-up probe failed: {result.stderr.strip()}")
    return time.perf_counter() - start


def main() -> None:
    """Alternate the two so both see the same machine state; report medians."""
    db = str(big_database())
    _run("--bare"), _run(db)  # warm the OS file cache for both
    bare, bare_model, ours = [], [], []
    for _ in range(RUNS):
        bare.append(_run("--bare"))
        bare_model.append(_run("--bare-model"))
        ours.append(_run(db))
    print(row("startup to populated roster (10k partners)", median(ours), median(bare), 1.5))
    print(row("  same, vs bare window with a Python model", median(ours), median(bare_model), 1.5))
    result = subprocess.run(
        [sys.executable, PROBE, db, "--imports"], env=ENV, capture_output=True, text=True, timeout=60
    )
    print(result.stdout.strip())


if __name__ == "__main__":
    main()
