"""Money: one rounding rule (exact Decimal, rounded once to the cent, halves up) on both backends."""

from __future__ import annotations

from decimal import Decimal

from microfactory_desk.db import Database
from microfactory_desk.schemas.money import money_from_units, round_money
from microfactory_desk.wiring import Services
from tests.services.order_fixtures import draft, partner_with_sla


def test_list_total_and_order_total_agree_to_the_cent(db: Database) -> None:
    """50 x 0.0107 is 0.535: the order and the order list both show 0.54 (SQLite's float sum showed 0.53)."""
    partner_with_sla(db)
    line = {"sku_code": "MF-TEE", "quantity": 50, "override_price": "0.0107", "override_reason": "Sample"}
    order = draft(db, lines=[line])
    listed = Services(db).orders.list_orders()
    assert order.total == Decimal("0.54")
    assert [row.total for row in listed.rows] == [Decimal("0.54")]
    assert listed.totals == {"EUR": Decimal("0.54")}


def test_rounding_rule_rounds_halves_up() -> None:
    """Halves go away from zero, never to even, and a sum of units is exact."""
    assert round_money(Decimal("0.545")) == Decimal("0.55")
    assert round_money(Decimal("0.125")) == Decimal("0.13")
    assert money_from_units(5350) == Decimal("0.535")
    assert money_from_units(None) == Decimal(0)
