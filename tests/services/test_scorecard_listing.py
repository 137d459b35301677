"""The Scorecards page's portfolio from stored snapshots: the same scores as the live computation, filtered,
sorted and paged in SQL, and stale as soon as the data moves on."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text

from microfactory_desk import clock
from microfactory_desk.db import Database
from microfactory_desk.schemas.listing import ListQuery
from microfactory_desk.schemas.periods import current_quarter, parse_period
from microfactory_desk.services.scorecards.listing import PortfolioListing, sorts
from microfactory_desk.services.scorecards.service import ScorecardService
from tests.conftest import TODAY
from tests.services.telemetry_fixtures import D, accept_any_evidence, add_line, add_partner, add_sla, deliver
from tests.ui.demo_db import build_demo_file, demo_copy

Q4 = parse_period("2026-Q4")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, built once for the module."""
    return build_demo_file(tmp_path_factory.mktemp("listing"))


def _scored(db: Database) -> None:
    """Five partners: three scored (one late with defects), one idle approved, one prospect without data."""
    accept_any_evidence(db)
    for n, (late, defective) in enumerate(((0, 0), (40, 30), (0, 2)), 1):
        pid = add_partner(db, f"MF-{n}", f"Works {n}")
        add_sla(db, pid)
        deliver(
            db,
            add_line(db, pid, sent_on=D(2026, 10, 1)),
            f"DN-{n}",
            D(2026, 10, 5) + dt.timedelta(days=late),
            defective=defective,
        )
    add_partner(db, "IDLE", "Idle Works")
    add_partner(db, "PROS", "Prospect Works", stage="prospect")
    with db.session() as session:  # the folded text the roster service writes; these fixtures leave it empty
        session.execute(text("UPDATE partner SET search_text = LOWER(code || ' ' || name)"))


@pytest.mark.sqlite_only
def test_listed_scores_equal_the_live_computation_for_every_demo_partner(demo_file: Path, tmp_path: Path) -> None:
    """After recomputing the period, every partner's listed score, standing, marks, KPIs, trend and breaches
    equal ScorecardService.portfolio's, and the listing holds exactly the live portfolio's partners."""
    db = demo_copy(demo_file, tmp_path)
    service, listing = ScorecardService(db), PortfolioListing(db)
    for period in (current_quarter(TODAY), parse_period("2026-09")):
        service.record_snapshots(period, today=TODAY)
        live = {r.partner_id: r for r in service.portfolio(period, today=TODAY)}
        listed = {r.partner_id: r for r in listing.page(ListQuery(filters={"period": period.label}, limit=None)).rows}
        assert set(listed) == set(live) and len(live) > 20
        mismatches = []
        for pid, row in live.items():
            got = listed[pid]
            want = (
                None if row.score is None else round(row.score, 2), row.standing.value if row.standing else None,
                row.provisional, row.capped, row.sla_breaches, row.deliveries, row.on_time_pct, row.lead_median,
                row.defect_pct, row.inspection_avg, row.actions_overdue, row.previous_score,
                row.trend.value if row.trend else None, row.standing_text,
            )  # fmt: skip
            have = (
                got.score, got.standing, got.provisional, got.capped, got.sla_breaches, got.deliveries, got.on_time_pct,
                got.lead_median, got.defect_pct, got.inspection_avg, got.actions_overdue, got.previous_score, got.trend,
                got.standing_text,
            )  # fmt: skip
            if want != have:
                mismatches.append((row.code, want, have))
        assert mismatches == []
        assert any(r.capped for r in listed.values()) or any(r.provisional for r in listed.values())
    db.close()


