"""Orders against a real SQLite file: tier pricing, warnings, status rules, confirmation and quick reorders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from microfactory_desk.db import Database
from microfactory_desk.errors import ValidationFailed
from microfactory_desk.schemas.order_vocab import OrderStatus, PriceSource
from microfactory_desk.schemas.orders import Confirmation, ConfirmationLine, validate_order
from microfactory_desk.wiring import Services
from tests.services.order_fixtures import ORDER_DAY, draft, partner_with_sla


def test_lines_are_priced_by_quantity_tier_and_category(db: Database) -> None:
    """The tee takes the general 50+ break; the prototype sleeve its category's price; both name their tier."""
    partner_with_sla(db)
    order = draft(db)
    tee, sleeve = order.lines
    assert (tee.unit_price, tee.price_source, tee.tier_min_qty) == (Decimal("10.9"), PriceSource.TIER, 50)
    assert tee.tier_label == "SLA v1 · all SKUs · from 50"
    assert (sleeve.unit_price, sleeve.tier_label) == (Decimal("30"), "SLA v1 · category Prototypes · from 10")
    assert order.number == "PO-2026-0001" and order.sla_version_number == 1
    assert order.total == Decimal("10.9") * 60 + Decimal(30) * 12
    assert [h.to_status for h in order.history] == ["draft"]


def test_no_sla_or_no_tier_flags_the_line(db: Database) -> None:
    """Without an agreed SLA every line has price source 'none'; below the smallest break likewise."""
    partner_with_sla(db, "NOSLA", sla=False)
    order = draft(db, "NOSLA")
    assert {line.price_source for line in order.lines} == {PriceSource.NONE}
    assert order.unpriced == 2
    quotes = Services(db).orders.quote(
        validate_order(
            {"partner_code": "NOSLA", "order_date": ORDER_DAY, "lines": [{"sku_code": "mf-tee", "quantity": 5}]}
        )
    )
    assert quotes[0].warnings[0] == "no price: no agreed SLA in force on the order date"
    partner_with_sla(db, "MF2")
    small = Services(db).orders.quote(
        validate_order(
            {"partner_code": "MF2", "order_date": ORDER_DAY, "lines": [{"sku_code": "MF-SLV", "quantity": 3}]}
        )
    )[0]
    assert small.price_source == PriceSource.NONE and "below the smallest quantity" in small.warnings[0]


def test_order_before_the_sla_starts_is_unpriced(db: Database) -> None:
    """The SLA in force on the order date prices the order, not today's."""
    partner_with_sla(db)
    order = draft(db, order_date=dt.date(2026, 2, 1))
    assert order.unpriced == 2 and order.sla_version_id is None


def test_override_needs_reason_and_is_recorded(db: Database) -> None:
    """A manual price without a reason is refused; with one it is kept and marked as an override."""
    partner_with_sla(db)
    with pytest.raises(ValidationFailed) as caught:
        draft(db, lines=[{"sku_code": "MF-TEE", "quantity": 60, "override_price": "9"}])
    assert caught.value.errors[0].field == "lines.1.override_reason"
    order = draft(
        db, lines=[{"sku_code": "MF-TEE", "quantity": 60, "override_price": "9,5", "override_reason": "Launch"}]
    )
    line = order.lines[0]
    assert (line.unit_price, line.price_source, line.override_reason) == (
        Decimal("9.5"),
        PriceSource.OVERRIDE,
        "Launch",
    )


def test_quantity_warnings_are_warnings_not_refusals(db: Database) -> None:
    """Under the minimum batch and over the weekly capacity are warned about, and the order still saves."""
    partner_with_sla(db)
    quotes = Services(db).orders.quote(
        validate_order(
            {
                "partner_code": "MF1",
                "order_date": ORDER_DAY,
                "lines": [{"sku_code": "MF-TEE", "quantity": 5}, {"sku_code": "MF-MUG", "quantity": 900}],
            }
        )
    )
    assert quotes[0].warnings == ["below the partner's minimum batch of 20"]
    assert quotes[1].warnings == ["over the partner's weekly capacity of 500"]
    waived = "MF3"
    partner_with_sla(db, waived, moq_waiver=True)
    quote = Services(db).orders.quote(
        validate_order(
            {"partner_code": waived, "order_date": ORDER_DAY, "lines": [{"sku_code": "MF-TEE", "quantity": 5}]}
        )
    )[0]
    assert quote.warnings == []


def test_unknown_sku_and_partner_are_named(db: Database) -> None:
    """Bad references name the field and line."""
    partner_with_sla(db)
    with pytest.raises(ValidationFailed) as caught:
        draft(db, lines=[{"sku_code": "MF-TEE", "quantity": 1}, {"sku_code": "NOPE", "quantity": 1}])
    assert str(caught.value) == "lines.2.sku_code: 'NOPE' is not in the SKU catalogue"
    with pytest.raises(ValidationFailed, match="partner_code"):
        draft(db, "ZZZ")


def test_status_path_and_history(db: Database) -> None:
    """Draft -> sent -> confirmed -> in production -> shipped -> received -> closed; skipping is refused."""
    partner_with_sla(db)
    service = Services(db).orders
    order = draft(db)
    with pytest.raises(ValidationFailed, match="cannot move a draft order to shipped"):
        service.advance(order.id, OrderStatus.SHIPPED, on=ORDER_DAY)
    sent = service.send(order.id, on=ORDER_DAY)
    assert (sent.status, sent.sent_on) == (OrderStatus.SENT, ORDER_DAY)
    answer = [ConfirmationLine(position=p, confirmed_qty=q, confirmed_ship_on=ORDER_DAY) for p, q in ((1, 60), (2, 10))]
    confirmed = service.confirm(Confirmation(order_uuid=order.uuid, lines=answer), on=ORDER_DAY)
    assert confirmed.status == OrderStatus.CONFIRMED and confirmed.lines[1].confirmed_qty == 10
    for target in (OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED, OrderStatus.RECEIVED, OrderStatus.CLOSED):
        last = service.advance(order.id, target, on=dt.date(2026, 6, 1))
    assert last.received_on == dt.date(2026, 6, 1)
    assert [h.to_status for h in last.history] == [
        "draft",
        "sent",
        "confirmed",
        "in_production",
        "shipped",
        "received",
        "closed",
    ]


