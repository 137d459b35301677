"""Every dialog fits a 1280x720 and a 1366x768 laptop screen: its size and its minimum stay inside the free area."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QRect
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.ui import screen_fit
from microfactory_desk.ui.main_window import MainWindow
from microfactory_desk.ui.tasks import tasks_running
from tests.ui.conftest import open_window
from tests.ui.demo_db import build_demo_file, demo_copy
from tests.ui.test_discard_changes import EDITORS, _dialog, _open_partner

SCREENS = [(1280, 720), (1366, 768)]
TASK_BAR = 40  # the free area is the screen less a task bar


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, built once for this module."""
    return build_demo_file(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    """A copy of the demo database for one test."""
    database = demo_copy(demo_file, tmp_path)
    yield database
    database.close()


def _open_runner(window: MainWindow) -> QWidget:
    window.show_page("quality")
    page = window.quality_page
    page.open_inspection(page.inspection_model.row(0).id)
    return _dialog("InspectionRunnerDialog")


def _open_scorecard(window: MainWindow) -> QWidget:
    window.show_page("scorecards")
    page = window.scorecards_page
    page.open_scorecard(page.model.row(0).code)
    return _dialog("ScorecardDialog")


def _open_sla_compare(window: MainWindow) -> QWidget:
    for row in range(window.roster_page.model.rowCount()):
        window.open_partner(window.roster_page.model.partner_id(row), "SLA")
        partner = _dialog("PartnerDialog")
        panel = partner.sla_panel  # type: ignore[attr-defined]
        if panel.model.rowCount() >= 2:
            selection = panel.view.selectionModel()
            flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            for version in (0, 1):
                selection.select(panel.model.index(version, 0), flags)
            panel.compare_selected()
            return _dialog("SlaCompareDialog")
        partner.close()
    raise AssertionError("no demo partner with two SLA versions")


DIALOGS: dict[str, Callable[[MainWindow], QWidget]] = {
    **EDITORS,
    "partner (existing)": _open_partner,
    "inspection runner": _open_runner,
    "scorecard": _open_scorecard,
    "sla compare": _open_sla_compare,
}


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(DIALOGS))
def test_dialog_fits_the_laptop_screen(
    qtbot: QtBot, demo: Database, monkeypatch: pytest.MonkeyPatch, name: str, screen: tuple[int, int]
) -> None:
    """The dialog opens no larger than the free area, and its layout's minimum fits too (buttons reachable)."""
    room = QRect(0, 0, screen[0], screen[1] - TASK_BAR)
    monkeypatch.setattr(screen_fit, "available_area", lambda _parent=None: room)
    window = open_window(qtbot, demo)
    qtbot.waitUntil(lambda: tasks_running() == 0)
    dialog = DIALOGS[name](window)
    qtbot.waitUntil(lambda: tasks_running() == 0)
    QApplication.processEvents()
    frame = screen_fit.FRAME_ALLOWANCE
    size, minimum = dialog.size(), dialog.minimumSizeHint()
    assert size.width() <= room.width() - frame[0] and size.height() <= room.height() - frame[1], size
    assert minimum.width() <= size.width() and minimum.height() <= size.height(), minimum


@pytest.mark.parametrize("name", list(DIALOGS))
def test_dialog_buttons_share_one_style(qtbot: QtBot, demo: Database, name: str) -> None:
    """No dialog button shows a stock icon, and the accepting button (Save, OK, Start) is the app's primary one."""
    from PySide6.QtWidgets import QDialogButtonBox

    from microfactory_desk.ui import theme

    window = open_window(qtbot, demo)
    qtbot.waitUntil(lambda: tasks_running() == 0)
    dialog = DIALOGS[name](window)
    qtbot.waitUntil(lambda: tasks_running() == 0)
    for box in dialog.findChildren(QDialogButtonBox):
        for button in box.buttons():
            assert button.icon().isNull(), button.text()
            if box.buttonRole(button) == QDialogButtonBox.ButtonRole.AcceptRole:
                assert button.styleSheet() == theme.PRIMARY_SHEET, button.text()


LONG_NAMES = {
    "words": " ".join(["Manufaktura"] * 16)[:200],  # the longest name a partner may have, in words
    "one word": "Z" * 200,  # pasted without spaces
}


@pytest.mark.parametrize("long_name", list(LONG_NAMES))
@pytest.mark.parametrize("name", list(DIALOGS))
def test_a_200_character_partner_name_does_not_widen_a_dialog(
    qtbot: QtBot, demo: Database, monkeypatch: pytest.MonkeyPatch, name: str, long_name: str
) -> None:
    """Every partner named with 200 characters: each dialog still fits 1366x768 (the scorecard grew to 2,433 px)."""
    from sqlalchemy import text

    with demo.session() as session:
        session.execute(text("UPDATE partner SET name = :name"), {"name": LONG_NAMES[long_name]})
    room = QRect(0, 0, 1366, 768 - TASK_BAR)
    monkeypatch.setattr(screen_fit, "available_area", lambda _parent=None: room)
    window = open_window(qtbot, demo)
    qtbot.waitUntil(lambda: tasks_running() == 0)
    dialog = DIALOGS[name](window)
    qtbot.waitUntil(lambda: tasks_running() == 0)
    QApplication.processEvents()
    frame = screen_fit.FRAME_ALLOWANCE
    size, minimum = dialog.size(), dialog.minimumSizeHint()
    wide = [type(w).__name__ for w in dialog.findChildren(QWidget) if w.minimumSizeHint().width() > room.width()]
    assert size.width() <= room.width() - frame[0] and minimum.width() <= room.width() - frame[0], (size, wide)