def test_every_sort_pages_without_repeats_and_filters_count_in_sql(db: Database) -> None:
    """Each sort key in both directions gives the same rows in 2-row pages as in one read; filters, search and
    the summary count over every match; the prospect without data is not listed."""
    _scored(db)
    ScorecardService(db).record_snapshots(Q4, today=TODAY)
    listing = PortfolioListing(db)
    base = ListQuery(filters={"period": Q4.label})
    for key in sorts(db):
        for descending in (False, True):
            whole = listing.page(replace(base, sort=key, descending=descending, limit=None)).rows
            paged, offset = [], 0
            while True:
                page = listing.page(replace(base, sort=key, descending=descending, limit=2, offset=offset))
                assert page.matching == 4 and page.total == 4
                if not page.rows:
                    break
                paged += page.rows
                offset += 2
            assert [r.code for r in paged] == [r.code for r in whole]
    worst = listing.page(replace(base, sort="defects", descending=True)).rows
    assert [r.code for r in worst][:1] == ["MF-2"] and worst[-1].defect_pct is None
    figures = [r.defect_pct for r in worst if r.defect_pct is not None]
    assert figures == sorted(figures, reverse=True) and len(figures) == 3
    best = listing.page(replace(base, sort="score", descending=True)).rows
    assert [r.code for r in best][-1] == "IDLE" and best[0].score is not None  # no data last
    assert [r.code for r in listing.page(replace(base, search="works 2")).rows] == ["MF-2"]
    watch = replace(base, filters={"period": Q4.label, "standing": best[-2].standing})
    assert {r.standing for r in listing.page(watch).rows} == {best[-2].standing}
    none = listing.page(replace(base, filters={"period": Q4.label, "standing": "none"}))
    assert [r.code for r in none.rows] == ["IDLE"] and none.total == 4
    summary = listing.summary(base)
    assert (summary.partners, summary.scored) == (4, 3) and sum(summary.standings.values()) == 3
    assert listing.partner_ids(replace(base, sort="name")) == [r.partner_id for r in listing.page(
        replace(base, sort="name", limit=None)).rows]  # fmt: skip


def test_stored_scores_go_stale_when_data_changes_or_a_day_passes(db: Database) -> None:
    """Never computed: stale with no time; after recording: current; a new partner, the next day or a snapshot
    stored without KPIs (an older version's): stale."""
    _scored(db)
    listing = PortfolioListing(db)
    never = listing.freshness(Q4.label, TODAY)
    assert never.stale and never.computed_at is None
    ScorecardService(db).record_snapshots(Q4, today=TODAY)
    fresh = listing.freshness(Q4.label, TODAY)
    assert not fresh.stale and fresh.computed_at is not None
    assert listing.freshness(Q4.label, TODAY + dt.timedelta(days=1)).stale
    with clock.frozen(clock.now() + dt.timedelta(minutes=5), tick=True):
        pid = add_partner(db, "NEW", "New Works")
        assert pid and listing.freshness(Q4.label, TODAY).stale
    with clock.frozen(clock.now() + dt.timedelta(minutes=10)):  # recomputed after the new partner came
        ScorecardService(db).record_snapshots(Q4, today=TODAY)
    assert not listing.freshness(Q4.label, TODAY).stale
    with db.session() as session:  # a snapshot as versions before this listing stored it: no KPIs kept
        session.execute(text("UPDATE scorecard_snapshot SET details = '{\"breaches\": []}' WHERE id = 1"))
    assert listing.freshness(Q4.label, TODAY).stale


@pytest.mark.sqlite_only
def test_the_first_page_joins_each_partner_s_snapshot_through_its_index(db: Database) -> None:
    """EXPLAIN QUERY PLAN: the period's snapshot of each partner is found through the (partner, period) index,
    never by scanning the snapshot table (which grows by a row per partner and period)."""
    _scored(db)
    ScorecardService(db).record_snapshots(Q4, today=TODAY)
    from microfactory_desk.services.scorecards import listing as module

    filters = module._filters(ListQuery(filters={"period": Q4.label}))
    sql = module._ROWS.format(where=filters.where(), order=" ORDER BY s.score DESC", window=" LIMIT 200")
    plan = " | ".join(str(r[-1]) for r in db.read("EXPLAIN QUERY PLAN " + sql, filters.params))
    assert "SEARCH s USING INDEX" in plan and "SCAN s" not in plan, plan


