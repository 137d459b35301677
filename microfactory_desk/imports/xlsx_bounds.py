"""Bounds on an xlsx container before and while it is parsed: zip bombs refused, value-less rows skipped.

A zip bomb is refused by the sizes its directory declares and by the bytes it actually inflates to, before any
XML parser sees it. Rows that hold no value (a sheet "formatted" down to row 1,048,576) are dropped from the
byte stream chunk by chunk, so the parser never builds a million empty rows.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from typing import Any

from microfactory_desk.errors import FileFormatError

MAX_MEMBER_BYTES = 200 * 1024 * 1024  # one part of the workbook, inflated (a 1,048,576-row formatted sheet is ~90 MB)
MAX_TOTAL_BYTES = 400 * 1024 * 1024  # every part together
MAX_RATIO = 2_000  # inflated / compressed for a part over 1 MB; real sheets stay far below
MAX_MEMBERS = 10_000
_CHUNK = 1 << 20


def _refuse(path: Path, why: str) -> FileFormatError:
    return FileFormatError(f"{path.name} was refused: {why}. It may be a damaged file or a zip bomb.")


def check_archive(path: Path) -> None:
    """Refuse a container whose parts declare or inflate to too many bytes; FileFormatError names the part."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise FileFormatError(f"{path.name} is not a readable Excel workbook (the zip is damaged: {exc}).") from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise _refuse(path, f"it holds {len(members):,} parts")
        declared = sum(m.file_size for m in members)
        if declared > MAX_TOTAL_BYTES:
            raise _refuse(path, f"its parts declare {declared / 2**20:,.0f} MB uncompressed")
        total = 0
        for member in members:
            if member.file_size > MAX_MEMBER_BYTES:
                raise _refuse(path, f"the part {member.filename} declares {member.file_size / 2**20:,.0f} MB")
            if member.compress_size > 1 << 20 and member.file_size > MAX_RATIO * member.compress_size:
                raise _refuse(
                    path, f"the part {member.filename} inflates {member.file_size // member.compress_size:,} times"
                )
            if member.filename.startswith("xl/worksheets/"):
                continue  # sheets are inflated once, by filtered_sheet, which counts their bytes as it goes
            total += _inflated_size(archive, member, path)
            if total > MAX_TOTAL_BYTES:
                raise _refuse(path, f"its parts inflate to more than {MAX_TOTAL_BYTES / 2**20:,.0f} MB")


def _inflated_size(archive: zipfile.ZipFile, member: zipfile.ZipInfo, path: Path) -> int:
    """The bytes a part really inflates to, stopping as soon as it passes the limit (its header may lie)."""
    size = 0
    try:
        with archive.open(member) as fh:
            while chunk := fh.read(_CHUNK):
                size += len(chunk)
                if size > MAX_MEMBER_BYTES:
                    raise _refuse(
                        path, f"the part {member.filename} inflates to more than {MAX_MEMBER_BYTES / 2**20:,.0f} MB"
                    )
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise FileFormatError(f"{path.name} is damaged: the part {member.filename} cannot be read ({exc}).") from exc
    return size


class _WithoutEmptyRows(io.RawIOBase):
    """A sheet part read through, with value-less <row> elements cut out."""

    def __init__(self, archive: zipfile.ZipFile, raw: Any) -> None:
        self._archive, self._raw = archive, raw
        self._pending = b""
        self._out = b""
        self._at = 0
        self._size = 0
        self._done = False

    def readable(self) -> bool:
        return True

    def _fill(self) -> None:
        chunk = self._raw.read(_CHUNK)
        if not chunk:
            self._out += self._pending
            self._pending, self._done = b"", True
            return
        data = self._pending + chunk
        self._size += len(chunk)
        if self._size > MAX_MEMBER_BYTES:
            raise FileFormatError(f"A sheet inflates to more than {MAX_MEMBER_BYTES / 2**20:,.0f} MB; it was refused.")
        # Rows never nest: from the first "<row" to the last one there are only whole rows.
        start, cut = data.find(b"<row"), data.rfind(b"<row")
        if start < 0 or cut <= start:
            self._out += data[: max(cut, 0)] if cut > 0 else b""
            self._pending = data[cut:] if cut > 0 else data
            return
        span = data[start:cut]
        if b"<v" in span or b"<is" in span or b"<f" in span:
            self._out += data[:cut]  # rows with values: the parser reads them (and the few empty ones among them)
        else:
            self._out += data[:start]  # only value-less rows: a formatted tail is dropped without parsing it
        self._pending = data[cut:]

    def readinto(self, buffer: Any) -> int:
        while self._at >= len(self._out) and not self._done:
            self._out, self._at = self._out[self._at :], 0
            self._fill()
        size = min(len(buffer), len(self._out) - self._at)
        buffer[:size] = self._out[self._at : self._at + size]
        self._at += size
        return size

    def close(self) -> None:
        self._raw.close()
        self._archive.close()
        super().close()


def filtered_sheet(path: Path, member: str) -> io.BufferedReader:
    """The sheet part `member` of the workbook at `path`, streamed without its value-less rows."""
    archive = zipfile.ZipFile(path)
    name = member.lstrip("/")
    try:
        raw = archive.open(name)
    except KeyError as exc:
        archive.close()
        raise FileFormatError(f"{path.name} is damaged: the sheet part {name} is missing.") from exc
    return io.BufferedReader(_WithoutEmptyRows(archive, raw), buffer_size=_CHUNK)
