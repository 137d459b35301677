"""PDF exports started from the window name the characters no bundled font could print, and only then."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.schemas.periods import quarter
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.dialogs.inspection_runner import InspectionRunnerDialog
from microfactory_desk.ui.dialogs.scorecard_dialog import ScorecardDialog
from microfactory_desk.ui.export_status import noting_unprintable, with_note
from microfactory_desk.ui.main_window import MainWindow
from microfactory_desk.ui.pages.scorecards_page import ScorecardsPage
from microfactory_desk.ui.tasks import run_task, tasks_running
from microfactory_desk.wiring import Services
from tests.conftest import TODAY
from tests.quality_helpers import make_partner, make_template, start_inspection
from tests.services.order_fixtures import partner_with_sla
from tests.services.telemetry_fixtures import accept_any_evidence, add_line, add_partner, add_sla, deliver
from tests.ui.conftest import open_window

PRIVATE = "\ue000"  # private use: no bundled font has a glyph for it
NOTE = "1 character had no font and print as \ufffd: U+E000"
DAY = TODAY - dt.timedelta(days=5)
PERIOD = quarter(DAY.year, (DAY.month - 1) // 3 + 1)


def _scorecards(qtbot: QtBot, db: Database, name: str) -> tuple[MainWindow, ScorecardsPage]:
    """The scorecards page of the period with one scored partner called `name`, selected."""
    return _scorecards_of(qtbot, db, name, rows=1)


def _scorecards_of(qtbot: QtBot, db: Database, name: str, *, rows: int) -> tuple[MainWindow, ScorecardsPage]:
    """The scorecards page of the period with a scored partner CN-SZX called `name` added, once it lists `rows`."""
    pid = add_partner(db, "CN-SZX", name)
    add_sla(db, pid, valid_from=dt.date(2020, 1, 1))
    accept_any_evidence(db)
    deliver(db, add_line(db, pid, sent_on=DAY - dt.timedelta(days=8)), "DN-1", DAY, qty=100, defective=1)
    window = open_window(qtbot, db)
    window.show_page("scorecards")
    page = window.scorecards_page
    qtbot.waitUntil(lambda: page.period.count() > 0 and tasks_running() == 0)
    page.period.setCurrentIndex(page.period.findText(PERIOD.label))
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.model.rowCount() == rows)
    page.table.selectRow(0)
    return window, page


def _status_after(qtbot: QtBot, window: MainWindow, start: str) -> str:
    qtbot.waitUntil(lambda: tasks_running() == 0 and window.statusBar().currentMessage().startswith(start))
    return window.statusBar().currentMessage()


@pytest.mark.parametrize("audience", ["partner", "internal"])
def test_scorecard_pdf_names_the_unprintable_character_in_the_status_bar(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, audience: str
) -> None:
    """Saving a scorecard of a partner whose name has U+E000 says so after "Scorecard saved to …"."""
    window, page = _scorecards(qtbot, db, f"Works {PRIVATE}")
    out = tmp_path / "card.pdf"
    monkeypatch.setattr(messages, "save_path", lambda *_a: str(out))
    (page.partner_pdf_action if audience == "partner" else page.internal_pdf_action).trigger()
    assert _status_after(qtbot, window, "Scorecard saved") == f"Scorecard saved to {out} · {NOTE}."


def test_scorecard_dialogs_save_pdf_names_the_unprintable_character(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scorecard dialog's Save PDF (the card on screen) reports U+E000 in the status bar too."""
    window, page = _scorecards(qtbot, db, f"Works {PRIVATE}")
    with qtbot.waitSignal(page.scorecard_loaded, timeout=10_000) as loaded:
        page.open_scorecard("CN-SZX")
    shown = next(d for d in page.findChildren(ScorecardDialog) if d.card is loaded.args[0])
    qtbot.addWidget(shown)
    out = tmp_path / "card.pdf"
    monkeypatch.setattr(messages, "save_path", lambda *_a: str(out))
    qtbot.mouseClick(shown.save_button, Qt.MouseButton.LeftButton)
    assert _status_after(qtbot, window, "Scorecard saved") == f"Scorecard saved to {out} · {NOTE}."
    shown.close()


