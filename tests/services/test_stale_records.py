"""No silent overwrite beyond the partner: two managers (two `Database` objects, each with its own connection)
editing one SLA version, negotiation entry, order, corrective action, pilot, template or SKU."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from microfactory_desk import identity
from microfactory_desk.db import Database
from microfactory_desk.errors import StaleEdit
from microfactory_desk.schemas.fields import validate
from microfactory_desk.schemas.negotiation import validate_entry
from microfactory_desk.schemas.orders import SkuIn, validate_order
from microfactory_desk.schemas.pilot import PilotIn
from microfactory_desk.schemas.quality import validate_action
from microfactory_desk.schemas.quality_template import as_input
from microfactory_desk.schemas.sla import validate_terms
from microfactory_desk.wiring import Services
from tests.quality_helpers import make_partner, make_template
from tests.services import attention_data as make
from tests.services.order_fixtures import ORDER_DAY, START, partner_with_sla

DAY = dt.date(2026, 11, 2)


@dataclass(frozen=True)
class Kind:
    """One kind of editable record: how to make one, load it as its editor does, save a text, read it back."""

    name: str
    make: Callable[[Database], int]
    load: Callable[[Database, int], Any]
    save: Callable[[Database, int, str, int | None], Any]  # (db, id, text, expected_version)
    text: Callable[[Any], str]


def _terms(text: str, tiers: int = 1) -> Any:
    prices = [{"min_qty": 1 + 10 * i, "unit_price": "9.90"} for i in range(tiers)]
    return validate_terms({"valid_from": START, "notes": text, "price_tiers": prices})


def _sla_make(db: Database) -> int:
    pid = partner_with_sla(db, sla=False)
    return int(Services(db).sla.create_draft(pid, _terms("first")).id)


def _order_make(db: Database) -> int:
    partner_with_sla(db)
    return int(Services(db).orders.create_draft(_order("first", 1)).id)


def _order(text: str, lines: int) -> Any:
    rows = [{"sku_code": "MF-TEE", "quantity": 60 + i} for i in range(lines)]
    return validate_order({"partner_code": "MF1", "order_date": ORDER_DAY, "notes": text, "lines": rows})


def _entry_make(db: Database) -> int:
    pid = make.partner(db, "MF1")
    return int(Services(db).negotiations.add_entry(pid, validate_entry({"occurred_on": DAY, "notes": "first"})).id)


def _action(db: Database, text: str, action_id: int | None = None) -> Any:
    pid = Services(db).actions.get_action(action_id).data.partner_id if action_id else make_partner(db)
    return validate_action({"partner_id": pid, "description": text, "raised_on": DAY, "owner": "QA"})


def _pilot(text: str) -> PilotIn:
    return validate(PilotIn, {"sku_code": "MF-LAMP", "partner_code": "MF-1", "market_name": "Pop-up", "notes": text})


def _pilot_make(db: Database) -> int:
    make.partner(db, "MF-1")
    make.sku(db, "MF-LAMP")
    return int(Services(db).pilots.create_pilot(_pilot("first"), today=DAY).id)


KINDS = [
    Kind(
        "SLA version",
        _sla_make,
        lambda db, i: Services(db).sla.get_version(i),
        lambda db, i, t, v: Services(db).sla.update_draft(i, _terms(t, 2), expected_version=v),
        lambda out: out.notes,
    ),
    Kind(
        "negotiation entry",
        _entry_make,
        lambda db, i: Services(db).negotiations.get_entry(i),
        lambda db, i, t, v: Services(db).negotiations.update_entry(
            i, validate_entry({"occurred_on": DAY, "notes": t}), expected_version=v
        ),
        lambda out: out.notes,
    ),
    Kind(
        "order",
        _order_make,
        lambda db, i: Services(db).orders.get_order(i),
        lambda db, i, t, v: Services(db).orders.update_draft(i, _order(t, 2), expected_version=v),
        lambda out: out.notes,
    ),
    Kind(
        "corrective action",
        lambda db: int(Services(db).actions.raise_action(_action(db, "first")).id),
        lambda db, i: Services(db).actions.get_action(i),
        lambda db, i, t, v: Services(db).actions.update_action(i, _action(db, t, i), expected_version=v),
        lambda out: out.data.description,
    ),
    Kind(
        "pilot",
        _pilot_make,
        lambda db, i: Services(db).pilots.get_pilot(i, DAY),
        lambda db, i, t, v: Services(db).pilots.update_pilot(i, _pilot(t), today=DAY, expected_version=v),
        lambda out: out.notes,
    ),
    Kind(
        "template",
        lambda db: int(make_template(db).id),
        lambda db, i: Services(db).templates.get_template(i),
        lambda db, i, t, v: Services(db).templates.save_template(
            i, as_input(Services(db).templates.get_template(i)).model_copy(update={"name": t}), expected_version=v
        ),
        lambda out: out.name,
    ),
    Kind(
        "SKU",
        lambda db: int(Services(db).skus.save_sku(SkuIn(code="MF-X", name="first")).id),
        lambda db, i: Services(db).skus.list_skus(search="MF-X")[0],
        lambda db, i, t, v: Services(db).skus.save_sku(SkuIn(code="MF-X", name=t), i, expected_version=v),
        lambda out: out.name,
    ),
]


@pytest.fixture
def as_user() -> Iterator[Callable[[str], None]]:
    """Switch the writing user by display name; back to the OS login afterwards."""
    yield identity.set_display_name
    identity.set_display_name("")


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_a_stale_save_is_refused_naming_who_and_when(db: Database, kind: Kind, as_user: Any) -> None:
    """Ann saves from another connection; Bob's older editor then saves: refused with Ann's name and the time,
    and Ann's version (with the tier or line she added) is what stays."""
    record_id = kind.make(db)
    bob_loaded = kind.load(db, record_id)
    other = Database(db.url)
    try:
        as_user("Ann Example")
        mine = kind.load(other, record_id)
        kind.save(other, record_id, "Ann's", mine.row_version)
    finally:
        other.close()
    as_user("Bob Example")
    with pytest.raises(StaleEdit) as refused:
        kind.save(db, record_id, "Bob's", bob_loaded.row_version)
    assert refused.value.changed_by == "Ann Example" and refused.value.changed_at.startswith("2026-11-30")
    kept = kind.load(db, record_id)
    assert kind.text(kept) == "Ann's" and kept.row_version > bob_loaded.row_version
    if kind.name == "order":
        assert len(kept.lines) == 2  # the line Ann added survives
    if kind.name == "SLA version":
        assert len(kept.price_tiers) == 2  # the tier Ann added survives


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_overwrite_on_purpose_saves_over_the_newer_version(db: Database, kind: Kind) -> None:
    """After a refusal, saving against the version now stored (what Overwrite does) replaces it; a second
    editor of the same record in the same process is refused the same way."""
    record_id = kind.make(db)
    left, right = kind.load(db, record_id), kind.load(db, record_id)
    kind.save(db, record_id, "left", left.row_version)
    with pytest.raises(StaleEdit):
        kind.save(db, record_id, "right", right.row_version)
    kind.save(db, record_id, "right", kind.load(db, record_id).row_version)
    assert kind.text(kind.load(db, record_id)) == "right"


