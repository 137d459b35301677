"""The SLA term sheet as an A4 PDF (terms on page one, clauses after) or a printable one-sheet workbook."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepInFrame, Table, TableStyle
from reportlab.platypus.flowables import Flowable, Spacer

from microfactory_desk.exports import pdf
from microfactory_desk.exports.atomic import atomic_output
from microfactory_desk.exports.pdf import grid, para, style, write_pdf
from microfactory_desk.exports.xlsx import safe_cell
from microfactory_desk.schemas.term_sheet import TermSheet, TierRow

WARNING_INK = colors.HexColor("#9a3412")
WARNING_FILL = colors.HexColor("#fff1e6")
# The frame SimpleDocTemplate gives the story: page minus margins (16 + 18 mm) minus 6 pt padding per side.
FRAME_WIDTH = pdf.CONTENT_WIDTH - 12
FRAME_HEIGHT = A4[1] - 34 * mm - 12
NO_TERMS, NO_TIERS = "This version sets no service-level terms.", "This version has no price tiers."
# Beyond this many price breaks the tier table is laid out in two columns side by side.
TIERS_PER_COLUMN = 16

NAME = style("partner-name", fontName=pdf.FONT_BOLD, fontSize=12.5, leading=16)
TERM = style("term", fontName=pdf.FONT_BOLD, fontSize=9, leading=12.5, textColor=pdf.MUTED)
MARKER = style("marker", fontName=pdf.FONT_BOLD, fontSize=11, leading=14, textColor=WARNING_INK)
SUBTITLE = style("subtitle", fontSize=9, leading=12, textColor=pdf.MUTED, spaceAfter=6)
LABEL_RIGHT = ParagraphStyle("label-right", parent=pdf.LABEL, alignment=TA_RIGHT)
CLAUSE = style("clause", spaceAfter=3)


def _used_height(flowables: list[Flowable], width: float) -> float:
    """The height the flowables take at `width` (spaces counted in full, so on the safe side)."""
    return sum(f.wrap(width, 1e6)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)


def _table(cells: list[list[Any]], widths: list[float], *extra: tuple[Any, ...], pad: float = 6) -> Table:
    every = ((0, 0), (-1, -1))
    table = Table(cells, colWidths=widths, splitInRow=1)
    padding = [(f"{side}PADDING", *every, pad) for side in ("TOP", "BOTTOM", "LEFT", "RIGHT")]
    table.setStyle(TableStyle([("VALIGN", *every, "TOP"), *padding, *extra]))
    return table


def _box(cells: list[list[Any]], widths: list[float], fill: Any, border: Any) -> Table:
    return _table(cells, widths, ("BACKGROUND", (0, 0), (-1, -1), fill), ("BOX", (0, 0), (-1, -1), 0.6, border))


def _header_block(sheet: TermSheet, width: float) -> Table:
    """Partner on the left, the agreement (version, status, validity) on the right."""
    v = sheet.version
    agreed = f"Agreed on {v.agreed_at.date()}" if v.agreed_at is not None else ""
    left = [para("PARTNER", pdf.LABEL), para(sheet.partner_name, NAME)]
    left += [para(text) for text in (f"Code {sheet.partner_code}", sheet.location) if text]
    right = [para("AGREEMENT", pdf.LABEL), para(f"SLA version {v.number}", NAME)]
    right += [para(text) for text in (f"Status: {sheet.status_label}", f"Validity: {sheet.validity}", agreed) if text]
    return _box([[left, right]], [width / 2] * 2, pdf.SHADE, pdf.RULE)


def _tiers(tiers: list[TierRow], width: float, split: bool = True) -> Flowable:
    """The price breaks; a long list in two columns side by side."""
    if split and len(tiers) > TIERS_PER_COLUMN:
        half, column = math.ceil(len(tiers) / 2), width / 2 - 6
        pair = [[_tiers(tiers[:half], column, False), _tiers(tiers[half:], column, False)]]
        return _table(pair, [column + 12, column], pad=0)
    head = [para("Applies to", pdf.LABEL), para("From qty", LABEL_RIGHT), para("Unit price", LABEL_RIGHT)]
    rows = [[para(t.scope), para(str(t.min_qty), pdf.RIGHT), para(t.price_text, pdf.RIGHT)] for t in tiers]
    return grid([head, *rows], [width * 0.5, width * 0.22, width * 0.28])


def _head(sheet: TermSheet, width: float) -> list[Flowable]:
    """Everything but the clauses, laid out for `width`."""
    story = [
        para(sheet.title, pdf.TITLE),
        para(f"{sheet.partner_name} · SLA version {sheet.version.number}", SUBTITLE, rtl=False),
    ]
    if sheet.marker:
        story += [_box([[para(sheet.marker, MARKER)]], [width], WARNING_FILL, WARNING_INK), Spacer(1, 8)]
    story += [_header_block(sheet, width), para("Terms", pdf.HEADING)]
    terms = [[para(name, TERM), para(value)] for name, value in sheet.terms]
    no_terms, no_tiers = para(NO_TERMS, pdf.SMALL), para(NO_TIERS, pdf.SMALL)
    story.append(grid(terms, [0.36 * width, 0.64 * width], header=False) if terms else no_terms)
    story += [para("Price tiers", pdf.HEADING), _tiers(sheet.tiers, width) if sheet.tiers else no_tiers]
    return story


def _clauses(text: str) -> list[Flowable]:
    """Every clause line as its own paragraph: long clauses flow on to further pages, nothing is cut."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return [para("Clauses", pdf.HEADING), *(para(line, CLAUSE) for line in lines)] if lines else []


