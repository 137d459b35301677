"""The Scorecards page shows stored scores at once and recomputes them when the data has moved on, saying so."""

from __future__ import annotations

import datetime as dt

import pytest
from pytestqt.qtbot import QtBot

from microfactory_desk import clock
from microfactory_desk.db import Database
from microfactory_desk.schemas.periods import parse_period
from microfactory_desk.services.scorecards.service import ScorecardService
from microfactory_desk.ui.pages.scorecards_page import ScorecardsPage
from microfactory_desk.ui.tasks import tasks_running
from tests.conftest import TODAY
from tests.services.telemetry_fixtures import accept_any_evidence, add_line, add_partner, add_sla, deliver
from tests.ui.conftest import open_window

DAY = TODAY - dt.timedelta(days=5)


def _texts(monkeypatch: pytest.MonkeyPatch, label: object) -> list[str]:
    """Every text a label is given from now on (the page may pass through a state faster than a poll sees it)."""
    seen: list[str] = []
    original = label.setText  # type: ignore[attr-defined]
    monkeypatch.setattr(label, "setText", lambda text: (seen.append(text), original(text)))
    return seen


def _open(qtbot: QtBot, db: Database) -> ScorecardsPage:
    window = open_window(qtbot, db)
    window.show_page("scorecards")
    page = window.scorecards_page
    qtbot.waitUntil(lambda: page.period.count() > 0 and tasks_running() == 0 and page.model.rowCount() > 0)
    return page


def test_a_period_never_computed_says_so_then_lists_its_scores(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Choosing a period without stored scores shows a progress line (never a silent empty page), then the
    rows once its scores are computed and stored."""
    pid = add_partner(db, "MF-1", "Works")
    add_sla(db, pid, valid_from=dt.date(2020, 1, 1))
    accept_any_evidence(db)
    deliver(db, add_line(db, pid, sent_on=dt.date(2026, 7, 1)), "DN-1", dt.date(2026, 7, 9), qty=100)
    page = _open(qtbot, db)
    counts = _texts(monkeypatch, page.count_label)
    page.period.setCurrentIndex(page.period.findText("2026-Q3"))
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.model.row(0).score is not None)
    assert counts[0] == "Computing the scores of 2026-Q3…" and counts[-1].startswith("1 partner, 1 with data")
    assert page.status_label.text() == "Scores up to date"
    assert db.read("SELECT COUNT(*) FROM scorecard_snapshot WHERE period = '2026-Q3'") == [(1,)]


def test_stale_scores_show_first_then_the_recomputed_ones(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a late, defective delivery the page first lists the stored score with "Scores as of HH:MM —
    recomputing…", then the recomputed one, equal to the live computation, and "Scores up to date"."""
    pid = add_partner(db, "MF-1", "Works")
    add_sla(db, pid, valid_from=dt.date(2020, 1, 1))
    accept_any_evidence(db)
    deliver(db, add_line(db, pid, sent_on=DAY - dt.timedelta(days=8)), "DN-1", DAY, qty=100)
    page = _open(qtbot, db)
    assert page.model.row(0).score == 100.0
    stored_at = db.read("SELECT MIN(computed_at) FROM scorecard_snapshot")[0][0]
    statuses = _texts(monkeypatch, page.status_label)
    scores: list[float | None] = []
    page.model.modelReset.connect(lambda: scores.append(page.model.row(0).score if page.model.rowCount() else None))
    with clock.frozen(clock.now() + dt.timedelta(minutes=3), tick=True):  # edited after the scores were stored
        late = add_line(db, pid, sent_on=DAY - dt.timedelta(days=60))
        deliver(db, late, "DN-2", DAY - dt.timedelta(days=1), qty=100, defective=40)
        page.refresh()
        qtbot.waitUntil(lambda: tasks_running() == 0 and page.status_label.text() == "Scores up to date")
    local = dt.datetime.fromisoformat(str(stored_at)).replace(tzinfo=dt.UTC).astimezone()
    assert statuses[0] == f"Scores as of {local:%H:%M} — recomputing…"
    assert scores[0] == 100.0 and scores[-1] is not None and scores[-1] < 100.0
    period = parse_period(page.selected_period())
    live = ScorecardService(db).portfolio(period, today=TODAY)[0]
    assert scores[-1] == round(live.score or 0.0, 2) and page.model.row(0).standing_text == live.standing_text
