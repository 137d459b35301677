"""The delivery import preview: rows as read, problems marked on their cells, Import only when the file is clean."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.services.telemetry.importing import DeliveryImport
from microfactory_desk.ui.dialogs.import_preview_dialog import ImportPreviewDialog
from tests.imports.hostile_files import csv_bytes
from tests.services.telemetry_fixtures import D, add_line, add_partner, add_sla


def _dialog(qtbot: QtBot, db: Database, path: Path) -> ImportPreviewDialog:
    service = DeliveryImport(db)
    dialog = ImportPreviewDialog(
        "Import deliveries",
        lambda mapping, order, decimal: service.preview(
            path, "MS-1", mapping=mapping, date_order=order, decimal=decimal
        ),
    )
    qtbot.addWidget(dialog)
    return dialog


def _setup(db: Database, tmp_path: Path, rows: list[list[object]]) -> Path:
    pid = add_partner(db, "MS-1")
    add_sla(db, pid)
    add_line(db, pid, sent_on=D(2026, 3, 2), number="PO-2026-0001")
    path = tmp_path / "d.csv"
    path.write_bytes(csv_bytes(rows))
    return path


def test_ambiguous_dates_are_marked_and_the_chosen_order_makes_it_clean(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    """04/06/2026 alone is marked on its cell and Import stays off; choosing month-first enables Import, nothing written."""
    path = _setup(
        db, tmp_path, [["order", "line", "reference", "received"], ["PO-2026-0001", "1", "LS-1", "04/06/2026"]]
    )
    dialog = _dialog(qtbot, db, path)
    assert not dialog.import_button.isEnabled()
    assert "under Dates in the import preview" in dialog.problem_at(0, 3) and dialog.problem_at(0, 0) == ""
    assert "--" not in dialog.problem_at(0, 3) + dialog.summary.text()  # the window never names a CLI flag
    assert "1 problem to fix first" in dialog.summary.text()
    dialog.date_order.setCurrentIndex(dialog.date_order.findData("MDY"))
    assert dialog.import_button.isEnabled() and "1 to add" in dialog.summary.text()
    assert dialog.choices() == ({}, "MDY", None)
    assert DeliveryImport(db).import_file(path, "MS-1", date_order="MDY").added == 1  # the preview wrote nothing


def test_a_column_chosen_in_its_drop_down_is_used(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    """A reference under a header no rule knows is found once picked in the drop-down; Esc cancels the dialog."""
    path = _setup(
        db, tmp_path, [["order", "line", "Lieferschein", "received"], ["PO-2026-0001", "1", "LS-1", "2026-04-06"]]
    )
    dialog = _dialog(qtbot, db, path)
    assert not dialog.import_button.isEnabled() and "no column for reference" in dialog.summary.text()
    assert "choose its column in the drop-down for reference" in dialog.summary.text()
    assert "--map" not in dialog.summary.text()
    combo = dialog._fields["reference"]
    combo.setCurrentIndex(combo.findData("Lieferschein"))
    combo.activated.emit(combo.currentIndex())
    assert dialog.import_button.isEnabled()
    assert dialog.choices()[0] == {"reference": "Lieferschein"}
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_roster_preview_maps_a_column_marks_a_cell_and_imports_with_the_choices(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    """Roster: the code column picked in its drop-down, 1.000 marked until a decimal mark is chosen, then imported."""
    from microfactory_desk.errors import NotFound
    from microfactory_desk.services.roster.files import RosterFiles
    from microfactory_desk.services.roster.partners import RosterService

    path = tmp_path / "roster.csv"
    path.write_bytes(csv_bytes([["Partner ID", "Name", "Kind", "Capacity"], ["P-1", "Alpha", "microfactory", "1.000"]]))
    files = RosterFiles(db)
    dialog = ImportPreviewDialog(
        "Import roster",
        lambda mapping, order, decimal: files.preview(path, mapping=mapping, date_order=order, decimal=decimal),
    )
    qtbot.addWidget(dialog)
    assert not dialog.import_button.isEnabled() and "the required column Code is missing" in dialog.summary.text()
    combo = dialog._fields["code"]
    combo.setCurrentIndex(combo.findData("Partner ID"))
    combo.activated.emit(combo.currentIndex())
    assert "could be 1000 or a decimal" in dialog.problem_at(0, 3) and dialog.problem_at(0, 0) == ""
    assert "or choose the decimal mark under Numbers in the import preview" in dialog.problem_at(0, 3)
    assert not dialog.import_button.isEnabled()
    dialog.decimal.setCurrentIndex(dialog.decimal.findData(","))
    assert dialog.import_button.isEnabled() and "1 partner, 0 contacts and 0 certifications" in dialog.summary.text()
    mapping, order, decimal = dialog.choices()
    assert mapping == {"code": "Partner ID"} and decimal == ","
    with pytest.raises(NotFound):
        RosterService(db).find_id("P-1")  # the preview wrote nothing
    files.import_file(path, mapping=mapping, date_order=order, decimal=decimal)
    assert RosterService(db).get_partner(RosterService(db).find_id("P-1")).weekly_capacity == 1000
    assert files.remembered()["code"] == "Partner ID"
    again = files.preview(path, decimal=",")  # the remembered column is found without choosing it
    assert again.columns["code"] == 0
    assert [(p.row, p.column) for p in again.problems] == [(2, 0)]  # P-1 is in the roster now: on its cell
    assert "already in the roster" in again.problems[0].message


def test_a_refused_import_in_the_window_words_remedies_without_flags(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The failure box of a refused import says what to do in the window's words, never --map or --date-order."""
    from microfactory_desk.errors import ImportFailed
    from microfactory_desk.ui.dialogs import messages
    from microfactory_desk.ui.error_hook import show_failure

    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, title, text, details="": shown.append(text + details))
    path = _setup(
        db, tmp_path, [["order", "line", "Lieferschein", "received"], ["PO-2026-0001", "1", "LS-1", "04/06/2026"]]
    )
    with pytest.raises(ImportFailed) as refused:
        DeliveryImport(db).import_file(path, "MS-1")
    show_failure(refused.value, None, title="Import refused")
    assert "choose its column in the drop-down for reference in the import preview" in shown[0]
    assert "--" not in shown[0]
