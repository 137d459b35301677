"""PDF building blocks: bundled Unicode fonts, the one escape function, styles and an atomic writer."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, shapeStr
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from microfactory_desk.exports import bidi, fonts, shaping
from microfactory_desk.exports.atomic import atomic_output
from microfactory_desk.paths import resource_path
from microfactory_desk.schemas.text import strip_controls

_log = logging.getLogger(__name__)
FONT, FONT_BOLD, FONT_ITALIC = fonts.FONT, "DejaVuSans-Bold", "DejaVuSans-Oblique"
# Kept for callers that name the CJK font; the chain in fonts.py decides when it is used.
FONT_CJK = fonts.CJK.name
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
    return fonts.register(fonts.CJK)


def _escape_run(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\n", "<br/>").replace("\t", "    ")


def markup(value: Any) -> tuple[str, bool]:
    """Paragraph markup for user text and whether it needs shaping or right-to-left layout.

    Controls are removed, markup characters made literal, newlines kept; each run that DejaVu cannot print
    is set in the bundled font that can (see fonts.runs), and a character no font has prints as U+FFFD.
    A run in a complex-script font (Arabic, Hebrew, Indic, Thai …) means the paragraph needs bidi.ShapedLines.
    """
    text = strip_controls("" if value is None else str(value), multiline=True).replace("\r\n", "\n")
    parts, shaped = [], False
    for name, run in fonts.runs(text):
        if name == FONT:
            parts.append(_escape_run(run))
        else:
            shaped = shaped or name in fonts.SHAPED
            parts.append(f'<font name="{name}">{_escape_run(run)}</font>')
    return "".join(parts), shaped


shaping.install()
# Paragraphs resolve their fonts when they are built, so the fonts exist as soon as this module does.
register_fonts()


def escape(value: Any) -> str:
    """The one way user text enters a PDF: controls removed, markup characters made literal, newlines kept,
    runs that DejaVu lacks set in a bundled fallback font (see `markup`)."""
    return markup(value)[0]


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


def para(value: Any, paragraph_style: ParagraphStyle = BODY, *, rtl: bool | None = None) -> Flowable:
    """A paragraph of user text, escaped; shaped with HarfBuzz line by line (bidi.ShapedLines) when it holds a
    complex script, laid out right to left when its first strong letter is Arabic or Hebrew.

    `rtl=False` keeps a line of ours left-to-right when it starts with a person's Arabic or Hebrew text.
    Any length: reportlab splits a long paragraph across pages and a word wider than the line (a URL, a code)
    at the line end (`splitLongWords`, on in every style here).
    """
    text = strip_controls("" if value is None else str(value), multiline=True).replace("\r\n", "\n")
    if text.isascii():
        return Paragraph(_escape_run(text), paragraph_style)
    marked, shaped = markup(text)
    if shaped:  # Arabic and Hebrew are in shaped fonts too, so right-to-left text always takes this path
        return bidi.ShapedLines(text, paragraph_style, escape, text_width, rtl=rtl)
    return Paragraph(marked, paragraph_style)


def grid(rows: Sequence[Sequence[Any]], widths: Sequence[float], *, header: bool = True) -> Table:
    """A table of already-built cells with light rules and an optional shaded header row."""
    # splitInRow: a row taller than a page (a 20,000-character answer) continues on the next page instead of
    # stopping the export with a LayoutError; the header row repeats on each page.
    table = Table([list(r) for r in rows], colWidths=list(widths), repeatRows=1 if header else 0, splitInRow=1)
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
    """Draw one line on the canvas, each run in the font that prints it (shaped where the script needs it)."""
    line = canvas.beginText(x, y)  # one text object, so readers see one line, not a line per run
    for name, run in fonts.runs(text):
        line.setFont(name, size)
        line.textOut(shapeStr(run, name, size) if name in fonts.SHAPED else run)
    canvas.drawText(line)


def _fit(text: str, width: float, size: float) -> str:
    """`text` on one line of `width` points, cut with "…" when longer (a footer holding a 20,000-character name)."""
    text = " ".join(text.split())
    if text_width(text, size) <= width:
        return text
    low, high = 0, min(len(text), int(width))  # glyphs are wider than 1 pt, so the answer is below `width`
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if text_width(text[:middle] + "…", size) <= width else (low, middle - 1)
    return text[:low].rstrip() + "…"


def text_width(text: str, size: float) -> float:
    """The width in points of one line of user text at `size` pt in the regular face and its fallbacks."""
    return sum(pdfmetrics.stringWidth(run, name, size) for name, run in fonts.runs(text))


def write_pdf(
    path: Path,
    story: list[Flowable] | Callable[[], list[Flowable]],
    *,
    title: str,
    footer: str,
    pagesize: tuple[float, float] = A4,
) -> Path:
    """Lay out `story` on `pagesize` (A4 portrait unless told) with page numbers and write it atomically to `path`.

    Characters no bundled font has print as U+FFFD; they are logged here and handed to an enclosing
    fonts.collect_unprintable() block, for the caller to tell the person. Pass `story` as a function to have
    the characters of its paragraphs counted too.
    """
    register_fonts()
    page_width = pagesize[0]

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        _draw_runs(canvas, 18 * mm, 10 * mm, _fit(strip_controls(footer), page_width - 60 * mm, 7.5), 7.5)
        canvas.drawRightString(page_width - 18 * mm, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    with fonts.collect_unprintable() as missing, atomic_output(Path(path)) as tmp:
        flowables = story() if callable(story) else story
        doc = SimpleDocTemplate(
            str(tmp),
            pagesize=pagesize,
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            topMargin=16 * mm,
            bottomMargin=18 * mm,
            title=strip_controls(title),
            author="Microfactory Desk",
        )
        doc.build(flowables, onFirstPage=decorate, onLaterPages=decorate)
    if missing:
        _log.warning("%s: %s", Path(path).name, fonts.describe(missing))
        fonts.report_unprintable(missing)
    return Path(path)


CONTENT_WIDTH = A4[0] - 36 * mm
