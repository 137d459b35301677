"""CJK text in PDFs: printed with the bundled CJK font, only where it is needed."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from microfactory_desk.exports.pdf import FONT_CJK, escape, para, write_pdf


def _fonts(path: Path) -> set[str]:
    page = PdfReader(path).pages[0]
    return {str(font["/BaseFont"]) for font in page["/Resources"]["/Font"].values()}


def test_chinese_name_prints_as_chinese_characters(tmp_path: Path) -> None:
    """A Chinese partner name next to Latin text reads back verbatim and uses the embedded CJK font."""
    names = ["深圳快速打样 & Müller <GmbH>", "東京ラボ", "서울 제작소"]
    out = write_pdf(tmp_path / "cjk.pdf", [para(n) for n in names], title="深圳", footer="test")
    text = PdfReader(out).pages[0].extract_text()
    for name in names:
        assert name in text
    assert any(FONT_CJK in font for font in _fonts(out))


def test_latin_text_needs_no_cjk_font(tmp_path: Path) -> None:
    """Without CJK characters the markup is unchanged and the CJK font is not embedded."""
    assert escape("Łódź & <b>") == "Łódź &amp; &lt;b&gt;"
    out = write_pdf(tmp_path / "latin.pdf", [para("Łódź Print Lab")], title="x", footer="x")
    assert not any(FONT_CJK in font for font in _fonts(out))


def test_only_the_cjk_run_switches_font() -> None:
    """Markup characters around a CJK run stay escaped; the run alone gets the CJK font."""
    assert escape("<深圳>") == f'&lt;<font name="{FONT_CJK}">深圳</font>&gt;'
