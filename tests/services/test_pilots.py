"""Pilots: derived figures (including no data), validation by field, daily sales, decisions, orders, demo."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from microfactory_desk.db import Database
from microfactory_desk.errors import ValidationFailed
from microfactory_desk.schemas.fields import validate
from microfactory_desk.schemas.pilot import DecisionIn, FeedbackIn, PilotIn, SalesIn
from microfactory_desk.schemas.pilot_rows import comparison_lines, fmt_days, fmt_pct, fmt_rating
from microfactory_desk.services.pilots.service import PilotService
from tests.services import attention_data as make

TODAY = dt.date(2026, 6, 15)


def _plan(**values: Any) -> PilotIn:
    base = {"sku_code": "mf-lamp", "partner_code": "mf-1", "market_name": "Kreuzberg Pop-up Hall"}
    return validate(PilotIn, base | {"starts_on": "2026-06-01", "ends_on": "2026-06-20"} | values)


def _fields(exc: pytest.ExceptionInfo[ValidationFailed]) -> list[str]:
    return [e.field for e in exc.value.errors]


@pytest.fixture
def service(db: Database) -> PilotService:
    make.partner(db, "MF-1", "Łódź Print Lab")
    make.partner(db, "MF-2", "Müller & Söhne <GmbH>")
    make.sku(db, "MF-LAMP")
    return PilotService(db)


def test_zero_units_and_no_feedback_give_no_data(service: PilotService) -> None:
    """A planned pilot with nothing made, sold or said has no figures, not zeros or a division error."""
    pilot = service.create_pilot(_plan(), today=TODAY)
    assert pilot.number == "PIL-2026-0001"
    assert (pilot.sell_through_pct, pilot.return_rate_pct, pilot.average_rating, pilot.days_to_sell_out) == (
        None,
        None,
        None,
        None,
    )
    assert (fmt_pct(None), fmt_rating(None), fmt_days(None)) == ("no data",) * 3
    lines = dict(comparison_lines([pilot]))
    assert lines["Sell-through"] == ["no data"] and lines["Average rating"] == ["no data"]
    assert lines["Net revenue"] == ["no data"]


def test_figures_from_counts_feedback_and_sell_out(service: PilotService) -> None:
    """Sell-through = sold/shipped, return rate = returned/sold, rating = mean of rated feedback."""
    plan = _plan(units_made=100, units_shipped=80, units_sold=80, units_returned=4, sold_out_on="2026-06-13")
    pilot = service.create_pilot(plan, today=TODAY)
    service.add_feedback(pilot.id, validate(FeedbackIn, {"received_on": TODAY, "rating": 5, "text": ""}))
    service.add_feedback(pilot.id, validate(FeedbackIn, {"received_on": TODAY, "rating": "2"}))
    service.add_feedback(pilot.id, validate(FeedbackIn, {"received_on": TODAY, "text": "=HYPERLINK(x) & <b>"}))
    row = service.get_pilot(pilot.id, TODAY)
    assert row.sell_through_pct == 100.0 and row.return_rate_pct == 5.0
    assert row.average_rating == 3.5 and row.ratings == 2 and row.feedback_count == 3
    assert row.days_to_sell_out == 12
    assert row.status == "running"
    assert service.detail(pilot.id, TODAY).feedback[0].text == "=HYPERLINK(x) & <b>"


def test_inconsistent_counts_are_refused_by_field(service: PilotService) -> None:
    """More sold than shipped, or returned than sold, or an end before the start, names the field."""
    with pytest.raises(ValidationFailed) as refused:
        _plan(units_made=10, units_shipped=10, units_sold=11)
    assert _fields(refused) == ["units_sold"]
    with pytest.raises(ValidationFailed) as refused:
        _plan(ends_on="2026-05-01")
    assert _fields(refused) == ["ends_on"]
    with pytest.raises(ValidationFailed) as refused:
        _plan(units_made="-3")
    assert _fields(refused) == ["units_made"]
    with pytest.raises(ValidationFailed) as refused:
        _plan(price="-1")
    assert _fields(refused) == ["price"]
    assert _plan(price="", units_made="").price is None  # blank editors mean "not given"
    with pytest.raises(ValidationFailed) as refused:
        service.create_pilot(_plan(sku_code="NOPE"), today=TODAY)
    assert _fields(refused) == ["sku_code"]
    with pytest.raises(ValidationFailed) as refused:
        validate(FeedbackIn, {"received_on": TODAY, "rating": 6})
    assert _fields(refused) == ["rating"]
    with pytest.raises(ValidationFailed) as refused:
        validate(FeedbackIn, {"received_on": TODAY})
    assert _fields(refused) == ["text"]
    assert service.list_pilots(TODAY) == []


def test_daily_sales_keep_the_totals_and_the_sell_out_day(service: PilotService, db: Database) -> None:
    """Totals follow the daily entries; the day the last shipped unit sells is the sell-out day."""
    pilot = service.create_pilot(_plan(units_made=20, units_shipped=20), today=TODAY)
    for day, sold, returned in (("2026-06-02", 5, 0), ("2026-06-04", 9, 1), ("2026-06-05", 6, 0)):
        service.add_sales(pilot.id, validate(SalesIn, {"sold_on": day, "sold": sold, "returned": returned}))
    detail = service.detail(pilot.id, TODAY)
    assert (detail.pilot.units_sold, detail.pilot.units_returned) == (20, 1)
    assert detail.pilot.sold_out_on == dt.date(2026, 6, 5) and detail.pilot.days_to_sell_out == 4
    assert [round(p.sell_through_pct or 0) for p in detail.sales] == [25, 70, 100]
    with pytest.raises(ValidationFailed) as refused:
        service.add_sales(pilot.id, validate(SalesIn, {"sold_on": "2026-06-06", "sold": 1}))
    assert _fields(refused) == ["sold"]
    assert len(service.detail(pilot.id, TODAY).sales) == 3  # the refused day was not kept
    with pytest.raises(ValidationFailed) as refused:
        service.update_pilot(pilot.id, _plan(units_made=20, units_shipped=20, units_sold=3), today=TODAY)
    assert _fields(refused) == ["units_sold"]
    service.delete_sales(detail.sales[-1].id)
    assert service.get_pilot(pilot.id, TODAY).sold_out_on is None


def test_decision_and_reopening(service: PilotService) -> None:
    """A decision needs a reason; recording one moves the pilot to decided, clearing it reopens it."""
    pilot = service.create_pilot(_plan(ends_on="2026-06-10"), today=TODAY)
    with pytest.raises(ValidationFailed) as refused:
        validate(DecisionIn, {"decision": "Scale up", "reason": " ", "decided_on": TODAY})
    assert _fields(refused) == ["reason"]
    service.decide(pilot.id, validate(DecisionIn, {"decision": "Scale up", "reason": "Sold out", "decided_on": TODAY}))
    assert service.get_pilot(pilot.id, TODAY).status == "decided"
    service.decide(pilot.id, None)
    row = service.get_pilot(pilot.id, TODAY)
    assert (row.status, row.decision, row.decided_on) == ("awaiting_decision", None, None)


def test_tied_orders_show_their_delivery_performance(service: PilotService, db: Database) -> None:
    """An order tied by number lists its ordered quantity, deliveries on time and defects."""
    pilot = service.create_pilot(_plan(), today=TODAY)
    partner_id = service.get_pilot(pilot.id, TODAY).partner_id
    order_id = make.order(db, partner_id, "received", requested=dt.date(2026, 5, 28))
    line = make.order_line(db, order_id, pilot.sku_id, 100)
    make.delivery(db, line, partner_id, dt.date(2026, 5, 28), dt.date(2026, 5, 27), qty_received=60, qty_defective=3)
    make.delivery(db, line, partner_id, dt.date(2026, 5, 28), dt.date(2026, 5, 30), qty_received=40)
    number = service._db.read("SELECT number FROM purchase_order WHERE id = :id", {"id": order_id})[0][0]
    service.tie_order(pilot.id, number.lower())
    (order,) = service.detail(pilot.id, TODAY).orders
    assert (order.ordered_qty, order.deliveries, order.on_time, order.timed) == (100, 2, 1, 2)
    assert order.on_time_pct == 50.0 and order.defect_pct == 3.0
    with pytest.raises(ValidationFailed) as refused:
        service.tie_order(pilot.id, "PO-1999-0001")
    assert _fields(refused) == ["order_number"]
    service.untie_order(order_id)
    assert service.detail(pilot.id, TODAY).orders == []


def test_comparables_are_the_same_sku_elsewhere(service: PilotService, db: Database) -> None:
    """Same SKU in another market or by another partner is comparable; another SKU is not."""
    first = service.create_pilot(_plan(), today=TODAY)
    other_market = service.create_pilot(_plan(market_name="Vienna Design Week"), today=TODAY)
    other_partner = service.create_pilot(_plan(partner_code="MF-2"), today=TODAY)
    make.sku(db, "MF-CUP")
    service.create_pilot(_plan(sku_code="MF-CUP"), today=TODAY)
    assert {p.id for p in service.comparables(first.id, TODAY)} == {other_market.id, other_partner.id}
    lines = dict(comparison_lines([first, other_partner]))
    assert lines["Partner"] == ["Łódź Print Lab (MF-1)", "Müller & Söhne <GmbH> (MF-2)"]


def test_demo_has_pilots_in_every_state_with_feedback(db: Database) -> None:
    """The demo load adds pilots planned, running, waiting and decided (each decision), with feedback and sales."""
    from microfactory_desk.demo.load import load_demo

    summary = load_demo(db, partners=60, seed=3, today=TODAY)
    assert summary.more["pilots"] >= 12 and summary.more["pilot feedback entries"] > 0
    pilots = PilotService(db).list_pilots(TODAY)
    assert {p.status for p in pilots} == {"planned", "running", "awaiting_decision", "decided"}
    assert {p.decision for p in pilots if p.decision} == {"scale_up", "iterate", "stop"}
    assert all(PilotService(db).comparables(p.id, TODAY) for p in pilots)  # pilots come in pairs per SKU
    assert all(p.units_sold <= p.units_shipped <= p.units_made for p in pilots)
