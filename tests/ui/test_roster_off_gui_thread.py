"""No database query runs on the GUI thread while the roster is searched, scrolled or refreshed (file or server)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pytestqt.qtbot import QtBot
from sqlalchemy import event

from microfactory_desk.db import Database
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.services.roster.partners import RosterService
from microfactory_desk.ui.app import build_window
from microfactory_desk.ui.main_window import MainWindow
from microfactory_desk.ui.tasks import tasks_running
from tests.ui.conftest import _OPEN_WINDOWS

PARTNERS = 260  # more than one page of 200, so scrolling loads a second page


def _window(qtbot: QtBot, db: Database) -> MainWindow:
    roster = RosterService(db)
    for n in range(PARTNERS):
        roster.create_partner(
            data=validate_partner({"code": f"P{n:03d}", "name": f"Partner {n}", "region": f"R{n % 3}"})
        )
    window = build_window(str(db.file) if db.file is not None else db.url)
    qtbot.addWidget(window)
    _OPEN_WINDOWS.append(window)
    window.show()
    window.show_page("roster")
    qtbot.waitUntil(lambda: tasks_running() == 0 and window.roster_page.model.total == PARTNERS, timeout=20000)
    return window


@contextmanager
def gui_thread_queries(db: Database) -> Iterator[list[str]]:
    """Statements issued from the GUI thread in the block: through the engine, and SQLite's light path of this thread."""
    gui = threading.current_thread()
    seen: list[str] = []

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if threading.current_thread() is gui:
            seen.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", on_execute)
    # The light path's connections are per thread: the GUI thread's one only ever runs GUI-thread statements.
    light: sqlite3.Connection | None = db._sqlite_conn() if db.is_sqlite else None
    if light is not None:
        light.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
        if light is not None:
            light.set_trace_callback(None)


def test_typing_a_search_runs_no_query_on_the_gui_thread(qtbot: QtBot, db: Database, real_pool: None) -> None:
    """Nine keystrokes load once (debounced), on a worker; scrolling and refreshing read on workers too."""
    window = _window(qtbot, db)
    page = window.roster_page
    window_db = window.services.db
    loads: list[Any] = []
    loader = page.model._loader
    page.model.set_loader(lambda query: loads.append(query) or loader(query))
    with gui_thread_queries(window_db) as on_gui:
        qtbot.keyClicks(page.search, "Partner 1")
        qtbot.waitUntil(lambda: not page._typing.pending() and tasks_running() == 0, timeout=20000)
        assert len(loads) == 1
        searched, shown = page.model.query, page.model.matching
        assert searched.search == "Partner 1" and 0 < shown < PARTNERS
        page.clear_filters()
        qtbot.waitUntil(lambda: tasks_running() == 0 and page.model.rowCount() == 200, timeout=20000)
        page.model.fetchMore()
        qtbot.waitUntil(lambda: tasks_running() == 0 and page.model.rowCount() == PARTNERS, timeout=20000)
        page.refresh()
        qtbot.waitUntil(lambda: tasks_running() == 0 and page.region_filter.count() == 4, timeout=20000)
    assert on_gui == []
    assert loader(searched).matching == shown  # what the worker showed is the service's answer
    assert len(loads) == 4  # the search, the cleared filter, the second page, the refresh


def test_scrolling_a_paged_list_reads_the_next_page_on_a_worker(qtbot: QtBot, db: Database, real_pool: None) -> None:
    """The SKU catalogue's second page (every paged list's fetchMore) is read off the GUI thread."""
    from microfactory_desk.schemas.listing import PAGE_SIZE
    from microfactory_desk.schemas.orders import validate_sku
    from microfactory_desk.services.orders.skus import SkuService

    skus = SkuService(db)
    for n in range(PAGE_SIZE + 30):
        skus.save_sku(validate_sku({"code": f"SKU-{n:03d}", "name": f"Item {n}"}))
    window = _window(qtbot, db)
    window.show_page("skus")
    model = window.skus_page.model
    qtbot.waitUntil(lambda: tasks_running() == 0 and model.rowCount() == PAGE_SIZE, timeout=20000)
    with gui_thread_queries(window.services.db) as on_gui:
        assert model.canFetchMore()
        model.fetchMore()
        assert not model.canFetchMore()  # one next page at a time while it is being read
        qtbot.waitUntil(lambda: tasks_running() == 0 and model.rowCount() == PAGE_SIZE + 30, timeout=20000)
    assert on_gui == []


def test_a_saved_partner_is_selected_once_the_reload_arrives(qtbot: QtBot, db: Database, real_pool: None) -> None:
    """After a save the roster reloads on a worker and still selects the saved partner when its rows arrive."""
    window = _window(qtbot, db)
    page = window.roster_page
    saved = RosterService(db).find_id("P150")
    window._partner_saved(saved)
    assert page.model.loading  # the rows are on their way: the selection waits for them
    qtbot.waitUntil(lambda: tasks_running() == 0 and not page.model.loading, timeout=20000)
    selected = page.table.selectionModel().selectedRows()
    assert [page.model.partner_id(i.row()) for i in selected] == [saved]
