"""EXPLAIN QUERY PLAN of each dashboard card: its first items are read in an index's order, not sorted.

At 100,000 partners a card that finds its matches by status and then sorts them costs seconds (the late
orders: 1.1 s); read in index order it stops at LIMIT. Checked on a small migrated demo database without
ANALYZE, which is what a user's database shows the planner.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from microfactory_desk.db import Database, _sqlite_params, open_database
from microfactory_desk.demo.load import load_demo
from microfactory_desk.schemas.dashboard import Horizons
from microfactory_desk.services.dashboard.cards import RULES
from microfactory_desk.services.dashboard.service import _params
from microfactory_desk.services.telemetry.kpis import _INSPECTIONS
from tests.conftest import TODAY

# card -> the index its items are read through, in the card's order
CARD_INDEXES = {
    "follow_ups": "ix_negotiation_entry_open_follow_up",
    "sla_expiring": "ix_sla_version_status_valid_until",
    "no_sla": "ix_partner_active_open",
    "certifications": "ix_certification_due",
    "orders_late": "ix_purchase_order_late_open",
    "orders_unconfirmed": "ix_purchase_order_status_sent_on",
    "actions_overdue": "ix_corrective_action_due_search",
    "actions_critical": "ix_corrective_action_critical_open",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A 30-partner demo database at the newest schema."""
    path: Path = tmp_path_factory.mktemp("dash_plans") / "demo.sqlite"
    db = open_database(str(path))
    load_demo(db, partners=30, seed=3, today=TODAY)
    yield db
    db.close()


def _plan(db: Database, sql: str, params: dict[str, object]) -> list[str]:
    conn = db._sqlite_conn()  # noqa: SLF001 - the plan of the very connection the app reads through
    return [str(r[3]) for r in conn.execute("EXPLAIN QUERY PLAN " + sql, _sqlite_params(params)).fetchall()]


@pytest.mark.parametrize("key", sorted(CARD_INDEXES))
def test_card_reads_its_items_in_index_order(demo: Database, key: str) -> None:
    """The card's items come through its index, its capped count through an index too, and nothing is sorted."""
    rule = next(r for r in RULES if r.key == key)
    lines = _plan(demo, rule.sql, _params(TODAY, Horizons(), 25))
    listed, counted = lines[: lines.index("CO-ROUTINE capped")], lines[lines.index("CO-ROUTINE capped") + 1 :]
    # "USING INDEX", or "USING COVERING INDEX" where the index alone answers
    assert any(f"INDEX {CARD_INDEXES[key]} (" in line for line in listed), lines
    assert counted[0].startswith("SEARCH ") and " INDEX " in counted[0], lines  # the count: the same or a narrower one
    assert not [line for line in lines if "TEMP B-TREE" in line], lines


def test_kpi_inspections_read_only_the_finished_ones_of_the_period(demo: Database) -> None:
    """The KPI batch's inspections come through (status, inspected_on), not every finished inspection."""
    params = {"start": dt.date(2026, 4, 1), "end": dt.date(2026, 6, 30)}
    lines = _plan(demo, _INSPECTIONS.format(partner=""), params)
    assert any("ix_inspection_status_inspected_on (status=? AND inspected_on>? AND inspected_on<?)" in x for x in lines)


def test_drifting_partners_are_read_from_their_index_without_a_probe_per_partner(demo: Database) -> None:
    """The drift card reads only drifting newest snapshots through their index (list and count), probes no
    partner's snapshots one by one and sorts only the code order within a breach band and the listed items."""
    rule = next(r for r in RULES if r.key == "scorecards")
    lines = _plan(demo, rule.sql, _params(TODAY, Horizons(), 25))
    through = [line for line in lines if "ix_scorecard_snapshot_drifting_open (<expr>=?)" in line]
    assert len(through) == 2, lines  # the listed items and the count
    assert not [line for line in lines if "CORRELATED" in line or line.startswith("SCAN s") or "SCAN p" in line], lines
    sorts = [line for line in lines if "TEMP B-TREE" in line]
    assert sorts == ["USE TEMP B-TREE FOR RIGHT PART OF ORDER BY", "USE TEMP B-TREE FOR ORDER BY"], lines


