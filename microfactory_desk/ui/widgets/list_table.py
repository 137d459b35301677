"""The list table every page shares: whole-row selection, useful column widths, sort arrows that read right."""

from __future__ import annotations

import re
from collections.abc import Iterable

import shiboken6
from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt

# QStyleOptionViewItem at import, not for type checking only: PySide6 6.11 building the class lazily inside the
# delegate's first call crashed when a table was torn down (tests/ui/test_tables.py).
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from microfactory_desk.ui import tasks

# "Name (CODE)" as the lists show a partner: the code in brackets at the end is what a person looks for.
_TRAILING_CODE = re.compile(r"^(.+) (\([^()]+\))$", re.DOTALL)
_CELL_MARGIN = 8  # px the style keeps between a cell's text and its borders (both sides together)


class KeepCodeDelegate(QStyledItemDelegate):
    """Cuts a long "Name (CODE)" cell inside the name, so the bracketed code at its end stays whole.

    Qt cuts text at its end: "Detroit Foundry Atelier (U…" hid the very code that tells two partners of one
    name apart (seen on the Orders page at 1366x768). Other cells are drawn as Qt draws them.
    """

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        """Qt's option for the cell, its text cut in the name part when the whole does not fit."""
        super().initStyleOption(option, index)
        text = option.text
        found = _TRAILING_CODE.match(text) if text else None
        if found is None:
            return
        metrics = option.fontMetrics
        room = option.rect.width() - _CELL_MARGIN
        if metrics.horizontalAdvance(text) <= room:
            return
        name, code = found.groups()
        tail = f" {code}"
        left = room - metrics.horizontalAdvance(tail)
        if left < metrics.horizontalAdvance("M…"):
            return  # too narrow for any of the name: Qt's own cut
        option.text = metrics.elidedText(name, Qt.TextElideMode.ElideRight, left) + tail


class _SpareWidth(QObject):
    """Gives the table's spare width to its stretch columns, never shrinking any column below its set width.

    QHeaderView's Stretch mode squeezes a name column to nothing on a narrow window and stretch-last-section
    made an 800 px "Total" while names were cut; here every column keeps its useful width and only the text
    columns that profit (names, destinations) grow.
    """

    def __init__(self, table: QTableView, widths: dict[int, int], stretch: tuple[int, ...]) -> None:
        super().__init__(table)
        self._table, self._widths, self._stretch = table, dict(widths), stretch
        # The header spans the viewport's width (QTableView lays it out so) and, unlike the viewport, PySide6 has
        # already seen it: naming the viewport, a bare QWidget made by Qt, makes PySide6 load every QWidget
        # subclass to find its type (15-20 ms before the first paint of every list page).
        table.horizontalHeader().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Re-share the spare width when the header (the viewport's width) is resized."""
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        """Set the stretch columns to their width plus an even share of what the others leave."""
        table, header = self._table, self._table.horizontalHeader()
        shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        fixed = sum(header.sectionSize(c) for c in shown if c not in self._stretch)
        wanted = [c for c in self._stretch if c in shown]
        if not wanted:
            return
        base = sum(self._widths.get(c, header.defaultSectionSize()) for c in wanted)
        spare = max(0, header.width() - fixed - base)
        for column in wanted:
            table.setColumnWidth(column, self._widths.get(column, header.defaultSectionSize()) + spare // len(wanted))


class _ArrowsAfterPaint(QObject):
    """Gives a header the reading-order sort arrows (ui.widgets.sort_arrows) once the window has painted, at once
    when it already has; until then the header shows no arrow rather than Qt's, the wrong way round."""

    def __init__(self, header: QHeaderView) -> None:
        super().__init__(header)
        self._header = header
        self._hidden = False
        header.installEventFilter(self)
        tasks.after_first_paint(self.install)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """When the header is first shown (its page set its sort by then), hide its arrow until install()."""
        if event.type() == QEvent.Type.Show and self._header.isSortIndicatorShown():
            self._header.setSortIndicatorShown(False)
            self._hidden = True
        return False

    def install(self) -> None:
        """Put in the arrows' style, and the arrow back if it was hidden (nothing once the table is gone)."""
        header = self._header
        if not shiboken6.isValid(header):
            return
        header.removeEventFilter(self)
        from microfactory_desk.ui.widgets import sort_arrows

        sort_arrows.install(header)
        if self._hidden:
            header.setSortIndicatorShown(True)


class _SelectOnFocus(QObject):
    """Tab into a list selects its current row when nothing is selected.

    Qt gives the list a current row on focus but selects nothing, and arrow keys cannot move off the only row
    of a one-row list: the page's buttons (Open, Send…) stayed disabled for a person on the keyboard.
    """

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self._table = table
        table.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Select the current (or first) row once the list has focus."""
        if event.type() == QEvent.Type.FocusIn:
            table, model = self._table, self._table.model()
            selection = table.selectionModel()
            if model is not None and model.rowCount() and selection is not None and not selection.hasSelection():
                current = table.currentIndex()
                table.selectRow(current.row() if current.isValid() else 0)
        return False


def select_row_on_focus(table: QTableView) -> None:
    """Make Tab into `table` select its current (or first) row when nothing is selected."""
    table.select_on_focus = _SelectOnFocus(table)  # type: ignore[attr-defined]


def keep_codes(table: QTableView, codes: Iterable[int] | None = None) -> None:
    """Cut a long "Name (CODE)" in the `codes` columns (by default the model's CODE_COLUMNS) inside the name, so
    the code stays whole (KeepCodeDelegate)."""
    columns = tuple(getattr(table.model(), "CODE_COLUMNS", ()) if codes is None else codes)
    if columns:
        delegate = KeepCodeDelegate(table)  # the table owns it
        for column in columns:
            table.setItemDelegateForColumn(column, delegate)


def setup_columns(
    table: QTableView,
    widths: dict[int, int],
    *,
    stretch: int | Iterable[int] = (),
    codes: Iterable[int] | None = None,
    sort_arrows: bool = True,
) -> None:
    """Size `table`'s columns: each at its width from `widths`, the `stretch` columns taking the spare width.

    The last column is never stretched on its own; headers show sort arrows the right way round. The `codes`
    columns show a partner as "Name (CODE)" and keep the code whole when cut (KeepCodeDelegate); by default
    those the model names in its CODE_COLUMNS. Only they: the delegate's Python runs for every cell it draws
    (1.5-2 ms of a list's first paint over all its columns).
    """
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    header.setHighlightSections(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    keep_codes(table, codes)
    for column, width in widths.items():
        table.setColumnWidth(column, width)
    columns = (stretch,) if isinstance(stretch, int) else tuple(stretch)
    if columns:
        table.spare_width = _SpareWidth(table, widths, columns)  # type: ignore[attr-defined]
    if sort_arrows:
        header.sort_arrows = _ArrowsAfterPaint(header)  # type: ignore[attr-defined]


def list_table(
    model: QAbstractItemModel,
    widths: dict[int, int],
    parent: QWidget | None = None,
    *,
    stretch: int | Iterable[int] = (),
    codes: Iterable[int] | None = None,
) -> QTableView:
    """A table view over `model`: one row selected at a time, not editable, columns sized once (never to contents).

    Columns keep their `widths` (px); the `stretch` columns (names, destinations) take the spare width; the
    `codes` columns keep a partner's code whole (see setup_columns).
    """
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab leaves a read-only list (cell by cell it would trap the keyboard)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(28)
    setup_columns(table, widths, stretch=stretch, codes=codes)
    select_row_on_focus(table)
    return table
