"""Every search box's query goes through the one search helper: folded, with LIKE wildcards typed literally."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from microfactory_desk.db import Database
from microfactory_desk.schemas.negotiation import validate_entry
from microfactory_desk.schemas.orders import validate_order, validate_sku
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.schemas.quality import validate_action
from microfactory_desk.schemas.roster_rows import RosterQuery
from microfactory_desk.services.common.sql import like_pattern, search_clause, search_patterns
from microfactory_desk.services.orders.reads import list_orders
from microfactory_desk.services.roster.listing import RosterList
from microfactory_desk.wiring import Services
from tests.quality_helpers import DAY, make_template, start_inspection

# Each searched name next to a decoy that an unescaped or unfolded LIKE would also match (or miss).
NAMES = {
    "PCT": "100% Wool",
    "PCX": "1000 Wool",
    "UND": "Cut_Sew",
    "UNX": "Cutlass Sewing",
    "BSL": "Back\\Slash Works",
    "BSX": "Backslash Works",
    "LDZ": "Łódź Ceramika",
}
# (what a person types, the only code it must find)
SEARCHES = [("0%", "PCT"), ("CUT_", "UND"), ("back\\slash", "BSL"), ("LODZ", "LDZ"), ("ceramika lodz", "LDZ")]

Search = Callable[[str], set[str]]


def _partners(db: Database) -> dict[str, int]:
    roster = Services(db).roster
    return {
        code: roster.create_partner(data=validate_partner({"code": code, "name": name})).id
        for code, name in NAMES.items()
    }


def _roster(db: Database) -> Search:
    _partners(db)
    return lambda text: {r.code for r in RosterList(db).page(RosterQuery(search=text)).rows}


def _orders(db: Database) -> Search:
    _partners(db)
    orders = Services(db).orders
    for code in NAMES:
        orders.create_draft(validate_order({"partner_code": code, "order_date": DAY, "destination_name": "Depot"}))
    return lambda text: {r.partner_code for r in list_orders(db, search=text).rows}


def _inspections(db: Database) -> Search:
    ids = _partners(db)
    template = make_template(db)
    for pid in ids.values():
        start_inspection(db, pid, template.id)
    inspections = Services(db).inspections
    return lambda text: {r.partner_code for r in inspections.list_inspections(search=text)}


def _actions(db: Database) -> Search:
    actions = Services(db).actions
    for pid in _partners(db).values():
        actions.raise_action(validate_action({"partner_id": pid, "description": "Fix it", "raised_on": DAY}))
    return lambda text: {r.partner_code for r in actions.list_actions(DAY, search=text)}


def _skus(db: Database) -> Search:
    skus = Services(db).skus
    for code, name in NAMES.items():
        skus.save_sku(validate_sku({"code": code, "name": name}))
    return lambda text: {r.code for r in skus.list_skus(search=text)}


def _negotiations(db: Database) -> Search:
    service = Services(db).negotiations
    ids = _partners(db)
    for code, name in NAMES.items():
        service.add_entry(ids[code], validate_entry({"occurred_on": DAY, "notes": name}))
    code_of = {pid: code for code, pid in ids.items()}
    return lambda text: {code_of[e.partner_id] for e in service.search(text)}


LISTS = {
    "roster": _roster,
    "orders": _orders,
    "inspections": _inspections,
    "actions": _actions,
    "skus": _skus,
    "negotiations": _negotiations,
}


@pytest.mark.parametrize("make", LISTS.values(), ids=LISTS.keys())
def test_every_list_matches_wildcards_literally_and_ignores_case_and_accents(db: Database, make: Callable) -> None:
    """%, _ and \\ typed by the user match only themselves; an accented name is found unaccented in capitals."""
    search = make(db)
    # The decoys are there to be found by what they share with the searched names.
    assert search("WOOL") == {"PCT", "PCX"} and search("cut") == {"UND", "UNX"} and search("back") == {"BSL", "BSX"}
    for text, code in SEARCHES:
        assert search(text) == {code}, text


def test_search_patterns_fold_and_escape() -> None:
    """Words are folded and LIKE's wildcards and escape character are escaped."""
    assert search_patterns("  ŁÓDŹ  50%_\\ ") == ["%lodz%", "%50\\%\\_\\\\%"]
    assert like_pattern("a") == "%a%"


def test_search_clause_ands_words_and_ors_columns() -> None:
    """Every word must be in one of the columns; no words, no condition."""
    sql, params = search_clause("a B", ["x", "y"], prefix="w")
    assert (
        sql
        == "(x LIKE :w0 ESCAPE '\\' OR y LIKE :w0 ESCAPE '\\') AND (x LIKE :w1 ESCAPE '\\' OR y LIKE :w1 ESCAPE '\\')"
    )
    assert params == {"w0": "%a%", "w1": "%b%"}
    assert search_clause("   ", ["x"]) == ("", {})


def test_actions_search_finds_the_inspection_number(db: Database) -> None:
    """An action raised from an inspection is found by the inspection's number, in any case."""
    pid = _partners(db)["PCT"]
    inspection = start_inspection(db, pid, make_template(db).id)
    actions = Services(db).actions
    data = {"partner_id": pid, "inspection_id": inspection.id, "description": "Fix", "raised_on": DAY}
    actions.raise_action(validate_action(data))
    found = actions.list_actions(DAY + dt.timedelta(days=1), search=inspection.number.lower())
    assert [r.inspection_number for r in found] == [inspection.number]


def test_search_columns_carry_their_fast_index(db: Database) -> None:
    """After migration 0008 every searched column has its index: an FTS5 trigram table per list on SQLite, a
    pg_trgm GIN index on PostgreSQL (the extension is available on the test server)."""
    if db.is_sqlite:
        found = {r[0] for r in db.read("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%fts5%'")}
        expected = {"partner", "sku", "note", "order", "inspection", "action"}
        assert found == {f"{name}_search" for name in expected}
    else:
        found = {r[0] for r in db.read("SELECT indexname FROM pg_indexes WHERE indexname LIKE :p", {"p": "%_trgm"})}
        assert len(found) == 6, found
