"""Read a partner's delivery export (.csv or .xlsx, told apart by content) into typed rows or every problem.

Our fields are found under the partner's own headers: a mapping given for this import names, per field, the
header used in their file (and must be there); a remembered mapping only adds names to look for; fields found
by neither are looked up under common header names. Values are decided per column (`imports.values`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from microfactory_desk.errors import CellError, FileFormatError, ImportFailed
from microfactory_desk.imports.table import CellProblem, column_letter, header_row, open_table
from microfactory_desk.imports.values import (
    Problem,
    decide_date_order,
    decide_numbers,
    identifier,
    parse_date,
    parse_number,
)
from microfactory_desk.schemas.text import fold

FIELDS: dict[str, tuple[str, ...]] = {
    # our field: header names recognised without a mapping (folded, spaces/underscores/dashes ignored)
    "order": ("order", "po", "ponumber", "ordernumber", "purchaseorder", "ordernr", "orderno"),
    "line": ("line", "lineno", "linenumber", "position", "pos"),
    "sku": ("sku", "skucode", "item", "itemcode", "article", "articlenumber", "partnumber"),
    "reference": ("reference", "deliveryreference", "deliveryref", "ref", "deliverynote", "dn", "shipmentid"),
    "shipped_on": ("shipped", "shippedon", "shipdate", "shippingdate", "dispatched", "dispatchdate"),
    "received_on": ("received", "receivedon", "receiptdate", "deliverydate", "delivered", "deliveredon"),
    "qty_received": ("qtyreceived", "quantityreceived", "receivedqty", "quantity", "qty", "deliveredqty"),
    "qty_accepted": ("qtyaccepted", "quantityaccepted", "accepted"),
    "qty_defective": ("qtydefective", "quantitydefective", "defective", "defects", "rejected", "qtyrejected"),
    "notes": ("notes", "note", "comment", "comments", "remarks"),
}
REQUIRED = ("order", "reference")
DATES = ("shipped_on", "received_on")
QUANTITIES = ("qty_received", "qty_accepted", "qty_defective")
IDENTIFIERS = ("order", "sku", "reference")
SAMPLE_ROWS = 20


def header_key(text: Any) -> str:
    """A header as compared: folded, without blanks, underscores, dashes, dots and #."""
    return re.sub(r"[\s_\-.#]", "", fold(str(text or "")))


def cell_text(value: Any) -> str:
    """A cell as text: whole floats without ".0", midnight datetimes as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    return " ".join(str(value).split())


@dataclass(frozen=True)
class RawRow:
    """One data row: its row number in the file and each found field's cell as read."""

    number: int
    cells: dict[str, Any]


@dataclass
class DeliveryFile:
    """The rows of a delivery file, where each field was found, and the conventions its columns settle."""

    rows: list[RawRow]
    columns: dict[str, str]  # field -> header as in the file
    letters: dict[str, str]  # field -> column name for messages, e.g. "C (Received)"
    date_order: str | None = None
    decimal: str | None = None
    problems: list[CellError] = field(default_factory=list)  # column-wide findings (mixed date orders)
    header: list[str] = field(default_factory=list)  # every header cell as text, for a preview
    header_row: int = 1
    indexes: dict[str, int] = field(default_factory=dict)  # field -> 0-based column index
    sample: list[tuple[int, list[str]]] = field(default_factory=list)  # the first rows, every cell as text


@dataclass(frozen=True)
class TypedRow:
    """A row's values as our types: text identifiers, dates, whole quantities; None where the file has none."""

    number: int
    values: dict[str, Any]


def _find_columns(
    header: list[Any], mapping: Mapping[str, str], remembered: Mapping[str, str], row_no: int
) -> tuple[dict[str, int], list[CellError]]:
    keys = [header_key(h) for h in header]
    columns: dict[str, int] = {}
    errors: list[CellError] = []
    for name, synonyms in FIELDS.items():
        given = mapping.get(name, "")
        if given:
            if header_key(given) in keys:
                columns[name] = keys.index(header_key(given))
            else:
                errors.append(CellError(row_no, given, f"the column '{given}' given for {name} is not in the file"))
            continue
        wanted = [remembered[name]] if remembered.get(name) else []
        for candidate in (header_key(s) for s in (*wanted, *synonyms)):
            if candidate in keys and keys.index(candidate) not in columns.values():
                columns[name] = keys.index(candidate)
                break
    return columns, errors


