"""Issue 12 in the GUI: a sent order shows its confirmation and deliveries; both can be typed in, edited, deleted."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.schemas.order_vocab import OrderStatus
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.dialogs.order_dialog import OrderDialog
from microfactory_desk.ui.tasks import tasks_running
from microfactory_desk.wiring import Services
from tests.services.numbers_fixtures import D, sent_order
from tests.services.telemetry_fixtures import add_partner, add_sla
from tests.ui.conftest import open_window


def _order_dialog(qtbot: QtBot, db: Database, order_id: int) -> OrderDialog:
    window = open_window(qtbot, db)
    window.open_order(order_id)
    qtbot.waitUntil(lambda: isinstance(getattr(window, "order_dialog", None), OrderDialog))
    dialog = window.order_dialog
    qtbot.waitUntil(lambda: tasks_running() == 0 and hasattr(dialog, "deliveries"))
    return dialog


def _type(qtbot: QtBot, editor: object, text: str) -> None:
    editor.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(editor, text)  # type: ignore[arg-type]


def _save(qtbot: QtBot, dialog: object) -> None:
    buttons = dialog.findChild(QDialogButtonBox)  # type: ignore[attr-defined]
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def test_type_in_a_confirmation_then_deliveries_and_the_order_follows(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Confirm 0 on line 2 by phone, receive line 1 in two parts, delete one: the status and flags follow."""
    pid = add_partner(db)
    add_sla(db, pid)
    order_id = sent_order(
        db, pid, number="PO-2026-0031", sent_on=D(2026, 11, 2), requested_on=D(2026, 11, 20), quantities=(120, 30)
    )
    dialog = _order_dialog(qtbot, db, order_id)
    widget = dialog.deliveries
    assert "Not confirmed yet" in widget.confirmation.text() and widget.model.rowCount() == 0

    qtbot.mouseClick(widget.confirm_button, Qt.MouseButton.LeftButton)
    confirmation = widget.confirmation_dialog
    _type(qtbot, confirmation.ship_dates[0], "2026-13-16")
    _save(qtbot, confirmation)
    assert confirmation.error.text().startswith("Line 1, Ship date:")  # the line as people count it, the label as shown
    _type(qtbot, confirmation.ship_dates[0], "2026-11-16")
    confirmation.quantities[1].setValue(0)
    _type(qtbot, confirmation.comments[1], "cannot make the olive dye")
    qtbot.keyClicks(confirmation.comment, "Call before delivery")
    _save(qtbot, confirmation)
    qtbot.waitUntil(lambda: tasks_running() == 0 and "confirmed of" in widget.confirmation.text())
    text = widget.confirmation.text()
    assert "1,200.00 EUR confirmed of 1,500.00 EUR ordered" in text
    assert "line 2: declined (0 of 30)" in text and "cannot make the olive dye" in text
    assert "Call before delivery" in text and "2026-11-18" in text  # ship 11-16 + 2 days by courier

    qtbot.mouseClick(widget.add_button, Qt.MouseButton.LeftButton)
    form = widget.delivery_dialog.form
    _type(qtbot, form.editors["reference"], "LS-1")
    _type(qtbot, form.editors["received_on"], "2026-12-17")  # after today (2026-11-30)
    _type(qtbot, form.editors["qty_received"], "70")
    _save(qtbot, widget.delivery_dialog)
    qtbot.waitUntil(lambda: tasks_running() == 0 and form.errors["received_on"].isVisible())
    assert "in the future" in form.errors["received_on"].text()
    _type(qtbot, form.editors["received_on"], "2026-11-17")
    _save(qtbot, widget.delivery_dialog)
    qtbot.waitUntil(lambda: tasks_running() == 0 and widget.model.rowCount() == 1)
    assert widget.model.rows()[0]["promised"] == "2026-11-18" and widget.model.rows()[0]["verdict"] == "on time"
    qtbot.waitUntil(lambda: "Partially received" in dialog.heading.text())

    qtbot.mouseClick(widget.add_button, Qt.MouseButton.LeftButton)
    form = widget.delivery_dialog.form
    _type(qtbot, form.editors["reference"], "LS-2")
    _type(qtbot, form.editors["received_on"], "2026-11-25")
    _type(qtbot, form.editors["qty_received"], "50")
    _save(qtbot, widget.delivery_dialog)
    qtbot.waitUntil(lambda: tasks_running() == 0 and widget.model.rowCount() == 2)
    qtbot.waitUntil(lambda: dialog.heading.text().endswith("Received"))
    assert Services(db).orders.get_order(order_id).status is OrderStatus.RECEIVED

    widget.view.selectRow(1)
    widget.edit_delivery()
    _type(qtbot, widget.delivery_dialog.form.editors["qty_received"], "40")
    _save(qtbot, widget.delivery_dialog)
    qtbot.waitUntil(lambda: tasks_running() == 0 and "Partially received" in dialog.heading.text())

    monkeypatch.setattr(messages, "confirm", lambda *_args: True)
    widget.view.selectRow(1)
    qtbot.mouseClick(widget.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks_running() == 0 and widget.model.rowCount() == 1)
    assert [d.reference for d in Services(db).telemetry.order_deliveries(order_id)] == ["LS-1"]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)