def test_two_inspectors_answers_survive_and_a_stale_one_is_refused(db: Database, as_user: Any) -> None:
    """Two runners on one inspection: answers to different items both stay; an answer to an item the other
    inspector answered after this runner loaded it is refused naming who answered, and theirs stays."""
    from microfactory_desk.schemas.quality import AnswerIn
    from tests.quality_helpers import start_inspection

    template = make_template(db)
    first, second = template.items()[0].id, template.items()[1].id
    inspection = start_inspection(db, make_partner(db), template.id)
    other = Database(db.url)
    try:
        as_user("Ann Example")
        Services(other).inspections.answer(inspection.id, AnswerIn(item_id=first, result="pass"), loaded_at=None)
    finally:
        other.close()
    as_user("Bob Example")
    bob = Services(db).inspections
    bob.answer(inspection.id, AnswerIn(item_id=second, result="pass"), loaded_at=None)
    with pytest.raises(StaleEdit) as refused:
        bob.answer(inspection.id, AnswerIn(item_id=first, result="fail"), loaded_at=None)
    assert refused.value.changed_by == "Ann Example" and inspection.number in refused.value.record
    stored = bob.get(inspection.id).answers
    assert stored[first].result == "pass" and stored[second].result == "pass"
    overwritten = bob.answer(inspection.id, AnswerIn(item_id=first, result="fail"), loaded_at=stored[first].answered_at)
    assert overwritten.answer is not None and overwritten.answer.result == "fail"
