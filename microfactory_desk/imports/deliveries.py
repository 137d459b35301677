"""Read a partner's delivery export (.csv or .xlsx) into raw rows, finding columns by a remembered mapping.

Our fields are found under the partner's own headers: the mapping names, per field, the header used in
their file; fields it does not name are looked up under common header names.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook

from microfactory_desk.errors import CellError, FileFormatError, ImportFailed
from microfactory_desk.schemas.text import fold

FIELDS: dict[str, tuple[str, ...]] = {
    # our field: header names recognised without a mapping (folded, spaces/underscores/dashes ignored)
    "order": ("order", "po", "ponumber", "ordernumber", "purchaseorder", "ordernr", "orderno"),
    "line": ("line", "lineno", "linenumber", "position", "pos"),
    "sku": ("sku", "skucode", "item", "itemcode", "article", "articlenumber", "partnumber"),
    "reference": ("reference", "deliveryreference", "deliveryref", "ref", "deliverynote", "dn", "shipmentid"),
    "shipped_on": ("shipped", "shippedon", "shipdate", "shippingdate", "dispatched", "dispatchdate"),
    "received_on": ("received", "receivedon", "receiptdate", "deliverydate", "delivered", "deliveredon"),
    "qty_received": ("qtyreceived", "quantityreceived", "received qty", "quantity", "qty", "delivered qty"),
    "qty_accepted": ("qtyaccepted", "quantityaccepted", "accepted"),
    "qty_defective": ("qtydefective", "quantitydefective", "defective", "defects", "rejected", "qtyrejected"),
    "notes": ("notes", "note", "comment", "comments", "remarks"),
}
REQUIRED = ("order", "reference")
SUFFIXES = (".csv", ".xlsx")


def header_key(text: Any) -> str:
    """A header as compared: folded, without blanks, underscores, dashes and dots."""
    return re.sub(r"[\s_\-.#]", "", fold(str(text or "")))


def cell_text(value: Any) -> str:
    """A cell as text: whole floats without ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    return str(value).strip()


@dataclass(frozen=True)
class RawRow:
    """One data row: its row number in the file and each found field's cell."""

    number: int
    cells: dict[str, Any]


@dataclass(frozen=True)
class DeliveryFile:
    """The rows of a delivery file and where each of our fields was found (field -> header as in the file)."""

    rows: list[RawRow]
    columns: dict[str, str]
    letters: dict[str, str]  # field -> column name for messages, e.g. "C (Received)"


def _rows_of(path: Path) -> Iterator[list[Any]]:
    if path.suffix.lower() == ".xlsx":
        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, ParseError, KeyError, ValueError, OSError) as exc:
            raise FileFormatError(f"{path.name} cannot be read as an Excel workbook: {exc}") from exc
        try:
            for row in workbook.worksheets[0].iter_rows(values_only=True):
                yield list(row)
        finally:
            workbook.close()
        return
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FileFormatError(f"Cannot read {path}: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    sample = text[:4096]
    delimiter = max((";", ",", "\t"), key=sample.count)
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _column_name(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def read_delivery_file(path: Path, mapping: Mapping[str, str]) -> DeliveryFile:
    """The rows of the file; ImportFailed when a required column is missing or a mapped header is absent."""
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise FileFormatError(f"Cannot import deliveries from '{path.name}': use a .csv or .xlsx file.")
    if not path.exists():
        raise FileFormatError(f"No file at {path}.")
    rows = _rows_of(path)
    header = next(rows, None)
    if header is None or not any(cell_text(h) for h in header):
        raise FileFormatError(f"{path.name} is empty: the first row must name the columns.")
    keys = [header_key(h) for h in header]
    columns: dict[str, int] = {}
    errors: list[CellError] = []
    for field, synonyms in FIELDS.items():
        if field in mapping and mapping[field]:
            wanted = header_key(mapping[field])
            if wanted in keys:
                columns[field] = keys.index(wanted)
            else:
                errors.append(
                    CellError(1, mapping[field], f"column '{mapping[field]}' (mapped to {field}) is not in the file")
                )
            continue
        for synonym in (header_key(s) for s in synonyms):
            if synonym in keys and keys.index(synonym) not in columns.values():
                columns[field] = keys.index(synonym)
                break
    for field in REQUIRED:
        if field not in columns and field not in mapping:
            errors.append(CellError(1, field, f"no column for {field}; name it with --map {field}=HEADER"))
    if "line" not in columns and "sku" not in columns and not errors:
        errors.append(CellError(1, "line", "no column for the order line (line number or SKU); map line= or sku="))
    if errors:
        raise ImportFailed(errors, "Nothing was imported: the columns do not match")
    found = [
        RawRow(number, {field: row[i] if i < len(row) else None for field, i in columns.items()})
        for number, row in enumerate(rows, start=2)
        if any(cell_text(cell) for cell in row)
    ]
    if not found:
        raise FileFormatError(f"{path.name} has column headers but no delivery rows: nothing to import.")
    names = {field: cell_text(header[i]) for field, i in columns.items()}
    letters = {field: f"{_column_name(i)} ({names[field]})" for field, i in columns.items()}
    return DeliveryFile(found, names, letters)
