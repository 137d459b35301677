"""kill -9 at seeded random moments during imports, confirmations, edits and exports; then what is on disk.

Each trial copies the demo database, starts one command-line process, kills it (SIGKILL) after a random
delay drawn from a seeded generator, and then checks: SQLite's integrity and foreign-key checks pass, the
work is all or nothing (a roster import added every partner or none, an order is confirmed on every line or
none), every edit the process had acknowledged is stored, and an export left either the previous file or a
complete new one, with no temp file after the next run.
"""

from __future__ import annotations

import csv
import json
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("import", "confirmation", "edit", "export")
IMPORT_ROWS = 400
PREVIOUS = "previous export\n"


@dataclass
class Trial:
    """One kill: what ran, when it was killed (s after start), and what was wrong afterwards ("" when nothing)."""

    kind: str
    killed_at: float
    finished_first: bool
    problem: str = ""
    outcome: str = ""  # what the kill left: "none"/"all" of an import or confirmation, "previous"/"new" export...


def _cli(db: Path, *argv: str) -> list[str]:
    return [sys.executable, "-m", "microfactory_desk", "--db", str(db), *argv]


def _health(db: Path) -> str:
    """ "" when SQLite's integrity and foreign-key checks pass (opening also recovers the WAL)."""
    with closing(sqlite3.connect(db)) as conn:
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    if integrity != ["ok"]:
        return f"integrity: {integrity[0]}"
    return f"{len(broken)} broken foreign keys" if broken else ""


def _count(db: Path, sql: str, params: tuple[object, ...] = ()) -> int:
    with closing(sqlite3.connect(db)) as conn:
        return int(conn.execute(sql, params).fetchone()[0])


def _kill_after(argv: list[str], delay: float, *, stdout_lines: list[str] | None = None) -> bool:
    """Run `argv`, SIGKILL it after `delay` s; True when it had finished by itself first."""
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    finished = proc.poll() is not None
    if not finished:
        proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate()
    if stdout_lines is not None:
        stdout_lines += out.splitlines()
    return finished


# --- the four kinds of work ----------------------------------------------------------------------
def _import_trial(db: Path, work: Path, delay: float) -> tuple[bool, str, str]:
    before = _count(db, "SELECT count(*) FROM partner")
    roster = work / "roster.csv"
    rows = "".join(f"K{n}-{i},Killed import {i}\n" for n in [int(delay * 1000)] for i in range(IMPORT_ROWS))
    roster.write_text("Code,Name\n" + rows, encoding="utf-8")
    finished = _kill_after(_cli(db, "import", "roster", str(roster)), delay)
    after = _count(db, "SELECT count(*) FROM partner")
    ok = after in (before, before + IMPORT_ROWS)
    outcome = "all" if after == before + IMPORT_ROWS else "none"
    return finished, "" if ok else f"half an import: {after - before} of {IMPORT_ROWS} partners", outcome


def _confirmation_trial(db: Path, work: Path, delay: float) -> tuple[bool, str, str]:
    with closing(sqlite3.connect(db)) as conn:
        order_id, number, uuid = conn.execute(
            "SELECT id, number, uuid FROM purchase_order WHERE status = 'sent' ORDER BY id LIMIT 1"
        ).fetchone()
        lines = conn.execute(
            "SELECT l.position, s.code, l.quantity FROM order_line l JOIN sku s ON s.id = l.sku_id "
            "WHERE l.order_id = ? ORDER BY l.position",
            (order_id,),
        ).fetchall()
    answer = {
        "schema": "microfactory-desk/order-confirmation@1",
        "order_uuid": uuid,
        "order_number": number,
        "lines": [
            {"position": p, "sku_code": c, "quantity": q, "confirmed_qty": q, "confirmed_ship_on": "2026-12-20"}
            for p, c, q in lines
        ],
    }
    path = work / "answer.json"
    path.write_text(json.dumps(answer), encoding="utf-8")
    finished = _kill_after(_cli(db, "import", "order-confirmation", str(path)), delay)
    confirmed = _count(
        db, "SELECT count(*) FROM order_line WHERE order_id = ? AND confirmed_qty IS NOT NULL", (order_id,)
    )
    status = _count(db, "SELECT count(*) FROM purchase_order WHERE id = ? AND status = 'confirmed'", (order_id,))
    ok = (confirmed, status) in ((0, 0), (len(lines), 1))
    problem = "" if ok else f"half a confirmation: {confirmed} of {len(lines)} lines, confirmed={status}"
    return finished, problem, "all" if status else "none"


