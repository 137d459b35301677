"""Every order line in one flat table for analysis, streamed to .xlsx (openpyxl write-only) or .csv."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from microfactory_desk.errors import Cancelled, FileFormatError
from microfactory_desk.exports.atomic import atomic_output
from microfactory_desk.exports.csv_file import write_csv
from microfactory_desk.exports.xlsx import start_sheet

HEADERS = (
    "Order", "Status", "Partner code", "Partner", "Order date", "Requested delivery", "Sent on", "Received on",
    "Destination", "Destination type", "Shipping mode", "Currency", "Line", "SKU", "SKU name", "Category",
    "Experimental", "Quantity", "Unit price", "Line total", "Price source", "Price tier", "Confirmed qty",
    "Confirmed ship date", "Partner comment", "Cancel reason",
)  # fmt: skip
WIDTHS = (15, 13, 12, 30, 11, 11, 11, 11, 24, 13, 12, 9, 6, 16, 28, 14, 12, 10, 11, 12, 12, 30, 12, 12, 30, 24)
# Columns holding person-typed text: only these need the safe-cell treatment.
TEXT_COLUMNS = frozenset({2, 3, 8, 13, 14, 15, 21, 24, 25})
SUFFIXES = (".xlsx", ".csv")


def check_flat_path(path: Path) -> str:
    """The suffix of a flat export file name, or FileFormatError naming the allowed ones."""
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise FileFormatError(f"Cannot write orders to '{Path(path).name}': use a .xlsx or .csv file name.")
    return suffix


def write_orders_flat(rows: Iterable[Sequence[Any]], path: Path, *, cancelled: Callable[[], bool] | None = None) -> int:
    """Stream the rows (in HEADERS order) to `path`; returns how many lines were written."""
    if check_flat_path(path) == ".csv":
        return write_csv(Path(path), HEADERS, rows, cancelled=cancelled)
    with atomic_output(Path(path)) as tmp:
        return _xlsx(rows, tmp, cancelled)


def _check(count: int, cancelled: Callable[[], bool] | None) -> None:
    if cancelled is not None and count % Cancelled.CHECK_EVERY_ROWS == 0 and cancelled():
        raise Cancelled("Export cancelled; no file was written.")


def _xlsx(rows: Iterable[Sequence[Any]], tmp: Path, cancelled: Callable[[], bool] | None) -> int:
    from microfactory_desk.exports.xlsx import safe_cell

    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("Order lines")
    start_sheet(ws, HEADERS, WIDTHS)
    count = 0
    text_columns = sorted(TEXT_COLUMNS)
    append = ws.append
    for row in rows:
        values = list(row)
        for i in text_columns:
            if values[i]:
                values[i] = safe_cell(ws, values[i])
        append(values)
        count += 1
        _check(count, cancelled)
    workbook.save(tmp)
    return count
