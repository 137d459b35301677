"""The pilots page driven through its widgets: editor errors, feedback, daily sales and chart, decision, comparison."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.services.pilots.service import PilotService
from microfactory_desk.ui.main_window import MainWindow
from microfactory_desk.ui.tasks import tasks_running
from tests.conftest import TODAY
from tests.services import attention_data as make
from tests.ui.conftest import open_window


def _window(qtbot: QtBot, db: Database) -> MainWindow:
    window = open_window(qtbot, db)
    window.show_page("pilots")
    qtbot.waitUntil(lambda: tasks_running() == 0 and window.pilots_page.detail.detail is not None)
    return window


def _pilots(db: Database) -> tuple[int, int]:
    pid, sku = make.partner(db, "MF-1", "Łódź Print Lab"), make.sku(db)
    other = make.partner(db, "MF-2", "Bergen Print Co-op")
    counts = {"units_made": 50, "units_shipped": 40, "starts_on": TODAY - dt.timedelta(days=10)}
    first = make.pilot(db, pid, sku, ends_on=TODAY + dt.timedelta(days=5), **counts)
    second = make.pilot(
        db, other, sku, market_name="Vienna Design Week", ends_on=TODAY - dt.timedelta(days=1), **counts
    )
    return first, second


def _select(qtbot: QtBot, window: MainWindow, pilot_id: int) -> None:
    page = window.pilots_page
    page.table.selectRow(page.model.row_of(pilot_id))
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.detail.detail is not None)
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.pilot.id == pilot_id)


def test_feedback_and_daily_sales_are_entered_and_charted(qtbot: QtBot, db: Database) -> None:
    """Typed feedback and a day's sales are stored; the Sales tab charts the running sell-through."""
    first, _ = _pilots(db)
    window = _window(qtbot, db)
    _select(qtbot, window, first)
    detail = window.pilots_page.detail
    detail.feedback_rating.setCurrentIndex(detail.feedback_rating.findData(4))
    qtbot.keyClicks(detail.feedback_text, "Loved the glaze")
    qtbot.mouseClick(detail.feedback_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks_running() == 0 and detail.feedback_model.rowCount() == 1)
    detail.setCurrentIndex(2)
    detail.sales_sold.setValue(10)
    qtbot.mouseClick(detail.sales_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks_running() == 0 and detail.sales_model.rowCount() == 1)
    pilot = PilotService(db).get_pilot(first, TODAY)
    assert (pilot.average_rating, pilot.units_sold, pilot.sell_through_pct) == (4.0, 10, 25.0)
    assert detail.chart is not None and detail.chart.curves[0][1] == [(TODAY, 25.0)]
    assert detail.figure_labels["sell_through"].text() == "25.0 %"


def test_too_many_sales_are_refused_in_place(qtbot: QtBot, db: Database) -> None:
    """Selling more than was shipped shows the reason beside the entry row and stores nothing."""
    first, _ = _pilots(db)
    window = _window(qtbot, db)
    _select(qtbot, window, first)
    detail = window.pilots_page.detail
    detail.sales_sold.setValue(41)
    qtbot.mouseClick(detail.sales_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks_running() == 0 and bool(detail.sales_error.text()))
    assert "40 units shipped" in detail.sales_error.text()
    assert PilotService(db).get_pilot(first, TODAY).units_sold == 0


def test_decision_and_comparison(qtbot: QtBot, db: Database) -> None:
    """Recording a decision moves the pilot to decided; the same SKU elsewhere is offered for comparison."""
    first, second = _pilots(db)
    window = _window(qtbot, db)
    _select(qtbot, window, second)
    detail = window.pilots_page.detail
    detail.decision.setCurrentIndex(detail.decision.findData("iterate"))
    qtbot.keyClicks(detail.decision_reason, "Returns over fit")
    qtbot.mouseClick(detail.decide_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks_running() == 0 and PilotService(db).get_pilot(second, TODAY).status == "decided")
    compare = window.pilots_page.compare
    qtbot.waitUntil(lambda: tasks_running() == 0 and compare.other.count() == 1)
    assert compare.other.currentData() == first
    rows = {compare.model.index(r, 0).data(): compare.model.index(r, 2).data() for r in range(compare.model.rowCount())}
    assert rows["Partner"] == "Łódź Print Lab (MF-1)" and rows["Sell-through"] == "0.0 %"


