"""Demo pilots: experimental SKUs in micro-markets, in every state, with feedback and daily sales.

Pilots go to pilot and approved microfactories (one for every eight partners, at least 12, at most 400);
states cycle so even a small demo shows planned, running, ended-undecided and decided pilots.
Orders of the pilot's partner placed shortly before its start are tied to it when the orders demo made any.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from microfactory_desk.models import Partner, Pilot, PilotFeedback, PilotSales, PurchaseOrder, Sku
from microfactory_desk.models.base import new_uuid
from microfactory_desk.services.common.numbering import format_number, next_sequence
from microfactory_desk.services.common.records import update_rows_by_id

MAX_PILOTS = 400
_ALL_COLUMNS = {"render_nulls": True}
_STATES = ("planned", "running", "running", "awaiting_decision", "decided", "decided")
_DECISIONS = ("scale_up", "iterate", "stop")
# Daily sales as a share of the units shipped, by the decision the pilot's figures must support: a scale-up
# sells out within two weeks, an iteration sells steadily, a stop hardly sells.
_SALES_RATE = {"scale_up": (0.09, 0.15), "iterate": (0.02, 0.035), "stop": (0.004, 0.01), None: (0.01, 0.07)}
# The ratings customers give each kind of pilot (None: a comment without a rating).
_RATINGS = {"scale_up": {4, 5, None}, "iterate": {3, 4, None}, "stop": {1, 2, 3, None}}
# (name, region, kind)
MARKETS = (
    ("Kraków Christmas Market", "PL-South", "event_drop"),
    ("Kreuzberg Pop-up Hall", "DE-Berlin", "pop_up"),
    ("Le Marais Concept Store", "FR-Paris", "local_shop"),
    ("Łódź Off Piotrkowska", "PL-Central", "pop_up"),
    ("Vienna Design Week", "AT-Vienna", "event_drop"),
    ("Grünerløkka Makers Shop", "NO-Oslo", "local_shop"),
    ("Fuorisalone Milano", "IT-Milan", "event_drop"),
    ("Gràcia Weekend Pop-up", "ES-Barcelona", "pop_up"),
)
_FEEDBACK = (
    (5, "Love the colour, sold it to my sister too."),
    (4, "Nice finish; wish it came in a larger size."),
    (3, "OK quality, a bit pricey for a market stall."),
    (2, "Seam came loose after a week."),
    (5, "Bought two as gifts — great story behind it."),
    (4, "Asked whether it comes in <b>XL</b> & other colours."),
    (None, "=Wants a wholesale price list (customer wrote this on the form)"),
    (3, "Ελλάδα visitor: would buy if shipped abroad."),
    (4, "Müller & Söhne staff liked the packaging."),
    (1, "Broke on first use, returned it."),
)
_CHANNELS = ("in_store", "in_store", "online", "social", "event", "email")


def _state_dates(rng: random.Random, state: str, today: dt.date) -> tuple[dt.date, dt.date]:
    if state == "planned":
        start = today + dt.timedelta(days=rng.randint(3, 30))
    elif state == "running":
        start = today - dt.timedelta(days=rng.randint(5, 20))
    elif state == "awaiting_decision":
        start = today - dt.timedelta(days=rng.randint(25, 60))
    else:
        start = today - dt.timedelta(days=rng.randint(70, 300))
    length = rng.randint(14, 30)
    end = start + dt.timedelta(days=length)
    if state == "running" and end <= today:
        end = today + dt.timedelta(days=rng.randint(1, 10))
    if state == "awaiting_decision" and end >= today:
        end = today - dt.timedelta(days=rng.randint(1, 10))
    return start, end


def _sales(
    rng: random.Random, start: dt.date, last: dt.date, shipped: int, decision: str | None = None
) -> list[tuple[dt.date, int, int]]:
    """Daily (day, sold, returned) from start to last, never beyond the units shipped, at the pace the
    pilot's decision needs."""
    days, total, rate = [], 0, rng.uniform(*_SALES_RATE[decision]) * shipped
    day = start
    while day <= last and total < shipped:
        sold = min(shipped - total, max(0, round(rng.gauss(rate, rate / 2))))
        returned = 1 if sold and rng.random() < 0.08 else 0
        total += sold
        if sold or returned:
            days.append((day, sold, min(returned, sold)))
        day += dt.timedelta(days=1)
    return days


def _reason(decision: str, start: dt.date, sold: int, returned: int, shipped: int, sold_out: dt.date | None) -> str:
    """The decision's reason in the pilot's own figures."""
    share = round(100 * (sold - returned) / shipped) if shipped else 0
    if decision == "scale_up":
        pace = f"Sold out in {(sold_out - start).days + 1} days" if sold_out else f"{share} % sold"
        return f"{pace} with strong ratings; move to a regular order with quick reorders."
    if decision == "iterate":
        return f"{share} % sold and good interest, but returns over fit; revise the pattern and run a second drop."
    return f"Only {share} % sold and lukewarm feedback; the price point does not work for this market."