def _pdf_story(sheet: TermSheet) -> list[Flowable]:
    # The terms and tiers fill page one; the clauses follow and take the pages they need. Only scores of price
    # breaks overflow page one: then it is laid out wider and KeepInFrame scales it down to fit (fakeWidth=False
    # makes it scale by that width). Person text that long (a 20,000-character name or fallback clause) is not
    # shrunk to an unreadable size: it flows over pages instead.
    story = _head(sheet, FRAME_WIDTH)
    long_text = max([len(sheet.partner_name), len(sheet.location), *(len(v) for _, v in sheet.terms)]) > 1000
    if long_text or _used_height(story, FRAME_WIDTH) <= FRAME_HEIGHT:
        return [*story, *_clauses(sheet.clauses)]
    scale = 1.0
    while _used_height(story, FRAME_WIDTH * scale) > FRAME_HEIGHT * scale and scale < 4:
        scale *= 1.1
        story = _head(sheet, FRAME_WIDTH * scale)
    return [KeepInFrame(FRAME_WIDTH, FRAME_HEIGHT, story, mode="shrink", fakeWidth=False), *_clauses(sheet.clauses)]


def write_term_sheet_pdf(sheet: TermSheet, path: Path) -> Path:
    """Write the term sheet as one A4 page, replacing `path` only once it is complete."""
    return write_pdf(Path(path), lambda: _pdf_story(sheet), title=sheet.title, footer=sheet.footer)


# --- Excel -------------------------------------------------------------------------------------------

WIDTHS = {"A": 34.0, "B": 16.0, "C": 18.0, "D": 30.0}
_WRAP = Alignment(wrap_text=True, vertical="top")


def _font(**details: Any) -> Font:
    # Named explicitly: a style font without a name prints in the viewer's fallback (often a serif).
    return Font(name="Calibri", **{"size": 11, **details})


_BOLD = _font(bold=True)
_LABEL = _font(bold=True, color="5B6673")
_SECTION = _font(bold=True, size=12, color="2F6F5E")
_SECTION_RULE = Border(bottom=Side(style="thin", color="2F6F5E"))
_HEAD_FILL = PatternFill("solid", fgColor="F1F3F5")
_LINE_HEIGHT = 15.0


def _height(text: str, merge: str) -> float:
    """A row height that shows wrapped text whole (spreadsheets do not grow merged rows by themselves)."""
    columns = "ABCD"[ord(merge[0]) - ord("A") : ord(merge[1]) - ord("A") + 1]
    # ~1.1 characters per width unit for proportional text; rounded down to stay on the safe side.
    per_line = max(1, int(sum(WIDTHS[c] for c in columns) * 1.1))
    lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
    return min(lines * _LINE_HEIGHT, 409.0)  # Excel's tallest row; the rest of a longer text is in the cell