def test_editor_shows_field_errors_and_saves(qtbot: QtBot, db: Database) -> None:
    """The editor names the bad field inline; a corrected pilot is saved and selected."""
    _pilots(db)
    window = _window(qtbot, db)
    page = window.pilots_page
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(page, "editor", None) is not None and page.editor.isVisible())
    dialog = page.editor
    editors = dialog.form.editors
    for name, text in (("partner_code", "mf-2"), ("market_name", "Gracia Pop-up"), ("units_made", "5")):
        editor = editors[name]
        assert isinstance(editor, QLineEdit)
        qtbot.keyClicks(editor, text)
    qtbot.keyClicks(editors["units_shipped"], "9")
    dialog.save()
    qtbot.waitUntil(lambda: tasks_running() == 0 and dialog.form.errors["units_shipped"].isVisible())
    assert "more units shipped than made" in dialog.form.errors["units_shipped"].text()
    editors["units_shipped"].clear()  # type: ignore[union-attr]
    qtbot.keyClicks(editors["units_shipped"], "5")
    with qtbot.waitSignal(dialog.pilot_saved) as saved:
        dialog.save()
    qtbot.waitUntil(
        lambda: tasks_running() == 0 and page.selected() is not None and page.selected().id == saved.args[0]
    )
    assert page.selected().market_name == "Gracia Pop-up"  # type: ignore[union-attr]


def test_remove_a_day_and_delete_a_pilot(qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Removing a day of sales recounts the totals; deleting a pilot (after confirming) drops it from the list."""
    from microfactory_desk.schemas.fields import validate
    from microfactory_desk.schemas.pilot import SalesIn
    from microfactory_desk.ui.dialogs import messages

    first, second = _pilots(db)
    PilotService(db).add_sales(first, validate(SalesIn, {"sold_on": TODAY, "sold": 7}))
    window = _window(qtbot, db)
    _select(qtbot, window, first)
    detail = window.pilots_page.detail
    detail.setCurrentIndex(2)
    detail.sales_view.selectRow(0)
    qtbot.mouseClick(detail.remove_sales_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks_running() == 0 and detail.sales_model.rowCount() == 0)
    assert PilotService(db).get_pilot(first, TODAY).units_sold == 0
    monkeypatch.setattr(messages, "confirm", lambda *_args: True)
    qtbot.mouseClick(detail.delete_button, Qt.MouseButton.LeftButton)
    page = window.pilots_page
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.model.rowCount() == 1)
    assert page.model.row(0).id == second
    assert [p.id for p in PilotService(db).list_pilots(TODAY)] == [second]


def test_export_button_writes_the_workbook(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Export… asks for a file name (.xlsx added when missing) and writes every pilot off the GUI thread."""
    from microfactory_desk.ui.dialogs import messages

    _pilots(db)
    window = _window(qtbot, db)
    monkeypatch.setattr(messages, "save_path", lambda *_args: str(tmp_path / "pilots"))
    qtbot.mouseClick(window.pilots_page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks_running() == 0 and (tmp_path / "pilots.xlsx").exists())
    assert "Exported 2 pilots" in window.statusBar().currentMessage()


def test_tie_and_untie_an_order(qtbot: QtBot, db: Database) -> None:
    """Typing an order number ties it; the tab shows its deliveries on time; a bad number is refused in place."""
    first, _ = _pilots(db)
    pilot = PilotService(db).get_pilot(first, TODAY)
    order_id = make.order(db, pilot.partner_id, "received", requested=TODAY - dt.timedelta(days=3))
    line = make.order_line(db, order_id, pilot.sku_id, 40)
    make.delivery(db, line, pilot.partner_id, TODAY - dt.timedelta(days=3), TODAY - dt.timedelta(days=4))
    number = db.read("SELECT number FROM purchase_order WHERE id = :id", {"id": order_id})[0][0]
    window = _window(qtbot, db)
    _select(qtbot, window, first)
    orders = window.pilots_page.detail.orders
    qtbot.keyClicks(orders.order_number, "PO-1999-0001")
    qtbot.mouseClick(orders.tie_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks_running() == 0 and orders.orders_error.isVisibleTo(orders))
    assert "no order" in orders.orders_error.text()
    orders.order_number.clear()
    qtbot.keyClicks(orders.order_number, number)
    qtbot.mouseClick(orders.tie_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks_running() == 0 and orders.orders_model.rowCount() == 1)
    assert orders.orders_summary.text() == "1 order; 1 of 1 deliveries on time (100 %)."
    assert not orders.orders_error.isVisibleTo(orders) and orders.order_number.text() == ""
    orders.orders_view.selectRow(0)
    qtbot.mouseClick(orders.untie_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks_running() == 0 and orders.orders_model.rowCount() == 0)


def test_opened_at_start_up_the_detail_comes_after_the_rows_and_shows_the_selection(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the window starts on the pilots page, the list and its selection come with the window and the
    selected pilot's tabs right after its first paint, in the place kept for them, showing that pilot."""
    from microfactory_desk.ui import tasks

    first, second = _pilots(db)
    monkeypatch.setattr(tasks, "_held", [])  # what hold_pool_work() sets while the window starts
    window = open_window(qtbot, db)
    window.show_page("pilots")
    page = window.pilots_page
    assert page.model.rowCount() == 2 and page.selected() is not None
    assert "detail" not in vars(page) and page.splitter.count() == 2
    tasks.release_held()  # the window painted
    assert page.splitter.widget(1) is page.detail
    selected = page.selected()
    assert selected is not None and selected.id in (first, second)
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.detail.detail is not None)
    assert page.detail.detail is not None and page.detail.detail.pilot.id == selected.id
