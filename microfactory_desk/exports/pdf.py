"""PDF building blocks: bundled Unicode fonts, the one escape function, styles and an atomic writer."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from microfactory_desk.exports.atomic import atomic_output
from microfactory_desk.paths import resource_path
from microfactory_desk.schemas.text import strip_controls

FONT, FONT_BOLD, FONT_ITALIC = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"
# DejaVu has no CJK glyphs: runs of Chinese, Japanese or Korean text switch to a bundled glyf subset of
# WenQuanYi Micro Hei (embedded like DejaVu, so every viewer shows it), loaded only when such text appears.
FONT_CJK = "WenQuanYiMicroHei"
_CJK_RUN = re.compile("[\u3000-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uff00-\uffef]+")
INK = colors.HexColor("#1f2a37")
MUTED = colors.HexColor("#5b6673")
ACCENT = colors.HexColor("#2f6f5e")
RULE = colors.HexColor("#d5dbe0")
SHADE = colors.HexColor("#f1f3f5")
CHANGED = colors.HexColor("#fff4d6")


def register_fonts() -> None:
    """Register the bundled DejaVu fonts once (Latin, Greek, Cyrillic, Turkish, Polish… print as typed)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    for name, file in (
        (FONT, "DejaVuSans.ttf"),
        (FONT_BOLD, "DejaVuSans-Bold.ttf"),
        (FONT_ITALIC, "DejaVuSans-Oblique.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file))))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD)


def register_cjk_font() -> str:
    """Register the bundled CJK font on first need (parsing it costs ~0.1 s) and return its name."""
    if FONT_CJK not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_CJK, str(resource_path("fonts", "WenQuanYiMicroHei-CJK.ttf"))))
        # One weight only: bold and italic CJK runs print in the regular face.
        pdfmetrics.registerFontFamily(FONT_CJK, normal=FONT_CJK, bold=FONT_CJK, italic=FONT_CJK, boldItalic=FONT_CJK)
    return FONT_CJK


def _cjk_runs(text: str) -> str:
    """Escaped text with each CJK run set in the CJK font (other text keeps the paragraph's font)."""
    if _CJK_RUN.search(text) is None:
        return text
    name = register_cjk_font()
    return _CJK_RUN.sub(lambda run: f'<font name="{name}">{run.group(0)}</font>', text)


# Paragraphs resolve their fonts when they are built, so the fonts exist as soon as this module does.
register_fonts()


def escape(value: Any) -> str:
    """The one way user text enters a PDF: controls removed, markup characters made literal, newlines kept."""
    text = strip_controls("" if value is None else str(value), multiline=True)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _cjk_runs(text.replace("\r\n", "\n").replace("\n", "<br/>").replace("\t", "    "))


def style(name: str, **overrides: Any) -> ParagraphStyle:
    """A paragraph style in the bundled font."""
    base: dict[str, Any] = {"fontName": FONT, "fontSize": 9.5, "leading": 12.5, "textColor": INK}
    return ParagraphStyle(name, **{**base, **overrides})


BODY = style("body")
SMALL = style("small", fontSize=8, leading=10, textColor=MUTED)
TITLE = style("title", fontName=FONT_BOLD, fontSize=18, leading=22, spaceAfter=2)
HEADING = style(
    "heading", fontName=FONT_BOLD, fontSize=11.5, leading=15, spaceBefore=10, spaceAfter=4, textColor=ACCENT
)
LABEL = style("label", fontName=FONT_BOLD, fontSize=9, leading=12, textColor=MUTED)
RIGHT = style("right", alignment=TA_RIGHT)


def para(value: Any, paragraph_style: ParagraphStyle = BODY) -> Paragraph:
    """A paragraph of user text, escaped."""
    return Paragraph(escape(value), paragraph_style)


def grid(rows: Sequence[Sequence[Any]], widths: Sequence[float], *, header: bool = True) -> Table:
    """A table of already-built cells with light rules and an optional shaded header row."""
    table = Table([list(r) for r in rows], colWidths=list(widths), repeatRows=1 if header else 0)
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    table.setStyle(TableStyle(commands))
    return table


def _draw_runs(canvas: Any, x: float, y: float, text: str, size: float) -> None:
    """Draw one line on the canvas, switching to the CJK font for CJK runs as escape() does in paragraphs."""
    line = canvas.beginText(x, y)  # one text object, so readers see one line, not a line per run
    start = 0
    for run in _CJK_RUN.finditer(text):
        line.setFont(FONT, size)
        line.textOut(text[start : run.start()])
        line.setFont(register_cjk_font(), size)
        line.textOut(run.group(0))
        start = run.end()
    line.setFont(FONT, size)
    line.textOut(text[start:])
    canvas.drawText(line)


def write_pdf(path: Path, story: list[Flowable], *, title: str, footer: str) -> Path:
    """Lay out `story` on A4 with page numbers and write it atomically to `path`."""
    register_fonts()

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        _draw_runs(canvas, 18 * mm, 10 * mm, strip_controls(footer), 7.5)
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    with atomic_output(Path(path)) as tmp:
        doc = SimpleDocTemplate(
            str(tmp),
            pagesize=A4,
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            topMargin=16 * mm,
            bottomMargin=18 * mm,
            title=strip_controls(title),
            author="Microfactory Desk",
        )
        doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return Path(path)


CONTENT_WIDTH = A4[0] - 36 * mm
