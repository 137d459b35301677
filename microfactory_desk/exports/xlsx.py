"""The one safe-cell function for spreadsheets and CSV, plus the shared header and width styling."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from microfactory_desk.schemas.text import strip_controls

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# Spreadsheet programs treat text starting with these as a formula (CSV/formula injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Where a spreadsheet reader may start a new cell or row inside a CSV field: its start, and after a separator
# of either kind (`,` or `;`), a tab or a line break; leading spaces and quotes do not stop a formula.
_PIECE = r"(^|[,;\t\r\n])([ \"]*)"
_TRIGGER = r"[=+\-@\t\r]"
_PIECE_START = re.compile(_PIECE + rf"(?={_TRIGGER}|'{_TRIGGER}|'')")
_QUOTED_PIECE_START = re.compile(_PIECE + rf"'(?={_TRIGGER}|')")
_ERROR_CODES = frozenset(ERROR_CODES)
_HEADER_FONT = Font(bold=True)
_HEADER_ALIGNMENT = Alignment(vertical="top")
MIN_WIDTH = 8
MAX_WIDTH = 50
CELL_LIMIT = 32_767  # characters in one cell, Excel's limit (LibreOffice reads longer, Excel refuses the file)
_WRAP = Alignment(wrap_text=True, vertical="top")


def safe_cell(ws: WriteOnlyWorksheet, value: Any) -> Any:
    """A value for `ws.append`: person text cleaned (CR line ends become LF) and kept as text, never a formula.

    Text longer than a cell holds (CELL_LIMIT characters, counted as Excel does in UTF-16 units) is cut with a
    visible note of how much was left out; multi-line or long text wraps, top-aligned, so rows show it.
    """
    if not isinstance(value, str):
        return value
    text = strip_controls(str(value), multiline=True)
    as_text = text.startswith(FORMULA_TRIGGERS) or text in _ERROR_CODES
    if "\r" in text:
        # XML readers turn a raw CR into LF; writing LF makes the saved value the value read back.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > CELL_LIMIT // 2:
        text = _fit_cell(text)
    wrap = len(text) > MAX_WIDTH or "\n" in text
    if as_text or wrap:
        cell = WriteOnlyCell(ws, text)
        if as_text:
            # openpyxl infers a formula from a leading "=" and an error from "#N/A"; person text is text.
            cell.data_type = "s"
        if wrap:
            cell.alignment = _WRAP
        return cell
    return text


def _fit_cell(text: str) -> str:
    """`text` within CELL_LIMIT UTF-16 units; when cut, it ends with a note of the characters left out."""
    if len(text.encode("utf-16-le")) // 2 <= CELL_LIMIT:
        return text
    keep = CELL_LIMIT - 80  # room for the note, whatever the number
    while len(text[:keep].encode("utf-16-le")) // 2 > CELL_LIMIT - 80:
        keep -= 1  # characters beyond U+FFFF count twice
    return f"{text[:keep]} … [{len(text) - keep:,} characters cut: a spreadsheet cell holds {CELL_LIMIT:,}]"


def safe_csv_text(text: str) -> str:
    """CSV cell text with controls removed and an apostrophe before every formula start, whatever the separator.

    A reader that splits on `;` (Excel in DE, FR, IT, ES, NL) sees a new cell after every `;` inside a field,
    one that splits on `,` after every `,`, and a new row after a line break: an apostrophe goes before a
    trigger (= + - @ tab CR) at the start of the text and after any of those (spaces and quotes skipped), so
    no piece starts a formula. An apostrophe already there before a trigger or another apostrophe is doubled
    so that unquote_csv_text(safe_csv_text(t)) == t for every cleaned t.
    """
    return _PIECE_START.sub(r"\1\2'", strip_controls(text, multiline=True))


def unquote_csv_text(text: str) -> str:
    """Undo safe_csv_text: drop the apostrophe it put at the start of each piece before a trigger or `'`."""
    return _QUOTED_PIECE_START.sub(r"\1\2", text)


def header_cells(ws: WriteOnlyWorksheet, headers: Iterable[str]) -> list[Cell]:
    """Bold header cells for the first row of a write-only sheet."""
    cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, header)
        cell.data_type = "s"
        cell.font = _HEADER_FONT
        cell.alignment = _HEADER_ALIGNMENT
        cells.append(cell)
    return cells


def column_widths(headers: Sequence[str], rows: Sequence[Sequence[Any]], sample: int = 200) -> list[float]:
    """Widths that fit the header and the first `sample` rows, kept between MIN_WIDTH and MAX_WIDTH."""
    widths = [len(h) + 2 for h in headers]
    for row in rows[:sample]:
        for i, value in enumerate(row[: len(widths)]):
            if value is not None:
                longest = max((len(line) for line in str(value).split("\n")), default=0)
                if longest + 2 > widths[i]:
                    widths[i] = longest + 2
    return [float(min(max(w, MIN_WIDTH), MAX_WIDTH)) for w in widths]


def start_sheet(ws: WriteOnlyWorksheet, headers: Sequence[str], widths: Sequence[float]) -> None:
    """Set column widths, freeze and write the bold header row; call before any other row."""
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    # Printed, a list is read across: landscape, fitted to the page width, header on every page.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.oddFooter.center.text = "Page &P of &N"
    ws.append(header_cells(ws, headers))
