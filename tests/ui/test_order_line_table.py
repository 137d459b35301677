"""The order editor's line table fits the dialog at 1366x768 and 1280x720: no sideways scrolling, empty or not."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.ui import screen_fit
from microfactory_desk.ui.dialogs.order_dialog import OrderDialog
from microfactory_desk.ui.table_models.order_lines_model import COL_WARNINGS
from microfactory_desk.ui.tasks import tasks_running
from tests.services.order_fixtures import draft, partner_with_sla
from tests.ui.conftest import open_window
from tests.ui.demo_db import demo_copy
from tests.ui.test_dialogs_fit import TASK_BAR, demo_file  # noqa: F401 - the demo database, built once

SCREENS = [(1366, 768), (1280, 720)]


def _fits(table: QTableView) -> None:
    header = table.horizontalHeader()
    QApplication.processEvents()
    assert table.horizontalScrollBar().maximum() == 0
    assert header.length() <= table.viewport().width()
    assert header.visualIndex(COL_WARNINGS) == header.count() - 1 and header.stretchLastSection()
    metrics = header.fontMetrics()
    model = table.model()
    for column in range(header.count()):
        if not header.isSectionHidden(column):  # no heading cut
            assert header.sectionSize(column) >= metrics.horizontalAdvance(
                str(model.headerData(column, header.orientation()))
            )


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_new_and_drafted_order_line_tables_do_not_scroll_sideways(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch, screen: tuple[int, int]
) -> None:
    """An empty new order and a two-line draft show every column inside the dialog, no horizontal scrollbar."""
    room = QRect(0, 0, screen[0], screen[1] - TASK_BAR)
    monkeypatch.setattr(screen_fit, "available_area", lambda _parent=None: room)
    partner_with_sla(db)
    order = draft(db)
    window = open_window(qtbot, db)
    window.new_order()
    qtbot.waitUntil(lambda: isinstance(getattr(window, "order_dialog", None), OrderDialog))
    empty = window.order_dialog
    qtbot.waitExposed(empty)
    assert empty.lines.rowCount() == 0
    _fits(empty.table)
    empty.hide()
    window.open_order(order.id)
    qtbot.waitUntil(lambda: window.order_dialog is not empty and isinstance(window.order_dialog, OrderDialog))
    drafted = window.order_dialog
    qtbot.waitExposed(drafted)
    qtbot.waitUntil(lambda: drafted.lines.rowCount() == 2)
    _fits(drafted.table)
    drafted.hide()


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[Database]:  # noqa: F811
    """A copy of the demo database for one test."""
    database = demo_copy(demo_file, tmp_path)
    yield database
    database.close()


def test_a_sent_orders_lines_are_all_in_view_above_its_deliveries(
    qtbot: QtBot, demo: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a 1280x720 screen a sent four-line order shows all four lines; the deliveries list below gets the rest."""
    room = QRect(0, 0, 1280, 720 - TASK_BAR)
    monkeypatch.setattr(screen_fit, "available_area", lambda _parent=None: room)
    window = open_window(qtbot, demo)
    qtbot.waitUntil(lambda: tasks_running() == 0)
    sent = next(
        row for row in window.services.orders.list_orders(status="sent").rows
        if len(window.services.orders.get_order(row.id).lines) == 4
    )  # fmt: skip
    window.open_order(sent.id)
    qtbot.waitUntil(lambda: isinstance(getattr(window, "order_dialog", None), OrderDialog))
    dialog = window.order_dialog
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: tasks_running() == 0 and dialog.lines.rowCount() == 4)
    QApplication.processEvents()
    table = dialog.table
    assert table.rowViewportPosition(3) + table.rowHeight(3) <= table.viewport().height()
    _fits(table)
    dialog.hide()


def test_columns_held_at_their_heading_leave_the_others_less_room() -> None:
    """A column that may not shrink below its heading takes its share from the others: the sum stays in the room.

    Scaling all three by 200/300 and clamping after gave 90 + 66 + 66 = 222 px in 200 (sideways scrolling).
    """
    from microfactory_desk.ui.widgets.order_line_table import shrunk_to_fit

    widths = dict(shrunk_to_fit({0: 100, 1: 100, 2: 100}, {0: 90, 1: 10, 2: 10}, 200))
    assert widths[0] == 90 and sum(widths.values()) <= 200 and widths[1] == widths[2] == 55
    assert dict(shrunk_to_fit({0: 100, 1: 50}, {0: 10, 1: 10}, 400)) == {0: 100, 1: 50}  # room to spare: as wanted
    assert dict(shrunk_to_fit({0: 100, 1: 100}, {0: 80, 1: 80}, 100)) == {0: 80, 1: 80}  # never below a heading
