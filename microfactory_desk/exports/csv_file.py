"""The one CSV writer of every export: UTF-8 with a BOM, text quoted, no formula whatever separator is read."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from microfactory_desk.errors import Cancelled
from microfactory_desk.exports.atomic import atomic_output
from microfactory_desk.exports.xlsx import safe_csv_text


def csv_value(value: Any) -> Any:
    """One field as written: text made safe (see safe_csv_text), None empty, numbers and dates as they are."""
    if isinstance(value, str):
        return safe_csv_text(value)
    return "" if value is None else value


def write_csv(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write `headers` and `rows` to `path` (replaced only when complete); returns the number of rows.

    Every text field is quoted (so a `,`, `;`, tab, quote or line break inside it never splits it for a reader
    that honours quotes) and every formula start is neutralised for readers that do not; numbers stay bare so
    spreadsheets read them as numbers. utf-8-sig: Excel reads Łódź and Müller right. Raises Cancelled when
    `cancelled()` turns true (checked every Cancelled.CHECK_EVERY_ROWS rows) and DeskError when the file cannot
    be written (full disk, no permission); the previous file is then kept.
    """
    count = 0
    with atomic_output(Path(path)) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        # QUOTE_NONNUMERIC quotes every field that is not an int or a float: all text, dates and decimals.
        writer = csv.writer(fh, quoting=csv.QUOTE_NONNUMERIC)
        writer.writerow(list(headers))
        for row in rows:
            writer.writerow([csv_value(v) for v in row])
            count += 1
            if cancelled is not None and count % Cancelled.CHECK_EVERY_ROWS == 0 and cancelled():
                raise Cancelled("Export cancelled; no file was written.")
    return count
