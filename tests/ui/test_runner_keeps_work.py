"""The inspection runner keeps typed notes, reads its progress honestly, summarises before locking and fits a laptop."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.dialogs.inspection_runner import InspectionRunnerDialog
from microfactory_desk.ui.tasks import tasks_running
from microfactory_desk.wiring import Services
from tests.quality_helpers import make_partner, make_template, start_inspection


def _open(qtbot: QtBot, db: Database) -> tuple[Services, InspectionRunnerDialog, list]:
    services = Services(db)
    template = make_template(db)
    ins = start_inspection(db, make_partner(db), template.id)
    runner = InspectionRunnerDialog(
        services.inspections.get(ins.id),
        inspections=services.inspections,
        photos=services.photos,
        actions=services.actions,
        reports=services.inspection_reports,
    )
    qtbot.addWidget(runner)
    runner.show()
    qtbot.waitExposed(runner)
    return services, runner, template.items()


def _settled(qtbot: QtBot, runner: InspectionRunnerDialog) -> None:
    qtbot.waitUntil(lambda: runner.wait_until_saved() and tasks_running() == 0, timeout=10_000)


def test_note_typed_before_the_answer_is_kept_and_esc_only_leaves_the_field(qtbot: QtBot, db: Database) -> None:
    """Type a note, press Esc: the runner stays open, the field is left, and F then fails the item with the note."""
    services, runner, items = _open(qtbot, db)
    note = runner.panel.note
    note.setFocus()
    qtbot.keyClicks(note, "Caliper calibration label expired 2025-03")
    qtbot.keyClick(note, Qt.Key.Key_Escape)
    assert runner.isVisible()
    assert runner.focusWidget() is not note
    qtbot.keyClick(runner, Qt.Key.Key_F)
    _settled(qtbot, runner)
    stored = services.inspections.get(runner.inspection.id).answers[items[0].id]
    assert (stored.result, stored.text) == ("fail", "Caliper calibration label expired 2025-03")


def test_note_without_an_answer_survives_moving_on_and_reopening(qtbot: QtBot, db: Database) -> None:
    """A note typed on an item that is left unanswered is stored, and shown again when the runner is reopened."""
    services, runner, items = _open(qtbot, db)
    qtbot.keyClicks(runner.panel.note, "Ask about the second shift")
    qtbot.mouseClick(runner.next_button, Qt.MouseButton.LeftButton)
    _settled(qtbot, runner)
    assert services.inspections.get(runner.inspection.id).answers[items[0].id].text == "Ask about the second shift"
    runner.close()
    again = InspectionRunnerDialog(
        services.inspections.get(runner.inspection.id),
        inspections=services.inspections,
        photos=services.photos,
        actions=services.actions,
        reports=services.inspection_reports,
    )
    qtbot.addWidget(again)
    assert "item 1 of 6" in again.position_label.text()  # a note alone does not answer the item
    assert again.panel.note.text() == "Ask about the second shift"


def test_header_says_in_progress_not_passed(qtbot: QtBot, db: Database) -> None:
    """After 1 of 6 answers the header reads "In progress · 1 of 6 answered", never "100 % — Passed"."""
    _services, runner, _items = _open(qtbot, db)
    qtbot.keyClick(runner, Qt.Key.Key_P)
    _settled(qtbot, runner)
    assert runner.score_label.text() == "In progress · 1 of 6 answered · 100 % so far"
    assert "Passed" not in runner.score_label.text()


def test_finish_shows_a_summary_and_locks_only_after_yes(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Finish lists failed items without a corrective action and the open ones; No leaves it open, Yes locks."""
    services, runner, _items = _open(qtbot, db)
    qtbot.keyClick(runner, Qt.Key.Key_P)
    qtbot.keyClick(runner, Qt.Key.Key_F)  # the critical "Fire exits clear" fails
    _settled(qtbot, runner)
    asked: list[str] = []
    answer = [False]
    monkeypatch.setattr(messages, "confirm", lambda _p, title, text: asked.append(text) or answer[0])
    runner.finish_button.click()
    _settled(qtbot, runner)
    assert "Fire exits clear  (critical)  — no corrective action yet" in asked[0]
    assert "2 of 5 scored items answered." in asked[0] and "3 items not answered" in asked[0]
    assert not services.inspections.get(runner.inspection.id).finished
    answer[0] = True
    runner.finish_button.click()
    _settled(qtbot, runner)
    assert services.inspections.get(runner.inspection.id).finished
    assert runner.score_label.text().endswith("Failed")


def test_attaching_a_photo_clears_copying_photo(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The status line says the photo is attached once it is stored, not "Copying photo…" for ever."""
    _services, runner, items = _open(qtbot, db)
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    photo = tmp_path / "line.png"
    assert image.save(str(photo))
    monkeypatch.setattr(messages, "open_path", lambda *_a: str(photo))
    runner.go_to(len(items) - 1)
    qtbot.keyClick(runner, Qt.Key.Key_A)
    _settled(qtbot, runner)
    assert runner.saved_label.text().startswith("Photo attached")


@pytest.mark.parametrize("screen", [(1280, 720), (1366, 768)])
def test_runner_fits_a_laptop_screen_and_does_not_grow_after_answers(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch, screen: tuple[int, int]
) -> None:
    """On a 1280x720 or 1366x768 laptop the runner opens inside the free area, Finish is reachable, answers do not widen it."""
    from microfactory_desk.ui import screen_fit

    monkeypatch.setattr(screen_fit, "available_area", lambda _parent=None: QRect(0, 0, screen[0], screen[1] - 40))
    _services, runner, _items = _open(qtbot, db)
    size = runner.size()
    assert size.width() <= screen[0] - 24 and size.height() <= screen[1] - 80, size
    hint = runner.minimumSizeHint()
    assert hint.width() <= size.width() and hint.height() <= size.height(), hint
    for key in (Qt.Key.Key_P, Qt.Key.Key_F, Qt.Key.Key_Right):
        qtbot.keyClick(runner, key)
    _settled(qtbot, runner)
    assert runner.size() == size
    for button in (runner.finish_button, runner.report_button):
        assert runner.rect().contains(QRect(button.mapTo(runner, QPoint(0, 0)), button.size())), button.text()
