"""Every paged list: pages laid end to end equal one read of every row, for every sort key, both directions."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from microfactory_desk.db import Database, open_database
from microfactory_desk.demo.load import load_demo
from microfactory_desk.schemas.listing import ListPage, ListQuery
from microfactory_desk.services.orders import listing as orders
from microfactory_desk.services.orders import sku_listing as skus
from microfactory_desk.services.pilots import listing as pilots
from microfactory_desk.services.quality import listing as quality
from microfactory_desk.services.sla import follow_up_listing as follow_ups
from tests.conftest import TODAY

Page = Callable[[Database, ListQuery], ListPage[Any]]
# (name, page function, its sort keys, filters that make the list long)
LISTS: list[tuple[str, Page, dict[str, Any], dict[str, Any]]] = [
    ("orders", orders.order_page, orders.SORTS, {}),
    ("inspections", quality.inspection_page, quality.INSPECTION_SORTS, {}),
    ("actions", quality.action_page, quality.ACTION_SORTS, {"today": TODAY}),
    ("skus", skus.sku_page, skus.SORTS, {}),
    ("follow-ups", follow_ups.follow_up_page, follow_ups.FOLLOW_UP_SORTS, {"today": TODAY, "within_days": 36_500}),
    ("pilots", pilots.pilot_page, pilots.SORTS, {"today": TODAY}),
]
CASES = [(name, page, sort, filters) for name, page, sorts, filters in LISTS for sort in sorts]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 40-partner demo database, built once for the module."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    db = open_database(str(path))
    load_demo(db, partners=40, seed=3, today=TODAY)
    db.close()
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    """A fresh copy of the demo database for one test."""
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_file, copy)
    db = open_database(str(copy))
    yield db
    db.close()


def _ids(rows: list[Any]) -> list[int]:
    return [getattr(r, "id", None) or r.entry_id for r in rows]


@pytest.mark.parametrize(("name", "page", "sort", "filters"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES])
@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
def test_pages_join_up_for_every_sort(
    demo: Database, name: str, page: Page, sort: str, filters: dict[str, Any], descending: bool
) -> None:
    """Pages of 5 give every row once, in the order of a single read, and the first page counts them all."""
    query = ListQuery(filters=filters, sort=sort, descending=descending, limit=5)
    whole = page(demo, replace(query, limit=None)).rows
    assert len(whole) > 5, f"{name}: the demo must hold more than one page"
    seen: list[Any] = []
    first = page(demo, query)
    while True:
        rows = page(demo, replace(query, offset=len(seen))).rows
        if not rows:
            break
        seen += rows
    assert _ids(seen) == _ids(whole) and len(set(_ids(seen))) == len(seen)
    assert first.matching == len(whole)


def test_counts_beside_the_lists_cover_the_whole_filter(demo: Database) -> None:
    """In-progress inspections, overdue actions and follow-ups, experimental SKUs and waiting pilots are counted
    over every matching row, not over the first page."""
    every = ListQuery(limit=None)
    inspections = quality.inspection_page(demo, every).rows
    assert quality.inspections_in_progress(demo, every) == sum(1 for r in inspections if r.status != "finished")
    actions = quality.action_page(demo, replace(every, filters={"today": TODAY})).rows
    assert quality.actions_overdue(demo, replace(every, filters={"today": TODAY})) == sum(r.overdue for r in actions)
    items = skus.sku_page(demo, every).rows
    assert skus.experimental_count(demo, every) == sum(r.experimental for r in items)
    open_ = replace(every, filters={"today": TODAY, "within_days": 36_500})
    assert follow_ups.follow_ups_overdue(demo, open_) == sum(
        r.overdue for r in follow_ups.follow_up_page(demo, open_).rows
    )
    dated = replace(every, filters={"today": TODAY})
    waiting = sum(1 for r in pilots.pilot_page(demo, dated).rows if r.status == "awaiting_decision")
    assert pilots.awaiting_decision(demo, dated) == waiting


def test_pilot_status_in_sql_is_the_status_shown(demo: Database) -> None:
    """Filtering pilots by status in SQL gives exactly the pilots whose computed status is that one."""
    dated = ListQuery(filters={"today": TODAY}, limit=None)
    every = pilots.pilot_page(demo, dated).rows
    for status in ("planned", "running", "awaiting_decision", "decided"):
        found = pilots.pilot_page(demo, dated.filtered(status=status)).rows
        assert sorted(r.id for r in found) == sorted(r.id for r in every if r.status == status)


def test_note_search_pages_every_hit(demo: Database) -> None:
    """The negotiation-note search is not cut at 200: its pages reach every hit, newest first."""
    query = ListQuery(search="a", limit=7)
    whole = follow_ups.note_hit_page(demo, replace(query, limit=None))
    assert whole.matching == len(whole.rows) > 7
    dates = [r.occurred_on for r in whole.rows]
    assert dates == sorted(dates, reverse=True)
