"""List tables: useful column widths, numbers flush right, sort arrows that point the way the rows run."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage, QStandardItemModel
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.services.sla.versions import SlaService
from microfactory_desk.ui.dialogs.sla_version_dialog import SlaVersionDialog
from microfactory_desk.ui.table_models.orders_model import HEADERS
from microfactory_desk.ui.tasks import tasks_running
from microfactory_desk.ui.widgets.list_table import list_table
from tests.services import attention_data as make
from tests.services.order_fixtures import draft, partner_with_sla
from tests.ui.conftest import open_window

COL_PARTNER, COL_TOTAL = HEADERS.index("Partner"), HEADERS.index("Total")


def _arrow_points_down(image: QImage, section_right: int) -> bool:
    """True when the sort arrow drawn left of `section_right` is widest at its top (▼), False when at its bottom."""
    dark: dict[int, int] = {}
    for y in range(image.height()):
        for x in range(max(0, section_right - 30), section_right):
            if image.pixelColor(QPoint(x, y)).lightness() < 160:
                dark[y] = dark.get(y, 0) + 1
    rows = sorted(dark)
    assert rows, "no sort arrow drawn"
    return dark[rows[0]] > dark[rows[-1]]


def test_sort_arrow_points_down_on_a_column_ranked_highest_first(qtbot: QtBot) -> None:
    """Descending shows ▼ and ascending ▲ (Fusion drew ▲ over Score, Order date and Pilot, sorted descending)."""
    model = QStandardItemModel(3, 2)
    table = list_table(model, {0: 120, 1: 120})
    qtbot.addWidget(table)
    table.resize(400, 200)
    table.show()
    header = table.horizontalHeader()
    for order, down in ((Qt.SortOrder.DescendingOrder, True), (Qt.SortOrder.AscendingOrder, False)):
        header.setSortIndicatorShown(True)
        header.setSortIndicator(0, order)
        image = header.grab().toImage()
        assert _arrow_points_down(image, header.sectionSize(0) - 2) is down


def test_while_the_window_starts_the_arrow_waits_for_the_first_paint(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """During start-up a list's header shows no arrow (rather than Qt's, the wrong way round) and gets its
    reading-order arrow once the window has painted; built after the start, it has it at once."""
    from microfactory_desk.ui import tasks
    from microfactory_desk.ui.widgets.sort_arrows import SortArrowStyle

    monkeypatch.setattr(tasks, "_held", [])  # what hold_pool_work() sets while the window starts
    model = QStandardItemModel(3, 2)
    table = list_table(model, {0: 120, 1: 120})
    qtbot.addWidget(table)
    header = table.horizontalHeader()
    header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
    table.setSortingEnabled(True)  # as the pages do after list_table()
    table.resize(400, 200)
    table.show()
    assert not header.isSortIndicatorShown() and not isinstance(header.style(), SortArrowStyle)
    tasks.release_held()  # the first paint happened
    assert header.isSortIndicatorShown() and isinstance(header.style(), SortArrowStyle)
    assert _arrow_points_down(header.grab().toImage(), header.sectionSize(0) - 2)
    later = list_table(QStandardItemModel(1, 1), {0: 100})
    qtbot.addWidget(later)
    assert isinstance(later.horizontalHeader().style(), SortArrowStyle)


def test_stretch_columns_take_exactly_the_room_the_rows_have(qtbot: QtBot) -> None:
    """The stretch columns share the viewport's spare width to the pixel: at show, after a resize, and when a
    vertical scrollbar appears and narrows the rows' room (no horizontal scrollbar, no gap at the right)."""
    model = QStandardItemModel(3, 4)
    table = list_table(model, {0: 80, 1: 120, 2: 90, 3: 70}, stretch=(1, 2))
    qtbot.addWidget(table)
    table.resize(900, 300)
    table.show()
    qtbot.waitExposed(table)

    def gap() -> int:  # the room left after the columns; an odd spare pixel may stay unshared
        return table.viewport().width() - sum(table.columnWidth(c) for c in range(4))

    qtbot.waitUntil(lambda: 0 <= gap() <= 1)
    assert table.columnWidth(0) == 80 and table.columnWidth(3) == 70
    wide = table.viewport().width()
    model.setRowCount(200)
    qtbot.waitUntil(lambda: table.verticalScrollBar().isVisible())
    qtbot.waitUntil(lambda: 0 <= gap() <= 1)
    assert table.viewport().width() < wide
    table.resize(1300, 300)
    qtbot.waitUntil(lambda: table.viewport().width() > wide)
    qtbot.waitUntil(lambda: 0 <= gap() <= 1)
    assert not table.horizontalScrollBar().isVisible()


def test_orders_total_keeps_its_width_while_partner_takes_the_spare_room(qtbot: QtBot, db: Database) -> None:
    """At 1920 px the Total column stays narrow and the partner name gets the spare width (Total was ~800 px)."""
    partner_with_sla(db)
    draft(db)
    window = open_window(qtbot, db)
    window.resize(1920, 1000)
    window.show_page("orders")
    page = window.orders_page
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.model.rowCount() == 1)
    qtbot.waitUntil(lambda: page.table.columnWidth(COL_PARTNER) > 300)
    assert page.table.columnWidth(COL_TOTAL) <= 200
    assert not page.table.horizontalHeader().stretchLastSection()


def test_price_tier_numbers_are_right_aligned(qtbot: QtBot, db: Database) -> None:
    """From-quantity and unit price in the tier grid sit flush right like every other number."""
    dialog = SlaVersionDialog(SlaService(db), partner_id=make.partner(db), version=None, suppliers=[])
    qtbot.addWidget(dialog)
    at = dialog.tiers.add_row({"min_qty": "50", "unit_price": "9.40", "currency": "EUR"})
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    for key in ("min_qty", "unit_price"):
        index = dialog.tiers.index(at, dialog.tiers.column_of(key))
        assert index.data(Qt.ItemDataRole.TextAlignmentRole) == right
