"""Never lose typed work: every editor asks "Discard changes?" before Esc, Cancel or ✕ throws typing away."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QPlainTextEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.ui.dialogs import messages
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


@pytest.fixture(autouse=True)
def _no_drafts() -> Iterator[None]:
    """Each test starts without autosaved drafts (the settings folder lives for the whole session)."""
    from microfactory_desk.ui import settings

    settings.settings().remove("drafts")
    yield
    settings.settings().remove("drafts")


def _dialog(kind: str) -> QWidget:
    found = [w for w in QApplication.topLevelWidgets() if type(w).__name__ == kind and w.isVisible()]
    assert len(found) == 1, f"expected one open {kind}, found {len(found)}"
    return found[0]


def _open_partner(window: MainWindow) -> QWidget:
    window.open_partner(window.roster_page.model.partner_id(0))
    return _dialog("PartnerDialog")


def _open_sla_draft(window: MainWindow) -> QWidget:
    partner = _open_partner(window)
    partner.sla_panel.new_draft()  # type: ignore[attr-defined]
    return _dialog("SlaVersionDialog")


def _open_order(window: MainWindow) -> QWidget:
    window.new_order()
    return _dialog("OrderDialog")


def _open_action(window: MainWindow) -> QWidget:
    window.show_page("quality")
    page = window.quality_page
    page.tabs.setCurrentIndex(1)
    page._open_action_index(page.action_model.index(0, 0))
    return _dialog("CorrectiveActionDialog")


def _open_pilot(window: MainWindow) -> QWidget:
    window.show_page("pilots")
    window.pilots_page.edit_pilot(window.pilots_page.model.row(0))
    return _dialog("PilotDialog")


def _open_template(window: MainWindow) -> QWidget:
    window.show_page("quality")
    window.quality_page.edit_template(new=True)
    return _dialog("TemplateEditorDialog")


def _open_sku(window: MainWindow) -> QWidget:
    window.show_page("skus")
    window.skus_page.edit_sku(None)
    return _dialog("SkuDialog")


def _open_scoring(window: MainWindow) -> QWidget:
    window.edit_scoring_settings()
    return _dialog("ScoringSettingsDialog")


def _open_horizons(window: MainWindow) -> QWidget:
    window.edit_horizons()
    return _dialog("HorizonsDialog")


def _open_start_inspection(window: MainWindow) -> QWidget:
    window.show_page("quality")
    window.quality_page.new_inspection()
    return _dialog("StartInspectionDialog")


EDITORS: dict[str, Callable[[MainWindow], QWidget]] = {
    "partner": _open_partner,
    "sla version": _open_sla_draft,
    "order": _open_order,
    "corrective action": _open_action,
    "pilot": _open_pilot,
    "template": _open_template,
    "sku": _open_sku,
    "scoring settings": _open_scoring,
    "horizons": _open_horizons,
    "start inspection": _open_start_inspection,
}


def _first_field(dialog: QWidget) -> QWidget:
    """The first visible field a person can type into."""
    for widget in dialog.findChildren(QWidget):
        if not widget.isVisible() or not widget.isEnabled():
            continue
        if isinstance(widget, QLineEdit | QPlainTextEdit) and not widget.isReadOnly():
            if isinstance(widget.parent(), QAbstractSpinBox):
                return widget.parent()  # type: ignore[return-value]
            return widget
        if isinstance(widget, QAbstractSpinBox) and not widget.isReadOnly():
            return widget
    raise AssertionError(f"{type(dialog).__name__} has no field to type into")


def _type(qtbot: QtBot, field: QWidget) -> str:
    """Type into a field (a spin box steps up: typing could leave its range) and return its text."""
    if isinstance(field, QAbstractSpinBox):
        qtbot.keyClick(field, Qt.Key.Key_Up)
        return field.text()
    qtbot.keyClicks(field, "7")
    return field.text() if isinstance(field, QLineEdit) else field.toPlainText()  # type: ignore[attr-defined]


def _text(field: QWidget) -> str:
    if isinstance(field, QAbstractSpinBox | QLineEdit):
        return field.text()
    assert isinstance(field, QPlainTextEdit)
    return field.toPlainText()


def _editor(qtbot: QtBot, demo: Database, name: str) -> tuple[MainWindow, QWidget]:
    window = open_window(qtbot, demo)
    qtbot.waitUntil(lambda: tasks_running() == 0)
    dialog = EDITORS[name](window)
    qtbot.waitUntil(lambda: tasks_running() == 0)
    return window, dialog


def _gone(dialog: QWidget) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


@pytest.mark.parametrize("name", list(EDITORS))
def test_esc_after_typing_asks_and_discard_closes(
    qtbot: QtBot, demo: Database, name: str, shown_messages: list[str]
) -> None:
    """Type in an editor, press Esc: "Discard changes?" is asked, and Discard closes the editor."""
    _window, dialog = _editor(qtbot, demo, name)
    field = _first_field(dialog)
    _type(qtbot, field)
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert any(m.startswith("Discard?") for m in shown_messages), name
    assert _gone(dialog)


@pytest.mark.parametrize("name", list(EDITORS))
def test_keep_editing_keeps_the_text(qtbot: QtBot, demo: Database, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Type, then Esc, Cancel/Close or the window's ✕, answer "Keep editing": the editor stays with the text."""
    asked: list[str] = []
    monkeypatch.setattr(messages, "ask_discard", lambda _p, title: asked.append(title) or False)
    _window, dialog = _editor(qtbot, demo, name)
    field = _first_field(dialog)
    typed = _type(qtbot, field)
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    dialog.close()  # the window's close box
    cancel = [b for b in dialog.findChildren(QPushButton) if b.text() in ("Cancel", "Close") and b.isVisible()]
    for button in cancel:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(asked) == 2 + len(cancel)
    assert dialog.isVisible()
    assert _text(field) == typed


