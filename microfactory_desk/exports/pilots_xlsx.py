"""Write pilots to Excel: one sheet per status, counts as values and the derived figures as live formulas."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from microfactory_desk.exports.atomic import atomic_output
from microfactory_desk.exports.xlsx import column_widths, safe_cell, start_sheet
from microfactory_desk.schemas.pilot_rows import NO_DATA, PilotRow

DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0.00"
SHEETS = (
    ("planned", "Planned"),
    ("running", "Running"),
    ("awaiting_decision", "Awaiting decision"),
    ("decided", "Decided"),
)
# (header, value of a pilot) for the stored columns, A to T.
VALUES: tuple[tuple[str, Callable[[PilotRow], Any]], ...] = (
    ("Pilot", lambda p: p.number),
    ("SKU", lambda p: p.sku_code),
    ("SKU name", lambda p: p.sku_name),
    ("Partner code", lambda p: p.partner_code),
    ("Partner", lambda p: p.partner_name),
    ("Market", lambda p: p.market_name),
    ("Region", lambda p: p.market_region),
    ("Kind", lambda p: p.market_kind.replace("_", " ")),
    ("Starts", lambda p: p.starts_on),  # I
    ("Ends", lambda p: p.ends_on),
    ("Planned", lambda p: p.units_planned),
    ("Made", lambda p: p.units_made),
    ("Shipped", lambda p: p.units_shipped),  # M
    ("Sold", lambda p: p.units_sold),  # N
    ("Returned", lambda p: p.units_returned),  # O
    ("Sold out on", lambda p: p.sold_out_on),  # P
    ("Price", lambda p: p.price),  # Q
    ("Currency", lambda p: p.currency),
    ("Ratings", lambda p: p.ratings),  # S
    ("Rating sum", lambda p: p.rating_sum),  # T
)
# (header, formula with {r} for the row, number format) for the derived columns, U to Y.
FORMULAS = (
    ("Sell-through", f'=IF(M{{r}}>0,N{{r}}/M{{r}},"{NO_DATA}")', "0.0%"),
    ("Return rate", f'=IF(N{{r}}>0,O{{r}}/N{{r}},"{NO_DATA}")', "0.0%"),
    ("Average rating", f'=IF(S{{r}}>0,T{{r}}/S{{r}},"{NO_DATA}")', "0.0"),
    ("Days to sell out", f'=IF(AND(ISNUMBER(P{{r}}),ISNUMBER(I{{r}})),P{{r}}-I{{r}},"{NO_DATA}")', "0"),
    ("Net revenue", f'=IF(ISNUMBER(Q{{r}}),Q{{r}}*(N{{r}}-O{{r}}),"{NO_DATA}")', MONEY_FORMAT),
)
# After the formulas, Z to AB.
DECISION: tuple[tuple[str, Callable[[PilotRow], Any]], ...] = (
    ("Decision", lambda p: (p.decision or "").replace("_", " ")),
    ("Reason", lambda p: p.decision_reason),
    ("Decided on", lambda p: p.decided_on),
)
HEADERS = [h for h, _ in VALUES] + [h for h, _, _ in FORMULAS] + [h for h, _ in DECISION]


def _value(ws: Any, value: Any) -> Any:
    """A stored value: dates and prices formatted, person text through safe_cell."""
    if isinstance(value, dt.date | Decimal):
        cell = WriteOnlyCell(ws, value)
        cell.number_format = DATE_FORMAT if isinstance(value, dt.date) else MONEY_FORMAT
        return cell
    return safe_cell(ws, value)


def _row(ws: Any, pilot: PilotRow, r: int) -> list[Any]:
    cells = [_value(ws, get(pilot)) for _, get in VALUES]
    for _, formula, number_format in FORMULAS:
        cell = WriteOnlyCell(ws, formula.format(r=r))  # ours, never person text: a real formula
        cell.number_format = number_format
        cells.append(cell)
    return cells + [_value(ws, get(pilot)) for _, get in DECISION]


def write_pilots_xlsx(pilots: Sequence[PilotRow], path: Path) -> Path:
    """Write one sheet per pilot status (every sheet present, maybe empty) and move it into place."""
    workbook = Workbook(write_only=True)
    for status, title in SHEETS:
        rows = [p for p in pilots if p.status == status]
        ws = workbook.create_sheet(title)
        sample = [[str(get(p) or "") for _, get in VALUES] for p in rows[:200]]
        widths = column_widths(HEADERS, sample)
        widths[len(VALUES) : len(VALUES) + len(FORMULAS)] = [14.0] * len(FORMULAS)
        start_sheet(ws, HEADERS, widths)
        for r, pilot in enumerate(rows, start=2):
            ws.append(_row(ws, pilot, r))
    with atomic_output(Path(path)) as tmp:
        workbook.save(tmp)
    return Path(path)