@pytest.mark.sqlite_only
def test_the_score_sort_reads_in_two_walks_the_order_of_one_sort(demo_file: Path, tmp_path: Path) -> None:
    """The default sort reads the scored rows and the rest apart (stopping at the page's end) and gives, page by
    page, exactly the order of sorting every listed partner at once, in both directions and under each filter,
    with the matching and listed counts of the rows themselves; the scored rows come from the (period, score)
    index, not from a sort of every partner (EXPLAIN QUERY PLAN)."""
    db = demo_copy(demo_file, tmp_path)
    period = current_quarter(TODAY)
    ScorecardService(db).record_snapshots(period, today=TODAY)
    with db.session() as session:  # ties: equal scores are ordered by code
        session.execute(text("UPDATE scorecard_snapshot SET score = 80 WHERE id % 3 = 0 AND score IS NOT NULL"))
        # Two partners no longer worked with, listed for the data their snapshots hold.
        left = (
            session.execute(
                text("SELECT partner_id FROM scorecard_snapshot WHERE period = :p AND details LIKE :data LIMIT 2"),
                {"p": period.label, "data": '%"data": true%'},
            )
            .scalars()
            .all()
        )
        session.execute(
            text("UPDATE partner SET stage = 'offboarded' WHERE id IN (:a, :b)"), dict(zip("ab", left, strict=True))
        )
    listing = PortfolioListing(db)
    first = listing.page(ListQuery(filters={"period": period.label}, limit=None)).rows
    assert len(left) == 2 and {r.partner_id for r in first} >= set(left)
    region = next(r.region for r in first if r.region)
    standing = next(r.standing for r in first if r.standing)
    for extra in ({}, {"region": region}, {"stage": "approved"}, {"standing": standing}, {"standing": "none"}):
        for descending in (False, True):
            base = ListQuery(filters={"period": period.label, **extra}, sort="score", descending=descending)
            whole = [r.partner_id for r in listing.page(replace(base, sort="", limit=None)).rows]  # one sort
            paged, offset = [], 0
            while page := listing.page(replace(base, limit=7, offset=offset)).rows:
                paged += [r.partner_id for r in page]
                offset += 7
            assert paged == whole and whole, (extra, descending)
            counted = listing.page(replace(base, limit=7))  # a full first page: the counts are read in SQL
            assert (counted.matching, counted.total) == (len(whole), len(first)), extra
    scored = [r for r in first if r.score is not None]
    assert len(scored) > 5 and len(first) > len(scored)  # both walks have rows
    from microfactory_desk.services.scorecards import listing as module

    filters = module._filters(ListQuery(filters={"period": period.label}))
    params = {**filters.params, "walk_limit": 100, "walk_offset": 0}

    def plan(sql: str) -> list[str]:
        return [str(r[-1]) for r in db.read("EXPLAIN QUERY PLAN " + sql, params)]

    scored = plan(module._SCORED.format(where=filters.where(), direction=" DESC"))
    assert any("USING INDEX ix_scorecard_snapshot_period_scored (period=?" in line for line in scored), scored
    unscored = plan(module._UNSCORED.format(where=filters.where()))
    assert any("SCAN p USING INDEX sqlite_autoindex_partner" in line for line in unscored), unscored  # code order
    assert not any("TEMP B-TREE FOR ORDER BY" in line for line in unscored), unscored
    # The count's halves: the scored stages from the stage index alone; the other stages from it too, each with
    # its own snapshot (the planner walked every snapshot of the period when it could).
    where = filters.where()
    count = module._COUNT_APART.format(
        scored=where.replace(module._LISTED, module._IN_SCORED_STAGE),
        others=where.replace(module._LISTED, module._OTHER_WITH_DATA),
    )
    counted = plan(count)
    assert sum("SEARCH p USING COVERING INDEX ix_partner_stage (stage=?)" in line for line in counted) == 2, counted
    assert any("sqlite_autoindex_scorecard_snapshot_1 (partner_id=? AND period=?)" in line for line in counted)
    # A query that does not ask for scored rows (the standing filter's) cannot walk the scores' index: in score
    # order it fetched each snapshot far from the last (4x slower at 100,000 partners).
    by_standing = module._filters(ListQuery(filters={"period": period.label, "standing": "watch"}))
    for sql in (module._COUNT.format(where=by_standing.where()), module._ROWS.format(where=by_standing.where(),
                order=" ORDER BY s.score DESC", window=" LIMIT 100")):  # fmt: skip
        lines = [str(r[-1]) for r in db.read("EXPLAIN QUERY PLAN " + sql, by_standing.params)]
        assert not any("ix_scorecard_snapshot_period_score" in line for line in lines), lines  # either index
    db.close()
