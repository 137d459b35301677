"""The orders page, the order editor and the SKU catalogue, driven through real widgets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from microfactory_desk import clock
from microfactory_desk.db import Database
from microfactory_desk.exports.order_sheet import ID_SHEET
from microfactory_desk.schemas.order_vocab import OrderStatus
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.dialogs.order_dialog import OrderDialog
from microfactory_desk.ui.main_window import MainWindow
from microfactory_desk.ui.table_models.order_lines_model import COL_TIER, COL_WARNINGS
from microfactory_desk.ui.tasks import tasks_running
from microfactory_desk.wiring import Services
from tests.services.order_fixtures import draft, partner_with_sla
from tests.ui.conftest import open_window


def _dialog(qtbot: QtBot, window: MainWindow, order_id: int | None = None) -> OrderDialog:
    window.open_order(order_id)
    qtbot.waitUntil(lambda: isinstance(getattr(window, "order_dialog", None), OrderDialog))
    return window.order_dialog


def _add(qtbot: QtBot, dialog: OrderDialog, code: str, qty: int) -> None:
    dialog.sku_picker.setCurrentIndex(dialog.sku_picker.findData(code))
    dialog.quantity.setValue(qty)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)


def test_create_an_order_in_the_editor(qtbot: QtBot, db: Database) -> None:
    """Picking a partner and SKUs shows tier prices with their tier and inline warnings; saving stores a draft."""
    partner_with_sla(db)
    window = open_window(qtbot, db)
    window.show_page("orders")
    dialog = _dialog(qtbot, window)
    dialog.partner.choose(code="MF1")
    dialog.order_date.setText("2026-05-04")
    _add(qtbot, dialog, "MF-TEE", 60)
    _add(qtbot, dialog, "MF-MUG", 5)
    qtbot.waitUntil(lambda: all(r.get("unit_price") is not None for r in dialog.lines.rows()))
    model = dialog.lines
    assert model.index(0, COL_TIER).data() == "SLA v1 · all SKUs · from 50"
    assert model.index(1, COL_WARNINGS).data() == "below the partner's minimum batch of 20"
    assert "Total 716.50 EUR" in dialog.summary.text() and "1 with warnings" in dialog.summary.text()
    dialog.destination_name.setFocus()
    qtbot.keyClicks(dialog.destination_name, "Pop-up Krakow")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(Services(db).orders.list_orders().rows))
    row = Services(db).orders.list_orders().rows[0]
    assert (row.partner_code, row.status, row.lines, row.destination_name) == (
        "MF1",
        OrderStatus.DRAFT,
        2,
        "Pop-up Krakow",
    )
    qtbot.waitUntil(lambda: window.orders_page.model.rowCount() == 1)
    assert window.orders_page.totals_label.text().endswith("716.50 EUR")


def test_editor_shows_field_errors_inline(qtbot: QtBot, db: Database) -> None:
    """A bad date keeps the dialog open and names the field."""
    partner_with_sla(db)
    window = open_window(qtbot, db)
    dialog = _dialog(qtbot, window)
    dialog.partner.choose(code="MF1")
    dialog.order_date.setText("2026-02-30")
    _add(qtbot, dialog, "MF-TEE", 60)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "Order date: is not a date" in dialog.error_label.text()
    assert Services(db).orders.list_orders().rows == []


def _select(qtbot: QtBot, window: MainWindow, number: str) -> None:
    page = window.orders_page
    window.show_page("orders")
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.model.rowCount() > 0)
    at = next(i for i in range(page.model.rowCount()) if page.model.row(i).number == number)
    page.table.selectRow(at)


def test_send_confirm_and_cancel_from_the_page(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Send writes the sheet and marks the order sent; the filled sheet confirms it; a draft is cancelled."""
    partner_with_sla(db)
    order = draft(db)
    other = draft(db)
    sheet = tmp_path / "sheet.xlsx"
    monkeypatch.setattr(messages, "save_path", lambda *_: str(sheet))
    monkeypatch.setattr(messages, "open_path", lambda *_: str(sheet))
    monkeypatch.setattr(messages, "ask_text", lambda *_: "Pop-up postponed")
    summaries: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _parent, _title, text: summaries.append(text) or True)
    window = open_window(qtbot, db)
    _select(qtbot, window, order.number)
    assert window.orders_page.send_button.isEnabled() and not window.orders_page.confirm_button.isEnabled()
    window.orders_page.send_selected()
    qtbot.waitUntil(lambda: Services(db).orders.get_order(order.id).status == OrderStatus.SENT)
    assert sheet.exists()
    wb = load_workbook(sheet)
    first = wb[ID_SHEET]["A6"].value
    for offset, qty in enumerate((60, 12)):
        wb["Order"][f"H{first + offset}"] = qty
        wb["Order"][f"I{first + offset}"] = dt.date(2026, 6, 1)
    wb.save(sheet)
    _select(qtbot, window, order.number)
    window.orders_page.record_confirmation()
    qtbot.waitUntil(lambda: Services(db).orders.get_order(order.id).status == OrderStatus.CONFIRMED)
    assert "Confirmed in full: 2; short: 0; at zero: 0." in summaries[-1]  # shown before it was applied
    _select(qtbot, window, other.number)
    window.orders_page.cancel_selected()
    qtbot.waitUntil(lambda: Services(db).orders.get_order(other.id).status == OrderStatus.CANCELLED)
    assert Services(db).orders.get_order(other.id).cancel_reason == "Pop-up postponed"


