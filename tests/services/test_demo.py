"""The demo data generator against a real SQLite file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from microfactory_desk.db import Database, open_database
from microfactory_desk.demo.load import DemoSummary, load_demo
from microfactory_desk.errors import DeskError
from microfactory_desk.schemas.negotiation import validate_entry
from microfactory_desk.schemas.partner import CODE_PATTERN, validate_partner
from microfactory_desk.schemas.roster_rows import RosterQuery, certification_state
from microfactory_desk.schemas.sla import SlaTermsIn, validate_terms
from microfactory_desk.services.roster.listing import RosterList
from microfactory_desk.services.roster.partners import RosterService, search_text
from microfactory_desk.services.sla.negotiations import NegotiationService, entry_search_text
from microfactory_desk.services.sla.versions import SlaService

TODAY = dt.date(2026, 6, 15)


def _partners(db: Database) -> list[tuple[str, str, str]]:
    return [(r[0], r[1], r[2]) for r in db.read("SELECT code, name, stage FROM partner ORDER BY code")]


def test_same_seed_gives_the_same_partners(db: Database, tmp_path: Path) -> None:
    """Two loads with the same seed into fresh databases give identical codes, names and stages."""
    load_demo(db, partners=120, seed=3, today=TODAY)
    other = open_database(str(tmp_path / "other.sqlite"))
    try:
        load_demo(other, partners=120, seed=3, today=TODAY)
        assert _partners(other) == _partners(db)
    finally:
        other.close()


def test_summary_counts_the_rows_written(db: Database) -> None:
    """The summary reports exactly the rows that are in the database afterwards."""
    summary = load_demo(db, partners=80, today=TODAY)
    tables = ("partner", "contact", "certification", "stage_change", "sla_version", "price_tier", "negotiation_entry")
    counts = [db.read(f"SELECT COUNT(*) FROM {t}")[0][0] for t in tables]
    assert summary == DemoSummary(*counts, more=summary.more)
    assert summary.more["SKUs"] == db.read("SELECT COUNT(*) FROM sku")[0][0]
    assert summary.partners == 80 and summary.contacts >= 80 and summary.stage_changes >= 80


def test_required_names_are_present_even_in_a_tiny_demo(db: Database) -> None:
    """With two partners the roster holds exactly Łódź Print Lab and Müller & Söhne Textil."""
    load_demo(db, partners=2, today=TODAY)
    assert sorted(name for _code, name, _stage in _partners(db)) == ["Müller & Söhne Textil", "Łódź Print Lab"]


def test_codes_are_unique_and_valid(db: Database) -> None:
    """Every code matches the code pattern and no two partners share one (in any case)."""
    load_demo(db, partners=300, today=TODAY)
    codes = [code for code, _name, _stage in _partners(db)]
    assert all(CODE_PATTERN.match(code) for code in codes)
    assert len({c.casefold() for c in codes}) == len(codes) == 300


def test_second_load_adds_partners_without_code_clashes(db: Database) -> None:
    """Loading twice adds a second set of partners whose codes continue after the first."""
    load_demo(db, partners=50, today=TODAY)
    summary = load_demo(db, partners=50, today=TODAY)
    codes = [code for code, _name, _stage in _partners(db)]
    assert summary.partners == 50
    assert len(set(codes)) == 100


def test_fallbacks_point_to_other_bulk_suppliers(db: Database) -> None:
    """Every fallback is a bulk supplier and never the partner itself; some partners have one."""
    load_demo(db, partners=200, today=TODAY)
    rows = db.read(
        "SELECT p.id, p.kind, f.id, f.kind FROM partner p JOIN partner f ON f.id = p.fallback_id ORDER BY p.id"
    )
    assert len(rows) > 50
    assert all(fallback_kind == "bulk_supplier" for _pid, _kind, _fid, fallback_kind in rows)
    assert all(pid != fid and kind == "microfactory" for pid, kind, fid, _fkind in rows)
    bulk = db.read("SELECT COUNT(*) FROM partner WHERE kind = 'bulk_supplier'")[0][0]
    assert 10 <= bulk <= 40


def test_some_certifications_are_expired_and_some_expire_soon(db: Database) -> None:
    """Relative to a fixed today, certificates are mostly valid with some expired and some expiring."""
    load_demo(db, partners=60, today=TODAY)
    dates = [r[0] for r in db.read("SELECT valid_until FROM certification")]
    states = [certification_state(dt.date.fromisoformat(str(d)), TODAY) for d in dates]
    assert states.count("expired") >= 1
    assert states.count("expiring") >= 1
    assert states.count("valid") > len(states) / 2


def test_min_batch_never_exceeds_weekly_capacity(db: Database) -> None:
    """The minimum batch fits in one week's capacity wherever both are known."""
    load_demo(db, partners=300, today=TODAY)
    rows = db.read("SELECT min_batch, weekly_capacity FROM partner WHERE weekly_capacity IS NOT NULL")
    assert rows and all(min_batch <= capacity for min_batch, capacity in rows)


