"""SLA versions, price tiers and validation against a real SQLite file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from microfactory_desk.db import Database
from microfactory_desk.errors import NotFound, ValidationFailed
from microfactory_desk.schemas.negotiation import validate_entry
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.schemas.sla import PriceTierIn, validate_terms
from microfactory_desk.schemas.vocab import SlaStatus
from microfactory_desk.services.roster.partners import RosterService
from microfactory_desk.services.sla.negotiations import NegotiationService
from microfactory_desk.services.sla.terms import select_tier
from microfactory_desk.services.sla.versions import SlaService

D = dt.date
TIERS = [
    {"min_qty": 1, "unit_price": "12.50"},
    {"min_qty": 50, "unit_price": "10.90"},
    {"min_qty": 200, "unit_price": "9.40"},
]


def _partner(db: Database, code: str = "MF1", **extra: Any) -> int:
    return RosterService(db).create_partner(data=validate_partner({"code": code, "name": code, **extra})).id


def _tiers(*specs: tuple[int, str], **scope: str) -> list[PriceTierIn]:
    return [PriceTierIn.model_validate({"min_qty": q, "unit_price": p, **scope}) for q, p in specs]


def _agreed(service: SlaService, partner_id: int, start: D, **terms: Any) -> int:
    version = service.create_draft(partner_id, validate_terms({"valid_from": start, **terms}))
    return service.agree(version.id, on=start).id


def test_version_workflow_draft_proposed_agreed(db: Database) -> None:
    """A draft is numbered, proposed, then agreed with its start date defaulting to the agreement day."""
    service = SlaService(db)
    pid = _partner(db)
    draft = service.create_draft(pid, validate_terms({"lead_time_target_days": 10, "price_tiers": TIERS}))
    assert (draft.number, draft.status, draft.partner_code) == (1, SlaStatus.DRAFT, "MF1")
    assert service.propose(draft.id).status == SlaStatus.PROPOSED
    agreed = service.agree(draft.id, on=D(2026, 3, 1))
    assert (agreed.status, agreed.valid_from, agreed.agreed_at) == (
        SlaStatus.AGREED,
        D(2026, 3, 1),
        dt.datetime(2026, 3, 1),
    )
    assert [t.unit_price for t in agreed.price_tiers] == [Decimal("12.5"), Decimal("10.9"), Decimal("9.4")]
    assert service.create_draft(pid, validate_terms({})).number == 2


def test_agreeing_supersedes_the_previous_version(db: Database) -> None:
    """The agreed version before gets superseded and closes the day before the new one starts."""
    service = SlaService(db)
    pid = _partner(db)
    first = _agreed(service, pid, D(2026, 1, 1))
    second = _agreed(service, pid, D(2026, 4, 1))
    old = service.get_version(first)
    assert (old.status, old.valid_until) == (SlaStatus.SUPERSEDED, D(2026, 3, 31))
    assert service.get_version(second).status == SlaStatus.AGREED
    assert [v.number for v in service.list_versions(pid)] == [2, 1]


def test_agreed_versions_are_read_only(db: Database) -> None:
    """Editing, re-proposing or deleting an agreed version is refused on `status`."""
    service = SlaService(db)
    vid = _agreed(service, _partner(db), D(2026, 1, 1))
    for attempt in (
        lambda: service.update_draft(vid, validate_terms({})),
        lambda: service.propose(vid),
        lambda: service.delete_draft(vid),
        lambda: service.agree(vid, on=D(2026, 2, 1)),
    ):
        with pytest.raises(ValidationFailed) as err:
            attempt()
        assert err.value.errors[0].field == "status"


def test_overlapping_agreed_validity_is_refused(db: Database) -> None:
    """A version starting on or before the agreed one's start cannot be agreed over it."""
    service = SlaService(db)
    pid = _partner(db)
    _agreed(service, pid, D(2026, 4, 1))
    late = service.create_draft(pid, validate_terms({"valid_from": "2026-04-01"}))
    with pytest.raises(ValidationFailed) as err:
        service.agree(late.id, on=D(2026, 4, 1))
    assert err.value.errors[0].field == "valid_from"
    assert "overlaps agreed version 1" in err.value.message
    earlier = service.create_draft(pid, validate_terms({"valid_from": "2026-01-01", "valid_until": "2026-03-31"}))
    assert service.agree(earlier.id, on=D(2026, 1, 1)).status == SlaStatus.AGREED


