"""Search through the trigram indexes of migration 0008: the same rows as the plain scan, kept in step by
triggers, narrowed through the index in the query plan, and broad searches counted up to a cap."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, cast

import pytest

from microfactory_desk.db import Database, open_database
from microfactory_desk.db_search import COUNT_CAP
from microfactory_desk.demo.load import load_demo
from microfactory_desk.schemas.listing import ListQuery
from microfactory_desk.schemas.roster_rows import RosterQuery
from microfactory_desk.services.orders import listing as orders
from microfactory_desk.services.orders import sku_listing as skus
from microfactory_desk.services.quality import listing as quality
from microfactory_desk.services.roster.listing import RosterList
from microfactory_desk.services.sla import follow_up_listing as follow_ups
from tests.conftest import TODAY
from tests.services.bulk_rows import add_partners
from tests.services.test_query_plans import Recorder, full_scans, plan

pytestmark = pytest.mark.sqlite_only

Lister = Callable[[Any, str], list[Any]]
LISTS: dict[str, Lister] = {
    "roster": lambda r, t: RosterList(cast(Database, r)).page(RosterQuery(search=t, limit=10_000)).rows,
    "orders": lambda r, t: orders.order_page(r, ListQuery(search=t, limit=None)).rows,
    "inspections": lambda r, t: quality.inspection_page(r, ListQuery(search=t, limit=None)).rows,
    "actions": lambda r, t: quality.action_page(r, ListQuery(search=t, limit=None, filters={"today": TODAY})).rows,
    "skus": lambda r, t: skus.sku_page(r, ListQuery(search=t, limit=None)).rows,
    "notes": lambda r, t: follow_ups.note_hit_page(r, ListQuery(search=t, limit=None)).rows,
}
# Words of every length, accents and case, several words, numbers, wildcards and quotes typed literally.
TYPED = ["a", "po", "lod", "ŁÓDŹ", "print", "po-2", "ins-", "ca-0", "tee", "price", "studio lab", "0%",
         'x"y', "zzzz", "ceramika lodz", "mf-0", "2026"]  # fmt: skip


class PlainScan:
    """A reader that reads the same SQLite file but says it is not SQLite: the lists then search by LIKE alone."""

    is_sqlite = False

    def __init__(self, db: Database) -> None:
        self.db = db

    def read(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """The rows of one SELECT."""
        return self.db.read(sql, params)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 40-partner demo database with every list filled."""
    path = tmp_path_factory.mktemp("search") / "demo.sqlite"
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


@pytest.mark.parametrize("name", sorted(LISTS))
def test_indexed_search_finds_the_rows_the_plain_scan_finds(demo: Database, name: str) -> None:
    """For every typed text, the list narrowed through the trigram index shows exactly the plain LIKE scan's rows."""
    found_any = False
    for text in TYPED:
        indexed, plain = LISTS[name](demo, text), LISTS[name](PlainScan(demo), text)
        assert indexed == plain, text
        found_any = found_any or bool(plain)
    assert found_any


def _search_text(db: Database, table: str, row_id: int) -> str:
    return str(db.read(f"SELECT text FROM {table} WHERE rowid = :id", {"id": row_id})[0][0])


def test_triggers_keep_every_search_table_in_step(demo: Database) -> None:
    """A renamed partner is found by its new name (not the old one) in the roster, orders, inspections and actions,
    and a deleted note is found no more."""
    partner = int(demo.read("SELECT partner_id FROM corrective_action WHERE inspection_id IS NOT NULL LIMIT 1")[0][0])
    assert demo.file is not None
    with sqlite3.connect(demo.file) as conn:
        conn.execute("UPDATE partner SET search_text = 'qqxyz renamed works' WHERE id = ?", (partner,))
    code = demo.read("SELECT code FROM partner WHERE id = :id", {"id": partner})[0][0]
    assert [r.code for r in LISTS["roster"](demo, "qqxyz")] == [code]
    for name in ("orders", "inspections", "actions"):
        rows = LISTS[name](demo, "qqxyz renamed")
        assert rows and {r.partner_code for r in rows} == {code}, name
    order = demo.read("SELECT id, number FROM purchase_order WHERE partner_id = :p LIMIT 1", {"p": partner})[0]
    assert _search_text(demo, "order_search", order[0]) == f"{order[1].lower()} | qqxyz renamed works"
    note = demo.read("SELECT id, search_text FROM negotiation_entry LIMIT 1")[0]
    before = len(LISTS["notes"](demo, note[1][:12]))
    with sqlite3.connect(demo.file) as conn:
        conn.execute("DELETE FROM negotiation_entry WHERE id = ?", (note[0],))
    assert demo.read("SELECT COUNT(*) FROM note_search WHERE rowid = :id", {"id": note[0]}) == [(0,)]
    assert len(LISTS["notes"](demo, note[1][:12])) == before - 1


