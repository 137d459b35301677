"""The database's own rules, when they refuse a write, give one readable refusal naming the record and field."""

from __future__ import annotations

import pytest

from microfactory_desk.db import Database
from microfactory_desk.errors import ConstraintRefused
from microfactory_desk.models import Delivery, OrderLine, PurchaseOrder, Sku
from microfactory_desk.wiring import Services
from tests.services.order_fixtures import ORDER_DAY, draft, partner_with_sla


def test_deleting_a_partner_with_orders_is_refused_readably(db: Database) -> None:
    """A partner an order refers to cannot be deleted: one sentence naming what uses it; nothing is deleted."""
    pid = partner_with_sla(db)
    draft(db)
    with pytest.raises(ConstraintRefused) as refused:
        Services(db).roster.delete_partner(partner_id=pid)
    assert refused.value.message.startswith("This partner is still used by")
    assert "orders" in refused.value.message and "Offboarded" in refused.value.message
    assert "constraint" not in refused.value.message.lower()
    assert Services(db).roster.get_partner(pid).code == "MF1"


def test_a_sku_code_taken_between_check_and_write_names_the_code(db: Database) -> None:
    """Two rows with one SKU code (another manager's commit slipped past the service's check): field `code`."""
    with db.session() as session:
        session.add(Sku(code="MF-X", name="Lamp", search_text="mf-x"))
    with pytest.raises(ConstraintRefused) as refused, db.session() as session:
        session.add(Sku(code="MF-X", name="Lamp too", search_text="mf-x"))
    assert refused.value.field == "code" and "another SKU was saved with this code" in refused.value.message
    assert db.read("SELECT COUNT(*) FROM sku WHERE code = 'MF-X'") == [(1,)]


def test_a_number_or_reference_used_twice_is_named(db: Database) -> None:
    """A PO number taken at the same moment says `number`; a delivery reference used twice says `reference`."""
    partner_with_sla(db)
    order = draft(db)
    with pytest.raises(ConstraintRefused) as number, db.session() as session:
        session.add(
            PurchaseOrder(number=order.number, partner_id=order.partner_id, order_date=ORDER_DAY, status="draft")
        )
    assert number.value.field == "number" and "same order number" in number.value.message
    line_id = order.lines[0].id
    delivery = {"order_line_id": line_id, "partner_id": order.partner_id, "reference": "LS-1", "received_on": ORDER_DAY}
    with db.session() as session:
        session.add(Delivery(**delivery, qty_received=1))
    with pytest.raises(ConstraintRefused) as reference, db.session() as session:
        session.add(Delivery(**delivery, qty_received=2))
    assert reference.value.field == "reference" and "delivery with this reference" in reference.value.message
    assert db.read("SELECT COUNT(*) FROM delivery") == [(1,)]
    with db.session() as session:
        assert session.get(OrderLine, line_id) is not None


def test_the_cli_shows_the_refusal_as_one_line(db: Database) -> None:
    """The command line's failure path shows the refusal's sentence, no driver text."""
    from microfactory_desk.commands.failures import explain

    pid = partner_with_sla(db)
    draft(db)
    try:
        Services(db).roster.delete_partner(partner_id=pid)
    except ConstraintRefused as exc:
        line = explain(exc, db.url)
    assert line.startswith("This partner is still used by") and "\n" not in line
