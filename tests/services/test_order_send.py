"""Sending an order is one use case: the sheet and the status change in one transaction, the order loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from microfactory_desk.db import Database
from microfactory_desk.errors import DeskError, ValidationFailed
from microfactory_desk.schemas.order_vocab import OrderStatus
from microfactory_desk.wiring import Services
from tests.services.order_fixtures import ORDER_DAY, draft, partner_with_sla
from tests.statement_log import statement_log

# Measured after the change (before: 7 transactions, 20 statements plus 7 BEGINs = 27): the order, its lines,
# status changes and SKUs, the SLA version and its tiers, the buyer setting, then one UPDATE and one INSERT;
# since the change log (issue 15), one more INSERT records which fields the save changed.
SEND_STATEMENTS = 10


def test_send_runs_in_one_transaction_with_bounded_statements(db: Database, tmp_path: Path) -> None:
    """Send writes the sheet and marks the order sent in one transaction of at most 10 statements, one order load."""
    partner_with_sla(db)
    order = draft(db)
    sheet = tmp_path / "order.xlsx"
    with statement_log(db) as log:
        sent = Services(db).order_files.send(order.id, sheet, on=ORDER_DAY)
    assert log.transactions <= 2 and log.transactions == log.commits == 1
    assert len(log.statements) <= SEND_STATEMENTS, log.statements
    assert len([s for s in log.statements if s.lstrip().upper().startswith("SELECT PURCHASE_ORDER.")]) == 1
    assert not [s for s in log.statements if "upper(purchase_order.number)" in s.lower()]  # no id -> number -> id
    logged = [s for s in log.writes if "change_log" in s]  # the status and sent date, in one INSERT
    assert len(logged) == 1
    assert [s.split()[0].upper() for s in log.writes if s not in logged] == ["UPDATE", "INSERT"]
    assert (sent.status, sent.sent_on, sent.sla_version_number) == (OrderStatus.SENT, ORDER_DAY, 1)
    assert sheet.is_file() and load_workbook(sheet).active is not None
    stored = Services(db).orders.get_order(order.id)
    assert stored.status == OrderStatus.SENT and [h.to_status for h in stored.history] == ["draft", "sent"]


def test_send_statement_count_does_not_grow_with_lines(db: Database, tmp_path: Path) -> None:
    """An order of many lines is sent with the same statements as one of two (lines and SKUs load in one go)."""
    partner_with_sla(db)
    order = draft(db, lines=[{"sku_code": "MF-TEE", "quantity": 60 + n} for n in range(25)])
    with statement_log(db) as log:
        Services(db).order_files.send(order.id, tmp_path / "big.xlsx", on=ORDER_DAY)
    assert log.transactions == 1 and len(log.statements) <= SEND_STATEMENTS


def test_unpriced_order_is_refused_before_any_sheet_is_written(db: Database, tmp_path: Path) -> None:
    """A draft with unpriced lines is refused naming them; no sheet is left and the order stays a draft."""
    partner_with_sla(db, "NOSLA", sla=False)
    order = draft(db, "NOSLA")
    sheet = tmp_path / "order.xlsx"
    with statement_log(db) as log, pytest.raises(ValidationFailed, match=r"lines 1, 2 have no price"):
        Services(db).order_files.send(order.id, sheet, on=ORDER_DAY)
    assert not sheet.exists() and not log.writes and log.commits == 0
    assert Services(db).orders.get_order(order.id).status == OrderStatus.DRAFT


def test_sent_order_is_not_sent_again(db: Database, tmp_path: Path) -> None:
    """Sending an order already sent is refused in words and writes no second sheet."""
    partner_with_sla(db)
    order = draft(db)
    files = Services(db).order_files
    files.send(order.id, tmp_path / "first.xlsx", on=ORDER_DAY)
    with pytest.raises(DeskError, match=r"is already sent"):
        files.send(order.id, tmp_path / "second.xlsx", on=ORDER_DAY)
    assert not (tmp_path / "second.xlsx").exists()


def test_order_without_lines_keeps_its_message(db: Database, tmp_path: Path) -> None:
    """A draft without lines is refused with the sheet's message, before anything is written."""
    partner_with_sla(db)
    order = draft(db)
    service = Services(db).orders
    service.update_draft(order.id, order.as_input().model_copy(update={"lines": []}))
    with pytest.raises(DeskError, match="has no lines"):
        Services(db).order_files.send(order.id, tmp_path / "empty.xlsx", on=ORDER_DAY)
    assert not (tmp_path / "empty.xlsx").exists()
