"""Issue 13's keyboard-only walk-through: an order typed, saved, sent, then an inspection run and finished."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.demo.skus import add_demo_skus
from microfactory_desk.schemas.order_vocab import OrderStatus
from microfactory_desk.services.sla.versions import SlaService
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.main_window import MainWindow
from microfactory_desk.ui.tasks import tasks_running
from microfactory_desk.wiring import Services
from tests.quality_helpers import make_template
from tests.services.order_fixtures import partner_with_sla
from tests.ui.conftest import open_window

CTRL = Qt.KeyboardModifier.ControlModifier


def _focus() -> QWidget:
    widget = QApplication.focusWidget() or QApplication.activeWindow()
    assert widget is not None, "the keyboard lost its place: no window is active"
    return widget


def _press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(_focus(), key, modifier)


def _type(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(_focus(), text)


def _tab_to(qtbot: QtBot, target: QWidget, limit: int = 30) -> None:
    """Tab until `target` has focus (as a person would), failing when it is never reached."""
    for _ in range(limit):
        if _focus() is target:
            return
        _press(qtbot, Qt.Key.Key_Tab)
    assert _focus() is target, f"Tab never reaches {target!r}"


def _new_partner_with_agreed_sla(qtbot: QtBot, db: Database, window: MainWindow) -> None:
    """Ctrl+N, code and name, Ctrl+S; Ctrl+2, Tab, Enter reopens it; Ctrl+Tab to SLA; a draft with a tier, agreed."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    _press(qtbot, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: getattr(window, "partner_dialog", None) is not None and window.partner_dialog.isVisible())
    dialog = window.partner_dialog
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.form.editors["code"])
    _type(qtbot, "KB-001")
    _press(qtbot, Qt.Key.Key_Tab)
    _type(qtbot, "Keyboard Works")
    _press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: bool(Services(db).roster_list.choices()))

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    _press(qtbot, Qt.Key.Key_2, CTRL)  # Ctrl+2: Roster
    roster = window.roster_page
    qtbot.waitUntil(lambda: roster.isAncestorOf(_focus()) and roster.model.rowCount() == 1)
    _tab_to(qtbot, roster.table)
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.partner_dialog is not dialog and window.partner_dialog.isVisible())
    dialog = window.partner_dialog
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    panel = dialog.sla_panel
    for _ in range(dialog.tabs.count()):
        if dialog.tabs.currentWidget().isAncestorOf(panel):
            break
        _press(qtbot, Qt.Key.Key_Tab, CTRL)
    _tab_to(qtbot, panel.buttons["new"])
    _press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: getattr(panel, "editor", None) is not None and panel.editor.isVisible())
    editor = panel.editor
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    _tab_to(qtbot, editor.form.editors["lead_time_target_days"])
    _type(qtbot, "10")
    _press(qtbot, Qt.Key.Key_Tab, CTRL)  # Ctrl+Tab: Price tiers
    assert editor.tabs.currentIndex() == 1
    _tab_to(qtbot, editor.add_tier_button)
    _press(qtbot, Qt.Key.Key_Space)  # a new tier, its From quantity open for typing
    _type(qtbot, "1")
    _press(qtbot, Qt.Key.Key_Tab)  # on to Unit price, open for typing
    _type(qtbot, "9.50")
    _press(qtbot, Qt.Key.Key_S, CTRL)  # the price still being typed counts
    qtbot.waitUntil(lambda: tasks_running() == 0 and panel.model.rowCount() == 1)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    _tab_to(qtbot, panel.view)  # selects the only version (Agree… stayed disabled: nothing was selected)
    _tab_to(qtbot, panel.buttons["agree"])
    _press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: tasks_running() == 0)
    partner_id = Services(db).roster_list.choices()[0].id
    versions = SlaService(db).list_versions(partner_id)
    assert [v.status for v in versions] == ["agreed"]
    assert [(t.min_qty, t.unit_price) for t in versions[0].price_tiers] == [(1, Decimal("9.50"))]
    _press(qtbot, Qt.Key.Key_Escape)  # the SLA tab saved on its own: Esc closes the partner
    qtbot.waitUntil(lambda: not dialog.isVisible())


