"""The SLA in force on a day: one rule, held at its edges through every way the code reads it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from microfactory_desk.db import Database
from microfactory_desk.models import SlaVersion
from microfactory_desk.services.sla.in_force import in_force_query, in_force_sql, pick_in_force
from microfactory_desk.services.sla.versions import SlaService
from microfactory_desk.services.telemetry.deliveries import sla_lead_target
from tests.services.telemetry_fixtures import D, add_partner, add_sla

# (partner, day, number of the version in force or None)
CASES = [
    ("P", D(2024, 12, 31), None),  # before the first version starts
    ("P", D(2025, 1, 1), 1),  # valid_from is included
    ("P", D(2025, 6, 30), 1),  # valid_until is included; superseded since, it still judged its days
    ("P", D(2025, 7, 1), 2),  # the next agreed version takes over the day after
    ("P", D(2030, 1, 1), 2),  # an open end never ends; the draft numbered 3 never counts
    ("Q", D(2025, 5, 31), 1),
    ("Q", D(2025, 6, 1), 2),  # overlapping versions: the highest number wins
    ("Q", D(2025, 8, 31), 2),
    ("Q", D(2025, 9, 1), 1),
    ("Q", D(2026, 1, 1), None),
    ("R", D(2024, 12, 31), 1),  # an expired version covered its own days
    ("R", D(2025, 1, 1), None),
    ("S", D(1999, 1, 1), 1),  # an open start (stored without one) covers every day before its end
    ("S", D(2025, 3, 31), 1),
    ("S", D(2025, 4, 1), None),
]


@pytest.fixture
def partners(db: Database) -> dict[str, int]:
    """P: superseded then agreed, plus a draft; Q: two agreed versions overlapping (stored data); R: expired; S: no start."""
    ids = {code: add_partner(db, code) for code in "PQRS"}
    add_sla(db, ids["P"], number=1, status="superseded", valid_until=D(2025, 6, 30), target_days=11)
    add_sla(db, ids["P"], number=2, valid_from=D(2025, 7, 1), target_days=12)
    add_sla(db, ids["P"], number=3, status="draft", valid_from=D(2020, 1, 1), target_days=13)
    add_sla(db, ids["Q"], number=1, valid_until=D(2025, 12, 31), target_days=11)
    add_sla(db, ids["Q"], number=2, valid_from=D(2025, 6, 1), valid_until=D(2025, 8, 31), target_days=12)
    add_sla(db, ids["R"], number=1, status="expired", valid_from=D(2024, 1, 1), valid_until=D(2024, 12, 31))
    add_sla(db, ids["S"], number=1, valid_from=None, valid_until=D(2025, 3, 31))
    return ids


@pytest.mark.parametrize(("code", "day", "expected"), CASES)
def test_every_rendering_picks_the_same_version(
    db: Database, partners: dict[str, int], code: str, day: dt.date, expected: int | None
) -> None:
    """ORM query, light-path SQL, in-memory pick, the SLA service and the delivery promise agree at each edge."""
    pid = partners[code]
    with db.session() as session:
        orm = session.scalars(in_force_query(pid, day)).first()
        versions = session.scalars(select(SlaVersion).where(SlaVersion.partner_id == pid)).all()
        in_memory = pick_in_force(versions, day)
        target = sla_lead_target(session, pid, day)
    light = db.read(
        f"SELECT v.number FROM sla_version v WHERE v.partner_id = :pid AND {in_force_sql('v', ':day')}",
        {"pid": pid, "day": day},
    )
    service = SlaService(db).version_in_force(pid, day)
    # The GUI's DTO answers with the same rule (SlaVersionOut.in_force_on marks the version in the SLA panel).
    dtos = SlaService(db).list_versions(pid)
    covering = [v.number for v in dtos if v.in_force_on(day)]
    assert (orm.number if orm else None) == expected
    assert [int(n) for (n,) in light] == ([expected] if expected else [])  # exactly one row, even where overlapping
    assert (in_memory.number if in_memory else None) == expected
    assert (service.number if service else None) == expected
    assert (max(covering) if covering else None) == expected
    assert target == (None if expected is None else (10 if code in "RS" else 10 + expected))


def test_joined_to_a_column_the_rule_picks_per_row(db: Database, partners: dict[str, int]) -> None:
    """Compiled against a column (a delivery's day), the rule gives each row its own version."""
    rows = db.read(
        "SELECT d.day, v.number FROM (SELECT :first AS day UNION ALL SELECT :second) d "
        f"JOIN sla_version v ON v.partner_id = :pid AND {in_force_sql('v', 'd.day')} ORDER BY d.day",
        {"pid": partners["P"], "first": D(2025, 6, 30), "second": D(2025, 7, 1)},
    )
    assert [(str(day)[:10], int(n)) for day, n in rows] == [("2025-06-30", 1), ("2025-07-01", 2)]


def test_the_light_path_text_is_portable_sql() -> None:
    """The text form binds by name and uses no dialect-only functions."""
    text = in_force_sql("v", ":day")
    assert ":day" in text and "'agreed', 'superseded', 'expired'" in text
    assert not any(word in text.lower() for word in ("julianday", "strftime", "date("))
