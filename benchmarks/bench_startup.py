"""Start-up from each of the eight pages (saved as the last page) to its first rows painted, on the
10,000-partner database, against a bare PySide6 window with a table.

Prints the issue's table: one column per page, seconds and the ratio to the bare window, the median time of
each start-up phase per page (where the time goes), then which heavy modules each page had loaded when its
rows were painted. The load average is printed too: the ratios hold only between runs of the same moment.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import big_database, median, row

PROBE = str(Path(__file__).resolve().parent / "startup_probe.py")
PAGES = ("dashboard", "roster", "follow-ups", "quality", "orders", "skus", "scorecards", "pilots")
RUNS = int(os.environ.get("STARTUP_RUNS", "7"))
BAR = 1.5

# Like a user's machine: bytecode caches are written and used (this sandbox sets PYTHONDONTWRITEBYTECODE).
# The saved settings go to a folder of the benchmark's own, never the user's.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="startup-settings-")
ENV["PROBE_PAGE_SAVED"] = "1"  # the probe leaves the settings to _save_page


_phases: dict[str, dict[str, list[float]]] = {}  # page -> phase -> seconds of each run


def _save_page(page: str) -> None:
    """Save `page` as the last page shown, where QSettings keeps it (as closing the window would), so the timed
    process only reads it like the app does; the probe's own QSettings write cost ~30 ms.

    Only the page changes: the rest (the recent databases the previous start remembered) stays, as it does for a
    person reopening the window, so a start that has nothing new to remember writes no settings."""
    folder = Path(ENV["XDG_CONFIG_HOME"]) / "MicrofactoryDesk"
    folder.mkdir(parents=True, exist_ok=True)
    conf = folder / "MicrofactoryDesk.conf"
    text = conf.read_text(encoding="utf-8") if conf.exists() else ""
    if re.search(r"^page=.*$", text, flags=re.MULTILINE):
        text = re.sub(r"^page=.*$", f"page={page}", text, count=1, flags=re.MULTILINE)
    elif "[window]\n" in text:
        text = text.replace("[window]\n", f"[window]\npage={page}\n", 1)
    else:
        text = f"[window]\npage={page}\n" + text
    conf.write_text(text, encoding="utf-8")


def _run(*args: str) -> float:
    if not args[0].startswith("--"):
        _save_page(args[1])
    start = time.perf_counter()
    env = ENV | {"PROBE_T0": repr(time.time())}
    result = subprocess.run([sys.executable, PROBE, *args], env=env, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise SystemExit(f"start-up probe failed ({' '.join(args)}): {result.stderr.strip()}")
    for line in result.stdout.splitlines():  # "page: phases (s): python up 0.041, ...; total 0.512"
        page, _, rest = line.partition(": phases (s): ")
        if rest:
            for step in rest.split(";")[0].split(", "):
                phase, _, seconds = step.rpartition(" ")
                _phases.setdefault(page, {}).setdefault(phase, []).append(float(seconds))
    return time.perf_counter() - start


def measure(db: str, pages: tuple[str, ...] = PAGES, runs: int = RUNS) -> tuple[float, float, dict[str, float]]:
    """Median seconds of the bare window, of a plain PySide6 page (startup_probe.plain_page) and of each page;
    the runs alternate so all see the same machine state."""
    _run("--bare")
    _run("--plain-page", db)
    for page in pages:
        _run(db, page, "--settle")  # warm the OS file cache, the bytecode caches and the start-up cache
    _phases.clear()
    bare: list[float] = []
    plain: list[float] = []
    ours: dict[str, list[float]] = {page: [] for page in pages}
    for _ in range(runs):
        for page in pages:
            bare.append(_run("--bare"))
            ours[page].append(_run(db, page, "--phases"))
        plain.append(_run("--plain-page", db))
    return median(bare), median(plain), {page: median(times) for page, times in ours.items()}


def phase_table() -> str:
    """Median seconds of each start-up phase (rows) for each page (columns), from the runs just measured."""
    pages = list(_phases)
    if not pages:
        return ""
    lines = ["| phase | " + " | ".join(pages) + " |", "|---|" + "---|" * len(pages)]
    for phase in _phases[pages[0]]:
        cells = [f"{median(_phases[p][phase]):.3f}" if phase in _phases[p] else "" for p in pages]
        lines.append(f"| {phase} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def table(bare: float, plain: float, ours: dict[str, float]) -> str:
    """The issue's table: seconds per page and the ratio to the bare window (and to a plain PySide6 page)."""
    lines = [
        "| last page | " + " | ".join(ours) + " |",
        "|---|" + "---|" * len(ours),
        "| seconds | " + " | ".join(f"{s:.2f}" for s in ours.values()) + " |",
        "| ratio to bare | " + " | ".join(f"{s / bare:.2f}x" for s in ours.values()) + " |",
        "| ratio to a plain page | " + " | ".join(f"{s / plain:.2f}x" for s in ours.values()) + " |",
    ]
    return "\n".join(lines) + (
        f"\n(bare PySide6 window with a table: {bare:.3f} s; bar {BAR}x. A plain PySide6 script showing a page of "
        f"the same kind with its rows: {plain:.3f} s, {plain / bare:.2f}x bare)"
    )


def main() -> None:
    """Print the start-up table of every page and the heavy modules each had loaded at its first rows."""
    # STARTUP_DB measures another database (an older schema for the code before a change, say).
    db = os.environ.get("STARTUP_DB") or str(big_database())
    load = os.getloadavg()
    bare, plain, ours = measure(db)
    print(table(bare, plain, ours))
    print(f"load average before {load[0]:.2f}, after {os.getloadavg()[0]:.2f}; median of {RUNS} runs")
    print(phase_table())
    for page, seconds in ours.items():
        print(row(f"startup to {page} with rows (10k partners)", seconds, bare, BAR))
    for page in PAGES:
        _save_page(page)
        result = subprocess.run(
            [sys.executable, PROBE, db, page, "--imports"], env=ENV, capture_output=True, text=True, timeout=120
        )
        print(result.stdout.strip() or result.stderr.strip())


if __name__ == "__main__":
    main()