def test_portfolio_and_batch_name_the_unprintable_character(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The portfolio PDF and the batch of scorecards both end their status with the unprintable character."""
    window, page = _scorecards(qtbot, db, f"Works {PRIVATE}")
    monkeypatch.setattr(messages, "save_path", lambda *_a: str(tmp_path / "portfolio.pdf"))
    page.file_actions.export_portfolio()
    assert _status_after(qtbot, window, "Portfolio").endswith(f" · {NOTE}.")
    monkeypatch.setattr(messages, "choose_folder", lambda *_a: str(tmp_path / "all"))
    page.file_actions.export_all()
    assert _status_after(qtbot, window, "1 scorecard for").endswith(f"saved to {tmp_path / 'all'} · {NOTE}.")


def test_a_normal_scorecard_export_says_nothing_extra(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When every character has a font (here Chinese, printed by the CJK fallback) the status is only "saved"."""
    window, page = _scorecards(qtbot, db, "深圳快速打样")
    out = tmp_path / "card.pdf"
    monkeypatch.setattr(messages, "save_path", lambda *_a: str(out))
    page.partner_pdf_action.trigger()
    assert _status_after(qtbot, window, "Scorecard saved") == f"Scorecard saved to {out}."


def test_inspection_report_from_the_quality_page_and_the_runner(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Quality page's count line and the runner's status label both name the unprintable character."""
    ins = start_inspection(db, make_partner(db, name=f"Works {PRIVATE}"), make_template(db).id)
    window = open_window(qtbot, db)
    window.show_page("quality")
    page = window.quality_page
    qtbot.waitUntil(lambda: page.inspection_model.rowCount() == 1 and tasks_running() == 0, timeout=10_000)
    page.inspection_view.setCurrentIndex(page.inspection_model.index(0, 0))
    out = tmp_path / "report.pdf"
    monkeypatch.setattr(messages, "save_path", lambda *_a: str(out))
    qtbot.mouseClick(page.report_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.count_label.text().startswith("Report written"))
    assert page.count_label.text() == f"Report written to {out} · {NOTE}."

    services = Services(db)
    runner = InspectionRunnerDialog(
        services.inspections.get(ins.id),
        inspections=services.inspections,
        photos=services.photos,
        actions=services.actions,
        reports=services.inspection_reports,
    )
    qtbot.addWidget(runner)
    runner.report_button.click()
    qtbot.waitUntil(lambda: tasks_running() == 0 and runner.saved_label.text().startswith("Report written"))
    assert runner.saved_label.text() == f"Report written to {out} · {NOTE}."
    runner.close()


def test_term_sheet_message_names_the_unprintable_character(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SLA tab's "Term sheet…" message names U+E000 from the partner's name after "Term sheet saved to …"."""
    from microfactory_desk.models.partner import Partner

    pid = partner_with_sla(db)
    with db.session() as s:
        partner = s.get(Partner, pid)
        assert partner is not None
        partner.name = f"Works {PRIVATE}"
    window = open_window(qtbot, db)
    window.open_partner(pid)
    qtbot.waitUntil(lambda: getattr(window, "partner_dialog", None) is not None and tasks_running() == 0)
    dialog = window.partner_dialog
    dialog.show_tab("SLA")
    panel = dialog.sla_panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    panel.view.selectRow(0)
    out = tmp_path / "terms.pdf"
    shown: list[str] = []
    monkeypatch.setattr(messages, "save_path", lambda *_a: str(out))
    monkeypatch.setattr(messages, "show_info", lambda _parent, _title, text: shown.append(text))
    panel.buttons["sheet"].click()
    qtbot.waitUntil(lambda: tasks_running() == 0 and shown != [])
    assert shown == [f"Term sheet saved to {out} · {NOTE}."]
    dialog.close()


def test_the_note_is_collected_in_the_worker_thread(qtbot: QtBot, real_pool: None) -> None:
    """On the real thread pool the collection still sees the worker's unprintable character (ContextVar per thread)."""
    from microfactory_desk.exports.fonts import runs

    got: list[str] = []
    run_task(
        noting_unprintable(lambda: list(runs("a\U0010fffd"))), lambda done: got.append(with_note("Saved.", done.note))
    )
    qtbot.waitUntil(lambda: got != [])
    assert got == ["Saved · 1 character had no font and print as \ufffd: U+10FFFD."]


def test_the_portfolio_pdf_lists_what_the_page_lists(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a search typed on the scorecards page, the portfolio PDF holds the partners listed, not the period's
    every partner (it followed only region and stage before)."""
    from pypdf import PdfReader
    from sqlalchemy import text

    from microfactory_desk.schemas.text import fold

    other = add_partner(db, "DE-MUC", "Isar Nähwerk")
    with db.session() as session:  # the fixture inserts rows bare; search reads the folded text the roster writes
        session.execute(
            text("UPDATE partner SET search_text = :t WHERE id = :id"), {"t": fold("DE-MUC Isar Nähwerk"), "id": other}
        )
    add_sla(db, other, valid_from=dt.date(2020, 1, 1))
    deliver(db, add_line(db, other, sent_on=DAY - dt.timedelta(days=8)), "DN-2", DAY, qty=100, defective=1)
    window, page = _scorecards_of(qtbot, db, "Shenzhen Works", rows=2)
    page.search.setText("isar")
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.model.rowCount() == 1)
    out = tmp_path / "portfolio.pdf"
    monkeypatch.setattr(messages, "save_path", lambda *_a: str(out))
    page.file_actions.export_portfolio()
    assert _status_after(qtbot, window, "Portfolio") == f"Portfolio of 1 partner saved to {out}."
    text = " ".join(page_.extract_text() for page_ in PdfReader(out).pages)
    assert "Isar Nähwerk" in text and "Shenzhen Works" not in text
