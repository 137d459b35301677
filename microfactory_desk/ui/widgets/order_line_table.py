"""The order editor's line table: columns that fit the dialog's width, so an order never scrolls sideways."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from microfactory_desk.ui.table_models.order_lines_model import (
    COL_CONFIRMED,
    COL_NAME,
    COL_NOTES,
    COL_OVERRIDE,
    COL_PRICE,
    COL_QTY,
    COL_REASON,
    COL_SKU,
    COL_TIER,
    COL_TOTAL,
    COL_WARNINGS,
    OrderLinesModel,
)

# Widths (px) the columns get when there is room; in a narrower dialog they shrink in proportion, never below
# their heading. Warnings, shown last, takes what is left.
WIDTHS = {COL_SKU: 110, COL_NAME: 170, COL_QTY: 70, COL_PRICE: 90, COL_TIER: 170, COL_TOTAL: 100}
WIDTHS |= {COL_OVERRIDE: 100, COL_REASON: 130, COL_NOTES: 120, COL_CONFIRMED: 110}
LAST_MIN = 120  # px the Warnings column keeps when the others shrink
ROW_HEIGHT = 26  # px
# Lines always in view (when the order has them): a sent order's deliveries list below otherwise took the height and
# left 2 of 4 lines in view on a 720-pixel screen.
ROWS_IN_VIEW = 5
_HEADING_PADDING = 18  # px around a heading's text (margins and the sort arrow's gap)


class _FitColumns(QObject):
    """Re-fits the columns whenever the table is resized (the dialog opens, is resized, or a column hides)."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self._table = table
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Fit the columns to the viewport's new width."""
        if event.type() == QEvent.Type.Resize:
            fit_columns(self._table)
        return False


def fit_columns(table: QTableView) -> None:
    """Size the shown columns to the viewport: each at its WIDTHS width, scaled down together when they would
    not fit (never narrower than its heading), the last shown column stretching over the rest."""
    header = table.horizontalHeader()
    shown = [
        header.logicalIndex(v) for v in range(header.count()) if not header.isSectionHidden(header.logicalIndex(v))
    ]
    if not shown:
        return
    sized = shown[:-1]  # the last shown one stretches
    metrics = header.fontMetrics()
    model = table.model()

    def heading(column: int) -> int:
        return metrics.horizontalAdvance(str(model.headerData(column, header.orientation()))) + _HEADING_PADDING

    wanted = {c: max(WIDTHS.get(c, header.defaultSectionSize()), heading(c)) for c in sized}
    for column, width in shrunk_to_fit(wanted, {c: heading(c) for c in sized}, table.viewport().width() - LAST_MIN):
        table.setColumnWidth(column, width)


def shrunk_to_fit(wanted: dict[int, int], least: dict[int, int], room: int) -> list[tuple[int, int]]:
    """(column, px) pairs summing to at most `room` px where the `least` widths allow it.

    Columns shrink in proportion to their `wanted` width; one that would go below its `least` width stays
    there and the others share what is left. (Scaling all together and clamping afterwards overran the room
    by the clamped columns' excess: 2 px of sideways scrolling at 1366x768 with DejaVu Sans headings.)
    """
    held: dict[int, int] = {}
    free = dict(wanted)
    scale = 1.0
    while free:
        total = sum(free.values())
        scale = min(1.0, max(0, room - sum(held.values())) / total)
        below = {c: least[c] for c, w in free.items() if w * scale < least[c]}
        if not below:
            break
        held |= below
        free = {c: w for c, w in free.items() if c not in below}
    return [(c, held[c] if c in held else int(free[c] * scale)) for c in wanted]


def order_line_table(lines: OrderLinesModel) -> QTableView:
    """The line table over `lines`: rows selected whole, columns fitted to the width, Warnings last and stretching."""
    table = QTableView()
    table.setModel(lines)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    columns = table.horizontalHeader()
    columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    columns.setStretchLastSection(True)
    columns.setMinimumSectionSize(40)
    # What is typed (override price and reason) sits right after the price it changes; the long warnings text
    # goes last, where it takes the spare width.
    columns.moveSection(columns.visualIndex(COL_WARNINGS), columns.count() - 1)
    table.fit_columns = _FitColumns(table)  # type: ignore[attr-defined]
    fit_columns(table)
    for changed in (lines.modelReset, lines.rowsInserted, lines.rowsRemoved):
        changed.connect(lambda *_args: keep_rows_in_view(table))
    return table


def keep_rows_in_view(table: QTableView) -> None:
    """Make the table at least tall enough for its first ROWS_IN_VIEW lines (px from the header and row heights)."""
    rows = min(table.model().rowCount(), ROWS_IN_VIEW)
    header = table.horizontalHeader().sizeHint().height()
    table.setMinimumHeight(header + rows * ROW_HEIGHT + 2 * table.frameWidth() if rows else 0)
