"""How cost grows: every list's first page, search-as-you-type, the dashboard, one partner's scorecard and the
KPI batch at 1,000, 10,000 and 100,000 generated partners (bulk_data.py), with file size and peak memory.

Each size runs in its own process, so its peak memory is its own. Goals (issue 17): search median <= 30 ms on
every searchable list, first page of every list <= 100 ms, dashboard <= 200 ms, one scorecard <= 300 ms, the
KPI batch of a quarter <= 2x a bare sqlite3 read of the rows involved.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import resource
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_kpis import bare_read_all
from common import median, timed

SIZES = tuple(int(s) for s in os.environ.get("SCALE_SIZES", "1000,10000,100000").split(","))
TODAY = dt.date(2026, 11, 30)
Q3 = (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
BARE_KPI_SQL = (
    "SELECT partner_id, received_on, promised_on, lead_days, qty_received, qty_defective "
    "FROM delivery WHERE received_on >= ? AND received_on <= ?"
)
# What a person types, one keystroke at a time, in each search box.
TYPED = {"roster": "porto lab", "orders": "po-0000", "inspections": "ins-00", "actions": "ca-00", "skus": "item 1",
         "notes": "volume tier"}  # fmt: skip
STARTUP_PAGES = ("dashboard", "roster", "orders")
GOALS = {"first page": 0.100, "search": 0.030, "dashboard": 0.200, "scorecard": 0.300}


def _measure(partners: int) -> dict[str, Any]:
    """Every figure for one database size (run in a child process)."""
    from bulk_data import bulk_database

    from microfactory_desk.db import open_database
    from microfactory_desk.schemas.dashboard import Horizons
    from microfactory_desk.schemas.listing import ListQuery
    from microfactory_desk.schemas.periods import parse_period
    from microfactory_desk.schemas.roster_rows import RosterQuery
    from microfactory_desk.services.dashboard.cards import RULES
    from microfactory_desk.services.dashboard.service import ITEMS_PER_CARD, DashboardService, _params
    from microfactory_desk.services.orders import listing as orders
    from microfactory_desk.services.orders import sku_listing as skus
    from microfactory_desk.services.pilots import listing as pilots
    from microfactory_desk.services.quality import listing as quality
    from microfactory_desk.services.roster.listing import RosterList
    from microfactory_desk.services.scorecards.service import ScorecardService
    from microfactory_desk.services.sla import follow_up_listing as follow_ups
    from microfactory_desk.services.telemetry.kpis import compute_kpis

    path = bulk_database(partners)
    db = open_database(str(path))
    roster = RosterList(db)
    dated = {"today": TODAY}
    first_pages: dict[str, Callable[[], object]] = {
        "roster": lambda: roster.page(RosterQuery()),
        "orders": lambda: orders.order_page(db, orders.DEFAULT_QUERY),
        "orders by status": lambda: orders.order_page(db, orders.DEFAULT_QUERY.filtered(status="confirmed")),
        "orders totals": lambda: orders.order_totals(db, orders.DEFAULT_QUERY),
        "inspections": lambda: quality.inspection_page(db, ListQuery(sort="date", descending=True)),
        "open actions": lambda: quality.action_page(db, ListQuery(filters={**dated, "status": "open"})),
        "skus": lambda: skus.sku_page(db, ListQuery(sort="code")),
        "follow-ups": lambda: follow_ups.follow_up_page(db, ListQuery(filters=dated)),
        "pilots": lambda: pilots.pilot_page(db, ListQuery(sort="number", descending=True, filters=dated)),
    }
    searches: dict[str, Callable[[str], object]] = {
        "roster": lambda t: roster.page(RosterQuery(search=t)),
        "orders": lambda t: orders.order_page(db, ListQuery(search=t, sort="date", descending=True)),
        "inspections": lambda t: quality.inspection_page(db, ListQuery(search=t, sort="date", descending=True)),
        "actions": lambda t: quality.action_page(db, ListQuery(search=t, filters=dated)),
        "skus": lambda t: skus.sku_page(db, ListQuery(search=t)),
        "notes": lambda t: follow_ups.note_hit_page(db, ListQuery(search=t)),
    }
    out: dict[str, Any] = {"partners": partners, "file_mb": path.stat().st_size / 1e6}
    counts = {t: db.read(f"SELECT COUNT(*) FROM {t}")[0][0] for t in ("purchase_order", "order_line", "delivery")}
    out["rows"] = counts
    out["first page"] = {name: median(timed(fn, 5)) for name, fn in first_pages.items()}
    search_times: dict[str, float] = {}
    for name, search in searches.items():
        typed = TYPED[name]
        times = []
        for i in range(1, len(typed) + 1):  # every keystroke's search, as the box sends them
            start = time.perf_counter()
            search(typed[:i])
            times.append(time.perf_counter() - start)
        search_times[name] = median(times)
    out["search"] = search_times
    dashboard = DashboardService(db)
    dashboard.load(TODAY)
    out["dashboard"] = median(timed(lambda: dashboard.load(TODAY), 7))
    cards = ScorecardService(db)
    code = str(db.read("SELECT code FROM partner WHERE id = :id", {"id": max(1, partners // 2)})[0][0])
    period = parse_period("2026-Q3")
    cards.scorecard(code, period, audience="internal", today=TODAY)
    out["scorecard"] = median(timed(lambda: cards.scorecard(code, period, audience="internal", today=TODAY), 5))
    kpis = median(timed(lambda: compute_kpis(db, *Q3, today=TODAY), 5))
    assert db.file is not None
    bare_conn = sqlite3.connect(db.file)
    bare = median(timed(lambda: bare_conn.execute(BARE_KPI_SQL, [d.isoformat() for d in Q3]).fetchall(), 5))
    bare_all = median(timed(lambda: bare_read_all(bare_conn, *Q3), 5))
    out["kpis"], out["kpis bare"], out["kpis bare all"] = kpis, bare, bare_all
    params = _params(TODAY, Horizons(), ITEMS_PER_CARD)
    out["cards"] = {
        rule.key: median(timed(functools.partial(dashboard._card, rule, params, TODAY), 5)) for rule in RULES
    }
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    db.close()
    return out


def _startup(partners: int, pages: tuple[str, ...] = STARTUP_PAGES, runs: int = 3) -> dict[str, float]:
    """Median start-up seconds from each page to its rows on the generated database, and of the bare window."""
    from bench_startup import measure
    from bulk_data import bulk_database

    bare, _plain, ours = measure(str(bulk_database(partners)), pages, runs)
    return {"bare": bare, **ours}


def _verdict(seconds: float, goal: float) -> str:
    return "ok" if seconds <= goal else "OVER"


def main() -> None:
    """Measure each size in its own process and print the growth table."""
    results = []
    for partners in SIZES:
        done = subprocess.run([sys.executable, __file__, "--one", str(partners)], capture_output=True, text=True,
                              cwd=Path(__file__).parent, timeout=7200)  # fmt: skip
        if done.returncode != 0:
            print(f"{partners:,} partners: failed: {done.stderr.strip()[-2000:]}")
            continue
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        results[-1]["startup"] = _startup(partners)
    if not results:
        return
    sizes = " | ".join(f"{r['partners']:,} partners" for r in results)
    print(f"| figure | {sizes} | goal |")
    print("|---|" + "---|" * len(results) + "---|")
    print("| order lines / deliveries | " + " | ".join(f"{r['rows']['order_line']:,} / {r['rows']['delivery']:,}"
                                                   for r in results) + " | |")  # fmt: skip
    print("| file size | " + " | ".join(f"{r['file_mb']:,.0f} MB" for r in results) + " | |")
    print("| peak memory | " + " | ".join(f"{r['peak_mb']:,.0f} MB" for r in results) + " | |")
    for group, goal in (("first page", GOALS["first page"]), ("search", GOALS["search"])):
        for name in results[0][group]:
            cells = " | ".join(f"{r[group][name] * 1000:.1f} ms {_verdict(r[group][name], goal)}" for r in results)
            print(f"| {group}: {name} | {cells} | <= {goal * 1000:.0f} ms |")
    for name in ("dashboard", "scorecard"):
        cells = " | ".join(f"{r[name] * 1000:.1f} ms {_verdict(r[name], GOALS[name])}" for r in results)
        print(f"| {name} | {cells} | <= {GOALS[name] * 1000:.0f} ms |")
    for page in STARTUP_PAGES:
        cells = " | ".join(
            f"{r['startup'][page]:.2f} s = {r['startup'][page] / r['startup']['bare']:.2f}x bare "
            f"({r['startup']['bare']:.2f} s) {_verdict(r['startup'][page] / r['startup']['bare'], 1.5)}"
            for r in results
        )
        print(f"| start-up to {page} with rows | {cells} | <= 1.5x bare |")
    cells = " | ".join(
        f"{r['kpis'] * 1000:.0f} ms / bare {r['kpis bare'] * 1000:.0f} ms = {r['kpis'] / r['kpis bare']:.2f}x "
        f"{_verdict(r['kpis'] / r['kpis bare'], 2.0)}"
        for r in results
    )
    print(f"| KPI batch of a quarter | {cells} | <= 2x bare |")
    cells = " | ".join(
        f"bare {r['kpis bare all'] * 1000:.0f} ms = {r['kpis'] / r['kpis bare all']:.2f}x "
        f"{_verdict(r['kpis'] / r['kpis bare all'], 2.0)}"
        for r in results
    )
    print(f"| KPI batch against every row involved read bare | {cells} | <= 2x bare |")
    for key in results[0]["cards"]:
        print(f"| dashboard card: {key} | " + " | ".join(f"{r['cards'][key] * 1000:.1f} ms" for r in results) + " | |")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print(json.dumps(_measure(int(sys.argv[2]))))
    else:
        main()
