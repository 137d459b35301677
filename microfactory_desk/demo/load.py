"""Demo data: a deterministic, realistic roster of microfactories and bulk suppliers.

The same seed always gives the same partners (names, codes, stages, contacts, certificates,
history); only UUIDs are fresh so that a second load never clashes. Running it on a database that
already holds partners adds new ones: codes skip every code already taken, names may repeat.
Rows are written with bulk INSERTs in one transaction, so 10,000 partners load in a few seconds.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select

from microfactory_desk import clock
from microfactory_desk.db import Database
from microfactory_desk.demo import words as w
from microfactory_desk.demo.areas import DEMO_AREAS
from microfactory_desk.demo.orders import number_orders_by_date
from microfactory_desk.demo.skus import add_demo_skus
from microfactory_desk.demo.sla import add_sla_histories
from microfactory_desk.errors import DeskError
from microfactory_desk.models import Certification, Contact, Partner, PurchaseOrder, StageChange
from microfactory_desk.models.base import new_uuid
from microfactory_desk.schemas.partner import PartnerIn
from microfactory_desk.schemas.text import fold, join_list
from microfactory_desk.schemas.vocab import Channel, PartnerKind, Stage
from microfactory_desk.services.roster.partners import search_text

CHUNK = 500
BULK_EVERY = 10
_CITY = {c[0]: c for c in w.CITIES}
_PROCESS_NAMES = tuple(w.PROCESSES)
_STAGES = tuple(s.value for s in Stage)
_MICRO_STAGE_WEIGHTS = (15, 15, 15, 40, 8, 7)
_BULK_STAGE_WEIGHTS = (0, 8, 0, 80, 12, 0)
_CHANNELS = tuple(c.value for c in Channel)
_SLA_STAGES = (Stage.PILOT.value, Stage.APPROVED.value)
_CHANNEL_WEIGHTS = (45, 20, 20, 10, 5)
# Without render_nulls the ORM drops None values, splitting rows into many small INSERT batches.
_ALL_COLUMNS = {"render_nulls": True}
_NOT_SLUG = re.compile(r"[^a-z0-9]")
# Every path through the lifecycle ends in the stage it is keyed by; moves all have reasons in MOVE_REASONS.
_P, _Q, _PI, _A, _PA, _O = _STAGES
_MICRO_PATHS: dict[str, tuple[tuple[str, ...], ...]] = {
    _P: ((_P,),),
    _Q: ((_P, _Q),),
    _PI: ((_P, _Q, _PI),),
    _A: ((_P, _Q, _PI, _A), (_P, _Q, _PI, _A), (_P, _Q, _PI, _A, _PA, _A)),  # listed twice: few were ever paused
    _PA: ((_P, _Q, _PI, _PA), (_P, _Q, _PI, _A, _PA)),
    _O: ((_P, _Q, _O), (_P, _Q, _PI, _O), (_P, _Q, _PI, _A, _O), (_P, _Q, _PI, _A, _PA, _O)),
}
# Bulk suppliers come from the central supplier list, so their history starts further along.
_BULK_PATHS: dict[str, tuple[str, ...]] = {_Q: (_Q,), _A: (_A,), _PA: (_A, _PA)}


@dataclass(frozen=True)
class DemoSummary:
    """How many rows the demo load added."""

    partners: int
    contacts: int
    certifications: int
    stage_changes: int
    sla_versions: int = 0
    price_tiers: int = 0
    negotiation_entries: int = 0
    # Rows added by the later areas (SKUs, inspections, orders, deliveries, pilots), by label, in load order.
    more: dict[str, int] = field(default_factory=dict)


@dataclass
class _Plan:
    """One partner before it has an id: its row, its children and the bulk supplier it falls back to."""

    row: dict[str, Any]
    process: str
    prefix: str  # country and city part of the code, e.g. "PL-LDZ"
    lists: tuple[list[str], list[str], list[str]]  # processes, materials, tags: for the search text
    children: dict[type, list[dict[str, Any]]] = field(default_factory=dict)
    fallback: int | None = None  # index into the list of planned bulk suppliers


def load_demo(
    db: Database,
    *,
    partners: int = 60,
    seed: int = 7,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Add `partners` demo partners with contacts, certifications, stage history, SLAs and negotiations in one transaction."""
    if not 0 <= partners <= 1_000_000:
        raise DeskError(f"Demo data: choose between 0 and 1,000,000 partners (asked for {partners}).")
    rng = random.Random(seed)
    now = dt.datetime.combine(today or clock.today(), dt.time())
    counts = dict.fromkeys((Partner, Contact, Certification, StageChange), 0)
    with_sla: list[tuple[int, int | None]] = []
    with db.session() as session:
        taken = {code.casefold() for code in session.scalars(select(Partner.code))}
        plans = _plan_all(rng, partners, now, taken)
        bulk = [p for p in plans if p.row["kind"] == PartnerKind.BULK_SUPPLIER.value]
        micro = [p for p in plans if p.row["kind"] != PartnerKind.BULK_SUPPLIER.value]
        bulk_ids: list[int] = []
        # Bulk suppliers go first so that every fallback id exists when the microfactories are written.
        for group in (bulk, micro):
            for start in range(0, len(group), CHUNK):
                chunk = group[start : start + CHUNK]
                for plan in chunk:
                    plan.row["fallback_id"] = bulk_ids[plan.fallback] if plan.fallback is not None else None
                # RETURNING in parameter order is portable and keeps PostgreSQL's id sequence in step.
                stmt = insert(Partner).returning(Partner.id, sort_by_parameter_order=True)
                ids = list(session.scalars(stmt, [p.row for p in chunk], execution_options=_ALL_COLUMNS))
                if group is bulk:
                    bulk_ids.extend(ids)
                with_sla += [
                    (pid, p.row["fallback_id"])
                    for p, pid in zip(chunk, ids, strict=True)
                    if p.row["stage"] in _SLA_STAGES
                ]
                counts[Partner] += len(chunk)
                for model in (Contact, Certification, StageChange):
                    rows = [
                        {**r, "partner_id": pid} for p, pid in zip(chunk, ids, strict=True) for r in p.children[model]
                    ]
                    if rows:
                        session.execute(insert(model), rows, execution_options=_ALL_COLUMNS)
                    counts[model] += len(rows)
                if progress is not None:
                    progress(counts[Partner], partners)
        # Its own random stream, so the partners stay what they were before SLAs were added to the demo.
        slas = add_sla_histories(session, random.Random(f"sla-{seed}"), with_sla, now.date())
        # Each later area adds its rows with its own random stream, so adding an area never changes the others.
        more: dict[str, int] = {}
        more["SKUs"] = len(add_demo_skus(session))
        orders_before = session.scalar(select(func.max(PurchaseOrder.id))) or 0
        for area in DEMO_AREAS:
            more.update(area(session, random.Random(f"{area.__module__}-{seed}"), now.date()))
        number_orders_by_date(session, orders_before)
    return DemoSummary(counts[Partner], counts[Contact], counts[Certification], counts[StageChange], *slas, more=more)


