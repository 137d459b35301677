"""Cell values every reader understands the same way."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")
_DAY_FIRST = re.compile(r"(\d{1,2})([./])(\d{1,2})\2(\d{4})")


def parse_date(value: Any) -> dt.date | str | None:
    """A date cell: Excel date, ISO, DD.MM.YYYY or DD/MM/YYYY; a message (str) when it is none of those."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    iso, day_first = _ISO.fullmatch(text), _DAY_FIRST.fullmatch(text)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if day_first:
            return dt.date(int(day_first[4]), int(day_first[3]), int(day_first[1]))
    except ValueError:
        pass
    return f"'{text}' is not a date (use YYYY-MM-DD, DD.MM.YYYY or DD/MM/YYYY)"
