"""The negotiation log, its follow-ups and its search against a real SQLite file."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from microfactory_desk.db import Database
from microfactory_desk.errors import ValidationFailed
from microfactory_desk.schemas.negotiation import validate_entry
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.schemas.sla import validate_terms
from microfactory_desk.services.roster.partners import RosterService
from microfactory_desk.services.sla.negotiations import NegotiationService
from microfactory_desk.services.sla.versions import SlaService

TODAY = dt.date(2026, 6, 15)


def _partner(db: Database, code: str = "MF1", name: str = "Łódź Print Lab") -> int:
    return RosterService(db).create_partner(data=validate_partner({"code": code, "name": name})).id


def _entry(service: NegotiationService, pid: int, **data: Any) -> int:
    values = {"occurred_on": TODAY - dt.timedelta(days=30), "channel": "call", "notes": "Talked prices", **data}
    return service.add_entry(pid, validate_entry(values)).id


def _follow_up(service: NegotiationService, pid: int, days_from_today: int, **extra: Any) -> int:
    due = TODAY + dt.timedelta(days=days_from_today)
    extra.setdefault("occurred_on", due - dt.timedelta(days=5))
    return _entry(service, pid, next_step="Send revised quote", follow_up_on=due, follow_up_owner="Ania", **extra)


def test_entries_are_listed_newest_first(db: Database) -> None:
    """The partner's log lists the latest date first, and the same date by the latest entry first."""
    service = NegotiationService(db)
    pid = _partner(db)
    first = _entry(service, pid, occurred_on="2026-03-01")
    latest = _entry(service, pid, occurred_on="2026-05-01", channel="Visit")
    same_day = _entry(service, pid, occurred_on="2026-05-01")
    entries = service.list_for_partner(pid)
    assert [e.id for e in entries] == [same_day, latest, first]
    assert entries[1].channel.value == "visit" and entries[1].partner_code == "MF1"


def test_entry_can_be_tied_to_the_partners_sla_version_only(db: Database) -> None:
    """An entry shows the SLA version number it concerns; another partner's version is refused."""
    service = NegotiationService(db)
    pid, other = _partner(db), _partner(db, "MF2", "Other")
    version = SlaService(db).create_draft(pid, validate_terms({}))
    entry = service.get_entry(_entry(service, pid, sla_version_id=version.id))
    assert entry.sla_version_number == 1
    with pytest.raises(ValidationFailed) as err:
        _entry(service, other, sla_version_id=version.id)
    assert err.value.errors[0].field == "sla_version_id"


def test_update_and_delete_entry(db: Database) -> None:
    """Edits are saved, and a deleted entry leaves the log."""
    service = NegotiationService(db)
    pid = _partner(db)
    eid = _entry(service, pid)
    changed = service.update_entry(eid, validate_entry({"occurred_on": TODAY, "agreed": "10 % off from 200 units"}))
    assert (changed.agreed, changed.notes) == ("10 % off from 200 units", "")
    service.delete_entry(eid)
    assert service.list_for_partner(pid) == []


@pytest.mark.parametrize(
    ("days_from_today", "listed", "overdue"),
    [(0, True, 0), (7, True, -7), (8, False, None), (-1, True, 1), (-40, True, 40)],
)
def test_open_follow_ups_window(db: Database, days_from_today: int, listed: bool, overdue: int | None) -> None:
    """Due today and up to 7 days ahead count, 8 days ahead does not; overdue ones count with their days."""
    service = NegotiationService(db)
    pid = _partner(db)
    eid = _follow_up(service, pid, days_from_today)
    rows = service.open_follow_ups(TODAY)
    assert [r.entry_id for r in rows] == ([eid] if listed else [])
    if listed:
        assert (rows[0].days_overdue, rows[0].partner_name, rows[0].owner) == (overdue, "Łódź Print Lab", "Ania")
        assert rows[0].follow_up_on == TODAY + dt.timedelta(days=days_from_today)


def test_done_follow_ups_are_excluded_and_sorted_by_due_date(db: Database) -> None:
    """Done follow-ups leave the list, the rest come soonest first, and a new date reopens one."""
    service = NegotiationService(db)
    pid, other = _partner(db), _partner(db, "MF2", "Other")
    later = _follow_up(service, pid, 3)
    done = _follow_up(service, other, -2)
    overdue = _follow_up(service, other, -1)
    service.mark_follow_up_done(done)
    assert [r.entry_id for r in service.open_follow_ups(TODAY)] == [overdue, later]
    assert [r.entry_id for r in service.open_follow_ups(TODAY, partner_id=pid)] == [later]
    moved = validate_entry({**service.get_entry(done).model_dump(), "follow_up_on": TODAY})
    service.update_entry(done, moved)
    assert done in [r.entry_id for r in service.open_follow_ups(TODAY)]


def test_marking_an_entry_without_follow_up_is_refused(db: Database) -> None:
    """Only entries with a follow-up date can be ticked off."""
    service = NegotiationService(db)
    with pytest.raises(ValidationFailed) as err:
        service.mark_follow_up_done(_entry(service, _partner(db)))
    assert err.value.errors[0].field == "follow_up_on"


def test_search_finds_accented_text_with_an_unaccented_query(db: Database) -> None:
    """Every word must match somewhere in the notes, ignoring case, accents and LIKE wildcards."""
    service = NegotiationService(db)
    pid = _partner(db)
    hit = _entry(service, pid, our_ask="Lieferzeit für Größe M kürzen", participants="Zoë Müller")
    literal = _entry(service, pid, their_offer="Price 10_50 % off", notes="")
    _entry(service, pid, their_offer="10x50 boxes", notes="")
    assert [e.id for e in service.search("groesse")] == []
    assert [e.id for e in service.search("GROSSE fur zoe")] == [hit]
    assert [e.id for e in service.search("muller lieferzeit")] == [hit]
    assert [e.id for e in service.search("10_50 %")] == [literal]
    assert [e.id for e in service.search("10_50")] == [literal]
    assert service.search("   ") == []


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"notes": ""}, "notes"),
        ({"follow_up_on": "2026-06-20"}, "next_step"),
        ({"follow_up_on": "2026-01-01", "next_step": "Call"}, "follow_up_on"),
        ({"channel": "fax"}, "channel"),
        ({"occurred_on": "15/06/2026"}, "occurred_on"),
    ],
)
def test_bad_entries_name_the_field(data: dict[str, Any], field: str) -> None:
    """Each kind of bad entry is refused with the offending field named."""
    with pytest.raises(ValidationFailed) as err:
        validate_entry({"occurred_on": "2026-06-15", "notes": "x", **data})
    assert field in [e.field for e in err.value.errors]