def test_history_ends_in_the_current_stage(db: Database) -> None:
    """Each history starts from nothing, chains move to move and ends, in the past, at the current stage."""
    load_demo(db, partners=150, today=TODAY)
    stages = dict(db.read("SELECT id, stage FROM partner"))
    history: dict[int, list[tuple[str | None, str, str]]] = {}
    for pid, from_stage, to_stage, changed_at in db.read(
        "SELECT partner_id, from_stage, to_stage, changed_at FROM stage_change ORDER BY partner_id, changed_at"
    ):
        history.setdefault(pid, []).append((from_stage, to_stage, str(changed_at)))
    assert set(history) == set(stages)
    for pid, entries in history.items():
        assert entries[0][0] is None
        assert all(later[0] == earlier[1] for earlier, later in zip(entries, entries[1:], strict=False))
        assert entries[-1][1] == stages[pid]
        assert entries[-1][2] < TODAY.isoformat()
    assert sum(len(e) > 2 for e in history.values()) > len(history) / 2


def test_search_text_matches_the_roster_service(db: Database) -> None:
    """The stored search text is what RosterService computes, so a folded search finds Łódź Print Lab."""
    load_demo(db, partners=100, today=TODAY)
    page = RosterList(db).page(RosterQuery(search="lodz"))
    assert "Łódź Print Lab" in [row.name for row in page.rows]
    service = RosterService(db)
    for pid, stored in db.read("SELECT id, search_text FROM partner ORDER BY id LIMIT 25"):
        detail = service.get_partner(pid)
        assert stored == search_text(detail)


def test_generated_partners_pass_validation(db: Database) -> None:
    """Stored partners, contacts (emails, phones) and certificates pass the same validation as user input."""
    load_demo(db, partners=100, today=TODAY)
    service = RosterService(db)
    ids = [r[0] for r in db.read("SELECT id FROM partner ORDER BY id")]
    for pid in ids[::7]:
        detail = service.get_partner(pid)
        data = detail.model_dump(mode="json", exclude={"id", "uuid", "fallback_name", "history"})
        validated = validate_partner(data)
        assert validated.contacts and all(c.email for c in validated.contacts)
        assert 1 <= len(validated.contacts) <= 3 and len(validated.certifications) <= 3


def test_progress_is_reported_up_to_the_total(db: Database) -> None:
    """Progress is called in steps and finishes with done equal to total."""
    calls: list[tuple[int, int]] = []
    load_demo(db, partners=1200, today=TODAY, progress=lambda done, total: calls.append((done, total)))
    assert len(calls) >= 3
    assert calls[-1] == (1200, 1200)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_negative_count_is_refused(db: Database) -> None:
    """Asking for a negative number of partners is a DeskError with a message."""
    with pytest.raises(DeskError, match="partners"):
        load_demo(db, partners=-1)


def test_approved_and_pilot_partners_get_sla_histories(db: Database) -> None:
    """Each approved or pilot partner has 2-3 versions, exactly one agreed and in force today, with valid terms."""
    load_demo(db, partners=150, today=TODAY)
    service = SlaService(db)
    pids = [r[0] for r in db.read("SELECT id FROM partner WHERE stage IN ('approved', 'pilot') ORDER BY id")]
    outside = "SELECT COUNT(*) FROM sla_version v JOIN partner p ON p.id = v.partner_id WHERE p.stage NOT IN ('approved', 'pilot')"
    assert pids and db.read(outside)[0][0] == 0
    for pid in pids[::5]:
        versions = service.list_versions(pid)
        assert 2 <= len(versions) <= 3 and [v.status for v in versions].count("agreed") == 1
        in_force = service.version_in_force(pid, TODAY)
        assert in_force is not None and in_force.status == "agreed" and in_force.price_tiers
        assert (
            service.unit_price(pid, qty=200, on=TODAY).unit_price < service.unit_price(pid, qty=1, on=TODAY).unit_price
        )
        for version in versions:
            data = version.model_dump(mode="json", include=set(SlaTermsIn.model_fields))
            validate_terms(data)
    assert service.expire_due(TODAY) == 0


def test_negotiation_logs_have_overdue_due_and_done_follow_ups(db: Database) -> None:
    """Logs hold 2-6 valid entries each, with follow-ups overdue, due this week and done, and searchable text."""
    load_demo(db, partners=150, today=TODAY)
    service = NegotiationService(db)
    per_partner = [r[0] for r in db.read("SELECT COUNT(*) FROM negotiation_entry GROUP BY partner_id")]
    assert per_partner and min(per_partner) >= 2 and max(per_partner) <= 6
    rows = service.open_follow_ups(TODAY)
    assert any(r.days_overdue > 0 for r in rows) and any(-7 <= r.days_overdue <= 0 for r in rows)
    assert db.read("SELECT COUNT(*) FROM negotiation_entry WHERE follow_up_done_at IS NOT NULL")[0][0] > 0
    for pid in {r.partner_id for r in rows}:
        for entry in service.list_for_partner(pid):
            stored = db.read("SELECT search_text FROM negotiation_entry WHERE id = :id", {"id": entry.id})[0][0]
            assert stored == entry_search_text(validate_entry(entry.model_dump()))
    assert service.search("price break")


def test_demo_adds_a_catalogue_once(db: Database) -> None:
    """The demo adds core, experimental and regional SKUs; a second load reuses them instead of doubling."""
    first = load_demo(db, partners=5, seed=3, today=TODAY)
    rows = db.read("SELECT code, experimental, region FROM sku ORDER BY code")
    assert first.more["SKUs"] == len(rows) >= 12
    assert any(r[1] for r in rows) and any(not r[1] for r in rows)
    assert any(r[2] for r in rows)
    load_demo(db, partners=5, seed=4, today=TODAY)
    assert len(db.read("SELECT code FROM sku")) == len(rows)