def add_demo_pilots(session: Session, rng: random.Random, today: dt.date) -> dict[str, int]:
    """Add pilots with feedback and daily sales; {label: rows added}."""
    skus = list(session.scalars(select(Sku.id).where(Sku.experimental.is_(True)).order_by(Sku.id)))
    partners = list(
        session.scalars(
            select(Partner.id)
            .where(Partner.kind == "microfactory", Partner.stage.in_(("pilot", "approved")))
            .order_by(Partner.id)
        )
    )
    if not skus or not partners:
        return {}
    rng.shuffle(skus)
    count = min(MAX_PILOTS, max(12, len(partners) // 8))
    chosen = [partners[i * len(partners) // count] for i in range(count)] if len(partners) > count else partners
    sequences: dict[int, int] = {}
    decided = 0
    pilots, plans = [], []
    for index, partner_id in enumerate(chosen):
        state = _STATES[index % len(_STATES)]
        start, end = _state_dates(rng, state, today)
        if start.year not in sequences:
            sequences[start.year] = next_sequence(session, Pilot.number, "PIL", start.year)
        number = format_number("PIL", start.year, sequences[start.year])
        sequences[start.year] += 1
        market = MARKETS[rng.randrange(len(MARKETS))]
        planned = rng.choice((60, 80, 100, 120, 150, 200))
        made = 0 if state == "planned" else planned - rng.randint(0, 10)
        shipped = 0 if state == "planned" else made - rng.randint(0, 5)
        last = min(end, today - dt.timedelta(days=1))
        intended = _DECISIONS[decided % len(_DECISIONS)] if state == "decided" else None
        sales = _sales(rng, start, last, shipped, intended) if state != "planned" else []
        sold, returned, sold_out = 0, 0, None
        for day, day_sold, day_returned in sales:
            sold, returned = sold + day_sold, returned + day_returned
            if sold_out is None and shipped and sold >= shipped:
                sold_out = day
        decision, reason, decided_on = None, "", None
        if intended is not None:
            decision, reason = intended, _reason(intended, start, sold, returned, shipped, sold_out)
            decided += 1
            decided_on = end + dt.timedelta(days=rng.randint(2, 12))
        pilots.append(
            {
                "uuid": new_uuid(),
                "number": number,
                # Pilots come in pairs on one SKU, so every demo has something to compare side by side.
                "sku_id": skus[index // 2 % len(skus)],
                "partner_id": partner_id,
                "market_name": market[0],
                "market_region": market[1],
                "market_kind": market[2],
                "starts_on": start,
                "ends_on": end,
                "units_planned": planned,
                "units_made": made,
                "units_shipped": shipped,
                "units_sold": sold,
                "units_returned": returned,
                "sold_out_on": sold_out,
                "price": Decimal(rng.choice(("19.90", "24.00", "29.50", "39.00", "49.00"))),
                "currency": "EUR",
                "decision": decision,
                "decision_reason": reason,
                "decided_on": decided_on,
                "notes": "",
            }
        )
        plans.append((number, state, start, last, sales, decision))
    session.execute(insert(Pilot).execution_options(**_ALL_COLUMNS), pilots)
    ids = dict(session.execute(select(Pilot.number, Pilot.id).where(Pilot.number.in_([p[0] for p in plans]))).all())
    feedback: list[dict[str, Any]] = []
    sales_rows: list[dict[str, Any]] = []
    for number, state, start, last, sales, decision in plans:
        pilot_id = ids[number]
        sales_rows += [
            {"uuid": new_uuid(), "pilot_id": pilot_id, "sold_on": day, "sold": s, "returned": r} for day, s, r in sales
        ]
        if state == "planned" or last < start:
            continue
        span = (last - start).days
        fitting = [f for f in _FEEDBACK if decision is None or f[0] in _RATINGS[decision]]
        for _ in range(rng.randint(0, 7)):
            rating, text = fitting[rng.randrange(len(fitting))]
            feedback.append(
                {
                    "uuid": new_uuid(),
                    "pilot_id": pilot_id,
                    "received_on": start + dt.timedelta(days=rng.randint(0, span)),
                    "channel": rng.choice(_CHANNELS),
                    "rating": rating,
                    "text": text,
                }
            )
    if feedback:
        session.execute(insert(PilotFeedback).execution_options(**_ALL_COLUMNS), feedback)
    if sales_rows:
        session.execute(insert(PilotSales), sales_rows)
    tied = _tie_orders(session, [(ids[p[0]], partner, p[2]) for p, partner in zip(plans, chosen, strict=True)])
    return {"pilots": len(pilots), "pilot feedback entries": len(feedback), "pilot sales days": len(sales_rows)} | (
        {"orders tied to pilots": tied} if tied else {}
    )


def _tie_orders(session: Session, pilots: list[tuple[int, int, dt.date]]) -> int:
    """Tie each pilot to one untied order of its partner placed up to 45 days before its start."""
    by_partner: dict[int, list[tuple[int, dt.date]]] = {}
    for pilot_id, partner_id, start in pilots:
        by_partner.setdefault(partner_id, []).append((pilot_id, start))
    orders = session.execute(
        select(PurchaseOrder.id, PurchaseOrder.partner_id, PurchaseOrder.order_date)
        .where(PurchaseOrder.pilot_id.is_(None), PurchaseOrder.partner_id.in_(list(by_partner)))
        .where(PurchaseOrder.status != "cancelled")
        .order_by(PurchaseOrder.order_date)
    ).all()
    taken: set[int] = set()
    changes = []
    for order_id, partner_id, ordered in orders:
        for pilot_id, start in by_partner[partner_id]:
            if pilot_id not in taken and start - dt.timedelta(days=45) <= ordered <= start:
                changes.append({"id": order_id, "pilot_id": pilot_id})
                taken.add(pilot_id)
                break
    if changes:
        update_rows_by_id(session, PurchaseOrder, changes)
    return len(changes)
