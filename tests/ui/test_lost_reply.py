"""A reply lost after COMMIT: the server stored the new record, the app saw the connection go and offered Retry.

Retry must not create the record twice: the editor chose the record's uuid before the first attempt, and the
retried create finds it. Runs when MFD_TEST_POSTGRES_URL names a server (CI starts a throwaway one).
"""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from microfactory_desk.db_server import LOST_DURING_COMMIT
from microfactory_desk.ui.app import build_window
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.main_window import MainWindow
from microfactory_desk.ui.tasks import tasks_running
from tests.postgres import PostgresTemplate
from tests.tcp_proxy import TcpProxy
from tests.ui.conftest import _OPEN_WINDOWS


class CommitReplyLost(TcpProxy):
    """A forwarder that, once armed, lets the next COMMIT reach the server and drops its reply and the network."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.armed = False
        self.commit_sent = threading.Event()
        self.replies_lost = 0
        super().__init__(target_host, target_port)

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:  # type: ignore[override]
        to_server = source.getsockname()[1] == self.port  # the socket the app connected to
        try:
            while data := source.recv(65536):
                if to_server and self.armed and b"COMMIT" in data:
                    self.armed = False
                    self.commit_sent.set()  # before sending: the reply may come back at once
                elif not to_server and self.commit_sent.is_set():
                    self.commit_sent.clear()
                    self.replies_lost += 1
                    self.cut()  # the server committed (it answered); the app never hears it
                    return
                sink.sendall(data)
        except OSError:
            pass
        finally:
            try:
                sink.shutdown(socket.SHUT_WR)
            except OSError:
                pass


def _rows(url: str, sql: str) -> list[str]:
    engine = create_engine(make_url(url).set(drivername="postgresql+psycopg"))
    with engine.connect() as conn:
        found = [str(r[0]) for r in conn.execute(text(sql))]
    engine.dispose()
    return found


def _window_through(qtbot: QtBot, proxy: TcpProxy, url: str) -> MainWindow:
    parts = make_url(url)
    window = build_window(parts.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False))
    qtbot.addWidget(window)
    _OPEN_WINDOWS.append(window)
    window.show()
    return window


class RetryAnswers:
    """The Retry question's texts; it answers Retry once it has mended `proxy` (the network is back)."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.proxy: TcpProxy | None = None

    def __call__(self, _parent: object, _title: str, text: str) -> bool:
        self.texts.append(text)
        assert self.proxy is not None
        self.proxy.mend()
        return True


@pytest.fixture
def retried(monkeypatch: pytest.MonkeyPatch) -> RetryAnswers:
    """The Retry question, answered Retry after the network is back."""
    answers = RetryAnswers()
    monkeypatch.setattr(messages, "ask_retry", answers)
    return answers


def test_a_new_partner_whose_commit_reply_is_lost_is_stored_once(
    qtbot: QtBot, server_template: PostgresTemplate, retried: RetryAnswers, shown_messages: list[str]
) -> None:
    """Save a new partner, lose the COMMIT's reply, Retry: one partner, the editor closes as saved, no refusal."""
    from microfactory_desk.ui.dialogs.partner_dialog import PartnerDialog

    url = server_template.working_copy()
    parts = make_url(url)
    proxy = CommitReplyLost(parts.host or "127.0.0.1", parts.port or 5432)
    retried.proxy = proxy
    window = _window_through(qtbot, proxy, url)
    dialog = PartnerDialog(window.services.roster, detail=None, suppliers=[])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.form.editors["code"], "ONCE1")
    qtbot.keyClicks(dialog.form.editors["name"], "Saved while the reply was lost")
    proxy.armed = True
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks_running() == 0 and not dialog.isVisible())
    assert proxy.replies_lost == 1
    assert len(retried.texts) == 1 and retried.texts[0].endswith(LOST_DURING_COMMIT)
    assert _rows(url, "SELECT code FROM partner") == ["ONCE1"]
    assert shown_messages == []
    proxy.cut()


def test_a_new_order_whose_commit_reply_is_lost_is_stored_once(
    qtbot: QtBot, server_template: PostgresTemplate, retried: RetryAnswers, shown_messages: list[str]
) -> None:
    """A new draft order (no unique code to refuse a second one): lost COMMIT reply, Retry → one order."""
    from microfactory_desk.db import open_database
    from microfactory_desk.schemas.orders import validate_order
    from microfactory_desk.schemas.partner import validate_partner
    from microfactory_desk.services.roster.partners import RosterService
    from microfactory_desk.ui.tasks import run_task

    url = server_template.working_copy()
    db = open_database(url)
    RosterService(db).create_partner(data=validate_partner({"code": "P1", "name": "P1"}))
    db.close()
    parts = make_url(url)
    proxy = CommitReplyLost(parts.host or "127.0.0.1", parts.port or 5432)
    retried.proxy = proxy
    window = _window_through(qtbot, proxy, url)
    orders = window.services.orders
    order = validate_order({"partner_code": "P1", "order_date": "2026-05-04", "lines": []})
    key = "7d0c2f0e-5b1e-4c1a-9a57-000000000001"  # as the order editor chooses it, once per new draft
    proxy.armed = True
    run_task(lambda: orders.create_draft(order, key=key))
    assert proxy.replies_lost == 1 and len(retried.texts) == 1
    assert _rows(url, "SELECT uuid FROM purchase_order") == [key]
    assert shown_messages == []
    proxy.cut()


def test_a_refused_save_still_says_nothing_was_saved(tmp_path: Path) -> None:
    """The COMMIT wording is only for a fault after the statements ran: a fault before keeps "Nothing was saved."."""
    from microfactory_desk.db import open_database
    from microfactory_desk.db_server import unreachable

    db = open_database(str(tmp_path / "x.sqlite"))
    fault = ConnectionRefusedError("connection refused")
    assert unreachable(fault, db, writing=True).message.endswith("Nothing was saved.")
    assert unreachable(fault, db, writing=True, committing=True).message.endswith(LOST_DURING_COMMIT)
    db.close()
