"""The lists of the window page in SQL: real counts, totals of the whole filter, every row reachable by scrolling."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.ui.table_models.orders_model import COL_NUMBER, COL_TOTAL
from tests.services.bulk_rows import add_orders, add_partners
from tests.ui.conftest import open_window

ORDERS = 6_000


def _scroll_to_the_end(qtbot: QtBot, table: QTableView) -> None:
    """Scroll down as a person would, until the view asks for no more pages."""
    model = table.model()
    for _ in range(ORDERS):
        table.scrollToBottom()
        qtbot.wait(1)
        if not model.canFetchMore(table.rootIndex()):
            return


def test_orders_page_lists_and_totals_all_6000_orders(qtbot: QtBot, db: Database) -> None:
    """6,000 orders: the page says 6,000, totals all of them, and scrolling reaches the oldest order."""
    totals = add_orders(db, ORDERS, add_partners(db, 30))
    window = open_window(qtbot, db)
    window.show_page("orders")
    page = window.orders_page
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    assert page.count_label.text() == "6,000 orders"
    assert page.model.rowCount() < ORDERS  # one page, not everything at once
    expected = " + ".join(f"{v.quantize(Decimal('0.01')):,.2f} {k}" for k, v in sorted(totals.items()))
    assert page.totals_label.text() == f"Total of the listed orders, cancelled ones left out: {expected}"
    _scroll_to_the_end(qtbot, page.table)
    assert page.model.rowCount() == ORDERS
    assert page.model.index(ORDERS - 1, COL_NUMBER).data() == "PO-000000"


def test_orders_header_click_sorts_all_orders_in_sql(qtbot: QtBot, db: Database) -> None:
    """Clicking Total sorts every order by value, not only the loaded page; the last page ends with the smallest."""
    add_orders(db, ORDERS, add_partners(db, 30))
    window = open_window(qtbot, db)
    window.show_page("orders")
    page = window.orders_page
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    header = page.table.horizontalHeader()
    spot = QPoint(header.sectionViewportPosition(COL_TOTAL) + 5, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    qtbot.waitUntil(lambda: page.model.query.sort == "total")
    if not page.model.query.descending:
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    qtbot.waitUntil(lambda: page.model.query.descending and page.model.rowCount() > 0)
    first = page.model.row(0).total
    _scroll_to_the_end(qtbot, page.table)
    values = [page.model.row(i).total for i in range(page.model.rowCount())]
    assert len(values) == ORDERS and values == sorted(values, reverse=True) and values[0] == first
    assert page.count_label.text() == "6,000 orders"