def test_transit_allowances_are_edited_with_the_scoring_settings(qtbot: QtBot) -> None:
    """The settings dialog shows each shipping mode's transit days and saves a change (courier 2 → 3)."""
    from microfactory_desk.ui.dialogs.scoring_settings_dialog import ScoringSettingsDialog

    saved: list[dict[str, int]] = []
    values = {"delivery": 35, "lead_time": 25, "quality": 30, "actions": 10, "strategic": 85, "approved": 70,
              "watch": 50, "min_deliveries": 3, "critical_cap": "watch"}  # fmt: skip
    transit = {"courier": 2, "freight": 5, "last_mile": 1, "pickup": 0}
    dialog = ScoringSettingsDialog(values, lambda _v: None, transit=transit, save_transit=saved.append)
    qtbot.addWidget(dialog)
    assert {k: s.value() for k, s in dialog.transit.items()} == transit
    dialog.transit["courier"].setValue(3)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert saved == [{**transit, "courier": 3}]


def test_main_window_settings_dialog_loads_the_stored_transit(qtbot: QtBot, db: Database) -> None:
    """Opening the scoring settings from the window shows the transit allowances stored (freight set to 4)."""
    from microfactory_desk.ui.dialogs.scoring_settings_dialog import ScoringSettingsDialog

    services = Services(db)
    services.telemetry.save_transit({**services.telemetry.transit().model_dump(), "freight": 4})
    window = open_window(qtbot, db)
    window.edit_scoring_settings()
    qtbot.waitUntil(lambda: bool(window.findChildren(ScoringSettingsDialog)))
    dialog = window.findChildren(ScoringSettingsDialog)[0]
    assert dialog.transit["freight"].value() == 4 and dialog.min_deliveries.value() == 3
    dialog.reject()


@pytest.mark.parametrize("which", ["delivery", "confirmation"])
def test_esc_after_typing_a_delivery_or_confirmation_asks_first(
    qtbot: QtBot, db: Database, shown_messages: list[str], which: str
) -> None:
    """A delivery or a phoned-in confirmation typed by hand, then Esc: "Discard changes?" is asked. Both dialogs
    were plain QDialogs and closed at once, losing the typing (found by a new-user trial); untouched, Esc still
    closes without a question."""
    pid = add_partner(db)
    add_sla(db, pid)
    order_id = sent_order(db, pid, number="PO-2026-0032", sent_on=D(2026, 11, 2), requested_on=D(2026, 11, 20))
    widget = _order_dialog(qtbot, db, order_id).deliveries
    for typing in (False, True):
        qtbot.mouseClick(widget.add_button if which == "delivery" else widget.confirm_button, Qt.MouseButton.LeftButton)
        dialog = widget.delivery_dialog if which == "delivery" else widget.confirmation_dialog
        qtbot.waitUntil(dialog.isVisible)
        field = dialog.form.editors["reference"] if which == "delivery" else dialog.comment
        if typing:
            qtbot.keyClicks(field, "LS-7 by phone")
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not dialog.isVisible())  # noqa: B023 - waited for within this pass
        asked = [m for m in shown_messages if m.startswith("Discard?")]
        assert asked == ([f"Discard? {dialog.windowTitle()}"] if typing else [])
