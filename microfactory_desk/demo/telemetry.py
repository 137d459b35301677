"""Demo telemetry: 18 months of orders and deliveries for approved and pilot partners, then recent snapshots.

Partners get a profile: most keep their SLA, some drift out of it over the last months (longer lead
times, more defects), a few are poor throughout. Some lines arrive in two partial deliveries.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from microfactory_desk.models import Delivery, OrderLine, Partner, PurchaseOrder, Sku, SlaVersion
from microfactory_desk.models.base import new_uuid
from microfactory_desk.schemas.periods import current_quarter, month, previous, recent
from microfactory_desk.schemas.scorecard import DEFAULT_SCORING
from microfactory_desk.schemas.telemetry import DEFAULT_TRANSIT
from microfactory_desk.services.common.numbering import format_number, next_sequence
from microfactory_desk.services.common.sql import SessionReader
from microfactory_desk.services.scorecards.service import portfolio_rows, save_snapshots
from microfactory_desk.services.sla.in_force import pick_in_force

MONTHS = 18
# Demo telemetry orders go by courier: its default transit allowance turns a ship date into an arrival.
TRANSIT = DEFAULT_TRANSIT.days("courier")
# Enough partners for contrast in every region, few enough that a 10,000-partner demo stays quick.
MAX_PARTNERS = 240
PROFILES = (("steady", 0.45), ("good", 0.25), ("drifting", 0.2), ("poor", 0.1))
_ALL_COLUMNS = {"render_nulls": True}
_DESTINATIONS = ("Pop-up Kraków", "Micro-market Lyon", "Central warehouse", "Pop-up Berlin Mitte", "Event: Design Week")


def _ceiling(sla: Any | None) -> float:
    """The SLA's defect ceiling in % (the stricter of % and ppm), 1.5 % without one."""
    given = [float(sla.defect_ceiling_pct)] if sla is not None and sla.defect_ceiling_pct is not None else []
    if sla is not None and sla.defect_ceiling_ppm is not None:
        given.append(sla.defect_ceiling_ppm / 10_000)
    return min(given) if given else 1.5


def _lateness(profile: str, progress: float, rng: random.Random) -> float:
    """Lead time as a multiple of the SLA target; drifting partners slip over the last third of the history."""
    if profile == "steady":
        return rng.gauss(0.75, 0.1)
    if profile == "good":
        return rng.gauss(0.9, 0.15)
    if profile == "drifting":
        return rng.gauss(0.9 + max(0.0, progress - 0.6) * 1.6, 0.2)
    return rng.gauss(1.3, 0.3)


def _defect_share(profile: str, progress: float, ceiling: float, rng: random.Random) -> float:
    """Defective share of a delivery, relative to the ceiling (in %)."""
    factor = {"steady": 0.3, "good": 0.7, "drifting": 0.5 + max(0.0, progress - 0.6) * 4, "poor": 1.8}[profile]
    return max(0.0, rng.gauss(factor, factor * 0.5)) * ceiling / 100


