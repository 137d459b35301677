"""The roster table: pages of partners fetched from SQL as the view scrolls."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal

from microfactory_desk.schemas.roster_rows import PartnerRow, RosterPage, RosterQuery
from microfactory_desk.schemas.vocab import label
from microfactory_desk.ui import theme
from microfactory_desk.ui.table_models.cached_rows_model import CachedRowsModel, per_column
from microfactory_desk.ui.table_models.index import Index
from microfactory_desk.ui.tasks import LatestOnly, first_read_inline, run_task

COL_CODE, COL_NAME, COL_KIND, COL_STAGE, COL_REGION, COL_CITY, COL_COUNTRY, COL_PROCESSES = range(8)
COL_CAPACITY, COL_RISK, COL_TAGS = range(8, 11)
HEADERS = (
    "Code",
    "Name",
    "Kind",
    "Stage",
    "Region",
    "City",
    "Country",
    "Processes",
    "Capacity / week",
    "Risk",
    "Tags",
)
# The SQL column each table column sorts by; None where sorting makes no sense.
SORT_KEYS: tuple[str | None, ...] = (
    "code",
    "name",
    "kind",
    "stage",
    "region",
    "city",
    "country",
    None,
    "weekly_capacity",
    None,
    None,
)
IdRole = Qt.ItemDataRole.UserRole + 1  # UserRole itself is the SortRole of every cached-rows model
TOOLTIP_COLUMNS = (COL_NAME, COL_PROCESSES, COL_TAGS)


def _display(row: PartnerRow) -> tuple[str, ...]:
    capacity = f"{row.weekly_capacity:,}" if row.weekly_capacity is not None else ""
    return (
        row.code,
        row.name,
        label(row.kind),
        label(row.stage),
        row.region,
        row.city,
        row.country,
        row.processes,
        capacity,
        label(row.risk_level),
        row.tags,
    )


class RosterTableModel(CachedRowsModel[PartnerRow]):
    """Rows are cached as they arrive so data() is a lookup; more pages load on scroll; SQL sorts."""

    counts_changed = Signal(int, int)

    def __init__(self, loader: Callable[[RosterQuery], RosterPage], page_size: int = 200) -> None:
        super().__init__(HEADERS, _display, right_aligned=(COL_CAPACITY,))
        self._loader = loader
        self._query = RosterQuery(limit=page_size)
        self.matching = 0
        self.total = 0
        # Every page is read on a worker (on a team server a query is a network round trip): the newest
        # first-page load wins, and one next-page load runs at a time.
        self._first_pages = LatestOnly()
        self._shown_once = False
        self._loading = False
        self._fetching = False
        self.capped = False  # `matching` is a lower bound: a broad search stopped counting

    # --- queries --------------------------------------------------------------------------
    @property
    def query(self) -> RosterQuery:
        """The filter and sort currently shown."""
        return self._query

    def set_query(self, query: RosterQuery) -> None:
        """Show the first page for a new filter or sort."""
        self._query = query
        self.reload()

    def set_loader(self, loader: Callable[[RosterQuery], RosterPage]) -> None:
        """Read pages from another source (call reload() next)."""
        self._loader = loader

    def reload(self) -> None:
        """Fetch the first page again (after an edit, import or filter change), off the GUI thread.

        The rows and `counts_changed` arrive when the worker answers; an older load answering later is dropped.
        """
        query, loader = replace(self._query, offset=0), self._loader
        if not self._shown_once and first_read_inline():
            # A local file's first rows paint with the window (see tasks.first_read_inline); later loads go off-thread.
            self._show_first(loader(query))
            return
        self._loading = True
        self._first_pages.run(lambda: loader(query), self._show_first, self._load_failed)

    @property
    def loading(self) -> bool:
        """True while a first page is being read (its rows and counts are not shown yet)."""
        return self._loading

    def _show_first(self, page: RosterPage) -> None:
        self._loading = self._fetching = False
        self._shown_once = True
        self.matching, self.total, self.capped = page.matching, page.total, page.capped
        self.set_rows(page.rows)
        self.counts_changed.emit(self.matching, self.total)

    def _load_failed(self, exc: BaseException) -> None:
        self._loading = self._fetching = False
        from microfactory_desk.ui.error_hook import show_failure

        show_failure(exc)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        """More matching rows exist beyond those loaded (and no load is on its way)."""
        return not parent.isValid() and not (self._loading or self._fetching) and len(self._rows) < self.matching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        """Load the next page on a worker when the view scrolls near the end."""
        if parent.isValid() or self._loading or self._fetching:
            return
        query, loader = replace(self._query, offset=len(self._rows)), self._loader
        self._fetching = True
        run_task(lambda: loader(query), lambda page: self._append(query, page), self._load_failed)

    def _append(self, query: RosterQuery, page: RosterPage) -> None:
        self._fetching = False
        if query != replace(self._query, offset=len(self._rows)):
            return  # the filter changed or the rows were reloaded meanwhile: this page belongs to nothing shown
        if not page.rows:
            self.matching = len(self._rows)  # rows were deleted meanwhile: stop asking
            return
        if self.capped:  # each page counts a little further past itself, until the real count is reached
            self.matching, self.capped = page.matching, page.capped
        self.append_rows(page.rows)

    def decorate(self, row: PartnerRow, texts: tuple[str, ...]) -> dict[int, tuple[Any, ...]]:
        """The partner's id, its risk coloured, long texts as tooltips."""
        risk = theme.RISK_COLOURS.get(row.risk_level)
        return {
            IdRole: (row.id,) * len(HEADERS),
            Qt.ItemDataRole.ForegroundRole: per_column(len(HEADERS), {COL_RISK: theme.colour(risk) if risk else None}),
            Qt.ItemDataRole.ToolTipRole: per_column(len(HEADERS), {c: texts[c] for c in TOOLTIP_COLUMNS}),
        }

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL by the column's key (columns without one keep the current order)."""
        key = SORT_KEYS[column]
        descending = order == Qt.SortOrder.DescendingOrder
        if key is None or (key, descending) == (self._query.sort, self._query.descending):
            return
        self.set_query(replace(self._query, sort=key, descending=descending))

    def partner_id(self, row: int) -> int:
        """The id of the partner shown in a row."""
        return self._rows[row].id

    def row_of(self, partner_id: int) -> int:
        """The row showing a partner among those loaded, or -1."""
        return self.index_of(lambda r: r.id == partner_id)
