"""Read a roster workbook or CSV file into validated partners, naming every bad cell by row and column.

A sheet with headers but no partner rows is refused with FileFormatError ("nothing to import") so that
an empty template is not mistaken for a successful import.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gc
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from pydantic import BaseModel, ValidationError

from microfactory_desk.errors import Cancelled, CellError, FileFormatError, ImportFailed
from microfactory_desk.exports.xlsx import unquote_csv_text
from microfactory_desk.imports.cells import parse_date
from microfactory_desk.schemas.fields import field_errors
from microfactory_desk.schemas.partner import CertificationIn, ContactIn, PartnerIn
from microfactory_desk.schemas.roster_file import (
    CERTIFICATION_COLUMNS,
    CERTIFICATIONS_SHEET,
    CONTACT_COLUMNS,
    CONTACTS_SHEET,
    PARTNER_COLUMNS,
    PARTNERS_SHEET,
    Column,
    header_key,
    header_lookup,
)
from microfactory_desk.schemas.roster_import import ImportedPartner, RosterImport

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
_COUNT_FIELDS = frozenset({"weekly_capacity", "min_batch"})
_DATE_FIELDS = frozenset({"valid_from", "valid_until"})
_SEP_HINT = re.compile(r"sep=(.)(?:\r\n|\n|\r|$)", re.IGNORECASE)
_READ_ERRORS = (zipfile.BadZipFile, ParseError, KeyError, ValueError, OSError, EOFError)

Rows = Iterable[tuple[int, Sequence[Any]]]


class _Bad(str):
    """A cell refused before validation; the text is the problem."""


def _text(value: Any) -> Any:
    """A cell as text: whole floats without ".0", midnight datetimes as ISO dates."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    return value if isinstance(value, str) else str(value)


def _count(value: Any) -> Any:
    """A count cell: whole floats as int, fractions and booleans refused."""
    if isinstance(value, bool):
        return _Bad("must be a whole number")
    if isinstance(value, float):
        return int(value) if value.is_integer() else _Bad(f"{value:g} is not a whole number")
    return value


def _date(value: Any) -> Any:
    """A date cell: Excel dates, or ISO, DD.MM.YYYY or DD/MM/YYYY text; anything else refused."""
    parsed = parse_date(value)
    return _Bad(parsed) if isinstance(parsed, str) else parsed


def _converter(field: str) -> Callable[[Any], Any]:
    """How the cells of a field are prepared for validation."""
    return _count if field in _COUNT_FIELDS else _date if field in _DATE_FIELDS else _text


class _Sheet:
    """Where each field sits in one sheet, and how its columns are named in messages."""

    def __init__(self, name: str, columns: tuple[Column, ...], reader: _Reader) -> None:
        self.name, self.columns, self.reader = name, columns, reader
        self.labels: dict[str, str] = {}
        self.positions: list[tuple[int, str, Callable[[Any], Any]]] = []

    def read_header(self, rows: Iterator[tuple[int, Sequence[Any]]]) -> bool:
        """Map the first non-empty row's headers to fields (unknown ones become warnings); False if blank."""
        row_no, header = next(((n, v) for n, v in rows if not _blank(v)), (0, ()))
        if not row_no:
            return False
        lookup = header_lookup(self.columns)
        problems: list[CellError] = []
        for index, raw in enumerate(header):
            text = " ".join(str(_text(raw)).split()) if raw is not None else ""
            if not text:
                continue
            label, column = f"{get_column_letter(index + 1)} ({text})", lookup.get(header_key(text))
            if column is None:
                self.reader.warnings.append(f"{self.where}: column {label} is not a roster column and was ignored.")
            elif column.field in self.labels:
                problems.append(CellError(row_no, label, f"repeats column {self.labels[column.field]}", self.name))
            else:
                self.labels[column.field] = label
                self.positions.append((index, column.field, _converter(column.field)))
        if not self.positions:
            expected = ", ".join(c.header for c in self.columns)
            raise FileFormatError(f"{self.where} has no header row: row {row_no} should name the columns ({expected}).")
        for column in self.columns:
            if column.required and column.field not in self.labels:
                problems.append(CellError(row_no, "", f"the required column {column.header} is missing", self.name))
        if problems:
            raise ImportFailed(problems)
        return True

    @property
    def where(self) -> str:
        """The sheet as named in messages."""
        return f"The sheet {self.name} of {self.reader.source}" if self.name else self.reader.source

    def label(self, field: str) -> str:
        """The column label for a field ("C (Kind)"), or "" when the field has no column."""
        return self.labels.get(field.split(".")[0], "")

    def records(self, rows: Iterator[tuple[int, Sequence[Any]]]) -> Iterator[tuple[int, dict[str, Any], bool]]:
        """Non-empty rows as (row, {field: value}, cells ok); blanks left out so defaults apply."""
        positions, errors, name = self.positions, self.reader.errors, self.name
        for row_no, values in rows:
            if row_no % Cancelled.CHECK_EVERY_ROWS == 0 and self.reader.cancelled():
                raise Cancelled("Import cancelled; nothing was imported.")
            if _blank(values):
                continue
            record: dict[str, Any] = {}
            ok, width = True, len(values)
            for index, field, convert in positions:
                value = values[index] if index < width else None
                if type(value) is str:
                    if not value.strip():
                        continue
                    if convert is _text:
                        record[field] = value
                        continue
                elif value is None:
                    continue
                value = convert(value)
                if type(value) is _Bad:
                    errors.append(CellError(row_no, self.labels[field], str(value), name))
                    ok = False
                else:
                    record[field] = value
            yield row_no, record, ok

    def validate(self, model: type[BaseModel], row_no: int, record: dict[str, Any], ok: bool) -> Any:
        """The record as `model`, or None with every problem added to the reader's errors."""
        try:
            item = model.model_validate(record)
        except ValidationError as exc:
            for err in field_errors(exc):
                self.reader.errors.append(CellError(row_no, self.label(err.field), err.message, self.name))
            return None
        return item if ok else None


