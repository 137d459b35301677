"""The "Partners drifting" card reads the links the snapshot writer keeps (migration 0011): whatever order snapshots
are written, rewritten or recomputed in, it lists exactly the partners the rule names, compared against the rule
computed here from every stored snapshot (each partner's newest by period end then id, and the one before it)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import update

from microfactory_desk.db import Database, open_database, resolve_url
from microfactory_desk.migrations import MIGRATIONS_DIR
from microfactory_desk.models import ScorecardSnapshot
from microfactory_desk.schemas.periods import parse_period
from microfactory_desk.services.dashboard.service import DashboardService
from microfactory_desk.services.scorecards.service import link_snapshots
from microfactory_desk.wiring import Services
from tests.conftest import TODAY
from tests.services import attention_data as make
from tests.services.telemetry_fixtures import D, accept_any_evidence, add_line, add_partner, add_sla, deliver

RANK = {"strategic": 0, "approved": 1, "watch": 2, "exit": 3}
PERIODS = (  # two periods end on the same day: the larger id is the newer
    ("2026-Q1", dt.date(2026, 3, 31)),
    ("2026-Q2", dt.date(2026, 6, 30)),
    ("2026-06", dt.date(2026, 6, 30)),
    ("2026-Q3", dt.date(2026, 9, 30)),
)


def expected(db: Database) -> list[str]:
    """'name (code): detail' of every drifting partner by the rule itself, breaches first, then code."""
    rows = db.read(
        "SELECT p.code, p.name, s.period, s.standing, s.sla_breaches FROM scorecard_snapshot s"
        " JOIN partner p ON p.id = s.partner_id ORDER BY p.id, s.period_end, s.id"
    )
    newest: dict[str, tuple[object, ...]] = {}
    before: dict[str, str | None] = {}
    for code, name, period, standing, breaches in rows:
        if code in newest:
            before[code] = newest[code][2]  # type: ignore[assignment]
        newest[code] = (name, period, standing, int(breaches))
    drifting = []
    for code, (name, period, standing, breaches) in newest.items():
        was = before.get(code)
        fell = standing in RANK and was in RANK and RANK[str(standing)] > RANK[str(was)]
        if breaches or fell:
            drifting.append((-int(str(breaches)), str(code), f"{name} ({code})", str(period), standing, was, breaches))
    return [
        f"{title}: {period} {standing} {was} {breaches}"
        for *_, title, period, standing, was, breaches in sorted(drifting)
    ]


def listed(db: Database) -> list[str]:
    """The card's full list in the same shape, read as the dashboard does (standings back from the detail text)."""
    card = DashboardService(db).card("scorecards", TODAY)
    rows = db.read(
        "SELECT p.code, s.period, s.standing, s.previous_standing, s.sla_breaches FROM scorecard_snapshot s"
        " JOIN partner p ON p.id = s.partner_id WHERE s.is_latest"
    )
    stored = {str(code): f"{period} {standing} {was} {breaches}" for code, period, standing, was, breaches in rows}
    assert card.count == len(card.items)
    return [f"{item.title}: {stored[item.code]}" for item in card.items]


def test_record_and_recompute_keep_the_drifting_partners(db: Database) -> None:
    """Recording Q3, then Q4, then Q3 again and Q4 after new deliveries lists exactly the drifting partners."""
    fell, steady = add_partner(db, "FELL", "Fell Works"), add_partner(db, "STEADY", "Steady Works")
    accept_any_evidence(db)
    for pid in (fell, steady):
        add_sla(db, pid)
        deliver(db, add_line(db, pid, sent_on=D(2026, 7, 1)), f"Q3-{pid}", D(2026, 7, 5))
    deliver(db, add_line(db, steady, sent_on=D(2026, 10, 1)), "Q4-ok", D(2026, 10, 5))
    deliver(db, add_line(db, fell, sent_on=D(2026, 10, 1)), "Q4-late", D(2026, 11, 20), defective=30)
    scorecards = Services(db).scorecards
    q3, q4 = parse_period("2026-Q3"), parse_period("2026-Q4")
    scorecards.record_snapshots(q3, today=TODAY)
    assert listed(db) == expected(db)
    scorecards.record_snapshots(q4, today=TODAY)
    assert [line.split(":")[0] for line in listed(db)] == ["Fell Works (FELL)"]
    assert listed(db) == expected(db)
    scorecards.record_snapshots(q3, today=TODAY)  # an older period recomputed: Q4 stays the newest
    assert listed(db) == expected(db) and len(listed(db)) == 1
    deliver(db, add_line(db, steady, sent_on=D(2026, 10, 2)), "Q4-bad", D(2026, 11, 25), defective=40)
    scorecards.record_snapshots(q4, today=TODAY)  # the newest rewritten: STEADY falls too
    assert [line.split(":")[0] for line in listed(db)] == ["Fell Works (FELL)", "Steady Works (STEADY)"]
    assert listed(db) == expected(db)


def test_snapshots_written_in_any_order_list_exactly_the_drifting_partners(db: Database) -> None:
    """200 seeded inserts and rewrites (older periods after newer, same-day periods, no standing) keep the card exact."""
    rng = random.Random(17)
    partners = [make.partner(db, f"P{n:02d}", f"Partner {n}") for n in range(8)]
    stored: dict[tuple[int, str], int] = {}
    for _ in range(200):
        pid, (period, end) = rng.choice(partners), rng.choice(PERIODS)
        standing = rng.choice((*RANK, None))
        breaches = rng.choice((0, 0, 0, 1, 2))
        if (pid, period) not in stored:
            stored[pid, period] = make.snapshot(db, pid, period, end, standing, breaches)
        else:  # rewritten as the writer does: new values, then the partner's links
            with db.session() as session:
                session.execute(
                    update(ScorecardSnapshot),
                    [{"id": stored[pid, period], "standing": standing, "sla_breaches": breaches}],
                )
                link_snapshots(session, period)
        assert listed(db) == expected(db)
    assert expected(db), "the seeded writes leave some partners drifting"


@pytest.mark.sqlite_only
def test_upgrade_to_0011_links_the_stored_snapshots(tmp_path: Path) -> None:
    """Snapshots stored before migration 0011 are linked by its backfill exactly as the writer links them."""
    path = tmp_path / "old.sqlite"
    db = open_database(str(path))
    rng = random.Random(11)
    for n in range(6):
        pid = make.partner(db, f"P{n}", f"Partner {n}")
        for period, end in rng.sample(PERIODS, k=rng.randint(1, 4)):
            make.snapshot(db, pid, period, end, rng.choice((*RANK, None)), rng.choice((0, 1)))
    want = expected(db)
    db.close()
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    old = Database(resolve_url(str(path)))
    for revision in ("0010_dashboard_kpi_indexes", "head"):
        with old.engine.begin() as conn:
            config.attributes["connection"] = conn
            (command.downgrade if revision != "head" else command.upgrade)(config, revision)
    old.close()
    db = open_database(str(path))
    try:
        assert listed(db) == want
        with db.session() as session:
            assert sum(link_snapshots(session, period) for period, _ in PERIODS) == 0  # nothing left to relink
    finally:
        db.close()
