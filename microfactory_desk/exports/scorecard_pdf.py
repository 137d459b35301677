"""A partner scorecard as an A4 PDF: standing, KPI table against the SLA, explained score, charts, quality."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from microfactory_desk.exports import pdf
from microfactory_desk.exports.pdf import grid, para, style, write_pdf
from microfactory_desk.exports.scorecard_charts import lead_time_chart, scorecard_trends
from microfactory_desk.schemas.scorecard import PartnerScorecard, Standing, Trend

W = pdf.CONTENT_WIDTH
STANDING_INK = {
    Standing.STRATEGIC: colors.HexColor("#166534"),
    Standing.APPROVED: colors.HexColor("#2f6f5e"),
    Standing.WATCH: colors.HexColor("#9a6700"),
    Standing.EXIT: colors.HexColor("#b42318"),
}
STATUS_INK = {"met": "#166534", "breached": "#b42318", "no data": "#5b6673", "info": "#1f2a37",
              "too little data": "#5b6673"}  # fmt: skip
STATUS_TEXT = {"met": "✓ met", "breached": "✗ breached", "no data": "no data", "info": "",
               "too little data": "too little data"}  # fmt: skip
TREND_TEXT = {Trend.UP: "▲ up", Trend.DOWN: "▼ down", Trend.FLAT: "► flat"}

NAME = style("sc-name", fontName=pdf.FONT_BOLD, fontSize=13, leading=16)
SCORE = style("sc-score", fontName=pdf.FONT_BOLD, fontSize=26, leading=30, alignment=TA_CENTER)
CENTER = style("sc-center", alignment=TA_CENTER)
SMALL_RIGHT = style("sc-small-right", fontSize=8, leading=10, alignment=TA_RIGHT)
CELL = style("sc-cell", fontSize=8.5, leading=11)
CELL_RIGHT = style("sc-cell-right", fontSize=8.5, leading=11, alignment=TA_RIGHT)
FORMULA = style("sc-formula", fontSize=7.5, leading=9.5, textColor=pdf.MUTED)
AUDIENCE = {"partner": "Prepared for the partner", "internal": "INTERNAL — not for the partner"}


def _fmt(value: float | None, suffix: str = "", digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}{suffix}"


def _status(status: str) -> Any:
    return para(
        STATUS_TEXT[status],
        style(f"st-{status}", fontSize=8.5, leading=11, textColor=colors.HexColor(STATUS_INK[status])),
    )


def _header(card: PartnerScorecard) -> list[Flowable]:
    result = card.result
    standing = result.standing
    ink = STANDING_INK.get(standing, pdf.MUTED) if standing else pdf.MUTED
    score = para(
        "no data" if result.score is None else f"{result.score:.1f}", ParagraphStyle("sc-s", SCORE, textColor=ink)
    )
    label = para(
        result.standing_text.upper(),
        ParagraphStyle("sc-l", CENTER, fontName=pdf.FONT_BOLD, fontSize=11, textColor=ink),
    )
    trend = "no trend (no earlier score)"
    if card.trend is not None and card.previous_score is not None and result.score is not None:
        trend = f"{TREND_TEXT[card.trend]} {result.score - card.previous_score:+.1f} vs previous period"
    left = [
        para("PARTNER", pdf.LABEL),
        para(card.name, NAME),
        para(f"Code {card.code} · {card.stage.title()}" + (f" · {card.region}" if card.region else "")),
    ]
    if card.location:
        left.append(para(card.location))
    left += [Spacer(1, 4), para(card.sla_summary, pdf.SMALL)]
    breaches = len(result.breaches)
    right = [score, label, para(trend, ParagraphStyle("sc-t", pdf.SMALL, alignment=TA_CENTER))]
    right.append(
        para(
            f"{breaches} SLA breach{'es' if breaches != 1 else ''}"
            + (f": {'; '.join(result.breaches)}" if breaches else ""),
            ParagraphStyle(
                "sc-b",
                pdf.SMALL,
                alignment=TA_CENTER,
                textColor=STANDING_INK[Standing.EXIT] if breaches else pdf.MUTED,
            ),
        )
    )
    box = Table([[left, right]], colWidths=[W * 0.64, W * 0.36], splitInRow=1)  # a long name or note continues
    box.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, -1), pdf.SHADE),
                ("BOX", (0, 0), (-1, -1), 0.6, pdf.RULE),
                ("LINEAFTER", (0, 0), (0, 0), 0.6, pdf.RULE),
                *[(f"{side}PADDING", (0, 0), (-1, -1), 7) for side in ("TOP", "BOTTOM", "LEFT", "RIGHT")],
            ]
        )
    )
    title = para(f"Partner scorecard · {card.period}", pdf.TITLE)
    sub = (
        f"{card.period_start} to {card.period_end} · generated {card.generated_on} · {AUDIENCE.get(card.audience, '')}"
    )
    return [title, para(sub, ParagraphStyle("sc-sub", pdf.SMALL, spaceAfter=6)), box]


def _kpi_table(card: PartnerScorecard) -> Flowable:
    head = [para(text, pdf.LABEL) for text in ("KPI", "This period", "SLA target", "")]
    rows = [[para(k.name, CELL), para(k.value, CELL), para(k.target, CELL), _status(k.status)] for k in card.kpi_lines]
    return grid([head, *rows], [W * 0.27, W * 0.38, W * 0.18, W * 0.17])


def _explanation(card: PartnerScorecard) -> list[Flowable]:
    result = card.result
    head = [para(text, pdf.LABEL) for text in ("Criterion", "Weight", "Result", "Adds", "How it is computed")]
    rows = []
    for c in result.criteria:
        weight = (
            f"{c.weight}"
            if c.effective_weight is None or abs(c.effective_weight - c.weight) < 0.05
            else f"{c.weight} → {c.effective_weight:.1f}"
        )
        inputs = "; ".join(f"{name}: {value}" for name, value in c.inputs)
        rows.append(
            [
                para(c.label, CELL),
                para(weight if c.has_data else f"{c.weight} (left out)", CELL_RIGHT),
                para(_fmt(c.result) if c.has_data else "no data", CELL_RIGHT),
                para(_fmt(c.contribution), CELL_RIGHT),
                [para(c.formula, CELL), para(inputs, FORMULA)],
            ]
        )
    table = grid([head, *rows], [W * 0.17, W * 0.1, W * 0.09, W * 0.08, W * 0.56])
    return [para("How the score is made", pdf.HEADING), table, Spacer(1, 3), para(result.explanation, pdf.SMALL)]


def _charts(card: PartnerScorecard) -> Flowable:
    k = card.kpis
    half = W / 2 - 4
    lead = lead_time_chart(k.lead_counts, k.lead_bound_days, k.lead_percentile, half, 150)
    history = [(h.period, h.on_time_pct, h.defect_pct, h.score) for h in card.history]
    trends = scorecard_trends(history, half, 150)
    table = Table([[lead, trends]], colWidths=[half + 8, half])
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _inspections(card: PartnerScorecard) -> list[Flowable]:
    story: list[Flowable] = [para("Inspections in the period", pdf.HEADING)]
    if not card.inspections:
        return [*story, para("No finished inspection in this period.", pdf.SMALL)]
    head = [para(text, pdf.LABEL) for text in ("Number", "Date", "Checklist", "Score", "Outcome")]
    rows = [
        [
            para(i.number, CELL),
            para(i.inspected_on, CELL),
            para(i.template, CELL),
            para(_fmt(i.score_pct, " %"), CELL_RIGHT),
            para(i.outcome, CELL),
        ]
        for i in card.inspections[:15]
    ]
    story.append(grid([head, *rows], [W * 0.17, W * 0.14, W * 0.43, W * 0.11, W * 0.15]))
    if len(card.inspections) > 15:
        story.append(para(f"… and {len(card.inspections) - 15} more inspections.", pdf.SMALL))
    return story


def _actions(card: PartnerScorecard) -> list[Flowable]:
    story: list[Flowable] = [para("Open corrective actions", pdf.HEADING)]
    if not card.actions:
        return [*story, para("No corrective action is open.", pdf.SMALL)]
    head = [para(text, pdf.LABEL) for text in ("Number", "What", "Owner", "Due", "Status")]
    late = style("sc-late", fontSize=8.5, leading=11, textColor=STANDING_INK[Standing.EXIT])
    rows = [
        [
            para(a.number, CELL),
            para(a.description, CELL),
            para(a.owner, CELL),
            para(a.due_on or "—", late if a.overdue else CELL),
            para(("overdue · " if a.overdue else "") + a.status.replace("_", " "), late if a.overdue else CELL),
        ]
        for a in card.actions[:20]
    ]
    story.append(grid([head, *rows], [W * 0.15, W * 0.4, W * 0.16, W * 0.14, W * 0.15]))
    if len(card.actions) > 20:
        story.append(para(f"… and {len(card.actions) - 20} more open actions.", pdf.SMALL))
    return story


def _notes(card: PartnerScorecard) -> list[Flowable]:
    story: list[Flowable] = [para("Internal notes and negotiation", pdf.HEADING)]
    if not card.notes:
        return [*story, para("No internal notes for this period.", pdf.SMALL)]
    rows = [[[para(n.title, pdf.LABEL), para(n.when, pdf.SMALL)], para(n.text)] for n in card.notes[:12]]
    return [*story, grid(rows, [W * 0.25, W * 0.75], header=False)]


def scorecard_story(card: PartnerScorecard) -> list[Flowable]:
    """The flowables of one scorecard (the partner version leaves internal notes out)."""
    story = [*_header(card), para("KPIs against the SLA", pdf.HEADING), _kpi_table(card), Spacer(1, 8), _charts(card)]
    story += [KeepTogether(_explanation(card)), *_inspections(card), *_actions(card)]
    if card.audience == "internal":
        story += _notes(card)
    return story


def write_scorecard_pdf(card: PartnerScorecard, path: Path) -> Path:
    """Write the scorecard, replacing `path` only once it is complete."""
    footer = f"Scorecard {card.code} · {card.period} · Microfactory Desk"
    return write_pdf(
        Path(path), lambda: scorecard_story(card), title=f"Scorecard {card.code} {card.period}", footer=footer
    )
