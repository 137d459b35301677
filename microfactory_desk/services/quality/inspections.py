"""Inspections: start from a template, save each answer the moment it is given, finish (locks) and reopen."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from microfactory_desk import clock
from microfactory_desk.db import Database
from microfactory_desk.errors import NotFound, StaleEdit, ValidationFailed
from microfactory_desk.identity import current_user
from microfactory_desk.models import (
    ChecklistTemplate,
    Inspection,
    InspectionAnswer,
    InspectionEvent,
    Partner,
    Photo,
    PurchaseOrder,
)
from microfactory_desk.schemas.listing import ListQuery
from microfactory_desk.schemas.quality import (
    AnswerIn,
    AnswerOut,
    AnswerSaved,
    EventOut,
    InspectionIn,
    InspectionOut,
    InspectionRow,
    ScoreResult,
)
from microfactory_desk.schemas.quality_template import TemplateItemOut, TemplateOut
from microfactory_desk.schemas.quality_vocab import InspectionStatus, ItemKind, Result
from microfactory_desk.schemas.roster_rows import PartnerChoice
from microfactory_desk.services.common.numbering import add_numbered, next_number
from microfactory_desk.services.common.records import created_before, existing
from microfactory_desk.services.quality.actions import action_rows
from microfactory_desk.services.quality.listing import inspection_page
from microfactory_desk.services.quality.photos import photos_of
from microfactory_desk.services.quality.scoring import score
from microfactory_desk.services.quality.templates import template_out
from microfactory_desk.services.roster.listing import partner_choices


class Unchecked(Enum):
    """`loaded_at` of an answer stored without comparing it with what is stored."""

    ANY = "any"


def _stale_answer(inspection: Inspection, item: TemplateItemOut, row: InspectionAnswer | None) -> StaleEdit:
    when = row.answered_at.strftime("%Y-%m-%d %H:%M UTC") if row is not None else ""
    return StaleEdit(f"The answer to “{item.prompt}” in {inspection.number}", row.answered_by if row else "", when)


def answer_out(row: InspectionAnswer) -> AnswerOut:
    """The DTO of a stored answer."""
    return AnswerOut(row.item_id, row.result, row.measured, row.choice, row.text, row.answered_at)


def _photo_counts(session: Session, inspection_id: int) -> dict[int, int]:
    rows = session.execute(
        select(Photo.item_id, func.count())
        .where(Photo.inspection_id == inspection_id, Photo.item_id.is_not(None))
        .group_by(Photo.item_id)
    )
    return {int(item): int(count) for item, count in rows if item is not None}


def score_inspection(session: Session, inspection: Inspection, template: TemplateOut) -> ScoreResult:
    """The score of an inspection from its stored answers and photos."""
    answers = {a.item_id: answer_out(a) for a in inspection.answers}
    return score(template.items(), answers, template.pass_threshold_pct, photos=_photo_counts(session, inspection.id))


def _clean_answer(item: TemplateItemOut, data: AnswerIn) -> dict[str, Any] | None:
    """The columns to store for an answer, None to clear it, or ValidationFailed saying what the item needs."""
    values: dict[str, Any] = {"result": None, "measured": None, "choice": "", "text": data.text}
    if data.result is Result.NA:
        return values | {"result": Result.NA.value}
    kind = ItemKind(item.kind)
    if kind is ItemKind.PASS_FAIL:
        if data.result is None:
            return None if not data.text else values
        return values | {"result": data.result.value}
    if kind is ItemKind.MEASUREMENT:
        if data.measured is None:
            if data.result is not None:
                raise ValidationFailed.single("measured", "enter the measured value (or mark the item n.a.)")
            return None if not data.text else values
        return values | {"measured": data.measured}
    if kind is ItemKind.CHOICE:
        if not data.choice:
            return None if not data.text else values
        match = [c for c in item.choices if c.casefold() == data.choice.casefold()]
        if not match:
            raise ValidationFailed.single("choice", f"'{data.choice}' is not one of: {', '.join(item.choices)}")
        return values | {"choice": match[0]}
    if kind is ItemKind.PHOTO:
        if data.result is Result.PASS:
            raise ValidationFailed.single("result", "a photo item passes by attaching a photo")
        return values | {"result": data.result.value if data.result else None}
    return values if data.text else None


class InspectionService:
    """Starts, answers, finishes and reopens inspections; each call is one short transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def start(self, data: InspectionIn, *, by: str = "", key: str | None = None) -> InspectionOut:
        """A new inspection in progress, numbered INS-<year>-<n> by its date.

        `key` (a uuid the caller chose before the first attempt) makes a retry return the inspection it stored
        instead of creating a second one.
        """
        with self._db.session() as session:
            again = created_before(session, Inspection, key)
            if again is not None:
                return self._out(session, again)
            existing(session, Partner, data.partner_id, "Partner")
            template = existing(session, ChecklistTemplate, data.template_id, "Checklist template")
            if not template.is_current:
                raise ValidationFailed.single("template_id", "start new inspections from the current version")
            if data.order_id is not None and session.get(PurchaseOrder, data.order_id) is None:
                raise ValidationFailed.single("order_id", "the order no longer exists")
            inspection = Inspection(
                number=next_number(session, Inspection.number, "INS", data.inspected_on.year),
                **data.model_dump(),
                status=InspectionStatus.IN_PROGRESS.value,
            )
            inspection.events = [InspectionEvent(action="started", by=by or data.inspector)]
            if key is not None:
                inspection.uuid = key
            add_numbered(session, inspection)
            return self._out(session, inspection)

    def get(self, inspection_id: int) -> InspectionOut:
        """An inspection with its template version, answers, photos, history, actions and live score."""
        with self._db.session() as session:
            return self._out(session, self._load(session, inspection_id))

    def find_id(self, number: str) -> int:
        """The id of an inspection by its number, any case (INS-2026-0007)."""
        key = number.strip().upper()
        found = self._db.read("SELECT id FROM inspection WHERE number = :n", {"n": key})
        if not found:
            raise NotFound(f"No inspection numbered {key}; `microfactory-desk inspections list` shows them.")
        return int(found[0][0])

    def answer(
        self, inspection_id: int, data: AnswerIn, *, loaded_at: dt.datetime | None | Unchecked = Unchecked.ANY
    ) -> AnswerSaved:
        """Store (or clear) one answer at once, in its own transaction, and return the new score.

        `loaded_at` is the `answered_at` of the item's answer as the runner last saw it (None: no answer): when
        someone else answered or cleared the item since, errors.StaleEdit (who, when) is raised and nothing is
        written. Left out, the answer is stored over whatever is there (a script, an overwrite on purpose).
        """
        with self._db.session() as session:
            # Two runners of one inspection queue here (a row lock on a server), so neither answer is lost.
            session.execute(select(Inspection.id).where(Inspection.id == inspection_id).with_for_update())
            inspection = self._load(session, inspection_id)
            if inspection.status == InspectionStatus.FINISHED:
                raise ValidationFailed.single("status", f"{inspection.number} is finished; reopen it to change answers")
            template = template_out(session, inspection.template_id)
            item = next((i for i in template.items() if i.id == data.item_id), None)
            if item is None:
                raise ValidationFailed.single("item_id", "the item is not part of this inspection's checklist")
            values = _clean_answer(item, data)
            row = next((a for a in inspection.answers if a.item_id == item.id), None)
            if loaded_at is not Unchecked.ANY and (row.answered_at if row else None) != loaded_at:
                raise _stale_answer(inspection, item, row)
            if values is None:
                if row is not None:
                    inspection.answers.remove(row)
                    session.flush()
                return AnswerSaved(None, score_inspection(session, inspection, template))
            if row is None:
                row = InspectionAnswer(item_id=item.id)
                inspection.answers.append(row)
            for name, value in values.items():
                setattr(row, name, value)
            row.answered_at, row.answered_by = clock.utc_now(), current_user()
            session.flush()
            return AnswerSaved(answer_out(row), score_inspection(session, inspection, template))

    def finish(self, inspection_id: int, *, by: str = "") -> InspectionOut:
        """Score and lock the inspection."""
        with self._db.session() as session:
            inspection = self._load(session, inspection_id)
            if inspection.status == InspectionStatus.FINISHED:
                raise ValidationFailed.single("status", f"{inspection.number} is finished already")
            result = score_inspection(session, inspection, template_out(session, inspection.template_id))
            inspection.status = InspectionStatus.FINISHED.value
            inspection.finished_at = clock.utc_now()
            inspection.score_pct, inspection.outcome = result.pct, result.outcome
            inspection.events.append(InspectionEvent(action="finished", by=by or inspection.inspector))
            session.flush()
            return self._out(session, inspection)

    def reopen(self, inspection_id: int, reason: str, *, by: str = "") -> InspectionOut:
        """Unlock a finished inspection; the reason is kept in its history."""
        reason = reason.strip()
        if not reason:
            raise ValidationFailed.single("reason", "say why the finished inspection is reopened")
        with self._db.session() as session:
            inspection = self._load(session, inspection_id)
            if inspection.status != InspectionStatus.FINISHED:
                raise ValidationFailed.single("status", f"{inspection.number} is not finished")
            inspection.status = InspectionStatus.IN_PROGRESS.value
            inspection.finished_at = None
            inspection.score_pct = inspection.outcome = None
            inspection.events.append(InspectionEvent(action="reopened", by=by, reason=reason[:5000]))
            session.flush()
            return self._out(session, inspection)

    def delete_unfinished(self, inspection_id: int) -> None:
        """Discard an inspection started by mistake (finished ones are kept)."""
        with self._db.session() as session:
            inspection = self._load(session, inspection_id)
            if inspection.status == InspectionStatus.FINISHED:
                raise ValidationFailed.single("status", f"{inspection.number} is finished and is kept")
            session.execute(delete(Photo).where(Photo.inspection_id == inspection_id))
            session.delete(inspection)

    def list_inspections(
        self,
        *,
        status: str | None = None,
        partner_id: int | None = None,
        search: str = "",
        limit: int | None = None,
    ) -> list[InspectionRow]:
        """Inspections, newest first, optionally of one status or partner or matching a number/partner text;
        every one unless `limit`."""
        filters = {"status": status, "partner_id": partner_id}
        return inspection_page(self._db, ListQuery(search=search, filters=filters, limit=limit)).rows

    def partner_choices(self) -> list[PartnerChoice]:
        """The partners one may inspect (not offboarded), by name."""
        return partner_choices(self._db, offboarded=False)

    @staticmethod
    def _load(session: Session, inspection_id: int) -> Inspection:
        return existing(session, Inspection, inspection_id, "Inspection")

    @staticmethod
    def _out(session: Session, inspection: Inspection) -> InspectionOut:
        template = template_out(session, inspection.template_id)
        order = session.get(PurchaseOrder, inspection.order_id) if inspection.order_id else None
        return InspectionOut(
            id=inspection.id,
            number=inspection.number,
            partner_id=inspection.partner_id,
            partner_code=inspection.partner.code,
            partner_name=inspection.partner.name,
            template=template,
            inspected_on=inspection.inspected_on,
            inspector=inspection.inspector,
            location=inspection.location,
            sample_size=inspection.sample_size,
            order_number=order.number if order is not None else "",
            batch_ref=inspection.batch_ref,
            status=inspection.status,
            notes=inspection.notes,
            score=score_inspection(session, inspection, template),
            answers={a.item_id: answer_out(a) for a in inspection.answers},
            photos=photos_of(session, inspection_id=inspection.id),
            events=[EventOut(e.action, e.at, e.by, e.reason) for e in inspection.events],
            actions=action_rows(session, clock.today(), inspection_id=inspection.id),
        )
