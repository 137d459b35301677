"""The inspection runner filled in with the keyboard, and the Quality page listing what the service holds."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from microfactory_desk import clock
from microfactory_desk.db import Database, open_database
from microfactory_desk.ui.dialogs.inspection_runner import InspectionRunnerDialog
from microfactory_desk.ui.tasks import tasks_running
from microfactory_desk.wiring import Services
from tests.quality_helpers import make_partner, make_template, start_inspection
from tests.ui.conftest import open_window


def _runner(services: Services, inspection_id: int) -> InspectionRunnerDialog:
    """The runner on a stored inspection, handed the quality services the way the Quality page hands them."""
    return InspectionRunnerDialog(
        services.inspections.get(inspection_id),
        inspections=services.inspections,
        photos=services.photos,
        actions=services.actions,
        reports=services.inspection_reports,
    )


def _settled(qtbot: QtBot, runner: InspectionRunnerDialog) -> None:
    qtbot.waitUntil(lambda: runner.wait_until_saved() and tasks_running() == 0, timeout=10_000)


def test_fill_an_inspection_with_the_keyboard(qtbot: QtBot, db: Database) -> None:
    """P, F, arrows, a typed value with Enter, a digit for a choice, Ctrl+Enter for a note, N: all saved at once."""
    services = Services(db)
    template = make_template(db)
    ins = start_inspection(db, make_partner(db), template.id)
    runner = _runner(services, ins.id)
    qtbot.addWidget(runner)
    runner.show()
    runner.activateWindow()
    qtbot.waitExposed(runner)
    assert "item 1 of 6" in runner.position_label.text()

    qtbot.keyClick(runner, Qt.Key.Key_P)  # clean workplace: pass, moves on
    assert "item 2 of 6" in runner.position_label.text()
    assert runner.critical_label.isVisible()
    qtbot.keyClick(runner, Qt.Key.Key_F)  # fire exits (critical): fail, stays to raise an action
    assert runner.action_button.isVisible()
    qtbot.keyClick(runner, Qt.Key.Key_Right)
    assert runner.panel.value_edit is not None and runner.focusWidget() is runner.panel.value_edit
    qtbot.keyClicks(runner.panel.value_edit, "10,4")
    qtbot.keyClick(runner.panel.value_edit, Qt.Key.Key_Return)
    assert "item 4 of 6" in runner.position_label.text()
    qtbot.keyClick(runner, Qt.Key.Key_2)  # colour: second option, "Off", which fails: the item stays
    assert "item 4 of 6" in runner.position_label.text() and runner.action_button.isVisible()
    qtbot.keyClick(runner, Qt.Key.Key_Down)
    assert runner.panel.text_edit is not None
    qtbot.keyClicks(runner.panel.text_edit, "Owner present")
    qtbot.keyClick(runner.panel.text_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(runner, Qt.Key.Key_Right)
    assert "item 6 of 6" in runner.position_label.text()
    qtbot.keyClick(runner, Qt.Key.Key_N)  # photo item: not applicable
    _settled(qtbot, runner)

    stored = services.inspections.get(ins.id)
    clean, exits, length, colour, remarks, photo = template.items()
    assert stored.answers[clean.id].result == "pass"
    assert stored.answers[exits.id].result == "fail"
    assert stored.answers[length.id].measured == Decimal("10.4")
    assert stored.answers[colour.id].choice == "Off"
    assert stored.answers[remarks.id].text == "Owner present"
    assert stored.answers[photo.id].result == "na"
    assert (stored.score.pct, stored.score.outcome) == (Decimal("50.00"), "failed")
    assert runner.score_label.text() == "In progress · 6 of 6 answered · 50 % so far"  # "Failed" only once finished
    assert "Fire exits clear" in runner.explanation.text()
    assert runner.progress.value() == 6


def test_finished_inspection_ignores_keys(qtbot: QtBot, db: Database) -> None:
    """A locked inspection shows the banner and answer keys change nothing."""
    services = Services(db)
    template = make_template(db)
    ins = start_inspection(db, make_partner(db), template.id)
    services.inspections.finish(ins.id)
    runner = _runner(services, ins.id)
    qtbot.addWidget(runner)
    runner.show()
    qtbot.waitExposed(runner)
    assert runner.locked_banner.isVisible() and runner.reopen_button.isVisible()
    qtbot.keyClick(runner, Qt.Key.Key_P)
    _settled(qtbot, runner)
    assert services.inspections.get(ins.id).answers == {}


def test_quality_page_lists_templates_and_inspections(qtbot: QtBot, db: Database) -> None:
    """The page shows the shipped checklists and the started inspection, opened in the runner by Enter."""
    ins = start_inspection(db, make_partner(db), make_template(db).id)
    window = open_window(qtbot, db)
    window.start_of_day()  # as start_gui does after the first paint: installs the shipped checklists
    window.show_page("quality")
    page = window.quality_page
    qtbot.waitUntil(lambda: page.inspection_model.rowCount() == 1, timeout=10_000)
    assert page.inspection_model.row(0).number == ins.number
    page.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: page.template_model.rowCount() == 4, timeout=10_000)
    page.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: tasks_running() == 0)
    page.inspection_view.setCurrentIndex(page.inspection_model.index(0, 0))
    page.open_button.click()
    qtbot.waitUntil(lambda: page.runner is not None and page.runner.isVisible(), timeout=10_000)
    assert ins.number in page.runner.title.text()
    page.runner.close()


def test_partner_dialog_shows_inspections_and_open_actions(qtbot: QtBot, db: Database) -> None:
    """The partner's Quality tab lists its inspection and its overdue action."""
    import datetime as dt

    from microfactory_desk.schemas.quality import validate_action

    pid = make_partner(db)
    ins = start_inspection(db, pid, make_template(db).id)
    due = clock.today() - dt.timedelta(days=3)
    action = {"partner_id": pid, "description": "Clear exits", "raised_on": due - dt.timedelta(days=10), "due_on": due}
    Services(db).actions.raise_action(validate_action(action))
    window = open_window(qtbot, db)
    window.open_partner(pid, "Quality")
    qtbot.waitUntil(lambda: hasattr(window, "partner_dialog") and tasks_running() == 0, timeout=10_000)
    panel = window.partner_dialog.quality_panel
    qtbot.waitUntil(lambda: panel.inspections.rowCount() == 1, timeout=10_000)
    assert panel.inspections.row(0).number == ins.number
    assert panel.open_actions.rowCount() == 1
    assert panel.actions_label.text() == "Open corrective actions (1, 1 overdue)"
    assert window.partner_dialog.tabs.tabText(window.partner_dialog.tabs.currentIndex()) == "Quality"
    window.partner_dialog.close()


