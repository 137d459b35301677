"""A create repeated with the uuid its client chose (a retry after a lost reply) returns the stored record."""

from __future__ import annotations

from sqlalchemy import func, select

from microfactory_desk.db import Database
from microfactory_desk.models.order import PurchaseOrder
from microfactory_desk.models.partner import Partner
from microfactory_desk.models.sla import NegotiationEntry, SlaVersion
from microfactory_desk.schemas.negotiation import validate_entry
from microfactory_desk.schemas.orders import validate_order
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.schemas.sla import validate_terms
from microfactory_desk.services.roster.partners import RosterService
from microfactory_desk.services.sla.negotiations import NegotiationService
from microfactory_desk.services.sla.versions import SlaService
from microfactory_desk.wiring import Services

KEY = "3f1e1b7a-9c4d-4e55-8a61-0000000000aa"


def _count(db: Database, model: type) -> int:
    with db.session(write=False) as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_partner_created_twice_with_one_key_is_stored_once(db: Database) -> None:
    """The second create_partner with the same key returns the first partner instead of refusing its code."""
    roster = RosterService(db)
    data = validate_partner({"code": "K1", "name": "Keyed"})
    first = roster.create_partner(data=data, key=KEY)
    again = roster.create_partner(data=data, key=KEY)
    assert (again.id, again.uuid) == (first.id, KEY)
    assert _count(db, Partner) == 1


def test_an_order_a_draft_and_an_entry_created_twice_are_stored_once(db: Database) -> None:
    """Order drafts, SLA drafts and negotiation entries: same key twice → one row, the same id and number."""
    partner = RosterService(db).create_partner(data=validate_partner({"code": "K2", "name": "Keyed"}))
    orders = Services(db).orders
    order = validate_order({"partner_code": "K2", "order_date": "2026-05-04", "lines": []})
    first = orders.create_draft(order, key=KEY)
    assert orders.create_draft(order, key=KEY).number == first.number
    assert orders.create_draft(order).number != first.number  # no key: a new order each time
    assert _count(db, PurchaseOrder) == 2
    sla = SlaService(db)
    terms = validate_terms({"valid_from": "2026-01-01"})
    draft = sla.create_draft(partner.id, terms, key=KEY)
    assert sla.create_draft(partner.id, terms, key=KEY).id == draft.id
    assert _count(db, SlaVersion) == 1
    log = NegotiationService(db)
    entry = validate_entry({"occurred_on": "2026-05-04", "channel": "call", "notes": "Asked for a price"})
    assert log.add_entry(partner.id, entry, key=KEY).id == log.add_entry(partner.id, entry, key=KEY).id
    assert _count(db, NegotiationEntry) == 1


def test_an_inspection_an_action_and_a_pilot_created_twice_are_stored_once(db: Database) -> None:
    """Numbered quality and pilot records: the same key twice gives one row with one number."""
    from microfactory_desk.models.pilot import Pilot
    from microfactory_desk.models.quality import CorrectiveAction, Inspection
    from microfactory_desk.schemas.fields import validate
    from microfactory_desk.schemas.pilot import PilotIn
    from microfactory_desk.schemas.quality import validate_action, validate_inspection
    from tests.quality_helpers import DAY, make_partner, make_template
    from tests.services import attention_data as make

    services = Services(db)
    partner_id, template = make_partner(db), make_template(db)
    started = validate_inspection({"partner_id": partner_id, "template_id": template.id, "inspected_on": DAY})
    first = services.inspections.start(started, key=KEY)
    assert services.inspections.start(started, key=KEY).number == first.number
    action = validate_action({"partner_id": partner_id, "description": "Fix it", "raised_on": DAY, "due_on": DAY})
    assert (
        services.actions.raise_action(action, key=KEY).number == services.actions.raise_action(action, key=KEY).number
    )
    make.sku(db, "MF-LAMP")
    plan = validate(PilotIn, {"sku_code": "MF-LAMP", "partner_code": "MS-01", "market_name": "Pop-up"})
    assert (
        services.pilots.create_pilot(plan, today=DAY, key=KEY).id
        == services.pilots.create_pilot(plan, today=DAY, key=KEY).id
    )
    assert [_count(db, m) for m in (Inspection, CorrectiveAction, Pilot)] == [1, 1, 1]
