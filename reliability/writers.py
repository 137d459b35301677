"""Concurrent writers: several processes adding and editing negotiation notes on one SQLite file.

`python -m reliability.writers DB SECONDS TAG` is one writer; it prints one JSON line
{"acked": n, "failed": n, "errors": [...], "worst_ms": n}. `run_writers` starts several and checks that
every acknowledged note is in the file.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIN_ACKED = 10


def prepare(db_path: Path) -> int:
    """Create the database at `db_path` with one partner; returns its id."""
    from microfactory_desk.db import open_database
    from microfactory_desk.schemas.partner import PartnerIn
    from microfactory_desk.wiring import Services

    services = Services(open_database(str(db_path)))
    try:
        partner = services.roster.create_partner(data=PartnerIn(code="MF-W", name="Writers Test"))
        return partner.id
    finally:
        services.db.close()


def write_for(db_path: Path, seconds: float, tag: str) -> dict[str, object]:
    """Add notes (and edit the last one) until `seconds` pass; acked counts notes whose call returned."""
    from microfactory_desk.db import open_database
    from microfactory_desk.schemas.negotiation import NegotiationEntryIn
    from microfactory_desk.wiring import Services

    services = Services(open_database(str(db_path), create=False))
    partner_id = int(services.db.read("SELECT min(id) FROM partner")[0][0])
    acked = failed = 0
    errors: list[str] = []
    worst = 0.0
    end = time.monotonic() + seconds
    # A shared, busy disk can make one commit take seconds: keep going until a few notes went through
    # so the figure means something, within a hard limit.
    hard_end = end + 60
    last = None
    while time.monotonic() < end or (acked < MIN_ACKED and time.monotonic() < hard_end):
        started = time.monotonic()
        try:
            note = NegotiationEntryIn(occurred_on=dt.date(2026, 11, 30), notes=f"{tag}-{acked}")
            last = services.negotiations.add_entry(partner_id, note)
            acked += 1
            if acked % 5 == 0:
                # An edit reads the row first, then writes: the pattern that failed with a deferred BEGIN.
                services.negotiations.update_entry(last.id, note.model_copy(update={"agreed": "edited"}))
        except Exception as exc:  # a failed edit is the figure this harness measures
            failed += 1
            errors.append(f"{type(exc).__name__}: {exc}"[:200])
        worst = max(worst, time.monotonic() - started)
    services.db.close()
    return {"acked": acked, "failed": failed, "errors": errors[:5], "worst_ms": round(worst * 1000)}


@dataclass
class WritersResult:
    """What a run of concurrent writers did: calls acknowledged, failed, lost (acked but not stored)."""

    acked: int = 0
    failed: int = 0
    lost: int = 0
    worst_ms: int = 0
    errors: list[str] = field(default_factory=list)


def run_writers(db_path: Path, *, processes: int, seconds: float) -> WritersResult:
    """Start `processes` writers on `db_path` (created when missing) for `seconds`, then count what is stored."""
    import sqlite3

    if not db_path.exists():
        prepare(db_path)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "reliability.writers", str(db_path), str(seconds), f"w{i}"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(processes)
    ]
    result = WritersResult()
    for i, proc in enumerate(procs):
        out, err = proc.communicate(timeout=seconds + 180)
        if proc.returncode != 0:
            result.failed += 1
            result.errors.append(f"writer {i} exited {proc.returncode}: {err.strip()[-300:]}")
            continue
        report = json.loads(out.strip().splitlines()[-1])
        result.acked += int(report["acked"])
        result.failed += int(report["failed"])
        result.worst_ms = max(result.worst_ms, int(report["worst_ms"]))
        result.errors += list(report["errors"])
        with sqlite3.connect(db_path) as conn:
            stored = {
                row[0] for row in conn.execute("SELECT notes FROM negotiation_entry WHERE notes LIKE ?", (f"w{i}-%",))
            }
        result.lost += sum(1 for n in range(int(report["acked"])) if f"w{i}-{n}" not in stored)
    return result


if __name__ == "__main__":
    print(json.dumps(write_for(Path(sys.argv[1]), float(sys.argv[2]), sys.argv[3])))
