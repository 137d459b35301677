"""Bulk rows get the values the models' Python defaults would give, once per import instead of once per row."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook

from microfactory_desk import clock, identity
from microfactory_desk.db import Database
from microfactory_desk.imports.roster import read_roster
from microfactory_desk.models import Partner, StageChange
from microfactory_desk.services.common.bulk import stamped
from microfactory_desk.services.roster.transfer import import_roster

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def test_stamped_fills_only_what_a_row_leaves_out() -> None:
    """Timestamps, user and a fresh uuid per row where the table has them; a given value is kept."""
    identity.set_display_name("Ann Example")
    before = clock.utc_now()
    try:
        rows = stamped(Partner, [{"code": "A"}, {"code": "B", "uuid": "given", "created_by": "importer"}])
    finally:
        identity.set_display_name("")
    assert before <= rows[0]["created_at"] == rows[0]["updated_at"] == rows[1]["created_at"] <= clock.utc_now()
    assert (rows[0]["created_by"], rows[1]["created_by"], rows[1]["updated_by"]) == (
        "Ann Example",
        "importer",
        "Ann Example",
    )
    assert UUID.match(rows[0]["uuid"]) and rows[1]["uuid"] == "given"
    assert "created_by" not in stamped(StageChange, [{"partner_id": 1}])[0]  # a column the table lacks stays out


def test_an_imported_roster_carries_uuid_time_and_user_on_every_row(db: Database, tmp_path: Path) -> None:
    """Partners imported in bulk are stamped as one-by-one saves are: distinct uuids, the import's time, who."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Code", "Name", "Kind"])
    for n in range(3):
        sheet.append([f"MF-{n}", f"Atelier {n}", "microfactory"])
    book.save(tmp_path / "r.xlsx")
    import_roster(db, read_roster(tmp_path / "r.xlsx"))
    rows = db.read("SELECT uuid, created_at, updated_at, created_by, updated_by FROM partner ORDER BY code")
    assert len({r[0] for r in rows}) == 3 and all(UUID.match(r[0]) for r in rows)
    assert {(r[1], r[2]) for r in rows} == {(rows[0][1], rows[0][1])} and rows[0][1] is not None
    assert {(r[3], r[4]) for r in rows} == {(identity.current_user(), identity.current_user())}