class _SheetWriter:
    """Appends rows to the term-sheet worksheet; every value goes through safe_cell."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws

    def row(self, *values: Any, merge: str = "", font: Font | None = None, height_of: str = "") -> int:
        self.ws.append([safe_cell(self.ws, value) for value in values])
        index = int(self.ws.max_row)
        for cell in self.ws[index]:
            cell.alignment = _WRAP
            if font is not None:
                cell.font = font
        if merge:
            self.ws.merge_cells(f"{merge[0]}{index}:{merge[1]}{index}")
        if height_of:
            self.ws.row_dimensions[index].height = _height(height_of, merge or "AA")
        return index

    def pair(self, label: str, value: str) -> None:
        index = self.row(label, value, merge="BD", height_of=value)
        self.ws.cell(index, 1).font = _LABEL

    def section(self, title: str) -> None:
        self.ws.append([])
        index = self.row(title, merge="AD", font=_SECTION)
        self.ws.cell(index, 1).border = _SECTION_RULE
        self.ws.row_dimensions[index].height = 20


def _page_setup(ws: Any, sheet: TermSheet) -> None:
    for column, width in WIDTHS.items():
        ws.column_dimensions[column].width = width
    ws.sheet_view.showGridLines = False
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = "9"  # A4
    # One page wide, as tall as the clauses need; the sheet is meant to be printed and handed over.
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.print_area = f"A1:D{ws.max_row}"
    ws.oddFooter.left.text = f"Generated on {sheet.generated_on.isoformat()} · Microfactory Desk"
    ws.oddFooter.right.text = "Page &P of &N"


def write_term_sheet_xlsx(sheet: TermSheet, path: Path) -> Path:
    """Write the term sheet to one printable worksheet, replacing `path` only once it is complete."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Term sheet"
    out = _SheetWriter(ws)
    out.row(sheet.title, merge="AD", font=_font(bold=True, size=16))
    ws.row_dimensions[1].height = 24
    if sheet.marker:
        out.row(sheet.marker, merge="AD", font=_font(bold=True, size=12, color="9A3412"))
        ws.cell(ws.max_row, 1).fill = PatternFill("solid", fgColor="FFF1E6")
    v = sheet.version
    agreed = v.agreed_at.date().isoformat() if v.agreed_at is not None else ""
    blocks = {
        "Partner": [("Name", sheet.partner_name), ("Code", sheet.partner_code), ("Location", sheet.location)],
        "Agreement": [("SLA version", str(v.number)), ("Status", sheet.status_label), ("Validity", sheet.validity)]
        + [("Agreed on", agreed)],
        "Terms": sheet.terms or [("", NO_TERMS)],
    }
    for title, pairs in blocks.items():
        out.section(title)
        for name, value in pairs:
            if value:
                out.pair(name, value)

    out.section("Price tiers")
    if sheet.tiers:
        head = out.row("Applies to", "From quantity", "Unit price", font=_BOLD)
        for number, cell in enumerate(ws[head][:3]):
            cell.fill = _HEAD_FILL
            cell.alignment = Alignment(horizontal="right" if number else "left", vertical="top")
        for tier in sheet.tiers:
            index = out.row(tier.scope, tier.min_qty, tier.unit_price)
            # The currency code is validated (three capital letters), so it is safe inside the format.
            ws.cell(index, 2).number_format = "#,##0"
            ws.cell(index, 3).number_format = f'#,##0.00## "{tier.currency}"'
    else:
        out.row(NO_TIERS, merge="AD")

    if sheet.clauses.strip():
        out.section("Clauses")
        for line in (line for line in sheet.clauses.strip().splitlines() if line.strip()):
            out.row(line, merge="AD", height_of=line)  # safe_cell cuts a line past a cell's limit, marked
    ws.append([])
    generated = f"Generated on {sheet.generated_on.isoformat()} by Microfactory Desk"
    out.row(generated, merge="AD", font=_font(italic=True, color="5B6673"))
    _page_setup(ws, sheet)
    with atomic_output(Path(path)) as tmp:
        workbook.save(tmp)
    return Path(path)
