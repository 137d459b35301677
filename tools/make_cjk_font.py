"""Regenerate resources/fonts/WenQuanYiMicroHei-CJK.ttf: a glyf-outline CJK subset of WenQuanYi Micro Hei.

Needs fontTools (a build-time tool only: `pip install fonttools`) and the Debian font file:
    apt-get download fonts-wqy-microhei && dpkg-deb -x fonts-wqy-microhei_*.deb wqy
    python tools/make_cjk_font.py wqy/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

# Keep in step with the CJK runs exports/pdf.py sends to this font.
RANGES = (
    (0x3000, 0x30FF),  # CJK symbols and punctuation, hiragana, katakana
    (0x3130, 0x318F),  # Hangul compatibility jamo
    (0x3400, 0x4DBF),  # CJK unified ideographs extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7A3),  # Hangul syllables
    (0xFF00, 0xFFEF),  # half- and full-width forms
)
TARGET = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "WenQuanYiMicroHei-CJK.ttf"


def main(source: str) -> None:
    """Subset face 0 of the collection to RANGES, without hinting, and save it as TARGET."""
    font = TTCollection(source).fonts[0]
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[cp for low, high in RANGES for cp in range(low, high + 1)])
    subsetter.subset(font)
    font.save(TARGET)
    print(f"wrote {TARGET} ({TARGET.stat().st_size} bytes)")


if __name__ == "__main__":
    main(sys.argv[1])
