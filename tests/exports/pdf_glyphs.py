"""Read what a PDF page draws, in drawing order, straight from its content stream (no text extractor's reordering).

Each font's ToUnicode map turns the drawn codes back into characters; each embedded font is checked against the
bundled font file it came from with fontTools.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont
from pypdf import PageObject
from pypdf.generic import ContentStream, DictionaryObject

FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"
_BFCHAR = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


@dataclass(frozen=True)
class Drawn:
    """One text-showing operation: the font's base name (subset prefix removed), its characters, its line (y)."""

    font: str
    text: str
    y: float


def _to_unicode(font: DictionaryObject) -> dict[int, str]:
    if "/ToUnicode" not in font:  # reportlab's Helvetica default, never used for text here
        return {}
    stream = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    mapping = {}
    for code, target in _BFCHAR.findall(stream.split("beginbfchar", 1)[1]):
        mapping[int(code, 16)] = bytes.fromhex(target).decode("utf-16-be")
    return mapping


def drawn(page: PageObject) -> list[Drawn]:
    """Every Tj/TJ of the page in drawing order, decoded with the font's ToUnicode map."""
    fonts = page["/Resources"]["/Font"]
    maps = {name: _to_unicode(fonts[name].get_object()) for name in fonts}
    bases = {name: str(fonts[name].get_object()["/BaseFont"]).split("+", 1)[-1] for name in fonts}
    out: list[Drawn] = []
    font, y, leading = "", 0.0, 0.0
    origin = [0.0]  # the vertical offset of each saved graphics state (reportlab only translates)
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"q":
            origin.append(origin[-1])
        elif operator == b"Q":
            origin.pop()
        elif operator == b"cm":
            origin[-1] += float(operands[5])
        elif operator == b"Tf":
            font = str(operands[0])
        elif operator == b"Tm":
            y = origin[-1] + float(operands[5])
        elif operator == b"TL":
            leading = float(operands[0])
        elif operator == b"T*":
            y -= leading
        elif operator in (b"Tj", b"TJ"):
            parts = operands[0] if operator == b"TJ" else [operands[0]]
            codes = b"".join(bytes(p.original_bytes) for p in parts if hasattr(p, "original_bytes"))
            out.append(Drawn(bases[font], "".join(maps[font].get(c, "\ufffd") for c in codes), y))
    return out


@cache
def bundled_cmap(base_font: str) -> frozenset[int]:
    """The code points of the bundled font file whose PostScript name is `base_font`."""
    for file in FONTS.glob("*.ttf"):
        font = TTFont(file, lazy=True)
        if font["name"].getDebugName(6) == base_font:
            return frozenset(font.getBestCmap())
    raise AssertionError(f"{base_font} is not a bundled font")