def _blank(values: Sequence[Any]) -> bool:
    """True when every cell of a row is empty or blank text."""
    return all(v is None or (type(v) is str and not v.strip()) for v in values)


class _Reader:
    """Collects partners, children, warnings and errors while the sheets stream past."""

    def __init__(self, source: str, cancelled: Callable[[], bool]) -> None:
        self.source = source
        self.cancelled = cancelled
        self.errors: list[CellError] = []
        self.warnings: list[str] = []
        self.partners: list[ImportedPartner] = []
        self.by_code: dict[str, PartnerIn] = {}
        self.seen_codes: set[str] = set()
        self.partner_sheet = ""
        self.labels: dict[str, str] = {}

    def read_partners(self, name: str, rows: Rows) -> None:
        """Validate every partner row of the partners sheet."""
        sheet, stream = _Sheet(name, PARTNER_COLUMNS, self), iter(rows)
        if not sheet.read_header(stream):
            raise FileFormatError(f"{sheet.where} is empty: there is no header row.")
        self.partner_sheet, self.labels = name, sheet.labels
        found = False
        for row_no, record, ok in sheet.records(stream):
            found = True
            self.seen_codes.add(str(record.get("code", "")).strip().casefold())
            data = sheet.validate(PartnerIn, row_no, record, ok)
            if data is not None:
                self.partners.append(ImportedPartner(row_no, data))
                self.by_code.setdefault(data.code.casefold(), data)
        if not found:
            raise FileFormatError(f"{sheet.where} has column headers but no partners: nothing to import.")

    def read_children(self, name: str, rows: Rows, columns: tuple[Column, ...]) -> None:
        """Validate contact or certification rows and attach each to its partner."""
        sheet, stream = _Sheet(name, columns, self), iter(rows)
        if not sheet.read_header(stream):
            return  # an empty optional sheet holds nothing to attach
        is_contact = columns is CONTACT_COLUMNS
        model: type[BaseModel] = ContactIn if is_contact else CertificationIn
        for row_no, record, ok in sheet.records(stream):
            code = str(record.pop("partner_code", "")).strip()
            item = sheet.validate(model, row_no, record, ok)
            partner = self.by_code.get(code.casefold())
            if not code:
                self.errors.append(CellError(row_no, sheet.label("partner_code"), "is required", name))
            elif partner is None and code.casefold() not in self.seen_codes:
                message = f"no partner with the code {code} in the {self.partner_sheet or 'partners'} sheet"
                self.errors.append(CellError(row_no, sheet.label("partner_code"), message, name))
            elif partner is not None and item is not None:
                (partner.contacts if is_contact else partner.certifications).append(item)

    def result(self) -> RosterImport:
        """The validated import, or ImportFailed listing every problem."""
        if self.errors:
            raise ImportFailed(self.errors)
        return RosterImport(self.source, self.partners, self.partner_sheet, dict(self.labels), self.warnings)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cycle collector while a big file's many long-lived objects are built."""
    # Reference counting still frees memory; the collector's repeated full scans of the growing heap
    # cost about a third of the time of reading or storing 10,000 partners.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_roster(path: Path, cancelled: Callable[[], bool] = lambda: False) -> RosterImport:
    """Read and validate a roster .xlsx/.xlsm workbook or a CSV file (partners only); `cancelled` stops it."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES + CSV_SUFFIXES:
        raise FileFormatError(
            f"{path.name} cannot be imported: use an Excel workbook (.xlsx) or a CSV file (.csv)"
            + (" (save .xls files as .xlsx first)." if suffix == ".xls" else ".")
        )
    try:
        with open(path, "rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        raise FileFormatError(f"Cannot read {path}: {exc.strerror or exc}") from exc
    if not head:
        raise FileFormatError(f"{path.name} is empty.")
    is_zip = head == b"PK\x03\x04"
    if suffix in WORKBOOK_SUFFIXES and not is_zip:
        raise FileFormatError(f"{path.name} is not an Excel workbook (perhaps another file renamed to {suffix}).")
    if suffix in CSV_SUFFIXES and is_zip:
        raise FileFormatError(f"{path.name} is an Excel workbook, not a CSV file: rename it to .xlsx.")
    reader = _Reader(path.name, cancelled)
    try:
        with paused_gc():
            if is_zip:
                _read_workbook(path, reader)
            else:
                _read_csv(path, reader)
    except (*_READ_ERRORS, csv.Error) as exc:
        raise FileFormatError(f"{path.name} cannot be read as a roster file: {exc}") from exc
    return reader.result()


def _read_workbook(path: Path, reader: _Reader) -> None:
    """Stream the partners sheet, then the optional Contacts and Certifications sheets."""
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on damaged files
        raise FileFormatError(f"{path.name} is not a readable Excel workbook: {exc}") from exc
    try:
        names = {header_key(n): n for n in reversed(workbook.sheetnames)}
        partners = names.get(header_key(PARTNERS_SHEET), workbook.sheetnames[0])
        reader.read_partners(partners, _sheet_rows(workbook[partners], path))
        for title, columns in ((CONTACTS_SHEET, CONTACT_COLUMNS), (CERTIFICATIONS_SHEET, CERTIFICATION_COLUMNS)):
            name = names.get(header_key(title))
            if name is not None and name != partners:
                reader.read_children(name, _sheet_rows(workbook[name], path), columns)
    finally:
        workbook.close()


def _sheet_rows(sheet: Any, path: Path) -> Rows:
    """The values of every row of a read-only sheet, numbered as the spreadsheet shows them."""
    if not hasattr(sheet, "iter_rows"):
        raise FileFormatError(f"The sheet {sheet.title} of {path.name} is a chart, not a table.")
    # Some programs write a wrong sheet size; forgetting it makes openpyxl read every row there is.
    sheet.reset_dimensions()
    return enumerate(sheet.iter_rows(values_only=True), start=1)


def _decode(raw: bytes, name: str) -> str:
    """CSV bytes as text: BOM-marked UTF-8/UTF-16, plain UTF-8, else the Windows code page."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    if b"\x00" in raw[:4096]:
        raise FileFormatError(f"{name} is not a text file.")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # Excel saves "CSV" in the Windows code page of the user's system.
        return raw.decode("cp1252", errors="replace")


def _read_csv(path: Path, reader: _Reader) -> None:
    """Read a CSV file as the partners sheet, its separator sniffed from the header line."""
    text = _decode(path.read_bytes(), path.name)
    hint = _SEP_HINT.match(text)
    if hint:
        # Excel's "sep=;" line is not shown as a row, so the header stays row 1.
        delimiter, text = hint[1], text[hint.end() :]
    else:
        first_line = text.split("\n", 1)[0]
        delimiter = max((",", ";", "\t"), key=first_line.count)
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = ((n, [unquote_csv_text(v) for v in values]) for n, values in enumerate(records, start=1))
    reader.read_partners("", rows)
