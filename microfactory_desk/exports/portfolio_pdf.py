"""The portfolio overview: every scored partner ranked for one period, in one PDF."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus.flowables import Flowable

from microfactory_desk.exports import pdf
from microfactory_desk.exports.pdf import grid, para, style, write_pdf
from microfactory_desk.schemas.portfolio_rows import trend_text
from microfactory_desk.schemas.scorecard import PortfolioRow, Standing

# Landscape: twelve columns read across without breaking a code or a header word.
PAGE = landscape(A4)
W = PAGE[0] - 36 * mm
PAD = 3.0
CELL = style("pf-cell", fontSize=7.5, leading=9.5)
NUM = style("pf-num", fontSize=7.5, leading=9.5, alignment=TA_RIGHT)
HEAD = style("pf-head", fontName=pdf.FONT_BOLD, fontSize=7, leading=9, textColor=pdf.MUTED)
HEAD_RIGHT = style("pf-head-right", fontName=pdf.FONT_BOLD, fontSize=7, leading=9, textColor=pdf.MUTED,
                   alignment=TA_RIGHT)  # fmt: skip
# (header, numeric); the partner name and the region share what the fitted columns leave.
COLUMNS = (
    ("#", True), ("Code", False), ("Partner", False), ("Region", False), ("Score", True), ("Standing", False),
    ("Trend", False), ("On time", True), ("Lead", True), ("Defects", True), ("Overdue", True), ("Breaches", True),
)  # fmt: skip
FLEX = {2: 0.65, 3: 0.35}
NOTE = "Lead: median lead time in days. Overdue: corrective actions past their due date. Breaches: SLA terms breached."


def _widths(body: list[list[str]]) -> list[float]:
    """Each fitted column as wide as its widest text (header or cell, never wrapped); the rest to name and region."""
    widths = [0.0] * len(COLUMNS)
    for i, (header, _numeric) in enumerate(COLUMNS):
        if i in FLEX:
            continue
        texts = [row[i] for row in body]
        widest = max([pdfmetrics.stringWidth(header, pdf.FONT_BOLD, 7)] + [pdf.text_width(t, 7.5) for t in texts])
        widths[i] = widest + 2 * PAD + 1
    left = max(W - sum(widths), 120.0)
    for i, share in FLEX.items():
        widths[i] = left * share
    return widths


def _num(value: float | None, suffix: str = "", digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}{suffix}"


def portfolio_story(period: str, rows: list[PortfolioRow], generated_on: str) -> list[Flowable]:
    """A summary line per standing and the ranked table."""
    counts = Counter(r.standing for r in rows)
    summary = (
        " · ".join(f"{s.value.title()}: {counts.get(s, 0)}" for s in Standing) + f" · No data: {counts.get(None, 0)}"
    )
    story: list[Flowable] = [
        para(f"Partner portfolio · {period}", pdf.TITLE),
        para(f"{len(rows)} partners ranked by score · generated {generated_on}", pdf.SMALL),
        para(summary, style("pf-summary", spaceBefore=4, spaceAfter=6)),
    ]
    texts = []
    for rank, r in enumerate(rows, 1):
        trend = trend_text(r.trend, r.trend_delta)
        texts.append(
            [
                str(rank) if r.score is not None else "", r.code, r.name, r.region, _num(r.score),
                r.standing_text, trend, _num(r.on_time_pct, " %"),
                _num(r.lead_median, " d", 0), _num(r.defect_pct, " %", 2), str(r.actions_overdue), str(r.sla_breaches),
            ]
        )  # fmt: skip
    if not texts:
        return [*story, para("No partner to score in this period.", pdf.SMALL)]
    head = [para(name, HEAD_RIGHT if numeric else HEAD) for name, numeric in COLUMNS]
    body = [[para(t, NUM if COLUMNS[i][1] else CELL) for i, t in enumerate(row)] for row in texts]
    table = grid([head, *body], _widths(texts))
    table.setStyle([("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD)])
    story += [table, para(NOTE, style("pf-note", parent=pdf.SMALL, spaceBefore=6))]
    return story


def write_portfolio_pdf(period: str, rows: list[PortfolioRow], generated_on: str, path: Path) -> Path:
    """Write the portfolio overview (A4 landscape), replacing `path` only once it is complete."""
    return write_pdf(
        Path(path),
        lambda: portfolio_story(period, rows, generated_on),
        title=f"Partner portfolio {period}",
        footer=f"Portfolio · {period} · Microfactory Desk",
        pagesize=PAGE,
    )