def _edit_trial(db: Path, work: Path, delay: float) -> tuple[bool, str, str]:
    del work
    printed: list[str] = []
    tag = f"kill-{time.monotonic_ns()}"
    argv = [sys.executable, "-m", "reliability.crashes", "edit-loop", str(db), tag]
    finished = _kill_after(argv, delay, stdout_lines=printed)
    acked = [line.split(" ", 1)[1] for line in printed if line.startswith("acked ")]
    with closing(sqlite3.connect(db)) as conn:
        stored = {r[0] for r in conn.execute("SELECT notes FROM negotiation_entry WHERE notes LIKE ?", (tag + "%",))}
    lost = [a for a in acked if a not in stored]
    return finished, f"{len(lost)} acknowledged notes lost" if lost else "", f"{len(acked)} acked"


def _export_trial(db: Path, work: Path, delay: float) -> tuple[bool, str, str]:
    out = work / "orders.csv"
    out.write_text(PREVIOUS, encoding="utf-8")
    finished = _kill_after(_cli(db, "export", "orders", "-o", str(out)), delay)
    text = out.read_text(encoding="utf-8-sig")
    outcome = "previous" if text == PREVIOUS else "new"
    if text != PREVIOUS:
        lines = _count(db, "SELECT count(*) FROM order_line")
        rows = list(csv.reader(text.splitlines(keepends=True)))
        if len(rows) != lines + 1:
            return finished, f"half an export: {len(rows) - 1} of {lines} lines", outcome
    # The next run cleans what a killed one left (its hidden temp).
    subprocess.run(_cli(db, "export", "orders", "-o", str(out)), cwd=ROOT, capture_output=True, check=True)
    left = [p.name for p in work.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp")]
    return finished, f"temp files left: {left}" if left else "", outcome


TRIALS: dict[str, Callable[[Path, Path, float], tuple[bool, str, str]]] = {
    "import": _import_trial,
    "confirmation": _confirmation_trial,
    "edit": _edit_trial,
    "export": _export_trial,
}
# Random kill moments are drawn up to about how long each command takes here (start-up included).
MAX_DELAY = {"import": 5.0, "confirmation": 4.0, "edit": 5.0, "export": 5.0}


def run_trials(demo: Path, work: Path, *, trials: int, seed: int = 16) -> list[Trial]:
    """`trials` kills spread over the four kinds (seeded), each on a fresh copy of the demo database."""
    rng = random.Random(seed)
    results = []
    for number in range(trials):
        kind = KINDS[number % len(KINDS)]
        folder = work / f"kill-{number}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        db = folder / "desk.sqlite"
        shutil.copy(demo, db)
        delay = round(rng.uniform(0.5, MAX_DELAY[kind]), 3)
        try:
            finished, problem, outcome = TRIALS[kind](db, folder, delay)
            problem = problem or _health(db)
        except Exception as exc:  # a check that cannot even run is a failed trial, reported as such
            finished, problem, outcome = False, f"{type(exc).__name__}: {exc}", ""
        results.append(Trial(kind, delay, finished, problem, outcome))
        shutil.rmtree(folder, ignore_errors=True)
    return results


def edit_loop(db: Path, tag: str) -> None:
    """Add notes forever, printing `acked TAG-n` (flushed) after each call returned: the edit trial's victim."""
    import datetime as dt

    from microfactory_desk.db import open_database
    from microfactory_desk.schemas.negotiation import NegotiationEntryIn
    from microfactory_desk.wiring import Services

    services = Services(open_database(str(db), create=False))
    partner_id = int(services.db.read("SELECT min(id) FROM partner")[0][0])
    n = 0
    while True:
        note = f"{tag}-{n}"
        services.negotiations.add_entry(partner_id, NegotiationEntryIn(occurred_on=dt.date(2026, 11, 30), notes=note))
        print(f"acked {note}", flush=True)
        n += 1


if __name__ == "__main__":
    if sys.argv[1] == "edit-loop":
        edit_loop(Path(sys.argv[2]), sys.argv[3])
