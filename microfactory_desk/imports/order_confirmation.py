"""Read a partner's order confirmation back: the returned Excel order sheet or a JSON confirmation.

`identify` says which order a file answers; `read_confirmation` checks the file against that order
(another order's sheet, a changed line set, edited locked cells, extra or missing lines, bad
quantities and dates) and returns the confirmation, or ImportFailed listing every problem by
row and column. Nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from microfactory_desk.errors import CellError, FileFormatError, ImportFailed
from microfactory_desk.exports.order_sheet import (
    COL_COMMENT,
    COL_CONF_QTY,
    COL_POS,
    COL_PRICE,
    COL_QTY,
    COL_SHIP,
    COL_SKU,
    ID_MARK,
    ID_SHEET,
    MAX_COMMENT,
    SHEET_TITLE,
    TOTAL_LABEL,
)
from microfactory_desk.imports.table import CellProblem, Table, open_table, sniff_kind
from microfactory_desk.imports.values import Problem, decide_date_order, parse_date
from microfactory_desk.schemas.fields import friendly_message
from microfactory_desk.schemas.order_contract import OrderConfirmationDocument
from microfactory_desk.schemas.orders import Confirmation, ConfirmationLine, OrderOut
from microfactory_desk.schemas.text import strip_controls

SUFFIXES = (".xlsx", ".json")
HEADLINE = "The confirmation was not imported"
MAX_QUANTITY = 10_000_000
MAX_JSON_BYTES = 20 * 2**20
MAX_JSON_DEPTH = 20
_COLUMN_NAMES = {COL_POS: "#", COL_SKU: "SKU", COL_QTY: "Quantity", COL_PRICE: "Unit price",
                 COL_CONF_QTY: "Confirmed qty", COL_SHIP: "Ship date", COL_COMMENT: "Partner comment"}  # fmt: skip
_INDEX = {letter: number for number, letter in enumerate("ABCDEFGHIJ")}


class Identity(NamedTuple):
    """What a file says about the order it answers."""

    order_uuid: str
    order_number: str
    fingerprint: str | None


class Returned(NamedTuple):
    """One line as the file returns it, with where it sits (row, or line number in JSON)."""

    row: int
    position: Any
    sku_code: Any
    quantity: Any
    unit_price: Any
    confirmed_qty: Any
    ship_on: Any
    comment: Any


def check_path(path: Path) -> str:
    """ ".xlsx" or ".json" as the file's content (not its name) says, or FileFormatError naming the allowed ones."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise FileFormatError(f"Cannot read '{Path(path).name}' as a confirmation: use the .xlsx order sheet or .json.")
    kind = sniff_kind(Path(path))
    if kind == "csv":
        if suffix == ".xlsx":
            raise FileFormatError(f"{Path(path).name} is not an Excel workbook (.xlsx); was another file renamed?")
        raise FileFormatError(f"{Path(path).name} is not a JSON file: a confirmation is one JSON object.")
    return f".{kind}"


def identify(path: Path) -> Identity:
    """The order a confirmation file answers, read without checking its lines."""
    if check_path(path) == ".json":
        data = _json(path)
        return Identity(str(data.get("order_uuid", "")), str(data.get("order_number", "")), None)
    with _workbook(path) as table:
        return _identity(table, path)[0]


def read_confirmation(path: Path, order: OrderOut, fingerprint: str, *, today: dt.date) -> Confirmation:
    """The partner's answer to `order` from the file, or ImportFailed naming every problem."""
    if check_path(path) == ".json":
        returned, found, stated = _json_lines(path)
        column = _json_column
    else:
        with _workbook(path) as table:
            found, first = _identity(table, path)
            returned = _sheet_lines(table, first)
        stated = found.fingerprint
        column = _sheet_column
    if found.order_uuid != order.uuid:
        raise ImportFailed(
            [CellError(0, "", f"this file answers order {found.order_number or 'unknown'}, not {order.number}")],
            HEADLINE,
            Path(path).name,
        )
    stated_number = " ".join(found.order_number.split())
    if stated_number and stated_number.casefold() != order.number.casefold():
        # A JSON answer copied from another order's (a quick reorder repeats its lines) with only the number
        # changed would otherwise confirm the order whose id it still carries.
        problem = (
            f"the file names order {stated_number} but carries the id of {order.number}; nothing was confirmed: "
            f"ask the partner for the answer to {stated_number} written from its own order file"
        )
        raise ImportFailed([CellError(0, "", problem)], HEADLINE, Path(path).name)
    if stated is not None and stated != fingerprint:
        problem = f"the lines of {order.number} changed after this file was written; send the partner the new sheet"
        raise ImportFailed([CellError(0, "", problem)], HEADLINE, Path(path).name)
    errors: list[CellError] = []
    answers = _check_lines(returned, order, column, errors, today)
    if errors:
        raise ImportFailed(errors, HEADLINE, Path(path).name)
    return Confirmation(order_uuid=order.uuid, lines=answers)


