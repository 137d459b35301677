"""The GUI's shared paths in use: the order quote's debounced loader, start-up failures, save failures, the SLA mark."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.paths import log_file
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.schemas.sla import validate_terms
from microfactory_desk.services.orders.skus import SkuService
from microfactory_desk.services.roster.partners import RosterService
from microfactory_desk.services.sla.versions import SlaService
from microfactory_desk.ui.dialogs.order_dialog import OrderDialog
from microfactory_desk.ui.dialogs.sku_dialog import SkuDialog
from microfactory_desk.ui.tasks import tasks_running
from microfactory_desk.ui.widgets.sla_panel import version_row
from tests.conftest import TODAY
from tests.services.order_fixtures import partner_with_sla
from tests.ui.conftest import open_window


def test_a_burst_of_edits_prices_the_order_once(qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Typing in the order editor waits for a pause, then asks for one quote and shows it (the live price)."""
    partner_with_sla(db)
    window = open_window(qtbot, db)
    window.open_order(None)
    qtbot.waitUntil(lambda: isinstance(getattr(window, "order_dialog", None), OrderDialog))
    dialog = window.order_dialog
    dialog.partner.choose(code="MF1")
    dialog.sku_picker.setCurrentIndex(dialog.sku_picker.findData("MF-TEE"))
    dialog.quantity.setValue(60)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.lines.rows()[0].get("unit_price") is not None and tasks_running() == 0)
    asked: list[Any] = []
    orders = window.services.orders
    real_quote = orders.quote
    monkeypatch.setattr(orders, "quote", lambda order: asked.append(order) or real_quote(order))
    dialog.order_date.clear()
    dialog.order_date.setFocus()
    qtbot.keyClicks(dialog.order_date, "2026-05-04")
    assert asked == []  # still typing: nothing asked yet
    qtbot.waitUntil(lambda: len(asked) == 1 and tasks_running() == 0)
    qtbot.wait(400)  # longer than the pause: the burst stays one quote
    assert len(asked) == 1
    assert str(asked[0].order_date) == "2026-05-04"
    assert "Total" in dialog.summary.text() and dialog.lines.rows()[0]["unit_price"] is not None


def test_a_database_that_fails_at_start_up_is_logged_and_shown(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown_messages: list[str]
) -> None:
    """start_gui on a file that is no database: the person sees why, the log keeps it, no window opens."""
    from microfactory_desk.ui.app import start_gui

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # start_gui installs its own; restore it after
    garbage = tmp_path / "broken.sqlite"
    garbage.write_text("not a database at all\n" * 200, encoding="utf-8")
    assert start_gui(str(garbage)) is None
    assert shown_messages[-1].startswith("Cannot open the database: ")
    assert "is not a Microfactory Desk database" in shown_messages[-1]
    logged = log_file().read_text(encoding="utf-8")
    assert "Cannot open the database:" in logged and "broken.sqlite" in logged


def test_sku_save_failures_go_beside_the_form(qtbot: QtBot, db: Database, shown_messages: list[str]) -> None:
    """A code already taken marks the code field; a SKU gone meanwhile is refused beside it and logged, no box."""
    partner_with_sla(db)  # fills the catalogue
    skus = SkuService(db)
    taken = skus.list_skus()[0]
    dialog = SkuDialog(skus)
    qtbot.addWidget(dialog)
    dialog.form.set_values({"code": taken.code, "name": "Copy", "unit": "pcs"})
    dialog.save()
    assert "already in the catalogue" in dialog.form.errors["code"].text()
    gone = taken._replace(id=999_999, code="MF-GONE")
    edit = SkuDialog(skus, gone)
    qtbot.addWidget(edit)
    edit.save()
    assert edit.form.errors["code"].text() == "SKU #999999 no longer exists."
    assert shown_messages == []
    assert "SKU #999999 no longer exists." in log_file().read_text(encoding="utf-8")


def test_only_the_agreed_version_in_force_is_marked_current(db: Database) -> None:
    """An expired version still covers days it was in force on, but the SLA panel marks only the agreed one current."""
    partner_id = RosterService(db).create_partner(data=validate_partner({"code": "P1", "name": "P1"})).id
    sla = SlaService(db)
    ended = sla.create_draft(partner_id, validate_terms({"valid_from": "2024-01-01", "valid_until": "2024-12-31"}))
    sla.agree(ended.id, on=dt.date(2024, 1, 1))
    sla.expire_due(TODAY)
    current = sla.create_draft(partner_id, validate_terms({"valid_from": "2025-01-01"}))
    sla.agree(current.id, on=dt.date(2025, 1, 1))
    ended_out, current_out = sla.get_version(ended.id), sla.get_version(current.id)
    day_in_2024 = dt.date(2024, 6, 1)
    assert ended_out.in_force_on(day_in_2024) and not ended_out.is_current(day_in_2024)
    assert current_out.is_current(TODAY) and not current_out.is_current(day_in_2024)
    assert [version_row(v, TODAY)["in_force"] for v in (ended_out, current_out)] == [False, True]
    assert version_row(ended_out, day_in_2024)["number"] == "v1"
