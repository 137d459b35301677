"""Order writers price inside their own transaction: one transaction per draft written, quoted or reordered."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from microfactory_desk.db import Database
from microfactory_desk.schemas.orders import Confirmation, ConfirmationLine, validate_order
from microfactory_desk.wiring import Services
from tests.services.order_fixtures import ORDER_DAY, draft, partner_with_sla
from tests.statement_log import statement_log

# Measured before `context_in` (two lines): create_draft 3 transactions (13 statements), update_draft 3 (16), a quote
# 3 (4), a quick reorder 4 (17); after: 1 each (12, 15, 4, 16).
# Before, the partner, the SLA in force and the write each had their own; the reorder also loaded its source apart.


def _order(lines: list[dict[str, object]]) -> dict[str, object]:
    return {"partner_code": "mf1", "order_date": ORDER_DAY, "destination_name": "Pop-up Kraków", "lines": lines}


def test_creating_and_updating_a_draft_is_one_transaction_each(db: Database) -> None:
    """The partner, the SLA in force, the SKUs and the write share one transaction; prices come from it."""
    partner_with_sla(db)
    orders = Services(db).orders
    with statement_log(db) as created_log:
        order = orders.create_draft(validate_order(_order([{"sku_code": "mf-tee", "quantity": 60}])))
    assert (created_log.transactions, created_log.commits) == (1, 1)
    assert order.lines[0].unit_price == Decimal("10.9") and order.sla_version_number == 1
    changed = order.as_input()
    changed.lines[0].quantity = 250
    with statement_log(db) as updated_log:
        updated = orders.update_draft(order.id, changed)
    assert (updated_log.transactions, updated_log.commits) == (1, 1)
    assert updated.lines[0].unit_price == Decimal("9.4")


def test_a_quote_is_one_transaction(db: Database) -> None:
    """The editor's live quote reads partner, SLA in force and SKUs together and writes nothing."""
    partner_with_sla(db)
    with statement_log(db) as log:
        quotes = Services(db).orders.quote(validate_order(_order([{"sku_code": "MF-SLV", "quantity": 12}])))
    assert log.transactions == 1 and log.writes == []
    assert quotes[0].unit_price == Decimal("30")


def test_a_quick_reorder_is_one_transaction(db: Database) -> None:
    """The source order, the reorder terms in force and the new draft are read and written together."""
    partner_with_sla(db)
    orders = Services(db).orders
    order = draft(db, lines=[{"sku_code": "MF-SLV", "quantity": 40}])
    orders.send(order.id, on=ORDER_DAY)
    answer = [ConfirmationLine(position=1, confirmed_qty=40, confirmed_ship_on=ORDER_DAY)]
    orders.confirm(Confirmation(order_uuid=order.uuid, lines=answer), on=ORDER_DAY)
    with statement_log(db) as log:
        again = orders.quick_reorder(order.id, on=ORDER_DAY + dt.timedelta(days=20))
    assert (log.transactions, log.commits) == (1, 1)
    assert again.number == "PO-2026-0002" and again.lines[0].tier_label == "SLA v1 · price held"
