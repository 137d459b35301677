"""No person text stops a PDF export: 20,000 characters or one 500-character word split over pages and wrap."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from microfactory_desk.db import open_database
from microfactory_desk.exports.inspection_report import write_inspection_pdf
from tests.exports.pdf_corpus import WRITERS, Dtos, build_dtos, inspection_with

# Numbered sentences: each must come back, wherever a page break (and its footer) falls.
LONG = " ".join(f"Satz{n:04d} zur Lieferung, Zeile für Zeile geprüft." for n in range(500))[:20_000]
SENTENCES = [word for word in LONG.split() if word.startswith("Satz")]


def _all_sentences(printed: str, count: int = len(SENTENCES)) -> bool:
    return all(word in printed for word in SENTENCES[:count])


WORD = "W" * 500
URL = "https://example.com/track?" + "a1b2c3d4" * 60


@pytest.fixture(scope="module")
def dtos(tmp_path_factory: pytest.TempPathFactory) -> Dtos:
    """The four PDF DTOs, built once through the services on a real SQLite file."""
    folder = tmp_path_factory.mktemp("any-length")
    db = open_database(str(folder / "test.sqlite"))
    try:
        return build_dtos(db, folder)
    finally:
        db.close()


def _text(path: Path) -> tuple[int, str]:
    pages = PdfReader(path).pages
    return len(pages), "".join(page.extract_text() for page in pages)


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_a_500_character_word_wraps_in_every_pdf(dtos: Dtos, tmp_path: Path, kind: str) -> None:
    """A 500-character word and a long URL in every person field print whole, cut at line ends, no error."""
    for text in (WORD, URL):
        out = WRITERS[kind](dtos, text, tmp_path / f"{kind}.pdf")
        _pages, printed = _text(out)
        assert "\x00" not in printed
        assert "".join(printed.split()).count(text) >= 1, kind


@pytest.mark.parametrize("kind", ["term sheet", "scorecard", "portfolio"])
def test_20000_characters_split_across_pages(dtos: Dtos, tmp_path: Path, kind: str) -> None:
    """20,000 characters in every person field continue over as many pages as they need, nothing cut."""
    out = WRITERS[kind](dtos, LONG, tmp_path / f"{kind}.pdf")
    pages, printed = _text(out)
    assert pages > 3
    assert _all_sentences(printed)


def test_inspection_answer_of_20000_characters_prints_over_pages(dtos: Dtos, tmp_path: Path) -> None:
    """The reported failure: a long answer (7,000 then; 20,000 here) made a row taller than a page, no PDF at all."""
    section = dtos.report.sections[0]
    lines = (replace(section.lines[0], answer=LONG), *section.lines[1:])
    report = replace(dtos.report, sections=(replace(section, lines=lines), *dtos.report.sections[1:]))
    pages, printed = _text(write_inspection_pdf(report, tmp_path / "long-answer.pdf"))
    assert pages >= 5 and _all_sentences(printed)


def test_every_inspection_field_long_at_once(dtos: Dtos, tmp_path: Path) -> None:
    """Notes, partner, header values, the first line of each section and the actions all 20,000 characters long."""
    out = write_inspection_pdf(inspection_with(dtos.report, LONG, every=False), tmp_path / "inspection.pdf")
    pages, printed = _text(out)
    assert pages > 20 and _all_sentences(printed)
