"""`make reliability`: every trial of the harness, then one table of trials, failures and the worst case.

`python -m reliability.run [--short] [--work DIR]`: the full form runs 100 kill trials, 2 and 3 writers for
20 s, every export to a full disk and the no-network runs; --short (what CI runs through pytest) runs 10 kill
trials, writers for 2 s, two exports to a full disk and two offline runs. Exit status 1 when any row has a failure.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from reliability.crashes import KINDS, run_trials
from reliability.demo_db import demo_database
from reliability.fulldisk import run_all
from reliability.nonet import run_offline
from reliability.writers import run_writers


@dataclass
class Row:
    """One line of the table."""

    check: str
    trials: int
    failures: int
    worst: str


def kill_rows(work: Path, demo: Path, trials: int) -> list[Row]:
    """kill -9 trials, one row per kind of work."""
    results = run_trials(demo, work / "kills", trials=trials)
    rows = []
    for kind in KINDS:
        mine = [r for r in results if r.kind == kind]
        failed = [r for r in mine if r.problem]
        if failed:
            worst = failed[0].problem
        else:
            # What the kills left, so a run whose kills all came before any work had started shows it.
            if kind == "edit":
                spread = f"{sum(int(r.outcome.split()[0]) for r in mine if r.outcome)} acknowledged notes, all stored"
            else:
                outcomes = Counter("finished" if r.finished_first else r.outcome for r in mine)
                spread = ", ".join(f"{n} {what}" for what, n in sorted(outcomes.items()))
            worst = f"kills at {min(r.killed_at for r in mine):.2f}-{max(r.killed_at for r in mine):.2f} s; {spread}"
        rows.append(Row(f"kill -9 during {kind}s", len(mine), len(failed), worst))
    return rows


def writer_rows(work: Path, seconds: float) -> list[Row]:
    """2 and 3 writer processes on one file: failed edits and lost (acknowledged, not stored) edits."""
    rows = []
    for processes in (2, 3):
        result = run_writers(work / f"writers-{processes}.sqlite", processes=processes, seconds=seconds)
        worst = result.errors[0] if result.errors else f"slowest call {result.worst_ms} ms"
        rows.append(Row(f"{processes} writers, {seconds:g} s", result.acked, result.failed + result.lost, worst))
    return rows


def disk_row(work: Path, only: tuple[str, ...]) -> Row:
    """Every export (or those named in `only`) to a full disk."""
    results = [r for name in only for r in run_all(work / "disk", name)] if only else run_all(work / "disk")
    failed = [r for r in results if not r.ok]
    untested = sum(1 for r in results if not r.exercised)
    worst = f"{failed[0].name}: {failed[0].stderr[:1]}" if failed else "one error line, previous file kept, no temp"
    if untested:
        worst += f" ({untested} fit under the size limit: not exercised)"
    return Row("exports to a full disk", len(results), len(failed), worst)


def network_row(demo: Path, work: Path, *, short: bool = False) -> Row:
    """The command line and the window (rendered offscreen) with every socket raising."""
    runs = [["attention"], ["screenshot", str(work / "window.png")]]
    if not short:
        runs += [["check"], ["orders"], ["export", "roster", "-o", str(work / "roster.xlsx")]]
    outcomes = [run_offline(demo, argv) for argv in runs]
    failed = [(argv, o) for argv, o in zip(runs, outcomes, strict=True) if o.get("attempts") or o.get("exit") != 0]
    worst = f"{failed[0][0][0]}: {failed[0][1]}" if failed else "no socket opened"
    return Row("no network (CLI and window)", len(runs), len(failed), worst)


def run(work: Path, *, short: bool) -> list[Row]:
    """Every row of the table, short or full form."""
    demo = demo_database(work / "demo.sqlite")
    rows = kill_rows(work, demo, 10 if short else 100)
    rows += writer_rows(work, 2 if short else 20)
    rows.append(disk_row(work, ("roster csv", "orders xlsx") if short else ()))
    rows.append(network_row(demo, work, short=short))
    return rows


def table(rows: list[Row]) -> str:
    """The rows as an aligned text table."""
    header = ("check", "trials", "failures", "worst case")
    cells = [header] + [(r.check, str(r.trials), str(r.failures), r.worst) for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(3)]
    lines = [f"{c[0]:<{widths[0]}}  {c[1]:>{widths[1]}}  {c[2]:>{widths[2]}}  {c[3]}" for c in cells]
    return "\n".join([lines[0], "-" * len(lines[0]), *lines[1:]])


def main() -> int:
    """Run the harness and print the table; exit 1 when anything failed."""
    parser = argparse.ArgumentParser(prog="reliability")
    parser.add_argument("--short", action="store_true", help="the CI form: fewer trials, shorter runs")
    parser.add_argument("--work", type=Path, help="folder for the scratch files (default: a temporary one)")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="desk-reliability-") as scratch:
        rows = run(args.work or Path(scratch), short=args.short)
    print(table(rows))
    return 1 if any(r.failures for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
