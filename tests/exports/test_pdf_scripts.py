"""Every script prints in every PDF: text layer, fonts that have each character, right-to-left order, joined Arabic."""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from microfactory_desk.cli import main
from microfactory_desk.db import Database, open_database
from microfactory_desk.exports import fonts, pdf
from microfactory_desk.exports.pdf import para, write_pdf
from tests.exports.pdf_corpus import SCRIPTS, WRITERS, Dtos, build_dtos
from tests.exports.pdf_glyphs import Drawn, bundled_cmap, drawn
from tests.quality_helpers import make_partner, make_template, start_inspection

CORPUS = "\n".join(SCRIPTS.values())
ARABIC, HEBREW = SCRIPTS["arabic"], SCRIPTS["hebrew"]
# Scripts a text extractor returns in typed order (no shaping reorders their glyphs).
SIMPLE = ("latin", "greek", "cyrillic", "chinese", "japanese", "korean", "emoji", "math", "armenian", "georgian")


@pytest.fixture(scope="module")
def dtos(tmp_path_factory: pytest.TempPathFactory) -> Dtos:
    """The four PDF DTOs, built once through the services on a real SQLite file."""
    folder = tmp_path_factory.mktemp("scripts")
    db = open_database(str(folder / "test.sqlite"))
    try:
        return build_dtos(db, folder)
    finally:
        db.close()


def _letters(text: str) -> Counter[str]:
    """The characters of `text` that carry ink, decomposed (joined Arabic forms folded, Tamil two-part vowels split)."""
    folded = unicodedata.normalize("NFKD", text)
    return Counter(c for c in folded if not c.isspace() and unicodedata.category(c) not in ("Cf", "Mn"))


def _all_drawn(path: Path) -> list[Drawn]:
    return [d for page in PdfReader(path).pages for d in drawn(page)]


def _reads_right_to_left(ops: list[Drawn], font: str, expected: str) -> bool:
    """Some drawing of `font` whose glyphs, read from the right, spell `expected`."""
    want = unicodedata.normalize("NFKC", expected)
    return any(unicodedata.normalize("NFKC", d.text[::-1]).strip() == want for d in ops if d.font == font)


def _check_document(path: Path) -> None:
    ops = _all_drawn(path)
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    assert "\x00" not in text and all("\x00" not in d.text for d in ops)
    for op in ops:
        missing = {c for c in op.text if ord(c) not in bundled_cmap(op.font) and c not in "\u200c"}
        assert not missing, f"{op.font} has no glyph for {sorted(missing)}"
    printed = _letters("".join(d.text for d in ops))
    for name, sample in SCRIPTS.items():
        assert not _letters(sample) - printed, name  # every character of every script is in the text layer
    flat = " ".join(text.split())
    for name in SIMPLE:
        assert SCRIPTS[name] in flat, name
    assert _reads_right_to_left(ops, "NotoSansHebrew-Regular", HEBREW)
    assert _reads_right_to_left(ops, "NotoSansArabic-Regular", ARABIC)


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_every_script_prints_in_every_pdf(dtos: Dtos, tmp_path: Path, kind: str) -> None:
    """All fourteen scripts in every person field: text layer holds them, fonts have them, no NUL, RTL drawn RTL."""
    with fonts.collect_unprintable() as missing:
        out = WRITERS[kind](dtos, CORPUS, tmp_path / f"{kind}.pdf")
    assert not missing
    _check_document(out)


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_a_right_to_left_field_reads_right_to_left(dtos: Dtos, tmp_path: Path, kind: str) -> None:
    """A field wholly in Arabic (then Hebrew) is drawn from the right, words and letters, in each PDF."""
    for sample, font in ((ARABIC, "NotoSansArabic-Regular"), (HEBREW, "NotoSansHebrew-Regular")):
        ops = _all_drawn(WRITERS[kind](dtos, sample, tmp_path / f"{kind}.pdf"))
        assert _reads_right_to_left(ops, font, sample), (kind, sample)


def test_arabic_letters_are_drawn_joined(tmp_path: Path) -> None:
    """The drawn Arabic glyphs are initial, medial and final forms, not the isolated letters typed."""
    out = write_pdf(tmp_path / "ar.pdf", [para(ARABIC)], title="ar", footer="x")
    glyphs = "".join(d.text for d in _all_drawn(out) if d.font == "NotoSansArabic-Regular")
    forms = {unicodedata.name(c).rsplit(" ", 2)[-2] for c in glyphs if "FORM" in unicodedata.name(c, "")}
    assert {"INITIAL", "MEDIAL", "FINAL"} <= forms


def test_numbers_and_codes_in_arabic_keep_their_order(tmp_path: Path) -> None:
    """In a right-to-left line a number or a code is drawn left to right, at the left of the words before it."""
    out = write_pdf(tmp_path / "mixed.pdf", [para("طلب PO-2026-0001 غدا")], title="m", footer="x")
    body = [d for d in _all_drawn(out) if d.y > 100]
    assert [d.font for d in body] == ["NotoSansArabic-Regular", "DejaVuSans", "NotoSansArabic-Regular"]
    assert "PO-2026-0001" in body[1].text
    assert unicodedata.normalize("NFKC", body[0].text[::-1]).strip() == "غدا"


def test_a_wrapped_hebrew_paragraph_reads_line_by_line(tmp_path: Path) -> None:
    """Wrapped over several lines, the first line holds the first words, each line drawn from the right."""
    parts = HEBREW.split()
    words = [a + b for a in parts for b in parts] * 3
    out = write_pdf(tmp_path / "he.pdf", [para(" ".join(words))], title="he", footer="x")
    lines: dict[float, str] = {}
    for d in _all_drawn(out):
        if d.y > 100:
            lines[d.y] = lines.get(d.y, "") + d.text
    read = [word for _y, line in sorted(lines.items(), reverse=True) for word in line[::-1].split()]
    assert len(lines) > 2
    assert read == words


def test_a_character_no_font_has_prints_a_mark_and_is_reported(tmp_path: Path) -> None:
    """A private-use character prints as U+FFFD (visible, in DejaVu) and the export hands it to the collector."""
    with fonts.collect_unprintable() as missing:
        out = write_pdf(tmp_path / "pua.pdf", [para("Ref \ue123 ok")], title="x", footer="x")
    assert missing == {"\ue123"}
    assert "Ref \ufffd ok" in PdfReader(out).pages[0].extract_text()
    assert "no font" in fonts.describe(missing)


def test_cli_export_names_the_characters_it_could_not_print(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`export inspection` of a partner named with a private-use character writes the PDF and says which one."""
    ins = start_inspection(db, make_partner(db, name="Werk \ue123 Nord"), make_template(db).id)
    out = tmp_path / "report.pdf"
    assert main(["--db", str(db.file), "export", "inspection", ins.number, "-o", str(out)]) == 0
    assert "U+E123" in capsys.readouterr().err
    assert "Werk \ufffd Nord" in PdfReader(out).pages[0].extract_text()


def test_latin_only_pdf_embeds_no_fallback_font(tmp_path: Path) -> None:
    """Fallback fonts are embedded only when used: a Latin, Greek and Cyrillic document carries DejaVu alone."""
    text = " ".join(SCRIPTS[name] for name in ("latin", "greek", "cyrillic"))
    out = write_pdf(tmp_path / "latin.pdf", [para(text), para(text, pdf.LABEL)], title="x", footer=text)
    used = {d.font for d in _all_drawn(out)}
    assert used == {"DejaVuSans", "DejaVuSans-Bold"}
