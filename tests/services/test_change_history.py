"""The change log of child rows (contacts, certifications, price tiers, order lines) and of created/deleted records."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from microfactory_desk import identity
from microfactory_desk.db import Database
from microfactory_desk.schemas.orders import validate_order
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.schemas.sla import validate_terms
from microfactory_desk.services.common.history import record_history
from microfactory_desk.services.roster.partners import RosterService
from microfactory_desk.services.sla.versions import SlaService
from microfactory_desk.wiring import Services
from tests.services.order_fixtures import ORDER_DAY, TIERS, draft, partner_with_sla


@pytest.fixture(autouse=True)
def _as_ann() -> Iterator[None]:
    identity.set_display_name("Ann Example")
    yield
    identity.set_display_name("")


def _log(db: Database, record_type: str, record_id: int) -> list[tuple[str, str, str]]:
    """(field label, old, new) of the record's history, oldest first, all by Ann."""
    changes = record_history(db, record_type, record_id)
    assert {c.changed_by for c in changes} <= {"Ann Example"}
    return [(c.label, c.old_value, c.new_value) for c in reversed(changes)]


def test_contacts_and_certifications_are_logged_on_their_partner(db: Database) -> None:
    """Adding, editing and removing a contact or certification shows on the partner's history as the form labels it."""
    roster = RosterService(db)
    created = roster.create_partner(data=validate_partner({"code": "MF1", "name": "Atelier"}))
    detail = roster.get_partner(created.id)
    data = detail.model_dump(mode="json")
    data["contacts"] = [{"name": "Ana Ruiz", "email": "ana@example.com"}]
    data["certifications"] = [{"name": "ISO 9001", "valid_until": "2027-01-31"}]
    roster.update_partner(partner_id=created.id, data=validate_partner(data))
    data = roster.get_partner(created.id).model_dump(mode="json")
    data["contacts"][0]["email"] = "ana.ruiz@example.com"
    data["certifications"] = []
    roster.update_partner(partner_id=created.id, data=validate_partner(data))
    assert _log(db, "partner", created.id) == [
        ("Created", "", "MF1 Atelier"),
        ("Contact added", "", "Ana Ruiz"),
        ("Certification added", "", "ISO 9001"),
        ("Contact Ana Ruiz, Email", "ana@example.com", "ana.ruiz@example.com"),
        ("Certification removed", "ISO 9001", ""),
    ]


def test_order_lines_changed_added_and_removed_are_logged_on_the_order(db: Database) -> None:
    """A draft's lines are replaced on save, yet only what changed is logged: a quantity, a new line, a gone one."""
    partner_with_sla(db)
    order = draft(db)
    data = {
        "partner_code": "MF1",
        "order_date": ORDER_DAY,
        "destination_name": "Pop-up Kraków",
        "lines": [{"sku_code": "MF-TEE", "quantity": 80}, {"sku_code": "MF-CAP", "quantity": 30}],
    }
    Services(db).orders.update_draft(order.id, validate_order(data))
    log = _log(db, "purchase_order", order.id)
    assert log[0] == ("Created", "", order.number)
    assert set(log[1:]) == {
        ("Line 1 MF-TEE, Quantity", "60", "80"),
        ("Line removed", "Line 2 MF-SLV × 12", ""),
        ("Line added", "", "Line 2 MF-CAP × 30"),
    }
    assert not [entry for entry in log if "MF-TEE, Unit price" in entry[0]]  # 60 and 80 share the 50+ tier


def test_price_tiers_are_logged_on_their_sla_version(db: Database) -> None:
    """Changing a tier's price, dropping a tier and adding one are logged against the SLA version, nothing else."""
    partner_id = partner_with_sla(db, sla=False)
    sla = SlaService(db)
    version = sla.create_draft(partner_id, validate_terms({"price_tiers": TIERS, "lead_time_target_days": 10}))
    tiers = [dict(t) for t in TIERS[:3]]
    tiers[1]["unit_price"] = "10.50"
    tiers.append({"sku": "MF-TEE", "min_qty": 500, "unit_price": "8.00"})
    sla.update_draft(version.id, validate_terms({"price_tiers": tiers, "lead_time_target_days": 12}))
    assert set(_log(db, "sla_version", version.id)[1:]) == {
        ("Lead time target (days)", "10", "12"),
        ("Tier all SKUs from 50, Unit price", "10.9", "10.5"),
        ("Tier removed", "category Prototypes from 10", ""),
        ("Tier added", "", "MF-TEE from 500"),
    }


