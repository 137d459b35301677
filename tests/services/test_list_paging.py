"""Lists page in SQL: counts and totals cover the whole filter, pages join up, sorts hold across pages."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from microfactory_desk.db import Database
from microfactory_desk.schemas.listing import PAGE_SIZE, ListQuery
from microfactory_desk.services.orders.listing import SORTS, OrderListing
from microfactory_desk.services.orders.reads import list_orders
from tests.services.bulk_rows import add_orders, add_partners

# The rows are bulk-written with sqlite3 into the test file; the same listings ran on PostgreSQL by hand.
pytestmark = pytest.mark.sqlite_only

ORDERS = 6_000


@pytest.fixture
def orders(db: Database) -> dict[str, Decimal]:
    """6,000 orders (more than the old 5,000 cap) over 30 partners; the expected totals."""
    return add_orders(db, ORDERS, add_partners(db, 30))


def _all_pages(listing: OrderListing, query: ListQuery) -> list[str]:
    numbers: list[str] = []
    while True:
        page = listing.page(replace(query, offset=len(numbers)))
        if not page.rows:
            return numbers
        numbers += [r.number for r in page.rows]


def test_order_count_and_totals_cover_every_order(db: Database, orders: dict[str, Decimal]) -> None:
    """6,000 orders: the first page says 6,000 match and the totals are those of all orders not cancelled."""
    listing = OrderListing(db)
    page = listing.page(ListQuery(sort="date", descending=True))
    assert (len(page.rows), page.matching, page.total) == (PAGE_SIZE, ORDERS, ORDERS)
    assert listing.totals(ListQuery()) == {k: v.quantize(Decimal("0.01")) for k, v in orders.items()}
    everything = list_orders(db)
    assert len(everything.rows) == ORDERS and everything.totals == listing.totals(ListQuery())


def test_pages_reach_the_oldest_order_without_gaps(db: Database, orders: dict[str, Decimal]) -> None:
    """Reading page after page gives every order once, newest first, down to the oldest (PO-000000)."""
    del orders
    numbers = _all_pages(OrderListing(db), ListQuery(sort="date", descending=True, limit=700))
    assert len(numbers) == len(set(numbers)) == ORDERS
    assert numbers[0] == f"PO-{ORDERS - 1:06d}" and numbers[-1] == "PO-000000"


@pytest.mark.parametrize("sort", sorted(SORTS))
@pytest.mark.parametrize("descending", [False, True])
def test_every_sort_holds_across_pages(db: Database, orders: dict[str, Decimal], sort: str, descending: bool) -> None:
    """Pages of 500 laid end to end give the same order as one read of every row, for each sort key."""
    del orders
    listing = OrderListing(db)
    query = ListQuery(sort=sort, descending=descending, limit=500)
    whole = [r.number for r in listing.page(replace(query, limit=None)).rows]
    assert _all_pages(listing, query) == whole and len(whole) == ORDERS


def test_sort_by_total_is_by_value_across_all_orders(db: Database, orders: dict[str, Decimal]) -> None:
    """The first page sorted by total, descending, starts with the most valuable order of all 6,000."""
    del orders
    listing = OrderListing(db)
    every = listing.page(ListQuery(limit=None)).rows
    top = listing.page(ListQuery(sort="total", descending=True, limit=10)).rows
    assert top[0].total == max(r.total for r in every)
    assert [r.total for r in top] == sorted((r.total for r in top), reverse=True)


def test_filters_count_and_total_the_filtered_orders(db: Database, orders: dict[str, Decimal]) -> None:
    """Status and search filters give the real matching count and totals of the filtered orders only."""
    del orders
    listing = OrderListing(db)
    cancelled = listing.page(ListQuery(filters={"status": "cancelled"}))
    assert (cancelled.matching, cancelled.total) == (len(range(0, ORDERS, 7)), ORDERS)
    assert listing.totals(ListQuery(filters={"status": "cancelled"})) == {}
    found = listing.page(ListQuery(search="po-00599"))
    assert sorted(r.number for r in found.rows) == [f"PO-00599{d}" for d in range(10)] and found.matching == 10
    partner = listing.page(ListQuery(search="p00007", limit=None))
    assert {r.partner_name for r in partner.rows} == {"Partner 7"} and partner.matching == ORDERS // 30