def test_counts_read_no_row_only_to_name_its_partner(demo: Database) -> None:
    """A card's capped count reads only what decides a match: the follow-ups count (1,000 at 10,000 partners)
    reads its index alone, not the partner row each listed item names (migration 0012's reason, cold reads)."""
    rule = next(r for r in RULES if r.key == "follow_ups")
    lines = _plan(demo, rule.sql, _params(TODAY, Horizons(), 25))
    counted = lines[lines.index("CO-ROUTINE capped") + 1 : lines.index("SCAN capped")]
    assert counted == [
        "SEARCH e USING COVERING INDEX ix_negotiation_entry_open_follow_up"
        " (follow_up_done_at=? AND follow_up_on>? AND follow_up_on<?)"
    ], lines


def test_certificates_due_and_their_renewals_are_read_from_indexes(demo: Database) -> None:
    """The certificates due come in the card's order from one index and their renewal probe from another: no
    certificate row is read (partners are, for their stage)."""
    rule = next(r for r in RULES if r.key == "certifications")
    lines = _plan(demo, rule.sql, _params(TODAY, Horizons(), 25))
    searches = [line for line in lines if line.startswith(("SEARCH c ", "SEARCH n "))]
    assert len(searches) == 4 and all("USING COVERING INDEX" in line for line in searches), lines


def test_partners_without_an_sla_are_probed_from_an_index_alone(demo: Database) -> None:
    """The "No agreed SLA in force" card asks each active partner for a version in force through one covering
    index (partner, status, dates): no version row is read (migration 0012). Before, the partner id index
    led to every version row, 7.5 of the dashboard's 14 ms at 10,000 partners."""
    rule = next(r for r in RULES if r.key == "no_sla")
    lines = _plan(demo, rule.sql, _params(TODAY, Horizons(), 25))
    probes = [line for line in lines if line.startswith("SEARCH v ")]
    assert probes == ["SEARCH v USING COVERING INDEX ix_sla_version_in_force (partner_id=? AND status=?)"] * 2, lines


@pytest.mark.sqlite_only
def test_the_board_comes_in_one_row_with_every_card_s_rows_as_read(demo: Database) -> None:
    """On SQLite the cards' rows come packed in one JSON row (one wait for the GIL on the worker, not one per
    row): the same rows, values and order as the statement's plain rows, with quotes, backslashes, line breaks
    and any script in the text."""
    from microfactory_desk.services.dashboard.service import ITEMS_PER_CARD, DashboardService, _batch_sql

    with demo.session() as session:
        session.execute(
            text(
                "UPDATE partner SET name = :name WHERE id IN (SELECT partner_id FROM negotiation_entry"
                " WHERE follow_up_done_at IS NULL AND follow_up_on IS NOT NULL)"
            ),
            {"name": 'Łódź "Works" \\ 東京 العربية 😀\nline two'},
        )
    params = _params(TODAY, Horizons(), ITEMS_PER_CARD)
    plain_sql, packed_sql = _batch_sql(RULES), _batch_sql(RULES, packed=True)
    plain = demo.read(plain_sql, {k: v for k, v in params.items() if f":{k}" in plain_sql})
    packed = demo.read(packed_sql, {k: v for k, v in params.items() if f":{k}" in packed_sql})
    assert len(packed) == 1
    rows = DashboardService(demo)._read_rows(RULES, params)  # noqa: SLF001 - the read under test
    assert [list(r) for r in rows] == [list(r) for r in plain] and len(plain) > 20
    assert any('"Works" \\ 東京' in str(r[4]) for r in rows)
