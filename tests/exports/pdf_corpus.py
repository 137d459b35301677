"""Real DTOs for every PDF (built once through the services) and a way to put one text into every person field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from microfactory_desk.db import Database
from microfactory_desk.exports.inspection_report import write_inspection_pdf
from microfactory_desk.exports.portfolio_pdf import write_portfolio_pdf
from microfactory_desk.exports.scorecard_pdf import write_scorecard_pdf
from microfactory_desk.exports.sla_term_sheet import write_term_sheet_pdf
from microfactory_desk.schemas.periods import parse_period
from microfactory_desk.schemas.quality_report import InspectionReport, ReportLine
from microfactory_desk.schemas.scorecard import ActionLine, NoteLine, PartnerScorecard, PortfolioRow
from microfactory_desk.schemas.term_sheet import TermSheet
from microfactory_desk.wiring import Services
from tests.exports.test_inspection_report import _filled
from tests.exports.test_scorecard_pdf import _portfolio
from tests.exports.test_sla_term_sheet import make_partner_with_slas

D = dt.date
# One line per script the issue names; each must come back from the text layer and be drawn by a font that has it.
SCRIPTS = {
    "latin": "Zażółć gęślą jaźń — Ærøskøbing, Čeština, Tiếng Việt",
    "greek": "Θεσσαλονίκη εργαστήριο",
    "cyrillic": "Новосибирск литейный цех",
    "arabic": "مصنع صغير في القاهرة",
    "hebrew": "מפעל קטן בתל אביב",
    "devanagari": "नमस्ते दुनिया कारख़ाना",
    "bengali": "ঢাকা কারখানা",
    "tamil": "சென்னை தொழிற்சாலை",
    "thai": "โรงงานขนาดเล็ก",
    "chinese": "深圳快速打样",
    "japanese": "東京ラボ ひらがな カタカナ",
    "korean": "서울 제작소",
    "emoji": "Ready 🚀 📦 ✅ 🙂",
    "math": "∀x ∈ ℝ: x² ≥ 0, ∑ ≤ ∞ ∮ ⊕ ⨁",
    "armenian": "Երևան",
    "georgian": "თბილისი",
    "ethiopic": "አዲስ አበባ",
}


@dataclass(frozen=True)
class Dtos:
    """One DTO per PDF export, as the services build them."""

    report: InspectionReport
    sheet: TermSheet
    card: PartnerScorecard
    rows: list[PortfolioRow]


def build_dtos(db: Database, tmp_path: Path) -> Dtos:
    """Fill a database through the services and read back the four PDF DTOs."""
    services = Services(db)
    number = _filled(db, tmp_path)
    report = services.inspection_reports.report(services.inspections.find_id(number), D(2026, 11, 1))
    make_partner_with_slas(db, D(2026, 1, 1), code="TS-01")
    sheet = services.sla_files.term_sheet("TS-01", None, D(2026, 3, 1))
    _portfolio(db)
    q3 = parse_period("2026-Q3")
    card = services.scorecards.scorecard("cn-1", q3, audience="internal", today=D(2026, 11, 1))
    rows = services.scorecards.portfolio(q3, today=D(2026, 11, 1))
    return Dtos(report, sheet, card, rows)


def inspection_with(report: InspectionReport, text: str, *, every: bool = True) -> InspectionReport:
    """The report with `text` as partner, notes, prompts, answers and comments (all, or the first line's only:
    twenty 20,000-character fields take 20 s), and every action field."""
    ins = replace(report.inspection, notes=text, partner_name=text)

    def line(n: int, li: ReportLine) -> ReportLine:
        return replace(li, prompt=text, answer=text, comment=text) if every or n == 0 else li

    sections = tuple(
        replace(s, title=text[:200], lines=tuple(line(n, li) for n, li in enumerate(s.lines))) for s in report.sections
    )
    actions = tuple((a[0], text, text, a[3], a[4], a[5]) for a in report.actions)
    header = tuple((k, text) for k, _ in report.header)
    return replace(report, inspection=ins, sections=sections, actions=actions, header=header)


def sheet_with(sheet: TermSheet, text: str) -> TermSheet:
    """The term sheet with `text` as partner name, location, every term value (the fallback clause) and clauses."""
    return sheet.model_copy(
        update={"partner_name": text, "city": text, "terms": [(k, text) for k, _ in sheet.terms], "clauses": text}
    )


def card_with(card: PartnerScorecard, text: str) -> PartnerScorecard:
    """The internal scorecard with `text` in the name, location, notes (risk, negotiation) and open actions."""
    notes = (NoteLine("2026-08-03", "Risk notes", text), NoteLine("2026-08-04", "Negotiation · call", text))
    action = ActionLine("CA-2026-0001", text, text, D(2026, 9, 1), "open", True)
    return replace(card, name=text, location=text, notes=notes, actions=(action,), audience="internal")


def rows_with(rows: list[PortfolioRow], text: str) -> list[PortfolioRow]:
    """The portfolio rows with `text` as every partner name and region."""
    return [replace(r, name=text, region=text[:500]) for r in rows]


WRITERS: dict[str, Callable[[Dtos, str, Path], Path]] = {
    "inspection": lambda d, t, p: write_inspection_pdf(inspection_with(d.report, t), p),
    "term sheet": lambda d, t, p: write_term_sheet_pdf(sheet_with(d.sheet, t), p),
    "scorecard": lambda d, t, p: write_scorecard_pdf(card_with(d.card, t), p),
    "portfolio": lambda d, t, p: write_portfolio_pdf("2026-Q3", rows_with(d.rows, t), "2026-11-01", p),
}
