"""The scorecards page, the partner scorecard dialog with charts, and the weights dialog, through real widgets."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.schemas.periods import quarter
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.dialogs.scorecard_dialog import ScorecardDialog
from microfactory_desk.ui.dialogs.scoring_settings_dialog import ScoringSettingsDialog
from microfactory_desk.ui.tasks import tasks_running
from tests.conftest import TODAY
from tests.services.telemetry_fixtures import accept_any_evidence, add_line, add_partner, add_sla, deliver
from tests.statement_log import statement_log
from tests.ui.conftest import open_window

DAY = TODAY - dt.timedelta(days=5)
PERIOD = quarter(DAY.year, (DAY.month - 1) // 3 + 1)


def _data(db: Database) -> None:
    pid = add_partner(db, "CN-SZX", "深圳快速打样")
    add_sla(db, pid, valid_from=dt.date(2020, 1, 1))
    accept_any_evidence(db)  # the page's plumbing is tested on one delivery (the default asks for three)
    deliver(db, add_line(db, pid, sent_on=DAY - dt.timedelta(days=8)), "DN-1", DAY, qty=100, defective=1)
    add_partner(db, "IDLE-1", "Idle Works")


def test_portfolio_lists_partners_and_opens_an_explained_scorecard(qtbot: QtBot, db: Database) -> None:
    """The page shows the scored partner first and the idle one as no data; double-click opens charts and formulas."""
    _data(db)
    window = open_window(qtbot, db)
    window.show_page("scorecards")
    page = window.scorecards_page
    qtbot.waitUntil(lambda: page.period.count() > 0 and tasks_running() == 0)
    page.period.setCurrentIndex(page.period.findText(PERIOD.label))
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.model.rowCount() == 2)
    first, second = page.model.row(0), page.model.row(1)
    assert (first.code, first.score) == ("CN-SZX", 100.0)
    assert second.code == "IDLE-1" and page.model.index(1, 4).data() == "no data"
    assert "2 partners, 1 with data" in page.count_label.text()
    page.period.setEditText("1999-q1")  # a typed period, in any case
    page.period.lineEdit().editingFinished.emit()
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.model.row(0).score is None)
    assert page.selected_period() == "1999-Q1"
    page.period.setEditText("last year")
    page.period.lineEdit().editingFinished.emit()
    assert "'last year' is not a period" in page.count_label.text()
    page.period.setCurrentIndex(page.period.findText(PERIOD.label))
    page.period.activated.emit(page.period.currentIndex())
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.model.row(0).score == 100.0)

    with qtbot.waitSignal(page.scorecard_loaded, timeout=10_000) as loaded:
        page.open_scorecard("CN-SZX")
    card = loaded.args[0]
    dialogs = [d for d in page.findChildren(ScorecardDialog) if d.card is card]
    assert dialogs
    shown = dialogs[0]
    qtbot.addWidget(shown)
    assert shown.score_label.text() == "100.0" and shown.standing_label.text() == "STRATEGIC"
    assert shown.criteria_model.rowCount() == 4
    assert "Formula: min(100, on-time rate" in shown.detail.toPlainText()
    shown.criteria_view.selectRow(3)
    assert "Left out: no data" in shown.detail.toPlainText()
    shown.tabs.setCurrentIndex(2)
    assert shown.lead_chart.chart().series()[0].count() == 1  # one delivery plotted, the bound drawn beside it
    assert shown.lead_chart.chart().series()[1].name() == "SLA bound"
    shown.close()


def test_all_listed_scorecards_export_into_a_folder(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch export writes one PDF per listed partner off the GUI thread and reports in the status bar."""
    _data(db)
    monkeypatch.setattr(messages, "choose_folder", lambda *_args: str(tmp_path))
    window = open_window(qtbot, db)
    window.show_page("scorecards")
    page = window.scorecards_page
    qtbot.waitUntil(lambda: page.period.count() > 0 and tasks_running() == 0)
    page.stage.setCurrentIndex(page.stage.findData("approved"))
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.model.rowCount() == 2)
    page.all_button.click()
    qtbot.waitUntil(lambda: tasks_running() == 0 and "2 scorecards" in window.statusBar().currentMessage())
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == [
        f"scorecard-CN-SZX-{page.selected_period()}.pdf",
        f"scorecard-IDLE-1-{page.selected_period()}.pdf",
    ]


def test_delivery_import_from_the_page(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown_messages: list[str]
) -> None:
    """A partner's file is previewed, then imports for the partner picked; a bad file's preview names row and column."""
    from microfactory_desk.ui.dialogs import import_preview_dialog

    _data(db)
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(f"Order,Line,Reference,Received\nPO-2026-0001,1,DN-9,{DAY.isoformat()}\n", encoding="utf-8")
    bad.write_text("Order,Line,Reference,Received\nPO-2026-0001,1,DN-10,soon\n", encoding="utf-8")
    previews: list[Any] = []

    def preview(_parent: object, _title: str, previewer: Any) -> Any:
        # The person looks at the preview and presses Import only when it is enabled (the file is clean).
        previews.append(previewer({}, None, None))
        return ({}, None, None) if previews[-1].clean else None

    monkeypatch.setattr(import_preview_dialog, "preview_import", preview)
    window = open_window(qtbot, db)
    window.show_page("scorecards")
    page = window.scorecards_page
    qtbot.waitUntil(lambda: page.period.count() > 0 and tasks_running() == 0)
    monkeypatch.setattr(messages, "choose_partner", lambda *_args: "cn-szx")
    for path in (good, bad):
        monkeypatch.setattr(messages, "open_path", lambda *_args, p=path: str(p))
        page.import_button.click()
        qtbot.waitUntil(lambda: tasks_running() == 0)
    qtbot.waitUntil(lambda: len(shown_messages) >= 1)
    assert shown_messages[0].startswith("Deliveries imported: 1 added, 0 updated, 0 unchanged.")
    problem = previews[1].problems[0]
    assert (problem.row, problem.column) == (
        2,
        3,
    ) and "'soon' is not in a date format this file uses" in problem.message
    assert len(shown_messages) == 1  # the bad file never reached the import