def _order_saved_and_sent(qtbot: QtBot, db: Database, window: MainWindow, code: str, total: str, sheet: Path) -> None:
    """Ctrl+Shift+O, typed partner, SKU and quantity with Enter, Ctrl+Enter saves; Ctrl+5, Tab, Space sends."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    _press(qtbot, Qt.Key.Key_O, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: getattr(window, "order_dialog", None) is not None and window.order_dialog.isVisible())
    dialog = window.order_dialog
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.partner)
    _type(qtbot, code)
    _press(qtbot, Qt.Key.Key_Tab)
    assert _focus() is dialog.order_date
    _type(qtbot, "2026-05-04")
    _tab_to(qtbot, dialog.sku_picker)
    _type(qtbot, "mf-tee")
    _press(qtbot, Qt.Key.Key_Tab)
    assert _focus() is dialog.quantity
    _type(qtbot, "60")
    _press(qtbot, Qt.Key.Key_Return)  # Enter in the quantity adds the line (it used to do nothing)
    assert [(r["sku_code"], r["quantity"]) for r in dialog.lines.rows()] == [("MF-TEE", 60)]
    qtbot.waitUntil(lambda: f"Total {total} EUR" in dialog.summary.text())
    _press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: bool(Services(db).orders.list_orders().rows))
    assert Services(db).orders.list_orders().rows[0].status == OrderStatus.DRAFT

    page = window.orders_page
    window.activateWindow()  # what the window manager does when a dialog closes
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    _press(qtbot, Qt.Key.Key_5, CTRL)  # Ctrl+5: Orders (the sidebar takes no focus)
    qtbot.waitUntil(lambda: page.isAncestorOf(_focus()) and page.model.rowCount() == 1)
    _tab_to(qtbot, page.table)
    assert page.selected() is not None  # Tab into the one-row list selects it (nothing was selected before)
    _tab_to(qtbot, page.send_button)
    _press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: tasks_running() == 0 and sheet.exists())
    assert Services(db).orders.list_orders().rows[0].status == OrderStatus.SENT


def _inspection_finished(qtbot: QtBot, db: Database, window: MainWindow, code: str, asked: list[str]) -> None:
    """Ctrl+4, Tab to New inspection…, a typed partner and Enter start it; keys answer every item; Finish locks."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    _press(qtbot, Qt.Key.Key_4, CTRL)  # Ctrl+4: Quality
    page = window.quality_page
    qtbot.waitUntil(lambda: page.isAncestorOf(_focus()))  # the keyboard starts in the page shown
    _tab_to(qtbot, page.new_button)
    _press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: getattr(page, "start_dialog", None) is not None and page.start_dialog.isVisible())
    start = page.start_dialog
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start.partner)
    _type(qtbot, code)
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: getattr(page, "runner", None) is not None and page.runner.isVisible())
    runner = page.runner
    runner.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is runner)
    _press(qtbot, Qt.Key.Key_P)  # clean workplace
    _press(qtbot, Qt.Key.Key_P)  # fire exits
    assert _focus() is runner.panel.value_edit  # a measured item takes the typed value at once
    _type(qtbot, "10,4")
    _press(qtbot, Qt.Key.Key_Return)
    _press(qtbot, Qt.Key.Key_1)  # colour: the first option
    assert runner.panel.text_edit is not None
    _type(qtbot, "Owner present")
    _press(qtbot, Qt.Key.Key_Return, CTRL)  # saves the text and leaves the box (arrows stayed in it before)
    assert _focus() is runner
    _press(qtbot, Qt.Key.Key_Right)
    _press(qtbot, Qt.Key.Key_N)  # photo: not applicable
    qtbot.waitUntil(lambda: runner.wait_until_saved() and tasks_running() == 0, timeout=10_000)
    _tab_to(qtbot, runner.finish_button)
    _press(qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: tasks_running() == 0 and runner.reopen_button.isVisible())
    assert asked and asked[0].startswith("Finish ")
    started = Services(db).inspections.list_inspections()[0]
    stored = Services(db).inspections.get(started.id)
    assert stored.finished and len(stored.answers) == 6
    runner.close()


def test_the_whole_walk_by_keyboard(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13's walk by keys alone: new partner, SLA agreed (with a price tier), order typed and sent, inspection finished."""
    make_template(db)
    with db.session() as session:
        add_demo_skus(session)  # the catalogue is there before the walk
    asked: list[str] = []
    monkeypatch.setattr(messages, "ask_date", lambda *_args: dt.date(2026, 5, 1))
    monkeypatch.setattr(messages, "confirm", lambda _parent, title, _text: asked.append(title) or True)
    sheet = tmp_path / "sheet.xlsx"
    monkeypatch.setattr(messages, "save_path", lambda *_args: str(sheet))
    window = open_window(qtbot, db)
    _new_partner_with_agreed_sla(qtbot, db, window)
    _order_saved_and_sent(qtbot, db, window, "KB-001", "570.00", sheet)  # 60 at the typed tier of 9.50
    _inspection_finished(qtbot, db, window, "KB-001", asked)


def test_an_order_by_keyboard_is_priced_on_an_existing_sla(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The order step on a partner whose SLA has volume tiers: the typed line gets its tier price before saving."""
    partner_with_sla(db)
    sheet = tmp_path / "sheet.xlsx"
    monkeypatch.setattr(messages, "save_path", lambda *_args: str(sheet))
    _order_saved_and_sent(qtbot, db, open_window(qtbot, db), "MF1", "654.00", sheet)
