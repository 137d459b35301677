"""What only the command line could do, done in the window: order files, term sheets, scorecards, partner work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from microfactory_desk import clock
from microfactory_desk.db import Database
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.dialogs.order_dialog import OrderDialog
from microfactory_desk.ui.dialogs.partner_dialog import PartnerDialog
from microfactory_desk.ui.dialogs.pilot_dialog import PilotDialog
from microfactory_desk.ui.dialogs.start_inspection_dialog import StartInspectionDialog
from microfactory_desk.ui.main_window import MainWindow
from microfactory_desk.ui.tasks import tasks_running
from microfactory_desk.wiring import Services
from tests.services.order_fixtures import draft, partner_with_sla
from tests.ui.conftest import open_window


def _select_order(qtbot: QtBot, window: MainWindow, number: str) -> None:
    page = window.orders_page
    window.show_page("orders")
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.model.rowCount() > 0)
    page.table.selectRow(next(i for i in range(page.model.rowCount()) if page.model.row(i).number == number))


def _partner_window(qtbot: QtBot, window: MainWindow, partner_id: int) -> PartnerDialog:
    window.open_partner(partner_id)
    qtbot.waitUntil(lambda: isinstance(getattr(window, "partner_dialog", None), PartnerDialog))
    qtbot.waitUntil(lambda: tasks_running() == 0)
    return window.partner_dialog


def test_a_sent_orders_sheet_and_its_json_are_written_from_the_orders_page(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Export › Order sheet writes a sent order's sheet again; Export › Order JSON writes the contract JSON."""
    partner_with_sla(db)
    order = draft(db)
    Services(db).orders.send(order.id, on=clock.today())
    window = open_window(qtbot, db)
    _select_order(qtbot, window, order.number)
    page = window.orders_page
    assert page.export_button.isEnabled()
    for action, name in ((page.sheet_action, "again.xlsx"), (page.json_action, "order.json")):
        monkeypatch.setattr(messages, "save_path", lambda *_a, n=name: str(tmp_path / n))
        action.trigger()
        qtbot.waitUntil(lambda n=name: tasks_running() == 0 and (tmp_path / n).exists())
    assert (tmp_path / "again.xlsx").read_bytes()[:2] == b"PK"
    assert json.loads((tmp_path / "order.json").read_text(encoding="utf-8"))["number"] == order.number


def test_term_sheet_of_a_version_from_the_sla_tab(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SLA tab's "Term sheet…" writes the selected version's PDF."""
    pid = partner_with_sla(db)
    window = open_window(qtbot, db)
    dialog = _partner_window(qtbot, window, pid)
    dialog.show_tab("SLA")
    panel = dialog.sla_panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    panel.view.selectRow(0)
    assert panel.buttons["sheet"].isEnabled()
    target = tmp_path / "terms.pdf"
    monkeypatch.setattr(messages, "save_path", lambda *_a: str(target))
    monkeypatch.setattr(messages, "show_info", lambda *_a: None)
    panel.buttons["sheet"].click()
    qtbot.waitUntil(lambda: tasks_running() == 0 and target.exists())
    assert target.read_bytes()[:4] == b"%PDF"
    dialog.close()


@pytest.mark.parametrize("kind", ["order", "inspection", "pilot"])
def test_new_work_from_the_partner_window_starts_for_that_partner(qtbot: QtBot, db: Database, kind: str) -> None:
    """ "New for this partner" opens the new order, inspection or pilot with the partner already chosen."""
    pid = partner_with_sla(db)
    window = open_window(qtbot, db)
    window.start_of_day()
    dialog = _partner_window(qtbot, window, pid)
    dialog.work_button.work_actions[kind].trigger()
    if kind == "order":
        qtbot.waitUntil(lambda: isinstance(getattr(window, "order_dialog", None), OrderDialog))
        editor = window.order_dialog
    elif kind == "inspection":
        page = window.quality_page
        qtbot.waitUntil(lambda: isinstance(getattr(page, "start_dialog", None), StartInspectionDialog))
        editor = page.start_dialog
    else:
        pilots = window.pilots_page
        qtbot.waitUntil(lambda: isinstance(getattr(pilots, "editor", None), PilotDialog))
        editor = pilots.editor
    chosen = editor.partner.chosen()
    assert chosen is not None and chosen.id == pid
    editor.close()
    dialog.close()


def test_scorecard_audience_is_two_actions_with_their_own_file_names(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "For the partner" and "Internal" are separate actions, asked before any file name, each with its own name."""
    from tests.services.telemetry_fixtures import add_partner

    add_partner(db, "CN-SZX", "Shenzhen Rapid")
    asked: list[str] = []
    monkeypatch.setattr(messages, "save_path", lambda _p, _t, start, _f: asked.append(start) or "")
    monkeypatch.setattr(messages, "confirm", lambda *_a: pytest.fail("no Yes/No after the file name"))
    window = open_window(qtbot, db)
    window.show_page("scorecards")
    page = window.scorecards_page
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.model.rowCount() > 0)
    page.table.selectRow(0)
    page.partner_pdf_action.trigger()
    page.internal_pdf_action.trigger()
    assert len(asked) == 2 and asked[0].endswith(".pdf") and asked[1].endswith("-internal.pdf")
    assert asked[0] != asked[1]


