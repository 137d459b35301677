"""The portfolio overview: every scored partner ranked for one period, in one PDF."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from reportlab.lib.enums import TA_RIGHT
from reportlab.platypus.flowables import Flowable

from microfactory_desk.exports import pdf
from microfactory_desk.exports.pdf import grid, para, style, write_pdf
from microfactory_desk.schemas.scorecard import PortfolioRow, Standing, Trend

W = pdf.CONTENT_WIDTH
CELL = style("pf-cell", fontSize=7.5, leading=9.5)
NUM = style("pf-num", fontSize=7.5, leading=9.5, alignment=TA_RIGHT)
HEAD = style("pf-head", fontName=pdf.FONT_BOLD, fontSize=7, leading=9, textColor=pdf.MUTED)
TREND = {Trend.UP: "▲", Trend.DOWN: "▼", Trend.FLAT: "►"}
COLUMNS = (
    ("#", 0.035), ("Code", 0.1), ("Partner", 0.2), ("Region", 0.1), ("Score", 0.065), ("Standing", 0.085),
    ("Trend", 0.075), ("On time", 0.075), ("Lead (median)", 0.065), ("Defects", 0.07), ("Overdue actions", 0.065),
    ("SLA breaches", 0.065),
)  # fmt: skip


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
    head = [para(name, HEAD) for name, _ in COLUMNS]
    body = []
    for rank, r in enumerate(rows, 1):
        trend = "" if r.trend is None else f"{TREND[r.trend]} {r.trend_delta:+.1f}" if r.trend_delta is not None else ""
        body.append(
            [
                para(rank if r.score is not None else "", NUM), para(r.code, CELL), para(r.name, CELL), para(r.region, CELL),
                para(_num(r.score), NUM), para(r.standing.value if r.standing else "no data", CELL), para(trend, CELL),
                para(_num(r.on_time_pct, " %"), NUM), para(_num(r.lead_median, " d", 0), NUM),
                para(_num(r.defect_pct, " %", 2), NUM), para(r.actions_overdue, NUM), para(r.sla_breaches, NUM),
            ]
        )  # fmt: skip
    if not body:
        return [*story, para("No partner to score in this period.", pdf.SMALL)]
    table = grid([head, *body], [W * share for _, share in COLUMNS])
    # Narrow padding: twelve columns on a portrait page.
    table.setStyle([("LEFTPADDING", (0, 0), (-1, -1), 2.5), ("RIGHTPADDING", (0, 0), (-1, -1), 2.5)])
    story.append(table)
    return story


def write_portfolio_pdf(period: str, rows: list[PortfolioRow], generated_on: str, path: Path) -> Path:
    """Write the portfolio overview, replacing `path` only once it is complete."""
    story = portfolio_story(period, rows, generated_on)
    return write_pdf(
        Path(path), story, title=f"Partner portfolio {period}", footer=f"Portfolio · {period} · Microfactory Desk"
    )
