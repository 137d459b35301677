"""Micro-market pilots of experimental SKUs: plan, counts, customer feedback and the decision."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from microfactory_desk.models.base import Base, EditableMixin, RecordMixin


class Pilot(EditableMixin, RecordMixin, Base):
    """An experimental SKU made by one partner and sold in one micro-market for a while."""

    __tablename__ = "pilot"

    number: Mapped[str] = mapped_column(String(32), unique=True)  # e.g. PIL-2026-0003
    sku_id: Mapped[int] = mapped_column(ForeignKey("sku.id", ondelete="RESTRICT"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="RESTRICT"), index=True)
    market_name: Mapped[str] = mapped_column(String(200))
    market_region: Mapped[str] = mapped_column(String(100), default="")
    market_kind: Mapped[str] = mapped_column(String(20), default="pop_up")  # pop_up / event_drop / local_shop
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    units_planned: Mapped[int] = mapped_column(Integer, default=0)
    units_made: Mapped[int] = mapped_column(Integer, default=0)
    units_shipped: Mapped[int] = mapped_column(Integer, default=0)
    units_sold: Mapped[int] = mapped_column(Integer, default=0)
    units_returned: Mapped[int] = mapped_column(Integer, default=0)
    sold_out_on: Mapped[dt.date | None] = mapped_column(Date)
    price: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    decision: Mapped[str | None] = mapped_column(String(20), index=True)  # scale_up / iterate / stop
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")

    feedback: Mapped[list[PilotFeedback]] = relationship(
        back_populates="pilot", cascade="all, delete-orphan", order_by="PilotFeedback.received_on"
    )


class PilotFeedback(RecordMixin, Base):
    """One customer's word on a pilot: when, through which channel, a 1-5 rating and what they said."""

    __tablename__ = "pilot_feedback"

    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilot.id", ondelete="CASCADE"), index=True)
    received_on: Mapped[dt.date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(20), default="in_store")
    rating: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")

    pilot: Mapped[Pilot] = relationship(back_populates="feedback")


class PilotSales(RecordMixin, Base):
    """Units sold and returned on one day of a pilot: the sell-through curve is their running sum."""

    __tablename__ = "pilot_sales"

    pilot_id: Mapped[int] = mapped_column(ForeignKey("pilot.id", ondelete="CASCADE"), index=True)
    sold_on: Mapped[dt.date] = mapped_column(Date)
    sold: Mapped[int] = mapped_column(Integer, default=0)
    returned: Mapped[int] = mapped_column(Integer, default=0)
