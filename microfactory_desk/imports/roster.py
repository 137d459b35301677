"""Read a roster workbook or CSV file into validated partners, naming every bad cell by row and column.

A sheet with headers but no partner rows is refused with FileFormatError ("nothing to import") so that
an empty template is not mistaken for a successful import.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import chain, islice
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from pydantic import BaseModel, ValidationError

from microfactory_desk.errors import Cancelled, CellError, FileFormatError, ImportFailed
from microfactory_desk.exports.xlsx import unquote_csv_text
from microfactory_desk.imports.roster_columns import RosterColumns, RosterShown, mapped
from microfactory_desk.imports.table import CellProblem, Table, open_table, sniff_kind
from microfactory_desk.imports.values import Problem, decide_date_order, identifier, parse_date, parse_number
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
from microfactory_desk.schemas.text import without_note

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def _names_one_of(header: str, known: set[str]) -> bool:
    """True when `header`, or `header` without a note in brackets ("Weekly capacity (units)"), is a known name."""
    return header_key(header) in known or header_key(without_note(header)) in known


CSV_SUFFIXES = (".csv", ".tsv", ".txt")
_COUNT_FIELDS = frozenset({"weekly_capacity", "min_batch"})
_DATE_FIELDS = frozenset({"valid_from", "valid_until"})
_CODE_FIELDS = frozenset({"code", "fallback_code", "partner_code"})
SAMPLE_ROWS = 20

Rows = Iterable[tuple[int, Sequence[Any]]]


class _Bad(str):
    """A cell refused before validation; the text is the problem, `remedy` what to do (errors.CellError)."""

    remedy = ""

    @classmethod
    def of(cls, problem: str) -> _Bad:
        """A refusal carrying a values.Problem's text and remedy."""
        bad = cls(problem)
        bad.remedy = getattr(problem, "remedy", "")
        return bad


def _text(value: Any) -> Any:
    """A cell as text: whole floats without ".0", midnight datetimes as ISO dates."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    return value if isinstance(value, str) else str(value)


def _counts(decimal: str | None) -> Callable[[Any], Any]:
    """A count cell: whole floats as int, fractions and booleans refused; "1.000" read under the decimal mark."""

    def convert(value: Any) -> Any:
        if isinstance(value, bool):
            return _Bad("must be a whole number")
        if isinstance(value, float):
            return int(value) if value.is_integer() else _Bad(f"{value:g} is not a whole number")
        if type(value) is str and ("." in value or "," in value):
            number = parse_number(value, decimal, whole=True)
            return _Bad.of(number) if isinstance(number, Problem) else number
        return value

    return convert


def _dates(order: str | None) -> Callable[[Any], Any]:
    """A date cell read in the sheet's day/month order: Excel dates, ISO or numeric text; anything else refused."""

    def convert(value: Any) -> Any:
        parsed = parse_date(value, order)
        return _Bad.of(parsed) if isinstance(parsed, str) else parsed

    return convert


def _code(value: Any) -> Any:
    """A code cell as text; a number a spreadsheet made of a code (3.45679E+17) is refused."""
    parsed = identifier(value)
    return _Bad(parsed) if type(parsed) is not str and parsed is not None else parsed


def _converter(field: str, decimal: str | None = None) -> Callable[[Any], Any]:
    """How the cells of a field are prepared for validation."""
    if field in _COUNT_FIELDS:
        return _counts(decimal)
    if field in _DATE_FIELDS:
        return _dates(None)
    return _code if field in _CODE_FIELDS else _text


