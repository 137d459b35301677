"""Demo orders: orders in every status for a sample of approved and pilot partners with an agreed SLA.

Lines are priced from the partner's tiers (a few by override, with a reason), sent and later
orders carry their dates, confirmed and later ones the partner's confirmation, cancelled ones a
reason. At most MAX_ORDERS orders, so the 10,000-partner demo stays quick.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from microfactory_desk.errors import ValidationFailed
from microfactory_desk.models import OrderLine, OrderStatusChange, Partner, PriceTier, PurchaseOrder, Sku, SlaVersion
from microfactory_desk.models.base import new_uuid
from microfactory_desk.schemas.order_vocab import DestinationType, OrderStatus, ShippingMode
from microfactory_desk.schemas.sla import PriceTierIn
from microfactory_desk.services.common.numbering import format_number, next_sequence
from microfactory_desk.services.common.records import update_rows_by_id
from microfactory_desk.services.sla.terms import select_tier

MAX_ORDERS = 400
ORDERS_PER_PARTNER = (1, 5)
_STAGES = ("approved", "pilot")
_ALL_COLUMNS = {"render_nulls": True}
# Demo orders walk the happy path; partially received comes only from recorded deliveries.
_STATUSES: list[OrderStatus] = [s for s in OrderStatus if s != OrderStatus.PARTIALLY_RECEIVED]
_PATH: list[OrderStatus] = [s for s in _STATUSES if s != OrderStatus.CANCELLED]
# How long ago an order in each status was written (days): later statuses are older.
_AGE = {
    OrderStatus.DRAFT: (0, 6),
    OrderStatus.SENT: (2, 12),
    OrderStatus.CONFIRMED: (6, 20),
    OrderStatus.IN_PRODUCTION: (12, 30),
    OrderStatus.SHIPPED: (18, 40),
    OrderStatus.RECEIVED: (25, 70),
    OrderStatus.CLOSED: (50, 160),
    OrderStatus.CANCELLED: (5, 90),
}
_WEIGHTS = (10, 10, 12, 12, 10, 16, 20, 6)
_QUANTITIES = (12, 20, 30, 50, 60, 80, 120, 150, 250, 400)
_DESTINATIONS = (
    ("Pop-up Kraków Kazimierz", DestinationType.POP_UP, "ul. Szeroka 12, 31-053 Kraków"),
    ("Micro-market Berlin Markthalle Neun", DestinationType.MICRO_MARKET, "Eisenbahnstraße 42, 10997 Berlin"),
    ("Warehouse Łódź", DestinationType.WAREHOUSE, "ul. Piotrkowska 200, 90-001 Łódź"),
    ("Design week stand Milano", DestinationType.EVENT, "Via Tortona 31, 20144 Milano"),
    ("Pop-up Paris Le Marais", DestinationType.POP_UP, "12 rue Vieille du Temple, 75004 Paris"),
    ("Micro-market Lisboa LX", DestinationType.MICRO_MARKET, "Rua Rodrigues de Faria 103, 1300-501 Lisboa"),
)
_CANCEL_REASONS = (
    "Pop-up postponed to next season",
    "Partner cannot meet the requested date",
    "Replaced by a larger consolidated order",
    "Design changed after sampling",
)
_OVERRIDE_REASONS = ("Launch discount agreed by phone", "Rush surcharge for the event date", "Sample run price")
_COMMENTS = ("", "", "", "Fabric arrives a week late; split shipment", "Can do the rest next week", "On schedule")


def _agreed_versions(session: Session) -> list[Any]:
    """Agreed SLA versions of approved/pilot partners that have no orders yet."""
    has_orders = select(PurchaseOrder.partner_id)
    return list(
        session.execute(
            select(
                SlaVersion.id,
                SlaVersion.number,
                SlaVersion.partner_id,
                SlaVersion.valid_from,
                SlaVersion.lead_time_target_days,
                SlaVersion.moq_waiver,
                Partner.min_batch,
                Partner.weekly_capacity,
            )  # fmt: skip
            .join(Partner, Partner.id == SlaVersion.partner_id)
            .where(SlaVersion.status == "agreed", Partner.stage.in_(_STAGES), Partner.id.not_in(has_orders))
            .order_by(SlaVersion.id)
        )
    )


def _tiers(session: Session, version_ids: list[int]) -> dict[int, list[PriceTierIn]]:
    tiers: dict[int, list[PriceTierIn]] = defaultdict(list)
    for start in range(0, len(version_ids), 500):
        rows = session.scalars(select(PriceTier).where(PriceTier.sla_version_id.in_(version_ids[start : start + 500])))
        for t in rows:
            tiers[t.sla_version_id].append(
                PriceTierIn(
                    sku=t.sku,
                    sku_category=t.sku_category,
                    min_qty=t.min_qty,
                    unit_price=t.unit_price,
                    currency=t.currency,
                )  # fmt: skip
            )
    return tiers


def _price(rng: random.Random, tiers: list[PriceTierIn], qty: int, sku: Any, number: int) -> dict[str, Any]:
    try:
        tier = select_tier(tiers, qty, sku.code, sku.category)
    except ValidationFailed:
        return {"unit_price": Decimal("9.90"), "price_source": "override", "tier_min_qty": None,
                "tier_label": "Override: Sample run price", "override_reason": "Sample run price"}  # fmt: skip
    label = f"SLA v{number} · {tier.scope_label} · from {tier.min_qty}"
    if rng.random() < 0.06:
        reason = rng.choice(_OVERRIDE_REASONS)
        price = (tier.unit_price * Decimal(rng.choice(("0.9", "0.95", "1.1")))).quantize(Decimal("0.01"))
        return {"unit_price": price, "price_source": "override", "tier_min_qty": tier.min_qty,
                "tier_label": f"Override: {reason}", "override_reason": reason}  # fmt: skip
    return {"unit_price": tier.unit_price, "price_source": "tier", "tier_min_qty": tier.min_qty,
            "tier_label": label, "override_reason": ""}  # fmt: skip


def add_demo_orders(session: Session, rng: random.Random, today: dt.date) -> dict[str, int]:
    """Add demo orders, their lines and status history; {label: rows added}."""
    versions = _agreed_versions(session)
    skus = list(session.execute(select(Sku.id, Sku.code, Sku.category, Sku.experimental).order_by(Sku.id)))
    if not versions or not skus:
        return {}
    chosen = rng.sample(versions, min(len(versions), MAX_ORDERS // 3))
    tiers = _tiers(session, [v.id for v in chosen])
    sequences: dict[int, int] = {}
    orders: list[tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]] = []
    for version in chosen:
        for _ in range(rng.randint(*ORDERS_PER_PARTNER)):
            if len(orders) >= MAX_ORDERS:
                break
            status = rng.choices(_STATUSES, weights=_WEIGHTS)[0]
            day = today - dt.timedelta(days=rng.randint(*_AGE[status]))
            day = max(day, version.valid_from or day)
            orders.append(_order(rng, version, tiers[version.id], skus, status, day, today))
    # Numbered in date order, as they would have been written.
    orders.sort(key=lambda o: o[0]["order_date"])
    for order, _, _ in orders:
        year = order["order_date"].year
        if year not in sequences:
            sequences[year] = next_sequence(session, PurchaseOrder.number, "PO", year)
        order["number"] = format_number("PO", year, sequences[year])
        sequences[year] += 1
    stmt = insert(PurchaseOrder).returning(PurchaseOrder.id, sort_by_parameter_order=True)
    ids = list(session.scalars(stmt, [o[0] for o in orders], execution_options=_ALL_COLUMNS))
    line_rows = [{**r, "order_id": oid} for oid, o in zip(ids, orders, strict=True) for r in o[1]]
    change_rows = [{**r, "order_id": oid} for oid, o in zip(ids, orders, strict=True) for r in o[2]]
    session.execute(insert(OrderLine), line_rows, execution_options=_ALL_COLUMNS)
    session.execute(insert(OrderStatusChange), change_rows, execution_options=_ALL_COLUMNS)
    return {"orders": len(orders), "order lines": len(line_rows)}


def _order(
    rng: random.Random, version: Any, tiers: list[PriceTierIn], skus: list[Any], status: OrderStatus,
    day: dt.date, today: dt.date,
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:  # fmt: skip
    """One order row, its lines and its status history."""
    lead = version.lead_time_target_days or 14
    name, kind, address = rng.choice(_DESTINATIONS)
    moment = dt.datetime.combine(day, dt.time(9))
    reached = _PATH if status == OrderStatus.CANCELLED else _PATH[: _PATH.index(status) + 1]
    if status == OrderStatus.CANCELLED:
        reached = _PATH[: rng.randint(1, 4)]
    dates = _dates(rng, day, today, len(reached), lead)
    order = {
        "uuid": new_uuid(), "partner_id": version.partner_id, "status": status.value, "order_date": day,
        "requested_on": day + dt.timedelta(days=lead + rng.randint(3, 14)), "destination_name": name,
        "destination_type": kind.value, "destination_address": address,
        "shipping_mode": rng.choice(list(ShippingMode)).value, "currency": "EUR",
        "notes": "Deliver before the opening; call the store manager on arrival." if rng.random() < 0.3 else "",
        "sla_version_id": version.id, "sent_on": dates[1] if len(reached) > 1 else None,
        "confirmed_on": dates[2] if len(reached) > 2 else None, "received_on": dates[5] if len(reached) > 5 else None,
        "cancel_reason": rng.choice(_CANCEL_REASONS) if status == OrderStatus.CANCELLED else "",
        "reorder_of_id": None, "pilot_id": None, "created_at": moment, "updated_at": moment,
    }  # fmt: skip
    confirmed = len(reached) > 2
    rows = []
    for position, sku in enumerate(rng.sample(skus, rng.randint(1, min(6, len(skus)))), start=1):
        qty = rng.choice(_QUANTITIES)
        short = confirmed and rng.random() < 0.15
        rows.append(
            {
                "uuid": new_uuid(),
                "position": position,
                "sku_id": sku.id,
                "quantity": qty,
                **_price(rng, tiers, qty, sku, version.number),
                "notes": "",
                "confirmed_qty": (qty - rng.randint(1, max(1, qty // 4)) if short else qty) if confirmed else None,
                "confirmed_ship_on": order["requested_on"] - dt.timedelta(days=rng.randint(0, 4))
                if confirmed
                else None,
                "partner_comment": rng.choice(_COMMENTS) if confirmed else "",
                "created_at": moment,
                "updated_at": moment,
            }  # fmt: skip
        )
    history = []
    previous = None
    for step, reached_status in enumerate(reached):
        history.append(_change(previous, reached_status.value, dates[step], ""))
        previous = reached_status.value
    if status == OrderStatus.CANCELLED:
        history.append(
            _change(previous, status.value, min(today, dates[-1] + dt.timedelta(days=2)), order["cancel_reason"])
        )
    return order, rows, history


def _dates(rng: random.Random, day: dt.date, today: dt.date, steps: int, lead: int) -> list[dt.date]:
    """The day each status was reached, in order, never after today."""
    gaps = (0, rng.randint(0, 2), rng.randint(1, 4), rng.randint(1, 5), lead // 2 + rng.randint(0, 5),
            rng.randint(2, 6), rng.randint(5, 20))  # fmt: skip
    dates, current = [], day
    for step in range(steps):
        current = min(today, current + dt.timedelta(days=gaps[step]))
        dates.append(current)
    return dates


def _change(from_status: str | None, to_status: str, day: dt.date, reason: str) -> dict[str, Any]:
    moment = dt.datetime.combine(day, dt.time(10))
    return {"uuid": new_uuid(), "from_status": from_status, "to_status": to_status, "changed_at": moment,
            "reason": reason, "created_at": moment, "updated_at": moment}  # fmt: skip


def number_orders_by_date(session: Session, after_id: int) -> None:
    """Renumber the orders one demo load added (ids above `after_id`) in order-date order, as if issued as placed.

    The areas write their orders separately (history first or current first), so their numbers
    would otherwise not follow the dates. Older orders keep their numbers.
    """
    added = session.execute(
        select(PurchaseOrder.id, PurchaseOrder.order_date)
        .where(PurchaseOrder.id > after_id)
        .order_by(PurchaseOrder.order_date, PurchaseOrder.id)
    ).all()
    if not added:
        return
    # Park the numbers first: the unique constraint must hold after every statement.
    update_rows_by_id(session, PurchaseOrder, [{"id": oid, "number": f"TMP-{oid}"} for oid, _ in added])
    sequence: dict[int, int] = {}
    final = []
    for oid, day in added:
        if day.year not in sequence:
            sequence[day.year] = next_sequence(session, PurchaseOrder.number, "PO", day.year)
        final.append({"id": oid, "number": format_number("PO", day.year, sequence[day.year])})
        sequence[day.year] += 1
    update_rows_by_id(session, PurchaseOrder, final)
