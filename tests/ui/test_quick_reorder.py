"""Quick reorder explains its limits (what it will and will not reorder) before the user says Yes."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from microfactory_desk import clock
from microfactory_desk.db import Database
from microfactory_desk.schemas.orders import Confirmation, ConfirmationLine
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.tasks import tasks_running
from microfactory_desk.wiring import Services
from tests.services.order_fixtures import draft, partner_with_sla
from tests.ui.conftest import open_window


def _sent(db: Database, quantity: int) -> tuple[int, str]:
    today = clock.today()
    service = Services(db).orders
    order = draft(db, lines=[{"sku_code": "MF-SLV", "quantity": quantity}], order_date=today)
    service.send(order.id, on=today)
    answer = [ConfirmationLine(position=1, confirmed_qty=quantity, confirmed_ship_on=today)]
    service.confirm(Confirmation(order_uuid=order.uuid, lines=answer), on=today)
    return order.id, order.number


def _press_reorder(qtbot: QtBot, db: Database, number: str, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Click Reorder on the order; returns every (kind, text) shown, answering No to a question."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, _t, text: shown.append(("question", text)) or False)
    monkeypatch.setattr(messages, "show_info", lambda _p, _t, text: shown.append(("info", text)))
    monkeypatch.setattr(messages, "show_error", lambda _p, _t, text, *_a: shown.append(("error", text)))
    window = open_window(qtbot, db)
    page = window.orders_page
    window.show_page("orders")
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.model.rowCount() > 0)
    page.table.selectRow(next(i for i in range(page.model.rowCount()) if page.model.row(i).number == number))
    page.reorder_button.click()
    qtbot.waitUntil(lambda: tasks_running() == 0 and bool(shown), timeout=10_000)
    return shown


def test_the_question_states_the_terms_before_yes(qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Yes/No question lists the window, the unit limit, the held price and what is not copied; No writes nothing."""
    partner_with_sla(db, max_reorder_qty=50)
    _, number = _sent(db, 40)
    shown = _press_reorder(qtbot, db, number, monkeypatch)
    assert [kind for kind, _ in shown] == ["question"]
    text = shown[0][1]
    for expected in (
        "SLA v1",
        "Within 30 days",
        "Up to 50 units; this order holds 40",
        "At the original prices",
        "Not copied",
        "requested date",
    ):
        assert expected in text, expected
    assert len(Services(db).orders.list_orders().rows) == 1  # "No" wrote no draft


def test_an_order_over_the_limit_is_explained_and_nothing_is_asked(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over the SLA's unit limit the page explains the limit with the field's label and asks no Yes/No at all."""
    partner_with_sla(db, max_reorder_qty=50)
    _, number = _sent(db, 60)
    shown = _press_reorder(qtbot, db, number, monkeypatch)
    assert [kind for kind, _ in shown] == ["info"]
    text = shown[0][1]
    assert "cannot be quick-reordered" in text
    assert "Max quick-reorder quantity: a quick reorder may hold up to 50 units" in text
    assert "Up to 50 units; this order holds 60" in text and "max_reorder_qty" not in text