# --- Excel ---------------------------------------------------------------------------------------
def _workbook(path: Path) -> Table:
    try:
        return open_table(path)
    except FileFormatError as exc:
        raise FileFormatError(f"{Path(path).name} cannot be read as an Excel order sheet: {exc}") from exc


def _identity(table: Table, path: Path) -> tuple[Identity, int]:
    if table.sheet_of(ID_SHEET) is None or table.sheet_of(SHEET_TITLE) is None:
        raise FileFormatError(f"{Path(path).name} is not an order sheet written by Microfactory Desk.")
    values: list[Any] = [None] * 6
    for number, cells in table.rows(ID_SHEET):
        if number > 6:
            break
        values[number - 1] = cells[0] if cells else None
    if values[0] != ID_MARK or not isinstance(values[5], int):
        raise FileFormatError(f"{Path(path).name}: the cell identifying the order is missing or was changed.")
    return Identity(str(values[1]), str(values[2]), str(values[3])), int(values[5])


def _sheet_lines(table: Table, first: int) -> list[Returned]:
    """Rows from the first line row to the total row; blank rows inside count as missing lines later."""
    lines = []
    for number, row in table.rows(SHEET_TITLE):
        if number < first:
            continue
        cells = list(row[:10]) + [None] * (10 - len(row))
        if cells[0] == TOTAL_LABEL:
            break
        get = [cells[_INDEX[c]] for c in (COL_POS, COL_SKU, COL_QTY, COL_PRICE, COL_CONF_QTY, COL_SHIP, COL_COMMENT)]
        lines.append(Returned(number, *get))
    return lines


def _sheet_column(letter: str) -> str:
    return f"{letter} ({_COLUMN_NAMES[letter]})"


# --- JSON ----------------------------------------------------------------------------------------
def _json(path: Path) -> dict[str, Any]:
    name = Path(path).name
    try:
        if Path(path).stat().st_size > MAX_JSON_BYTES:
            raise FileFormatError(f"{name} is larger than {MAX_JSON_BYTES // 2**20} MB; a confirmation is far smaller.")
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except RecursionError:
        raise FileFormatError(f"{name} is nested too deeply to be a confirmation.") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise FileFormatError(f"{name} is not a JSON file: {exc}") from exc
    if _depth(data) > MAX_JSON_DEPTH:
        raise FileFormatError(f"{name} is nested more than {MAX_JSON_DEPTH} levels deep; a confirmation is flat.")
    if not isinstance(data, dict):
        raise FileFormatError(
            f"{Path(path).name}: a confirmation is one JSON object (see `schema order-confirmation`)."
        )
    return data


def _depth(data: Any) -> int:
    """How deeply lists and objects nest (a scalar is 0), without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is not None:
            deepest = max(deepest, level)
            if level <= MAX_JSON_DEPTH:
                stack.extend((child, level + 1) for child in children)
    return deepest


def _booleans(data: dict[str, Any]) -> list[CellError]:
    """JSON true/false where a number belongs: pydantic would read true as 1."""
    lines = data.get("lines")
    errors = []
    for at, line in enumerate(lines if isinstance(lines, list) else [], start=1):
        for name in ("position", "quantity", "confirmed_qty"):
            if isinstance(line, dict) and isinstance(line.get(name), bool):
                errors.append(CellError(at, name, f"{str(line[name]).lower()} is not a number"))
    return errors


def _json_lines(path: Path) -> tuple[list[Returned], Identity, str | None]:
    data = _json(path)
    if problems := _booleans(data):
        raise ImportFailed(problems, HEADLINE, Path(path).name)
    try:
        doc = OrderConfirmationDocument.model_validate(data)
    except ValidationError as exc:
        errors = []
        for err in exc.errors():
            loc = list(err["loc"])
            row = int(loc[1]) + 1 if len(loc) > 1 and loc[0] == "lines" and isinstance(loc[1], int) else 0
            field = ".".join(str(p) for p in (loc[2:] if row else loc))
            errors.append(CellError(row, field, friendly_message(err)))
        raise ImportFailed(errors, HEADLINE, Path(path).name) from None
    returned = [
        Returned(n, ln.position, ln.sku_code, ln.quantity, None, ln.confirmed_qty, ln.confirmed_ship_on, ln.comment)
        for n, ln in enumerate(doc.lines, start=1)
    ]
    return returned, Identity(doc.order_uuid, doc.order_number, doc.line_set_fingerprint), doc.line_set_fingerprint


_JSON_FIELDS = {COL_POS: "position", COL_SKU: "sku_code", COL_QTY: "quantity", COL_PRICE: "unit_price",
                COL_CONF_QTY: "confirmed_qty", COL_SHIP: "confirmed_ship_on", COL_COMMENT: "comment"}  # fmt: skip


def _json_column(letter: str) -> str:
    return _JSON_FIELDS[letter]


# --- checks shared by both formats ---------------------------------------------------------------
def _same_price(value: Any, expected: Decimal | None) -> bool:
    if value is None or expected is None:
        return value is None and expected is None
    try:
        return Decimal(str(value)) == expected
    except InvalidOperation:
        return False


def _quantity(value: Any) -> tuple[int | None, str]:
    """A confirmed quantity, or the problem with it."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, "the confirmed quantity is missing (enter 0 for a line you cannot make)"
    if isinstance(value, CellProblem):
        return None, str(value)
    if isinstance(value, bool):
        return None, f"{str(value).lower()} is not a quantity"
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        if not text.lstrip("-").isdigit():
            return None, f"'{value.strip()[:40]}' is not a whole number"
        value = int(text)
    if isinstance(value, float):
        if not value.is_integer():
            return None, f"{value:g} is not a whole number of units"
        value = int(value)
    if not isinstance(value, int):
        return None, f"{value!r} is not a quantity"
    if value < 0:
        return None, f"{value} is negative; enter 0 or more"
    if value > MAX_QUANTITY:
        return None, f"{value:,} is more than {MAX_QUANTITY:,}; check the number"
    return value, ""


