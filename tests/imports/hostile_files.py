"""Builders of the awkward files partners send: workbooks edited at the zip level, CSV in any encoding."""

from __future__ import annotations

import csv
import io
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"


def workbook(
    path: Path, rows: list[list[Any]], *, hidden_first: list[list[Any]] | None = None, epoch1904: bool = False
) -> Path:
    """A one-sheet workbook (with a hidden sheet before it when `hidden_first` is given)."""
    wb = Workbook()
    if epoch1904:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904

        wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    if hidden_first is not None:
        ws.title = "Old"
        for row in hidden_first:
            ws.append(row)
        ws.sheet_state = "hidden"
        ws = wb.create_sheet("Data")
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def rewrite(path: Path, member: str, change: Callable[[str], str]) -> Path:
    """Rewrite one part of a zip container in place (the text of `member` through `change`)."""
    with zipfile.ZipFile(path) as zin:
        items = [(info, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in items:
            if info.filename == member:
                data = change(data.decode("utf-8")).encode("utf-8")
            zout.writestr(info.filename, data)
    return path


def with_dimension(path: Path, ref: str) -> Path:
    """Declare a wrong used range, as WPS Office does ("A1" for a whole table)."""
    import re

    return rewrite(path, SHEET, lambda s: re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>', s))


def formatted_to(path: Path, last: int = 1_048_576, width: int = 3) -> Path:
    """Add value-less formatted rows after the data, down to row `last`."""

    def change(text: str) -> str:
        import re

        used = max(int(r) for r in re.findall(r'<row r="(\d+)"', text))
        cells = "".join(f'<c r="{chr(65 + c)}{{r}}" s="0"/>' for c in range(width))
        rows = "".join(
            f'<row r="{r}" customFormat="1">' + cells.format(r=r) + "</row>" for r in range(used + 1, last + 1)
        )
        return text.replace("</sheetData>", rows + "</sheetData>")

    return rewrite(path, SHEET, change)


def declared_size(path: Path, member: str, size: int) -> Path:
    """Make the central directory declare `size` bytes for `member` (a zip bomb's header)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46 : at + 46 + name_len]) == name:
            struct.pack_into("<I", data, at + 24, size)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path


def no_sheets(path: Path) -> Path:
    """A workbook whose sheet list is empty."""
    import re

    workbook(path, [["a"]])
    return rewrite(path, "xl/workbook.xml", lambda s: re.sub(r"<sheets>.*</sheets>", "<sheets/>", s, flags=re.S))


def csv_bytes(rows: list[list[Any]], *, delimiter: str = ",", encoding: str = "utf-8", bom: bytes = b"") -> bytes:
    """CSV text of `rows` encoded as a partner's program saves it."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return bom + out.getvalue().encode(encoding)
