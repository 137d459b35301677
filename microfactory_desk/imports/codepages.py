"""Western (cp1252) or Central European (cp1250): which Windows code page a Latin-script text file was saved in.

The two code pages agree on ASCII and on most accented letters (é, ü, ß read alike), and differ on 56 bytes:
0xA3 is "£" in one and "Ł" in the other, 0xE8 "è" or "č", 0xF5 "õ" or "ő". Detection by a library ranks the
two alike on the short texts partner files hold ("Łódź", "Győr"), so the decision is made on those bytes: each
reading of the file is scored by the one language that accounts for most of its accented letters (a Czech file
read as cp1252 mixes Nordic "ø" with Italian "è"; read as cp1250 every letter is Czech), and a byte that one
page reads as a symbol inside a word ("Zak³ad") counts for nothing. charset-normalizer breaks a tie.
"""

from __future__ import annotations

import re
from collections import Counter

from charset_normalizer import from_bytes

WESTERN, CENTRAL = "cp1252", "cp1250"
_SAMPLE = 262_144  # bytes scored: a file's first rows say which page it is in
_ACCENTED = re.compile(r"[^\x00-\x7f]")
# The accented letters each language writes (lower case); a file's text is in one language, or mostly so.
_LANGUAGES = {
    "french": "àâæçéèêëîïôœùûüÿ",
    "german": "äöüß",
    "spanish": "áéíñóúü",
    "portuguese": "àáâãçéêíóôõú",
    "italian": "àèéìíîòóùú",
    "catalan": "àçèéíïòóú",
    "dutch": "éëïóöü",
    "nordic": "åæøäöé",
    "icelandic": "áðéíóúýþæö",
    "polish": "ąćęłńóśźż",
    "czech": "áčďéěíňóřšťúůýž",
    "slovak": "áäčďéíĺľňóôŕšťúýž",
    "hungarian": "áéíóöőúüű",
    "romanian": "ăâîşţșț",
    "croatian": "čćđšž",
}
_DIFFERING = frozenset(
    b for b in range(0x80, 0x100) if bytes([b]).decode(WESTERN, "replace") != bytes([b]).decode(CENTRAL, "replace")
)


def western_or_central(raw: bytes) -> str:
    """WESTERN or CENTRAL for Latin-script bytes that are not UTF-8 (WESTERN when the two read them alike)."""
    if not _DIFFERING.intersection(raw):
        return WESTERN  # both code pages give the same text
    readings = {}
    for encoding in (WESTERN, CENTRAL):
        try:
            raw.decode(encoding)  # the whole file must read in it; a sample is enough to score it
            readings[encoding] = raw[:_SAMPLE].decode(encoding)
        except UnicodeDecodeError:
            continue  # a byte this code page leaves undefined: not this one
    if len(readings) < 2:
        return next(iter(readings), WESTERN)
    scores = {encoding: _coherence(text) for encoding, text in readings.items()}
    if scores[WESTERN] != scores[CENTRAL]:
        return max(scores, key=lambda encoding: scores[encoding])
    ranked = from_bytes(raw[:_SAMPLE], cp_isolation=[WESTERN, CENTRAL])
    chaos = {match.encoding: match.chaos for match in ranked}
    if len(chaos) == 2 and chaos[WESTERN] != chaos[CENTRAL]:
        return min(chaos, key=lambda encoding: chaos[encoding])
    return WESTERN  # what Excel writes for "CSV" on Western systems


def _coherence(text: str) -> int:
    """How many of the text's accented letters the one best-fitting language writes."""
    letters = Counter(ch for ch in _ACCENTED.findall(text.lower()) if ch.isalpha())
    if not letters:
        return 0
    return max(sum(n for ch, n in letters.items() if ch in alphabet) for alphabet in _LANGUAGES.values())
