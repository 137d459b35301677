"""Text pasted from e-mails and web pages carries invisible marks (direction marks of right-to-left text, zero-width
spaces, byte-order marks, emoji variation selectors): a search still finds what it shows (found by a new-user
trial of the search boxes)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.services.roster.partners import RosterService
from microfactory_desk.ui.table_models.roster_table_model import COL_CODE
from tests.ui.conftest import open_window

NAMES = {
    "EG-CAI": "مصنع القاهرة",
    "IL-TLV": "סדנת תל אביב",
    "DE-BER": "Straße Werk",
    "RK-1": "Rocket Makers 🚀",
    "HRT-1": "❤️ Ceramics",
    "SOFT-1": "Soft­ware Works",  # a soft hyphen from a word processor
}


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("\u200fالقاهرة", ["EG-CAI"]),  # right-to-left mark before pasted Arabic
        ("\u202bתל אביב\u202c", ["IL-TLV"]),  # an embedding around pasted Hebrew
        ("\u2067القاهرة\u2069", ["EG-CAI"]),  # an isolate
        ("\u200eStraße", ["DE-BER"]),  # a left-to-right mark
        ("\ufeffrocket", ["RK-1"]),  # a byte-order mark at the start of a pasted line
        ("Roc\u200bket", ["RK-1"]),  # a zero-width space inside the word
        ("🚀\ufe0f", ["RK-1"]),  # the emoji as a phone keyboard types it (with its variation selector)
        ("❤", ["HRT-1"]),  # without the selector the name was stored with
        ("software", ["SOFT-1"]),
    ],
)
def test_roster_search_ignores_invisible_marks(qtbot: QtBot, db: Database, typed: str, found: list[str]) -> None:
    """The marks were part of the searched word, so most of these found nothing; now each finds its partner."""
    roster = RosterService(db)
    for code, name in NAMES.items():
        roster.create_partner(data=validate_partner({"code": code, "name": name}))
    page = open_window(qtbot, db).roster_page
    page.search.setText(typed)
    qtbot.waitUntil(lambda: page.model.rowCount() == len(found))
    assert [page.model.index(r, COL_CODE).data() for r in range(page.model.rowCount())] == found
