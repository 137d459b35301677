"""Flat export of 200,000 order lines vs bare openpyxl write-only writing the same cells (time bar 1.5x,
peak memory of our export under 300 MB, both measured in child processes)."""

from __future__ import annotations

import datetime as dt
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import OUT

LINES = 200_000
PER_ORDER = 10
TIME_BAR, MEMORY_BAR_MB = 1.5, 300
DAY = dt.date(2026, 5, 4)


def orders_database() -> Path:
    """A database of 100 demo partners and 20,000 orders of 10 lines each (built once)."""
    from sqlalchemy import insert, select

    from microfactory_desk.db import open_database
    from microfactory_desk.demo.load import load_demo
    from microfactory_desk.models import OrderLine, Partner, PurchaseOrder, Sku
    from microfactory_desk.models.base import new_uuid

    path = OUT / f"orders-{LINES}-lines.sqlite"
    if path.exists():
        return path
    OUT.mkdir(exist_ok=True)
    tmp = path.with_suffix(".building")
    for leftover in OUT.glob(tmp.name + "*"):
        leftover.unlink()
    db = open_database(str(tmp))
    load_demo(db, partners=100, seed=3, today=DAY)
    rng = random.Random(5)
    statuses = ("sent", "confirmed", "in_production", "shipped", "received", "closed", "cancelled")
    with db.session() as session:
        partners = list(session.scalars(select(Partner.id)))
        skus = list(session.scalars(select(Sku.id)))
        start = 10_000
        for chunk in range(0, LINES // PER_ORDER, 1000):
            orders = [
                {"uuid": new_uuid(), "number": f"PO-2025-{start + chunk + i:05d}", "partner_id": rng.choice(partners),
                 "status": rng.choice(statuses), "order_date": DAY - dt.timedelta(days=rng.randint(0, 400)),
                 "requested_on": DAY, "destination_name": "Pop-up Łódź Piotrkowska", "currency": "EUR",
                 "notes": "", "cancel_reason": ""}
                for i in range(1000)
            ]  # fmt: skip
            ids = list(
                session.scalars(insert(PurchaseOrder).returning(PurchaseOrder.id, sort_by_parameter_order=True), orders)
            )
            lines = [
                {"uuid": new_uuid(), "order_id": oid, "position": p, "sku_id": rng.choice(skus),
                 "quantity": rng.randint(10, 400), "unit_price": rng.choice((9.4, 10.9, 12.5, 30.25)),
                 "price_source": "tier", "tier_label": "SLA v2 · all SKUs · from 50", "confirmed_qty": 100,
                 "confirmed_ship_on": DAY, "partner_comment": "On schedule"}
                for oid in ids for p in range(1, PER_ORDER + 1)
            ]  # fmt: skip
            session.execute(insert(OrderLine), lines)
    db.read("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    tmp.rename(path)
    return path


def child_ours(db_path: str, out: str) -> None:
    """Our export, database to file."""
    from microfactory_desk.db import open_database
    from microfactory_desk.wiring import Services

    start = time.perf_counter()
    count = Services(open_database(db_path, create=False)).order_files.export_flat(Path(out))
    print(f"{time.perf_counter() - start:.3f} {count}")


def child_bare(db_path: str, out: str) -> None:
    """The reference: the same cells (read beforehand, untimed) written with openpyxl write-only."""
    from openpyxl import Workbook

    from microfactory_desk.db import open_database
    from microfactory_desk.exports.orders_flat import HEADERS
    from microfactory_desk.wiring import Services

    rows = list(Services(open_database(db_path, create=False)).order_files._flat_rows(""))
    start = time.perf_counter()
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("Order lines")
    ws.append(list(HEADERS))
    for values in rows:
        ws.append(list(values))
    workbook.save(out)
    print(f"{time.perf_counter() - start:.3f} {len(rows)}")


def _run(kind: str, db_path: Path, out: Path) -> tuple[float, float]:
    """Seconds reported by the child and the peak RSS (MB) of all children so far."""
    result = subprocess.run(
        [sys.executable, __file__, kind, str(db_path), str(out)], capture_output=True, text=True, check=True
    )
    seconds = float(result.stdout.split()[0])
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak_mb


def main() -> None:
    """Ours first, so RUSAGE_CHILDREN's peak after it is ours alone."""
    db_path = orders_database()
    with tempfile.TemporaryDirectory() as tmp:
        ours, ours_peak = _run("ours", db_path, Path(tmp) / "ours.xlsx")
        bare, _ = _run("bare", db_path, Path(tmp) / "bare.xlsx")
    ratio = ours / bare
    verdict = "ok" if ratio <= TIME_BAR else "OVER"
    name = f"orders flat export xlsx ({LINES:,} lines)"
    print(f"{name:<44} ours {ours:8.3f} s  reference {bare:8.3f} s  ratio {ratio:5.2f}x (bar {TIME_BAR}x) {verdict}")
    memory = "ok" if ours_peak <= MEMORY_BAR_MB else "OVER"
    print(f"{'orders flat export peak memory':<44} ours {ours_peak:8.1f} MB (bar {MEMORY_BAR_MB} MB) {memory}")


if __name__ == "__main__":
    if len(sys.argv) == 4:
        {"ours": child_ours, "bare": child_bare}[sys.argv[1]](sys.argv[2], sys.argv[3])
    else:
        main()
