"""Dashboard links: "… and N more" opens the whole list, a drifting partner opens its scorecard, critical actions."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.ui.dialogs.attention_list_dialog import AttentionListDialog
from microfactory_desk.ui.dialogs.partner_dialog import PartnerDialog
from microfactory_desk.ui.dialogs.scorecard_dialog import ScorecardDialog
from microfactory_desk.ui.main_window import MainWindow
from microfactory_desk.ui.tasks import tasks_running
from tests.conftest import TODAY
from tests.services import attention_data as make
from tests.ui.conftest import open_window


def _loaded(qtbot: QtBot, db: Database) -> MainWindow:
    window = open_window(qtbot, db)
    window.show_page("dashboard")
    qtbot.waitUntil(lambda: window.dashboard_page.board is not None and tasks_running() == 0)
    return window


def test_and_more_opens_the_full_list_whose_items_open(qtbot: QtBot, db: Database) -> None:
    """With 30 follow-ups due the card lists those that fit; "… and N more" counts the rest and lists all 30."""
    pid = make.partner(db)
    for days in range(30):
        make.follow_up(db, pid, TODAY - dt.timedelta(days=days), step=f"Step {days}")
    window = _loaded(qtbot, db)
    card = window.dashboard_page.cards["follow_ups"]
    shown = card.shown_rows()
    assert 0 < shown < 30 and card.more.isVisible() and f"{30 - shown} more" in card.more.text()
    card.more.linkActivated.emit("more")
    qtbot.waitUntil(lambda: isinstance(getattr(window.dashboard_page, "full_list", None), AttentionListDialog))
    dialog = window.dashboard_page.full_list
    assert dialog.model.rowCount() == 30
    dialog.list.scrollTo(dialog.model.index(29, 0))
    rect = dialog.list.visualRect(dialog.model.index(29, 0))
    qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: isinstance(getattr(window, "partner_dialog", None), PartnerDialog))
    window.partner_dialog.close()
    dialog.close()


def test_a_drifting_partner_opens_its_scorecard(qtbot: QtBot, db: Database) -> None:
    """A click on a "Partners drifting" item opens the scorecard that explains the drift, not the partner's details."""
    pid = make.partner(db, "FELL", "Fell Works")
    make.snapshot(db, pid, "2026-Q3", dt.date(2026, 9, 30), "strategic")
    make.snapshot(db, pid, "2026-Q4", dt.date(2026, 12, 31), "exit", breaches=2)
    window = _loaded(qtbot, db)
    card = window.dashboard_page.cards["scorecards"]
    assert card.model.rowCount() == 1
    rect = card.list.visualRect(card.model.index(0, 0))
    qtbot.mouseClick(card.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.current_page() is window.scorecards_page)
    qtbot.waitUntil(lambda: bool(window.scorecards_page.findChildren(ScorecardDialog)))
    assert getattr(window, "partner_dialog", None) is None or not window.partner_dialog.isVisible()
    for dialog in window.scorecards_page.findChildren(ScorecardDialog):
        dialog.close()


def test_open_critical_actions_have_their_own_card(qtbot: QtBot, db: Database) -> None:
    """A critical action not yet due is listed on "Critical actions open"; a medium one is not."""
    pid = make.partner(db)
    make.action(db, pid, TODAY + dt.timedelta(days=5), severity="critical")
    make.action(db, pid, TODAY + dt.timedelta(days=5))
    window = _loaded(qtbot, db)
    card = window.dashboard_page.cards["actions_critical"]
    assert card.count.text() == "1"
