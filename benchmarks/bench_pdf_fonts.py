"""The font chain's cost: a Latin-only PDF against bare reportlab with DejaVu, and what other scripts add.

A Latin-only document must not grow or slow down because fallback fonts exist: it embeds DejaVu only and lays
out like plain reportlab. A document with fourteen scripts loads and embeds the fallbacks it uses (sizes shown).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from common import median, row

ROWS = 120
LATIN = "Zażółć gęślą jaźń — Müller & Söhne <GmbH>, lot 4471 shipped 2026-12-08, 96.5 % on time."
SCRIPTS = (
    "مصنع صغير في القاهرة · מפעל קטן בתל אביב · नमस्ते दुनिया · ঢাকা কারখানা · சென்னை தொழிற்சாலை · "
    "โรงงานขนาดเล็ก · 深圳快速打样 · 東京ラボ · 서울 제작소 · 🚀 ✅ · ∀x ∈ ℝ · Երևան · თბილისი · አዲስ አበባ"
)


def ours(folder: Path, text: str, name: str) -> tuple[float, int]:
    """Seconds and bytes of a document of ROWS table rows and paragraphs through exports.pdf."""
    from microfactory_desk.exports.pdf import BODY, LABEL, grid, para, write_pdf

    start = time.perf_counter()
    story = [grid([[para("Item", LABEL), para("Answer", LABEL)]] + [[para(f"{n}"), para(text)] for n in range(ROWS)],
                  [60, 420]), *[para(text, BODY) for _ in range(ROWS)]]  # fmt: skip
    out = write_pdf(folder / name, story, title="bench", footer="Bench · Microfactory Desk")
    return time.perf_counter() - start, out.stat().st_size


def bare(folder: Path, text: str) -> tuple[float, int]:
    """The same document with plain reportlab and DejaVu only (no escaping, no font chain)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    from microfactory_desk.paths import resource_path

    if "BareDejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("BareDejaVu", str(resource_path("fonts", "DejaVuSans.ttf"))))
    body = ParagraphStyle("bare", fontName="BareDejaVu", fontSize=9.5, leading=12.5)
    safe = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    start = time.perf_counter()
    story = [Table([[Paragraph("Item", body), Paragraph("Answer", body)]]
                   + [[Paragraph(f"{n}", body), Paragraph(safe, body)] for n in range(ROWS)], colWidths=[60, 420]),
             *[Paragraph(safe, body) for _ in range(ROWS)]]  # fmt: skip
    SimpleDocTemplate(str(folder / "bare.pdf")).build(story)
    return time.perf_counter() - start, (folder / "bare.pdf").stat().st_size


def main() -> None:
    """Median of 5 runs each, after one warm-up (font registration and parsing happen once per process)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ours(folder, LATIN, "warm.pdf")
        bare(folder, LATIN)
        latin = [ours(folder, LATIN, "latin.pdf") for _ in range(5)]
        reference = [bare(folder, LATIN) for _ in range(5)]
        start = time.perf_counter()
        first_mixed = ours(folder, SCRIPTS, "mixed-first.pdf")  # loads the fallbacks
        first_seconds = time.perf_counter() - start
        mixed = [ours(folder, SCRIPTS, "mixed.pdf") for _ in range(5)]
    ours_s, ref_s = median([t for t, _ in latin]), median([t for t, _ in reference])
    print(row(f"Latin-only PDF ({ROWS} rows + {ROWS} paragraphs)", ours_s, ref_s, 1.5))
    print(
        f"{'Latin-only PDF size':<44} ours {latin[0][1] / 1000:8.1f} kB  bare reportlab {reference[0][1] / 1000:8.1f} kB"
    )
    print(
        f"{'fourteen-script PDF':<44} {median([t for t, _ in mixed]):.3f} s, {mixed[0][1] / 1000:.1f} kB "
        f"(first one, fallbacks loaded: {first_seconds:.3f} s, {first_mixed[1] / 1000:.1f} kB)"
    )


if __name__ == "__main__":
    main()
