"""The change log fits its columns: a long logged field text is cut with an ellipsis before the insert."""

from __future__ import annotations

from microfactory_desk.db import Database
from microfactory_desk.models.change_log import fit
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.services.common.history import record_history
from microfactory_desk.services.roster.partners import RosterService

LONG_NAME = "Anna-Maria " + "Wiśniewska-Kowalczyk " * 5 + "X" * 4  # 120 characters


def test_a_120_character_contact_name_edit_saves_and_its_field_text_is_cut_with_an_ellipsis(db: Database) -> None:
    """Editing a 120-character contact's email saves (also on PostgreSQL) and logs "Contact …, Email" cut to 64 with "…"."""
    assert len(LONG_NAME) == 120
    roster = RosterService(db)
    created = roster.create_partner(data=validate_partner({"code": "MF1", "name": "Atelier"}))
    data = roster.get_partner(created.id).model_dump(mode="json")
    data["contacts"] = [{"name": LONG_NAME, "email": "anna@example.com"}]
    roster.update_partner(partner_id=created.id, data=validate_partner(data))
    data = roster.get_partner(created.id).model_dump(mode="json")
    data["contacts"][0]["email"] = "anna.maria@example.com"
    roster.update_partner(partner_id=created.id, data=validate_partner(data))
    changes = record_history(db, "partner", created.id)
    edited = changes[0]
    assert (edited.old_value, edited.new_value) == ("anna@example.com", "anna.maria@example.com")
    assert len(edited.field) == 64
    assert edited.field == f"Contact {LONG_NAME}"[:63] + "…"
    # The added row keeps the whole name: values are Text, only the field column is short.
    assert ("Contact added", LONG_NAME) in [(c.field, c.new_value) for c in changes]


def test_fit_leaves_short_text_alone_and_marks_a_cut() -> None:
    """`fit` returns text that fits unchanged and cuts longer text to the width, ending in "…"."""
    assert fit("Contact Ana, Email", 64) == "Contact Ana, Email"
    assert fit("x" * 64, 64) == "x" * 64
    assert fit("x" * 65, 64) == "x" * 63 + "…"
