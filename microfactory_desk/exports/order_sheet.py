"""The Excel order sheet: a print-ready A4 purchase order the partner fills in and sends back.

Header block, a lines table with real formulas for line and grand totals, and yellow input columns
(confirmed quantity, ship date, comment) with data validation. Everything else is locked (sheet
protection without a password) and a very hidden sheet identifies the order and its line set, so
the import can refuse another order's sheet or an edited one.
"""

from __future__ import annotations

import datetime as dt
from copy import copy
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from microfactory_desk.exports.atomic import atomic_output
from microfactory_desk.exports.xlsx import safe_cell
from microfactory_desk.schemas.orders import OrderLineOut, OrderSheet
from microfactory_desk.schemas.vocab import label
from microfactory_desk.wording import counted, plural

SHEET_TITLE = "Order"
ID_SHEET = "order-id"
ID_MARK = "microfactory-desk order sheet v1"
TOTAL_LABEL = "Total"
# Lines table columns; the import reads the same letters.
COLUMNS = ("#", "SKU", "Description", "Unit", "Quantity", "Unit price", "Line total", "Confirmed qty",
           "Ship date", "Partner comment")  # fmt: skip
COL_POS, COL_SKU, COL_NAME, COL_UNIT, COL_QTY, COL_PRICE, COL_TOTAL, COL_CONF_QTY, COL_SHIP, COL_COMMENT = "ABCDEFGHIJ"
WIDTHS = (5, 16, 34, 7, 10, 13, 14, 13, 13, 30)
INPUT_COLUMNS = (COL_CONF_QTY, COL_SHIP, COL_COMMENT)
MAX_COMMENT = 5000
LINE_HEIGHT = 13.5
MAX_ROW_HEIGHT = 409.0
COMMENT_CHARS_PER_LINE = 32

_FONT = "Calibri"
_TITLE = Font(name=_FONT, size=16, bold=True)
_LABEL = Font(name=_FONT, size=10, bold=True, color="5B6673")
_VALUE = Font(name=_FONT, size=10)
_HEAD = Font(name=_FONT, size=10, bold=True)
_NOTE = Font(name=_FONT, size=9, italic=True, color="5B6673")
_HEAD_FILL = PatternFill("solid", fgColor="E8EEF2")
_INPUT_FILL = PatternFill("solid", fgColor="FFF6D5")
_INPUT_HEAD_FILL = PatternFill("solid", fgColor="F6DF8E")
_RULE = Border(bottom=Side(style="thin", color="9AA5B1"))
_TOP_RULE = Border(top=Side(style="medium", color="2F3A45"))
# The partner's columns start with a firm edge, in the head and on every line.
_INPUT_EDGE = Side(style="medium", color="B7950B")
_INPUT_EDGE_RULE = Border(left=_INPUT_EDGE, bottom=Side(style="thin", color="9AA5B1"))
_WRAP = Alignment(vertical="top", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="top")
_OPEN = Protection(locked=False)
_DATE = "yyyy-mm-dd"
# Per lines-table column: numbers right, the position and dates centred, text left.
_ALIGN = ("center", "left", "left", "left", "right", "right", "right", "right", "center", "left")


def _money_format(currency: str) -> str:
    # The currency code is validated (three capital letters), so it is safe inside the format.
    return f'#,##0.00## "{currency}"'


