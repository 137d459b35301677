"""Two managers at the same moment (two threads, each with its own connection): the database keeps the rules."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from microfactory_desk.db import Database
from microfactory_desk.errors import DeskError, StaleEdit, ValidationFailed
from microfactory_desk.schemas.orders import validate_order
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.schemas.sla import validate_terms
from microfactory_desk.services.common import numbering, records
from microfactory_desk.services.roster import partners
from microfactory_desk.services.roster.partners import RosterService
from microfactory_desk.services.sla import versions
from microfactory_desk.services.sla.versions import SlaService
from microfactory_desk.services.telemetry import importing
from microfactory_desk.services.telemetry.importing import DeliveryImport
from microfactory_desk.wiring import Services
from tests.services.order_fixtures import ORDER_DAY, START, partner_with_sla


def _at_once(
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
    gate_at: tuple[Any, str],
    work: Callable[[Database, Any], Any],
    args: list[Any],
) -> list[Any]:
    """Run `work` for each arg on its own thread and connection (two managers, two `Database` objects).

    On a server they all wait for each other when they reach `gate_at` (module, function), so every manager
    has read before any of them writes. On SQLite they start together and BEGIN IMMEDIATE makes their write
    transactions queue (a gate inside one would wait forever for a manager queued behind it): the later one
    must then see the earlier one's commit and keep the rule.
    """
    gate = threading.Barrier(len(args), timeout=10)
    if not db.is_sqlite:
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
            if db.is_sqlite:
                gate.wait()
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


def _one_saved_one_stale(results: list[Any]) -> None:
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], StaleEdit), results
    assert refused[0].changed_by  # who saved first is named


def test_two_saves_of_one_partner_at_once(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two managers save the partner they both loaded at the same moment: one is saved, the other refused."""
    roster = RosterService(db)
    loaded = roster.get_partner(partner_with_sla(db, sla=False))
    save = lambda m, city: RosterService(m).update_partner(  # noqa: E731
        partner_id=loaded.id, data=loaded.model_copy(update={"city": city}), expected_version=loaded.row_version
    )
    results = _at_once(db, monkeypatch, (records, "check_version"), save, ["Lyon", "Nice"])
    _one_saved_one_stale(results)
    assert roster.get_partner(loaded.id).city in ("Lyon", "Nice")


def test_two_saves_of_one_sla_draft_at_once(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two managers save one SLA draft at the same moment: one is saved, the other refused with who saved."""
    service = SlaService(db)
    draft = service.create_draft(partner_with_sla(db, sla=False), validate_terms({"valid_from": START}))
    save = lambda m, notes: SlaService(m).update_draft(  # noqa: E731
        draft.id, validate_terms({"valid_from": START, "notes": notes}), expected_version=draft.row_version
    )
    _one_saved_one_stale(_at_once(db, monkeypatch, (records, "check_version"), save, ["Ann's", "Bob's"]))
    assert service.get_version(draft.id).row_version == draft.row_version + 1


def test_two_saves_of_one_order_at_once(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two managers save one draft order (lines replaced) at the same moment: one is saved, the other refused."""
    partner_with_sla(db)
    orders = Services(db).orders
    rows = [{"sku_code": "MF-TEE", "quantity": 60}]
    order = orders.create_draft(validate_order({"partner_code": "MF1", "order_date": ORDER_DAY, "lines": rows}))

    def save(m: Database, lines: int) -> Any:
        data = validate_order({"partner_code": "MF1", "order_date": ORDER_DAY, "lines": rows * lines})
        return Services(m).orders.update_draft(order.id, data, expected_version=order.row_version)

    _one_saved_one_stale(_at_once(db, monkeypatch, (records, "check_version"), save, [2, 3]))
    assert len(orders.get_order(order.id).lines) in (2, 3)


def test_two_partners_with_one_code_at_once(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two managers add a partner with the same code at once: one is added, the other refused on the code."""
    create = lambda m, name: RosterService(m).create_partner(  # noqa: E731
        data=validate_partner({"code": "MF7", "name": name})
    )
    results = _at_once(db, monkeypatch, (partners, "find_by_code"), create, ["Atelier A", "Atelier B"])
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], ValidationFailed), results
    assert refused[0].errors[0].field == "code"


def test_the_same_delivery_file_imported_twice_at_once(
    db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The same delivery file imported by two managers at once: the deliveries are stored once, no traceback;
    the later import finds them and reports them unchanged."""
    partner_with_sla(db)
    orders = Services(db).orders
    rows = [{"sku_code": "MF-TEE", "quantity": 60}]
    order = orders.create_draft(validate_order({"partner_code": "MF1", "order_date": ORDER_DAY, "lines": rows}))
    orders.send(order.id, on=ORDER_DAY)
    path = tmp_path / "deliveries.csv"
    path.write_text(
        "order;line;reference;received_on;qty_received\n"
        f"{order.number};1;LS-1;2026-05-20;30\n{order.number};1;LS-2;2026-05-22;30\n",
        encoding="utf-8",
    )
    run = lambda m, _: DeliveryImport(m).import_file(path, "MF1")  # noqa: E731
    results = _at_once(db, monkeypatch, (importing, "typed_columns"), run, [0, 1])
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted((r.added, r.unchanged) for r in results) == [(0, 2), (2, 0)]
    assert db.read("SELECT COUNT(*) FROM delivery") == [(2,)]


def test_two_corrective_actions_at_once_get_two_numbers(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two managers raise a corrective action in the same second: CA-2026-0001 and CA-2026-0002."""
    from microfactory_desk.schemas.quality import validate_action

    pid = partner_with_sla(db, sla=False)
    data = validate_action({"partner_id": pid, "description": "Seams", "raised_on": ORDER_DAY})
    raise_one = lambda m, _: Services(m).actions.raise_action(data).number  # noqa: E731
    results = _at_once(db, monkeypatch, (numbering, "hold_number_lock"), raise_one, [0, 1])
    assert set(results) == {"CA-2026-0001", "CA-2026-0002"}, results