def _ship_date(value: Any, order: str | None) -> tuple[dt.date | None, str]:
    """A ship date in the date order of the file's ship column, or the problem with it."""
    day = parse_date(value, order)
    if isinstance(day, Problem):
        if day.remedy == "date-order":  # a confirmation offers no date-order choice: the sheet is corrected
            return None, f"{day}; type the date year first (2026-05-20) in the sheet"
        return None, day
    return day, ""


def _check_lines(
    returned: list[Returned], order: OrderOut, column: Any, errors: list[CellError], today: dt.date
) -> list[ConfirmationLine]:
    answers = []
    date_order, conflicts = decide_date_order((got.row, got.ship_on) for got in returned)
    for row, conflict in conflicts:
        errors.append(CellError(row, column(COL_SHIP), str(conflict)))
    for at, line in enumerate(order.lines):
        if at >= len(returned):
            errors.append(CellError(0, "", f"line {line.position} ({line.sku_code}) is missing"))
            continue
        got = returned[at]

        def bad(letter: str, message: str, row: int = got.row) -> None:
            errors.append(CellError(row, column(letter), message, remedy=getattr(message, "remedy", "")))

        # A cell Excel shows no value for (an error, a formula never calculated) is refused where it is, in every
        # column: its CellProblem is text, and would otherwise be compared or stored as if the partner wrote it.
        shown = {COL_POS: got.position, COL_SKU: got.sku_code, COL_QTY: got.quantity, COL_PRICE: got.unit_price,
                 COL_CONF_QTY: got.confirmed_qty, COL_SHIP: got.ship_on, COL_COMMENT: got.comment}  # fmt: skip
        unusable = {letter for letter, value in shown.items() if isinstance(value, CellProblem)}
        for letter in sorted(unusable, key=_INDEX.__getitem__):
            bad(letter, str(shown[letter]))
        locked = ((COL_POS, got.position, line.position), (COL_SKU, got.sku_code, line.sku_code),
                  (COL_QTY, got.quantity, line.quantity))  # fmt: skip
        for letter, value, expected in locked:
            if value != expected and letter not in unusable:
                bad(letter, f"changed from {expected} to {value!r}; this cell is the order's and must stay as sent")
        if (got.unit_price is not None or column is _sheet_column) and COL_PRICE not in unusable:
            if not _same_price(got.unit_price, line.unit_price):
                bad(COL_PRICE, f"changed from {line.unit_price} to {got.unit_price!r}; prices come from the SLA")
        qty, problem = (None, "") if COL_CONF_QTY in unusable else _quantity(got.confirmed_qty)
        if problem:
            bad(COL_CONF_QTY, problem)
        ship, problem = (None, "") if COL_SHIP in unusable else _ship_date(got.ship_on, date_order)
        if problem:
            bad(COL_SHIP, problem)
        elif ship is None and qty and COL_SHIP not in unusable:
            bad(COL_SHIP, "the ship date is missing")
        elif ship is not None and ship < order.order_date:
            bad(COL_SHIP, f"{ship} is before the order date {order.order_date}")
        elif ship is not None and ship > today + dt.timedelta(days=3 * 366):
            bad(COL_SHIP, f"{ship} is more than three years ahead")
        comment = "" if COL_COMMENT in unusable else strip_controls(str(got.comment or ""), multiline=True).strip()
        if len(comment) > MAX_COMMENT:
            bad(COL_COMMENT, f"the comment has {len(comment):,} characters; keep it under {MAX_COMMENT:,}")
            comment = ""
        if qty is not None and not problem and not unusable:
            answers.append(
                ConfirmationLine(position=line.position, confirmed_qty=qty, confirmed_ship_on=ship, comment=comment)
            )
    for got in returned[len(order.lines) :]:
        errors.append(CellError(got.row, "", f"a line the order does not have ({got.sku_code or 'no SKU'})"))
    return answers
