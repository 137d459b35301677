"""The dashboard as the first page: items a click away, the welcome state, the horizons dialog."""

from __future__ import annotations

import datetime as dt
import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.schemas.periods import quarter
from microfactory_desk.services.dashboard.service import DashboardService
from microfactory_desk.ui import settings
from microfactory_desk.ui.dialogs.partner_dialog import PartnerDialog
from microfactory_desk.ui.main_window import MainWindow
from microfactory_desk.ui.tasks import tasks_running
from microfactory_desk.ui.widgets.attention_card import AttentionCardWidget
from microfactory_desk.wiring import Services
from tests.conftest import TODAY
from tests.services import attention_data as make
from tests.ui.conftest import open_window


def _loaded(qtbot: QtBot, db: Database) -> MainWindow:
    window = open_window(qtbot, db)
    window.show_page("dashboard")  # another test may have left a different page remembered
    qtbot.waitUntil(lambda: window.dashboard_page.board is not None and tasks_running() == 0)
    return window


def _click_first(qtbot: QtBot, card: AttentionCardWidget) -> None:
    """A real mouse click on the first item of a card."""
    rect = card.list.visualRect(card.model.index(0, 0))
    qtbot.mouseClick(card.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_app_opens_on_the_dashboard(qtbot: QtBot, db: Database) -> None:
    """A new user lands on the dashboard; the page they leave open is the one they come back to."""
    make.partner(db)
    window = _loaded(qtbot, db)
    assert window.current_page() is window.dashboard_page
    window.show_page("pilots")
    window.close()
    again = open_window(qtbot, db)
    assert again.current_page() is again.pilots_page
    again.show_page("dashboard")
    again.close()


def test_the_window_starts_reading_the_dashboard_before_building_it(qtbot: QtBot, db: Database) -> None:
    """Opening on the dashboard starts its cards' read before the window builds anything, and the page shows
    that very board; opening on another page reads nothing of the dashboard's."""
    make.partner(db)
    settings.put("window/page", "roster")
    elsewhere = open_window(qtbot, db)
    assert elsewhere.first_board is None and "dashboard" not in elsewhere._pages  # noqa: SLF001
    elsewhere.close()
    settings.put("window/page", "dashboard")
    window = open_window(qtbot, db)
    assert window.first_board is not None
    qtbot.waitUntil(lambda: window.dashboard_page.board is not None and tasks_running() == 0)
    assert window.dashboard_page.board is window.first_board.board
    assert window.dashboard_page.cards["no_sla"].count.text() == "1"
    window.close()


def test_clicking_a_dashboard_item_opens_its_partner(qtbot: QtBot, db: Database) -> None:
    """One click on an overdue follow-up opens that partner's editor."""
    make.partner(db, "QUIET", "Quiet Works", stage="prospect")
    pid = make.partner(db, "LATE-1", "Łódź Print Lab", stage="prospect")
    make.follow_up(db, pid, TODAY - dt.timedelta(days=3), step="Send revised quote")
    window = _loaded(qtbot, db)
    card = window.dashboard_page.cards["follow_ups"]
    assert card.count.text() == "1" and card.model.rowCount() == 1
    assert "3 days overdue" in card.model.index(0, 0).data()
    _click_first(qtbot, card)
    qtbot.waitUntil(lambda: isinstance(getattr(window, "partner_dialog", None), PartnerDialog))
    qtbot.waitUntil(lambda: tasks_running() == 0)
    dialog = window.partner_dialog
    assert dialog.isVisible()
    assert dialog.form.editors["code"].text() == "LATE-1"  # type: ignore[union-attr]
    assert dialog.tabs.currentWidget() is dialog.negotiation_panel  # where the follow-up lives


def test_a_late_order_opens_in_the_order_editor(qtbot: QtBot, db: Database) -> None:
    """A click on a late order emits open_order_requested and the window opens that order's editor."""
    pid = make.partner(db, "ORD-1", "Order Works")
    order_id = make.order(db, pid, "confirmed", requested=TODAY - dt.timedelta(days=1))
    make.order_line(db, order_id, make.sku(db))
    window = _loaded(qtbot, db)
    card = window.dashboard_page.cards["orders_late"]
    with qtbot.waitSignal(window.dashboard_page.open_order_requested) as signal:
        _click_first(qtbot, card)
    assert signal.args == [order_id]
    qtbot.waitUntil(lambda: getattr(window, "order_dialog", None) is not None)
    qtbot.waitUntil(lambda: tasks_running() == 0)
    assert window.order_dialog.detail is not None and window.order_dialog.detail.id == order_id


def test_a_pilot_waiting_for_a_decision_opens_on_the_pilots_page(qtbot: QtBot, db: Database) -> None:
    """A click on a waiting pilot switches to the pilots page with that pilot selected."""
    pid, sku = make.partner(db), make.sku(db)
    ended = {"starts_on": TODAY - dt.timedelta(days=40), "ends_on": TODAY - dt.timedelta(days=30)}
    make.pilot(db, pid, sku, **ended, decision="stop", decision_reason="Slow")
    waiting = make.pilot(db, pid, sku, starts_on=TODAY - dt.timedelta(days=20), ends_on=TODAY - dt.timedelta(days=1))
    make.pilot(db, pid, sku, starts_on=TODAY, ends_on=TODAY + dt.timedelta(days=9))
    window = _loaded(qtbot, db)
    _click_first(qtbot, window.dashboard_page.cards["pilots_undecided"])
    page = window.pilots_page
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.selected() is not None and page.selected().id == waiting)
    assert window.current_page() is page
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.pilot.id == waiting)


