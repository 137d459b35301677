"""Excel order sheet of a 5,000-line order vs a bare openpyxl script writing the same values (bar 2x)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from common import OUT, median, row, timed

RUNS = 3
LINES = 5_000
DAY = dt.date(2026, 5, 4)


def order_database() -> tuple[Path, str]:
    """A database with one partner, an agreed SLA and one 5,000-line draft order (built once)."""
    from microfactory_desk.db import open_database
    from microfactory_desk.demo.skus import add_demo_skus
    from microfactory_desk.schemas.orders import validate_order
    from microfactory_desk.schemas.partner import validate_partner
    from microfactory_desk.schemas.sla import validate_terms
    from microfactory_desk.services.roster.partners import RosterService
    from microfactory_desk.services.sla.versions import SlaService
    from microfactory_desk.wiring import Services

    path = OUT / f"order-{LINES}-lines.sqlite"
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        tmp = path.with_suffix(".building")
        for leftover in OUT.glob(tmp.name + "*"):
            leftover.unlink()
        db = open_database(str(tmp))
        partner = RosterService(db).create_partner(data=validate_partner({"code": "BIG-1", "name": "Łódź Big Lab"}))
        sla = SlaService(db)
        tiers = [{"min_qty": q, "unit_price": p} for q, p in ((1, "12.50"), (50, "10.90"), (200, "9.40"))]
        version = sla.create_draft(partner.id, validate_terms({"valid_from": DAY, "price_tiers": tiers}))
        sla.agree(version.id, on=DAY)
        with db.session() as session:
            add_demo_skus(session)
        codes = ["MF-TEE", "MF-HOOD", "MF-SLV", "MF-LAMP-DEB", "MF-CUP"]
        lines = [{"sku_code": codes[i % 5], "quantity": 10 + i % 300} for i in range(LINES)]
        Services(db).orders.create_draft(
            validate_order({"partner_code": "BIG-1", "order_date": DAY, "destination_name": "Kraków", "lines": lines})
        )
        db.read("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        tmp.rename(path)
    return path, f"PO-{DAY.year}-0001"


def bare_write(sheet: object, path: Path) -> None:
    """openpyxl writing the same header values, line values and formulas, without styles, checks or protection."""
    from openpyxl import Workbook

    order = sheet.order  # type: ignore[attr-defined]
    workbook = Workbook()
    ws = workbook.active
    ws.append([f"Purchase order {order.number}"])
    for name, value in (("Partner", order.partner_name), ("Order date", order.order_date.isoformat())):
        ws.append([name, None, value])
    first = ws.max_row + 2
    ws.append(["#", "SKU", "Description", "Unit", "Quantity", "Unit price", "Line total", "Confirmed qty"])
    for index, line in enumerate(order.lines, start=first):
        ws.append([line.position, line.sku_code, line.sku_name, line.sku_unit, line.quantity, line.unit_price,
                   f"=E{index}*F{index}", line.confirmed_qty, line.confirmed_ship_on, line.partner_comment])  # fmt: skip
    ws.append(["Total", None, None, None, None, None, f"=SUM(G{first}:G{ws.max_row})"])
    workbook.save(path)


def main() -> None:
    """Time our export (database to file) against the bare script writing values already in memory."""
    from microfactory_desk.db import open_database
    from microfactory_desk.wiring import Services

    path, number = order_database()
    services = Services(open_database(str(path), create=False))
    files = services.order_files
    with tempfile.TemporaryDirectory() as tmp:
        out, ref = Path(tmp) / "order.xlsx", Path(tmp) / "bare.xlsx"
        ours = median(timed(lambda: files.export_sheet(number, out, today=DAY), RUNS))
        sheet = files.sheet(services.orders.find_id(number), DAY)
        bare = median(timed(lambda: bare_write(sheet, ref), RUNS))
        print(row(f"order sheet xlsx ({LINES:,} lines)", ours, bare, 2.0))


if __name__ == "__main__":
    main()
