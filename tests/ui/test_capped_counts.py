"""A broad search on a big roster: the count says "1,000+" and scrolling still reaches every match."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from tests.services.bulk_rows import add_partners
from tests.ui.conftest import open_window as _window

pytestmark = pytest.mark.sqlite_only


def test_broad_search_says_at_least_and_scrolls_to_every_match(qtbot: QtBot, db: Database) -> None:
    """Typing "partner" over 2,500 partners shows "1,000+ of 2,500 shown"; fetching on loads all 2,500 rows."""
    add_partners(db, 2_500)
    window = _window(qtbot, db)
    page = window.roster_page
    qtbot.keyClicks(page.search, "partner")
    qtbot.waitUntil(lambda: page.count_label.text() == "1,000+ of 2,500 shown")
    assert page.model.rowCount() == 200
    while page.model.canFetchMore():  # what the view does as it scrolls down
        page.model.fetchMore()
    assert page.model.rowCount() == 2_500
    assert page.model.matching == 2_500 and not page.model.capped
