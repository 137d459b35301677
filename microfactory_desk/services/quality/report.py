"""The inspection report: an inspection turned into plain rows a PDF writer lays out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from microfactory_desk import clock
from microfactory_desk.errors import FileFormatError
from microfactory_desk.schemas.quality import AnswerOut, InspectionOut, PhotoOut, fmt_pct
from microfactory_desk.schemas.quality_report import InspectionReport, ReportLine, ReportSection
from microfactory_desk.schemas.quality_template import TemplateItemOut
from microfactory_desk.schemas.quality_vocab import (
    ACTION_STATUS_LABELS,
    OUTCOME_LABELS,
    RESULT_LABELS,
    ActionStatus,
    ItemKind,
    Outcome,
    Result,
)
from microfactory_desk.services.quality.scoring import verdict

if TYPE_CHECKING:
    from microfactory_desk.services.quality.inspections import InspectionService


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


def answer_text(item: TemplateItemOut, answer: AnswerOut | None, photos: int) -> str:
    """An answer in words: 'Pass', '120.3 mm (119.5–120.5)', 'Match', the note, '2 photos'."""
    kind = ItemKind(item.kind)
    if answer is not None and answer.result == Result.NA:
        return "Not applicable"
    if kind is ItemKind.MEASUREMENT:
        range_text = ""
        if item.nominal is not None and item.tolerance is not None:
            range_text = f" (allowed {_plain(item.nominal - item.tolerance)}–{_plain(item.nominal + item.tolerance)})"
        if answer is None or answer.measured is None:
            return "Not measured" + range_text
        return f"{_plain(answer.measured)} {item.unit}".rstrip() + range_text
    if kind is ItemKind.CHOICE:
        return answer.choice if answer is not None and answer.choice else "Not answered"
    if kind is ItemKind.TEXT:
        return answer.text if answer is not None and answer.text else "—"
    if kind is ItemKind.PHOTO:
        return f"{photos} photo{'s' if photos != 1 else ''}" if photos else "No photo"
    if answer is None or answer.result is None:
        return "Not answered"
    return RESULT_LABELS[Result(answer.result)]


def build_report(inspection: InspectionOut, today: dt.date) -> InspectionReport:
    """The report of an inspection (finished or not: an unfinished one says so)."""
    by_item: dict[int, list[PhotoOut]] = {}
    loose = []
    for photo in inspection.photos:
        if photo.item_id is None:
            loose.append(photo)
        else:
            by_item.setdefault(photo.item_id, []).append(photo)
    sections = []
    for section in inspection.template.sections:
        lines = []
        for item in section.items:
            answer = inspection.answers.get(item.id)
            photos = tuple(by_item.pop(item.id, []))
            result = verdict(item, answer, photos=len(photos))
            comment = answer.text if answer is not None and item.kind != ItemKind.TEXT else ""
            lines.append(
                ReportLine(
                    prompt=item.prompt,
                    answer=answer_text(item, answer, len(photos)),
                    verdict=RESULT_LABELS[result] if result is not None else "",
                    failed=result is Result.FAIL,
                    critical=item.critical,
                    weight=_plain(item.weight) if item.kind != ItemKind.TEXT else "",
                    comment=comment,
                    photos=photos,
                )
            )
        sections.append(ReportSection(section.title, tuple(lines)))
    loose += [p for group in by_item.values() for p in group]  # photos of items no longer in the checklist
    score = inspection.score
    outcome = OUTCOME_LABELS[Outcome(score.outcome)]
    if not inspection.finished:
        outcome = f"In progress (so far: {outcome.lower()})"
    header = (
        ("Partner", f"{inspection.partner_name} ({inspection.partner_code})"),
        ("Checklist", f"{inspection.template.name}, version {inspection.template.version}"),
        ("Date", inspection.inspected_on.isoformat()),
        ("Inspector", inspection.inspector),
        ("Location", inspection.location),
        ("Sample size", "" if inspection.sample_size is None else str(inspection.sample_size)),
        ("Order / batch", " / ".join(filter(None, (inspection.order_number, inspection.batch_ref)))),
    )
    actions = tuple(
        (
            a.number,
            a.description,
            a.owner,
            a.due_on.isoformat() if a.due_on else "",
            a.severity.capitalize(),
            ACTION_STATUS_LABELS[ActionStatus(a.status)] + (f" {a.closed_on}" if a.closed_on else ""),
        )
        for a in inspection.actions
    )
    return InspectionReport(
        inspection=inspection,
        outcome_label=outcome,
        score_text=fmt_pct(score.pct) if score.pct is not None else "No data",
        header=tuple((k, v) for k, v in header if v),
        sections=tuple(sections),
        loose_photos=tuple(loose),
        actions=actions,
        generated_on=today,
    )


def check_report_path(path: Path) -> None:
    """Refuse a report file name that is not .pdf before any work."""
    if Path(path).suffix.lower() != ".pdf":
        raise FileFormatError(f"Cannot write an inspection report to '{Path(path).name}': use a .pdf file name.")


class InspectionReports:
    """Builds inspection reports and writes them as PDF."""

    def __init__(self, *, inspections: InspectionService) -> None:
        self._inspections = inspections

    def report(self, inspection_id: int, today: dt.date) -> InspectionReport:
        """The report of one inspection."""
        return build_report(self._inspections.get(inspection_id), today)

    def export_pdf(self, number: str, path: Path, *, today: dt.date | None = None) -> Path:
        """Write the report of the inspection numbered `number` (e.g. INS-2026-0007) to `path`."""
        check_report_path(path)
        inspection_id = self._inspections.find_id(number)
        return self.save_pdf(self.report(inspection_id, today or clock.today()), path)

    @staticmethod
    def save_pdf(report: InspectionReport, path: Path) -> Path:
        """Lay out and write a built report (written whole or not at all)."""
        check_report_path(path)
        from microfactory_desk.exports.inspection_report import write_inspection_pdf

        return write_inspection_pdf(report, Path(path))
