"""File › Open database: every page shown before the switch loads the new file's data afterwards, none the old."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database, open_database
from microfactory_desk.demo.load import load_demo
from microfactory_desk.ui.main_window import MainWindow
from microfactory_desk.ui.tasks import tasks_running
from tests.ui.conftest import open_window


def _demo_database(path: Path) -> str:
    """A second database file holding the demo data, closed again so only the window opens it."""
    other = open_database(str(path))
    load_demo(other)
    other.close()
    return str(path)


def _board_rows(page: Any) -> int:
    board = getattr(page, "board", None)
    return 0 if board is None or board.first_run else 1


# How many rows each page shows: 0 on the empty database, more once the demo database is open.
SHOWN: dict[str, Callable[[Any], int]] = {
    "dashboard": _board_rows,
    "roster": lambda page: page.model.total,
    "follow-ups": lambda page: page.model.rowCount(),
    "orders": lambda page: page.model.rowCount(),
    "skus": lambda page: page.model.rowCount(),
    "scorecards": lambda page: page.model.rowCount(),
    "pilots": lambda page: page.model.rowCount(),
}


@pytest.mark.parametrize("name", list(SHOWN))
def test_page_shows_the_database_opened_later(qtbot: QtBot, db: Database, tmp_path: Path, name: str) -> None:
    """A page built on database A lists database B's rows after File › Open database B (never A's, never a closed one)."""
    other = _demo_database(tmp_path / "other.sqlite")
    window: MainWindow = open_window(qtbot, db)
    window.show_page(name)
    page = window.page(name)
    shown = SHOWN[name]
    qtbot.waitUntil(lambda: tasks_running() == 0, timeout=10_000)
    assert shown(page) == 0
    window.file_actions.switch_database(other)
    assert window.services.db.file == Path(other)
    qtbot.waitUntil(lambda: tasks_running() == 0 and shown(page) > 0, timeout=10_000)


def test_scorecards_region_filter_lists_the_new_databases_regions(qtbot: QtBot, tmp_path: Path) -> None:
    """After File › Open database the Scorecards region filter offers the new file's regions, not the old one's."""
    demo = _demo_database(tmp_path / "demo.sqlite")
    opened = open_database(demo)
    window = open_window(qtbot, opened)
    opened.close()  # the window holds its own connection
    window.show_page("scorecards")
    page = window.scorecards_page
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.model.rowCount() > 0, timeout=10_000)
    assert page.region.count() > 1
    page.region.setCurrentIndex(1)  # a demo region, which the empty database does not have
    qtbot.waitUntil(lambda: tasks_running() == 0, timeout=10_000)
    chosen_period = page.selected_period()
    window.file_actions.switch_database(str(tmp_path / "empty.sqlite"))
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.region.count() == 1, timeout=10_000)
    assert page.region.currentData() == "" and page.model.rowCount() == 0
    assert page.selected_period() == chosen_period
