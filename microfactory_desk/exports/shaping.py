"""HarfBuzz shaping fixes for reportlab: words that mix fonts, and a text layer that keeps the typed characters.

reportlab (5.1) shapes a word, the text between two spaces, as one HarfBuzz buffer in the font of its first
fragment. A word such as "(مصنع)" or "PO-7/मुंबई" mixes fonts (DejaVu brackets, Noto Arabic letters): the
glyph ids then come from the wrong font and writing the PDF fails with an IndexError while subsetting. Shaping
each same-font part separately and joining the results gives every glyph from its own font.

A shaped glyph that has no character of its own (a Devanagari conjunct, a Tamil ligature) is given a private-use
code point by reportlab, and that is what a reader copying the text got. Each such glyph is recorded with the
characters it was shaped from, and the ToUnicode map written into the PDF maps it back to them. Characters beyond
U+FFFF (emoji) are written there as UTF-16 pairs: reportlab writes five hex digits, which readers reject.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.platypus import paragraph

_shape_one_font = ttfonts.shapeFragWord
_PRIVATE = range(0xE000, 0xF900)
# (font face name, private code point) -> the characters that glyph stands for.
_actual_text: dict[tuple[str, int], str] = {}


def _remember_clusters(items: list[tuple[Any, str]], result: Any) -> None:
    """Record the source characters of each private-use glyph in a shaped result."""
    source = "".join(text for _frag, text in items)
    for frag, text in result[1:]:
        data = getattr(text, "__shapeData__", None)
        if not data:
            continue
        starts = sorted({d.cluster for d in data if 0 <= d.cluster < len(source)})
        ends = dict(zip(starts, [*starts[1:], len(source)], strict=True))
        face = _face_name(pdfmetrics.getFont(frag.fontName).face.name)
        real: dict[int, list[str]] = {}  # per cluster, the glyphs that are characters of their own
        for char, d in zip(text, data, strict=False):
            if ord(char) not in _PRIVATE:
                real.setdefault(d.cluster, []).append(char)
        seen: set[int] = set()
        for char, d in zip(text, data, strict=False):
            code = ord(char)
            if code not in _PRIVATE or d.cluster not in ends or chr(code) in source:
                continue
            rest = list(source[d.cluster : ends[d.cluster]])
            for own in real.get(d.cluster, []):
                if own in rest:
                    rest.remove(own)
            # A cluster drawn as several private glyphs: the first stands for its characters, the others for none.
            _actual_text.setdefault((face, code), "\u200c" if d.cluster in seen or not rest else "".join(rest))
            seen.add(d.cluster)


def _face_name(name: str | bytes) -> str:
    return name.decode("latin-1") if isinstance(name, bytes) else name


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with private glyphs mapped to their characters and UTF-16 pairs past U+FFFF."""
    face = fontname.split("+", 1)[-1]
    pairs = [f"<{i:02X}> <{_utf16_hex(_actual_text.get((face, v), chr(v)))}>" for i, v in enumerate(subset)]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
            f"/CIDSystemInfo\n<< /Registry ({fontname})\n/Ordering ({fontname})\n/Supplement 0\n>> def",
            f"/CMapName /{fontname} def", "/CMapType 2 def",
            "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
            f"{len(subset)} beginbfchar", *pairs, "endbfchar",
            "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
        ]
    )  # fmt: skip


# reportlab's default also turns on discretionary ligatures (dlig): DejaVu then draws "st" in "First" as one
# old-style glyph. Kerning and standard ligatures only; scripts' required forms are on in HarfBuzz regardless.
FEATURES = {"kern": True, "liga": True}


def shape_by_font(word: Any, *args: Any, **kwargs: Any) -> Any:
    """reportlab's shapeFragWord, applied to each run of one font in `word` ([width, (frag, text), ...])."""
    if not args:
        kwargs.setdefault("features", FEATURES)
    if isinstance(word, ttfonts.ShapedFragWord) or any(hasattr(text, "__shapeData__") for _f, text in word[1:]):
        # Already shaped: a piece of a long word split at the line end keeps its glyphs (shaping it again would
        # see private-use characters and orphaned marks, and draw dotted circles).
        return word
    if len(word) < 3:
        result = _shape_one_font(word, *args, **kwargs)
        _remember_clusters(word[1:], result)
        return result
    parts: list[list[Any]] = []
    for frag, text in word[1:]:
        name = None if hasattr(frag, "cbDefn") else frag.fontName
        if parts and name is not None and parts[-1][0] == name:
            parts[-1][1].append((frag, text))
        else:
            parts.append([name, [(frag, text)]])
    if len(parts) == 1:
        result = _shape_one_font(word, *args, **kwargs)
        _remember_clusters(word[1:], result)
        return result
    width, pieces, shaped = 0.0, [], False
    for name, items in parts:
        if name is None:  # an image or a link anchor: kept as it is
            pieces += items
            continue
        part_width = sum(pdfmetrics.stringWidth(text, frag.fontName, frag.fontSize) for frag, text in items)
        result = _shape_one_font([part_width, *items], *args, **kwargs)
        _remember_clusters(items, result)
        shaped = shaped or isinstance(result, ttfonts.ShapedFragWord)
        width += result[0]
        pieces += [tuple(piece) for piece in result[1:]]
    if not shaped:
        return word
    return ttfonts.makeShapedFragWord(word)([width, *pieces])


def install() -> None:
    """Make reportlab's paragraphs and shapeStr use shape_by_font, and its fonts our ToUnicode map (idempotent)."""
    ttfonts.makeToUnicodeCMap = to_unicode_cmap
    ttfonts.shapeFragWord = shape_by_font
    paragraph.shapeFragWord = shape_by_font
