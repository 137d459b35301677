"""Partner use cases against a real SQLite file."""

from __future__ import annotations

import pytest

from microfactory_desk.db import Database
from microfactory_desk.errors import NotFound, ValidationFailed
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.schemas.roster_rows import RosterQuery
from microfactory_desk.services.roster.listing import RosterList
from microfactory_desk.services.roster.partners import RosterService


def _partner(code: str, **extra: object) -> dict[str, object]:
    return {"code": code, "name": f"Partner {code}", **extra}


def test_create_and_read_back_keeps_every_field(db: Database) -> None:
    """A created partner reads back with contacts, certifications and a first history entry."""
    service = RosterService(db)
    service.create_partner(data=validate_partner(_partner("BULK1", kind="bulk supplier")))
    data = validate_partner(
        _partner(
            "LDZ-01",
            name="Łódź Print Lab",
            city="Łódź",
            processes="3D printing, CNC",
            weekly_capacity=500,
            min_batch=20,
            fallback_code="bulk1",
            contacts=[{"name": "Ania", "email": "ania@lab.example", "phone": "+48 42 000"}],
            certifications=[{"name": "ISO 9001", "valid_from": "2025-01-01", "valid_until": "2027-01-01"}],
        )
    )
    created = service.create_partner(data=data)
    detail = service.get_partner(created.id)
    assert detail.name == "Łódź Print Lab"
    assert detail.processes == ["3D printing", "CNC"]
    assert detail.fallback_code == "BULK1"
    assert detail.contacts[0].email == "ania@lab.example"
    assert str(detail.certifications[0].valid_until) == "2027-01-01"
    assert [(h.from_stage, h.to_stage) for h in detail.history] == [(None, "prospect")]
    assert len(detail.uuid) == 36


def test_stage_change_is_recorded_with_reason(db: Database) -> None:
    """Moving a partner to another stage adds (from, to, reason) to its history."""
    service = RosterService(db)
    created = service.create_partner(data=validate_partner(_partner("A1")))
    changed = validate_partner({**created.model_dump(), "stage": "pilot"})
    service.update_partner(partner_id=created.id, data=changed, stage_reason="First pilot run agreed")
    history = service.get_partner(created.id).history
    assert (history[0].from_stage, history[0].to_stage, history[0].reason) == (
        "prospect",
        "pilot",
        "First pilot run agreed",
    )


def test_duplicate_code_is_refused_naming_the_field(db: Database) -> None:
    """A second partner with the same code (any case) is refused on `code`."""
    service = RosterService(db)
    service.create_partner(data=validate_partner(_partner("DUP")))
    with pytest.raises(ValidationFailed) as err:
        service.create_partner(data=validate_partner(_partner("dup")))
    assert err.value.errors[0].field == "code"


def test_fallback_must_be_a_bulk_supplier(db: Database) -> None:
    """A fallback that is a microfactory is refused on `fallback_code`."""
    service = RosterService(db)
    service.create_partner(data=validate_partner(_partner("MF1")))
    with pytest.raises(ValidationFailed) as err:
        service.create_partner(data=validate_partner(_partner("MF2", fallback_code="MF1")))
    assert err.value.errors[0].field == "fallback_code"
    assert "not a bulk supplier" in err.value.errors[0].message


def test_self_fallback_is_refused(db: Database) -> None:
    """A bulk supplier cannot be its own fallback."""
    with pytest.raises(ValidationFailed) as err:
        validate_partner(_partner("B1", kind="bulk_supplier", fallback_code="b1"))
    assert err.value.errors[0].field == "fallback_code"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"contacts": [{"name": "X", "email": "not-an-email"}]}, "contacts.1.email"),
        ({"weekly_capacity": -1}, "weekly_capacity"),
        (
            {"certifications": [{"name": "ISO", "valid_from": "2026-02-01", "valid_until": "2026-01-01"}]},
            "certifications.1.valid_until",
        ),
        ({"code": "has space"}, "code"),
        ({"name": "   "}, "name"),
    ],
)
def test_bad_input_names_the_field(extra: dict[str, object], field: str) -> None:
    """Each kind of bad input is refused with the offending field named."""
    with pytest.raises(ValidationFailed) as err:
        validate_partner({**_partner("OK1"), **extra})
    assert field in [e.field for e in err.value.errors]


def test_delete_removes_partner(db: Database) -> None:
    """A deleted partner is gone."""
    service = RosterService(db)
    created = service.create_partner(data=validate_partner(_partner("GONE")))
    service.delete_partner(partner_id=created.id)
    with pytest.raises(NotFound):
        service.get_partner(created.id)


def test_list_searches_folded_text_and_filters(db: Database) -> None:
    """Search ignores case and accents; filters and counts are applied in SQL."""
    service = RosterService(db)
    service.create_partner(data=validate_partner(_partner("L1", name="Łódź Print Lab", region="EU-East")))
    service.create_partner(data=validate_partner(_partner("M1", name="Müller & Söhne Textil", stage="pilot")))
    service.create_partner(data=validate_partner(_partner("X1", name="50% Off_Works")))
    roster = RosterList(db)
    assert [r.code for r in roster.page(RosterQuery(search="lodz")).rows] == ["L1"]
    assert [r.code for r in roster.page(RosterQuery(search="MULLER sohne")).rows] == ["M1"]
    assert [r.code for r in roster.page(RosterQuery(search="50%")).rows] == ["X1"]
    assert roster.page(RosterQuery(search="0_")).rows == []
    page = roster.page(RosterQuery(stage="pilot"))
    assert (page.matching, page.total) == (1, 3)
    assert roster.regions() == ["EU-East"]


def test_list_sorts_and_pages(db: Database) -> None:
    """Sorting descending and paging return the right slice and the full matching count."""
    service = RosterService(db)
    for i in range(7):
        service.create_partner(data=validate_partner(_partner(f"P{i}", weekly_capacity=i * 10)))
    page = RosterList(db).page(RosterQuery(sort="weekly_capacity", descending=True, offset=2, limit=3))
    assert [r.code for r in page.rows] == ["P4", "P3", "P2"]
    assert page.matching == 7


def test_deleting_a_bulk_supplier_clears_fallbacks(db: Database) -> None:
    """Partners that fell back to a deleted bulk supplier keep existing, with no fallback."""
    service = RosterService(db)
    bulk = service.create_partner(data=validate_partner(_partner("BULK", kind="bulk_supplier")))
    user = service.create_partner(data=validate_partner(_partner("USER", fallback_code="BULK")))
    service.delete_partner(partner_id=bulk.id)
    assert service.get_partner(user.id).fallback_code is None


def test_bulk_supplier_in_use_cannot_become_a_microfactory(db: Database) -> None:
    """Changing the kind of a bulk supplier others fall back to is refused on `kind`."""
    service = RosterService(db)
    bulk = service.create_partner(data=validate_partner(_partner("BULK", kind="bulk_supplier")))
    service.create_partner(data=validate_partner(_partner("USER", fallback_code="BULK")))
    changed = validate_partner({**bulk.model_dump(), "kind": "microfactory"})
    with pytest.raises(ValidationFailed) as err:
        service.update_partner(partner_id=bulk.id, data=changed)
    assert err.value.errors[0].field == "kind"
