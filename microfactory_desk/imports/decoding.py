"""How the bytes of a CSV file become text: UTF-8 (BOM or not), UTF-16 with BOM, else a detected code page.

A file whose rows were written by different programs (a UTF-8 export with rows later typed in an Excel that saves
cp1252) is neither encoding as a whole: read either way, some rows come out garbled ("CafÃ© StraÃŸe"). Such a
file is refused with `MixedEncoding`, which the reader turns into the first row and column that are not UTF-8.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from microfactory_desk.errors import FileFormatError
from microfactory_desk.imports.codepages import WESTERN, western_or_central

_LATIN_BLOCKS = ("Basic Latin", "Latin", "Control character", "Spacing Modifier", "General Punctuation", "Currency")
_HIGH_RUNS = re.compile(rb"[\x80-\xff]+")
# Well-formed UTF-8 multi-byte sequences, less the two-byte ones for U+0180..U+037F (leads C6..CD): those are what
# a Windows capital letter followed by a quote or symbol looks like ("É’" is C9 92), so they prove nothing.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xc5\xce-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_ESCAPED = re.compile("[\udc80-\udcff]")
_HIGH_LINES = re.compile(rb"[^\n]*[\x80-\xff][^\n]*")  # the lines holding a byte that is not ASCII
_SAMPLE = 262_144  # bytes of non-UTF-8 lines enough to tell a Latin code page from a double-byte one


class MixedEncoding(FileFormatError):
    """UTF-8 text holding rows in another encoding; `text` is the file with those bytes kept as surrogates."""

    def __init__(self, name: str, text: str) -> None:
        self.text = text
        super().__init__(f"{name}: some rows are not in the file's encoding (UTF-8); save the file again as UTF-8.")

    @staticmethod
    def found_in(value: str) -> bool:
        """Whether a cell of `text` holds bytes that are not UTF-8."""
        return _ESCAPED.search(value) is not None

    @staticmethod
    def as_windows_text(value: str) -> str:
        """The cell as the Windows code page reads it (what the person typed), for the message."""
        return value.encode("utf-8", "surrogateescape").decode(WESTERN, "replace")


def decode_text(raw: bytes, name: str) -> str:
    """CSV bytes as text: UTF-8 (BOM or not), UTF-16 with BOM, else the detected legacy code page.

    MixedEncoding when the bytes hold UTF-8 next to rows in a Windows code page (or a UTF-8 BOM and rows that are
    not UTF-8): no single encoding reads such a file right.
    """
    if raw.startswith(codecs.BOM_UTF8):
        raw, encoding = raw[3:], "utf-8"
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            text = ""
            if _mixed(raw):
                raise MixedEncoding(name, _no_nul(raw.decode("utf-8", "surrogateescape"), name)) from exc
            encoding = _legacy_encoding(raw, name)
        else:
            encoding = ""
        if not encoding:
            return _no_nul(text, name)
    try:
        return _no_nul(raw.decode(encoding), name)
    except UnicodeDecodeError as exc:
        if encoding == "utf-8":  # the BOM says UTF-8: whatever is not is a row saved by another program
            raise MixedEncoding(name, _no_nul(raw.decode("utf-8", "surrogateescape"), name)) from exc
        line = raw[: exc.start].count(b"\n") + 1
        raise FileFormatError(f"{name}, row {line}: the text is not valid {encoding}; save the file as UTF-8.") from exc


def _mixed(raw: bytes) -> bool:
    """True when some lines are UTF-8 with non-ASCII letters and the others a Latin code page ("K\\xf6ln").

    Judged line by line: a Windows line is valid UTF-8 only when every high byte of it happens to form a sequence,
    and double-byte code pages (Shift-JIS, GB18030, Big5) or Cyrillic ones write runs of high bytes, where Latin
    accented letters stand between ASCII ones.
    """
    utf8, other = False, bytearray()
    for line in _HIGH_LINES.findall(raw):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            if len(other) < _SAMPLE:
                other += line + b"\n"
            continue
        utf8 = utf8 or _UTF8_SEQUENCE.search(line) is not None
    # Latin words hold one or two accented letters in a row ("Łódź" is A3 F3, 9F); CJK and Cyrillic words longer runs.
    runs = [len(m) for m in _HIGH_RUNS.findall(other)]
    return utf8 and bool(runs) and sum(1 for n in runs if n <= 2) >= 0.8 * len(runs)


def _legacy_encoding(raw: bytes, name: str) -> str:
    """The code page a non-UTF-8 text file was saved in (Shift-JIS, GB18030, KOI8-R, cp1252...)."""
    if raw.count(b"\x00") > len(raw) // 10:
        raise FileFormatError(f"{name} is not a text file (it is binary, or UTF-16 without a byte order mark).")
    best = from_bytes(raw[:262_144]).best()
    if (
        best is not None
        and any(not a.startswith(_LATIN_BLOCKS) for a in best.alphabets)
        and not _accents_between_letters(raw)
    ):
        return str(best.encoding)  # the text is in another script: Shift-JIS, GB18030, KOI8-R, ...
    # Latin text: detection on a sample cannot tell the Windows code pages apart (it proposes cp1250 or Mac
    # Icelandic for "Müller"); the bytes where Western and Central European differ decide.
    found = western_or_central(raw)
    try:
        raw.decode(found)
    except UnicodeDecodeError:
        return str(best.encoding) if best is not None else "latin_1"
    return found


def _accents_between_letters(raw: bytes) -> bool:
    """True when most non-ASCII bytes stand alone between ASCII ones: accented letters of a Latin text.

    Detection alone read a short cp1252 "São João" as Big5 (two lone bytes taken for one ideograph). In
    Chinese, Japanese or Korean double-byte text every character is two high bytes, and Cyrillic, Greek,
    Hebrew or Arabic words are runs of several, so lone high bytes (80 % of runs or more) mean Latin.
    """
    runs = [len(m) for m in _HIGH_RUNS.findall(raw[:_SAMPLE])]
    return bool(runs) and sum(1 for n in runs if n == 1) >= 0.8 * len(runs)


def _no_nul(text: str, name: str) -> str:
    at = text.find("\x00")
    if at >= 0:
        row = text.count("\n", 0, at) + 1
        raise FileFormatError(f"{name}, row {row}: the file holds a NUL byte; it is damaged or not a text file.")
    return text
