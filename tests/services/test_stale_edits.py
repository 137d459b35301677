"""No silent overwrite: two managers (two sessions, each with its own connection) editing one partner."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from microfactory_desk import identity
from microfactory_desk.db import Database
from microfactory_desk.errors import StaleEdit
from microfactory_desk.schemas.partner import ContactIn, validate_partner
from microfactory_desk.services.roster.partners import RosterService


@pytest.fixture
def as_user() -> Iterator[object]:
    """Switch the writing user by display name; back to the OS login afterwards."""
    yield identity.set_display_name
    identity.set_display_name("")


def _second_manager(db: Database) -> Database:
    """Another manager's connection to the same database (its own engine and sessions)."""
    return Database(db.url)


def test_a_stale_save_is_refused_naming_who_saved(db: Database, as_user) -> None:  # type: ignore[no-untyped-def]
    """Ann adds a contact; Bob's older editor then saves: refused with Ann's name, and Ann's contact stays."""
    created = RosterService(db).create_partner(data=validate_partner({"code": "MF1", "name": "Atelier"}))
    bob_loaded = RosterService(db).get_partner(created.id)
    other = _second_manager(db)
    try:
        as_user("Ann Example")
        ann = RosterService(other)
        mine = ann.get_partner(created.id)
        with_contact = mine.model_copy(update={"contacts": [ContactIn(name="Jo Ward", email="jo@example.com")]})
        saved = ann.update_partner(partner_id=created.id, data=with_contact, expected_version=mine.row_version)
        assert saved.row_version == mine.row_version + 1 and saved.updated_by == "Ann Example"
    finally:
        other.close()
    as_user("Bob Example")
    bob_edit = bob_loaded.model_copy(update={"name": "Atelier Nord"})
    with pytest.raises(StaleEdit) as refused:
        RosterService(db).update_partner(partner_id=created.id, data=bob_edit, expected_version=bob_loaded.row_version)
    assert refused.value.changed_by == "Ann Example" and "Partner MF1" in refused.value.message
    kept = RosterService(db).get_partner(created.id)
    assert kept.name == "Atelier" and [c.name for c in kept.contacts] == ["Jo Ward"]


def test_overwrite_on_purpose_and_a_contact_alone_moves_the_version(db: Database) -> None:
    """Saving with no expected version overwrites; a change of contacts only still makes older editors stale."""
    roster = RosterService(db)
    created = roster.create_partner(data=validate_partner({"code": "MF2", "name": "Atelier"}))
    first = roster.get_partner(created.id)
    only_contact = first.model_copy(update={"contacts": [ContactIn(name="Kim Lee")]})
    after = roster.update_partner(partner_id=created.id, data=only_contact, expected_version=first.row_version)
    assert after.row_version > first.row_version
    with pytest.raises(StaleEdit):
        roster.update_partner(partner_id=created.id, data=first, expected_version=first.row_version)
    forced = roster.update_partner(partner_id=created.id, data=first.model_copy(update={"name": "Mine"}))
    assert forced.name == "Mine" and forced.contacts == []


def test_two_editors_in_one_window_share_the_rule(db: Database) -> None:
    """Two editors of one partner in the same process: the second save from the older load is refused."""
    roster = RosterService(db)
    created = roster.create_partner(data=validate_partner({"code": "MF3", "name": "Atelier"}))
    left, right = roster.get_partner(created.id), roster.get_partner(created.id)
    roster.update_partner(
        partner_id=created.id, data=left.model_copy(update={"city": "Lyon"}), expected_version=left.row_version
    )
    with pytest.raises(StaleEdit):
        roster.update_partner(
            partner_id=created.id, data=right.model_copy(update={"city": "Nice"}), expected_version=right.row_version
        )
    assert roster.get_partner(created.id).city == "Lyon"


def test_every_save_logs_who_changed_which_field(db: Database, as_user) -> None:  # type: ignore[no-untyped-def]
    """The change log keeps field, old -> new, who and when for each save, newest first; bookkeeping is left out."""
    roster = RosterService(db)
    created = roster.create_partner(data=validate_partner({"code": "MF4", "name": "Atelier", "city": "Lyon"}))
    as_user("Ann Example")
    first = roster.get_partner(created.id)
    roster.update_partner(partner_id=created.id, data=first.model_copy(update={"city": "Nice", "min_batch": 20}))
    as_user("Bob Example")
    second = roster.get_partner(created.id)
    roster.update_partner(partner_id=created.id, data=second.model_copy(update={"name": "Atelier Sud"}))
    changes = [(c.changed_by, c.field, c.old_value, c.new_value) for c in roster.get_partner(created.id).changes]
    assert changes[0] == ("Bob Example", "name", "Atelier", "Atelier Sud")
    assert sorted(changes[1:-1]) == [("Ann Example", "city", "Lyon", "Nice"), ("Ann Example", "min_batch", "", "20")]
    assert changes[-1][1:] == ("Created", "", "MF4 Atelier")
    assert db.read("SELECT COUNT(*) FROM change_log WHERE field IN ('updated_at', 'row_version', 'search_text')") == [
        (0,)
    ]
