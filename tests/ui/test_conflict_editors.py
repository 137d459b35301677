"""Beyond the partner: the SLA, order, SKU and corrective-action editors refuse a stale save, show the conflict
dialog with who saved and the differing fields, and Reload / Overwrite do what they say."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from microfactory_desk import identity
from microfactory_desk.db import Database
from microfactory_desk.errors import StaleEdit
from microfactory_desk.schemas.orders import SkuIn, validate_order
from microfactory_desk.schemas.quality import validate_action
from microfactory_desk.schemas.sla import validate_terms
from microfactory_desk.ui.dialogs import conflict_dialog
from microfactory_desk.ui.dialogs.conflict_dialog import OVERWRITE, RELOAD
from microfactory_desk.ui.dialogs.corrective_action_dialog import CorrectiveActionDialog
from microfactory_desk.ui.dialogs.order_dialog import OrderDialog
from microfactory_desk.ui.dialogs.sku_dialog import SkuDialog
from microfactory_desk.ui.dialogs.sla_version_dialog import SlaVersionDialog
from microfactory_desk.ui.tasks import tasks_running
from microfactory_desk.wiring import Services
from tests.quality_helpers import make_partner
from tests.services.order_fixtures import ORDER_DAY, START, partner_with_sla


def _answer(monkeypatch: pytest.MonkeyPatch, choice: str, seen: list[dict[str, Any]]) -> None:
    def fake(_parent: Any, stale: StaleEdit, mine: dict[str, Any], theirs: dict[str, Any]) -> str:
        seen.append({"stale": stale, "rows": conflict_dialog.differing_fields(mine, theirs)})
        return choice

    monkeypatch.setattr(conflict_dialog, "ask_conflict", fake)


def _as_ann(db: Database, change: Callable[[Services], object]) -> None:
    """Ann Example saves from her own connection (another `Database` on the same file or server)."""
    other = Database(db.url)
    identity.set_display_name("Ann Example")
    try:
        change(Services(other))
    finally:
        identity.set_display_name("")
        other.close()


def _type(qtbot: QtBot, editor: Any, text: str) -> None:
    editor.selectAll() if isinstance(editor, QPlainTextEdit) else editor.clear()
    qtbot.keyClicks(editor, text)


def _save(qtbot: QtBot, dialog: QWidget, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks_running() == 0)


def _closed(dialog: QDialog) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def _sla_editor(qtbot: QtBot, db: Database) -> tuple[SlaVersionDialog, int]:
    """An SLA draft editor with "Bob's" typed as notes, after Ann saved notes and added a tier elsewhere."""
    services = Services(db)
    pid = partner_with_sla(db, sla=False)
    one_tier = [{"min_qty": 1, "unit_price": "9.90"}]
    version = services.sla.create_draft(pid, validate_terms({"valid_from": START, "price_tiers": one_tier}))
    dialog = SlaVersionDialog(services.sla, partner_id=pid, version=version, suppliers=[])
    qtbot.addWidget(dialog)
    dialog.show()
    two_tiers = [*one_tier, {"min_qty": 50, "unit_price": "8.50"}]
    terms = validate_terms({"valid_from": START, "notes": "Ann's", "price_tiers": two_tiers})
    _as_ann(db, lambda s: s.sla.update_draft(version.id, terms))
    _type(qtbot, dialog.form.editors["notes"], "Bob's")
    return dialog, version.id


def test_sla_editor_reload_shows_anns_version(qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """SLA: the stale save names Ann and the differing notes and tiers; Reload shows her notes and two tiers."""
    dialog, version_id = _sla_editor(qtbot, db)
    seen: list[dict[str, Any]] = []
    _answer(monkeypatch, RELOAD, seen)
    _save(qtbot, dialog, dialog.save_button)
    assert seen[0]["stale"].changed_by == "Ann Example" and "SLA version 1 of MF1" in seen[0]["stale"].record
    assert [row[0] for row in seen[0]["rows"]] == ["notes", "price_tiers"]
    assert dialog.isVisible() and dialog.form.values()["notes"] == "Ann's" and len(dialog.tiers.rows()) == 2
    assert not dialog.has_changes()  # what is shown is what is stored: closing loses nothing
    stored = Services(db).sla.get_version(version_id)
    assert stored.notes == "Ann's" and len(stored.price_tiers) == 2


def test_sla_editor_overwrite_saves_bobs_on_purpose(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SLA: Overwrite stores the editor's values over Ann's, and the editor closes."""
    dialog, version_id = _sla_editor(qtbot, db)
    _answer(monkeypatch, OVERWRITE, [])
    _save(qtbot, dialog, dialog.save_button)
    qtbot.waitUntil(lambda: _closed(dialog))
    stored = Services(db).sla.get_version(version_id)
    assert stored.notes == "Bob's" and len(stored.price_tiers) == 1