def test_empty_database_welcomes_and_offers_demo_data(qtbot: QtBot, db: Database) -> None:
    """No partners: a welcome with three ways to start; loading the demo fills the cards."""
    window = _loaded(qtbot, db)
    page = window.dashboard_page
    assert page.stack.currentWidget() is page.welcome
    buttons = {b.text(): b for b in page.welcome.findChildren(QPushButton)}
    assert set(buttons) == {"Add a partner", "Import a roster…", "Load demo data"}
    qtbot.mouseClick(buttons["Load demo data"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.cards_area, timeout=30000)
    qtbot.waitUntil(lambda: tasks_running() == 0)
    assert page.board is not None and page.board.total > 0
    assert page.cards["pilots_undecided"].count.text() != "0"


def test_horizons_dialog_stores_the_setting(qtbot: QtBot, db: Database) -> None:
    """Changing a horizon in the dialog stores it for the GUI and the command line alike."""
    make.partner(db)
    window = _loaded(qtbot, db)
    qtbot.mouseClick(window.dashboard_page.settings_button, Qt.MouseButton.LeftButton)
    dialog = window.horizons_dialog
    dialog.spins["sla_days"].setValue(45)
    with qtbot.waitSignal(dialog.horizons_saved):
        dialog.save()
    assert DashboardService(db).horizons().sla_days == 45


def test_first_load_writes_nothing_and_refresh_records_the_fall(qtbot: QtBot, db: Database) -> None:
    """Start-up reads only; clicking Refresh records this quarter's snapshots and the fallen partner shows."""
    from tests.services.telemetry_fixtures import accept_any_evidence, add_line, add_partner, add_sla, deliver

    pid = add_partner(db, "FELL", "Fell Works")
    accept_any_evidence(db)
    add_sla(db, pid, valid_from=dt.date(2020, 1, 1))
    deliver(db, add_line(db, pid, sent_on=dt.date(2026, 7, 1)), "DN-Q3", dt.date(2026, 7, 5))
    deliver(db, add_line(db, pid, sent_on=dt.date(2026, 10, 1)), "DN-Q4", dt.date(2026, 11, 20), defective=30)
    Services(db).scorecards.record_snapshots(quarter(2026, 3), today=dt.date(2026, 10, 1))  # recorded back then
    assert db.file is not None
    watcher = sqlite3.connect(db.file)
    changes = watcher.execute("PRAGMA data_version").fetchone()[0]
    window = _loaded(qtbot, db)
    page = window.dashboard_page
    assert watcher.execute("PRAGMA data_version").fetchone()[0] == changes  # the first load committed nothing
    assert page.cards["scorecards"].model.rowCount() == 0  # strategic in Q3; this quarter not recorded yet
    qtbot.mouseClick(page.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.refresh_button.isEnabled())
    watcher.close()
    assert db.read("SELECT period, standing FROM scorecard_snapshot ORDER BY period") == [
        ("2026-Q3", "strategic"),
        ("2026-Q4", "exit"),
    ]
    card = page.cards["scorecards"]
    assert card.count.text() == "1"
    assert "Fell Works (FELL)" in card.model.index(0, 0).data()
    assert "2026-Q4: Exit (was Strategic)" in card.model.index(0, 0).data()


def test_cards_fill_the_page_and_show_the_rows_that_fit(qtbot: QtBot, db: Database) -> None:
    """The cards share the page height (taller window, more rows), with no inner scrollbar; the link counts the rest."""
    pid = make.partner(db)
    for days in range(30):
        make.follow_up(db, pid, TODAY - dt.timedelta(days=days), step=f"Step {days}")
    window = _loaded(qtbot, db)
    page = window.dashboard_page
    window.resize(1000, 560)
    qtbot.waitUntil(lambda: page.cards_area.viewport().height() < 500)
    card = page.cards["follow_ups"]
    qtbot.waitUntil(lambda: card.shown_rows() > 0)
    low = card.shown_rows()
    window.resize(1000, 1000)
    qtbot.waitUntil(lambda: card.shown_rows() > low)
    grid = page.cards_area.widget()
    last = page.cards[list(page.cards)[-1]]
    assert last.geometry().bottom() > grid.height() - 20  # the last row of cards reaches the page's bottom
    assert not card.list.verticalScrollBar().isVisible()
    last_shown = card.list.visualRect(card.model.index(card.shown_rows() - 1, 0))
    assert last_shown.bottom() <= card.list.viewport().height()  # the rows shown are whole
    assert f"{30 - card.shown_rows()} more" in card.more.text()
    assert card.list.viewport().cursor().shape() == Qt.CursorShape.PointingHandCursor  # the rows read as links
