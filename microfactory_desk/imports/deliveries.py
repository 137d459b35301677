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
from microfactory_desk.schemas.text import fold, without_note

FIELDS: dict[str, tuple[str, ...]] = {
    # our field: header names recognised without a mapping (folded, spaces/underscores/dashes ignored)
    "order": ("order", "po", "ponumber", "ordernumber", "purchaseorder", "ordernr", "orderno"),
    "line": ("line", "lineno", "linenumber", "position", "pos"),
    "sku": ("sku", "skucode", "item", "itemcode", "article", "articlenumber", "partnumber"),
    "reference": ("reference", "deliveryreference", "deliveryref", "ref", "deliverynote", "dn", "shipmentid"),
    "shipped_on": (
        "shipped",
        "shippedon",
        "shipdate",
        "shippingdate",
        "dispatched",
        "dispatchdate",
        "dateshipped",
        "shippeddate",
        "dispatchedon",
    ),
    "received_on": (
        "received",
        "receivedon",
        "receiptdate",
        "deliverydate",
        "delivered",
        "deliveredon",
        "receiveddate",
        "datereceived",
        "arrival",
        "arrivaldate",
        "arrived",
        "arrivedon",
        "goodsreceiptdate",
    ),
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


def _header_in(cell: Any, known: set[str]) -> bool:
    """True when the header `cell`, or the header without a note in brackets, is one of `known`."""
    return header_key(cell) in known or header_key(without_note(cell_text(cell))) in known


def cell_text(value: Any) -> str:
    """A cell as text: whole floats without ".0", midnight datetimes as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    return " ".join(str(value).split())


@dataclass
class DeliveryFile:
    """The rows of a delivery file, column by column, where each field was found, and what its columns settle.

    `numbers[i]` is the file's row number of the i-th data row and `cells[field][i]` its cell as read: a file is
    checked one column at a time, so each column's convention is decided once and repeated values parse once.
    """

    numbers: list[int]
    cells: dict[str, list[Any]]  # field -> the column's cells as read, one per data row
    columns: dict[str, str]  # field -> header as in the file
    letters: dict[str, str]  # field -> column name for messages, e.g. "C (Received)"
    date_order: str | None = None
    decimal: str | None = None
    problems: list[CellError] = field(default_factory=list)  # column-wide findings (mixed date orders)
    header: list[str] = field(default_factory=list)  # every header cell as text, for a preview
    header_row: int = 1
    indexes: dict[str, int] = field(default_factory=dict)  # field -> 0-based column index
    sample: list[tuple[int, list[str]]] = field(default_factory=list)  # the first rows, every cell as text
    source: str = ""  # the file's name, for messages


def _find_columns(
    header: list[Any], mapping: Mapping[str, str], remembered: Mapping[str, str], row_no: int
) -> tuple[dict[str, int], list[CellError]]:
    keys = [header_key(h) for h in header]
    # A unit or hint in brackets ("Qty (pcs)") still lets a common name find the column.
    bare = [header_key(without_note(cell_text(h))) for h in header]
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
        wanted = [header_key(remembered[name])] if remembered.get(name) else []
        names = [header_key(s) for s in synonyms]
        for candidates, found in ((wanted, keys), (names, keys), (names, bare)):
            at = next(
                (found.index(c) for c in candidates if c in found and found.index(c) not in columns.values()), None
            )
            if at is not None:
                columns[name] = at
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
        found = header_row(rows, lambda cells: sum(_header_in(c, known) for c in cells) >= 2)
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
                errors.append(CellError(header_no, name, f"no column for {name} among {shown}", remedy=f"map:{name}"))
        if "line" not in columns and "sku" not in columns and not errors:
            errors.append(
                CellError(header_no, "line", "no column for the order line (line number or SKU)", remedy="map-line")
            )
        if errors and not lenient:
            raise ImportFailed(errors, "Nothing was imported: the columns do not match", path.name)
        records: list[list[Any]] = []
        numbers: list[int] = []
        sample: list[tuple[int, list[str]]] = []
        for number, cells in rows:
            if len(sample) < SAMPLE_ROWS:
                sample.append((number, [cell_text(c) for c in cells]))
            elif errors:
                break
            if not errors:
                numbers.append(number)
                records.append(cells)
    if not errors and "received_on" not in columns and _any_value(records, columns.get("qty_received")):
        # Without this, every row said "a quantity was received but no date is given" about a file that has the
        # dates, in a column under a name we did not know ("Arrival date"): say so once, at the header.
        text = f"no column for received_on (the day the goods arrived) among {shown}; the file has received quantities"
        errors.append(CellError(header_no, "received_on", text, remedy="map:received_on"))
        if not lenient:
            raise ImportFailed(errors, "Nothing was imported: the columns do not match", path.name)
    if errors:
        texts = [cell_text(h) for h in header]
        partial = DeliveryFile([], {}, {}, {}, problems=errors, header=texts, header_row=header_no, sample=sample)
        partial.indexes, partial.source = dict(columns), path.name
        return partial
    if not records:
        raise FileFormatError(f"{path.name} has column headers but no delivery rows: nothing to import.")
    names = {name: cell_text(header[i]) for name, i in columns.items()}
    letters = {name: f"{column_letter(i)} ({names[name]})" for name, i in columns.items()}
    cells_of = {name: _column(records, i) for name, i in columns.items()}
    data = DeliveryFile(numbers, cells_of, names, letters, header=[cell_text(h) for h in header], header_row=header_no)
    data.indexes, data.sample, data.source = dict(columns), sample, path.name
    _decide(data, date_order, decimal)
    return data


def _any_value(records: list[list[Any]], index: int | None) -> bool:
    """True when column `index` (None: no such column) holds something in some row."""
    return index is not None and any(index < len(cells) and cell_text(cells[index]).strip() for cells in records)


def _column(records: list[list[Any]], index: int) -> list[Any]:
    """One column of the records; None where a short row has no such cell."""
    try:
        return [cells[index] for cells in records]
    except IndexError:  # a short row: rare, so only then is every row's width checked
        return [cells[index] if index < len(cells) else None for cells in records]


def _decide(data: DeliveryFile, date_order: str | None, decimal: str | None) -> None:
    """Settle the date order and the decimal mark from whole columns (a choice given wins)."""
    orders = []
    for name in DATES:
        if name in data.letters:
            order, problems = decide_date_order(zip(data.numbers, data.cells[name], strict=True))
            orders.append(order)
            if date_order is None:
                data.problems += [CellError(row, data.letters[name], str(p)) for row, p in problems]
    decided = [o for o in orders if o]
    if date_order is None and len(set(decided)) > 1:
        data.problems.append(CellError(data.numbers[0], data.letters["received_on"],
                                       "the shipped and received columns use different date orders"))  # fmt: skip
    data.date_order = date_order or (decided[0] if decided else None)
    # The verdict depends only on which texts occur, so each distinct cell is looked at once.
    marks = {decide_numbers(set(data.cells[n])) for n in QUANTITIES if n in data.letters} - {None}
    data.decimal = decimal or (marks.pop() if len(marks) == 1 else None)


def typed_columns(data: DeliveryFile, date1904: bool = False) -> tuple[dict[str, list[Any]], list[CellError]]:
    """Every column as our types (dates, whole numbers, text identifiers; None where the file has none), and every
    problem of every cell (all of them, not the first per row). A refused cell holds REFUSED in its column."""
    errors = list(data.problems)
    typed: dict[str, list[Any]] = {}
    for name, column in data.cells.items():
        if name == "reference":
            values = [_reference(cell) for cell in column]  # nearly all distinct: nothing to share
        else:
            parse = _parser(name, data, date1904)
            # Repeated cells (dates, quantities, order numbers) parse once; the type is in the key so that
            # True, 1 and 1.0 stay apart.
            parsed = {(type(cell), cell): parse(cell) for cell in set(column)}
            values = [parsed[type(cell), cell] for cell in column]
        letter = data.letters[name]
        for index in [i for i, value in enumerate(values) if type(value) is Problem]:
            errors.append(CellError(data.numbers[index], letter, str(values[index]), remedy=values[index].remedy))
            values[index] = REFUSED
        typed[name] = values
    return typed, errors


class _Refused:
    """The value of a cell refused already (its problem is named): the row is not checked further on it."""

    def __repr__(self) -> str:
        return "REFUSED"


REFUSED: Any = _Refused()


def _parser(name: str, data: DeliveryFile, date1904: bool) -> Callable[[Any], Any]:
    """The function that parses one cell of the field's column under the column's decided convention."""
    if name in DATES:
        return lambda cell: parse_date(cell, data.date_order, date1904=date1904)
    if name in QUANTITIES or name == "line":
        return lambda cell: parse_number(cell, data.decimal, whole=True)
    if name in IDENTIFIERS:
        return identifier
    return _plain


def _plain(cell: Any) -> Any:
    if isinstance(cell, CellProblem):
        return Problem(str(cell))
    return cell.strip() if isinstance(cell, str) else cell_text(cell)


def _reference(cell: Any) -> Any:
    """identifier(), with the common clean ASCII code returned as it is."""
    if type(cell) is str and cell.isascii() and cell.isprintable() and " " not in cell and cell:
        if "e" not in cell and "E" not in cell:
            return cell
    return identifier(cell)
