"""Every export (and the backup) to a full disk: one-line error, non-zero exit, previous file kept, no temp left.

The full disk is a real one: a tiny tmpfs mounted in a private mount namespace (`unshare -rm`, no root
needed where user namespaces are allowed) and filled up before the command runs. Where that is not
allowed, a file-size limit (RLIMIT_FSIZE) makes every write past 40 KB fail instead; an export whose file
fits under that limit cannot be made to fail that way and is reported as not exercised.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from reliability.demo_db import demo_database, pick

PREVIOUS = b"previous export, must survive"
FSIZE_LIMIT = 40_000


@dataclass
class DiskCase:
    """One command writing `output` (a file or folder name) inside the full folder."""

    name: str
    argv: list[str]
    output: str


@dataclass
class DiskResult:
    """What a full-disk run left: exit code, stderr lines, whether the previous file survived, leftovers."""

    name: str
    returncode: int
    stderr: list[str]
    previous_kept: bool
    leftovers: list[str]
    exercised: bool = True

    @property
    def ok(self) -> bool:
        """True when it failed the way a person should see it: one `error:` line, nothing damaged."""
        if not self.exercised:
            return True
        one_line = len(self.stderr) == 1 and self.stderr[0].startswith("error: ")
        return self.returncode != 0 and one_line and self.previous_kept and not self.leftovers


def cases(db: Path) -> list[DiskCase]:
    """Every export kind and the backup, with arguments taken from the demo database."""
    p = pick(db)
    return [
        DiskCase("roster csv", ["export", "roster", "-o", "{out}"], "roster.csv"),
        DiskCase("roster xlsx", ["export", "roster", "-o", "{out}"], "roster.xlsx"),
        DiskCase("sla term sheet", ["export", "sla", p["sla_partner"], "-o", "{out}"], "sla.pdf"),
        DiskCase("inspection pdf", ["export", "inspection", p["inspection"], "-o", "{out}"], "inspection.pdf"),
        DiskCase("template json", ["export", "template", p["template"], "-o", "{out}"], "template.json"),
        DiskCase("order sheet", ["export", "order-sheet", p["order"], "-o", "{out}"], "order.xlsx"),
        DiskCase("order json", ["export", "order-json", p["order"], "-o", "{out}"], "order.json"),
        DiskCase("orders xlsx", ["export", "orders", "-o", "{out}"], "orders.xlsx"),
        DiskCase("orders csv", ["export", "orders", "-o", "{out}"], "orders.csv"),
        DiskCase(
            "scorecard pdf",
            ["export", "scorecard", p["scored_partner"], "--period", p["period"], "-o", "{out}"],
            "card.pdf",
        ),
        DiskCase("scorecards dir", ["export", "scorecards", "--period", p["period"], "-o", "{dir}"], "cards"),
        DiskCase("portfolio pdf", ["export", "portfolio", "--period", p["period"], "-o", "{out}"], "portfolio.pdf"),
        DiskCase("pilots xlsx", ["export", "pilots", "-o", "{out}"], "pilots.xlsx"),
        DiskCase("backup", ["backup", "{out}"], "backup.sqlite"),
    ]


def namespaces_work() -> bool:
    """True when a private mount namespace with a tmpfs can be made here (`unshare -rm`)."""
    if shutil.which("unshare") is None:
        return False
    probe = "d=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs $d && umount $d; r=$?; rmdir $d; exit $r"
    try:
        done = subprocess.run(["unshare", "-rm", "sh", "-c", probe], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _cli(db: Path, case: DiskCase, folder: Path) -> list[str]:
    out = folder / case.output
    argv = [a.replace("{out}", str(out)).replace("{dir}", str(out)) for a in case.argv]
    return [sys.executable, "-m", "microfactory_desk", "--db", str(db), *argv]


def _prepare(folder: Path, case: DiskCase) -> Path:
    """Put the previous export in place (a folder gets one previous card); returns the file to compare."""
    target = folder / case.output
    if case.name == "scorecards dir":
        target.mkdir(exist_ok=True)
        target = target / "previous.pdf"
    target.write_bytes(PREVIOUS)
    return target


def _inspect(case: DiskCase, folder: Path, previous: Path, done: subprocess.CompletedProcess[str]) -> DiskResult:
    leftovers = [p.name for p in folder.rglob(".*") if p.name.endswith(".tmp") or p.name.startswith(".backup-")]
    return DiskResult(
        case.name,
        done.returncode,
        [line for line in done.stderr.splitlines() if line.strip()],
        previous.read_bytes() == PREVIOUS,
        leftovers,
    )


def run_in_full_folder(db: Path, case: DiskCase, folder: Path) -> DiskResult:
    """Run inside the namespace: the folder is a fresh tmpfs; fill it, run the command, look at what is left."""
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)], check=True)
    previous = _prepare(folder, case)
    fd = os.open(folder / "filler", os.O_CREAT | os.O_WRONLY, 0o600)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass  # full: the point
    finally:
        os.close(fd)
    done = subprocess.run(_cli(db, case, folder), capture_output=True, text=True, timeout=300)
    return _inspect(case, folder, previous, done)


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails with EFBIG instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (FSIZE_LIMIT, FSIZE_LIMIT))


def run_with_size_limit(db: Path, case: DiskCase, folder: Path) -> DiskResult:
    """The fallback: every write past FSIZE_LIMIT bytes fails (EFBIG), as on a nearly full disk."""
    folder.mkdir(parents=True, exist_ok=True)
    previous = _prepare(folder, case)
    done = subprocess.run(
        _cli(db, case, folder), capture_output=True, text=True, timeout=300, preexec_fn=_limit_file_size
    )
    result = _inspect(case, folder, previous, done)
    # A file small enough to fit under the limit is written as on any disk: nothing was tested.
    result.exercised = done.returncode != 0
    return result


def run_all(work: Path, only: str = "") -> list[DiskResult]:
    """Every case (or those whose name holds `only`) against a full disk: a tmpfs when namespaces work,
    else the file-size limit."""
    db = demo_database(work / "demo.sqlite")
    results = []
    in_namespace = namespaces_work()
    for i, case in enumerate(cases(db)):
        if only not in case.name:
            continue
        folder = work / f"full-{i}"
        folder.mkdir(parents=True, exist_ok=True)
        if in_namespace:
            code = (
                "import json,sys; from pathlib import Path; from reliability.fulldisk import *; "
                "r = run_in_full_folder(Path(sys.argv[1]), cases(Path(sys.argv[1]))[int(sys.argv[2])], Path(sys.argv[3]));"
                "print(json.dumps(r.__dict__))"
            )
            done = subprocess.run(
                ["unshare", "-rm", sys.executable, "-c", code, str(db), str(i), str(folder)],
                capture_output=True,
                text=True,
                cwd=Path(__file__).resolve().parent.parent,
                timeout=600,
                env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
            )
            if done.returncode != 0:
                results.append(DiskResult(case.name, -1, [done.stderr.strip()[-300:]], False, []))
                continue
            results.append(DiskResult(**json.loads(done.stdout.strip().splitlines()[-1])))
        else:
            results.append(run_with_size_limit(db, case, folder))
    return results


if __name__ == "__main__":
    for r in run_all(Path(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else ""):
        print(
            ("ok   " if r.ok else "FAIL ") + r.name, r.returncode, r.stderr if not r.ok else r.stderr[-1:], r.leftovers
        )
