"""Demo data of the quality area: the shipped templates, scored inspections with photos, corrective actions.

A sample of pilot and approved microfactories (at most MAX_INSPECTIONS inspections in all, so a
10,000-partner demo stays quick) gets one to three inspections; most are finished and scored, the
newest may still be in progress. Failed items raise actions that are open, in progress, overdue or
verified closed relative to `today`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from microfactory_desk import clock
from microfactory_desk.models import (
    ChecklistTemplate,
    CorrectiveAction,
    Inspection,
    InspectionAnswer,
    InspectionEvent,
    Partner,
    Photo,
    PhotoData,
)
from microfactory_desk.models.base import new_uuid
from microfactory_desk.schemas.quality import AnswerOut
from microfactory_desk.schemas.quality_template import TemplateItemOut, TemplateOut
from microfactory_desk.schemas.quality_vocab import ActionStatus, ItemKind, Result, Severity
from microfactory_desk.services.common.numbering import format_number, next_sequence
from microfactory_desk.services.quality.actions import DAYS_TO_ACT, failure_text
from microfactory_desk.services.quality.scoring import score, verdict
from microfactory_desk.services.quality.templates import install_shipped, template_out

MAX_INSPECTIONS = 300
MAX_WITH_PHOTOS = 30
_ALL_COLUMNS = {"render_nulls": True}
_INSPECTORS = ("Ania Kowalska", "Jonas Weber", "Marie Dubois", "Luca Bianchi", "Sofia Lindqvist", "Tomáš Novák")
_OWNERS = ("Plant manager", "Quality lead", "Line supervisor", "Maintenance", "Owner")
_CLOSURES = (
    "Verified on site: new work instruction at the station, operators trained.",
    "Photo evidence received and checked; re-measured sample within tolerance.",
    "Calibration certificate received, valid for 12 months.",
    "Follow-up batch inspected without findings.",
)
_PHOTO_TOPICS = ("Line overview", "First article", "Packed carton", "Label detail", "Workstation", "Sample")


def demo_photo(rng: random.Random, label: str) -> tuple[bytes, bytes]:
    """A small generated JPEG (320x240) and its thumbnail: a simple 'shop floor' picture with a caption."""
    from PIL import Image, ImageDraw

    base = tuple(rng.randint(90, 200) for _ in range(3))
    image = Image.new("RGB", (320, 240), base)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 170, 320, 240), fill=(70, 74, 80))
    for _ in range(4):
        x, w, h = rng.randint(10, 260), rng.randint(30, 70), rng.randint(40, 120)
        draw.rectangle((x, 170 - h, x + w, 170), fill=tuple(rng.randint(30, 240) for _ in range(3)), outline="black")
    draw.rectangle((8, 8, 200, 30), fill="white")
    draw.text((14, 13), label, fill="black")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    thumb = image.copy()
    thumb.thumbnail((240, 240))
    small = io.BytesIO()
    thumb.save(small, "JPEG", quality=70)
    return out.getvalue(), small.getvalue()


def _description(item: TemplateItemOut, answer: dict[str, Any] | None, number: str) -> str:
    """What the action asks to put right, as the runner's 'raise action' words it."""
    answer = answer or {}
    why = failure_text(item, answer.get("result"), answer.get("measured"), answer.get("choice", ""))
    return f"{item.prompt} — {why} ({number})."


def _answer(rng: random.Random, item: TemplateItemOut, quality: float) -> dict[str, Any] | None:
    """A plausible answer; `quality` (0-1) is how good the partner is."""
    kind = ItemKind(item.kind)
    row: dict[str, Any] = {"result": None, "measured": None, "choice": "", "text": ""}
    if kind is not ItemKind.TEXT and rng.random() < 0.05:
        return row | {"result": Result.NA.value}
    if kind is ItemKind.PASS_FAIL:
        return row | {"result": Result.PASS.value if rng.random() < quality else Result.FAIL.value}
    if kind is ItemKind.MEASUREMENT:
        assert item.nominal is not None and item.tolerance is not None
        spread = float(item.tolerance or 1) * (0.5 if rng.random() < quality else 1.6)
        value = max(0.0, rng.gauss(float(item.nominal), spread))
        return row | {"measured": Decimal(f"{value:.2f}")}
    if kind is ItemKind.CHOICE:
        good = [c for c in item.choices if c in item.passing_choices]
        bad = [c for c in item.choices if c not in item.passing_choices]
        return row | {"choice": rng.choice(good if rng.random() < quality or not bad else bad)}
    if kind is ItemKind.TEXT:
        return (
            row | {"text": "Walked the line with the owner; findings discussed on site."}
            if rng.random() < 0.5
            else None
        )
    return None  # photo items pass by their photo


