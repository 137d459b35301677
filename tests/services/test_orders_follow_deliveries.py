"""Issue 12: orders follow their deliveries, and the partner's confirmation is visible on the order and the list."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from microfactory_desk.db import Database
from microfactory_desk.errors import ValidationFailed
from microfactory_desk.schemas.order_vocab import OrderStatus
from microfactory_desk.schemas.telemetry import DeliveryIn
from microfactory_desk.wiring import Services
from tests.services.numbers_fixtures import D, confirm, line_ids, sent_order
from tests.services.telemetry_fixtures import add_partner, add_sla


def _delivery(ref: str, received: D, qty: int, defective: int = 0) -> DeliveryIn:
    return DeliveryIn(reference=ref, received_on=received, qty_received=qty, qty_defective=defective)


def test_received_quantities_move_the_order_and_a_deletion_moves_it_back(db: Database) -> None:
    """60 of 120 → partially received; the other 60 → received on the last date; deleting one → partially again."""
    pid = add_partner(db)
    add_sla(db, pid)
    order_id = sent_order(db, pid, number="PO-2026-0021", sent_on=D(2026, 11, 2), requested_on=D(2026, 11, 20))
    confirm(db, order_id, [(120, D(2026, 11, 12), "")], on=D(2026, 11, 3))
    telemetry, orders = Services(db).telemetry, Services(db).orders
    (line,) = line_ids(db, order_id)
    first = telemetry.record_delivery(order_line_id=line, delivery=_delivery("A", D(2026, 11, 13), 60))
    assert orders.get_order(order_id).status is OrderStatus.PARTIALLY_RECEIVED
    second = telemetry.record_delivery(order_line_id=line, delivery=_delivery("B", D(2026, 11, 18), 60, 2))
    order = orders.get_order(order_id)
    assert order.status is OrderStatus.RECEIVED and order.received_on == D(2026, 11, 18)
    assert [h.reason for h in order.history][-2:] == ["following its deliveries"] * 2
    telemetry.update_delivery(second.id, order_line_id=line, delivery=_delivery("B", D(2026, 11, 18), 50, 2))
    assert orders.get_order(order_id).status is OrderStatus.PARTIALLY_RECEIVED
    telemetry.delete_delivery(second.id)
    telemetry.delete_delivery(first.id)
    order = orders.get_order(order_id)
    assert order.status is OrderStatus.CONFIRMED and order.received_on is None
    assert telemetry.order_deliveries(order_id) == []


def test_no_delivery_is_recorded_against_a_cancelled_order(db: Database) -> None:
    """Recording a delivery by hand against a cancelled order is refused, naming the order; nothing is stored."""
    pid = add_partner(db)
    add_sla(db, pid)
    order_id = sent_order(db, pid, number="PO-2026-0471", sent_on=D(2026, 11, 2), requested_on=D(2026, 11, 20))
    Services(db).orders.cancel(order_id, "the pop-up was called off")
    (line,) = line_ids(db, order_id)
    with pytest.raises(ValidationFailed, match="PO-2026-0471 is cancelled"):
        Services(db).telemetry.record_delivery(order_line_id=line, delivery=_delivery("A", D(2026, 11, 13), 60))
    assert Services(db).telemetry.order_deliveries(order_id) == []


def test_a_line_confirmed_at_zero_is_not_awaited_and_not_counted(db: Database) -> None:
    """Lines 50 + 30 with line 2 declined: 50 received makes it received; confirmed value 500 next to 800 ordered."""
    pid = add_partner(db)
    add_sla(db, pid)
    order_id = sent_order(
        db, pid, number="PO-2026-0022", sent_on=D(2026, 11, 2), requested_on=D(2026, 11, 12), quantities=(50, 30)
    )
    confirm(
        db, order_id, [(40, D(2026, 11, 11), "40 now, rest in January"), (0, None, "cannot make")], on=D(2026, 11, 3),
        comment="Price held until 2027",
    )  # fmt: skip
    orders = Services(db).orders
    order = orders.get_order(order_id)
    assert order.total == Decimal("800.00") and order.confirmed_total == Decimal("400.00")
    assert order.partner_comment == "Price held until 2027"
    assert [ln.partner_comment for ln in order.lines] == ["40 now, rest in January", "cannot make"]
    # Courier: shipped 11-11 + 2 days arrives 11-13, after the requested 11-12.
    assert order.confirmation_flags == [
        "line 1: short (40 of 50)",
        "line 1: arrives 2026-11-13, after the requested 2026-11-12",
        "line 2: declined (0 of 30)",
    ]
    (row,) = orders.list_orders().rows
    assert (row.total, row.confirmed_total, row.confirmation_flags, row.partner_commented) == (
        Decimal("800.00"), Decimal("400.00"), 2, True,
    )  # fmt: skip
    Services(db).telemetry.record_delivery(
        order_line_id=line_ids(db, order_id)[0], delivery=_delivery("Z", D(2026, 11, 14), 40)
    )
    assert orders.get_order(order_id).status is OrderStatus.RECEIVED


def test_an_unconfirmed_order_lists_no_confirmed_value(db: Database) -> None:
    """A sent order has no confirmed value or flags yet (never 0 shown as if the partner declined everything)."""
    pid = add_partner(db)
    sent_order(db, pid, number="PO-2026-0023", sent_on=D(2026, 11, 2), requested_on=D(2026, 11, 12))
    (row,) = Services(db).orders.list_orders().rows
    assert row.confirmed_total is None and row.confirmation_flags == 0 and not row.partner_commented


def test_an_imported_delivery_file_moves_its_orders_like_deliveries_typed_in(db: Database, tmp_path: Path) -> None:
    """A delivery file: the order whose two lines both arrived in full is received (on its last arrival), the
    order with one line short is partially received, each with its history entry; a dry run moves nothing."""
    pid = add_partner(db, code="MF-IMP")
    add_sla(db, pid)
    whole = sent_order(
        db, pid, number="PO-2026-0031", sent_on=D(2026, 11, 2), requested_on=D(2026, 11, 20), quantities=(50, 30)
    )
    short = sent_order(db, pid, number="PO-2026-0032", sent_on=D(2026, 11, 2), requested_on=D(2026, 11, 20))
    path = tmp_path / "deliveries.csv"
    path.write_text(
        "order;line;reference;received_on;qty_received\n"
        "PO-2026-0031;1;DN-1;2026-11-12;50\nPO-2026-0031;2;DN-2;2026-11-14;30\nPO-2026-0032;1;DN-3;2026-11-13;10\n",
        encoding="utf-8",
    )
    services = Services(db)
    services.deliveries.import_file(path, "MF-IMP", dry_run=True)
    assert services.orders.get_order(whole).status is OrderStatus.SENT
    assert services.deliveries.import_file(path, "MF-IMP").added == 3
    received, partial = services.orders.get_order(whole), services.orders.get_order(short)
    assert (received.status, received.received_on) == (OrderStatus.RECEIVED, D(2026, 11, 14))
    assert partial.status is OrderStatus.PARTIALLY_RECEIVED and partial.received_on is None
    assert [h.reason for h in received.history][-1] == "following its deliveries"
