"""One editor per record: a double-click (Qt emits activated and doubleClicked) opens one editor, not two."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.ui.main_window import MainWindow
from microfactory_desk.ui.tasks import tasks_running
from tests.ui.conftest import open_window
from tests.ui.demo_db import build_demo_file, demo_copy


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


def _editors(kind: str) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if type(w).__name__ == kind and w.isVisible()]


def _double_click(qtbot: QtBot, view: QAbstractItemView, row: int = 0) -> None:
    """A real double-click on a row: Qt emits doubleClicked and activated."""
    qtbot.waitUntil(lambda: view.model().rowCount() > row and tasks_running() == 0)
    index = view.model().index(row, 0)
    view.scrollTo(index)
    pos = view.visualRect(index).center()
    # QTest's double-click sends only the second press; a real one starts with a press and release.
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def _window(qtbot: QtBot, demo: Database, page: str) -> MainWindow:
    window = open_window(qtbot, demo)
    window.show_page(page)
    return window


def test_roster_double_click_opens_one_partner_editor(qtbot: QtBot, demo: Database) -> None:
    """A double-click on a roster row opens one partner editor, and a second request brings it forward."""
    window = _window(qtbot, demo, "roster")
    _double_click(qtbot, window.roster_page.table)
    qtbot.waitUntil(lambda: len(_editors("PartnerDialog")) >= 1)
    assert len(_editors("PartnerDialog")) == 1
    window.open_partner(window.roster_page.model.partner_id(0))
    assert len(_editors("PartnerDialog")) == 1


def test_follow_ups_double_click_opens_one_partner_editor(qtbot: QtBot, demo: Database) -> None:
    """Follow-ups: a double-click opens one partner editor (it shares the roster's registry)."""
    window = _window(qtbot, demo, "follow-ups")
    _double_click(qtbot, window.follow_ups_page.table)
    qtbot.waitUntil(lambda: len(_editors("PartnerDialog")) >= 1)
    assert len(_editors("PartnerDialog")) == 1


def test_orders_double_click_opens_one_order_editor(qtbot: QtBot, demo: Database) -> None:
    """Orders: a double-click opens one order editor."""
    window = _window(qtbot, demo, "orders")
    _double_click(qtbot, window.orders_page.table)
    qtbot.waitUntil(lambda: len(_editors("OrderDialog")) >= 1)
    assert len(_editors("OrderDialog")) == 1


def test_quality_double_click_opens_one_runner(qtbot: QtBot, demo: Database) -> None:
    """Quality: a double-click on an inspection opens one runner."""
    window = _window(qtbot, demo, "quality")
    _double_click(qtbot, window.quality_page.inspection_view)
    qtbot.waitUntil(lambda: len(_editors("InspectionRunnerDialog")) >= 1)
    assert len(_editors("InspectionRunnerDialog")) == 1


def test_corrective_actions_double_click_opens_one_editor(qtbot: QtBot, demo: Database) -> None:
    """Quality, corrective actions tab: a double-click opens one follow-up dialog."""
    window = _window(qtbot, demo, "quality")
    window.quality_page.tabs.setCurrentIndex(1)
    _double_click(qtbot, window.quality_page.action_view)
    qtbot.waitUntil(lambda: len(_editors("CorrectiveActionDialog")) >= 1)
    assert len(_editors("CorrectiveActionDialog")) == 1


def test_template_double_click_twice_opens_one_editor(qtbot: QtBot, demo: Database) -> None:
    """Quality, templates tab: a second double-click on the same template brings its editor forward."""
    window = _window(qtbot, demo, "quality")
    page = window.quality_page
    page.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: page.template_model.rowCount() > 0)
    page.template_view.setCurrentIndex(page.template_model.index(0, 0))
    page.edit_template()
    page.edit_template()
    assert len(_editors("TemplateEditorDialog")) == 1


def test_pilots_request_twice_opens_one_editor(qtbot: QtBot, demo: Database) -> None:
    """Pilots: asking twice to edit the same pilot opens one editor."""
    window = _window(qtbot, demo, "pilots")
    page = window.pilots_page
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and tasks_running() == 0)
    page.edit_pilot(page.model.row(0))
    page.edit_pilot(page.model.row(0))
    assert len(_editors("PilotDialog")) == 1


def test_skus_double_click_opens_one_editor(qtbot: QtBot, demo: Database) -> None:
    """SKU catalogue: a double-click opens one SKU editor."""
    window = _window(qtbot, demo, "skus")
    _double_click(qtbot, window.skus_page.table)
    qtbot.waitUntil(lambda: len(_editors("SkuDialog")) >= 1)
    assert len(_editors("SkuDialog")) == 1


def test_dashboard_card_clicked_twice_opens_one_editor(qtbot: QtBot, demo: Database) -> None:
    """Dashboard: a double-click on a card item (clicked twice, then activated) opens one editor."""
    window = _window(qtbot, demo, "dashboard")
    page = window.dashboard_page
    qtbot.waitUntil(lambda: bool(page.cards) and tasks_running() == 0)
    card = next(c for c in page.cards.values() if c.model.rowCount() > 0)
    index: QModelIndex = card.model.index(0, 0)
    for _ in range(3):
        card.list.activated.emit(index)
    qtbot.waitUntil(lambda: tasks_running() == 0)
    open_now = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]
    assert len(open_now) == 1, [type(w).__name__ for w in open_now]


def test_sla_version_opened_twice_is_one_editor(qtbot: QtBot, demo: Database) -> None:
    """A partner's SLA tab: opening the same version twice shows one version editor."""
    window = _window(qtbot, demo, "roster")
    window.open_partner(window.roster_page.model.partner_id(0), "SLA")
    qtbot.waitUntil(lambda: len(_editors("PartnerDialog")) == 1)
    panel = _editors("PartnerDialog")[0].sla_panel  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0)
    panel.view.selectRow(0)
    panel.open_selected()
    panel.open_selected()
    assert len(_editors("SlaVersionDialog")) == 1
