"""SLA terms and the negotiation log: versioned SLAs with price tiers, and dated negotiation entries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from microfactory_desk.models.base import Base, EditableMixin, RecordMixin
from microfactory_desk.models.partner import Partner


class SlaVersion(EditableMixin, RecordMixin, Base):
    """One numbered version of the service levels agreed (or being negotiated) with a partner."""

    __tablename__ = "sla_version"

    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), index=True)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date, index=True)
    lead_time_target_days: Mapped[int | None] = mapped_column(Integer)
    # Variability: lead_time_percentile % of deliveries arrive within lead_time_bound_days.
    lead_time_bound_days: Mapped[int | None] = mapped_column(Integer)
    lead_time_percentile: Mapped[int | None] = mapped_column(Integer)
    on_time_target_pct: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    defect_ceiling_pct: Mapped[Decimal | None] = mapped_column(Numeric(7, 4))
    defect_ceiling_ppm: Mapped[int | None] = mapped_column(Integer)
    quote_response_days: Mapped[int | None] = mapped_column(Integer)
    reorder_window_days: Mapped[int | None] = mapped_column(Integer)
    max_reorder_qty: Mapped[int | None] = mapped_column(Integer)
    price_held: Mapped[bool] = mapped_column(Boolean, default=False)
    price_held_until: Mapped[dt.date | None] = mapped_column(Date)
    moq_waiver: Mapped[bool] = mapped_column(Boolean, default=False)
    fallback_supplier_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id", ondelete="SET NULL"), index=True)
    fallback_trigger: Mapped[str] = mapped_column(Text, default="")
    clauses: Mapped[str] = mapped_column(Text, default="")
    agreed_at: Mapped[dt.datetime | None] = mapped_column()
    notes: Mapped[str] = mapped_column(Text, default="")

    partner: Mapped[Partner] = relationship(foreign_keys=[partner_id], lazy="joined")
    fallback_supplier: Mapped[Partner | None] = relationship(foreign_keys=[fallback_supplier_id], lazy="joined")
    tiers: Mapped[list[PriceTier]] = relationship(
        back_populates="version",
        cascade="all, delete-orphan",
        order_by="(PriceTier.sku, PriceTier.sku_category, PriceTier.min_qty)",
    )

    __table_args__ = (
        UniqueConstraint("partner_id", "number", name="uq_sla_version_partner_number"),
        # The dashboard's expiring agreed SLAs, soonest first (migration 0010).
        Index("ix_sla_version_status_valid_until", "status", "valid_until"),
        # "Has this partner a version in force?" answered from the index alone (migration 0012).
        Index("ix_sla_version_in_force", "partner_id", "status", "valid_from", "valid_until"),
    )


class PriceTier(RecordMixin, Base):
    """A quantity break: from min_qty units on, one unit costs unit_price (for a SKU, a category or all)."""

    __tablename__ = "price_tier"

    sla_version_id: Mapped[int] = mapped_column(ForeignKey("sla_version.id", ondelete="CASCADE"), index=True)
    sku: Mapped[str | None] = mapped_column(String(64))
    sku_category: Mapped[str | None] = mapped_column(String(100))
    min_qty: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal] = mapped_column(Numeric(12, 4))
    currency: Mapped[str] = mapped_column(String(3))

    version: Mapped[SlaVersion] = relationship(back_populates="tiers")


class NegotiationEntry(EditableMixin, RecordMixin, Base):
    """One dated step of a negotiation: who talked, what was asked, offered and agreed, and what comes next."""

    __tablename__ = "negotiation_entry"

    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="CASCADE"), index=True)
    sla_version_id: Mapped[int | None] = mapped_column(ForeignKey("sla_version.id", ondelete="SET NULL"), index=True)
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(20))
    participants: Mapped[str] = mapped_column(Text, default="")
    our_ask: Mapped[str] = mapped_column(Text, default="")
    their_offer: Mapped[str] = mapped_column(Text, default="")
    agreed: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    next_step: Mapped[str] = mapped_column(Text, default="")
    follow_up_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    follow_up_owner: Mapped[str] = mapped_column(String(200), default="")
    follow_up_done_at: Mapped[dt.datetime | None] = mapped_column()
    # Case- and accent-folded text of every note field: one portable LIKE serves the search.
    search_text: Mapped[str] = mapped_column(Text, default="")

    partner: Mapped[Partner] = relationship(lazy="joined")
    version: Mapped[SlaVersion | None] = relationship()

    # Open follow-ups (not done, due by a day): the follow-ups page and the dashboard card (migration 0007).
    __table_args__ = (Index("ix_negotiation_entry_open_follow_up", "follow_up_done_at", "follow_up_on"),)
