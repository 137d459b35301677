"""Imports against bare libraries: 100,000 delivery rows from CSV vs csv + sqlite3 executemany, and the
reader's worst xlsx case (a 2-row sheet formatted down to row 1,048,576: time and peak memory)."""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from common import median, row, timed

ROWS = 100_000
ORDERS = 1_000
RUNS = 3


def _database(folder: Path) -> Path:
    """A database holding one partner with an SLA and ORDERS sent orders of one line each."""
    from microfactory_desk.db import open_database
    from microfactory_desk.models import OrderLine, Partner, PurchaseOrder, Sku, SlaVersion

    path = folder / "deliveries.sqlite"
    db = open_database(str(path))
    with db.session() as s:
        partner = Partner(code="MS-1", name="Bench partner", kind="microfactory", stage="approved")
        sku = Sku(code="SKU-B", name="Bench tote")
        s.add_all([partner, sku])
        s.flush()
        s.add(SlaVersion(partner_id=partner.id, number=1, status="agreed", valid_from=dt.date(2025, 1, 1),
                         lead_time_target_days=10, lead_time_bound_days=14, lead_time_percentile=90))  # fmt: skip
        for n in range(1, ORDERS + 1):
            order = PurchaseOrder(number=f"PO-2026-{n:05d}", partner_id=partner.id, status="sent",
                                  order_date=dt.date(2026, 1, 5), sent_on=dt.date(2026, 1, 5))  # fmt: skip
            s.add(order)
            s.flush()
            s.add(OrderLine(order_id=order.id, position=1, sku_id=sku.id, quantity=1_000_000))
    db.close()
    return path


def _csv(folder: Path) -> Path:
    path = folder / "deliveries.csv"
    start = dt.date(2026, 2, 1)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["order", "line", "reference", "shipped", "received", "qty received", "defective", "notes"])
        for n in range(ROWS):
            day = start + dt.timedelta(days=n % 200)
            out.writerow([f"PO-2026-{n % ORDERS + 1:05d}", 1, f"LS-{n:07d}", day.isoformat(),
                          (day + dt.timedelta(days=2)).isoformat(), 10 + n % 7, n % 3, "ok" if n % 5 else ""])  # fmt: skip
    return path


def bare(source: Path, target: Path) -> None:
    """The csv module reading every row and sqlite3 inserting them with executemany, no checks."""
    target.unlink(missing_ok=True)
    con = sqlite3.connect(target)
    con.execute("CREATE TABLE delivery (order_no, line, reference, shipped_on, received_on, qty, defective, notes)")
    with open(source, newline="", encoding="utf-8") as fh:
        rows = csv.reader(fh)
        next(rows)
        con.executemany("INSERT INTO delivery VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.commit()
    con.close()


def bare_schema(folder: Path, source: Path, run: int) -> None:
    """The csv module and sqlite3's executemany writing the same rows into a copy of the app's database: the real
    delivery table with its five indexes, the app's pragmas, a uuid and timestamps per row, no checks.

    The floor of any import into this schema: the 2x bar is set against a table without indexes.
    """
    import shutil
    import uuid

    from microfactory_desk.db import SQLITE_PRAGMAS

    copy = folder / f"floor-{run}.sqlite"
    shutil.copy(folder / "deliveries.sqlite", copy)
    con = sqlite3.connect(copy, isolation_level=None)
    for pragma in ("PRAGMA journal_mode=WAL", *SQLITE_PRAGMAS):
        con.execute(pragma)
    now = dt.datetime.now().isoformat(sep=" ")
    con.execute("BEGIN IMMEDIATE")
    with open(source, newline="", encoding="utf-8") as fh:
        rows = csv.reader(fh)
        next(rows)
        con.executemany(
            "INSERT INTO delivery (uuid, created_at, updated_at, order_line_id, partner_id, reference, sent_on, "
            "promised_on, shipped_on, received_on, lead_days, qty_received, qty_accepted, qty_defective, notes) "
            "VALUES (?, ?, ?, ?, 1, ?, '2026-01-05', '2026-01-15', ?, ?, 35, ?, ?, ?, ?)",
            ((str(uuid.uuid4()), now, now, int(r[0][-5:]), r[2], r[3], r[4], r[5], r[5], r[6], r[7]) for r in rows),
        )
    con.execute("COMMIT")
    con.close()


def ours(folder: Path, source: Path, run: int) -> None:
    """A fresh copy of the database and the real delivery import of the file into it."""
    import shutil

    from microfactory_desk.db import open_database
    from microfactory_desk.services.telemetry.importing import DeliveryImport

    copy = folder / f"run-{run}.sqlite"
    shutil.copy(folder / "deliveries.sqlite", copy)
    db = open_database(str(copy))
    summary = DeliveryImport(db).import_file(source, "MS-1")
    assert summary.added == ROWS, summary
    db.close()


def formatted_probe(path: str) -> None:
    """Child process: read the formatted workbook and print seconds and peak memory (MB)."""
    import time

    from microfactory_desk.imports.table import open_table

    start, cpu = time.perf_counter(), time.process_time()
    with open_table(Path(path)) as table:
        count = sum(1 for _ in table.rows())
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    # VmHWM is this process's own peak; ru_maxrss would carry the parent's over fork and exec.
    status = Path("/proc/self/status").read_text()
    peak = int(status.split("VmHWM:")[1].split()[0]) / 1024
    assert count == 2
    print(f"{seconds:.3f} {cpu:.3f} {peak:.0f}")


def main() -> None:
    """Print the delivery import ratio and the formatted-sheet figures."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _database(folder)
        source = _csv(folder)
        runs = iter(range(100))
        mine = median(timed(lambda: ours(folder, source, next(runs)), RUNS))
        reference = median(timed(lambda: bare(source, folder / "bare.sqlite"), RUNS))
        print(row(f"deliveries import csv ({ROWS:,} rows)", mine, reference, 2.0))
        runs = iter(range(100))
        floor = median(timed(lambda: bare_schema(folder, source, next(runs)), RUNS))
        print(row("  same rows into the real delivery table", floor, reference, 2.0), "(the schema's floor)")
        print(row("  deliveries import vs that floor", mine, floor, 2.0))

        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from tests.imports.hostile_files import formatted_to, workbook

        sheet = formatted_to(workbook(folder / "formatted.xlsx", [["order", "reference"], ["PO-1", "R1"]]), 1_048_576)
        probe = subprocess.run(
            [sys.executable, __file__, "--probe", str(sheet)], capture_output=True, text=True, check=True
        ).stdout.split()
        seconds, cpu, peak = (float(p) for p in probe)
        verdict = "ok" if seconds <= 2 and peak <= 150 else "OVER"
        print(
            f"{'xlsx formatted to row 1,048,576 (2 rows)':<44} {seconds:8.3f} s wall, {cpu:.3f} s CPU, "
            f"peak {peak:5.0f} MB  (bar 2 s, 150 MB) {verdict}"
        )


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--probe":
        formatted_probe(sys.argv[2])
    else:
        main()