def test_sent_orders_are_read_only(db: Database) -> None:
    """Editing a sent order is refused; its lines stay as they were."""
    partner_with_sla(db)
    service = Services(db).orders
    order = draft(db)
    service.send(order.id, on=ORDER_DAY)
    with pytest.raises(ValidationFailed, match="only drafts can be edited"):
        service.update_draft(order.id, order.as_input().model_copy(update={"notes": "changed"}))
    assert service.get_order(order.id).notes == ""


def test_unpriced_lines_cannot_be_sent(db: Database) -> None:
    """An order with a flagged line is refused at send, naming the line."""
    partner_with_sla(db, "NOSLA", sla=False)
    order = draft(db, "NOSLA")
    with pytest.raises(ValidationFailed, match=r"lines 1, 2 have no price"):
        Services(db).orders.send(order.id, on=ORDER_DAY)


def test_cancel_needs_a_reason_and_not_after_shipping(db: Database) -> None:
    """Cancelling keeps the reason; a shipped order cannot be cancelled."""
    partner_with_sla(db)
    service = Services(db).orders
    order = draft(db)
    with pytest.raises(ValidationFailed, match="say why"):
        service.cancel(order.id, "  ")
    cancelled = service.cancel(order.id, "Pop-up postponed")
    assert (cancelled.status, cancelled.cancel_reason, cancelled.history[-1].reason) == (
        OrderStatus.CANCELLED,
        "Pop-up postponed",
        "Pop-up postponed",
    )
    listed = service.list_orders(status="cancelled")
    assert [r.number for r in listed.rows] == [order.number] and listed.totals == {}


def test_update_draft_reprices(db: Database) -> None:
    """Changing a draft's quantity re-prices the line from its new tier."""
    partner_with_sla(db)
    service = Services(db).orders
    order = draft(db)
    changed = order.as_input()
    changed.lines[0].quantity = 250
    updated = service.update_draft(order.id, changed)
    assert updated.lines[0].unit_price == Decimal("9.4")
    assert service.list_orders().rows[0].total == Decimal("9.4") * 250 + Decimal(30) * 12


def _shipped_experimental(db: Database) -> int:
    service = Services(db).orders
    order = draft(db, lines=[{"sku_code": "MF-SLV", "quantity": 40}, {"sku_code": "MF-LAMP", "quantity": 20}])
    service.send(order.id, on=ORDER_DAY)
    lines = [
        ConfirmationLine(position=line.position, confirmed_qty=line.quantity, confirmed_ship_on=ORDER_DAY)
        for line in order.lines
    ]
    service.confirm(Confirmation(order_uuid=order.uuid, lines=lines), on=ORDER_DAY)
    return order.id


def test_quick_reorder_within_terms_repeats_at_held_price(db: Database) -> None:
    """Within the window and the max quantity, the reorder is a new draft at the original prices."""
    partner_with_sla(db)
    source = _shipped_experimental(db)
    again = Services(db).orders.quick_reorder(source, on=ORDER_DAY + dt.timedelta(days=20))
    assert again.status == OrderStatus.DRAFT and again.number == "PO-2026-0002"
    assert [(line.sku_code, line.quantity, line.unit_price) for line in again.lines] == [
        ("MF-SLV", 40, Decimal(30)),
        ("MF-LAMP", 20, Decimal("12.5")),
    ]
    assert again.lines[0].tier_label == "SLA v1 · price held"


@pytest.mark.parametrize(
    ("terms", "days", "message"),
    [
        ({}, 45, "the reorder window is 30 days from the original order (2026-05-04); it is 45 days later"),
        ({"max_reorder_qty": 50}, 5, "may hold up to 50 units under SLA v1; this one holds 60"),
        ({"price_held": False}, 5, "SLA v1 does not hold prices"),
        ({"price_held_until": dt.date(2026, 5, 6)}, 5, "prices were held until 2026-05-06"),
        ({"reorder_window_days": None}, 5, "sets no quick-reorder window"),
    ],
)
def test_quick_reorder_outside_terms_is_refused(db: Database, terms: dict, days: int, message: str) -> None:
    """Each broken term is named in the refusal."""
    partner_with_sla(db, **terms)
    source = _shipped_experimental(db)
    with pytest.raises(ValidationFailed) as caught:
        Services(db).orders.quick_reorder(source, on=ORDER_DAY + dt.timedelta(days=days))
    assert message in str(caught.value)


def test_quick_reorder_of_regular_skus_is_refused(db: Database) -> None:
    """Only experimental SKUs qualify."""
    partner_with_sla(db)
    service = Services(db).orders
    order = draft(db)
    service.send(order.id, on=ORDER_DAY)
    lines = [ConfirmationLine(position=p, confirmed_qty=1, confirmed_ship_on=ORDER_DAY) for p in (1, 2)]
    service.confirm(Confirmation(order_uuid=order.uuid, lines=lines), on=ORDER_DAY)
    with pytest.raises(ValidationFailed, match="not experimental: MF-TEE"):
        service.quick_reorder(order.id, on=ORDER_DAY)
