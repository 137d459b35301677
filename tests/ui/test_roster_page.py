"""The roster page and partner editor driven like a user would, on a real database."""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.services.roster.partners import RosterService
from microfactory_desk.ui.dialogs.partner_dialog import PartnerDialog
from microfactory_desk.ui.main_window import MainWindow
from microfactory_desk.ui.table_models.roster_table_model import COL_CODE, COL_NAME
from microfactory_desk.ui.tasks import tasks_running
from tests.ui.conftest import open_window as _window


def _seed(db: Database) -> None:
    roster = RosterService(db)
    roster.create_partner(data=validate_partner({"code": "BULK-1", "name": "Nordic Bulk AB", "kind": "bulk_supplier"}))
    roster.create_partner(data=validate_partner({"code": "LDZ-1", "name": "Łódź Print Lab", "city": "Łódź"}))
    roster.create_partner(data=validate_partner({"code": "MUC-1", "name": "Müller & Söhne Textil", "city": "München"}))


def _closed(dialog: PartnerDialog) -> bool:
    """The dialog is gone (it deletes itself on close)."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def _open_dialog(qtbot: QtBot, window: MainWindow, row: int) -> PartnerDialog:
    page = window.roster_page
    index = page.model.index(row, COL_NAME)
    page.table.doubleClicked.emit(index)
    qtbot.waitUntil(lambda: isinstance(getattr(window, "partner_dialog", None), PartnerDialog))
    dialog = window.partner_dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_empty_database_shows_the_first_steps(qtbot: QtBot, db: Database) -> None:
    """A new user sees what to do instead of an empty table."""
    window = _window(qtbot, db)
    page = window.roster_page
    assert page.stack.currentWidget() is page.empty
    assert "empty" in page.empty.title.text()
    assert page.count_label.text() == "0 partners"


def test_search_as_you_type_filters_the_table(qtbot: QtBot, db: Database) -> None:
    """Typing narrows the rows (accent-insensitive) and the count says shown of total."""
    _seed(db)
    window = _window(qtbot, db)
    page = window.roster_page
    assert page.model.rowCount() == 3
    qtbot.keyClicks(page.search, "lodz")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)  # the search waits for a pause in typing
    assert page.model.index(0, COL_CODE).data() == "LDZ-1"
    assert page.count_label.text() == "1 of 3 shown"
    qtbot.keyClicks(page.search, "zzz")
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.no_match)
    page.clear_filters()
    assert page.model.rowCount() == 3


def test_kind_filter_and_sorting(qtbot: QtBot, db: Database) -> None:
    """Filtering by kind and clicking a header sort in SQL."""
    _seed(db)
    window = _window(qtbot, db)
    page = window.roster_page
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("bulk_supplier"))
    assert [page.model.index(r, COL_CODE).data() for r in range(page.model.rowCount())] == ["BULK-1"]
    page.kind_filter.setCurrentIndex(0)
    page.table.sortByColumn(COL_CODE, Qt.SortOrder.DescendingOrder)
    assert page.model.index(0, COL_CODE).data() == "MUC-1"


def test_open_edit_save_shows_the_change(qtbot: QtBot, db: Database) -> None:
    """Open a partner, rename it, move its stage with a reason, save: the table and history show it."""
    _seed(db)
    window = _window(qtbot, db)
    page = window.roster_page
    qtbot.keyClicks(page.search, "muller")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    dialog = _open_dialog(qtbot, window, 0)
    name = dialog.form.editors["name"]
    name.end(False)
    qtbot.keyClicks(name, " GmbH")  # keyClicks types ASCII only; the name keeps its umlauts
    stage = dialog.form.editors["stage"]
    stage.setCurrentIndex(stage.findData("pilot"))
    assert dialog.form.boxes["stage_reason"].isVisible()
    qtbot.keyClicks(dialog.form.editors["stage_reason"], "Pilot drop agreed")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _closed(dialog))
    qtbot.waitUntil(lambda: tasks_running() == 0)
    assert page.model.index(0, COL_NAME).data() == "Müller & Söhne Textil GmbH"
    detail = RosterService(db).get_partner(page.model.partner_id(0))
    assert (detail.history[0].to_stage, detail.history[0].reason) == ("pilot", "Pilot drop agreed")


def test_bad_input_is_shown_inline_and_nothing_is_saved(qtbot: QtBot, db: Database) -> None:
    """A bad email and a negative capacity are marked on their fields; the database is unchanged."""
    _seed(db)
    window = _window(qtbot, db)
    dialog = _open_dialog(qtbot, window, 0)
    capacity = dialog.form.editors["weekly_capacity"]
    capacity.clear()
    qtbot.keyClicks(capacity, "-5")
    dialog.contacts.add_row({"name": "Jan", "email": "jan(at)example"})
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.form.errors["weekly_capacity"].isVisible()
    assert "negative" in dialog.form.errors["weekly_capacity"].text()
    assert "Contact 1, Email" in dialog.contacts_error.text()
    assert dialog.tabs.tabText(1).startswith("⚠")
    assert RosterService(db).get_partner(window.roster_page.model.partner_id(0)).weekly_capacity is None


def test_new_partner_with_ctrl_n_and_duplicate_code(qtbot: QtBot, db: Database) -> None:
    """Ctrl+N opens an empty editor; a duplicate code is refused on the code field by the service."""
    _seed(db)
    window = _window(qtbot, db)
    window.new_partner_action.trigger()
    qtbot.waitUntil(lambda: isinstance(getattr(window, "partner_dialog", None), PartnerDialog))
    dialog = window.partner_dialog
    qtbot.keyClicks(dialog.form.editors["code"], "ldz-1")
    qtbot.keyClicks(dialog.form.editors["name"], "Another lab")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.form.errors["code"].isVisible())
    assert "already used" in dialog.form.errors["code"].text()
    dialog.form.editors["code"].clear()
    qtbot.keyClicks(dialog.form.editors["code"], "NEW-1")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _closed(dialog))
    qtbot.waitUntil(lambda: window.roster_page.model.total == 4)


def test_screenshot_command_writes_a_png(tmp_path: Path, db: Database, qtbot: QtBot) -> None:
    """`screenshot` renders the roster to a real PNG of the requested size."""
    from PySide6.QtGui import QImage

    from microfactory_desk.ui.screenshot import save_screenshot

    _seed(db)
    assert db.file is not None
    out = save_screenshot(str(db.file), tmp_path / "roster.png", page="roster", size=(1000, 700))
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 700)
