"""The inspection report PDF: header, score and its reasons, every section's answers, photos and actions."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Image, KeepTogether, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from microfactory_desk.exports import pdf
from microfactory_desk.exports.pdf import grid, para, style, write_pdf
from microfactory_desk.schemas.quality import PhotoOut
from microfactory_desk.schemas.quality_report import InspectionReport, ReportSection

FAIL_INK = colors.HexColor("#b3261e")
FAIL_FILL = colors.HexColor("#fde7e7")
PASS_INK = colors.HexColor("#2f6f5e")
PASS_FILL = colors.HexColor("#e4f2ec")
NEUTRAL_FILL = colors.HexColor("#f1f3f5")
PHOTO_BOX = 38 * mm
PHOTOS_PER_ROW = 4

SUBTITLE = style("ins-subtitle", fontSize=9, leading=12, textColor=pdf.MUTED, spaceAfter=6)
BIG = style("ins-big", fontName=pdf.FONT_BOLD, fontSize=20, leading=24)
OUTCOME = style("ins-outcome", fontName=pdf.FONT_BOLD, fontSize=12, leading=15)
CELL_BOLD = style("ins-cell-bold", fontName=pdf.FONT_BOLD)
FAIL_TEXT = style("ins-fail", fontName=pdf.FONT_BOLD, textColor=FAIL_INK)
CELL_SMALL = style("ins-cell-small", fontSize=8.5, leading=11)
CRITICAL = style("ins-critical", fontName=pdf.FONT_BOLD, fontSize=7, leading=9, textColor=FAIL_INK)


def _score_box(report: InspectionReport, width: float) -> Table:
    """The score, the outcome and why, in a tinted box (red when failed, green when passed)."""
    outcome = report.inspection.score.outcome
    fill, ink = {"passed": (PASS_FILL, PASS_INK), "failed": (FAIL_FILL, FAIL_INK)}.get(
        outcome, (NEUTRAL_FILL, pdf.MUTED)
    )
    left = [para("SCORE", pdf.LABEL), para(report.score_text, BIG)]
    right = [para(report.outcome_label, style("ins-outcome-ink", parent=OUTCOME, textColor=ink))]
    right += [para(line) for line in report.inspection.score.explanation]
    table = Table([[left, right]], colWidths=[width * 0.26, width * 0.74], splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), fill),
                ("BOX", (0, 0), (-1, -1), 0.8, ink),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                *[(f"{side}PADDING", (0, 0), (-1, -1), 7) for side in ("TOP", "BOTTOM", "LEFT", "RIGHT")],
            ]
        )
    )
    return table


def _image(photo: PhotoOut, box: float) -> Flowable:
    """A thumbnail scaled to fit a square box, keeping its proportions."""
    from reportlab.lib.utils import ImageReader

    reader = ImageReader(io.BytesIO(photo.thumbnail))
    w, h = reader.getSize()
    scale = min(box / w, box / h)
    return Image(io.BytesIO(photo.thumbnail), width=w * scale, height=h * scale)


def _photo_grid(photos: tuple[PhotoOut, ...] | list[PhotoOut], width: float) -> Table:
    """Thumbnails in rows with their file names or captions underneath."""
    cell = width / PHOTOS_PER_ROW
    cells: list[Any] = [
        [_image(p, min(PHOTO_BOX, cell - 8)), para(p.caption or p.file_name, pdf.SMALL)] for p in photos
    ]
    rows: list[list[Any]] = [cells[i : i + PHOTOS_PER_ROW] for i in range(0, len(cells), PHOTOS_PER_ROW)]
    rows[-1] += [""] * (PHOTOS_PER_ROW - len(rows[-1]))
    table = Table(rows, colWidths=[cell] * PHOTOS_PER_ROW)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _section(section: ReportSection, width: float) -> list[Flowable]:
    """A section's items: prompt, answer, verdict; failed rows tinted, critical items marked."""
    widths = [width * 0.46, width * 0.34, width * 0.12, width * 0.08]
    head = [para("Item", pdf.LABEL), para("Answer", pdf.LABEL), para("Result", pdf.LABEL), para("Wt", pdf.LABEL)]
    rows: list[list[Any]] = [head]
    tints: list[tuple[Any, ...]] = []
    for line in section.lines:
        prompt: list[Flowable] = [para(line.prompt, CELL_BOLD if line.failed else pdf.BODY)]
        if line.critical:
            prompt.append(para("CRITICAL", CRITICAL))
        answer: list[Flowable] = [para(line.answer)]
        if line.comment:
            answer.append(para(line.comment, pdf.SMALL))
        rows.append([prompt, answer, para(line.verdict, FAIL_TEXT if line.failed else pdf.BODY), para(line.weight)])
        if line.failed:
            tints.append(("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), FAIL_FILL))
    table = grid(rows, widths)
    table.setStyle(TableStyle(tints))
    story: list[Flowable] = [KeepTogether([para(section.title, pdf.HEADING), table])]
    photos = [p for line in section.lines for p in line.photos]
    if photos:
        story += [Spacer(1, 4), _photo_grid(photos, width)]
    return story


def _actions(report: InspectionReport, width: float) -> list[Flowable]:
    story: list[Flowable] = [para("Corrective actions", pdf.HEADING)]
    if not report.actions:
        return [*story, para("No corrective actions were raised from this inspection.", pdf.SMALL)]
    head = [para(h, pdf.LABEL) for h in ("Number", "What must be put right", "Owner", "Due", "Severity", "Status")]
    rows = [[para(value, CELL_SMALL) for value in action] for action in report.actions]
    shares = (0.15, 0.32, 0.14, 0.15, 0.11, 0.13)
    return [*story, grid([head, *rows], [width * s for s in shares])]


def inspection_story(report: InspectionReport) -> list[Flowable]:
    """The report's flowables."""
    width = pdf.CONTENT_WIDTH
    ins = report.inspection
    story: list[Flowable] = [
        para(f"Inspection report {ins.number}", pdf.TITLE),
        para(f"{ins.partner_name} · {ins.template.name} · {ins.inspected_on.isoformat()}", SUBTITLE, rtl=False),
        grid([[para(k, pdf.LABEL), para(v)] for k, v in report.header], [width * 0.22, width * 0.78], header=False),
        Spacer(1, 8),
        _score_box(report, width),
    ]
    if ins.notes:
        story += [para("Notes", pdf.HEADING), para(ins.notes)]
    for section in report.sections:
        story += _section(section, width)
    if report.loose_photos:
        story += [para("Other photos", pdf.HEADING), _photo_grid(report.loose_photos, width)]
    story += _actions(report, width)
    reopened = [e for e in ins.events if e.action == "reopened"]
    if reopened:
        story.append(para("History", pdf.HEADING))
        story += [
            para(f"Reopened {e.at:%Y-%m-%d %H:%M} UTC by {e.by or 'unknown'}: {e.reason}", pdf.SMALL) for e in reopened
        ]
    return story


def write_inspection_pdf(report: InspectionReport, path: Path) -> Path:
    """Write the report as an A4 PDF, atomically."""
    ins = report.inspection
    return write_pdf(
        path,
        lambda: inspection_story(report),
        title=f"Inspection report {ins.number}",
        footer=f"{ins.number} · {ins.partner_name} · generated {report.generated_on.isoformat()} by Microfactory Desk",
    )
