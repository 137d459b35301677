"""Delivery telemetry per order line, partners' import column mappings, and kept scorecards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.expression import false

from microfactory_desk.models.base import Base, RecordMixin


class Delivery(RecordMixin, Base):
    """One (possibly partial) delivery of an order line; partner and order dates are copied in so KPIs need no joins."""

    __tablename__ = "delivery"

    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_line.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="CASCADE"))
    reference: Mapped[str] = mapped_column(String(100))  # the partner's own delivery reference
    sent_on: Mapped[dt.date | None] = mapped_column(Date)  # when the order went to the partner: lead time starts
    promised_on: Mapped[dt.date | None] = mapped_column(Date)
    shipped_on: Mapped[dt.date | None] = mapped_column(Date)
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    # Days from sent_on to received_on, kept on write so KPI queries stay portable (no date arithmetic in SQL).
    lead_days: Mapped[int | None] = mapped_column(Integer)
    qty_received: Mapped[int] = mapped_column(Integer, default=0)
    qty_accepted: Mapped[int] = mapped_column(Integer, default=0)
    qty_defective: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        UniqueConstraint("partner_id", "reference", name="uq_delivery_partner_reference"),
        # Covering the KPI queries: a period's deliveries are aggregated from the index alone, no table reads.
        Index(
            "ix_delivery_partner_received",
            "partner_id",
            "received_on",
            "lead_days",
            "promised_on",
            "qty_received",
            "qty_defective",
        ),
        Index(
            "ix_delivery_received",
            "received_on",
            "partner_id",
            "lead_days",
            "promised_on",
            "qty_received",
            "qty_defective",
        ),
    )


class DeliveryMapping(RecordMixin, Base):
    """How one partner's delivery export names its columns, remembered for the next import."""

    __tablename__ = "delivery_mapping"

    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="CASCADE"), unique=True)
    mapping: Mapped[str] = mapped_column(Text, default="{}")  # JSON: our field -> their column header


class ScorecardSnapshot(RecordMixin, Base):
    """A partner's score for one period as computed, kept so trends and the dashboard need no recomputation."""

    __tablename__ = "scorecard_snapshot"

    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(32))  # e.g. 2026-Q3, 2026-07, 2026-01-01..2026-03-31
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))  # None: no data
    standing: Mapped[str | None] = mapped_column(String(20))
    sla_breaches: Mapped[int] = mapped_column(Integer, default=0)
    # Kept by services/scorecards/service.py: link_snapshots, so the dashboard's drift card reads one row per
    # drifting partner instead of probing every partner's two newest snapshots (migration 0011).
    is_latest: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # partner's newest
    previous_standing: Mapped[str | None] = mapped_column(String(20))  # the standing of the snapshot before
    computed_at: Mapped[dt.datetime] = mapped_column()
    details: Mapped[str] = mapped_column(Text, default="{}")  # JSON: each criterion's inputs and result

    __table_args__ = (
        UniqueConstraint("partner_id", "period", name="uq_scorecard_snapshot_partner_period"),
        Index("ix_scorecard_snapshot_period_end", "period_end"),
        # Each partner's latest snapshots: the dashboard's drift card (migration 0007).
        Index("ix_scorecard_snapshot_partner_period_end", "partner_id", "period_end"),
        # The period's scores in order, of the scored snapshots only: the Scorecards page's default sort, and no
        # other query's plan (migration 0014).
        Index(
            "ix_scorecard_snapshot_period_scored",
            "period",
            "score",
            sqlite_where=text("score IS NOT NULL"),
            postgresql_where=text("score IS NOT NULL"),
        ),
    )