@pytest.mark.parametrize("name", list(EDITORS))
def test_esc_without_typing_closes_at_once(qtbot: QtBot, demo: Database, name: str, shown_messages: list[str]) -> None:
    """An editor where nothing was typed closes on Esc without a question (loading is not typing)."""
    _window, dialog = _editor(qtbot, demo, name)
    qtbot.keyClick(_first_field(dialog), Qt.Key.Key_Escape)
    assert not any(m.startswith("Discard?") for m in shown_messages)
    assert _gone(dialog)


def test_a_row_typed_into_the_contacts_grid_asks_before_cancel(
    qtbot: QtBot, demo: Database, shown_messages: list[str]
) -> None:
    """Partner contacts grid: a contact typed into a new row counts as a change; Cancel asks first."""
    _window, dialog = _editor(qtbot, demo, "partner")
    dialog.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
    add = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Add contact")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    cell = next(w for w in dialog.contacts_view.findChildren(QLineEdit) if w.isVisible())  # type: ignore[attr-defined]
    qtbot.keyClicks(cell, "Ana Lopez")
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert any(m.startswith("Discard?") for m in shown_messages)


def test_negotiation_entry_esc_asks_and_an_added_entry_is_no_change(
    qtbot: QtBot, demo: Database, shown_messages: list[str]
) -> None:
    """Partner > Negotiations: typed "We asked" text asks on Esc; once the entry is added, Esc closes at once."""
    _window, dialog = _editor(qtbot, demo, "partner")
    panel = dialog.negotiation_panel  # type: ignore[attr-defined]
    dialog.show_tab("Negotiations")  # type: ignore[attr-defined]
    ask = panel.form.editors["our_ask"]
    qtbot.keyClicks(ask, "We asked for 8 days lead time")
    assert dialog.has_changes()  # type: ignore[attr-defined]
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks_running() == 0)
    assert panel.form_status.text() == "Entry added."
    qtbot.keyClick(panel.form.editors["participants"], Qt.Key.Key_Escape)
    assert not any(m.startswith("Discard?") for m in shown_messages)
    assert _gone(dialog)


def test_risk_notes_draft_survives_a_crash_and_is_offered_back(qtbot: QtBot, demo: Database) -> None:
    """Risk notes typed and never saved (the app died) come back on reopen, and Esc then asks before dropping them."""
    window, dialog = _editor(qtbot, demo, "partner")
    notes = dialog.form.editors["risk_notes"]  # type: ignore[attr-defined]
    qtbot.keyClicks(notes, " Caliper label expired")
    typed = notes.toPlainText()
    qtbot.waitUntil(lambda: _draft_written(dialog))  # the autosave timer fired
    dialog.hide()  # the "crash": the editor goes without reject() or accept()
    dialog.deleteLater()
    qtbot.waitUntil(lambda: _gone(dialog))
    again = _open_partner(window)
    assert again.form.editors["risk_notes"].toPlainText() == typed  # type: ignore[attr-defined]
    assert "Restored" in again.status.text()  # type: ignore[attr-defined]
    assert again.has_changes()  # type: ignore[attr-defined]


def _draft_written(dialog: QWidget) -> bool:
    from microfactory_desk.ui.drafts import read_draft

    partner_uuid = dialog._detail.uuid  # type: ignore[attr-defined]
    return read_draft(f"partner/{partner_uuid}/risk_notes") is not None


def test_choices_reloaded_in_a_combo_are_not_typing(qtbot: QtBot, demo: Database, shown_messages: list[str]) -> None:
    """New SLA versions refill the negotiation form's version list; Esc then closes without asking."""
    from microfactory_desk.schemas.sla import validate_terms
    from microfactory_desk.services.sla.versions import SlaService

    _window, dialog = _editor(qtbot, demo, "partner")
    SlaService(demo).create_draft(dialog._detail.id, validate_terms({"lead_time_target_days": 9}))  # type: ignore[attr-defined]
    dialog.sla_panel.refresh()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: tasks_running() == 0)
    qtbot.keyClick(_first_field(dialog), Qt.Key.Key_Escape)
    assert not any(m.startswith("Discard?") for m in shown_messages)
    assert _gone(dialog)