def test_empty_database_shows_what_to_do(qtbot: QtBot, db: Database) -> None:
    """Without partners the page explains where scores come from instead of an empty table."""
    window = open_window(qtbot, db)
    window.show_page("scorecards")
    page = window.scorecards_page
    qtbot.waitUntil(lambda: page.period.count() > 0 and tasks_running() == 0)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.empty)
    assert not page.portfolio_button.isEnabled()


def test_weights_must_add_up_before_saving(qtbot: QtBot) -> None:
    """Save stays disabled while the weights do not add up to 100 or the bands overlap; evidence and cap are saved."""
    saved: list[dict[str, object]] = []
    values = {
        "delivery": 35,
        "lead_time": 25,
        "quality": 30,
        "actions": 10,
        "strategic": 85,
        "approved": 70,
        "watch": 50,
        "min_deliveries": 3,
        "critical_cap": "watch",
    }
    dialog = ScoringSettingsDialog(values, saved.append)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.isEnabled()
    dialog.weights["delivery"].setValue(45)
    assert not save.isEnabled() and "110 %" in dialog.problem.text()
    dialog.weights["actions"].setValue(0)
    dialog.bands["watch"].setValue(75)
    assert not save.isEnabled() and "Strategic > Approved > Watch" in dialog.problem.text()
    dialog.bands["watch"].setValue(40)
    dialog.min_deliveries.setValue(5)
    dialog.critical_cap.setCurrentIndex(dialog.critical_cap.findData("exit"))
    assert save.isEnabled()
    save.click()
    assert saved == [
        {**values, "delivery": 45, "actions": 0, "watch": 40.0, "min_deliveries": 5, "critical_cap": "exit"}
    ]


def test_opening_a_scorecard_writes_nothing_and_its_pdf_reuses_it(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dialog opens with 0 INSERT/UPDATE/DELETE and no commit that writes; its Save PDF scores nothing again."""
    _data(db)
    window = open_window(qtbot, db)
    window.show_page("scorecards")
    page = window.scorecards_page
    qtbot.waitUntil(lambda: page.period.count() > 0 and tasks_running() == 0)
    page.period.setCurrentIndex(page.period.findText(PERIOD.label))
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.model.rowCount() == 2)
    assert db.file is not None
    watcher = sqlite3.connect(db.file)  # SQLite counts commits made by every other connection, on any thread
    changes = watcher.execute("PRAGMA data_version").fetchone()[0]
    # The window's own database: the dialog's reads run on a worker thread, seen through the engine's events.
    with statement_log(window.services.db, light_path=False) as log:
        with qtbot.waitSignal(page.scorecard_loaded, timeout=10_000) as loaded:
            page.open_scorecard("CN-SZX")
        shown = next(d for d in page.findChildren(ScorecardDialog) if d.card is loaded.args[0])
        qtbot.addWidget(shown)
    assert log.writes == [] and watcher.execute("PRAGMA data_version").fetchone()[0] == changes
    assert shown.save_button.isVisible()

    from microfactory_desk.services.scorecards import service as scorecard_service

    monkeypatch.setattr(scorecard_service, "scores", lambda *_a, **_k: pytest.fail("scored again"))
    monkeypatch.setattr(messages, "save_path", lambda *_args: str(tmp_path / "card.pdf"))
    with statement_log(window.services.db, light_path=False) as saving:
        shown.save_button.click()
        qtbot.waitUntil(lambda: tasks_running() == 0 and "Scorecard saved" in window.statusBar().currentMessage())
    assert saving.statements == [] and (tmp_path / "card.pdf").stat().st_size > 0
    assert watcher.execute("PRAGMA data_version").fetchone()[0] == changes
    watcher.close()
    shown.close()


def test_the_page_stores_scores_once_and_reopening_writes_nothing(qtbot: QtBot, db: Database) -> None:
    """The first showing of a period computes and stores its scores; showing it again while they are current
    reads the stored ones with 0 INSERT/UPDATE/DELETE."""
    _data(db)
    window = open_window(qtbot, db)
    window.show_page("scorecards")
    page = window.scorecards_page
    qtbot.waitUntil(lambda: page.period.count() > 0 and tasks_running() == 0 and page.model.rowCount() == 2)
    assert page.model.row(0).score == 100.0 and page.status_label.text() == "Scores up to date"
    stored = db.read("SELECT COUNT(*) FROM scorecard_snapshot WHERE period = :p", {"p": page.selected_period()})
    assert stored == [(1,)]  # the partner with data; the idle one is listed from its stage
    assert db.file is not None
    watcher = sqlite3.connect(db.file)
    changes = watcher.execute("PRAGMA data_version").fetchone()[0]
    with statement_log(window.services.db) as log:  # tasks run inline: the light path of this thread
        page.refresh()
        qtbot.waitUntil(lambda: tasks_running() == 0 and page.model.rowCount() == 2)
    assert page.model.row(0).score == 100.0
    assert log.writes == [] and watcher.execute("PRAGMA data_version").fetchone()[0] == changes
    watcher.close()