def test_bad_value_is_refused_in_place_and_photo_is_attached(
    qtbot: QtBot, db: Database, tmp_path: object, monkeypatch: object
) -> None:
    """Too many decimals stay in the box with a message; 'A' on a photo item copies the chosen file in."""
    import pytest
    from PIL import Image

    from microfactory_desk.ui.dialogs import messages

    assert isinstance(monkeypatch, pytest.MonkeyPatch) and isinstance(tmp_path, Path)
    services = Services(db)
    template = make_template(db)
    ins = start_inspection(db, make_partner(db), template.id)
    runner = _runner(services, ins.id)
    qtbot.addWidget(runner)
    runner.show()
    runner.go_to(2)
    assert runner.panel.value_edit is not None
    qtbot.keyClicks(runner.panel.value_edit, "10.123456")
    qtbot.keyClick(runner.panel.value_edit, Qt.Key.Key_Return)
    assert "item 3 of 6" in runner.position_label.text()
    assert "decimals" in runner.panel.error.text()
    image = tmp_path / "line.png"
    Image.new("RGB", (300, 200), (10, 90, 60)).save(image)
    monkeypatch.setattr(messages, "open_path", lambda *_args: str(image))
    runner.go_to(5)
    qtbot.keyClick(runner, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: len(runner._ins.photos) == 1 and tasks_running() == 0, timeout=10_000)
    stored = services.inspections.get(ins.id)
    assert template.items()[2].id not in stored.answers
    assert [p.file_name for p in stored.photos] == ["line.png"]
    assert "item 6 of 6" in runner.position_label.text() and "Passes" in runner.verdict_label.text()


def test_quality_page_follows_a_database_opened_later(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    """The page's providers read the window's services when called: after Open database it lists the new file."""
    other = open_database(str(tmp_path / "other.sqlite"))
    ins = start_inspection(other, make_partner(other), make_template(other).id)
    other.close()
    window = open_window(qtbot, db)
    window.show_page("quality")
    page = window.quality_page
    qtbot.waitUntil(lambda: tasks_running() == 0, timeout=10_000)
    assert page.inspection_model.rowCount() == 0
    window.file_actions.switch_database(str(tmp_path / "other.sqlite"))
    qtbot.waitUntil(lambda: page.inspection_model.rowCount() == 1 and tasks_running() == 0, timeout=10_000)
    assert page.inspection_model.row(0).number == ins.number
