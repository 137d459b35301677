"""SKUs and small-batch orders: the catalogue, purchase orders, their lines and status history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from microfactory_desk import clock
from microfactory_desk.models.base import Base, EditableMixin, RecordMixin
from microfactory_desk.models.partner import Partner


class Sku(EditableMixin, RecordMixin, Base):
    """A catalogue item; experimental and regional variants are SKUs of their own."""

    __tablename__ = "sku"

    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(100), default="", index=True)
    unit: Mapped[str] = mapped_column(String(20), default="pcs")
    # Variant attributes as a JSON object, e.g. {"region": "PL-South", "size": "M", "colour": "olive"}.
    attributes: Mapped[str] = mapped_column(Text, default="{}")
    region: Mapped[str] = mapped_column(String(100), default="", index=True)
    experimental: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    # Case- and accent-folded code, name, category and attributes: one portable LIKE serves search.
    search_text: Mapped[str] = mapped_column(Text, default="")


class PurchaseOrder(EditableMixin, RecordMixin, Base):
    """A small-batch order to one partner (table name avoids the SQL keyword ORDER)."""

    __tablename__ = "purchase_order"

    number: Mapped[str] = mapped_column(String(32), unique=True)  # e.g. PO-2026-0042
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    order_date: Mapped[dt.date] = mapped_column(Date, index=True)
    requested_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    destination_name: Mapped[str] = mapped_column(String(200), default="")
    destination_type: Mapped[str] = mapped_column(String(20), default="pop_up")
    destination_address: Mapped[str] = mapped_column(Text, default="")
    shipping_mode: Mapped[str] = mapped_column(String(20), default="courier")
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    notes: Mapped[str] = mapped_column(Text, default="")
    # The SLA version whose tiers priced the lines when the order was written.
    sla_version_id: Mapped[int | None] = mapped_column(ForeignKey("sla_version.id", ondelete="SET NULL"), index=True)
    sent_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    confirmed_on: Mapped[dt.date | None] = mapped_column(Date)
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    partner_comment: Mapped[str] = mapped_column(Text, default="", server_default="")  # on the whole order
    reorder_of_id: Mapped[int | None] = mapped_column(ForeignKey("purchase_order.id", ondelete="SET NULL"))
    pilot_id: Mapped[int | None] = mapped_column(ForeignKey("pilot.id", ondelete="SET NULL"), index=True)

    partner: Mapped[Partner] = relationship(lazy="joined")
    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderLine.position"
    )
    status_changes: Mapped[list[OrderStatusChange]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderStatusChange.changed_at"
    )

    # The order list's first page, newest first, with or without a status filter (migration 0007).
    __table_args__ = (
        Index("ix_purchase_order_order_date_number", "order_date", "number"),
        Index("ix_purchase_order_status_order_date", "status", "order_date", "number"),
        # The dashboard's unconfirmed orders, oldest sent first (migration 0010).
        Index("ix_purchase_order_status_sent_on", "status", "sent_on", "number"),
    )


class OrderLine(RecordMixin, Base):
    """One SKU on an order: quantity, the unit price and where that price came from."""

    __tablename__ = "order_line"

    order_id: Mapped[int] = mapped_column(ForeignKey("purchase_order.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    sku_id: Mapped[int] = mapped_column(ForeignKey("sku.id", ondelete="RESTRICT"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal | None] = mapped_column(Numeric(12, 4))
    price_source: Mapped[str] = mapped_column(String(20), default="tier")  # tier / override / none
    tier_min_qty: Mapped[int | None] = mapped_column(Integer)
    # Which tier priced the line as people read it, e.g. "SLA v2 · category Apparel · from 50".
    tier_label: Mapped[str] = mapped_column(String(200), default="")
    override_reason: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    confirmed_qty: Mapped[int | None] = mapped_column(Integer)
    confirmed_ship_on: Mapped[dt.date | None] = mapped_column(Date)
    partner_comment: Mapped[str] = mapped_column(Text, default="")
    # The promised arrival worked out when the order was sent or confirmed (ship date + transit, or sent +
    # SLA lead time), kept so lists can flag late confirmations without date arithmetic in SQL.
    promised_on: Mapped[dt.date | None] = mapped_column(Date)

    order: Mapped[PurchaseOrder] = relationship(back_populates="lines")
    sku: Mapped[Sku] = relationship(lazy="joined")

    __table_args__ = (UniqueConstraint("order_id", "position", name="uq_order_line_order_position"),)


class OrderStatusChange(RecordMixin, Base):
    """One move of an order through its statuses, kept as history."""

    __tablename__ = "order_status_change"

    order_id: Mapped[int] = mapped_column(ForeignKey("purchase_order.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    changed_at: Mapped[dt.datetime] = mapped_column(default=clock.utc_now)
    reason: Mapped[str] = mapped_column(Text, default="")

    order: Mapped[PurchaseOrder] = relationship(back_populates="status_changes")