class _Sheet:
    """Where each field sits in one sheet, and how its columns are named in messages."""

    def __init__(self, name: str, columns: tuple[Column, ...], reader: _Reader) -> None:
        self.name, self.columns, self.reader = name, columns, reader
        self.labels: dict[str, str] = {}
        self.positions: list[tuple[int, str, Callable[[Any], Any]]] = []
        self.refused: set[str] = set()  # fields of the current row whose cell was refused (and named) already

    def read_header(self, rows: Iterator[tuple[int, Sequence[Any]]]) -> Iterator[tuple[int, Sequence[Any]]] | None:
        """Map the header row's names to fields (unknown ones become warnings); the rows after it, None if blank.

        The header is the first of the first ten rows naming two of our columns (a title may sit above it),
        else the first row.
        """
        lookup = header_lookup(self.columns)
        main = self.columns is PARTNER_COLUMNS  # the sheet a column mapping and a preview are about
        mapping, remembered = (self.reader.mapping, self.reader.remembered) if main else ({}, {})
        known = set(lookup) | {header_key(h) for h in (*mapping.values(), *remembered.values()) if h}
        before: list[tuple[int, Sequence[Any]]] = []
        found = None
        for row_no, cells in rows:
            if sum(_names_one_of(c, known) for c in cells if type(c) is str) >= 2:
                found = (row_no, cells)
                break
            before.append((row_no, cells))
            if len(before) >= 10:
                break
        if found is None:
            if not before:
                return None
            found, rest = before[0], iter([*before[1:], *rows])
        else:
            rest = rows
        row_no, header = found
        problems: list[CellError] = []
        if main:
            lookup, problems = mapped(lookup, header, mapping, remembered, (row_no, self.name))
        for index, raw in enumerate(header):
            text = " ".join(str(_text(raw)).split()) if raw is not None else ""
            if not text:
                continue
            label = f"{get_column_letter(index + 1)} ({text})"
            # A unit or hint added in brackets ("Weekly capacity (units)") still names the column.
            column = lookup.get(header_key(text)) or lookup.get(header_key(without_note(text)))
            if column is None:
                self.reader.warnings.append(f"{self.where}: column {label} is not a roster column and was ignored.")
            elif column.field in self.labels:
                problems.append(CellError(row_no, label, f"repeats column {self.labels[column.field]}", self.name))
            else:
                self.labels[column.field] = label
                self.positions.append((index, column.field, _converter(column.field, self.reader.decimal)))
        if not self.positions:
            expected = ", ".join(c.header for c in self.columns)
            raise FileFormatError(f"{self.where} has no header row: row {row_no} should name the columns ({expected}).")
        for column in self.columns:
            if column.required and column.field not in self.labels:
                message = f"the required column {column.header} is missing"
                problems.append(CellError(row_no, "", message, self.name, f"map:{column.field}" if main else ""))
        if main and self.reader.shown is not None:
            first = list(islice(rest, SAMPLE_ROWS))  # shown in a preview, then read like the rest
            rest = chain(first, rest)
            self.reader.shown.fill(row_no, header, first, {f: i for i, f, _ in self.positions})
            self.reader.shown.sheet = self.name
        if problems:
            raise ImportFailed(problems, source=self.reader.source)
        return rest

    @property
    def where(self) -> str:
        """The sheet as named in messages."""
        return f"The sheet {self.name} of {self.reader.source}" if self.name else self.reader.source

    def label(self, field: str) -> str:
        """The column label for a field ("C (Kind)"), or "" when the field has no column."""
        return self.labels.get(field.split(".")[0], "")

    def settle_dates(self, rows: list[tuple[int, Sequence[Any]]], order: str | None) -> None:
        """Read every date column in the one day/month order the sheet's dates settle (or the one chosen)."""
        at = [(index, field) for index, field, _ in self.positions if field in _DATE_FIELDS]
        if not at:
            return
        cells = ((row_no, values[i]) for row_no, values in rows for i, _ in at if i < len(values))
        decided, conflicts = decide_date_order(cells)
        if order is None:
            for row_no, problem in conflicts:
                self.reader.errors.append(CellError(row_no, self.labels[at[0][1]], str(problem), self.name))
        convert = _dates(order or decided)
        self.positions = [(i, f, convert if f in _DATE_FIELDS else c) for i, f, c in self.positions]

    def records(self, rows: Iterable[tuple[int, Sequence[Any]]]) -> Iterator[tuple[int, dict[str, Any], bool]]:
        """Non-empty rows as (row, {field: value}, cells ok); blanks left out so defaults apply."""
        positions, errors, name = self.positions, self.reader.errors, self.name
        for row_no, values in rows:
            if row_no % Cancelled.CHECK_EVERY_ROWS == 0 and self.reader.cancelled():
                raise Cancelled("Import cancelled; nothing was imported.")
            if _blank(values):
                continue
            record: dict[str, Any] = {}
            ok, width = True, len(values)
            self.refused.clear()
            for index, field, convert in positions:
                value = values[index] if index < width else None
                if isinstance(value, CellProblem):
                    errors.append(CellError(row_no, self.labels[field], str(value), name))
                    self.refused.add(field)
                    ok = False
                    continue
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
                    errors.append(CellError(row_no, self.labels[field], str(value), name, value.remedy))
                    self.refused.add(field)
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
                if err.field.split(".")[0] in self.refused:
                    continue
                self.reader.errors.append(CellError(row_no, self.label(err.field), err.message, self.name))
            return None
        return item if ok else None


def _blank(values: Sequence[Any]) -> bool:
    """True when every cell of a row is empty or blank text."""
    return all(v is None or (type(v) is str and not v.strip()) for v in values)


