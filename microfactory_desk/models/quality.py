"""Quality: versioned checklist templates, field inspections with their answers and photos, corrective actions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, LargeBinary, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from microfactory_desk import clock
from microfactory_desk.identity import current_user
from microfactory_desk.models.base import Base, EditableMixin, RecordMixin
from microfactory_desk.models.partner import Partner


class ChecklistTemplate(EditableMixin, RecordMixin, Base):
    """One version of a checklist; editing a used version writes a new row with the same key."""

    __tablename__ = "checklist_template"

    key: Mapped[str] = mapped_column(String(64), index=True)  # stable across versions, e.g. "batch-release"
    version: Mapped[int] = mapped_column(Integer, default=1)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    pass_threshold_pct: Mapped[Decimal] = mapped_column(Numeric(5, 2), default=Decimal(80))
    # Only the newest version of a key is offered for new inspections; older ones stay for history.
    is_current: Mapped[bool] = mapped_column(Boolean, default=True, index=True)

    sections: Mapped[list[TemplateSection]] = relationship(
        back_populates="template", cascade="all, delete-orphan", order_by="TemplateSection.position"
    )

    __table_args__ = (UniqueConstraint("key", "version", name="uq_checklist_template_key_version"),)


class TemplateSection(RecordMixin, Base):
    """A titled group of items in a template version."""

    __tablename__ = "template_section"

    template_id: Mapped[int] = mapped_column(ForeignKey("checklist_template.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(200))

    template: Mapped[ChecklistTemplate] = relationship(back_populates="sections")
    items: Mapped[list[TemplateItem]] = relationship(
        back_populates="section", cascade="all, delete-orphan", order_by="TemplateItem.position"
    )


class TemplateItem(RecordMixin, Base):
    """One check: pass/fail, measurement, choice, free text or photo; weighted, maybe critical."""

    __tablename__ = "template_item"

    section_id: Mapped[int] = mapped_column(ForeignKey("template_section.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    prompt: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))  # pass_fail / measurement / choice / text / photo
    weight: Mapped[Decimal] = mapped_column(Numeric(8, 2), default=Decimal(1))
    critical: Mapped[bool] = mapped_column(Boolean, default=False)
    guidance: Mapped[str] = mapped_column(Text, default="")
    nominal: Mapped[Decimal | None] = mapped_column(Numeric(14, 4))
    tolerance: Mapped[Decimal | None] = mapped_column(Numeric(14, 4))  # symmetric: nominal ± tolerance
    unit: Mapped[str] = mapped_column(String(20), default="")
    choices: Mapped[str] = mapped_column(Text, default="")  # one option a line
    passing_choices: Mapped[str] = mapped_column(Text, default="")  # the options that pass, one a line

    section: Mapped[TemplateSection] = relationship(back_populates="items")


class Inspection(EditableMixin, RecordMixin, Base):
    """A checklist filled in for a partner, saved answer by answer; finishing locks it."""

    __tablename__ = "inspection"

    number: Mapped[str] = mapped_column(String(32), unique=True)  # e.g. INS-2026-0007
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="RESTRICT"), index=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("checklist_template.id", ondelete="RESTRICT"), index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("purchase_order.id", ondelete="SET NULL"), index=True)
    batch_ref: Mapped[str] = mapped_column(String(100), default="")
    inspected_on: Mapped[dt.date] = mapped_column(Date, index=True)
    inspector: Mapped[str] = mapped_column(String(200), default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    sample_size: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="in_progress", index=True)  # in_progress / finished
    finished_at: Mapped[dt.datetime | None] = mapped_column()
    # Kept when the inspection is finished, so lists and scorecards need no re-scoring.
    score_pct: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    outcome: Mapped[str | None] = mapped_column(String(20), index=True)  # passed / failed / no_data
    notes: Mapped[str] = mapped_column(Text, default="")

    partner: Mapped[Partner] = relationship(lazy="joined")
    template: Mapped[ChecklistTemplate] = relationship()
    answers: Mapped[list[InspectionAnswer]] = relationship(back_populates="inspection", cascade="all, delete-orphan")
    events: Mapped[list[InspectionEvent]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan", order_by="InspectionEvent.at"
    )

    # The inspection list's first page, newest first (migration 0007); the KPI batch's finished inspections of a
    # period (migration 0010).
    __table_args__ = (
        Index("ix_inspection_inspected_on_number", "inspected_on", "number"),
        Index("ix_inspection_status_inspected_on", "status", "inspected_on"),
    )


class InspectionAnswer(RecordMixin, Base):
    """The answer to one item of one inspection, written the moment it is given."""

    __tablename__ = "inspection_answer"

    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("template_item.id", ondelete="RESTRICT"), index=True)
    result: Mapped[str | None] = mapped_column(String(10))  # pass / fail / na
    measured: Mapped[Decimal | None] = mapped_column(Numeric(14, 4))
    choice: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[dt.datetime] = mapped_column(default=clock.utc_now)
    # Who gave the answer as stored (migration 0008), named when another runner's stale answer is refused.
    answered_by: Mapped[str] = mapped_column(String(100), default=current_user, server_default="")

    inspection: Mapped[Inspection] = relationship(back_populates="answers")

    __table_args__ = (UniqueConstraint("inspection_id", "item_id", name="uq_inspection_answer_inspection_item"),)


class InspectionEvent(RecordMixin, Base):
    """Finishing and reopening, kept as history."""

    __tablename__ = "inspection_event"

    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(20))  # started / finished / reopened
    at: Mapped[dt.datetime] = mapped_column(default=clock.utc_now)
    by: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text, default="")

    inspection: Mapped[Inspection] = relationship(back_populates="events")


class Photo(RecordMixin, Base):
    """An image copied into the database (so backups carry it), with a small thumbnail; the bytes live in PhotoData."""

    __tablename__ = "photo"

    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("template_item.id", ondelete="SET NULL"))
    action_id: Mapped[int | None] = mapped_column(ForeignKey("corrective_action.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(300), default="")
    mime: Mapped[str] = mapped_column(String(40))
    byte_size: Mapped[int] = mapped_column(Integer)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    caption: Mapped[str] = mapped_column(Text, default="")
    thumbnail: Mapped[bytes] = mapped_column(LargeBinary)


class PhotoData(Base):
    """The full image bytes, apart from the photo row so lists never read them."""

    __tablename__ = "photo_data"

    photo_id: Mapped[int] = mapped_column(ForeignKey("photo.id", ondelete="CASCADE"), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class CorrectiveAction(EditableMixin, RecordMixin, Base):
    """Something a partner must put right, raised from a failed item or by hand, tracked to verified closure."""

    __tablename__ = "corrective_action"

    number: Mapped[str] = mapped_column(String(32), unique=True)  # e.g. CA-2026-0012
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="RESTRICT"), index=True)
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspection.id", ondelete="SET NULL"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("template_item.id", ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")
    raised_on: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    severity: Mapped[str] = mapped_column(String(10), default="medium")  # low / medium / high / critical
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)  # open / in_progress / closed
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    closure_note: Mapped[str] = mapped_column(Text, default="")

    partner: Mapped[Partner] = relationship(lazy="joined")
