"""The scorecard dialog's KPI tab: its status column has a heading and says a thing once ("none due", not also "no data")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.ui.dialogs.scorecard_dialog import ScorecardDialog
from microfactory_desk.ui.tasks import tasks_running
from tests.ui.conftest import open_window
from tests.ui.test_scorecards_page import PERIOD, _data


def _dialog(qtbot: QtBot, db: Database) -> ScorecardDialog:
    _data(db)
    window = open_window(qtbot, db)
    window.show_page("scorecards")
    page = window.scorecards_page
    qtbot.waitUntil(lambda: page.period.count() > 0 and tasks_running() == 0)
    page.period.setCurrentIndex(page.period.findText(PERIOD.label))
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.model.rowCount() == 2)
    with qtbot.waitSignal(page.scorecard_loaded, timeout=10_000) as loaded:
        page.open_scorecard("CN-SZX")
    shown = next(d for d in page.findChildren(ScorecardDialog) if d.card is loaded.args[0])
    qtbot.addWidget(shown)
    return shown


def test_kpi_status_column_has_a_heading_and_no_action_due_reads_once(qtbot: QtBot, db: Database) -> None:
    """The fourth column is headed "Against SLA"; corrective actions with none due read "none due" and no "no data"."""
    shown = _dialog(qtbot, db)
    model = shown.kpi_model
    assert model.headerData(3, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "Against SLA"
    rows = {
        model.index(r, 0).data(): (model.index(r, 1).data(), model.index(r, 3).data()) for r in range(model.rowCount())
    }
    assert rows["Corrective actions"] == ("none due", "")
    assert rows["Inspections"] == ("none", "")
    # A KPI the SLA sets a target for is still judged in the column.
    assert rows["On-time rate"][1] == "met"
    shown.close()
