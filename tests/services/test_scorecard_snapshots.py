"""Reading the portfolio writes nothing; snapshots are recorded only by explicit steps (record, dashboard Refresh)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from microfactory_desk.db import Database
from microfactory_desk.models import ScorecardSnapshot
from microfactory_desk.schemas.periods import parse_period
from microfactory_desk.wiring import Services
from tests.conftest import TODAY
from tests.services.telemetry_fixtures import D, accept_any_evidence, add_line, add_partner, add_sla, deliver
from tests.statement_log import statement_log

Q3, Q4 = parse_period("2026-Q3"), parse_period("2026-Q4")


def _partners(db: Database) -> tuple[int, int]:
    """A partner on time in Q3 and late with defects in Q4, and one on time in both."""
    fell, steady = add_partner(db, "FELL", "Fell Works"), add_partner(db, "STEADY", "Steady Works")
    accept_any_evidence(db)
    for pid in (fell, steady):
        add_sla(db, pid)
        deliver(db, add_line(db, pid, sent_on=D(2026, 7, 1)), f"Q3-{pid}", D(2026, 7, 5))
    deliver(db, add_line(db, steady, sent_on=D(2026, 10, 1)), "Q4-ok", D(2026, 10, 5))
    deliver(db, add_line(db, fell, sent_on=D(2026, 10, 1)), "Q4-late", D(2026, 11, 20), defective=30)
    return fell, steady


def _snapshots(db: Database) -> list[tuple[str, str, str | None]]:
    """(partner code, period, standing) of every snapshot kept."""
    rows = db.read(
        "SELECT p.code, s.period, s.standing FROM scorecard_snapshot s JOIN partner p ON p.id = s.partner_id "
        "ORDER BY p.code, s.period"
    )
    return [(str(code), str(period), standing) for code, period, standing in rows]


def _data_version(db: Database) -> int:
    """SQLite's count of commits made by other connections: unchanged means nobody wrote."""
    assert db.file is not None
    with sqlite3.connect(db.file) as conn:
        return int(conn.execute("PRAGMA data_version").fetchone()[0])


@pytest.mark.sqlite_only
def test_loading_the_portfolio_and_its_pdf_write_nothing(db: Database, tmp_path: Path) -> None:
    """The portfolio and the portfolio PDF run 0 INSERT/UPDATE/DELETE, open no transaction and keep no snapshot."""
    _partners(db)
    services = Services(db)
    assert db.file is not None
    watcher = sqlite3.connect(db.file)
    before = watcher.execute("PRAGMA data_version").fetchone()[0]
    with statement_log(db) as log:
        rows = services.scorecards.portfolio(Q4, today=TODAY)
        count = services.scorecard_files.export_portfolio(Q4, tmp_path / "portfolio.pdf", today=TODAY)
    assert [r.code for r in rows] == ["STEADY", "FELL"] and count == 2
    assert log.statements and log.writes == [] and log.transactions == 0  # light reads only, no transaction
    assert watcher.execute("PRAGMA data_version").fetchone()[0] == before
    watcher.close()
    assert _snapshots(db) == []


def test_record_snapshots_is_one_transaction(db: Database) -> None:
    """Recording scores every partner and writes a snapshot each in one transaction; again, it replaces them."""
    _partners(db)
    scorecards = Services(db).scorecards
    with statement_log(db) as log:
        rows = scorecards.record_snapshots(Q4, today=TODAY)
    assert rows == scorecards.portfolio(Q4, today=TODAY)
    assert log.transactions == 1 and log.commits == 1 and log.writes
    assert _snapshots(db) == [("FELL", "2026-Q4", "exit"), ("STEADY", "2026-Q4", "strategic")]
    scorecards.record_snapshots(Q4, today=TODAY)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ScorecardSnapshot)) == 2


@pytest.mark.sqlite_only
def test_dashboard_load_reads_and_refresh_records_the_fall(db: Database) -> None:
    """The dashboard's load writes nothing; its Refresh records this quarter, and the fallen partner shows."""
    _partners(db)
    services = Services(db)
    services.scorecards.record_snapshots(Q3, today=D(2026, 10, 1))  # last quarter, recorded back then
    changes = _data_version(db)
    with statement_log(db) as log:
        board = services.dashboard.load(TODAY)
    assert log.writes == [] and _data_version(db) == changes
    assert board.card("scorecards").items == []  # both were strategic in Q3, nothing recorded since
    board = services.dashboard.refresh(TODAY)
    assert ("FELL", "2026-Q4", "exit") in _snapshots(db)
    items = board.card("scorecards").items
    assert [i.title for i in items] == ["Fell Works (FELL)"]
    assert items[0].detail.startswith("2026-Q4: Exit (was Strategic)")


def test_the_batch_export_scores_each_period_once(db: Database, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Recording the snapshots hands its scores to the cards: no period is scored twice in one batch export."""
    from microfactory_desk.services.scorecards import service as scorecard_service

    _partners(db)
    scored: list[str] = []
    real = scorecard_service.scores
    monkeypatch.setattr(
        scorecard_service,
        "scores",
        lambda reader, period, *rest: scored.append(period.label) or real(reader, period, *rest),
    )
    assert Services(db).scorecard_files.export_all(Q4, tmp_path, today=TODAY) == 2
    assert sorted(scored) == sorted(set(scored))  # each period once
    assert {"2026-Q4", "2026-Q3"} <= set(scored)
    assert len(_snapshots(db)) == 2
