"""A file name typed without its suffix in a save dialog: the suffix is added, and the file it then names is
never replaced without asking (the dialog itself only asked about the name as typed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database, resolve_url
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.services.roster.partners import RosterService
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.tasks import tasks_running
from tests.ui.conftest import open_window
from tests.ui.test_export_status import _scorecards


def _typed(monkeypatch: pytest.MonkeyPatch, path: Path, answers: list[bool]) -> list[str]:
    """The save dialog returns `path` as typed; "Replace?" questions are answered from `answers`, and recorded."""
    asked: list[str] = []
    monkeypatch.setattr(messages, "save_path", lambda *_a: str(path))

    def confirm(_parent: object, _title: str, text: str) -> bool:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(messages, "confirm", confirm)
    return asked


def test_a_bare_name_asks_before_replacing_the_file_its_suffix_names(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown_messages: list[str]
) -> None:
    """Export roster as "PO-returned": PO-returned.xlsx (a partner's filled-in file) was silently replaced;
    now "Replace it?" is asked, No keeps the file and writes nothing, Yes replaces it."""
    RosterService(db).create_partner(data=validate_partner({"code": "A1", "name": "Alpha"}))
    window = open_window(qtbot, db)
    folder = tmp_path / "Partner files"
    folder.mkdir()
    kept = folder / "PO-returned.xlsx"
    kept.write_bytes(b"the partner's confirmed quantities")
    asked = _typed(monkeypatch, folder / "PO-returned", [False, True])
    window.file_actions.export_roster()
    qtbot.waitUntil(lambda: tasks_running() == 0)
    assert asked == [f"PO-returned.xlsx already exists in {folder}. Replace it?"]
    assert kept.read_bytes() == b"the partner's confirmed quantities"
    assert sorted(p.name for p in folder.iterdir()) == ["PO-returned.xlsx"]
    window.file_actions.export_roster()
    qtbot.waitUntil(lambda: tasks_running() == 0 and kept.read_bytes()[:2] == b"PK")
    assert [r[0] for r in load_workbook(kept, read_only=True)["Partners"].iter_rows(values_only=True)] == ["Code", "A1"]
    assert len(asked) == 2 and not [m for m in shown_messages if "Unexpected" in m]


def test_a_bare_name_that_names_no_file_is_written_with_its_suffix_without_a_question(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backup typed as "monday" becomes monday.sqlite (it was written as "monday", which Restore from backup's
    *.sqlite filter does not show), and nothing is asked when no file has that name."""
    window = open_window(qtbot, db)
    asked = _typed(monkeypatch, tmp_path / "monday", [])
    window.file_actions.backup_database()
    out = tmp_path / "monday.sqlite"
    qtbot.waitUntil(lambda: tasks_running() == 0 and out.exists())
    assert Database(resolve_url(str(out))).integrity_problems() == [] and asked == []
    assert not (tmp_path / "monday").exists()


def test_the_portfolio_typed_without_pdf_is_written_as_pdf(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown_messages: list[str]
) -> None:
    """Scorecards › Export portfolio as "q4 portfolio": it was refused ("use a .pdf file name"), while every
    other export added the suffix; now q4 portfolio.pdf is written."""
    window, page = _scorecards(qtbot, db, "Works")
    _typed(monkeypatch, tmp_path / "q4 portfolio", [])
    page.file_actions.export_portfolio()
    out = tmp_path / "q4 portfolio.pdf"
    qtbot.waitUntil(lambda: tasks_running() == 0 and window.statusBar().currentMessage().startswith("Portfolio"))
    assert out.read_bytes()[:5] == b"%PDF-" and shown_messages == []


def test_suggested_names_never_hold_a_folder_separator(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Partner codes may hold "/" ("MF/042"): the term sheet and History export suggested "SLA-MF/042-v1.pdf"
    and "MF/042 history.csv", which a save dialog reads as a folder "SLA-MF" and a file "042-v1.pdf". The
    suggestions now read "SLA-MF-042-v1.pdf" and "MF-042 history.csv"."""
    from microfactory_desk.ui.widgets.history_tab import HistoryTab
    from microfactory_desk.ui.widgets.sla_panel import SlaPanel
    from microfactory_desk.wiring import Services
    from tests.services.order_fixtures import partner_with_sla

    suggested: list[str] = []
    monkeypatch.setattr(messages, "save_path", lambda _parent, _title, start, _filters: suggested.append(start) or "")
    services = Services(db)
    pid = partner_with_sla(db, "MF/042")
    panel = SlaPanel(services.sla, partner_id=pid, suppliers=[], files=services.sla_files, partner_code="MF/042")
    qtbot.addWidget(panel)
    panel.show()
    panel.refresh()
    qtbot.waitUntil(lambda: tasks_running() == 0 and panel.model.rowCount() == 1)
    panel.view.selectRow(0)
    panel.export_term_sheet()
    history = HistoryTab(file_stem="MF/042")
    qtbot.addWidget(history)
    history.export()
    assert suggested == ["SLA-MF-042-v1.pdf", "MF-042 history.csv"]
