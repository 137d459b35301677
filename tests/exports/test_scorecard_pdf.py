"""Scorecard and portfolio PDFs: text read back with pypdf, non-Latin names exact, audiences differ."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import update

from microfactory_desk.db import Database
from microfactory_desk.models import NegotiationEntry, Partner
from microfactory_desk.schemas.periods import parse_period
from microfactory_desk.services.scorecards.files import file_name
from microfactory_desk.wiring import Services
from tests.services.telemetry_fixtures import D, add_line, add_partner, add_sla, deliver

Q3 = parse_period("2026-Q3")
NAMES = {
    "CN-1": "深圳快速打样",
    "DE-1": "Müller & Söhne <GmbH>",
    "PL-1": "Łódź Print Lab — zażółć",
    "TR-1": "İstanbul Örgü Atölyesi ğüşıöç",
    "GR-1": "Θεσσαλονίκη Maker Lab",
    "RU-1": "Новосибирск Литейка",
}


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _portfolio(db: Database) -> None:
    for code, name in NAMES.items():
        pid = add_partner(db, code, name)
        add_sla(db, pid)
        for n, ref in enumerate("ABC"):  # three deliveries: enough evidence for the delivery criteria
            deliver(db, add_line(db, pid, sent_on=D(2026, 7, 1)), ref, D(2026, 7, 9 + n + len(code) + len(name) % 9))
    with db.session() as s:
        cn = s.query(Partner).filter_by(code="CN-1").one()
        s.execute(update(Partner).where(Partner.id == cn.id).values(risk_notes="Secret: asks for prepayment"))
        s.add(
            NegotiationEntry(partner_id=cn.id, occurred_on=D(2026, 8, 3), channel="call", our_ask="Price break at =50")
        )


def test_scorecard_prints_names_kpis_and_explanation(db: Database, tmp_path: Path) -> None:
    """Every non-Latin name prints exactly; the KPI table, SLA marks and formulas are in the text."""
    _portfolio(db)
    files = Services(db).scorecard_files
    for code, name in NAMES.items():
        out = files.export_scorecard(code.lower(), Q3, tmp_path / f"{code}.pdf", today=D(2026, 11, 1))
        text = _text(out)
        assert name in text
        assert "KPIs against the SLA" in text and "On-time rate" in text and "≥ 90.0 %" in text
        assert "How the score is made" in text and "min(100, on-time rate ÷ target × 100)" in text
        assert "left out" in text  # corrective actions and inspections: no data, re-weighted


def test_partner_version_leaves_out_internal_notes(db: Database, tmp_path: Path) -> None:
    """Risk notes and negotiation details appear only in the internal scorecard."""
    _portfolio(db)
    files = Services(db).scorecard_files
    partner = _text(files.export_scorecard("CN-1", Q3, tmp_path / "p.pdf", today=D(2026, 11, 1)))
    internal = _text(files.export_scorecard("CN-1", Q3, tmp_path / "i.pdf", audience="internal", today=D(2026, 11, 1)))
    assert "Secret" not in partner and "Price break" not in partner
    assert "Secret: asks for prepayment" in internal and "Asked: Price break at =50" in internal
    assert "INTERNAL" in internal and "Prepared for the partner" in partner


def test_a_period_without_data_says_no_data(db: Database, tmp_path: Path) -> None:
    """A partner with no deliveries in the period gets "no data", not 0 or 100."""
    _portfolio(db)
    text = _text(Services(db).scorecard_files.export_scorecard("DE-1", parse_period("2025-Q1"), tmp_path / "x.pdf"))
    assert "NO DATA" in text and "No delivery received in this period" in text
    assert "100.0" not in text


def test_batch_and_portfolio(db: Database, tmp_path: Path) -> None:
    """Every scored partner gets a file with a portable name; the portfolio ranks them all in one PDF."""
    _portfolio(db)
    seen: list[tuple[int, int]] = []
    files = Services(db).scorecard_files
    count = files.export_all(Q3, tmp_path / "cards", progress=lambda done, total: seen.append((done, total)))
    assert count == 6 and seen[-1] == (6, 6)
    assert sorted(p.name for p in (tmp_path / "cards").iterdir()) == sorted(file_name(c, "2026-Q3") for c in NAMES)
    assert files.export_portfolio(Q3, tmp_path / "portfolio.pdf", today=D(2026, 11, 1)) == 6
    text = " ".join(_text(tmp_path / "portfolio.pdf").split())  # long names wrap in the narrow column
    for name in NAMES.values():
        assert name in text
