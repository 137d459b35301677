"""The one partner picker: suggestions that really pop up, and a typed code accepted, wherever a partner is chosen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.services.pilots.service import PilotService
from microfactory_desk.ui.dialogs.order_dialog import OrderDialog
from microfactory_desk.ui.dialogs.partner_pick_dialog import PartnerPickDialog
from microfactory_desk.ui.dialogs.pilot_dialog import PilotDialog
from microfactory_desk.ui.dialogs.start_inspection_dialog import StartInspectionDialog
from microfactory_desk.ui.tasks import tasks_running
from microfactory_desk.ui.widgets.partner_picker import PartnerPicker
from microfactory_desk.wiring import Services
from tests.conftest import TODAY
from tests.services import attention_data as make

KIEZ = "Kiez Kunststoff Werkstatt GmbH"


def _partners(db: Database) -> Services:
    make.partner(db, "DE-BER-001", KIEZ, stage="prospect")
    make.partner(db, "PL-KRK-001", "Kraków Print Lab")
    make.partner(db, "DE-HAM-002", "Hamburg Kiezfabrik")
    return Services(db)


def _show(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)


def _type(qtbot: QtBot, picker: PartnerPicker, text: str) -> None:
    picker.setFocus()
    picker.clear()
    qtbot.keyClicks(picker, text)


def _pick_first_suggestion(qtbot: QtBot, picker: PartnerPicker) -> None:
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    first = popup.model().index(0, 0)
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=popup.visualRect(first).center())


def test_new_inspection_suggests_partners_as_you_type(qtbot: QtBot, db: Database) -> None:
    """Typing `kiez` pops up both partners whose name or code holds it; picking one starts for that partner."""
    services = _partners(db)
    dialog = StartInspectionDialog(services.inspections, services.inspections.partner_choices(), [])
    _show(qtbot, dialog)
    _type(qtbot, dialog.partner, "kiez")
    completer = dialog.partner.completer()
    assert completer.model() is not None
    qtbot.waitUntil(completer.popup().isVisible)
    assert completer.completionCount() == 2
    _pick_first_suggestion(qtbot, dialog.partner)
    chosen = dialog.partner.chosen()
    assert chosen is not None and chosen.code in {"DE-BER-001", "DE-HAM-002"}
    assert dialog.raw_values()["partner_id"] == chosen.id


def test_new_inspection_accepts_the_exact_code(qtbot: QtBot, db: Database) -> None:
    """The exact code, in any case, names the partner; text naming none or several says why under the field."""
    services = _partners(db)
    dialog = StartInspectionDialog(services.inspections, services.inspections.partner_choices(), [])
    _show(qtbot, dialog)
    _type(qtbot, dialog.partner, "de-ber-001")
    chosen = dialog.partner.chosen()
    assert chosen is not None and chosen.name == KIEZ
    _type(qtbot, dialog.partner, "kiez")
    dialog.start()
    assert "2 partners match" in dialog.partner_error.text()


def test_order_editor_picker_takes_a_code_and_warns_about_a_prospect(qtbot: QtBot, db: Database) -> None:
    """The order's partner is typed like everywhere else; a Prospect partner shows a warning beside it."""
    services = _partners(db)
    dialog = OrderDialog(services.orders, detail=None, partners=services.orders.partner_choices(), skus=[])
    _show(qtbot, dialog)
    _type(qtbot, dialog.partner, "kiez")
    qtbot.waitUntil(dialog.partner.completer().popup().isVisible)
    _type(qtbot, dialog.partner, "DE-BER-001")
    assert dialog._data()["partner_code"] == "DE-BER-001"
    assert dialog.partner_warning.isVisible()
    assert "Prospect" in dialog.partner_warning.text()
    _type(qtbot, dialog.partner, "PL-KRK-001")
    assert not dialog.partner_warning.isVisible()
    dialog.close()


def test_new_pilot_picks_the_partner_instead_of_a_typed_code_field(qtbot: QtBot, db: Database) -> None:
    """New pilot offers the partner picker; a suggestion picked from `kiez` is the pilot's partner once saved."""
    _partners(db)
    make.sku(db)
    pilots = PilotService(db)
    dialog = PilotDialog(pilots, pilots.sku_choices(), partners=pilots.partner_choices())
    _show(qtbot, dialog)
    assert isinstance(dialog.partner, PartnerPicker)
    _type(qtbot, dialog.partner, "hamburg")
    _pick_first_suggestion(qtbot, dialog.partner)
    dialog.form.editors["market_name"].setText("Hamburg pop-up")  # type: ignore[union-attr]
    saved: list[int] = []
    dialog.pilot_saved.connect(saved.append)
    dialog.save()
    qtbot.waitUntil(lambda: bool(saved) and tasks_running() == 0)
    assert pilots.get_pilot(saved[0], TODAY).partner_code == "DE-HAM-002"


def test_deliveries_import_asks_with_the_picker(qtbot: QtBot, db: Database) -> None:
    """ "Whose deliveries?" is answered with the picker: OK with an unknown text is refused, with a code accepted."""
    services = _partners(db)
    dialog = PartnerPickDialog("Import deliveries", "Whose deliveries?", services.deliveries.partner_choices())
    _show(qtbot, dialog)
    _type(qtbot, dialog.picker, "nobody")
    dialog.accept()
    assert dialog.isVisible() and "No partner" in dialog.error.text()
    _type(qtbot, dialog.picker, "pl-krk-001")
    dialog.accept()
    assert dialog.result() == PartnerPickDialog.DialogCode.Accepted
    assert dialog.chosen_code() == "PL-KRK-001"
