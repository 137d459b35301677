"""The History tab's columns: people can widen them, the last one stretches, and a cut value shows whole as a tooltip."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QHeaderView
from pytestqt.qtbot import QtBot

from microfactory_desk.schemas.history import ChangeOut
from microfactory_desk.ui.widgets.history_tab import HistoryTab

LONG_NAME = "Anna-Maria " + "Wiśniewska-Kowalczyk " * 5 + "XXXX"
LONG_MAIL = "anna.maria.wisniewska-kowalczyk@example-procurement.com"


def _tab(qtbot: QtBot) -> HistoryTab:
    tab = HistoryTab()
    qtbot.addWidget(tab)
    tab.resize(780, 300)
    tab.show()
    when = dt.datetime(2026, 12, 1, 9, 30)
    tab.set_changes(
        [
            ChangeOut(changed_at=when, changed_by="Ann Example", field="f", label=f"Contact {LONG_NAME}, Email",
                      old_value="anna@example.com", new_value=LONG_MAIL),
        ]
    )  # fmt: skip
    qtbot.waitExposed(tab)
    return tab


def test_field_before_and_after_columns_can_be_resized_and_the_last_stretches(qtbot: QtBot) -> None:
    """Field and Before are interactive (a drag widens them), After fills the rest: no column is stuck at a share."""
    tab = _tab(qtbot)
    header = tab.view.horizontalHeader()
    assert [header.sectionResizeMode(c) for c in range(5)] == [QHeaderView.ResizeMode.Interactive] * 5
    assert header.stretchLastSection()
    edge = header.sectionPosition(4) + header.sectionSize(4)
    assert abs(edge - tab.view.viewport().width()) <= 1
    before = header.sectionSize(2)
    header.resizeSection(2, before + 60)  # what dragging the Field/Before border does
    assert header.sectionSize(2) == before + 60


def test_long_values_show_whole_in_a_tooltip(qtbot: QtBot) -> None:
    """A contact name or e-mail too long for its column is elided in the cell and whole in the cell's tooltip."""
    tab = _tab(qtbot)
    model = tab.model
    tips = [model.index(0, c).data(Qt.ItemDataRole.ToolTipRole) for c in (2, 3, 4)]
    assert tips == [f"Contact {LONG_NAME}, Email", "anna@example.com", LONG_MAIL]
    assert tab.empty.text() == "1 change, newest first"


def test_an_empty_history_says_so_at_the_top_of_the_tab(qtbot: QtBot) -> None:
    """With no changes the list hides and its one line stays at the top, not floating in the tab's middle."""
    tab = HistoryTab()
    qtbot.addWidget(tab)
    tab.resize(780, 400)
    tab.show()
    tab.set_changes([])
    qtbot.waitExposed(tab)
    QApplication.processEvents()  # the layout settles after the list is hidden
    assert not tab.view.isVisible()
    assert tab.empty.geometry().bottom() < 60


def test_short_field_and_before_values_leave_their_room_to_after(qtbot: QtBot) -> None:
    """A short field label and old value shrink their columns, so the new value shows whole (seen on a render)."""
    tab = HistoryTab()
    qtbot.addWidget(tab)
    tab.resize(780, 300)
    tab.show()
    when = dt.datetime(2026, 12, 1, 9, 30)
    new = "Łódź Szwalnia Sp. z o.o. — Zakład Produkcyjny nr 2"
    tab.set_changes([ChangeOut(changed_at=when, changed_by="Ann", field="name", label="Name", old_value="Łódź",
                               new_value=new)])  # fmt: skip
    qtbot.waitExposed(tab)
    QApplication.processEvents()
    after = tab.view.horizontalHeader().sectionSize(4)
    assert after >= tab.view.fontMetrics().horizontalAdvance(new) + 8, after
    assert tab.view.columnWidth(2) < 220 and tab.view.columnWidth(3) < 150
