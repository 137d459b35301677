"""The bundled font chain for PDFs: which font prints each character, loaded and embedded only when used.

DejaVu Sans prints Latin, Greek and Cyrillic and is always registered. Every other script goes to a bundled
fallback (resources/fonts, licences beside them), registered with reportlab the first time a text needs it,
so a document embeds (a subset of) a fallback only when one of its characters appears. A character that no
bundled font has prints as U+FFFD (a visible replacement mark) and is recorded for the export to report.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from microfactory_desk.paths import resource_path

FONT = "DejaVuSans"
REPLACEMENT = "\ufffd"


@dataclass(frozen=True)
class Fallback:
    """A bundled font: registered `name`, its file under resources/fonts, and whether it needs shaping.

    `blocks` are the code point ranges (inclusive) the font is preferred for even where DejaVu has a glyph
    (DejaVu's Arabic and Hebrew are unshaped, its Armenian and Georgian a narrower design).
    """

    name: str
    file: str
    shaped: bool = False
    blocks: tuple[tuple[int, int], ...] = ()


# Scripts with their own font, tried before DejaVu for their blocks. Shaped: HarfBuzz joins Arabic letters,
# builds Indic conjuncts and places Thai and Hebrew marks.
SCRIPT_FONTS = (
    Fallback("NotoSansArabic", "NotoSansArabic-Regular.ttf", True,
             ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))),
    Fallback("NotoSansHebrew", "NotoSansHebrew-Regular.ttf", True, ((0x0590, 0x05FF), (0xFB1D, 0xFB4F))),
    Fallback("NotoSansDevanagari", "NotoSansDevanagari-Regular.ttf", True, ((0x0900, 0x097F), (0xA8E0, 0xA8FF))),
    Fallback("NotoSansBengali", "NotoSansBengali-Regular.ttf", True, ((0x0980, 0x09FF),)),
    Fallback("NotoSansGurmukhi", "NotoSansGurmukhi-Regular.ttf", True, ((0x0A00, 0x0A7F),)),
    Fallback("NotoSansGujarati", "NotoSansGujarati-Regular.ttf", True, ((0x0A80, 0x0AFF),)),
    Fallback("NotoSansOriya", "NotoSansOriya-Regular.ttf", True, ((0x0B00, 0x0B7F),)),
    Fallback("NotoSansTamil", "NotoSansTamil-Regular.ttf", True, ((0x0B80, 0x0BFF),)),
    Fallback("NotoSansTelugu", "NotoSansTelugu-Regular.ttf", True, ((0x0C00, 0x0C7F),)),
    Fallback("NotoSansKannada", "NotoSansKannada-Regular.ttf", True, ((0x0C80, 0x0CFF),)),
    Fallback("NotoSansMalayalam", "NotoSansMalayalam-Regular.ttf", True, ((0x0D00, 0x0D7F),)),
    Fallback("NotoSansSinhala", "NotoSansSinhala-Regular.ttf", True, ((0x0D80, 0x0DFF),)),
    Fallback("NotoSansThai", "NotoSansThai-Regular.ttf", True, ((0x0E00, 0x0E7F),)),
    Fallback("NotoSansArmenian", "NotoSansArmenian-Regular.ttf", False, ((0x0530, 0x058F), (0xFB13, 0xFB17))),
    Fallback("NotoSansGeorgian", "NotoSansGeorgian-Regular.ttf", False,
             ((0x10A0, 0x10FF), (0x1C90, 0x1CBF), (0x2D00, 0x2D2F))),
    Fallback("NotoSansEthiopic", "NotoSansEthiopic-Regular.ttf", True,
             ((0x1200, 0x139F), (0x2D80, 0x2DDF), (0xAB00, 0xAB2F))),
)  # fmt: skip
CJK = Fallback("WenQuanYiMicroHei", "WenQuanYiMicroHei-CJK.ttf")
# After DejaVu and the CJK subset, in this order, for whatever is left: symbols, then emoji (monochrome).
SYMBOL_FONTS = (
    Fallback("NotoSansSymbols", "NotoSansSymbols-Regular.ttf"),
    Fallback("NotoSansSymbols2", "NotoSansSymbols2-Regular.ttf"),
    Fallback("SymbolaEmoji", "Symbola-Emoji.ttf"),
)
ALL_FONTS = (*SCRIPT_FONTS, CJK, *SYMBOL_FONTS)
SHAPED = frozenset(f.name for f in ALL_FONTS if f.shaped)
RTL = frozenset({"NotoSansArabic", "NotoSansHebrew"})
_CJK_RUN = re.compile("[\u2e80-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uff00-\uffef]")
# Joiners and variation selectors take the font of the character before them and are dropped where that font
# has no glyph for them (they have no look of their own; a missing one would draw a .notdef box).
_INVISIBLE = frozenset({0x200C, 0x200D, 0xFE0E, 0xFE0F})

_missing: ContextVar[set[str] | None] = ContextVar("unprintable", default=None)
_charmaps: dict[str, dict[int, int]] = {}


_plain_chars: frozenset[str] = frozenset()


def _plain() -> frozenset[str]:
    """The characters DejaVu prints and no script font is preferred for."""
    global _plain_chars
    if not _plain_chars:
        _plain_chars = frozenset(chr(c) for c in charmap(FONT) if _block_font(c) is None and c not in _INVISIBLE)
    return _plain_chars


def _block_font(code: int) -> Fallback | None:
    for font in SCRIPT_FONTS:
        for first, last in font.blocks:
            if first <= code <= last:
                return font
    return None


def register(font: Fallback) -> str:
    """Register a bundled fallback with reportlab on first need (one weight: bold prints regular); its name."""
    if font.name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(font.name, str(resource_path("fonts", font.file)), shapable=font.shaped))
        pdfmetrics.registerFontFamily(font.name, normal=font.name, bold=font.name, italic=font.name,
                                      boldItalic=font.name)  # fmt: skip
    return font.name


def charmap(name: str) -> dict[int, int]:
    """The code point -> glyph map of a registered font (cached)."""
    cmap = _charmaps.get(name)
    if cmap is None:
        cmap = _charmaps[name] = pdfmetrics.getFont(name).face.charToGlyph
    return cmap


_font_of: dict[str, str | None] = {}


def font_for(char: str) -> str | None:
    """The registered name of the font that prints `char`: FONT (DejaVu), a fallback, or None when none has it."""
    if char in _font_of:
        return _font_of[char]
    found = _font_for(char)
    if len(_font_of) < 100_000:  # every character of a document is looked up once, not once per word
        _font_of[char] = found
    return found


def _font_for(char: str) -> str | None:
    code = ord(char)
    script = _block_font(code)
    if script is not None and code in charmap(register(script)):
        return script.name
    if code in charmap(FONT):
        return FONT
    if _CJK_RUN.match(char) and code in charmap(register(CJK)):
        return CJK.name
    for font in SYMBOL_FONTS:
        if code in charmap(register(font)):
            return font.name
    return None


def _is_neutral(char: str) -> bool:
    # Punctuation inside Arabic or Hebrew text joins the run, so shaping places (and mirrors) it right to left.
    return unicodedata.bidirectional(char) in ("WS", "ON", "CS", "ES", "ET", "S")


def _is_mark(char: str) -> bool:
    return ord(char) in _INVISIBLE or unicodedata.category(char) in ("Mn", "Me")


def runs(text: str) -> Iterator[tuple[str, str]]:
    """Split `text` into (font name, text) runs; unprintable characters become U+FFFD in DejaVu and are recorded.

    Text DejaVu prints whole (Latin, Greek, Cyrillic, punctuation …) is one run, checked in one set operation.
    """
    if text.isascii() or _plain().issuperset(text):
        if text:
            yield FONT, text
        return
    current, buffer = FONT, list[str]()
    for char in text:
        if char in "\n\t " or (_is_mark(char) and buffer) or (current in RTL and _is_neutral(char)):
            # Spaces and marks stay in the run they sit in, so a word or a cluster is not split between fonts.
            name: str | None = current
            if ord(char) not in charmap(current):
                if ord(char) in _INVISIBLE:
                    continue
                name = FONT  # the CJK subset has no space glyph: a space there would print as a box
        else:
            name = font_for(char)
        if name is None:
            _record(char)
            name, char = FONT, REPLACEMENT
        if name != current and buffer:
            yield current, "".join(buffer)
            buffer = []
        current = name
        buffer.append(char)
    if buffer:
        yield current, "".join(buffer)


def report_unprintable(chars: set[str]) -> None:
    """Hand characters found unprintable in a nested step (one document) to the enclosing collector."""
    missing = _missing.get()
    if missing is not None:
        missing.update(chars)


def _record(char: str) -> None:
    missing = _missing.get()
    if missing is not None:
        missing.add(char)


@contextmanager
def collect_unprintable() -> Iterator[set[str]]:
    """Collect, while the block runs, the characters no bundled font could print (each printed as U+FFFD)."""
    found: set[str] = set()
    token = _missing.set(found)
    try:
        yield found
    finally:
        _missing.reset(token)


def describe(chars: set[str]) -> str:
    """A sentence naming unprintable characters for a person, e.g. "2 characters had no font: U+1F9FF, U+E000"."""
    codes = ", ".join(f"U+{ord(c):04X}" for c in sorted(chars)[:10]) + (" …" if len(chars) > 10 else "")
    return f"{len(chars)} character{'s' if len(chars) != 1 else ''} had no font and print as \ufffd: {codes}"
