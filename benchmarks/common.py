"""Shared benchmark helpers: a cached 10,000-partner database and timing utilities."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OUT = Path(__file__).resolve().parent.parent / "bench-out"
PARTNERS = 10_000


def big_database(partners: int = PARTNERS) -> Path:
    """A database with `partners` demo partners, built once and reused between runs."""
    from microfactory_desk.db import open_database
    from microfactory_desk.demo.load import load_demo

    path = OUT / f"roster-{partners}.sqlite"
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        tmp = path.with_suffix(".building")
        for leftover in OUT.glob(tmp.name + "*"):
            leftover.unlink()
        db = open_database(str(tmp))
        load_demo(db, partners=partners, seed=1)
        db.read("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        tmp.rename(path)
    return path


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of `repeat` calls."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def row(name: str, ours: float, reference: float, bar: float, unit: str = "s") -> str:
    """One printed result line: our figure, the reference, the ratio and whether it meets the bar."""
    ratio = ours / reference
    verdict = "ok" if ratio <= bar else "OVER"
    return f"{name:<44} ours {ours:8.3f} {unit}  reference {reference:8.3f} {unit}  ratio {ratio:5.2f}x (bar {bar}x) {verdict}"


def median(values: list[float]) -> float:
    """The median of a list of timings."""
    return statistics.median(values)
