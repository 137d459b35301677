"""Prices an order's lines from the partner's SLA in force on the order date (used by the editor and the writers)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from microfactory_desk.db import Database
from microfactory_desk.errors import ValidationFailed
from microfactory_desk.models import Partner, Sku
from microfactory_desk.schemas.orders import LineQuote, OrderIn
from microfactory_desk.schemas.sla import SlaVersionOut
from microfactory_desk.services.common.records import code_key, find_by_code
from microfactory_desk.services.orders.rules import PartnerLimits, price_line
from microfactory_desk.services.sla.in_force import in_force_query
from microfactory_desk.services.sla.versions import to_out


class PricingContext:
    """What pricing needs about one partner on one day: its limits and the SLA version in force."""

    def __init__(self, partner_id: int, limits: PartnerLimits, version: SlaVersionOut | None) -> None:
        self.partner_id = partner_id
        self.limits = limits
        self.version = version


def find_partner(session: Session, code: str) -> Partner:
    """The partner with this code (any case), or a field error naming the code."""
    partner = find_by_code(session, Partner, code)
    if partner is None:
        raise ValidationFailed.single("partner_code", f"no partner with code {code!r}")
    return partner


def find_skus(session: Session, codes: list[str]) -> dict[str, Sku]:
    """The SKUs of the codes given, keyed by the code as typed; an unknown code is a field error naming the line."""
    wanted = {code_key(c) for c in codes}
    found = {code_key(s.code): s for s in session.scalars(select(Sku).where(func.lower(Sku.code).in_(wanted)))}
    for number, code in enumerate(codes, start=1):
        if code_key(code) not in found:
            raise ValidationFailed.single(f"lines.{number}.sku_code", f"{code!r} is not in the SKU catalogue")
    return {code: found[code_key(code)] for code in codes}


def context_in(session: Session, partner_code: str, on: dt.date) -> PricingContext:
    """The partner's limits and the SLA version in force on `on` (None when none is agreed), read in the caller's
    session, so a writer prices from the data of its own transaction."""
    partner = find_partner(session, partner_code)
    stored = session.scalars(in_force_query(partner.id, on)).first()
    version = to_out(stored) if stored is not None else None
    waived = bool(version and version.moq_waiver)
    return PricingContext(partner.id, PartnerLimits(partner.min_batch, partner.weekly_capacity, waived), version)


def priced_lines(session: Session, order: OrderIn, context: PricingContext) -> tuple[list[LineQuote], dict[str, Sku]]:
    """The order's lines priced in the caller's session, and the SKUs they name (keyed by the code as typed)."""
    skus = find_skus(session, [line.sku_code for line in order.lines])
    quotes = [
        price_line(
            line.model_copy(update={"sku_code": skus[line.sku_code].code}),
            sku_name=skus[line.sku_code].name,
            category=skus[line.sku_code].category,
            version=context.version,
            limits=context.limits,
            currency=order.currency,
        )
        for line in order.lines
    ]
    return quotes, skus


class OrderPricing:
    """Quotes lines for the editor (the writers price in their own transaction with `context_in`)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def quote(self, order: OrderIn) -> list[LineQuote]:
        """Every line priced as it would be saved, with its warnings (one transaction)."""
        with self._db.session() as session:
            return priced_lines(session, order, context_in(session, order.partner_code, order.order_date))[0]