def test_expire_due_expires_only_ended_agreed_versions(db: Database) -> None:
    """Agreed versions whose end date has passed become expired; open-ended ones stay agreed."""
    service = SlaService(db)
    ended = _agreed(service, _partner(db, "A"), D(2026, 1, 1), valid_until="2026-06-14")
    running = _agreed(service, _partner(db, "B"), D(2026, 1, 1), valid_until="2026-06-15")
    open_ended = _agreed(service, _partner(db, "C"), D(2026, 1, 1))
    assert service.expire_due(D(2026, 6, 15)) == 1
    statuses = [service.get_version(v).status for v in (ended, running, open_ended)]
    assert statuses == [SlaStatus.EXPIRED, SlaStatus.AGREED, SlaStatus.AGREED]


def test_version_in_force_on_boundary_dates(db: Database) -> None:
    """The first day and the last day belong to a version; the day after the old one's end is the new one's."""
    service = SlaService(db)
    pid = _partner(db)
    first = _agreed(service, pid, D(2026, 1, 1))
    second = _agreed(service, pid, D(2026, 4, 1), valid_until="2026-12-31")

    def in_force(day: D) -> int | None:
        version = service.version_in_force(pid, day)
        return version.id if version else None

    assert in_force(D(2025, 12, 31)) is None
    assert in_force(D(2026, 1, 1)) == first
    assert in_force(D(2026, 3, 31)) == first
    assert in_force(D(2026, 4, 1)) == second
    assert in_force(D(2026, 12, 31)) == second
    assert in_force(D(2027, 1, 1)) is None


def test_unit_price_uses_the_version_in_force(db: Database) -> None:
    """The price comes from the agreed version on the day, and a day without one says so."""
    service = SlaService(db)
    pid = _partner(db)
    _agreed(service, pid, D(2026, 1, 1), price_tiers=TIERS)
    price = service.unit_price(pid, qty=60, on=D(2026, 2, 1))
    assert (price.unit_price, price.currency, price.min_qty, price.version_number) == (Decimal("10.9"), "EUR", 50, 1)
    with pytest.raises(NotFound):
        service.unit_price(pid, qty=60, on=D(2025, 2, 1))


@pytest.mark.parametrize(
    ("qty", "expected"), [(1, "12.50"), (49, "12.50"), (50, "10.90"), (199, "10.90"), (200, "9.40")]
)
def test_tier_at_and_just_below_breaks(qty: int, expected: str) -> None:
    """Exactly at a break takes that break; one below takes the previous one."""
    tiers = _tiers((200, "9.40"), (1, "12.50"), (50, "10.90"))  # unsorted on purpose
    assert select_tier(tiers, qty).unit_price == Decimal(expected)


def test_below_the_first_break_is_refused_with_the_smallest_quantity() -> None:
    """A quantity under the first break names the smallest quantity that is priced."""
    with pytest.raises(ValidationFailed) as err:
        select_tier(_tiers((100, "5"), (25, "6")), 24)
    assert err.value.errors[0].field == "quantity"
    assert "smallest quantity" in err.value.message and "25" in err.value.message


def test_sku_tier_beats_category_beats_general() -> None:
    """A SKU's own tiers win over its category's, which win over the general ones."""
    tiers = [
        *_tiers((1, "10")),
        *_tiers((1, "8"), sku_category="Tees"),
        *_tiers((1, "7"), sku="TEE-RED-M"),
    ]
    assert select_tier(tiers, 5, sku="tee-red-m", category="tees").unit_price == Decimal("7")
    assert select_tier(tiers, 5, sku="TEE-BLUE-M", category="Tees").unit_price == Decimal("8")
    assert select_tier(tiers, 5, sku="MUG-1", category="Mugs").unit_price == Decimal("10")