def test_a_deleted_record_keeps_its_history_with_who_deleted_it(db: Database) -> None:
    """Deleting a draft order logs "Deleted" with its number; its lines are not listed one by one."""
    partner_with_sla(db)
    order = draft(db)
    Services(db).orders.delete_draft(order.id)
    assert _log(db, "purchase_order", order.id) == [("Created", "", order.number), ("Deleted", order.number, "")]


def test_a_failed_save_logs_nothing(db: Database) -> None:
    """A save rolled back (a duplicate code) leaves no history behind."""
    roster = RosterService(db)
    roster.create_partner(data=validate_partner({"code": "MF1", "name": "Atelier"}))
    second = roster.create_partner(data=validate_partner({"code": "MF2", "name": "Other"}))
    data = roster.get_partner(second.id).model_dump(mode="json") | {"code": "MF1", "city": "Lyon"}
    with pytest.raises(Exception, match="MF1"):
        roster.update_partner(partner_id=second.id, data=validate_partner(data))
    assert _log(db, "partner", second.id) == [("Created", "", "MF2 Other")]


def test_order_json_export_carries_the_history(db: Database, tmp_path: Path) -> None:
    """The order JSON holds the order's change log, newest first, fields named as the form names them."""
    partner_with_sla(db)
    order = draft(db)
    services = Services(db)
    services.orders.cancel(order.id, "Event cancelled")
    path = tmp_path / "order.json"
    services.order_files.export_json(order.number, path)
    history = json.loads(path.read_text(encoding="utf-8"))["history"]
    logged = [(h["changed_by"], h["field"], h["old_value"], h["new_value"]) for h in history]
    assert logged[-1] == ("Ann Example", "Created", "", order.number)
    assert sorted(logged[:-1]) == [
        ("Ann Example", "Cancel reason", "", "Event cancelled"),
        ("Ann Example", "Status", "Draft", "Cancelled"),
    ]


def test_a_changed_link_reads_as_the_linked_record(db: Database) -> None:
    """A new fallback supplier is logged by the suppliers' codes, under the form's label, not as two ids."""
    roster = RosterService(db)
    for code in ("BS1", "BS2"):
        roster.create_partner(data=validate_partner({"code": code, "name": f"Bulk {code}", "kind": "bulk_supplier"}))
    created = roster.create_partner(data=validate_partner({"code": "MF1", "name": "Atelier", "fallback_code": "BS1"}))
    data = roster.get_partner(created.id).model_dump(mode="json") | {"fallback_code": "BS2", "kind": "microfactory"}
    roster.update_partner(partner_id=created.id, data=validate_partner(data))
    assert _log(db, "partner", created.id)[1:] == [("Fallback bulk supplier", "BS1", "BS2")]


def test_partners_imported_from_a_file_start_their_history_with_created(db: Database, tmp_path: Path) -> None:
    """A roster import (bulk rows the flush hooks never see) logs each partner as Created by whoever imported it;
    a dry run logs nothing."""
    path = tmp_path / "roster.csv"
    path.write_text("code,name,kind\nIM-1,Atelier Import,microfactory\nIM-2,Second Works,microfactory\n", "utf-8")
    files = Services(db).roster_files
    files.import_file(path, dry_run=True)
    assert db.read("SELECT COUNT(*) FROM change_log")[0][0] == 0
    files.import_file(path)
    ids = dict(db.read("SELECT code, id FROM partner"))
    assert _log(db, "partner", ids["IM-1"]) == [("Created", "", "IM-1 Atelier Import")]
    assert _log(db, "partner", ids["IM-2"]) == [("Created", "", "IM-2 Second Works")]
