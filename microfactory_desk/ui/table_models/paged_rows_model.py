"""The base of every list that pages in SQL: the first page is asked for, later pages load as the view scrolls.

Header clicks sort in SQL (a column's sort key names one of the listing's sorts), so the order holds
across pages. The first page of a query may be loaded off the GUI thread (the page sets `reloader`);
later pages are read on a worker when the view asks for them, one page at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, Qt, Signal

from microfactory_desk.schemas.listing import ListPage, ListQuery
from microfactory_desk.ui.table_models.cached_rows_model import CachedRowsModel
from microfactory_desk.ui.table_models.index import Index
from microfactory_desk.ui.tasks import run_task

Row = TypeVar("Row")
Loader = Callable[[ListQuery], ListPage[Any]]


class PagedRowsModel(CachedRowsModel[Row]):
    """Rows of the query in force, fetched a page at a time; `counts_changed(matching, total)` after each query.

    `sorts` gives each column's sort key (None: the column does not sort). Without a `reloader` a new
    query loads synchronously; with one, `reloader(query)` must call `show_page(query, page)` later.
    Rows handed in with set_rows() and no loader (a partner's own short lists) sort in memory by `sort_keys`.
    """

    counts_changed = Signal(int, int)

    def __init__(
        self,
        headers: Sequence[str],
        display: Callable[[Row], tuple[str, ...]],
        *,
        sorts: Sequence[str | None],
        query: ListQuery,
        right_aligned: Iterable[int] = (),
        sort_keys: Sequence[Callable[[Row], Any] | None] = (),
    ) -> None:
        super().__init__(headers, display, right_aligned=right_aligned, sort_keys=sort_keys)
        self._sorts = tuple(sorts) + (None,) * (len(headers) - len(sorts))
        self._query = query
        self._loader: Loader | None = None
        self.reloader: Callable[[ListQuery], None] | None = None
        self._loading = False
        self._fetching = False  # a next page is being read on a worker
        self.loaded = False  # True once a first page was shown
        self.matching = 0
        self.total = 0
        self.capped = False  # `matching` is a lower bound: a broad search stopped counting

    @property
    def query(self) -> ListQuery:
        """The query shown (or being loaded)."""
        return self._query

    def set_loader(self, loader: Loader) -> None:
        """Where pages come from (the listing service of the open database); call reload() next."""
        self._loader = loader

    def set_query(self, query: ListQuery) -> None:
        """Show the first page of a new filter or sort."""
        self._query = replace(query, offset=0)
        self.reload()

    def reload(self) -> None:
        """Fetch the first page of the query again (after an edit, or when the page is shown)."""
        query = replace(self._query, offset=0)
        if self.reloader is not None:
            self._loading = True
            self.reloader(query)
        elif self._loader is not None:
            self.show_page(query, self._loader(query))

    def show_page(self, query: ListQuery, page: ListPage[Any]) -> None:
        """Show the first page of `query` (a page of an older query is dropped)."""
        if query != replace(self._query, offset=0):
            return
        self._loading = False
        self.loaded = True
        self.matching, self.total, self.capped = page.matching, page.total, page.capped
        self.set_rows(page.rows)
        self.counts_changed.emit(self.matching, self.total)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        """More matching rows exist beyond those loaded (and no new query or next page is on its way)."""
        busy = self._loading or self._fetching
        return not parent.isValid() and not busy and len(self._rows) < self.matching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 - Qt's signature
        """Load the next page on a worker when the view scrolls near the end (on a server a read is a round trip)."""
        loader = self._loader
        if parent.isValid() or loader is None or self._loading or self._fetching:
            return
        query = replace(self._query, offset=len(self._rows))
        self._fetching = True
        run_task(lambda: loader(query), lambda page: self._append(query, page), self._fetch_failed)

    def _append(self, query: ListQuery, page: ListPage[Any]) -> None:
        self._fetching = False
        if query != replace(self._query, offset=len(self._rows)):
            return  # a new query or a reload came first: the page belongs to rows no longer shown
        if not page.rows:
            self.matching = len(self._rows)  # rows were deleted meanwhile: stop asking
            return
        if self.capped:  # each page counts a little further past itself, until the real count is reached
            self.matching, self.capped = page.matching, page.capped
        self.append_rows(page.rows)

    def _fetch_failed(self, exc: BaseException) -> None:
        self._fetching = False
        from microfactory_desk.ui.error_hook import show_failure

        show_failure(exc)

    def fetch_all(self) -> None:
        """Load every remaining page (a test, or a view that must reach the last row)."""
        while self.canFetchMore():
            before = len(self._rows)
            self.fetchMore()
            if len(self._rows) == before:
                break

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL by the column's key; a column without one keeps the current order."""
        if self._loader is None:
            super().sort(column, order)
            return
        key = self._sorts[column] if 0 <= column < len(self._sorts) else None
        descending = order == Qt.SortOrder.DescendingOrder
        if key is None or (key, descending) == (self._query.sort, self._query.descending):
            return
        self.set_query(replace(self._query, sort=key, descending=descending))