def test_fallback_must_be_a_bulk_supplier(db: Database) -> None:
    """A fallback that is a microfactory is refused on `fallback_code`; a bulk supplier is kept."""
    service = SlaService(db)
    pid = _partner(db)
    _partner(db, "MF2")
    _partner(db, "BULK", kind="bulk supplier")
    with pytest.raises(ValidationFailed) as err:
        service.create_draft(pid, validate_terms({"fallback_code": "MF2"}))
    assert err.value.errors[0].field == "fallback_code"
    assert "not a bulk supplier" in err.value.message
    version = service.create_draft(pid, validate_terms({"fallback_code": "bulk", "fallback_trigger": "late twice"}))
    assert (version.fallback_code, version.fallback_trigger) == ("BULK", "late twice")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"valid_from": "2026-02-01", "valid_until": "2026-01-31"}, "valid_until"),
        ({"price_tiers": [{"min_qty": 1, "unit_price": "-0.01"}]}, "price_tiers.1.unit_price"),
        ({"price_tiers": [*TIERS, {"min_qty": 50, "unit_price": "10"}]}, "price_tiers.4.min_qty"),
        ({"lead_time_percentile": 49, "lead_time_bound_days": 14}, "lead_time_percentile"),
        ({"lead_time_percentile": 100, "lead_time_bound_days": 14}, "lead_time_percentile"),
        ({"lead_time_target_days": 10, "lead_time_bound_days": 9, "lead_time_percentile": 90}, "lead_time_bound_days"),
        ({"on_time_target_pct": "100.5"}, "on_time_target_pct"),
        ({"defect_ceiling_pct": -1}, "defect_ceiling_pct"),
        ({"price_tiers": [{"min_qty": 1, "unit_price": "1", "currency": "euro"}]}, "price_tiers.1.currency"),
        ({"price_tiers": [{"min_qty": 0, "unit_price": "1"}]}, "price_tiers.1.min_qty"),
    ],
)
def test_each_validation_error_names_its_field(data: dict[str, Any], field: str) -> None:
    """Bad terms are refused with the offending field named."""
    with pytest.raises(ValidationFailed) as err:
        validate_terms(data)
    assert field in [e.field for e in err.value.errors]


def test_same_break_in_different_scopes_and_currency_case_are_fine() -> None:
    """Equal breaks for different scopes are allowed and currencies are upper-cased."""
    terms = validate_terms(
        {"price_tiers": [{"min_qty": 1, "unit_price": "12,50", "currency": "eur"}, {**TIERS[0], "sku": "A-1"}]}
    )
    assert [(t.unit_price, t.currency) for t in terms.price_tiers] == [
        (Decimal("12.50"), "EUR"),
        (Decimal("12.50"), "EUR"),
    ]


def test_compare_flags_the_changed_terms(db: Database) -> None:
    """Comparing two versions marks the changed terms and price breaks only."""
    service = SlaService(db)
    pid = _partner(db)
    a = service.create_draft(
        pid, validate_terms({"lead_time_target_days": 10, "moq_waiver": True, "price_tiers": TIERS})
    )
    b_tiers = [TIERS[0], {"min_qty": 50, "unit_price": "10.50"}]
    b = service.create_draft(
        pid, validate_terms({"lead_time_target_days": 8, "moq_waiver": True, "price_tiers": b_tiers})
    )
    changed = {row.term: (row.a, row.b) for row in service.compare(a.id, b.id).changed}
    assert changed == {
        "Lead time target": ("10 days", "8 days"),
        "Price, all SKUs, from 50": ("10.90 EUR", "10.50 EUR"),
        "Price, all SKUs, from 200": ("9.40 EUR", ""),
    }


def test_deleting_a_partner_removes_its_versions_and_log(db: Database) -> None:
    """Versions, tiers and negotiation entries go with their partner; a deleted fallback just clears the link."""
    pid = _partner(db)
    bulk = _partner(db, "BULK", kind="bulk supplier")
    version = SlaService(db).create_draft(pid, validate_terms({"fallback_code": "BULK", "price_tiers": TIERS}))
    NegotiationService(db).add_entry(pid, validate_entry({"occurred_on": "2026-01-01", "notes": "x"}))
    RosterService(db).delete_partner(partner_id=bulk)
    assert SlaService(db).get_version(version.id).fallback_code is None
    RosterService(db).delete_partner(partner_id=pid)
    assert [db.read(f"SELECT COUNT(*) FROM {t}")[0][0] for t in ("sla_version", "price_tier", "negotiation_entry")] == [
        0,
        0,
        0,
    ]
