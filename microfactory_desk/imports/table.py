"""The one tabular reader: CSV or xlsx bytes -> numbered rows of cells, as Excel or LibreOffice show them.

Every import (roster, deliveries, order confirmations) reads through `open_table`, so a fix to how files are
decoded, sniffed or bounded serves them all. Rows come as (row number as the user's program shows it, cells);
cells are str/int/float/bool/datetime/None, or a `CellProblem` (an Excel error cell, a formula without a
cached value) that the importer reports with its row and column.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook

# openpyxl's streaming sheet parser is what its read-only mode uses; we drive it ourselves to see error cells,
# formulas without a cached value, and to skip value-less rows before they are parsed.
from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

from microfactory_desk.errors import Cancelled, FileFormatError
from microfactory_desk.imports.decoding import MixedEncoding, decode_text
from microfactory_desk.imports.xlsx_bounds import check_archive, filtered_sheet

MAX_ROWS = 500_000  # rows of one table; more is refused with a message, never walked without bound
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_TEXT_BYTES = 256 * 1024 * 1024  # a CSV file larger than this is refused before it is read
_DELIMITERS = (",", ";", "\t", "|")
_SEP_LINE = re.compile(r"sep=(.)[ \t]*(?:\r\n|\n|\r|$)", re.IGNORECASE)
_READ_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    NotImplementedError,
    ParseError,
    KeyError,
    ValueError,
    OSError,
    EOFError,
    TypeError,
    IndexError,
)
Row = tuple[int, list[Any]]


class CellProblem(str):
    """A cell that shows no usable value in Excel; the text is the message for people."""


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index (0 -> "A", 27 -> "AB")."""
    name, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def sniff_kind(path: Path) -> str:
    """'xlsx' for a zip container, 'json' for text starting with { or [, else 'csv'; FileFormatError if unreadable."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise FileFormatError(f"Cannot read {path}: {exc.strerror or exc}") from exc
    if not head:
        raise FileFormatError(f"{Path(path).name} is empty.")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileFormatError(f"{Path(path).name} is an old Excel (.xls) file: save it as .xlsx or CSV first.")
    if head.startswith(b"%PDF"):
        raise FileFormatError(f"{Path(path).name} is a PDF document, not a table: use a .csv or .xlsx file.")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] in (b"{", b"["):
        return "json"
    return "csv"


class Table:
    """An opened CSV file or workbook: its visible sheets and their rows (close it, or use `with`)."""

    def __init__(self, path: Path, cancelled: Callable[[], bool] | None = None) -> None:
        self.path = Path(path)
        self.source = self.path.name
        self.kind = sniff_kind(self.path)
        self._cancelled = cancelled or (lambda: False)
        self._workbook: Any = None
        self._handle: Any = None
        self.sheets: list[str] = [""]
        if self.kind == "xlsx":
            self._open_workbook()
        elif self.kind == "json":
            raise FileFormatError(f"{self.source} is a JSON file, not a table: use a .csv or .xlsx file.")

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the workbook's file handle."""
        if self._workbook is not None:
            self._workbook.close()
            self._workbook = None
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    @property
    def first_sheet(self) -> str:
        """The first visible sheet ("" for CSV): the one Excel opens on."""
        return self.sheets[0]

    def rows(self, sheet: str = "") -> Iterator[Row]:
        """Every non-blank row of a sheet (CSV: the file) as (row number, cells), bounded by MAX_ROWS."""
        source = self._csv_rows() if self.kind == "csv" else self._sheet_rows(sheet or self.first_sheet)
        count = 0
        for number, cells in source:
            first = cells[0] if cells else None
            if not (type(first) is str and first and not first.isspace()) and all(
                c is None or (type(c) is str and not c.strip()) for c in cells
            ):
                continue  # blank (a row whose first cell holds text is not: the common case, decided first)
            count += 1
            if count % Cancelled.CHECK_EVERY_ROWS == 0 and self._cancelled():
                raise Cancelled("Import cancelled; nothing was imported.")
            if count > MAX_ROWS:
                raise FileFormatError(
                    f"{self.where(sheet)} has more than {MAX_ROWS:,} rows; split it into smaller files."
                )
            yield number, cells

    def where(self, sheet: str = "") -> str:
        """The file (and sheet) as named in messages."""
        return f"The sheet {sheet} of {self.source}" if sheet else self.source

    # --- xlsx ------------------------------------------------------------------------------------
    def _open_workbook(self) -> None:
        check_archive(self.path)
        try:
            # A file object, not the path: openpyxl would refuse a workbook by its name (e.g. saved as .csv).
            self._handle = open(self.path, "rb")  # noqa: SIM115 - closed by close()
            self._workbook = load_workbook(self._handle, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds of errors on damaged files
            self.close()
            raise FileFormatError(f"{self.source} is not a readable Excel workbook: {exc}") from exc
        visible = [
            ws.title
            for ws in self._workbook.worksheets
            if getattr(ws, "sheet_state", "visible") == "visible" and hasattr(ws, "_worksheet_path")
        ]
        if not visible:
            self.close()
            raise FileFormatError(f"{self.source} has no visible sheet with a table: nothing to import.")
        self.sheets = visible

    def sheet_of(self, name: str) -> str | None:
        """The sheet named `name` (any sheet, hidden or not), or None."""
        wb = self._workbook
        return name if wb is not None and name in wb.sheetnames and hasattr(wb[name], "_worksheet_path") else None

    def _sheet_rows(self, name: str) -> Iterator[Row]:
        wb = self._workbook
        ws = wb[name]
        parser = _Parser(
            filtered_sheet(self.path, ws._worksheet_path),
            # Read-only workbooks hand the shared-strings table to each sheet; the workbook's own list stays
            # empty. Excel, LibreOffice and WPS store every text cell there (openpyxl writes inline strings).
            ws._shared_strings,
            data_only=True,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )
        try:
            for number, cells in parser.parse():
                if not cells:
                    continue
                width = max(cell["column"] for cell in cells)
                values: list[Any] = [None] * width
                for cell in cells:
                    value = cell["value"]
                    if type(value) is str and len(value) > MAX_CELL_CHARS:
                        value = CellProblem(f"the cell holds {len(value):,} characters; at most {MAX_CELL_CHARS:,}")
                    values[cell["column"] - 1] = value
                yield number, values
        except _READ_ERRORS as exc:
            raise FileFormatError(f"The sheet {name} of {self.source} cannot be read: {exc}") from exc

    # --- CSV -------------------------------------------------------------------------------------
    def _csv_rows(self) -> Iterator[Row]:
        try:
            size = self.path.stat().st_size
            if size > MAX_TEXT_BYTES:
                raise FileFormatError(f"{self.source} is {size / 2**20:,.0f} MB; split it into files under 256 MB.")
            raw = self.path.read_bytes()
        except OSError as exc:
            raise FileFormatError(f"Cannot read {self.path}: {exc.strerror or exc}") from exc
        mixed = None
        try:
            text = decode_text(raw, self.source)
        except MixedEncoding as exc:
            text, mixed = exc.text, exc
        hint = _SEP_LINE.match(text)
        if hint:
            # Excel hides its "sep=;" line, so the header stays row 1.
            delimiter, text = hint[1], text[hint.end() :]
        else:
            delimiter = sniff_delimiter(text)
        if mixed is not None:
            raise _not_utf8(csv_records(text, delimiter, self.source), self.source, mixed)
        yield from csv_records(text, delimiter, self.source)


def _not_utf8(records: Iterator[Row], name: str, mixed: MixedEncoding) -> FileFormatError:
    """The refusal of a file mixing UTF-8 with another encoding, naming the first cell that is not UTF-8."""
    for number, cells in records:
        for index, value in enumerate(cells):
            if MixedEncoding.found_in(value):
                return FileFormatError(
                    f"{name}, row {number}, column {column_letter(index)}: the row is not in the file's encoding "
                    f"(UTF-8; '{MixedEncoding.as_windows_text(value)[:40]}' was saved by another program): save the "
                    "file again as UTF-8 and import it again."
                )
    return mixed


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most, equally wide, columns (',' when none does)."""
    sample = text[:65_536]
    lines = sample.splitlines()[:20]
    if len(lines) > 1 and len(sample) == 65_536:
        lines = lines[:-1]  # the last line of a cut sample may be cut too
    best, best_score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(lines, delimiter=delimiter) if r]
        except csv.Error:
            continue
        if not widths or widths[0] < 2:
            continue
        score = (sum(1 for w in widths if w == widths[0]), widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def csv_records(text: str, delimiter: str, name: str) -> Iterator[Row]:
    """The records of CSV text numbered from 1; an unclosed quote or an oversized field is refused by row."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    number, width, lines = 0, 0, 0
    try:
        for number, record in enumerate(reader, start=1):  # noqa: B007 - number names the row of an error
            width = width or len(record)
            if reader.line_num - lines > 1:  # the record spans lines: one of its cells holds a line break
                for index, value in enumerate(record):
                    if "\n" in value or "\r" in value:
                        _check_line_break(value, delimiter, width, (name, number, index))
            lines = reader.line_num
            if sum(map(len, record)) > MAX_CELL_CHARS:  # rare: only then is each cell measured
                record = [_capped(value) for value in record]
            yield number, record
    except csv.Error as exc:
        row = number + 1
        if "field larger" in str(exc):
            problem = f"a cell holds more than {csv.field_size_limit():,} characters"
        else:
            problem = 'a quote is not closed where the cell ends (an unbalanced " in the row)'
        raise FileFormatError(f"{name}, row {row}: {problem}; fix the file and import it again.") from exc


def _capped(value: str) -> Any:
    """A cell as read, or a CellProblem past Excel's limit: the importer names its row and column, as for xlsx."""
    if len(value) > MAX_CELL_CHARS:
        return CellProblem(f"the cell holds {len(value):,} characters; at most {MAX_CELL_CHARS:,}")
    return value


def _check_line_break(value: str, delimiter: str, width: int, where: tuple[str, int, int]) -> None:
    """A quoted cell holding whole rows is an unbalanced quote swallowing them.

    A line inside the cell with as many delimiters as a row of `width` cells has is read as a swallowed row; a
    multi-line note whose later lines hold a comma or two ("late, 2 days") is kept as the note it is.
    """
    name, row, index = where
    rest = value.replace("\r", "\n").split("\n")[1:]
    if width > 1 and any(line.count(delimiter) >= width - 1 for line in rest):
        raise FileFormatError(
            f"{name}, row {row}, column {column_letter(index)}: a quote opened in this cell is not closed, so the "
            "next rows would be read into it; fix the quote and import the file again."
        )


class _Parser(WorkSheetParser):
    """openpyxl's sheet parser that marks error cells and formulas without a cached value."""

    def parse_cell(self, element: Any) -> dict[str, Any]:
        """One <c> element as openpyxl reads it, with unusable values turned into a CellProblem."""
        cell: dict[str, Any] = super().parse_cell(element)
        if cell["data_type"] == "e":
            cell["value"] = CellProblem(f"the cell shows the Excel error {cell['value']}; correct it in the file")
        elif cell["value"] is None and element.find(FORMULA_TAG) is not None:
            cell["value"] = CellProblem(
                "the cell holds a formula whose result was never saved; open the file in Excel or LibreOffice, "
                "save it, and import it again"
            )
        return cell


def open_table(path: Path, cancelled: Callable[[], bool] | None = None) -> Table:
    """The file opened as a table (type decided by content); FileFormatError when it cannot be one."""
    return Table(Path(path), cancelled)


def header_row(rows: Iterator[Row], accept: Callable[[Sequence[Any]], bool], within: int = 10) -> Row | None:
    """The first of the first `within` rows that `accept` takes as a header (a title may sit above it)."""
    for seen, (number, cells) in enumerate(rows, start=1):
        if accept(cells):
            return number, cells
        if seen >= within:
            return None
    return None