def test_refused_confirmation_shows_the_problems(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown_messages: list[str]
) -> None:
    """An unfilled sheet is refused with row/column details and the order stays sent."""
    partner_with_sla(db)
    order = draft(db)
    sheet = tmp_path / "sheet.xlsx"

    Services(db).order_files.send(order.id, sheet, on=dt.date(2026, 5, 4))
    monkeypatch.setattr(messages, "open_path", lambda *_: str(sheet))
    window = open_window(qtbot, db)
    _select(qtbot, window, order.number)
    window.orders_page.record_confirmation()
    qtbot.waitUntil(lambda: bool(shown_messages))
    assert shown_messages[0].startswith("Confirmation refused: The confirmation was not imported from sheet.xlsx")
    assert "column H (Confirmed qty): the confirmed quantity is missing" in shown_messages[0]
    assert Services(db).orders.get_order(order.id).status == OrderStatus.SENT


def test_sku_catalogue_search(qtbot: QtBot, db: Database) -> None:
    """The catalogue lists the demo SKUs and narrows as you type, accents ignored."""
    partner_with_sla(db)
    window = open_window(qtbot, db)
    window.show_page("skus")
    page = window.skus_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 24)
    qtbot.keyClicks(page.search, "paris sleeve")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.row(0).code == "MF-SLV-FRP"


