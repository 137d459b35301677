"""Lists cut a long partner name, never the partner code after it (seen on the Orders page at 1366x768)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem, QTableView
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from microfactory_desk.db import Database
from microfactory_desk.ui.table_models.orders_model import COL_PARTNER
from microfactory_desk.ui.tasks import tasks_running
from microfactory_desk.ui.widgets.list_table import list_table
from tests.services.order_fixtures import draft, partner_with_sla
from tests.ui.conftest import open_window

LONG = "Detroit Foundry Atelier and Sons Metalworks (US-DTW-025)"


def _shown(table: QTableView, row: int, column: int) -> str:
    """The text the cell's delegate hands the style to draw."""
    index = table.model().index(row, column)
    option = QStyleOptionViewItem()
    option.rect = table.visualRect(index)
    table.itemDelegateForIndex(index).initStyleOption(option, index)  # type: ignore[attr-defined]
    return option.text


def test_a_long_name_is_cut_before_its_code(qtbot: QtBot) -> None:
    """A 'Name (CODE)' cell too long for its column ends in the whole code; short and other cells are untouched."""
    model = QStandardItemModel(0, 2)
    for texts in ([LONG, "Pop-up Kraków (Kazimierz) and a long destination line"], ["Short (CH-ZRH-045)", "x"]):
        model.appendRow([QStandardItem(t) for t in texts])
    table = list_table(model, {0: 180, 1: 120}, codes=(0,))
    qtbot.addWidget(table)
    table.resize(320, 200)
    table.show()
    qtbot.waitExposed(table)
    cut = _shown(table, 0, 0)
    assert cut.endswith("… (US-DTW-025)") and cut.startswith("Detroit"), cut
    assert table.fontMetrics().horizontalAdvance(cut) <= 180
    assert _shown(table, 1, 0) == "Short (CH-ZRH-045)"
    assert _shown(table, 1, 1) == "x"


def test_the_orders_page_shows_every_partner_code_whole(qtbot: QtBot, db: Database) -> None:
    """On the Orders page at 1366x768 a long partner name is cut and its code shows whole."""
    partner_with_sla(db, "US-DTW-025")
    draft(db, "US-DTW-025")
    with db.session() as session:
        session.execute(text("UPDATE partner SET name = 'Detroit Foundry Atelier and Sons Metalworks Cooperative'"))
    window = open_window(qtbot, db)
    window.resize(1366, 740)
    window.show_page("orders")
    qtbot.waitUntil(lambda: tasks_running() == 0 and window.orders_page.table.model().rowCount() == 1)
    QApplication.processEvents()
    table = window.orders_page.table
    shown = _shown(table, 0, COL_PARTNER)
    assert shown.startswith("Detroit") and shown.endswith("… (US-DTW-025)"), shown


def test_every_list_showing_name_and_code_keeps_the_code_and_no_other_pays_for_it(qtbot: QtBot, db: Database) -> None:
    """Each list with a "Partner" column ("Name (CODE)") cuts inside the name there; the other columns, and the
    lists that show no such cell, draw with Qt's own delegate (the code-keeping one runs Python for every cell)."""
    from microfactory_desk.ui.widgets.list_table import KeepCodeDelegate

    window = open_window(qtbot, db)
    tables = {
        "roster": lambda: [window.roster_page.table],
        "follow-ups": lambda: [window.follow_ups_page.table, window.follow_ups_page.found_view],
        "quality": lambda: [window.quality_page.inspection_view, window.quality_page.action_view],
        "orders": lambda: [window.orders_page.table],
        "skus": lambda: [window.skus_page.table],
        "scorecards": lambda: [window.scorecards_page.table],
        "pilots": lambda: [window.pilots_page.table],
    }
    for page, views in tables.items():
        window.show_page(page)
        qtbot.waitUntil(lambda: tasks_running() == 0)
        for view in views():
            model = view.model()
            headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
            keeping = [c for c in range(len(headers)) if isinstance(view.itemDelegateForColumn(c), KeepCodeDelegate)]
            assert keeping == [c for c, h in enumerate(headers) if h == "Partner" and page != "scorecards"], page