def _new_order(qtbot: QtBot, window: MainWindow) -> OrderDialog:
    window.open_order(None)
    qtbot.waitUntil(lambda: isinstance(getattr(window, "order_dialog", None), OrderDialog))
    dialog = window.order_dialog
    dialog.partner.choose(code="MF1")
    return dialog


def _add_line(qtbot: QtBot, dialog: OrderDialog, code: str, quantity: int) -> None:
    from PySide6.QtCore import Qt

    dialog.sku_picker.setCurrentIndex(dialog.sku_picker.findData(code))
    dialog.quantity.setValue(quantity)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)


def test_order_editor_override_price_shows_at_once_and_its_column_is_in_view(qtbot: QtBot, db: Database) -> None:
    """An override price updates Unit price and Line total before Save; Override price and reason are in view."""
    from decimal import Decimal

    from microfactory_desk.ui.table_models.order_lines_model import COL_OVERRIDE, COL_REASON

    partner_with_sla(db)
    window = open_window(qtbot, db)
    dialog = _new_order(qtbot, window)
    _add_line(qtbot, dialog, "MF-TEE", 60)
    qtbot.waitUntil(lambda: dialog.lines.rows()[0].get("unit_price") is not None and tasks_running() == 0)
    dialog.lines.setData(dialog.lines.index(0, COL_OVERRIDE), "7.50")
    qtbot.waitUntil(lambda: dialog.lines.rows()[0].get("unit_price") == Decimal("7.50"), timeout=5000)
    assert dialog.lines.rows()[0]["line_total"] == Decimal("450.00")
    dialog.resize(1280, 700)  # a laptop's width (the offscreen screen is smaller, and editors shrink to it)
    qtbot.waitUntil(lambda: dialog.width() == 1280)
    table = dialog.table
    for column in (COL_OVERRIDE, COL_REASON):
        assert table.columnViewportPosition(column) + table.columnWidth(column) <= table.viewport().width()
    dialog.close()


def test_order_editor_warns_about_one_sku_on_two_lines(qtbot: QtBot, db: Database) -> None:
    """The same SKU on two lines is pointed out: each line is priced on its own quantity."""
    partner_with_sla(db)
    window = open_window(qtbot, db)
    dialog = _new_order(qtbot, window)
    _add_line(qtbot, dialog, "MF-TEE", 30)
    _add_line(qtbot, dialog, "MF-TEE", 30)
    qtbot.waitUntil(lambda: "more than one line" in dialog.summary.text())
    dialog.close()