def _plan_all(rng: random.Random, partners: int, now: dt.datetime, taken: set[str]) -> list[_Plan]:
    """Every partner of the load, fallbacks chosen among the bulk suppliers of the same load."""
    used_names: dict[str, int] = {}
    serial = len(taken)
    plans: list[_Plan] = []
    # Copying one unvalidated template is far cheaper than validating (or constructing) 10,000 models.
    template = PartnerIn.model_construct(code="-", name="-")
    for index in range(partners):
        serial += 1
        plan = _plan_partner(rng, index, now, used_names)
        code = f"{plan.prefix}-{serial:03d}"
        while code.casefold() in taken:  # an earlier load (or a person) already used this code
            serial += 1
            code = f"{plan.prefix}-{serial:03d}"
        plan.row["code"] = code
        processes, materials, tags = plan.lists
        update = {"code": code, "name": plan.row["name"], "city": plan.row["city"], "processes": processes}
        data = template.model_copy(update={**update, "materials": materials, "tags": tags})
        plan.row["search_text"] = search_text(data)
        plans.append(plan)
    bulk_by_process: dict[str, list[int]] = {}
    bulk_count = 0
    for plan in plans:
        if plan.row["kind"] == PartnerKind.BULK_SUPPLIER.value:
            bulk_by_process.setdefault(plan.process, []).append(bulk_count)
            bulk_count += 1
    for plan in plans:
        if plan.row["kind"] == PartnerKind.BULK_SUPPLIER.value or not bulk_count or rng.random() < 0.25:
            continue
        same = bulk_by_process.get(plan.process)
        plan.fallback = rng.choice(same) if same and rng.random() < 0.7 else rng.randrange(bulk_count)
    return plans


