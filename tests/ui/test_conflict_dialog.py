"""The partner editor refuses a stale save and offers Reload / Overwrite / Cancel with the differing fields."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from microfactory_desk import identity
from microfactory_desk.db import Database
from microfactory_desk.errors import StaleEdit
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.services.roster.partners import RosterService
from microfactory_desk.ui.dialogs import conflict_dialog
from microfactory_desk.ui.dialogs.conflict_dialog import CANCEL, OVERWRITE, RELOAD, ConflictDialog
from microfactory_desk.ui.dialogs.partner_dialog import PartnerDialog
from microfactory_desk.ui.tasks import tasks_running


@pytest.fixture
def stale_dialog(qtbot: QtBot, db: Database) -> Iterator[tuple[PartnerDialog, RosterService, int]]:
    """A partner editor opened on MF1, after which "Ann Example" renamed MF1 in another window."""
    roster = RosterService(db)
    pid = roster.create_partner(data=validate_partner({"code": "MF1", "name": "Atelier", "city": "Lyon"})).id
    dialog = PartnerDialog(roster, detail=roster.get_partner(pid), suppliers=[])
    qtbot.addWidget(dialog)
    dialog.show()
    identity.set_display_name("Ann Example")
    theirs = roster.get_partner(pid).model_copy(update={"name": "Atelier Ann"})
    roster.update_partner(partner_id=pid, data=theirs)
    identity.set_display_name("")
    city = dialog.form.editors["city"]
    city.clear()
    qtbot.keyClicks(city, "Nice")
    yield dialog, roster, pid


def _answer(monkeypatch: pytest.MonkeyPatch, choice: str, seen: list[dict[str, Any]]) -> None:
    def fake(_parent: Any, stale: StaleEdit, mine: dict[str, Any], theirs: dict[str, Any]) -> str:
        seen.append({"stale": stale, "rows": conflict_dialog.differing_fields(mine, theirs)})
        return choice

    monkeypatch.setattr(conflict_dialog, "ask_conflict", fake)


def _save(qtbot: QtBot, dialog: PartnerDialog) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks_running() == 0)


def test_reload_shows_the_saved_version(qtbot: QtBot, stale_dialog, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Save refused: the question names Ann and the two differing fields; Reload shows Ann's version."""
    dialog, roster, pid = stale_dialog
    seen: list[dict[str, Any]] = []
    _answer(monkeypatch, RELOAD, seen)
    _save(qtbot, dialog)
    assert seen[0]["stale"].changed_by == "Ann Example"
    assert seen[0]["rows"] == [("name", "Atelier", "Atelier Ann"), ("city", "Nice", "Lyon")]
    assert dialog.form.editors["name"].text() == "Atelier Ann" and dialog.form.editors["city"].text() == "Lyon"
    assert roster.get_partner(pid).name == "Atelier Ann"


def test_overwrite_saves_mine_on_purpose(qtbot: QtBot, stale_dialog, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Overwrite replaces the saved version with the editor's values, and the editor closes."""
    dialog, roster, pid = stale_dialog
    _answer(monkeypatch, OVERWRITE, [])
    _save(qtbot, dialog)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible())
    saved = roster.get_partner(pid)
    assert (saved.name, saved.city) == ("Atelier", "Nice")


def test_cancel_keeps_editing_and_writes_nothing(qtbot: QtBot, stale_dialog, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Cancel leaves the editor open with the person's edits; the database keeps Ann's version."""
    dialog, roster, pid = stale_dialog
    _answer(monkeypatch, CANCEL, [])
    _save(qtbot, dialog)
    assert dialog.isVisible() and dialog.form.editors["city"].text() == "Nice"
    assert roster.get_partner(pid).city == "Lyon"


def test_the_dialog_lists_both_versions_and_esc_cancels(qtbot: QtBot) -> None:
    """The real dialog shows who and when, one row per differing field; Esc answers Cancel."""
    stale = StaleEdit("Partner MF1", "Ann Example", "2026-11-30 09:12 UTC")
    dialog = ConflictDialog(stale, {"name": "Atelier", "city": "Nice"}, {"name": "Atelier", "city": "Lyon"})
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Ann Example" in dialog.headline.text() and dialog.rows == [("city", "Nice", "Lyon")]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.choice == CANCEL and not dialog.isVisible()
    qtbot.mouseClick(dialog.overwrite_button, Qt.MouseButton.LeftButton)
    assert dialog.choice == OVERWRITE


def test_history_tab_lists_the_changes(qtbot: QtBot, db: Database) -> None:
    """The partner editor's History tab shows who changed which field from what to what."""
    roster = RosterService(db)
    pid = roster.create_partner(data=validate_partner({"code": "MF9", "name": "Atelier", "city": "Lyon"})).id
    identity.set_display_name("Ann Example")
    roster.update_partner(partner_id=pid, data=roster.get_partner(pid).model_copy(update={"city": "Nice"}))
    identity.set_display_name("")
    dialog = PartnerDialog(roster, detail=roster.get_partner(pid), suppliers=[])
    qtbot.addWidget(dialog)
    dialog.show()
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert titles[-1] == "History"
    assert dialog.changes is not None
    model = dialog.changes.model
    assert [model.index(0, c).data() for c in range(1, 5)] == ["Ann Example", "City", "Lyon", "Nice"]