def _order_editor(qtbot: QtBot, db: Database) -> tuple[OrderDialog, int]:
    """A draft order editor with "Bob's" typed as notes, after Ann added a second line elsewhere."""
    services = Services(db)
    partner_with_sla(db)
    lines = [{"sku_code": "MF-TEE", "quantity": 60}]
    order = services.orders.create_draft(
        validate_order({"partner_code": "MF1", "order_date": ORDER_DAY, "lines": lines})
    )
    dialog = OrderDialog(
        services.orders, detail=order, partners=services.orders.partner_choices(), skus=services.skus.list_skus()
    )
    qtbot.addWidget(dialog)
    dialog.show()
    two = [*lines, {"sku_code": "MF-TEE", "quantity": 80}]
    data = validate_order({"partner_code": "MF1", "order_date": ORDER_DAY, "notes": "Ann's", "lines": two})
    _as_ann(db, lambda s: s.orders.update_draft(order.id, data))
    _type(qtbot, dialog.notes, "Bob's")
    return dialog, order.id


def test_order_editor_reload_keeps_anns_new_line(qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Order: the stale save is refused (Ann's added line survives); Reload shows her two lines and notes."""
    dialog, order_id = _order_editor(qtbot, db)
    seen: list[dict[str, Any]] = []
    _answer(monkeypatch, RELOAD, seen)
    _save(qtbot, dialog, dialog.save_button)
    assert seen[0]["stale"].changed_by == "Ann Example"
    assert {row[0] for row in seen[0]["rows"]} >= {"notes", "lines"}
    assert dialog.isVisible() and dialog.notes.toPlainText() == "Ann's" and dialog.lines.rowCount() == 2
    assert "your edits were dropped" in dialog.status_label.text()
    stored = Services(db).orders.get_order(order_id)
    assert stored.notes == "Ann's" and len(stored.lines) == 2


def test_order_editor_overwrite_saves_on_purpose(qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Order: Overwrite stores the editor's one line and notes over Ann's version, and the editor closes."""
    dialog, order_id = _order_editor(qtbot, db)
    _answer(monkeypatch, OVERWRITE, [])
    _save(qtbot, dialog, dialog.save_button)
    qtbot.waitUntil(lambda: _closed(dialog))
    stored = Services(db).orders.get_order(order_id)
    assert stored.notes == "Bob's" and len(stored.lines) == 1


def test_two_sku_editors_in_one_window(qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two SKU editors of one item in one process: the second save is refused and Reload shows the first's."""
    skus = Services(db).skus
    sku = skus.save_sku(SkuIn(code="MF-X", name="Lamp"))
    first, second = SkuDialog(skus, sku), SkuDialog(skus, sku)
    for dialog, name in ((first, "Lamp shade"), (second, "Lamp base")):
        qtbot.addWidget(dialog)
        dialog.show()
        _type(qtbot, dialog.form.editors["name"], name)
    _save(qtbot, first, first.save_button)
    seen: list[dict[str, Any]] = []
    _answer(monkeypatch, RELOAD, seen)
    _save(qtbot, second, second.save_button)
    assert seen[0]["rows"] == [("name", "Lamp base", "Lamp shade")]
    assert second.form.values()["name"] == "Lamp shade" and skus.get_sku(sku.id).name == "Lamp shade"


def test_action_editor_overwrite(qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Corrective action: only the description Ann changed differs; Overwrite stores the editor's owner over it."""
    services = Services(db)
    data = validate_action({"partner_id": make_partner(db), "description": "Seams", "raised_on": dt.date(2026, 11, 2)})
    action = services.actions.raise_action(data)
    dialog = CorrectiveActionDialog(actions=services.actions, photos=services.photos, action=action)
    qtbot.addWidget(dialog)
    dialog.show()
    _as_ann(db, lambda s: s.actions.update_action(action.id, data.model_copy(update={"description": "Seams, Ann"})))
    _type(qtbot, dialog.form.editors["owner"], "Bob")
    seen: list[dict[str, Any]] = []
    _answer(monkeypatch, OVERWRITE, seen)
    _save(qtbot, dialog, dialog.save_button)
    qtbot.waitUntil(lambda: _closed(dialog))
    assert seen[0]["rows"] == [("description", "Seams", "Seams, Ann"), ("owner", "Bob", "")]
    stored = services.actions.get_action(action.id).data
    assert (stored.description, stored.owner) == ("Seams", "Bob")


def _runner_with_anns_answer(qtbot: QtBot, db: Database) -> tuple[Any, Services, int, int]:
    """A runner open on an inspection whose first item Ann answered "pass" from another window since."""
    from microfactory_desk.schemas.quality import AnswerIn
    from microfactory_desk.ui.dialogs.inspection_runner import InspectionRunnerDialog
    from tests.quality_helpers import make_template, start_inspection

    services = Services(db)
    template = make_template(db)
    ins = start_inspection(db, make_partner(db), template.id)
    runner = InspectionRunnerDialog(
        services.inspections.get(ins.id),
        inspections=services.inspections,
        photos=services.photos,
        actions=services.actions,
        reports=services.inspection_reports,
    )
    qtbot.addWidget(runner)
    runner.show()
    item = template.items()[0].id
    _as_ann(db, lambda s: s.inspections.answer(ins.id, AnswerIn(item_id=item, result="pass")))
    return runner, services, ins.id, item


def test_runner_reload_shows_the_other_inspectors_answer(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runner: failing an item Ann passed meanwhile opens the conflict dialog (result pass vs fail, Ann named);
    Reload shows her pass and stores nothing of mine."""
    runner, services, ins_id, item = _runner_with_anns_answer(qtbot, db)
    seen: list[dict[str, Any]] = []
    _answer(monkeypatch, RELOAD, seen)
    qtbot.keyClick(runner, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: runner.wait_until_saved() and tasks_running() == 0)
    assert seen[0]["stale"].changed_by == "Ann Example" and seen[0]["rows"] == [("result", "fail", "pass")]
    assert runner.inspection.answers[item].result == "pass"
    assert services.inspections.get(ins_id).answers[item].result == "pass"


def test_runner_overwrite_stores_my_answer(qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Runner: Overwrite stores my fail over Ann's pass on purpose."""
    runner, services, ins_id, item = _runner_with_anns_answer(qtbot, db)
    _answer(monkeypatch, OVERWRITE, [])
    qtbot.keyClick(runner, Qt.Key.Key_F)
    qtbot.waitUntil(lambda: runner.wait_until_saved() and tasks_running() == 0)
    qtbot.waitUntil(lambda: services.inspections.get(ins_id).answers[item].result == "fail")


def test_only_what_the_editor_holds_is_compared() -> None:
    """A stored 9.9000 is the typed 9.90, and a stored line's computed figures (id, total) are no difference."""
    mine = {"tiers": [{"min_qty": 1, "unit_price": "9.90"}], "lines": [{"sku_code": "A", "quantity": 5}]}
    theirs = {
        "tiers": [{"id": 3, "min_qty": 1, "unit_price": "9.9000"}],
        "lines": [{"sku_code": "A", "quantity": 5, "line_total": "10.00"}],
    }
    assert conflict_dialog.differing_fields(mine, theirs) == []
    theirs["tiers"][0]["unit_price"] = "9.9500"
    assert conflict_dialog.differing_fields(mine, theirs) == [("tiers", "1, 9.90", "1, 9.95")]


def test_deleting_a_partner_in_use_says_why_in_the_editor(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Delete on a partner with an order: the editor stays open and says what still uses the partner."""
    from microfactory_desk.ui.dialogs import messages
    from microfactory_desk.ui.dialogs.partner_dialog import PartnerDialog
    from tests.services.order_fixtures import draft

    pid = partner_with_sla(db)
    draft(db)
    roster = Services(db).roster
    dialog = PartnerDialog(roster, detail=roster.get_partner(pid), suppliers=[])
    qtbot.addWidget(dialog)
    dialog.show()
    monkeypatch.setattr(messages, "confirm", lambda *_a: True)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks_running() == 0)
    assert dialog.isVisible() and "This partner is still used by orders" in dialog.status.text()
    assert roster.get_partner(pid).code == "MF1"


def test_pilot_and_template_editors_reload(qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot and checklist-template editors: a stale save opens the conflict dialog and Reload shows Ann's."""
    from microfactory_desk.schemas.fields import validate
    from microfactory_desk.schemas.pilot import PilotIn
    from microfactory_desk.schemas.quality_template import as_input
    from microfactory_desk.ui.dialogs.pilot_dialog import PilotDialog
    from microfactory_desk.ui.dialogs.template_editor_dialog import TemplateEditorDialog
    from tests.quality_helpers import make_template
    from tests.services import attention_data as make

    services, day = Services(db), dt.date(2026, 11, 2)
    make.partner(db, "MF-1")
    make.sku(db, "MF-LAMP")
    plan = {"sku_code": "MF-LAMP", "partner_code": "MF-1", "market_name": "Pop-up"}
    pilot = services.pilots.create_pilot(validate(PilotIn, plan), today=day)
    pilot_dialog = PilotDialog(
        services.pilots, services.pilots.sku_choices(), pilot, partners=services.pilots.partner_choices()
    )
    template = make_template(db)
    template_dialog = TemplateEditorDialog(services.templates, template)
    for dialog in (pilot_dialog, template_dialog):
        qtbot.addWidget(dialog)
        dialog.show()
    _as_ann(db, lambda s: s.pilots.update_pilot(pilot.id, validate(PilotIn, {**plan, "notes": "Ann's"}), today=day))
    _as_ann(
        db, lambda s: s.templates.save_template(template.id, as_input(template).model_copy(update={"name": "Ann's"}))
    )
    seen: list[dict[str, Any]] = []
    _answer(monkeypatch, RELOAD, seen)
    _type(qtbot, pilot_dialog.form.editors["notes"], "Bob's")
    _save(qtbot, pilot_dialog, pilot_dialog.save_button)
    _type(qtbot, template_dialog.header_form.editors["name"], "Bob's")
    _save(qtbot, template_dialog, template_dialog.save_button)
    assert [s["stale"].changed_by for s in seen] == ["Ann Example", "Ann Example"]
    assert [s["rows"][0][1:] for s in seen] == [("Bob's", "Ann's"), ("Bob's", "Ann's")]
    assert pilot_dialog.form.values()["notes"] == "Ann's" and template_dialog.header_form.values()["name"] == "Ann's"


def test_negotiation_entry_overwrite(qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Negotiation log: saving an entry Ann changed meanwhile opens the conflict dialog; Overwrite stores mine."""
    from microfactory_desk.schemas.negotiation import validate_entry
    from microfactory_desk.ui.widgets.negotiation_panel import NegotiationPanel

    services, day = Services(db), dt.date(2026, 11, 2)
    pid = partner_with_sla(db, sla=False)
    entry = services.negotiations.add_entry(pid, validate_entry({"occurred_on": day, "notes": "first"}))
    panel = NegotiationPanel(services.negotiations, partner_id=pid)
    qtbot.addWidget(panel)
    panel.show()
    panel.refresh()
    qtbot.waitUntil(lambda: tasks_running() == 0 and len(panel.entries) == 1)
    panel.view.setCurrentIndex(panel.model.index(0, 0))
    panel.edit_selected()
    _as_ann(db, lambda s: s.negotiations.update_entry(entry.id, validate_entry({"occurred_on": day, "notes": "Ann's"})))
    _type(qtbot, panel.form.editors["notes"], "Bob's")
    seen: list[dict[str, Any]] = []
    _answer(monkeypatch, OVERWRITE, seen)
    _save(qtbot, panel, panel.add_button)
    assert seen[0]["stale"].changed_by == "Ann Example" and ("notes", "Bob's", "Ann's") in seen[0]["rows"]
    assert services.negotiations.get_entry(entry.id).notes == "Bob's"


def test_confirmation_typed_after_anns_is_refused_and_reload_shows_hers(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Confirmation: Ann stored the partner's answer (50 units) after the dialog opened; saving mine is refused
    with the differing line and Reload shows her 50."""
    from microfactory_desk.schemas.fields import validate
    from microfactory_desk.schemas.orders import Confirmation
    from microfactory_desk.ui.dialogs.confirmation_dialog import ConfirmationDialog

    services = Services(db)
    partner_with_sla(db)
    rows = [{"sku_code": "MF-TEE", "quantity": 60}]
    order = services.orders.create_draft(
        validate_order({"partner_code": "MF1", "order_date": ORDER_DAY, "lines": rows})
    )
    sent = services.orders.send(order.id, on=ORDER_DAY)
    dialog = ConfirmationDialog(services.orders, services.orders.get_order(sent.id))
    qtbot.addWidget(dialog)
    dialog.show()
    line = {"position": 1, "confirmed_qty": 50, "confirmed_ship_on": "2026-05-10", "comment": "short of fabric"}
    answer = validate(Confirmation, {"order_uuid": order.uuid, "lines": [line]})
    _as_ann(db, lambda s: s.orders.confirm(answer, on=ORDER_DAY))
    dialog.ship_dates[0].setText("2026-05-12")
    seen: list[dict[str, Any]] = []
    _answer(monkeypatch, RELOAD, seen)
    _save(qtbot, dialog, dialog.save_button)
    assert seen[0]["stale"].changed_by == "Ann Example" and [r[0] for r in seen[0]["rows"]] == ["lines", "confirmed_on"]
    assert dialog.isVisible() and dialog.quantities[0].value() == 50 and dialog.comments[0].text() == "short of fabric"
    assert services.orders.get_order(order.id).lines[0].confirmed_ship_on == dt.date(2026, 5, 10)


def test_a_stale_save_holding_the_stored_values_finishes_without_asking(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stored version already holds what was typed (a save whose reply was lost, found on Retry): the editor
    saves and closes, and no empty conflict dialog asks to choose between two equal versions."""
    services = Services(db)
    pid = partner_with_sla(db, sla=False)
    tiers = [{"min_qty": 1, "unit_price": "9.90"}]
    version = services.sla.create_draft(pid, validate_terms({"valid_from": START, "price_tiers": tiers}))
    dialog = SlaVersionDialog(services.sla, partner_id=pid, version=version, suppliers=[])
    qtbot.addWidget(dialog)
    dialog.show()
    _type(qtbot, dialog.form.editors["notes"], "Same words")
    typed = dialog.form.values()
    _as_ann(db, lambda s: s.sla.update_draft(version.id, validate_terms({**typed, "price_tiers": tiers})))
    seen: list[dict[str, Any]] = []
    _answer(monkeypatch, RELOAD, seen)
    _save(qtbot, dialog, dialog.save_button)
    qtbot.waitUntil(lambda: _closed(dialog))
    assert seen == []
    assert Services(db).sla.get_version(version.id).notes == "Same words"