NARROW: dict[str, tuple[Callable[[Recorder], object], str]] = {
    "roster": (lambda r: RosterList(cast(Database, r)).page(RosterQuery(search="lodz")), "partner_search"),
    "orders": (lambda r: orders.order_page(r, ListQuery(search="lodz", sort="date", descending=True)), "order_search"),
    "inspections": (lambda r: quality.inspection_page(r, ListQuery(search="lodz")), "inspection_search"),
    "actions": (lambda r: quality.action_page(r, ListQuery(search="lodz", filters={"today": TODAY})), "action_search"),
    "skus": (lambda r: skus.sku_page(r, ListQuery(search="tee")), "sku_search"),
    "notes": (lambda r: follow_ups.note_hit_page(r, ListQuery(search="price")), "note_search"),
}


@pytest.mark.parametrize("name", sorted(NARROW))
def test_a_narrow_search_reads_through_the_trigram_index(demo: Database, name: str) -> None:
    """The page query of a search with few candidates reads them from the FTS5 table and scans no big table whole."""
    recorder = Recorder(demo)
    search, table = NARROW[name]
    search(recorder)
    pages = [(sql, params) for sql, params in recorder.statements if "search_match" in params]
    assert pages, "the search was not narrowed"
    for sql, params in pages:
        lines = plan(demo, sql, params)
        assert any(f"{table} VIRTUAL TABLE INDEX" in line for line in lines), lines
        assert full_scans(demo, sql, params) == [], lines


def test_a_broad_search_counts_up_to_the_cap_and_pages_on(db: Database) -> None:
    """A search matching 2,500 partners says "1,000+" on the first page, counts further as pages are read, and
    the pages together hold every match once."""
    if not db.is_sqlite:
        pytest.skip("the capped count belongs to SQLite's trigram path")
    add_partners(db, 2_500)
    roster = RosterList(db)
    expected = sum("1" in str(n) for n in range(2_500))  # "Partner <n>", coded P<n>: every n with a digit 1
    first = roster.page(RosterQuery(search="partner 1"))
    assert (first.matching, first.capped, len(first.rows)) == (COUNT_CAP, True, 200)
    short = roster.page(RosterQuery(search="p"))  # one letter: no trigram, broad at once
    assert (short.matching, short.capped) == (COUNT_CAP, True)
    seen, offset, page = [], 0, first
    while page.rows:
        seen += [r.code for r in page.rows]
        offset += len(page.rows)
        page = roster.page(RosterQuery(search="partner 1", offset=offset))
        if page.rows:
            assert page.matching >= offset + len(page.rows)
    assert len(seen) == len(set(seen)) == expected
    last = roster.page(RosterQuery(search="partner 1", offset=1_000))
    assert (last.matching, last.capped) == (expected, False)


def test_the_migration_indexes_rows_written_before_it(tmp_path: Path) -> None:
    """A database with partners and notes from before 0008 finds them through the new index after the upgrade."""
    from tests.models.test_migrations import _upgrade_to

    path = tmp_path / "old.sqlite"
    _upgrade_to(path, "0007_list_indexes")
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO partner (code, name, kind, stage, region, city, country, address, website, processes,"
            " materials, risk_level, risk_notes, tags, search_text, uuid, created_at, updated_at, row_version,"
            " created_by, updated_by) VALUES ('OLD1', 'Łódź Old', 'microfactory', 'approved', '', '', '', '', '', '',"
            " '', 'low', '', '', 'old1 | lodz old', 'u1', '2026-01-01', '2026-01-01', 1, '', '')"
        )
    db = open_database(str(path))
    try:
        assert db.read("SELECT rowid FROM partner_search WHERE partner_search MATCH '\"lodz\"'") == [(1,)]
        assert [r.code for r in RosterList(db).page(RosterQuery(search="ŁÓDŹ old")).rows] == ["OLD1"]
    finally:
        db.close()