def _plan_partner(rng: random.Random, index: int, now: dt.datetime, used_names: dict[str, int]) -> _Plan:
    """One partner's fields and children; the code (country-city-serial, e.g. PL-LDZ-001) comes later."""
    if index < len(w.NAMED):
        base_name, city_name, kind, process = w.NAMED[index]
        city = _CITY[city_name]
    else:
        city = rng.choice(w.CITIES)
        # Every tenth generated partner is a bulk supplier: an exact share even in small demos.
        bulk_turn = index % BULK_EVERY == BULK_EVERY // 2
        kind = PartnerKind.BULK_SUPPLIER.value if bulk_turn else PartnerKind.MICROFACTORY.value
        process = rng.choice(_PROCESS_NAMES)
        suffixes = w.BULK_SUFFIXES if kind == PartnerKind.BULK_SUPPLIER.value else w.MICRO_SUFFIXES
        base_name = f"{city[0]} {w.PROCESSES[process][0]} {rng.choice(suffixes)}"
    seen = used_names[base_name] = used_names.get(base_name, 0) + 1
    name = base_name if seen == 1 else f"{base_name} {seen}"
    city_label, country, cc, c3, region, lang, phone, tld = city
    bulk = kind == PartnerKind.BULK_SUPPLIER.value

    related = w.RELATED[process]
    processes = [process, *rng.sample(related, min(len(related), rng.choices((0, 1, 2), (50, 35, 15))[0]))]
    # Mostly materials of the main process, then perhaps one of a side process.
    materials = rng.sample(w.PROCESSES[process][1], rng.randint(1, 3))
    if len(processes) > 1 and rng.random() < 0.6:
        materials.append(rng.choice(w.PROCESSES[rng.choice(processes[1:])][1]))
    (cap_lo, cap_hi), (min_lo, min_hi) = w.PROCESSES[process][2:]
    scale, batch_scale = (10, 5) if bulk else (1, 1)
    capacity: int | None = max(10, rng.randint(cap_lo, cap_hi) * scale // 10 * 10)
    min_batch: int | None = min(rng.randint(min_lo, min_hi) * batch_scale, capacity or 0)

    stage = rng.choices(_STAGES, _BULK_STAGE_WEIGHTS if bulk else _MICRO_STAGE_WEIGHTS)[0]
    if stage == _P and rng.random() < 0.3:  # prospects often have not told us their capacity yet
        capacity = min_batch = None
    risk = rng.choices(("low", "medium", "high"), (80, 15, 5) if bulk else (62, 28, 10))[0]
    n_notes = {"low": 1 if rng.random() < 0.1 else 0, "medium": 1, "high": 2}[risk]
    tags = rng.sample(w.BULK_TAGS, rng.randint(1, 2)) if bulk else rng.sample(w.TAGS, rng.randint(0, 3))
    domain = _domain(name, city_label, process, tld)

    path = _BULK_PATHS[stage] if bulk else rng.choice(_MICRO_PATHS[stage])
    span = rng.randint(len(path) * 14 * 1440, 3 * 365 * 1440)  # minutes; leaves each move a few weeks
    created = now - dt.timedelta(minutes=span)
    moments = [created, *(created + dt.timedelta(minutes=m) for m in sorted(rng.sample(range(1, span), len(path) - 1)))]
    row: dict[str, Any] = {
        "uuid": new_uuid(),
        "name": name,
        "kind": kind,
        "stage": stage,
        "region": region,
        "city": city_label,
        "country": country,
        "address": f"{rng.choice(w.STREETS)} {rng.randint(1, 180)}, {city_label}",
        "website": f"https://{domain}",
        "processes": join_list(processes),
        "materials": join_list(materials),
        "weekly_capacity": capacity,
        "min_batch": min_batch,
        "risk_level": risk,
        "risk_notes": "\n".join(rng.sample(w.RISK_NOTES, n_notes)),
        "tags": join_list(tags),
        "created_at": created,
        "updated_at": moments[-1],
    }
    plan = _Plan(row=row, process=process, prefix=f"{cc}-{c3}", lists=(processes, materials, tags))
    plan.children[Contact] = _contacts(rng, lang, phone, domain, bulk, created)
    plan.children[Certification] = _certifications(rng, processes, bulk, now.date(), created)
    plan.children[StageChange] = _history(rng, path, moments, bulk)
    return plan


@functools.lru_cache(maxsize=4096)  # people's names repeat thousands of times in a big load
def _slug(text: str) -> str:
    """Lower-case ASCII letters and digits only, for domains, emails and certificate numbers."""
    return _NOT_SLUG.sub("", fold(text))


def _domain(name: str, city: str, process: str, tld: str) -> str:
    """A plausible web domain; names in other scripts fall back to city and trade."""
    slug = _slug(name)
    if len(slug) < sum(ch.isalnum() for ch in fold(name)) or len(slug) < 4:
        slug = _slug(city) + _slug(w.PROCESSES[process][0])
    return f"{slug[:40]}.{tld}"


def _contacts(
    rng: random.Random, lang: str, phone: str, domain: str, bulk: bool, created: dt.datetime
) -> list[dict[str, Any]]:
    """One to three people with names that fit the country, and a unique email each."""
    rows: list[dict[str, Any]] = []
    emails: set[str] = set()
    roles = rng.sample(w.ROLES, 2)
    for position in range(rng.choices((1, 2, 3), (45, 40, 15))[0]):
        gender = rng.randrange(2)
        first, first_latin = rng.choice(w.FIRST_NAMES[lang][gender])
        family = rng.choice(w.LAST_NAMES[lang])
        last, last_latin = family[min(gender, len(family) - 1)]
        sep = "" if lang in w.NO_SPACE else " "
        person = f"{last}{sep}{first}" if lang in w.FAMILY_FIRST else f"{first} {last}"
        local = f"{_slug(first_latin)}.{_slug(last_latin)}"
        email = f"{local}@{domain}" if local not in emails else f"{local}{position + 1}@{domain}"
        emails.add(local)
        lead = "Key account manager" if bulk else rng.choice(("Founder", "Owner", "Managing director"))
        rows.append(
            {
                "uuid": new_uuid(),
                "position": position,
                "name": person,
                "role": lead if position == 0 else roles[position - 1],
                "email": email,
                "phone": f"{phone} {rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                "preferred_channel": rng.choices(_CHANNELS, _CHANNEL_WEIGHTS)[0],
                "created_at": created,
                "updated_at": created,
            }
        )
    return rows


def _certifications(
    rng: random.Random, processes: list[str], bulk: bool, today: dt.date, created: dt.datetime
) -> list[dict[str, Any]]:
    """Certificates that fit the processes: most valid, some expiring within 60 days, some expired."""
    fitting = [name for name, fits in w.CERTIFICATES.items() if not fits or set(fits) & set(processes)]
    count = rng.randint(2, 3) if bulk else rng.choices((0, 1, 2, 3), (20, 40, 28, 12))[0]
    rows: list[dict[str, Any]] = []
    for name in rng.sample(fitting, min(count, len(fitting))):
        state = rng.random()
        if state < 0.12:
            until = today - dt.timedelta(days=rng.randint(1, 400))
        elif state < 0.24:
            until = today + dt.timedelta(days=rng.randint(1, 60))
        else:
            until = today + dt.timedelta(days=rng.randint(61, 1000))
        valid_from = until - dt.timedelta(days=3 * 365)  # ISO-style certificates run for three years
        rows.append(
            {
                "uuid": new_uuid(),
                "name": name,
                "issuer": rng.choice(w.ISSUERS),
                "number": f"{_slug(name).upper()[:8]}-{valid_from.year}-{rng.randint(10000, 99999)}",
                "valid_from": valid_from,
                "valid_until": until,
                "created_at": created,
                "updated_at": created,
            }
        )
    return rows


def _history(rng: random.Random, path: tuple[str, ...], moments: list[dt.datetime], bulk: bool) -> list[dict[str, Any]]:
    """The stage history: created at the first stage, then each move with a reason, oldest first."""
    rows: list[dict[str, Any]] = []
    previous: str | None = None
    for stage, moment in zip(path, moments, strict=True):
        if previous is None:
            reason = "Existing supplier from the central supplier list" if bulk else rng.choice(w.CREATED_REASONS)
        else:
            reason = rng.choice(w.MOVE_REASONS[(previous, stage)])
        rows.append(
            {
                "uuid": new_uuid(),
                "from_stage": previous,
                "to_stage": stage,
                "changed_at": moment,
                "reason": reason,
                "created_at": moment,
                "updated_at": moment,
            }
        )
        previous = stage
    return rows
