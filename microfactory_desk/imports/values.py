"""Values decided per column, never guessed per cell: number conventions, day/month order, identifiers.

`decide_numbers` and `decide_date_order` look at every text cell of a column and settle its convention
(`1.000` next to `1.234,5` is German; a first part over 12 makes a column day-first). What the column leaves
open is a problem for the cell that is ambiguous, naming row and column, never a silent guess.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from typing import Any

from microfactory_desk.imports.table import CellProblem

POINT, COMMA = ".", ","  # the decimal mark of a column; the other one (or a space, ') groups thousands
DATE_ORDERS = ("DMY", "MDY", "YMD")
_NUMBER = re.compile(r"[+-]?[\d.,]+")
_GROUPED = re.compile(r"\d{1,3}(?:([.,])\d{3})+")
_NUMERIC_DATE = re.compile(
    r"(\d{1,4})([./-])(\d{1,2})\2(\d{2,4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_NAMED_FORMATS = ("%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%d-%b-%Y", "%d-%b-%y", "%b %d %Y", "%d. %B %Y")
_SERIAL_RANGE = (20_000, 80_000)  # Excel day numbers of 1954..2119: a bare number in a date column is one
_EPOCH_1900 = dt.date(1899, 12, 30)
_EPOCH_1904 = dt.date(1904, 1, 1)
_SCIENTIFIC = re.compile(r"\d(?:[.,]\d+)?E\+?\d+", re.IGNORECASE)


class Problem(str):
    """A cell's value refused; the text is the message for people, `remedy` what they can do (errors.CellError)."""

    remedy = ""


def _text(value: Any) -> str:
    return " ".join(str(value).replace("\u00a0", " ").split())


# --- numbers -------------------------------------------------------------------------------------
def decide_numbers(values: Iterable[Any]) -> str | None:
    """The decimal mark (POINT or COMMA) the text cells of a column agree on; None when they never say."""
    votes = {POINT: 0, COMMA: 0}
    for value in values:
        if type(value) is not str:
            continue
        text = _text(value).replace(" ", "").replace("'", "").lstrip("+-")
        mark = _mark_of(text)
        if mark:
            votes[mark] += 1
    if votes[POINT] and votes[COMMA]:
        return None  # mixed: each ambiguous cell is refused on its own
    return POINT if votes[POINT] else COMMA if votes[COMMA] else None


def _mark_of(text: str) -> str | None:
    """The decimal mark one number shows unambiguously, or None ("1.000" could be either)."""
    if "." in text and "," in text:
        return POINT if text.rfind(".") > text.rfind(",") else COMMA
    for mark in (POINT, COMMA):
        if mark in text:
            if text.count(mark) > 1:
                return COMMA if mark == POINT else POINT  # repeated: it groups thousands
            if not _GROUPED.fullmatch(text):
                return mark  # "12.5", "0,75": a group has three digits, so this is a decimal mark
    return None


def parse_number(value: Any, mark: str | None, *, whole: bool = False) -> float | int | Problem | None:
    """A number cell under the column's decimal mark; a Problem for text, NaN, infinity, booleans, ambiguity."""
    if type(value) is str and value.isascii() and value.isdigit():
        return int(value)  # the common case, first: plain digits mean the same under every convention
    if value is None or (type(value) is str and not value.strip()):
        return None
    if isinstance(value, CellProblem):
        return Problem(str(value))
    if isinstance(value, bool):
        return Problem(f"{str(value).lower()} is not a number")
    if isinstance(value, int | float):
        number: float | int = value
    else:
        text = _text(value).replace(" ", "").replace("'", "")
        if text.lower().lstrip("+-") in ("nan", "inf", "infinity"):
            return Problem(f"'{_text(value)[:40]}' is not a number")
        if not _NUMBER.fullmatch(text):
            return Problem(f"'{_text(value)[:40]}' is not a number")
        found = _mark_of(text.lstrip("+-"))
        decimal = found or mark
        if decimal is None and ("." in text or "," in text):
            problem = Problem(
                f"'{_text(value)}' could be {text.replace(',', '').replace('.', '')} or a decimal; the column shows "
                "no other number that says which, so write it without a thousands separator"
            )
            problem.remedy = "decimal"
            return problem
        group = COMMA if decimal == POINT else POINT
        text = text.replace(group, "").replace(",", ".")
        try:
            number = float(text) if "." in text else int(text)
        except ValueError:
            return Problem(f"'{_text(value)[:40]}' is not a number")
    if isinstance(number, float) and not math.isfinite(number):
        return Problem(f"{number} is not a number")
    if number < 0:
        return Problem(f"{number:g} is negative; enter 0 or more")
    if whole:
        if isinstance(number, float):
            if not number.is_integer():
                return Problem(f"{number:g} is not a whole number")
            number = int(number)
    return number