def add_demo_quality(session: Session, rng: random.Random, today: dt.date) -> dict[str, int]:
    """Add this area's demo rows; {label: rows added}."""
    templates_added = install_shipped(session)
    current = session.scalars(select(ChecklistTemplate.id).where(ChecklistTemplate.is_current)).all()
    templates = [template_out(session, tid) for tid in sorted(current)]
    partner_ids = session.scalars(
        select(Partner.id)
        .where(Partner.kind == "microfactory", Partner.stage.in_(("pilot", "approved")))
        .order_by(Partner.id)
    ).all()
    if not templates or not partner_ids:
        return {"checklist templates": templates_added}
    chosen = rng.sample(list(partner_ids), min(len(partner_ids), MAX_INSPECTIONS // 2))
    plans: list[tuple[int, TemplateOut, dt.date, bool, float]] = []
    for pid in chosen:
        quality = rng.uniform(0.86, 0.995)
        for n in range(rng.choice((1, 1, 2, 3))):
            # Some partners are being inspected these days: their newest inspection is still open.
            unfinished = n == 0 and rng.random() < 0.12
            day = today - dt.timedelta(days=rng.randint(0, 6) if unfinished else rng.randint(7, 330))
            plans.append((pid, rng.choice(templates), day, unfinished, quality))
    plans = sorted(plans[:MAX_INSPECTIONS], key=lambda p: p[2])
    sequences: dict[int, int] = {}
    inspections: list[dict[str, Any]] = []
    answers_of: list[Any] = []
    photo_items: list[int] = []
    for pid, template, day, unfinished, quality in plans:
        if day.year not in sequences:
            sequences[day.year] = next_sequence(session, Inspection.number, "INS", day.year)
        number = format_number("INS", day.year, sequences[day.year])
        sequences[day.year] += 1
        items = template.items()
        answered = items[: rng.randint(1, max(1, len(items) - 2))] if unfinished else items
        answers = {}
        for item in answered:
            a = _answer(rng, item, quality)
            if a is not None:
                answers[item.id] = a
        photo_item = next((i for i in answered if i.kind == ItemKind.PHOTO), None)
        with_photo = photo_item is not None and len(photo_items) < MAX_WITH_PHOTOS and rng.random() < 0.5
        if photo_item is not None and not with_photo and photo_item.id not in answers:
            answers[photo_item.id] = {"result": Result.NA.value, "measured": None, "choice": "", "text": ""}
        views = {
            k: AnswerOut(k, v["result"], v["measured"], v["choice"], v["text"], clock.now()) for k, v in answers.items()
        }
        photos = {photo_item.id: 1} if with_photo and photo_item is not None else {}
        result = score(items, views, template.pass_threshold_pct, photos=photos)
        moment = dt.datetime.combine(day, dt.time(9, rng.randint(0, 59)))
        inspections.append(
            {
                "uuid": new_uuid(),
                "number": number,
                "partner_id": pid,
                "template_id": template.id,
                "order_id": None,
                "batch_ref": f"B{day:%y%m}-{rng.randint(1, 99):02d}" if template.key == "batch-release-check" else "",
                "inspected_on": day,
                "inspector": rng.choice(_INSPECTORS),
                "location": "Partner site",
                "sample_size": 50 if template.key == "batch-release-check" else rng.choice((None, 3, 5)),
                "status": "in_progress" if unfinished else "finished",
                "finished_at": None if unfinished else moment + dt.timedelta(hours=2),
                "score_pct": None if unfinished else result.pct,
                "outcome": None if unfinished else result.outcome,
                "notes": "",
                "created_at": moment,
                "updated_at": moment,
            }
        )
        failed = [i for i in items if verdict(i, views.get(i.id), photos=photos.get(i.id, 0)) is Result.FAIL]
        answers_of.append(
            (answers, moment, failed if not unfinished else [], photo_item.id if with_photo and photo_item else None)
        )
        if with_photo and photo_item is not None:
            photo_items.append(photo_item.id)
    session.execute(insert(Inspection), inspections, execution_options=_ALL_COLUMNS)
    by_uuid = dict(
        session.execute(
            select(Inspection.uuid, Inspection.id).where(Inspection.uuid.in_([i["uuid"] for i in inspections]))
        ).all()
    )
    ids = [by_uuid[i["uuid"]] for i in inspections]
    answer_rows, event_rows, action_rows, photo_rows = [], [], [], []
    ca_seq: dict[int, int] = {}
    photo_bytes = [demo_photo(rng, topic) for topic in _PHOTO_TOPICS]
    for iid, row, (answers, moment, failed, photo_id) in zip(ids, inspections, answers_of, strict=True):
        stamp = {"created_at": moment, "updated_at": moment}
        answer_rows += [
            {"uuid": new_uuid(), "inspection_id": iid, "item_id": k, "answered_at": moment, **v, **stamp}
            for k, v in answers.items()
        ]
        event_rows.append(
            {
                "uuid": new_uuid(),
                "inspection_id": iid,
                "action": "started",
                "at": moment,
                "by": row["inspector"],
                "reason": "",
                **stamp,
            }
        )
        if row["status"] == "finished":
            event_rows.append(
                {
                    "uuid": new_uuid(),
                    "inspection_id": iid,
                    "action": "finished",
                    "at": row["finished_at"],
                    "by": row["inspector"],
                    "reason": "",
                    **stamp,
                }
            )
        if photo_id is not None:
            data, thumb = rng.choice(photo_bytes)
            photo_rows.append(
                {
                    "uuid": new_uuid(),
                    "inspection_id": iid,
                    "item_id": photo_id,
                    "action_id": None,
                    "file_name": f"IMG_{rng.randint(1000, 9999)}.jpg",
                    "mime": "image/jpeg",
                    "byte_size": len(data),
                    "width": 320,
                    "height": 240,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "caption": "",
                    "thumbnail": thumb,
                    "_data": data,
                    **stamp,
                }
            )
        raised: dt.date = row["inspected_on"]
        for item in failed:
            if rng.random() > 0.7:
                continue
            if raised.year not in ca_seq:
                ca_seq[raised.year] = next_sequence(session, CorrectiveAction.number, "CA", raised.year)
            severity = (
                Severity.CRITICAL if item.critical else rng.choice((Severity.LOW, Severity.MEDIUM, Severity.HIGH))
            )
            due = raised + dt.timedelta(days=DAYS_TO_ACT[severity])
            status = (
                ActionStatus.CLOSED
                if due < today and rng.random() < 0.7
                else rng.choice((ActionStatus.OPEN, ActionStatus.IN_PROGRESS))
            )
            closed_on = (
                min(today, due - dt.timedelta(days=rng.randint(0, 5))) if status is ActionStatus.CLOSED else None
            )
            action_rows.append(
                {
                    "uuid": new_uuid(),
                    "number": format_number("CA", raised.year, ca_seq[raised.year]),
                    "partner_id": row["partner_id"],
                    "inspection_id": iid,
                    "item_id": item.id,
                    "description": _description(item, answers.get(item.id), row["number"]),
                    "owner": rng.choice(_OWNERS),
                    "raised_on": raised,
                    "due_on": due,
                    "severity": severity.value,
                    "status": status.value,
                    "closed_on": max(closed_on, raised) if closed_on else None,
                    "closure_note": rng.choice(_CLOSURES) if closed_on else "",
                    **stamp,
                }
            )
            ca_seq[raised.year] += 1
    if answer_rows:
        session.execute(insert(InspectionAnswer), answer_rows, execution_options=_ALL_COLUMNS)
    session.execute(insert(InspectionEvent), event_rows, execution_options=_ALL_COLUMNS)
    if action_rows:
        session.execute(insert(CorrectiveAction), action_rows, execution_options=_ALL_COLUMNS)
    if photo_rows:
        data_of = {p["uuid"]: p.pop("_data") for p in photo_rows}
        session.execute(insert(Photo), photo_rows, execution_options=_ALL_COLUMNS)
        stored = session.execute(select(Photo.uuid, Photo.id).where(Photo.uuid.in_(list(data_of)))).all()
        session.execute(insert(PhotoData), [{"photo_id": pid, "data": data_of[uuid]} for uuid, pid in stored])
    return {
        "checklist templates": templates_added,
        "inspections": len(inspections),
        "inspection photos": len(photo_rows),
        "corrective actions": len(action_rows),
    }