def test_export_order_lines_from_the_menu(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """File > Export order lines writes every line off the GUI thread."""
    partner_with_sla(db)
    draft(db)
    out = tmp_path / "lines.csv"
    monkeypatch.setattr(messages, "save_path", lambda *_: str(out))
    window = open_window(qtbot, db)
    window.file_actions.export_order_lines()
    qtbot.waitUntil(lambda: "Exported 2 order lines" in window.statusBar().currentMessage())
    assert out.read_text(encoding="utf-8-sig").count("\n") == 3


def test_add_a_sku_in_the_catalogue(qtbot: QtBot, db: Database) -> None:
    """New SKU validates attributes inline, then stores the item and lists it."""
    window = open_window(qtbot, db)
    window.show_page("skus")
    page = window.skus_page
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = page.sku_dialog
    editors = dialog.form.editors
    for name, text in (("code", "MF-TEE-PLS"), ("name", "Organic tee (PL-South)"), ("attributes", "region PL")):
        editors[name].setFocus()
        qtbot.keyClicks(editors[name], text)
    dialog.save()
    assert "name=value" in dialog.form.errors["attributes"].text()
    editors["attributes"].clear()
    qtbot.keyClicks(editors["attributes"], "region=PL-South; size=M")
    dialog.save()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    row = page.model.row(0)
    assert (row.code, row.region, row.attributes) == ("MF-TEE-PLS", "PL-South", {"region": "PL-South", "size": "M"})


def test_next_step_and_quick_reorder_from_the_page(qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """A confirmed order moves on with the Next step button; Reorder writes a new draft and opens it."""
    from microfactory_desk.schemas.orders import Confirmation, ConfirmationLine

    today = clock.today()
    partner_with_sla(db)
    service = Services(db).orders
    order = draft(db, lines=[{"sku_code": "MF-SLV", "quantity": 40}], order_date=today)
    service.send(order.id, on=today)
    answer = [ConfirmationLine(position=1, confirmed_qty=40, confirmed_ship_on=today)]
    service.confirm(Confirmation(order_uuid=order.uuid, lines=answer), on=today)
    monkeypatch.setattr(messages, "confirm", lambda *_: True)
    window = open_window(qtbot, db)
    _select(qtbot, window, order.number)
    page = window.orders_page
    assert page.next_button.text() == "In production" and page.reorder_button.isEnabled()
    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: service.get_order(order.id).status == OrderStatus.IN_PRODUCTION)
    _select(qtbot, window, order.number)
    page.reorder_selected()
    qtbot.waitUntil(lambda: isinstance(getattr(window, "order_dialog", None), OrderDialog))
    reorder = window.order_dialog.detail
    assert reorder is not None and reorder.status == OrderStatus.DRAFT and reorder.number != order.number
    assert reorder.lines[0].tier_label == "SLA v1 · price held"


def test_the_list_shows_the_partners_answer_next_to_the_total(qtbot: QtBot, db: Database) -> None:
    """A confirmed order shows its confirmed value beside the total and an amber flag with a tooltip; a draft none."""
    from microfactory_desk.schemas.orders import Confirmation, ConfirmationLine
    from microfactory_desk.ui import theme
    from microfactory_desk.ui.table_models.orders_model import COL_ANSWER, COL_CONFIRMED

    today = clock.today()
    partner_with_sla(db)
    service = Services(db).orders
    order = draft(db, order_date=today)  # 60 tees and 12 sleeves
    service.send(order.id, on=today)
    answer = [
        ConfirmationLine(position=1, confirmed_qty=40, confirmed_ship_on=today, comment="Only 40 in stock"),
        ConfirmationLine(position=2, confirmed_qty=12, confirmed_ship_on=today),
    ]
    service.confirm(Confirmation(order_uuid=order.uuid, lines=answer), on=today)
    waiting = draft(db, order_date=today)
    tee = service.get_order(order.id).lines[0]
    assert tee.unit_price is not None
    window = open_window(qtbot, db)
    _select(qtbot, window, order.number)
    model, table = window.orders_page.model, window.orders_page.table
    at = {model.row(i).number: i for i in range(model.rowCount())}
    confirmed, flag = model.index(at[order.number], COL_CONFIRMED), model.index(at[order.number], COL_ANSWER)
    row = model.row(at[order.number])
    assert row.confirmed_total == row.total - 20 * tee.unit_price
    assert confirmed.data() == f"{row.confirmed_total:,.2f} {row.currency}"
    assert confirmed.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert confirmed.data(Qt.ItemDataRole.ForegroundRole) == theme.colour(theme.AMBER)
    assert flag.data() == "⚠ 1 short/late · comment"
    assert flag.data(Qt.ItemDataRole.ForegroundRole) == theme.colour(theme.AMBER)
    assert "1 of 2 lines confirmed short" in flag.data(Qt.ItemDataRole.ToolTipRole)
    assert "comment" in flag.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(at[waiting.number], COL_CONFIRMED).data() == ""
    assert model.index(at[waiting.number], COL_ANSWER).data() == ""
    assert model.index(at[waiting.number], COL_ANSWER).data(Qt.ItemDataRole.ToolTipRole) is None
    for column in (COL_CONFIRMED, COL_ANSWER):  # sorted in SQL: the answered order first, then the one waiting
        qtbot.mouseClick(
            table.horizontalHeader().viewport(), Qt.MouseButton.LeftButton, pos=_header_centre(table, column)
        )
        qtbot.waitUntil(lambda: tasks_running() == 0)
        numbers = [model.row(i).number for i in range(model.rowCount())]
        if table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder:
            numbers.reverse()
        assert numbers == (
            [order.number, waiting.number] if column == COL_CONFIRMED else [waiting.number, order.number]
        )


def _header_centre(table: QTableView, column: int) -> QPoint:
    """The middle of a column's header section, to click it."""
    header = table.horizontalHeader()
    return QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2, header.height() // 2)