# --- dates ---------------------------------------------------------------------------------------
def decide_date_order(values: Iterable[tuple[int, Any]]) -> tuple[str | None, list[tuple[int, Problem]]]:
    """The day/month order the text dates of a column settle (DMY or MDY; None when the column does not say).

    `values` are (row, cell) pairs. A column that contradicts itself gives a Problem for each row of the
    smaller side; ambiguous cells of an undecided column are refused later by `parse_date`.
    """
    day_first: list[int] = []
    month_first: list[int] = []
    kinds: dict[str, str] = {}  # a column repeats its dates: each distinct text is looked at once
    for row, value in values:
        if type(value) is not str:
            continue
        kind = kinds.get(value)
        if kind is None:
            kind = kinds[value] = _order_shown(value)
        if kind == "DMY":
            day_first.append(row)
        elif kind == "MDY":
            month_first.append(row)
    if day_first and month_first:
        major, minor = ("DMY", month_first) if len(day_first) >= len(month_first) else ("MDY", day_first)
        message = Problem(
            f"this date does not follow the day/month order of the rest of the column ({major}); check it"
        )
        return major, [(row, message) for row in minor]
    return ("DMY" if day_first else "MDY" if month_first else None), []


def _order_shown(value: str) -> str:
    """The day/month order one date text settles: "DMY", "MDY", or "" when it does not say."""
    match = _NUMERIC_DATE.fullmatch(_text(value))
    if not match or len(match[1]) == 4:
        return ""
    a, b = int(match[1]), int(match[3])
    if a > 12 >= b:
        return "DMY"
    if b > 12 >= a:
        return "MDY"
    return "DMY" if match[2] == "." and a != b else ""  # dotted dates are the day-first European form


def parse_date(value: Any, order: str | None, *, date1904: bool = False) -> dt.date | Problem | None:
    """A date cell: an Excel date or serial number, ISO text, or numeric text in the column's order."""
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value)  # the common case, first
        except ValueError:
            pass
    if value is None or (type(value) is str and not value.strip()):
        return None
    if isinstance(value, CellProblem):
        return Problem(str(value))
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return Problem(f"{str(value).lower()} is not a date")
    if isinstance(value, int | float) or (type(value) is str and _text(value).isdigit()):
        return _serial(float(value), date1904)
    text = _text(value)
    match = _NUMERIC_DATE.fullmatch(text)
    try:
        if match:
            a, b, c = int(match[1]), int(match[3]), int(match[4])
            if len(match[1]) == 4:
                return dt.date(a, b, c)
            year = c + 2000 if len(match[4]) == 2 else c
            if order is None and a != b and a <= 12 and b <= 12:
                problem = Problem(f"'{text}' could be day/month or month/day and no date in the column settles it")
                problem.remedy = "date-order"
                return problem
            if order == "YMD":
                return _not_format(text)
            day_first = order == "DMY" or order is None and a > 12
            return dt.date(year, b, a) if day_first else dt.date(year, a, b)
    except ValueError:
        if order in ("DMY", "MDY") and match and _valid(int(match[4]), int(match[1]), int(match[3]), order):
            return Problem(f"'{text}' is not in the date order this file uses ({order})")
        return Problem(f"'{text}' is not a day of the calendar")
    for fmt in _NAMED_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return _not_format(text)


def _valid(year: int, a: int, b: int, order: str) -> bool:
    """Whether the parts make a date when read in the order other than `order`."""
    try:
        dt.date(year + 2000 if year < 100 else year, *((b, a) if order == "MDY" else (a, b)))
    except ValueError:
        return False
    return True


def _not_format(text: str) -> Problem:
    return Problem(f"'{text[:40]}' is not in a date format this file uses (e.g. 2026-12-08)")


def _serial(number: float, date1904: bool = False) -> dt.date | Problem:
    if not math.isfinite(number) or not _SERIAL_RANGE[0] <= number <= _SERIAL_RANGE[1]:
        return Problem(f"{number:g} is not a date")
    return (_EPOCH_1904 if date1904 else _EPOCH_1900) + dt.timedelta(days=int(number))


# --- identifiers ---------------------------------------------------------------------------------
def identifier(value: Any) -> str | Problem | None:
    """A code or reference as text; a Problem when a spreadsheet turned it into a number it cannot be."""
    if value is None or (type(value) is str and not value.strip()):
        return None
    if isinstance(value, CellProblem):
        return Problem(str(value))
    if isinstance(value, bool):
        return Problem(f"{str(value).lower()} is not a code")
    if isinstance(value, float):
        if not value.is_integer() or abs(value) >= 1e15:
            return Problem(
                f"the spreadsheet turned this code into the number {value:g}; format the column as text and type it again"
            )
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return Problem(f"the spreadsheet turned this code into the date {value:%Y-%m-%d}; format the column as text")
    text = _text(value)
    if _SCIENTIFIC.fullmatch(text):
        return Problem(
            f"'{text}' is a code shortened to scientific notation; format the column as text and type it again"
        )
    return text
