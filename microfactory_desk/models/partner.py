"""The partner roster: partners, their contacts, certifications and stage history."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from microfactory_desk import clock
from microfactory_desk.models.base import Base, EditableMixin, RecordMixin


class Partner(EditableMixin, RecordMixin, Base):
    """A microfactory or bulk supplier we work with."""

    __tablename__ = "partner"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), index=True)
    stage: Mapped[str] = mapped_column(String(20), index=True)
    region: Mapped[str] = mapped_column(String(100), default="", index=True)
    city: Mapped[str] = mapped_column(String(100), default="")
    country: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    processes: Mapped[str] = mapped_column(Text, default="")
    materials: Mapped[str] = mapped_column(Text, default="")
    weekly_capacity: Mapped[int | None] = mapped_column(Integer)
    min_batch: Mapped[int | None] = mapped_column(Integer)
    risk_level: Mapped[str] = mapped_column(String(10), default="low")
    risk_notes: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[str] = mapped_column(Text, default="")
    fallback_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id", ondelete="SET NULL"), index=True)
    # Case-folded code, name, city, processes, materials and tags: one portable LIKE serves search.
    search_text: Mapped[str] = mapped_column(Text, default="")

    fallback: Mapped[Partner | None] = relationship(remote_side="Partner.id", lazy="joined")
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="partner", cascade="all, delete-orphan", order_by="Contact.position"
    )
    certifications: Mapped[list[Certification]] = relationship(
        back_populates="partner", cascade="all, delete-orphan", order_by="Certification.valid_until"
    )
    stage_changes: Mapped[list[StageChange]] = relationship(
        back_populates="partner", cascade="all, delete-orphan", order_by="StageChange.changed_at"
    )

    __table_args__ = (
        Index("ix_partner_name", "name"),
        Index("ix_partner_city", "city"),
        Index("ix_partner_country", "country"),
    )


class Contact(RecordMixin, Base):
    """A person at a partner."""

    __tablename__ = "contact"

    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    preferred_channel: Mapped[str] = mapped_column(String(20), default="email")

    partner: Mapped[Partner] = relationship(back_populates="contacts")


class Certification(RecordMixin, Base):
    """A certificate a partner holds, with its validity."""

    __tablename__ = "certification"

    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    issuer: Mapped[str] = mapped_column(String(200), default="")
    number: Mapped[str] = mapped_column(String(100), default="")
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)

    partner: Mapped[Partner] = relationship(back_populates="certifications")

    __table_args__ = (
        # The dashboard's certificates due, in its order, from the index alone (migration 0012).
        Index("ix_certification_due", "valid_until", "id", "partner_id", "name"),
        # "Was it renewed?" (a later one of the same name) from the index; also the partner's foreign key lookups.
        Index("ix_certification_renewal", "partner_id", "name", "valid_until"),
    )


class StageChange(RecordMixin, Base):
    """One move of a partner through the lifecycle, kept as history."""

    __tablename__ = "stage_change"

    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[str | None] = mapped_column(String(20))
    to_stage: Mapped[str] = mapped_column(String(20))
    changed_at: Mapped[dt.datetime] = mapped_column(default=clock.utc_now)
    reason: Mapped[str] = mapped_column(Text, default="")

    partner: Mapped[Partner] = relationship(back_populates="stage_changes")
