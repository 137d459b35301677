"""Messages name fields as the forms label them, counts read "1 partner", stage and standing read the same everywhere."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.errors import CellError, FieldError, ImportFailed, ValidationFailed
from microfactory_desk.schemas.field_labels import error_text, field_label
from microfactory_desk.ui.dialogs.order_dialog import OrderDialog
from microfactory_desk.ui.error_hook import show_failure
from microfactory_desk.ui.table_models.order_lines_model import COL_OVERRIDE
from microfactory_desk.ui.tasks import tasks_running
from microfactory_desk.wiring import Services
from microfactory_desk.wording import counted
from tests.services import attention_data as make
from tests.services.order_fixtures import partner_with_sla
from tests.ui.conftest import open_window


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("lines.1.override_reason", "Line 1, Override reason"),
        ("max_reorder_qty", "Max quick-reorder quantity"),
        ("price_tiers.2.min_qty", "Tier 2, From quantity"),
        ("certifications.1.valid_from", "Certification 1, Valid from"),
        ("some_new_field", "Some new field"),
    ],
)
def test_field_paths_read_as_the_form_labels(path: str, shown: str) -> None:
    """One mapping turns schema paths into the labels people see, rows numbered as the forms number them."""
    assert field_label(path) == shown
    assert error_text(FieldError(path, "say why")) == f"{shown}: say why"


@pytest.mark.parametrize(
    ("count", "noun", "text"),
    [(1, "partner", "1 partner"), (3, "problem", "3 problems"), (1204, "SKU", "1,204 SKUs"),
     (2, "entry", "2 entries"), (1, "item needs", "1 item needs"), (0, "inspection", "0 inspections")],
)  # fmt: skip
def test_counted_nouns(count: int, noun: str, text: str) -> None:
    """The one plural helper: singular for 1, plural otherwise, thousands grouped."""
    assert counted(count, noun) == text


def test_import_problems_are_counted_and_a_bad_map_names_no_row_zero() -> None:
    """ "1 problem", never "1 problem(s)"; a --map argument is not called "row 0"."""
    text = str(ImportFailed([CellError(0, "sku", "use FIELD=HEADER")], "Bad --map"))
    assert "1 problem\n" in text and "row 0" not in text and "sku: use FIELD=HEADER" in text


def test_order_editor_names_the_line_and_column_of_a_missing_reason(qtbot: QtBot, db: Database) -> None:
    """An override price without a reason reads "Line 1, Override reason: …", not lines.1.override_reason."""
    partner_with_sla(db)
    window = open_window(qtbot, db)
    window.open_order(None)
    qtbot.waitUntil(lambda: isinstance(getattr(window, "order_dialog", None), OrderDialog))
    dialog = window.order_dialog
    dialog.partner.choose(code="MF1")
    dialog.sku_picker.setCurrentIndex(dialog.sku_picker.findData("MF-TEE"))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    dialog.lines.setData(dialog.lines.index(0, COL_OVERRIDE), "9.99")
    dialog.save()
    qtbot.waitUntil(lambda: tasks_running() == 0)
    shown = dialog.error_label.text()
    assert "Line 1, Override reason:" in shown and "lines.1" not in shown
    dialog.close()


def test_the_failure_box_names_fields_by_their_labels(shown_messages: list[str]) -> None:
    """A refused reorder says "Max quick-reorder quantity: …", never the schema name max_reorder_qty."""
    show_failure(ValidationFailed.single("max_reorder_qty", "a quick reorder may hold up to 50 units"), title="Reorder")
    assert shown_messages[-1].startswith("Reorder: Max quick-reorder quantity: a quick reorder may hold up to 50")


def test_roster_counts_one_partner_in_the_singular(qtbot: QtBot, db: Database) -> None:
    """With one partner the roster says "1 partner"."""
    make.partner(db)
    window = open_window(qtbot, db)
    qtbot.waitUntil(lambda: window.roster_page.count_label.text() == "1 partner")
    assert Services(db).roster_list.choices()[0].code == "MF-1"


def test_quality_buttons_wait_for_a_selected_inspection(qtbot: QtBot, db: Database) -> None:
    """ "Open / resume" and "Report PDF…" are disabled until an inspection is selected (they did nothing before)."""
    from tests.quality_helpers import make_partner, make_template, start_inspection

    start_inspection(db, make_partner(db), make_template(db).id)
    window = open_window(qtbot, db)
    window.show_page("quality")
    page = window.quality_page
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.inspection_model.rowCount() == 1)
    assert not page.open_button.isEnabled() and not page.report_button.isEnabled()
    page.inspection_view.selectRow(0)
    assert page.open_button.isEnabled() and page.report_button.isEnabled()


def test_empty_sku_catalogue_offers_a_new_sku(qtbot: QtBot, db: Database) -> None:
    """The empty catalogue has a "New SKU…" action that opens the SKU editor."""
    window = open_window(qtbot, db)
    window.show_page("skus")
    page = window.skus_page
    qtbot.waitUntil(lambda: tasks_running() == 0 and page.stack.currentWidget() is page.empty)
    buttons = {b.text(): b for b in page.empty.findChildren(QPushButton)}
    qtbot.mouseClick(buttons["New SKU…"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(page, "sku_dialog", None) is not None and page.sku_dialog.isVisible())
    page.sku_dialog.close()


def test_empty_sla_tab_says_how_to_start(qtbot: QtBot, db: Database) -> None:
    """A partner without SLA versions gets guidance on the SLA tab, not an empty table alone."""
    from microfactory_desk.services.sla.versions import SlaService
    from microfactory_desk.ui.widgets.sla_panel import SlaPanel

    panel = SlaPanel(SlaService(db), partner_id=make.partner(db), suppliers=[])
    qtbot.addWidget(panel)
    panel.refresh()
    qtbot.waitUntil(lambda: tasks_running() == 0)
    assert "No SLA with this partner yet" in panel.hint.text()


def test_window_messages_count_one_in_the_singular(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown_messages: list[str]
) -> None:
    """File > Import roster of one partner said "Imported 1 partners, 0 contacts and 0 certifications", an action
    due tomorrow read "In 1 days" (counts the window formatted itself, found by a new-user trial)."""
    from microfactory_desk.ui.dialogs import import_preview_dialog, messages
    from microfactory_desk.ui.table_models.quality_models import ActionsTableModel

    data = tmp_path / "one.csv"
    data.write_text("Code,Name\nMF-1,Only One\n", encoding="utf-8")
    monkeypatch.setattr(messages, "open_path", lambda *_a: str(data))
    monkeypatch.setattr(import_preview_dialog, "preview_import", lambda *_a: ({}, None, None))
    window = open_window(qtbot, db)
    window.file_actions.import_roster()
    qtbot.waitUntil(lambda: tasks_running() == 0 and bool(shown_messages))
    assert shown_messages[-1].startswith("Import finished: Imported 1 partner, 0 contacts and 0 certifications.")
    action = SimpleNamespace(
        status="open", days_overdue=-1, number="CA-1", due_on=None, partner_name="P", partner_code="MF-1",
        description="x", owner="", severity="minor",
    )  # fmt: skip
    assert ActionsTableModel.display(cast(Any, None), action)[2] == "In 1 day"
