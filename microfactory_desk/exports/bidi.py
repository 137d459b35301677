"""Shaped paragraphs for PDFs (Arabic, Hebrew, Indic, Thai): broken into lines here, each line shaped once.

reportlab's own bidi support needs `rlbidi`, which is not on PyPI for this project (it is only on ReportLab's
own index). What reportlab does do, with HarfBuzz shaping on, is shape each word as one buffer, which draws an Arabic or Hebrew word right to left, its letters joined. What it cannot
do is order the words of a line. So a paragraph whose first strong letter is right-to-left is laid out here:
words are filled into lines in reading order, and on each line the words are reversed (a run of left-to-right
words, such as "PO-2026-0001 A4", keeps its own order), then each line is one shaped, right-aligned Paragraph.

Left-to-right shaped text (Devanagari, Tamil …) is broken into lines here too: when reportlab splits a shaped
paragraph over pages it shapes the already shaped glyphs again (dotted circles, wrong conjuncts), and it cuts a
long word between a letter and its vowel sign. Here a page break falls between whole lines and a long word is
cut only before a letter that starts a new cluster.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus.flowables import Flowable

_RTL_CLASSES = ("R", "AL")
# Line widths are measured without shaping: joined Arabic can come out a little wider, so lines keep a margin.
_MARGIN = 0.94
# A virama (halant) joins the next consonant into a conjunct: a long word is not cut right after one.
_VIRAMAS = tuple(chr(c) for c in (0x094D, 0x09CD, 0x0A4D, 0x0ACD, 0x0B4D, 0x0BCD, 0x0C4D, 0x0CCD, 0x0D4D, 0x0DCA))


def is_rtl(char: str) -> bool:
    """True for a right-to-left letter (Hebrew, Arabic, Syriac, Thaana, N'Ko …)."""
    return unicodedata.bidirectional(char) in _RTL_CLASSES


def base_is_rtl(text: str) -> bool:
    """True when the first strong letter of `text` is right-to-left (Unicode bidi rule P2)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in _RTL_CLASSES:
            return True
        if kind == "L":
            return False
    return False


def visual_groups(words: list[str]) -> list[str]:
    """The words of one right-to-left line as groups in drawing order (left to right).

    Each right-to-left word is its own group: reportlab shapes word by word, and shaping draws a word's letters
    right to left. Consecutive left-to-right words (numbers, Latin codes) form one group in their own order.
    The groups are then reversed, so the first word read sits at the right.
    """
    groups: list[list[str]] = []
    last_rtl = True
    for word in words:
        rtl = any(is_rtl(c) for c in word)
        if groups and not rtl and not last_rtl:
            groups[-1].append(word)
        else:
            groups.append([word])
        last_rtl = rtl
    return [" ".join(group) for group in reversed(groups)]


def reorder_embedded(text: str) -> str:
    """Left-to-right text with right-to-left phrases in it: each phrase's words in drawing order.

    "Partner: مصنع صغير" keeps "Partner:" first and draws the Arabic words right to left. Done before line
    breaking, so a phrase that wraps onto the next line keeps its drawing order rather than its reading order.
    """
    lines = []
    for line in text.split("\n"):
        words = line.split(" ")
        out: list[str] = []
        phrase: list[str] = []
        for word in words:
            if word and any(is_rtl(c) for c in word):
                phrase.append(word)
                continue
            out += reversed(phrase)
            phrase = []
            out.append(word)
        out += reversed(phrase)
        lines.append(" ".join(out))
    return "\n".join(lines)


class ShapedLines(Flowable):
    """A paragraph of shaped text as one Paragraph per line, each typed line in its own direction.

    A typed line (Unicode's paragraph) whose first strong letter is right-to-left is laid out right to left and
    right-aligned; a left-to-right line keeps the style's alignment, any Arabic or Hebrew phrase in it reordered.
    `rtl` True or False sets the direction of every line instead (a line of ours with a partner's name in it).
    `markup` turns plain text into Paragraph markup (fonts, escaping); `width_of(text, size)` measures it.
    """

    def __init__(
        self, text: str, style: ParagraphStyle, markup: Any, width_of: Any, *, rtl: bool | None = None
    ) -> None:
        super().__init__()
        self.text, self.base = text, rtl
        # Lines are cut here at cluster boundaries; reportlab must not cut them again between a letter and its mark.
        self.ltr = ParagraphStyle(f"{style.name}-lines", parent=style, shaping=1, splitLongWords=0)
        self.rtl = ParagraphStyle(f"{style.name}-rtl", parent=self.ltr, alignment=TA_RIGHT)
        self._markup, self._width_of = markup, width_of
        self._lines: list[Paragraph] = []
        self._laid_out_for = -1.0

    def _break(self, width: float) -> list[tuple[list[str], bool]]:
        """The words of each output line in reading order, and whether the line is right-to-left."""
        size, room = self.ltr.fontSize, width * _MARGIN
        lines: list[tuple[list[str], bool]] = []
        for source in self.text.split("\n"):
            rtl = base_is_rtl(source) if self.base is None else self.base
            line: list[str] = []
            used = 0.0
            for word in (source if rtl else reorder_embedded(source)).split():
                for piece in self._pieces(word, room, size):
                    wide = self._width_of(piece + " ", size)
                    if line and used + wide > room:
                        lines.append((line, rtl))
                        line, used = [], 0.0
                    line.append(piece)
                    used += wide
            lines.append((line, rtl))
        return lines

    def _pieces(self, word: str, room: float, size: float) -> list[str]:
        """A word wider than the line, cut into pieces that fit, never between a letter and its marks."""
        if self._width_of(word, size) <= room:
            return [word]
        pieces, piece = [], ""
        for char in word:
            starts_cluster = unicodedata.category(char)[0] != "M" and not piece.endswith(_VIRAMAS)
            if piece and starts_cluster and self._width_of(piece + char, size) > room:
                pieces.append(piece)
                piece = ""
            piece += char
        return [*pieces, piece]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (reportlab API)
        """Break into lines for `availWidth` points; the height is the sum of the line paragraphs."""
        if availWidth != self._laid_out_for:  # tables ask again and again: shape once per width
            self._lines = [
                # An empty typed line keeps its height, as <br/><br/> does in a plain paragraph.
                Paragraph(self._markup(" ".join(visual_groups(words))) or "&#160;", self.rtl)
                if rtl
                else Paragraph(self._markup(" ".join(words)) or "&#160;", self.ltr)
                for words, rtl in self._break(availWidth)
            ]
            self._laid_out_for = availWidth
            self.height = sum(line.wrap(availWidth, availHeight)[1] for line in self._lines)
        self.width = availWidth
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 (reportlab API)
        """The lines that fit in `availHeight` and the rest, for a frame or a table cell to place over pages."""
        self.wrap(availWidth, availHeight)
        return LineStack(self._lines, availWidth).split(availWidth, availHeight)

    def draw(self) -> None:
        """Draw the lines top to bottom."""
        LineStack(self._lines, self.width).drawOn(self.canv, 0, 0)


class LineStack(Flowable):
    """Paragraphs already laid out for `width`, drawn one under the other; splits between them."""

    def __init__(self, lines: list[Paragraph], width: float) -> None:
        super().__init__()
        self.lines, self.width = lines, width
        self.height = sum(line.height for line in lines)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 (reportlab API)
        """The stacked height (the lines were laid out for this width already)."""
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 (reportlab API)
        """[the lines that fit, the rest]; [] when not even the first line fits (the frame moves on)."""
        used, count = 0.0, 0
        for line in self.lines:
            if used + line.height > availHeight:
                break
            used, count = used + line.height, count + 1
        if count == 0 or count == len(self.lines):
            return [] if count == 0 else [self]
        return [LineStack(self.lines[:count], self.width), LineStack(self.lines[count:], self.width)]

    def draw(self) -> None:
        """Draw the lines top to bottom."""
        y = self.height
        for line in self.lines:
            y -= line.height
            line.drawOn(self.canv, 0, y)
