"""Rows for attention and pilot tests, written with the ORM models directly (as other areas will write them)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from microfactory_desk import clock
from microfactory_desk.db import Database
from microfactory_desk.models import (
    Certification,
    ChecklistTemplate,
    CorrectiveAction,
    Delivery,
    Inspection,
    NegotiationEntry,
    OrderLine,
    Partner,
    Pilot,
    PurchaseOrder,
    ScorecardSnapshot,
    Sku,
    SlaVersion,
)
from microfactory_desk.services.scorecards.service import link_snapshots

_counter = iter(range(1, 1_000_000))


def add(db: Database, row: Any) -> int:
    """Store one row and return its id."""
    with db.session() as session:
        session.add(row)
        session.flush()
        return int(row.id)


def partner(db: Database, code: str = "MF-1", name: str = "Łódź Print Lab", stage: str = "approved") -> int:
    """A microfactory."""
    return add(db, Partner(code=code, name=name, kind="microfactory", stage=stage, search_text=code.lower()))


def follow_up(db: Database, partner_id: int, due: dt.date, *, done: bool = False, step: str = "Send quote") -> int:
    """A negotiation entry with a follow-up date."""
    entry = NegotiationEntry(
        partner_id=partner_id,
        occurred_on=due - dt.timedelta(days=10),
        channel="call",
        notes="Talked prices",
        next_step=step,
        follow_up_on=due,
        follow_up_done_at=clock.utc_now() if done else None,
    )
    return add(db, entry)


def sla(db: Database, partner_id: int, until: dt.date | None, status: str = "agreed", number: int = 1) -> int:
    """An SLA version valid until `until`."""
    return add(db, SlaVersion(partner_id=partner_id, number=number, status=status, valid_until=until))


def certification(db: Database, partner_id: int, until: dt.date, name: str = "ISO 9001") -> int:
    """A certificate valid until `until`."""
    return add(db, Certification(partner_id=partner_id, name=name, valid_until=until))


def order(db: Database, partner_id: int, status: str, *, requested: dt.date | None = None, **extra: Any) -> int:
    """A purchase order."""
    number = f"PO-2026-{next(_counter):04d}"
    values = {"order_date": dt.date(2026, 1, 1), "requested_on": requested} | extra
    return add(db, PurchaseOrder(number=number, partner_id=partner_id, status=status, **values))


def sku(db: Database, code: str = "MF-LAMP") -> int:
    """An experimental SKU."""
    return add(db, Sku(code=code, name="3D-printed lamp shade", experimental=True, search_text=code.lower()))


def order_line(db: Database, order_id: int, sku_id: int, quantity: int = 100) -> int:
    """One line on an order."""
    return add(db, OrderLine(order_id=order_id, position=1, sku_id=sku_id, quantity=quantity))


def delivery(db: Database, line_id: int, partner_id: int, promised: dt.date, received: dt.date, **qty: int) -> int:
    """A delivery of an order line."""
    ref = f"D-{next(_counter)}"
    return add(
        db,
        Delivery(
            order_line_id=line_id,
            partner_id=partner_id,
            reference=ref,
            promised_on=promised,
            received_on=received,
            **qty,
        ),
    )


def inspection(db: Database, partner_id: int, on: dt.date) -> int:
    """A finished inspection (with the template it needs)."""
    template = add(db, ChecklistTemplate(key=f"t{next(_counter)}", name="Batch release"))
    number = f"INS-2026-{next(_counter):04d}"
    return add(
        db,
        Inspection(number=number, partner_id=partner_id, template_id=template, inspected_on=on, status="finished"),
    )


def action(
    db: Database,
    partner_id: int,
    due: dt.date,
    status: str = "open",
    inspection_id: int | None = None,
    severity: str = "medium",
) -> int:
    """A corrective action."""
    number = f"CA-2026-{next(_counter):04d}"
    row = CorrectiveAction(
        number=number,
        partner_id=partner_id,
        inspection_id=inspection_id,
        description="Re-calibrate the cutter\nand log it",
        raised_on=due - dt.timedelta(days=14),
        due_on=due,
        status=status,
        severity=severity,
    )
    return add(db, row)


def snapshot(db: Database, partner_id: int, period: str, end: dt.date, standing: str | None, breaches: int = 0) -> int:
    """A kept scorecard."""
    row = ScorecardSnapshot(
        partner_id=partner_id,
        period=period,
        period_start=end - dt.timedelta(days=89),
        period_end=end,
        score=None if standing is None else Decimal(70),
        standing=standing,
        sla_breaches=breaches,
        computed_at=clock.utc_now(),
    )
    with db.session() as session:
        session.add(row)
        session.flush()
        link_snapshots(session, period)  # what the snapshot writer does: newest and previous standing
        return int(row.id)


def pilot(db: Database, partner_id: int, sku_id: int, **values: Any) -> int:
    """A pilot row."""
    values.setdefault("market_name", "Kraków Christmas Market")
    return add(db, Pilot(number=f"PIL-2026-{next(_counter):04d}", partner_id=partner_id, sku_id=sku_id, **values))
