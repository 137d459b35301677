"""Two managers at the same moment (two threads, each with its own connection): the database keeps the rules."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from microfactory_desk.db import Database
from microfactory_desk.errors import DeskError
from microfactory_desk.schemas.orders import validate_order
from microfactory_desk.schemas.sla import validate_terms
from microfactory_desk.services.common import numbering
from microfactory_desk.services.sla import versions
from microfactory_desk.services.sla.versions import SlaService
from microfactory_desk.wiring import Services
from tests.services.order_fixtures import ORDER_DAY, START, partner_with_sla


def _at_once(
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
    gate_at: tuple[Any, str],
    work: Callable[[Database, Any], Any],
    args: list[Any],
) -> list[Any]:
    """Run `work` for each arg on its own thread and connection; all wait for each other when they reach
    `gate_at` (module, function), so every manager has read before any of them writes."""
    if db.is_sqlite:
        pytest.skip("SQLite runs one write transaction at a time (BEGIN IMMEDIATE): no interleaving to race")
    gate = threading.Barrier(len(args), timeout=10)
    module, name = gate_at
    real = getattr(module, name)

    def wait_then_call(*a: Any, **k: Any) -> Any:
        gate.wait()
        return real(*a, **k)

    monkeypatch.setattr(module, name, wait_then_call)
    results: list[Any] = [None] * len(args)
    managers = [Database(db.url) for _ in args]

    def run(i: int) -> None:
        try:
            results[i] = work(managers[i], args[i])
        except Exception as exc:  # the refusal is the result under test
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(args))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    for m in managers:
        m.close()
    return results


def test_two_agreements_at_once_leave_one_in_force(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two drafts agreed at the same moment: one is agreed, the other refused with a readable message."""
    pid = partner_with_sla(db, sla=False)
    service = SlaService(db)
    drafts = [service.create_draft(pid, validate_terms({"valid_from": START})).id for _ in range(2)]
    agree = lambda m, vid: SlaService(m).agree(vid, on=START)  # noqa: E731
    results = _at_once(db, monkeypatch, (versions, "lock_partner"), agree, drafts)
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], DeskError), results
    agreed = [v for v in service.list_versions(pid) if v.status == "agreed"]
    assert len(agreed) == 1


def test_two_new_drafts_at_once_get_two_numbers(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two managers start a draft for one partner at once: versions 1 and 2, no IntegrityError."""
    pid = partner_with_sla(db, sla=False)
    terms = validate_terms({"valid_from": START})
    new_draft = lambda m, p: SlaService(m).create_draft(p, terms).number  # noqa: E731
    results = _at_once(db, monkeypatch, (versions, "lock_partner"), new_draft, [pid, pid])
    assert set(results) == {1, 2}, results


def test_two_orders_at_once_get_two_po_numbers(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two managers create an order in the same second: PO-2026-0001 and PO-2026-0002, no raw IntegrityError."""
    partner_with_sla(db)
    order = validate_order(
        {"partner_code": "MF1", "order_date": ORDER_DAY, "lines": [{"sku_code": "MF-TEE", "quantity": 60}]}
    )
    create = lambda m, _: Services(m).orders.create_draft(order).number  # noqa: E731
    results = _at_once(db, monkeypatch, (numbering, "hold_number_lock"), create, [0, 1])
    assert set(results) == {"PO-2026-0001", "PO-2026-0002"}, results
