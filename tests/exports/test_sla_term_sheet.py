"""The SLA term sheet: built from real services, written as PDF and Excel, read back from the files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from microfactory_desk.db import Database
from microfactory_desk.errors import DeskError, FileFormatError, NotFound
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.schemas.sla import validate_terms
from microfactory_desk.services.roster.partners import RosterService
from microfactory_desk.services.sla.versions import SlaService
from microfactory_desk.wiring import Services

D = dt.date
NAME = "Müller & Söhne <GmbH>"
GREEK = "Τα δείγματα εγκρίνονται γραπτώς."
CYRILLIC = "Образцы утверждаются письменно."
FORMULA = '=HYPERLINK("http://x","y")'
TERMS: dict[str, Any] = {
    "lead_time_target_days": 10,
    "lead_time_bound_days": 14,
    "lead_time_percentile": 90,
    "on_time_target_pct": "95",
    "defect_ceiling_pct": "1.5",
    "quote_response_days": 2,
    "reorder_window_days": 30,
    "max_reorder_qty": 200,
    "price_held": True,
    "price_held_until": D(2026, 6, 30),
    "moq_waiver": True,
    "fallback_code": "BULK1",
    "fallback_trigger": "Lead time over 20 days twice in a row",
    "clauses": f"{GREEK}\n{CYRILLIC}\n{FORMULA}",
    "price_tiers": [
        {"min_qty": 200, "unit_price": "9.40"},
        {"min_qty": 1, "unit_price": "12.50"},
        {"min_qty": 50, "unit_price": "10.90"},
        {"min_qty": 10, "unit_price": "8.75", "sku_category": "Tees"},
    ],
}


def make_partner_with_slas(db: Database, start: D, until: D | None = None, code: str = "MS-01") -> int:
    """A partner with agreed version 1 (from `start`) and a newer draft version 2; returns the partner id."""
    roster = RosterService(db)
    if not roster.bulk_suppliers():
        roster.create_partner(data=validate_partner({"code": "BULK1", "name": "Bulk Works", "kind": "bulk supplier"}))
    partner = {"code": code, "name": NAME, "city": "Chemnitz", "country": "Germany"}
    pid = roster.create_partner(data=validate_partner(partner)).id
    sla = SlaService(db)
    first = sla.create_draft(pid, validate_terms({**TERMS, "valid_from": start, "valid_until": until}))
    sla.agree(first.id, on=start)
    sla.create_draft(pid, validate_terms({**TERMS, "lead_time_target_days": 8}))
    return pid


def _pdf_text(path: Path) -> tuple[int, str]:
    pages = PdfReader(path).pages
    return len(pages), " ".join(page.extract_text() for page in pages)


def test_pdf_of_the_version_in_force_is_one_page_with_literal_text(db: Database, tmp_path: Path) -> None:
    """The agreed version prints on one page: markup-like name, Greek and Cyrillic clauses, prices, variability."""
    make_partner_with_slas(db, D(2026, 1, 1))
    out = Services(db).sla_files.export_term_sheet("ms-01", tmp_path / "terms.pdf", today=D(2026, 3, 1))
    pages, text = _pdf_text(out)
    assert pages == 1
    for expected in (NAME, GREEK, CYRILLIC, FORMULA, "12.50 EUR", "10.90 EUR", "9.40 EUR", "8.75 EUR"):
        assert expected in text
    assert "90 % of deliveries within 14 days" in text
    assert "SLA version 1" in text and "DRAFT" not in text
    assert [p.name for p in tmp_path.glob("*terms.pdf*")] == ["terms.pdf"]


def test_draft_version_is_marked_not_agreed(db: Database, tmp_path: Path) -> None:
    """--version 2 (a draft) carries the "DRAFT — not agreed" marker."""
    make_partner_with_slas(db, D(2026, 1, 1))
    out = Services(db).sla_files.export_term_sheet("MS-01", tmp_path / "draft.pdf", 2, today=D(2026, 3, 1))
    pages, text = _pdf_text(out)
    assert pages == 1 and "DRAFT — not agreed" in text and "SLA version 2" in text


def test_long_tiers_fit_page_one_and_every_clause_follows(db: Database, tmp_path: Path) -> None:
    """Forty tiers shrink onto page one; 20,000 characters of clauses follow on later pages, none cut."""
    pid = make_partner_with_slas(db, D(2026, 1, 1))
    tiers = [{"min_qty": q, "unit_price": f"{50 - q / 100:.2f}"} for q in range(1, 4001, 100)]
    long_clauses = "\n".join(f"Clause {n}: " + "the partner keeps spare material. " * 15 for n in range(40))
    SlaService(db).create_draft(pid, validate_terms({**TERMS, "clauses": long_clauses, "price_tiers": tiers}))
    out = Services(db).sla_files.export_term_sheet("MS-01", tmp_path / "long.pdf", 3, today=D(2026, 3, 1))
    pages = PdfReader(out).pages
    first = pages[0].extract_text()
    assert len(pages) > 1
    assert all(f"{50 - q / 100:.2f} EUR" in first for q in range(1, 4001, 100))
    text = " ".join(page.extract_text() for page in pages)
    assert all(f"Clause {n}:" in text for n in range(40))
    assert "further characters" not in text


def test_xlsx_keeps_person_text_as_text_and_prices_as_numbers(db: Database, tmp_path: Path) -> None:
    """A formula-looking clause is a text cell, tier prices are numbers with a currency format, A4 portrait."""
    make_partner_with_slas(db, D(2026, 1, 1))
    out = Services(db).sla_files.export_term_sheet("MS-01", tmp_path / "terms.xlsx", today=D(2026, 3, 1))
    ws = load_workbook(out).active
    cells = {cell.value: cell for row in ws.iter_rows() for cell in row if cell.value is not None}
    assert cells[FORMULA].data_type == "s"
    assert NAME in cells and GREEK in cells and "90 % of deliveries within 14 days" in cells
    prices = {row[0].value: row[2] for row in ws.iter_rows() if isinstance(row[2].value, int | float)}
    assert prices["All SKUs"].value == 9.4 and prices["Category Tees"].value == 8.75
    assert "EUR" in prices["All SKUs"].number_format
    assert ws.page_setup.orientation == "portrait" and ws.page_setup.fitToWidth == 1
    assert str(ws.page_setup.paperSize) == "9"


def test_clear_errors_for_unknown_partner_missing_sla_version_and_suffix(db: Database, tmp_path: Path) -> None:
    """Unknown code, no SLA in force (versions listed), a missing version and a bad suffix each say what is wrong."""
    make_partner_with_slas(db, D(2026, 1, 1), until=D(2026, 6, 30))
    files = Services(db).sla_files
    with pytest.raises(NotFound, match="No partner with code 'NOPE'"):
        files.export_term_sheet("NOPE", tmp_path / "x.pdf", today=D(2026, 3, 1))
    with pytest.raises(DeskError) as err:
        files.export_term_sheet("MS-01", tmp_path / "x.pdf", today=D(2026, 8, 1))
    assert "no SLA in force on 2026-08-01" in err.value.message
    assert "--version N; versions: 1 (agreed), 2 (draft)" in err.value.message
    with pytest.raises(NotFound, match="has no SLA version 7"):
        files.export_term_sheet("MS-01", tmp_path / "x.pdf", 7, today=D(2026, 3, 1))
    with pytest.raises(FileFormatError, match=r"use a \.pdf or \.xlsx"):
        files.export_term_sheet("MS-01", tmp_path / "x.docx", today=D(2026, 3, 1))
    assert not list(tmp_path.glob("x.*"))


def test_term_rows_word_the_terms_for_the_partner(db: Database) -> None:
    """Terms read as sentences; the fallback names the supplier; unset terms are left out."""
    pid = make_partner_with_slas(db, D(2026, 1, 1))
    SlaService(db).create_draft(pid, validate_terms({"quote_response_days": 1}))
    sheet = Services(db).sla_files.term_sheet("MS-01", 1, D(2026, 3, 1))
    terms = dict(sheet.terms)
    assert terms["Quick reorders (experimental SKUs)"] == (
        "Reorder within 30 days; up to 200 units; price held until 2026-06-30; minimum order waived"
    )
    assert terms["Fallback supplier"] == "BULK1 — Bulk Works"
    assert (sheet.validity, sheet.marker, sheet.status_label) == ("from 2026-01-01, no end date", "", "Agreed")
    assert [(t.scope, t.min_qty) for t in sheet.tiers] == [
        ("All SKUs", 1),
        ("All SKUs", 50),
        ("All SKUs", 200),
        ("Category Tees", 10),
    ]
    sparse = Services(db).sla_files.term_sheet("MS-01", 3, D(2026, 3, 1))
    assert sparse.terms == [("Quote response", "within 1 day")] and sparse.tiers == []