class _Reader:
    """Collects partners, children, warnings and errors while the sheets stream past."""

    def __init__(self, source: str, cancelled: Callable[[], bool], date_order: str | None = None) -> None:
        self.source = source
        self.date_order = date_order
        self.decimal: str | None = None
        self.mapping: Mapping[str, str] = {}  # field -> header chosen for this import
        self.remembered: Mapping[str, str] = {}  # field -> header remembered from earlier imports
        self.shown: RosterShown | None = None
        self.cancelled = cancelled
        self.errors: list[CellError] = []
        self.warnings: list[str] = []
        self.partners: list[ImportedPartner] = []
        self.by_code: dict[str, PartnerIn] = {}
        self.seen_codes: dict[str, tuple[str, list[int]]] = {}  # folded code -> (as written, rows)
        self.partner_sheet = ""
        self.labels: dict[str, str] = {}

    def read_partners(self, name: str, rows: Rows) -> None:
        """Validate every partner row of the partners sheet."""
        sheet = _Sheet(name, PARTNER_COLUMNS, self)
        stream = sheet.read_header(iter(rows))
        if stream is None:
            raise FileFormatError(f"{sheet.where} is empty: there is no header row.")
        self.partner_sheet, self.labels = name, sheet.labels
        found = False
        for row_no, record, ok in sheet.records(stream):
            found = True
            code = str(record.get("code", "")).strip()
            self.seen_codes.setdefault(code.casefold(), (code, []))[1].append(row_no)
            data = sheet.validate(PartnerIn, row_no, record, ok)
            if data is not None:
                self.partners.append(ImportedPartner(row_no, data))
                self.by_code.setdefault(data.code.casefold(), data)
        if not found:
            raise FileFormatError(f"{sheet.where} has column headers but no partners: nothing to import.")

    def read_children(self, name: str, rows: Rows, columns: tuple[Column, ...]) -> None:
        """Validate contact or certification rows and attach each to its partner."""
        sheet = _Sheet(name, columns, self)
        stream = sheet.read_header(iter(rows))
        if stream is None:
            return  # an empty optional sheet holds nothing to attach
        body = list(stream)
        sheet.settle_dates(body, self.date_order)
        is_contact = columns is CONTACT_COLUMNS
        model: type[BaseModel] = ContactIn if is_contact else CertificationIn
        for row_no, record, ok in sheet.records(body):
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

    def result(self, *, collect: bool) -> RosterImport:
        """The validated import; its problems raise ImportFailed unless `collect` keeps them for later checks."""
        if self.errors and not collect:
            raise ImportFailed(self.errors, source=self.source)
        return RosterImport(
            self.source,
            self.partners,
            self.partner_sheet,
            dict(self.labels),
            self.warnings,
            list(self.errors),
            {key: seen for key, seen in self.seen_codes.items() if key},
        )


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


def read_roster(
    path: Path,
    cancelled: Callable[[], bool] = lambda: False,
    *,
    date_order: str | None = None,
    collect: bool = False,
    columns: RosterColumns | None = None,
) -> RosterImport:
    """Read and validate a roster workbook or CSV file (type told by content); `cancelled` stops it.

    `columns` carries the partner columns chosen and remembered, the decimal mark, and receives what a
    preview shows. Raises FileFormatError when the file is no roster table, ImportFailed naming every bad cell
    (with `collect` the problems stay on the result instead, so the import can add its own in the same report).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES + CSV_SUFFIXES:
        raise FileFormatError(
            f"{path.name} cannot be imported: use an Excel workbook (.xlsx) or a CSV file (.csv)"
            + (" (save .xls files as .xlsx first)." if suffix == ".xls" else ".")
        )
    kind = sniff_kind(path)
    if suffix in WORKBOOK_SUFFIXES and kind != "xlsx":
        raise FileFormatError(f"{path.name} is not an Excel workbook (perhaps another file renamed to {suffix}).")
    reader = _Reader(path.name, cancelled, date_order)
    if columns is not None:
        reader.mapping, reader.remembered, reader.decimal = columns.mapping, columns.remembered, columns.decimal
        reader.shown = columns.shown
    with paused_gc(), open_table(path, cancelled) as table:
        if table.kind == "xlsx":
            _read_workbook(table, reader)
        else:
            # a CellProblem (an oversized cell) stays one, to be named by row and column
            rows = ((n, [unquote_csv_text(v) if type(v) is str else v for v in values]) for n, values in table.rows())
            reader.read_partners("", rows)
    return reader.result(collect=collect)


def _read_workbook(table: Table, reader: _Reader) -> None:
    """The partners sheet (by name, else the first visible one), then the optional Contacts and Certifications."""
    names = {header_key(n): n for n in reversed(table.sheets)}
    partners = names.get(header_key(PARTNERS_SHEET), table.first_sheet)
    reader.read_partners(partners, table.rows(partners))
    for title, columns in ((CONTACTS_SHEET, CONTACT_COLUMNS), (CERTIFICATIONS_SHEET, CERTIFICATION_COLUMNS)):
        name = names.get(header_key(title))
        if name is not None and name != partners:
            reader.read_children(name, table.rows(name), columns)
