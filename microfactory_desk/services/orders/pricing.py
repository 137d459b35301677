"""Prices an order's lines from the partner's SLA in force on the order date (used by the editor and the writers)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from microfactory_desk.db import Database
from microfactory_desk.errors import NotFound, ValidationFailed
from microfactory_desk.models import Partner, Sku
from microfactory_desk.schemas.orders import LineQuote, OrderIn
from microfactory_desk.schemas.sla import SlaVersionOut
from microfactory_desk.services.orders.rules import PartnerLimits, price_line
from microfactory_desk.services.sla.versions import SlaService


class PricingContext:
    """What pricing needs about one partner on one day: its limits and the SLA version in force."""

    def __init__(self, partner_id: int, limits: PartnerLimits, version: SlaVersionOut | None) -> None:
        self.partner_id = partner_id
        self.limits = limits
        self.version = version


def find_partner(session: Session, code: str) -> Partner:
    """The partner with this code (any case), or a field error naming the code."""
    partner = session.scalar(select(Partner).where(func.lower(Partner.code) == code.strip().lower()))
    if partner is None:
        raise ValidationFailed.single("partner_code", f"no partner with code {code!r}")
    return partner


def find_skus(session: Session, codes: list[str]) -> dict[str, Sku]:
    """The SKUs of the codes given, keyed by the code as typed; an unknown code is a field error naming the line."""
    wanted = {c.lower() for c in codes}
    found = {s.code.lower(): s for s in session.scalars(select(Sku).where(func.lower(Sku.code).in_(wanted)))}
    for number, code in enumerate(codes, start=1):
        if code.lower() not in found:
            raise ValidationFailed.single(f"lines.{number}.sku_code", f"{code!r} is not in the SKU catalogue")
    return {code: found[code.lower()] for code in codes}


class OrderPricing:
    """Quotes lines for the editor and prices them for the order writer."""

    def __init__(self, db: Database, *, sla: SlaService) -> None:
        self._db = db
        self._sla = sla

    def context(self, partner_code: str, on: dt.date) -> PricingContext:
        """The partner's limits and the SLA version in force on `on` (None when none is agreed)."""
        with self._db.session() as session:
            partner = find_partner(session, partner_code)
            partner_id, min_batch, capacity = partner.id, partner.min_batch, partner.weekly_capacity
        version = self._sla.version_in_force(partner_id, on)
        waived = bool(version and version.moq_waiver)
        return PricingContext(partner_id, PartnerLimits(min_batch, capacity, waived), version)

    def quote(self, order: OrderIn) -> list[LineQuote]:
        """Every line priced as it would be saved, with its warnings."""
        context = self.context(order.partner_code, order.order_date)
        with self._db.session() as session:
            return self.price_lines(session, order, context)

    @staticmethod
    def price_lines(session: Session, order: OrderIn, context: PricingContext) -> list[LineQuote]:
        """The order's lines priced in the caller's session."""
        skus = find_skus(session, [line.sku_code for line in order.lines])
        quotes = []
        for line in order.lines:
            sku = skus[line.sku_code]
            quote = price_line(
                line.model_copy(update={"sku_code": sku.code}),
                sku_name=sku.name,
                category=sku.category,
                version=context.version,
                limits=context.limits,
                currency=order.currency,
            )
            quotes.append(quote)
        return quotes

    def version(self, version_id: int | None) -> SlaVersionOut | None:
        """An SLA version by id (None stays None)."""
        if version_id is None:
            return None
        try:
            return self._sla.get_version(version_id)
        except NotFound:
            return None
