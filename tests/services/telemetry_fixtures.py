"""Builders for telemetry tests: partners, SLA versions, orders and lines written with the ORM models."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from microfactory_desk.db import Database
from microfactory_desk.models import OrderLine, Partner, PurchaseOrder, Sku, SlaVersion
from microfactory_desk.schemas.scorecard import DEFAULT_SCORING
from microfactory_desk.schemas.telemetry import DeliveryIn
from microfactory_desk.services.scorecards.service import ScorecardService
from microfactory_desk.services.telemetry.deliveries import TelemetryService

D = dt.date
SLA_START = D(2025, 1, 1)


def add_partner(db: Database, code: str = "MF-1", name: str = "Łódź Print Lab", stage: str = "approved") -> int:
    """A microfactory partner."""
    with db.session() as s:
        partner = Partner(code=code, name=name, kind="microfactory", stage=stage, region="PL-South")
        s.add(partner)
        s.flush()
        return partner.id


def add_sla(
    db: Database,
    partner_id: int,
    *,
    number: int = 1,
    valid_from: dt.date | None = SLA_START,
    valid_until: dt.date | None = None,
    status: str = "agreed",
    target_days: int = 10,
    bound_days: int = 14,
    percentile: int = 90,
    on_time: str = "90",
    ceiling: str = "2",
) -> int:
    """An SLA version with lead-time, on-time and defect terms."""
    with db.session() as s:
        v = SlaVersion(
            partner_id=partner_id,
            number=number,
            status=status,
            valid_from=valid_from,
            valid_until=valid_until,
            lead_time_target_days=target_days,
            lead_time_bound_days=bound_days,
            lead_time_percentile=percentile,
            on_time_target_pct=Decimal(on_time),
            defect_ceiling_pct=Decimal(ceiling),
        )
        s.add(v)
        s.flush()
        return v.id


def add_line(
    db: Database,
    partner_id: int,
    *,
    sent_on: dt.date,
    quantity: int = 100,
    confirmed_ship_on: dt.date | None = None,
    number: str | None = None,
) -> int:
    """A sent order with one line; returns the line id."""
    with db.session() as s:
        sku = s.query(Sku).filter_by(code="SKU-T").one_or_none()
        if sku is None:
            sku = Sku(code="SKU-T", name="Test tote")
            s.add(sku)
            s.flush()
        count = s.query(PurchaseOrder).count()
        order = PurchaseOrder(
            number=number or f"PO-2026-{count + 1:04d}",
            partner_id=partner_id,
            status="received",
            order_date=sent_on,
            sent_on=sent_on,
        )
        s.add(order)
        s.flush()
        line = OrderLine(
            order_id=order.id, position=1, sku_id=sku.id, quantity=quantity, confirmed_ship_on=confirmed_ship_on
        )
        s.add(line)
        s.flush()
        return line.id


def deliver(
    db: Database,
    line_id: int,
    reference: str,
    received_on: dt.date,
    *,
    qty: int = 100,
    defective: int = 0,
) -> list[str]:
    """Record a delivery through the service; returns its warnings."""
    data = DeliveryIn(reference=reference, received_on=received_on, qty_received=qty, qty_defective=defective)
    return TelemetryService(db).record_delivery(order_line_id=line_id, delivery=data).warnings


# Scoring with the evidence minimum at one delivery: for tests of the scoring mechanics on a delivery or two.
ANY_EVIDENCE = DEFAULT_SCORING.model_copy(update={"min_deliveries": 1})


def accept_any_evidence(db: Database) -> None:
    """Store scoring settings that score a partner from its first delivery (the default needs three)."""
    ScorecardService(db).save_settings(ANY_EVIDENCE.model_dump())