class _Writer:
    """Appends rows; every value goes through safe_cell."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws

    def row(self, values: list[Any]) -> int:
        self.ws.append([safe_cell(self.ws, v) for v in values])
        return int(self.ws.max_row)

    def pairs(self, left: tuple[str, str], right: tuple[str, str]) -> None:
        """Label and value on the left (A-B, C-E) and on the right (F-G, H-J), all top-aligned on one row."""
        index = self.row([left[0], None, left[1], None, None, right[0], None, right[1]])
        ws = self.ws
        for first, last in (("A", "B"), ("C", "E"), ("F", "G"), ("H", "J")):
            ws.merge_cells(f"{first}{index}:{last}{index}")
        self.style(index, "AF", "CH")
        ws.row_dimensions[index].height = max(row_height(left[1], "CDE"), row_height(right[1], "HIJ"))

    def wide(self, label: str, value: str) -> None:
        """A label (A-B) and a long value across the rest of the row (C-J), e.g. an SLA term or the notes."""
        index = self.row([label, None, value])
        self.ws.merge_cells(f"A{index}:B{index}")
        self.ws.merge_cells(f"C{index}:J{index}")
        self.style(index, "A", "C")
        self.ws.row_dimensions[index].height = row_height(value, "CDEFGHIJ")

    def style(self, index: int, labels: str, values: str) -> None:
        # Labels and values both at the top: a wrapped value grows its row downwards and its label stays beside
        # its first line (a bottom-aligned label read as belonging to the row below, in LibreOffice and Excel).
        for column in labels:
            self.ws[f"{column}{index}"].font = _LABEL
            self.ws[f"{column}{index}"].alignment = _WRAP
        for column in values:
            self.ws[f"{column}{index}"].font = _VALUE
            self.ws[f"{column}{index}"].alignment = _WRAP


def row_height(text: str, columns: str) -> float:
    """Points that show `text` wrapped in the merged `columns` (spreadsheets do not grow merged rows themselves).

    About 1.1 characters of 10 pt Calibri per unit of column width, rounded down to stay on the safe side;
    at most Excel's largest row (409 pt): longer text is still all in the cell, shown when the row is opened.
    """
    per_line = max(1, int(sum(WIDTHS[ord(c) - ord("A")] for c in columns) * 1.1))
    lines = sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))
    return min(LINE_HEIGHT * lines, MAX_ROW_HEIGHT)


def _header(out: _Writer, sheet: OrderSheet) -> None:
    o = sheet.order
    ws = out.ws
    out.row([f"Purchase order {o.number}"])
    ws.merge_cells("A1:J1")
    ws["A1"].font = _TITLE
    ws.row_dimensions[1].height = 24
    out.row([f"From {sheet.buyer} to {o.partner_name} ({o.partner_code}) · written {sheet.generated_on.isoformat()}"])
    ws.merge_cells("A2:J2")
    ws["A2"].font = _NOTE
    location = ", ".join(filter(None, (o.partner_city, o.partner_country)))
    sla = f"Version {o.sla_version_number}" if o.sla_version_number else "No agreed SLA"
    left = [("Buyer", sheet.buyer), ("Partner", f"{o.partner_name} ({o.partner_code})"), ("Partner location", location),
            ("Destination", o.destination_name), ("Destination type", label(o.destination_type.value)),
            ("Address", o.destination_address)]  # fmt: skip
    right = [("PO number", o.number), ("Order date", o.order_date.isoformat()),
             ("Requested delivery", o.requested_on.isoformat() if o.requested_on else "as soon as possible"),
             ("Shipping mode", label(o.shipping_mode.value)), ("Currency", o.currency), ("SLA", sla)]  # fmt: skip
    out.row([])
    for pair in zip(left, right, strict=True):
        out.pairs(*pair)
    for name, value in o.sla_terms[:6]:
        # "Quick reorders (experimental SKUs)" would run into its value; the sheet's lines say which SKUs.
        out.wide(name.split(" (")[0], value)
    if o.notes:
        out.wide("Notes", o.notes)
    out.row([])
    index = out.row(["Please fill in the yellow columns (confirmed quantity, ship date as YYYY-MM-DD, comment) "
                     "and send this file back unchanged otherwise. Enter 0 for a line you cannot make. "
                     "Ship date = the day the goods leave you (not the delivery date): we add the transit time "
                     "of the shipping mode and judge on-time delivery by arrival."])  # fmt: skip
    ws.merge_cells(f"A{index}:J{index}")
    ws[f"A{index}"].font = _NOTE
    ws[f"A{index}"].alignment = _WRAP
    ws.row_dimensions[index].height = 40


def _table_head(out: _Writer) -> int:
    """A band naming who fills which columns, then the column headers; returns the header row."""
    ws = out.ws
    band = out.row(["Ordered", None, None, None, None, None, None, "To be filled in by the partner"])
    ws.merge_cells(f"A{band}:{COL_TOTAL}{band}")
    ws.merge_cells(f"{COL_CONF_QTY}{band}:{COL_COMMENT}{band}")
    for column, fill in (("A", _HEAD_FILL), (COL_CONF_QTY, _INPUT_HEAD_FILL)):
        ws[f"{column}{band}"].font = _HEAD
        ws[f"{column}{band}"].fill = fill
        ws[f"{column}{band}"].alignment = Alignment(horizontal="center", vertical="center")
    index = out.row(list(COLUMNS))
    for number, cell in enumerate(ws[index]):
        cell.font = _HEAD
        cell.fill = _INPUT_HEAD_FILL if number >= 7 else _HEAD_FILL
        cell.border = _INPUT_EDGE_RULE if number == 7 else _RULE
        cell.alignment = Alignment(horizontal=_ALIGN[number], vertical="top", wrap_text=True)
    ws.row_dimensions[index].height = 28
    return index


def _line_values(line: OrderLineOut, index: int) -> list[Any]:
    total = f"={COL_QTY}{index}*{COL_PRICE}{index}" if line.unit_price is not None else None
    return [line.position, line.sku_code, line.sku_name, line.sku_unit, line.quantity, line.unit_price, total,
            line.confirmed_qty, line.confirmed_ship_on, line.partner_comment]  # fmt: skip


def _line_styles(ws: Any, currency: str) -> list[Any]:
    """One style per lines-table column, copied onto each cell: far cheaper than setting number format,
    fill, protection and alignment attribute by attribute on 5,000 rows."""
    money = _money_format(currency)
    formats = ("General", "General", "General", "General", "#,##0", money, money, "#,##0", _DATE, "General")
    styles = []
    for column, number_format in enumerate(formats):
        template = Cell(ws)
        template.number_format = number_format
        # Top-aligned, so a row grown by a wrapped comment still reads across.
        template.alignment = Alignment(horizontal=_ALIGN[column], vertical="top", wrap_text=column == 9)
        if column >= 7:
            template.fill = _INPUT_FILL
            template.protection = _OPEN
        if column == 7:
            template.border = Border(left=_INPUT_EDGE)
        styles.append(template._style)
    return styles


def _lines(out: _Writer, sheet: OrderSheet, first: int) -> int:
    ws = out.ws
    every = list(enumerate(_line_styles(ws, sheet.order.currency)))
    # Plain text columns keep the default style unless a grown row needs them top-aligned.
    styles = [(column, style) for column, style in every if column not in (1, 2, 3)]
    cells = ws._cells  # appended cells are looked up by (row, column); ws[row] would scan the whole sheet
    for index, line in enumerate(sheet.order.lines, start=first):
        values = _line_values(line, index)
        # The formula is ours; only the person-typed values go through safe_cell.
        ws.append([*(safe_cell(ws, v) for v in values[:6]), values[6], *(safe_cell(ws, v) for v in values[7:])])
        for column, style in styles:
            cells[(index, column + 1)]._style = copy(style)
        if len(line.partner_comment) > COMMENT_CHARS_PER_LINE:
            # Spreadsheets do not grow a row for wrapped text written by a program; size it for the comment.
            lines = min(-(-len(line.partner_comment) // COMMENT_CHARS_PER_LINE), 10)
            ws.row_dimensions[index].height = 13.5 * lines
            for column, style in every[1:4]:
                cells[(index, column + 1)]._style = copy(style)
    return first + len(sheet.order.lines) - 1


def _total(out: _Writer, sheet: OrderSheet, first: int, last: int) -> int:
    ws = out.ws
    formula = f"=SUM({COL_TOTAL}{first}:{COL_TOTAL}{last})" if last >= first else 0
    index = out.row([TOTAL_LABEL])
    ws[f"{COL_TOTAL}{index}"] = formula
    ws[f"{COL_QTY}{index}"] = f"=SUM({COL_QTY}{first}:{COL_QTY}{last})" if last >= first else 0
    ws[f"{COL_CONF_QTY}{index}"] = f"=SUM({COL_CONF_QTY}{first}:{COL_CONF_QTY}{last})" if last >= first else 0
    for column in "ABCDEFGHIJ":
        cell = ws[f"{column}{index}"]
        cell.font = _HEAD
        cell.border = _TOP_RULE
    ws[f"{COL_TOTAL}{index}"].number_format = _money_format(sheet.order.currency)
    ws[f"{COL_QTY}{index}"].number_format = "#,##0"
    ws[f"{COL_CONF_QTY}{index}"].number_format = "#,##0"
    unpriced = sheet.order.unpriced
    if unpriced:
        note = out.row(
            [
                f"{counted(unpriced, 'line')} {plural(unpriced, 'has', 'have')} no agreed price yet; the total leaves {plural(unpriced, 'it', 'them')} out."
            ]
        )
        ws[f"A{note}"].font = _NOTE
    return index


def _validation(ws: Any, first: int, last: int, order_date: dt.date) -> None:
    if last < first:
        return
    qty = DataValidation(type="whole", operator="between", formula1="0", formula2="10000000", allow_blank=True)
    qty.error, qty.errorTitle = "Enter a whole number of units, 0 or more.", "Confirmed quantity"
    start = (order_date - dt.date(1899, 12, 30)).days
    ship = DataValidation(type="date", operator="between", formula1=str(start), formula2=str(start + 3 * 366))
    ship.allow_blank = True
    ship.error, ship.errorTitle = f"Enter a date on or after {order_date} as YYYY-MM-DD.", "Ship date"
    comment = DataValidation(type="textLength", operator="lessThanOrEqual", formula1=str(MAX_COMMENT))
    comment.allow_blank = True
    comment.error, comment.errorTitle = f"Keep the comment under {MAX_COMMENT} characters.", "Comment"
    for rule, column in ((qty, COL_CONF_QTY), (ship, COL_SHIP), (comment, COL_COMMENT)):
        rule.showErrorMessage = True
        rule.add(f"{column}{first}:{column}{last}")
        ws.add_data_validation(rule)


def _page_setup(ws: Any, sheet: OrderSheet, head: int) -> None:
    for column, width in zip("ABCDEFGHIJ", WIDTHS, strict=True):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = f"A{head + 1}"
    ws.sheet_view.showGridLines = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{head - 1}:{head}"  # the band and the headers on every printed page
    ws.print_area = f"A1:J{ws.max_row}"
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddFooter.left.text = f"{sheet.order.number}"
    ws.oddFooter.right.text = "Page &P of &N"
    # Locked without a password: the layout survives the round trip, and anyone can still unlock it knowingly.
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _identity(workbook: Workbook, sheet: OrderSheet, first: int) -> None:
    ws = workbook.create_sheet(ID_SHEET)
    o = sheet.order
    for value in (ID_MARK, o.uuid, o.number, sheet.fingerprint, len(o.lines), first):
        ws.append([value])
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


def build_order_workbook(sheet: OrderSheet) -> Workbook:
    """The order sheet as an in-memory workbook."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = SHEET_TITLE
    out = _Writer(ws)
    _header(out, sheet)
    head = _table_head(out)
    last = _lines(out, sheet, head + 1)
    _total(out, sheet, head + 1, last)
    _validation(ws, head + 1, last, sheet.order.order_date)
    _page_setup(ws, sheet, head)
    _identity(workbook, sheet, head + 1)
    workbook.security = WorkbookProtection(lockStructure=True)
    return workbook


def write_order_sheet(sheet: OrderSheet, path: Path) -> Path:
    """Write the order sheet, replacing `path` only once it is complete."""
    workbook = build_order_workbook(sheet)
    with atomic_output(Path(path)) as tmp:
        workbook.save(tmp)
    return Path(path)
