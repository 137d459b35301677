"""PDF basics: user text prints literally in any script, files appear only when complete."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from microfactory_desk.exports.pdf import escape, para, write_pdf

NAMES = [
    "Müller & Söhne <GmbH>",
    "<b>not bold</b> & <i>not italic</i>",
    "Łódź Print Lab — zażółć gęślą jaźń",
    "İstanbul Örgü Atölyesi ğüşıöç",
    "Θεσσαλονίκη Maker Lab",
    "Новосибирск Литейка",
]


def test_escape_makes_markup_literal() -> None:
    """Markup characters become entities, control characters vanish, newlines become breaks."""
    assert escape("a<b>&c\x00\nd") == "a&lt;b&gt;&amp;c<br/>d"


def test_names_in_many_scripts_print_exactly(tmp_path: Path) -> None:
    """Each name is found verbatim in the text of the written PDF (bundled DejaVu fonts, no boxes)."""
    out = write_pdf(tmp_path / "names.pdf", [para(n) for n in NAMES], title="Names", footer="test")
    text = " ".join(page.extract_text() for page in PdfReader(out).pages)
    for name in NAMES:
        assert name in text


def test_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    """If building the PDF fails, the previous file is untouched and no temporary file remains."""
    out = tmp_path / "report.pdf"
    out.write_bytes(b"old")
    with pytest.raises(AttributeError):
        write_pdf(out, [object()], title="x", footer="x")  # type: ignore[list-item]
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]
