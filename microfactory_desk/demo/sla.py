"""Demo SLA histories and negotiation logs for the approved and pilot partners of a demo load.

Each such partner gets 2-3 SLA versions (an older superseded one, the agreed one in force and
sometimes a newer draft or proposal) with price tiers, and 2-6 negotiation entries whose
follow-ups are partly done, partly overdue and partly due this week relative to `today`.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from microfactory_desk.models import NegotiationEntry, PriceTier, SlaVersion
from microfactory_desk.models.base import new_uuid
from microfactory_desk.schemas.text import fold
from microfactory_desk.schemas.vocab import NegotiationChannel, SlaStatus
from microfactory_desk.services.sla.negotiations import SEARCHED

CHUNK = 1000
_ALL_COLUMNS = {"render_nulls": True}
_CATEGORIES = ("Apparel", "Accessories", "Packaging", "Prototypes", "Limited drops", "Home goods")
# Each trigger with the numbers a buyer would write into it (a lead time a few days over target, a capacity
# shortfall in tens of per cent, two or three batches, never 26).
_TRIGGERS = (
    "Lead time over {days} days on two deliveries in a row",
    "Capacity shortfall of more than {pct} % for two weeks",
    "Defect rate above the ceiling in {batches} consecutive batches",
)
_CLAUSES = (
    "Samples are approved in writing before a run starts.",
    "Partner keeps 5 % spare material for reorders of experimental SKUs.",
    "Price review every six months against the raw-material index.",
    "Packaging follows the pop-up store guidelines, version 3.",
)
_PEOPLE = ("Ania Kowalska", "Jonas Weber", "Marie Dubois", "Luca Bianchi", "Sofia Lindqvist", "Tomáš Novák")
_ASKS = (
    "Lead time down to {t} days for drops",
    "Price break at {q} units",
    "Waive the minimum order for experimental SKUs",
    "Hold prices until the end of the season",
    "90 % of deliveries within {b} days",
)
_OFFERS = (
    "{t} days if artwork arrives a week ahead",
    "{p} % off from {q} units",
    "MOQ waiver for up to three experimental SKUs a quarter",
    "Prices held for six months, then indexed",
    "Within {b} days for 85 %, not 90 %",
)
_AGREED = ("", "", "Target {t} days, bound {b} days at 90 %", "Break at {q} units", "MOQ waiver for pilots")
_NEXT = (
    "Send revised quote",
    "Share the drop calendar",
    "Confirm sample approval",
    "Send draft SLA for review",
    "Book a factory visit",
)
_CHANNELS = tuple(c.value for c in NegotiationChannel)
_DAY = dt.timedelta(days=1)
_fold = functools.lru_cache(maxsize=8192)(fold)


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def _terms(rng: random.Random, target: int, price: float, fallback_id: int | None) -> dict[str, Any]:
    """One version's term columns (tiers excluded).

    The random draws come in the same order and number as before the ceilings and triggers were made
    consistent, so a seed still gives the same partners, SLAs and deliveries (only the texts changed).
    """
    held = rng.random() < 0.4
    bound = target + rng.randint(2, 8)
    percentile = rng.choice((80, 85, 90, 95))
    on_time = Decimal(rng.choice((85, 90, 92, 95, 98)))
    ceiling = _money(rng.choice((0.5, 1.0, 1.5, 2.0, 3.0))) if rng.random() < 0.7 else None
    ppm = rng.choice((500, 1000, 2500, 5000)) if rng.random() < 0.3 else None
    if ceiling is not None and ppm is not None:
        ppm = int(ceiling * 10_000)  # both ceilings only when they say the same (1 % = 10,000 ppm)
    terms = {
        "quote_response_days": rng.randint(1, 5),
        "reorder_window_days": rng.choice((14, 21, 30, 45, 60)),
        "max_reorder_qty": rng.choice((50, 100, 200, 500)),
        "moq_waiver": rng.random() < 0.5,
    }
    trigger = ""
    if fallback_id:
        trigger = rng.choice(_TRIGGERS).format(days=target + 5, pct=10 + 5 * (target % 3), batches=2 + target % 2)
    return {
        "lead_time_target_days": target,
        "lead_time_bound_days": bound,
        "lead_time_percentile": percentile,
        "on_time_target_pct": on_time,
        "defect_ceiling_pct": ceiling,
        "defect_ceiling_ppm": ppm,
        **terms,
        "price_held": held,
        "price_held_until": None,
        "fallback_supplier_id": fallback_id,
        "fallback_trigger": trigger,
        "clauses": "\n".join(rng.sample(_CLAUSES, rng.randint(0, 2))),
        "notes": "",
    }


def _tiers(rng: random.Random, price: float, categories: list[str]) -> list[dict[str, Any]]:
    """General quantity breaks and, for some partners, cheaper breaks for a SKU category."""
    rows = [
        {"sku": None, "sku_category": None, "min_qty": q, "unit_price": _money(price * f), "currency": "EUR"}
        for q, f in ((1, 1.0), (50, 0.872), (200, 0.752))
    ]
    for category in categories:
        factor = rng.uniform(0.8, 0.95)
        for q, f in ((10, 1.0), (100, 0.85)):
            rows.append({"sku": None, "sku_category": category, "min_qty": q, "currency": "EUR"})
            rows[-1]["unit_price"] = _money(price * factor * f)
    return rows


def _versions(rng: random.Random, today: dt.date, fallback_id: int | None) -> list[dict[str, Any]]:
    """An older superseded version, the agreed one in force, sometimes a newer draft or proposal."""
    start = today - dt.timedelta(days=rng.randint(20, 300))
    first = start - dt.timedelta(days=rng.randint(180, 500))
    # Still running today (else it would have expired); some end within the next two months.
    until = today + dt.timedelta(days=rng.randint(5, 500)) if rng.random() < 0.6 else None
    target, price = rng.randint(7, 21), rng.uniform(4, 40)
    categories = rng.sample(_CATEGORIES, rng.choice((0, 0, 1, 2)))
    plan = [
        (SlaStatus.SUPERSEDED, first, start - _DAY, target + rng.randint(1, 4), price * 1.06),
        (SlaStatus.AGREED, start, until, target, price),
    ]
    if rng.random() < 0.45:
        status = rng.choice((SlaStatus.DRAFT, SlaStatus.PROPOSED))
        plan.append((status, (until or today + 60 * _DAY) + _DAY, None, max(3, target - 2), price * 0.97))
    rows = []
    for number, (status, valid_from, valid_until, days, unit) in enumerate(plan, start=1):
        agreed = status in (SlaStatus.SUPERSEDED, SlaStatus.AGREED)
        moment = dt.datetime.combine(valid_from - dt.timedelta(days=rng.randint(3, 20)), dt.time(10))
        row = _terms(rng, days, unit, fallback_id)
        if row["price_held"]:
            row["price_held_until"] = valid_from + dt.timedelta(days=180)
        row |= {
            "uuid": new_uuid(),
            "number": number,
            "status": status.value,
            "valid_from": valid_from,
            "valid_until": valid_until,
            "agreed_at": moment if agreed else None,
            "created_at": moment - dt.timedelta(days=10),
            "updated_at": moment,
            "_tiers": _tiers(rng, unit, categories),
        }
        rows.append(row)
    return rows


def _entries(rng: random.Random, today: dt.date, first_day: dt.date, versions: list[int]) -> list[dict[str, Any]]:
    """2-6 entries between the first version and today; the newest carry open, overdue or done follow-ups."""
    count = rng.randint(2, 6)
    span = max((today - first_day).days, count + 1)
    days = sorted(rng.sample(range(1, span), count))
    rows = []
    for position, offset in enumerate(days):
        occurred = first_day + dt.timedelta(days=offset)
        words = {"t": rng.randint(5, 15), "b": rng.randint(12, 25), "q": rng.choice((50, 100, 200)), "p": 5}
        follow_up = done = None
        newest = position >= count - 2
        if newest:
            follow_up = today + dt.timedelta(days=rng.randint(-20, 7) if rng.random() < 0.7 else rng.randint(8, 40))
            follow_up = max(follow_up, occurred)
            if rng.random() < 0.3:
                done = dt.datetime.combine(min(follow_up, today), dt.time(16))
        elif rng.random() < 0.5:
            follow_up = occurred + dt.timedelta(days=rng.randint(3, 14))
            done = dt.datetime.combine(follow_up, dt.time(15))
        texts: dict[str, Any] = {
            "participants": ", ".join(rng.sample(_PEOPLE, rng.randint(1, 2))),
            "our_ask": rng.choice(_ASKS).format(**words),
            "their_offer": rng.choice(_OFFERS).format(**words),
            "agreed": rng.choice(_AGREED).format(**words),
            "notes": "",
            "next_step": rng.choice(_NEXT) if follow_up else "",
            "follow_up_owner": rng.choice(_PEOPLE) if follow_up else "",
        }
        moment = dt.datetime.combine(occurred, dt.time(9))
        rows.append(
            texts
            | {
                "uuid": new_uuid(),
                "sla_version_id": rng.choice(versions) if rng.random() < 0.5 else None,
                "occurred_on": occurred,
                "channel": rng.choice(_CHANNELS),
                "follow_up_on": follow_up,
                "follow_up_done_at": done,
                # Same text as negotiations.entry_search_text, folded piece by piece because the pieces repeat.
                "search_text": " | ".join(_fold(texts[name]) for name in SEARCHED),
                "created_at": moment,
                "updated_at": moment,
            }
        )
    return rows


def add_sla_histories(
    session: Session, rng: random.Random, partners: list[tuple[int, int | None]], today: dt.date
) -> tuple[int, int, int]:
    """SLA versions, tiers and negotiation entries for (partner id, fallback id) pairs; returns the three counts."""
    counts = [0, 0, 0]
    for start in range(0, len(partners), CHUNK):
        chunk = partners[start : start + CHUNK]
        planned = [(pid, _versions(rng, today, fallback)) for pid, fallback in chunk]
        rows = [{**v, "partner_id": pid} for pid, versions in planned for v in versions]
        tiers = [row.pop("_tiers") for row in rows]
        # A plain executemany then one lookup by UUID: RETURNING in parameter order goes row by row on SQLite.
        session.execute(insert(SlaVersion), rows, execution_options=_ALL_COLUMNS)
        lookup = select(SlaVersion.uuid, SlaVersion.id).where(SlaVersion.partner_id.in_([pid for pid, _ in chunk]))
        by_uuid = {uuid: vid for uuid, vid in session.execute(lookup)}
        ids = [by_uuid[row["uuid"]] for row in rows]
        tier_rows = [{**t, "sla_version_id": vid} for vid, group in zip(ids, tiers, strict=True) for t in group]
        stamps = {vid: row["created_at"] for vid, row in zip(ids, rows, strict=True)}
        for tier in tier_rows:
            tier["uuid"], tier["created_at"] = new_uuid(), stamps[tier["sla_version_id"]]
            tier["updated_at"] = tier["created_at"]
        session.execute(insert(PriceTier), tier_rows, execution_options=_ALL_COLUMNS)
        entries: list[dict[str, Any]] = []
        position = 0
        for pid, versions in planned:
            own = ids[position : position + len(versions)]
            position += len(versions)
            entries += [{**e, "partner_id": pid} for e in _entries(rng, today, versions[0]["valid_from"], own)]
        session.execute(insert(NegotiationEntry), entries, execution_options=_ALL_COLUMNS)
        counts[0] += len(rows)
        counts[1] += len(tier_rows)
        counts[2] += len(entries)
    return counts[0], counts[1], counts[2]
