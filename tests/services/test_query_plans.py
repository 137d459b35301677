"""EXPLAIN QUERY PLAN of every hot-path query: no full scan of a big table where an index serves.

Each hot path runs through a reader that records its SQL, then SQLite's plan of each statement is checked.
A bare "SCAN <table>" of a big table fails, except in searches, where LIKE '%word%' can use no index. The
first page of a list sorted by its default key must read in index order: no sort of the whole table.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, cast

import pytest

from microfactory_desk.db import Database, _sqlite_params, open_database
from microfactory_desk.demo.load import load_demo
from microfactory_desk.schemas.listing import ListQuery
from microfactory_desk.schemas.roster_rows import RosterQuery
from microfactory_desk.services.dashboard.service import DashboardService
from microfactory_desk.services.orders import listing as orders
from microfactory_desk.services.orders import sku_listing as skus
from microfactory_desk.services.pilots import listing as pilots
from microfactory_desk.services.quality import listing as quality
from microfactory_desk.services.roster.listing import RosterList
from microfactory_desk.services.scorecards.listing import PortfolioListing
from microfactory_desk.services.sla import follow_up_listing as follow_ups
from microfactory_desk.services.telemetry.kpis import compute_kpis
from tests.conftest import TODAY

# Tables that grow with the partners and their years of data (the small catalogues and settings do not).
BIG = {
    "partner", "purchase_order", "order_line", "delivery", "inspection", "inspection_answer", "corrective_action",
    "negotiation_entry", "sla_version", "certification", "scorecard_snapshot", "pilot_feedback", "pilot_sales",
}  # fmt: skip
Q3 = (dt.date(2026, 7, 1), dt.date(2026, 9, 30))


class Recorder:
    """A Reader that runs every statement on the database and keeps it with its parameters."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.statements: list[tuple[str, dict[str, Any]]] = []

    def read(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Run and record one SELECT."""
        self.statements.append((sql, dict(params or {})))
        return self.db.read(sql, params)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 40-partner demo database (no ANALYZE: the planner sees what a user's database shows it)."""
    path = tmp_path_factory.mktemp("plans") / "demo.sqlite"
    db = open_database(str(path))
    load_demo(db, partners=40, seed=5, today=TODAY)
    db.close()
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    """A copy of the demo database for one test."""
    shutil.copy(demo_file, tmp_path / "demo.sqlite")
    db = open_database(str(tmp_path / "demo.sqlite"))
    yield db
    db.close()


def _aliases(sql: str) -> dict[str, str]:
    """alias -> table for every "FROM/JOIN table alias" of a statement (a table is its own alias too)."""
    found = {t: t for t in BIG}
    for table, alias in re.findall(r"\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?", sql, re.IGNORECASE):
        if alias and alias.upper() not in {"ON", "WHERE", "JOIN", "LEFT", "GROUP", "ORDER", "LIMIT"}:
            found[alias] = table
    return found


def plan(db: Database, sql: str, params: dict[str, Any]) -> list[str]:
    """The lines of SQLite's query plan of one statement."""
    conn = db._sqlite_conn()  # noqa: SLF001 - the plan of the very connection the app reads through
    return [str(r[3]) for r in conn.execute("EXPLAIN QUERY PLAN " + sql, _sqlite_params(params)).fetchall()]


def full_scans(db: Database, sql: str, params: dict[str, Any]) -> list[str]:
    """The big tables the statement reads whole, without an index."""
    tables = _aliases(sql)
    scans = []
    for line in plan(db, sql, params):
        found = re.fullmatch(r"SCAN (\w+)", line.strip())
        if found and tables.get(found.group(1)) in BIG:
            scans.append(tables[found.group(1)])
    return scans


HOT_PATHS: dict[str, Callable[[Recorder], object]] = {
    "roster first page": lambda r: RosterList(cast(Database, r)).page(RosterQuery()),
    "roster by stage": lambda r: RosterList(cast(Database, r)).page(RosterQuery(stage="approved")),
    "orders first page": lambda r: orders.order_page(r, orders.DEFAULT_QUERY),
    "orders by status": lambda r: orders.order_page(r, orders.DEFAULT_QUERY.filtered(status="confirmed")),
    "orders of a partner": lambda r: orders.order_page(r, orders.DEFAULT_QUERY.filtered(partner_id=1)),
    "inspections first page": lambda r: quality.inspection_page(r, ListQuery(sort="date", descending=True)),
    "open actions": lambda r: quality.action_page(r, ListQuery(filters={"today": TODAY, "status": "open"})),
    "overdue actions count": lambda r: quality.actions_overdue(r, ListQuery(filters={"today": TODAY})),
    "skus first page": lambda r: skus.sku_page(r, ListQuery(sort="code")),
    "open follow-ups": lambda r: follow_ups.follow_up_page(r, ListQuery(filters={"today": TODAY})),
    "overdue follow-ups count": lambda r: follow_ups.follow_ups_overdue(r, ListQuery(filters={"today": TODAY})),
    "pilots first page": lambda r: pilots.pilot_page(r, ListQuery(sort="number", descending=True)),
    "dashboard cards": lambda r: DashboardService(cast(Database, r)).load(TODAY),
    "scorecards first page": lambda r: PortfolioListing(r).page(
        ListQuery(filters={"period": "2026-Q4"}, descending=True, limit=100)
    ),
    "KPI batch of a quarter": lambda r: compute_kpis(r, *Q3, today=TODAY),
    "one partner's KPIs": lambda r: compute_kpis(r, *Q3, partner_id=1, today=TODAY),
}
SEARCHES: dict[str, Callable[[Recorder], object]] = {
    "roster search": lambda r: RosterList(cast(Database, r)).page(RosterQuery(search="lodz")),
    "orders search": lambda r: orders.order_page(r, replace_search(orders.DEFAULT_QUERY, "po")),
    "inspection search": lambda r: quality.inspection_page(r, ListQuery(search="ins")),
    "action search": lambda r: quality.action_page(r, ListQuery(search="ca", filters={"today": TODAY})),
    "sku search": lambda r: skus.sku_page(r, ListQuery(search="tee")),
    "note search": lambda r: follow_ups.note_hit_page(r, ListQuery(search="price")),
}


def replace_search(query: ListQuery, text: str) -> ListQuery:
    """The query with a search typed."""
    return ListQuery(text, query.filters, query.sort, query.descending, 0, query.limit)


@pytest.mark.parametrize("name", sorted(HOT_PATHS))
def test_hot_path_reads_no_big_table_whole(demo: Database, name: str) -> None:
    """Every statement of the hot path finds its rows through an index (or reads an index in order)."""
    recorder = Recorder(demo)
    HOT_PATHS[name](recorder)
    assert recorder.statements, "the hot path ran no SQL through the reader"
    scans = {sql[:120]: full_scans(demo, sql, params) for sql, params in recorder.statements}
    assert {sql: tables for sql, tables in scans.items() if tables} == {}


@pytest.mark.parametrize("name", sorted(SEARCHES))
def test_searches_scan_only_the_searched_table(demo: Database, name: str) -> None:
    """A search reads its own table whole (LIKE '%word%' has no index) and joins the rest through keys."""
    recorder = Recorder(demo)
    SEARCHES[name](recorder)
    for sql, params in recorder.statements:
        assert len(set(full_scans(demo, sql, params))) <= 1, (sql, plan(demo, sql, params))


@pytest.mark.parametrize(
    ("name", "index"),
    [
        ("orders first page", "ix_purchase_order_order_date_number"),
        ("orders by status", "ix_purchase_order_status_order_date"),
        ("inspections first page", "ix_inspection_inspected_on_number"),
        ("open follow-ups", "ix_negotiation_entry_open_follow_up"),
        ("roster first page", "sqlite_autoindex_partner"),
    ],
)
def test_first_pages_read_in_index_order(demo: Database, name: str, index: str) -> None:
    """The first page reads its rows in the order of an index (migration 0007) and stops at the page's end:
    the page query never sorts the whole table."""
    recorder = Recorder(demo)
    HOT_PATHS[name](recorder)
    sql, params = recorder.statements[0]
    lines = plan(demo, sql, params)
    inner = lines[: next((i for i, line in enumerate(lines) if line.startswith("SCAN page")), len(lines))]
    assert any(index in line for line in inner), lines
    assert not any("TEMP B-TREE FOR ORDER BY" in line for line in inner), lines