def read_delivery_file(
    path: Path,
    mapping: Mapping[str, str],
    remembered: Mapping[str, str] | None = None,
    *,
    date_order: str | None = None,
    decimal: str | None = None,
    cancelled: Callable[[], bool] | None = None,
    lenient: bool = False,
) -> DeliveryFile:
    """The rows of the file; ImportFailed naming every missing column, FileFormatError when it is no table.

    With `lenient` (a preview) missing columns come back as `problems` of a file without rows, with its
    header and first rows, so a person can pick the columns.
    """
    path = Path(path)
    if path.suffix.lower() in (".pdf", ".docx", ".doc", ".json", ".xls"):
        raise FileFormatError(f"Cannot import deliveries from '{path.name}': use a .csv or .xlsx file.")
    if not path.exists():
        raise FileFormatError(f"No file at {path}.")
    remembered = remembered or {}
    with open_table(path, cancelled) as table:
        rows = table.rows()
        known = {header_key(s) for names in FIELDS.values() for s in names}
        known |= {header_key(h) for h in (*mapping.values(), *remembered.values()) if h}
        found = header_row(rows, lambda cells: sum(header_key(c) in known for c in cells) >= 2)
        if found is None:
            raise FileFormatError(
                f"{path.name}: none of the first rows names the columns (order, reference, received...); "
                "the header row must be within the first 10 rows."
            )
        header_no, header = found
        columns, errors = _find_columns(header, mapping, remembered, header_no)
        shown = ", ".join(cell_text(h) for h in header if cell_text(h))
        for name in REQUIRED:
            if name not in columns and name not in mapping:
                errors.append(
                    CellError(header_no, name, f"no column for {name} among {shown}; name it with --map {name}=HEADER")
                )
        if "line" not in columns and "sku" not in columns and not errors:
            errors.append(
                CellError(header_no, "line", "no column for the order line (line number or SKU); map line= or sku=")
            )
        if errors and not lenient:
            raise ImportFailed(errors, "Nothing was imported: the columns do not match")
        raw: list[RawRow] = []
        sample: list[tuple[int, list[str]]] = []
        for number, cells in rows:
            if errors:
                sample.append((number, [cell_text(c) for c in cells]))
                if len(sample) >= SAMPLE_ROWS:
                    break
                continue
            raw.append(RawRow(number, {name: cells[i] if i < len(cells) else None for name, i in columns.items()}))
            if len(sample) < SAMPLE_ROWS:
                sample.append((number, [cell_text(c) for c in cells]))
    if errors:
        texts = [cell_text(h) for h in header]
        partial = DeliveryFile([], {}, {}, problems=errors, header=texts, header_row=header_no, sample=sample)
        partial.indexes = dict(columns)
        return partial
    if not raw:
        raise FileFormatError(f"{path.name} has column headers but no delivery rows: nothing to import.")
    names = {name: cell_text(header[i]) for name, i in columns.items()}
    letters = {name: f"{column_letter(i)} ({names[name]})" for name, i in columns.items()}
    data = DeliveryFile(raw, names, letters, header=[cell_text(h) for h in header], header_row=header_no)
    data.indexes, data.sample = dict(columns), sample
    _decide(data, date_order, decimal)
    return data


def _decide(data: DeliveryFile, date_order: str | None, decimal: str | None) -> None:
    """Settle the date order and the decimal mark from whole columns (a choice given wins)."""
    orders = []
    for name in DATES:
        if name in data.letters:
            order, problems = decide_date_order((r.number, r.cells[name]) for r in data.rows)
            orders.append(order)
            if date_order is None:
                data.problems += [CellError(row, data.letters[name], str(p)) for row, p in problems]
    decided = [o for o in orders if o]
    if date_order is None and len(set(decided)) > 1:
        data.problems.append(CellError(data.rows[0].number, data.letters["received_on"],
                                       "the shipped and received columns use different date orders"))  # fmt: skip
    data.date_order = date_order or (decided[0] if decided else None)
    marks = {decide_numbers(r.cells[n] for r in data.rows) for n in QUANTITIES if n in data.letters} - {None}
    data.decimal = decimal or (marks.pop() if len(marks) == 1 else None)


def typed_rows(data: DeliveryFile, date1904: bool = False) -> tuple[list[TypedRow], list[CellError]]:
    """Every row as our types, and every problem of every cell (all of them, not the first per row)."""
    errors = list(data.problems)
    out = []
    for row in data.rows:
        values: dict[str, Any] = {}
        for name, cell in row.cells.items():
            value: Any
            if name in DATES:
                value = parse_date(cell, data.date_order, date1904=date1904)
            elif name in QUANTITIES:
                value = parse_number(cell, data.decimal, whole=True)
            elif name in IDENTIFIERS:
                value = identifier(cell)
            elif name == "line":
                value = parse_number(cell, data.decimal, whole=True)
            elif isinstance(cell, CellProblem):
                value = Problem(str(cell))
            else:
                value = cell.strip() if isinstance(cell, str) else cell_text(cell)
            if isinstance(value, Problem):
                errors.append(CellError(row.number, data.letters[name], str(value)))
            else:
                values[name] = value
        out.append(TypedRow(row.number, values))
    return out, errors