def add_demo_telemetry(session: Session, rng: random.Random, today: dt.date) -> dict[str, int]:
    """Add historic orders with deliveries and snapshots of the recent periods; {label: rows added}."""
    sku_ids = list(session.scalars(select(Sku.id).where(Sku.active.is_(True)).order_by(Sku.id)))
    partner_ids = list(
        session.scalars(
            select(Partner.id)
            .where(Partner.stage.in_(("approved", "pilot")), Partner.kind == "microfactory")
            .where(
                select(SlaVersion.id).where(SlaVersion.partner_id == Partner.id, SlaVersion.status == "agreed").exists()
            )
            .order_by(Partner.id)
        )
    )
    if not sku_ids or not partner_ids:
        return {}
    chosen = sorted(rng.sample(partner_ids, min(MAX_PARTNERS, len(partner_ids))))
    versions: dict[int, list[Any]] = {}
    for v in session.scalars(select(SlaVersion).where(SlaVersion.partner_id.in_(chosen)).order_by(SlaVersion.number)):
        versions.setdefault(v.partner_id, []).append(v)
    sequence: dict[int, int] = {}
    # Delivery references count on from the orders already there, so a second demo load repeats none.
    first_reference = int(session.scalar(select(func.count(PurchaseOrder.id))) or 0) + 1
    orders: list[dict[str, Any]] = []
    lines: list[dict[str, Any]] = []
    deliveries: list[dict[str, Any]] = []
    start = today - dt.timedelta(days=MONTHS * 30)
    now = dt.datetime.combine(today, dt.time(9))
    for pid in chosen:
        profile = rng.choices([p for p, _ in PROFILES], [w for _, w in PROFILES])[0]
        own = versions.get(pid, [])
        day = start + dt.timedelta(days=rng.randint(0, 20))
        while day < today - dt.timedelta(days=10):
            sla = pick_in_force(own, day)
            target = (sla.lead_time_target_days if sla is not None else None) or 14
            progress = (day - start).days / (today - start).days
            lead = max(2, round(target * _lateness(profile, progress, rng)))
            if day + dt.timedelta(days=lead + 3) > today:
                break
            year = day.year
            if year not in sequence:
                sequence[year] = next_sequence(session, PurchaseOrder.number, "PO", year)
            # Ids come from the database (a server's sequences must not fall behind); rows point at their
            # parent's position in the lists until the parents are inserted.
            order_at = len(orders)
            received_all = day + dt.timedelta(days=lead)
            orders.append(
                {
                    "uuid": new_uuid(), "created_at": now, "updated_at": now,
                    "number": format_number("PO", year, sequence[year]), "partner_id": pid,
                    "status": "closed" if received_all < today - dt.timedelta(days=45) else "received",
                    "order_date": day - dt.timedelta(days=rng.randint(0, 3)), "requested_on": day + dt.timedelta(days=target),
                    "destination_name": rng.choice(_DESTINATIONS), "sla_version_id": sla.id if sla is not None else None,
                    "shipping_mode": "courier", "sent_on": day, "confirmed_on": day + dt.timedelta(days=rng.randint(0, 2)), "received_on": received_all,
                    "notes": "",
                }
            )  # fmt: skip
            sequence[year] += 1
            for position in range(1, rng.choice((1, 1, 2, 3)) + 1):
                line_at = len(lines)
                quantity = rng.choice((24, 50, 60, 100, 120, 200, 250, 400))
                # A confirmed line names the day it leaves the partner; it should arrive a courier's transit later.
                confirmed = (
                    day + dt.timedelta(days=target - TRANSIT + rng.randint(-2, 2)) if rng.random() < 0.4 else None
                )
                promised = confirmed + dt.timedelta(days=TRANSIT) if confirmed else day + dt.timedelta(days=target)
                lines.append(
                    {
                        "uuid": new_uuid(), "created_at": now, "updated_at": now,
                        "order_id": order_at, "position": position, "sku_id": rng.choice(sku_ids), "quantity": quantity,
                        "unit_price": Decimal(f"{rng.uniform(3, 40):.2f}"), "price_source": "tier",
                        "confirmed_qty": quantity if confirmed else None, "confirmed_ship_on": confirmed,
                        "promised_on": promised,
                    }
                )  # fmt: skip
                parts = [quantity] if rng.random() > 0.15 else [quantity * 6 // 10, quantity - quantity * 6 // 10]
                for number, qty in enumerate(parts):
                    # The rest of a split line follows a few days later; reliable partners still keep the promise.
                    rest = number * (rng.randint(1, 3) if profile in ("steady", "good") else rng.randint(3, 9))
                    arrival = day + dt.timedelta(days=max(1, lead + rest + rng.randint(-1, 1)))
                    if arrival > today:
                        # The rest is still on its way: the order is partially received, as deliveries say.
                        orders[-1] |= {"status": "partially_received", "received_on": None}
                        continue
                    bad = min(qty, round(qty * _defect_share(profile, progress, _ceiling(sla), rng)))
                    deliveries.append(
                        {
                            "uuid": new_uuid(), "created_at": now, "updated_at": now,
                            "order_line_id": line_at, "partner_id": pid,
                            "reference": f"DN-{first_reference + order_at:06d}-{position}{'ab'[number] if len(parts) > 1 else ''}",
                            "sent_on": day, "promised_on": promised, "shipped_on": arrival - dt.timedelta(days=rng.randint(1, 3)),
                            "received_on": arrival, "lead_days": (arrival - day).days, "qty_received": qty,
                            "qty_accepted": qty - bad, "qty_defective": bad,
                            "notes": "Partial delivery" if len(parts) > 1 else "",
                        }
                    )  # fmt: skip
            day += dt.timedelta(days=rng.randint(12, 30))
    order_ids = _insert_returning_ids(session, PurchaseOrder, orders)
    for line in lines:
        line["order_id"] = order_ids[line["order_id"]]
    line_ids = _insert_returning_ids(session, OrderLine, lines)
    for delivery in deliveries:
        delivery["order_line_id"] = line_ids[delivery["order_line_id"]]
    _insert_returning_ids(session, Delivery, deliveries)
    snapshots = _snapshots(session, today)
    return {"historic orders": len(orders), "deliveries": len(deliveries), "scorecard snapshots": snapshots}


def _insert_returning_ids(session: Session, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert `rows` in chunks and return the new ids in the rows' order (the database picks them)."""
    ids: list[int] = []
    stmt = insert(model).returning(model.id, sort_by_parameter_order=True)
    for chunk in range(0, len(rows), 2000):
        ids += session.scalars(stmt, rows[chunk : chunk + 2000], execution_options=_ALL_COLUMNS).all()
    return ids


def _snapshots(session: Session, today: dt.date) -> int:
    """Snapshots of the last three months and the last two quarters, so the dashboard sees trends and falls."""
    reader = SessionReader(session)
    this_month = month(today.year, today.month)
    periods = [*recent(previous(this_month), 3), previous(current_quarter(today)), current_quarter(today)]
    written = 0
    for period in periods:
        rows, current, before = portfolio_rows(reader, period, DEFAULT_SCORING, today)
        results = {r.partner_id: current.get(r.partner_id) for r in rows if r.partner_id in current}
        written += save_snapshots(session, period, results, DEFAULT_SCORING, before)
    return written
