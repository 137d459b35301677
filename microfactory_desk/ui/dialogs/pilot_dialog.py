"""The pilot editor: SKU, partner and micro-market, dates, unit counts and price, with inline field errors."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from microfactory_desk import clock
from microfactory_desk.errors import ValidationFailed
from microfactory_desk.ui import theme
from microfactory_desk.ui.dialogs.edit_guard import EditorDialog
from microfactory_desk.ui.dialogs.form_errors import OnStale, reloaded_text, save_form
from microfactory_desk.ui.widgets.field_form import FieldForm, FieldSpec
from microfactory_desk.ui.widgets.partner_picker import PartnerPicker

if TYPE_CHECKING:
    from microfactory_desk.schemas.pilot_rows import PilotRow
    from microfactory_desk.schemas.roster_rows import PartnerChoice
    from microfactory_desk.services.pilots.service import PilotService

KINDS = (("Pop-up", "pop_up"), ("Event drop", "event_drop"), ("Local shop", "local_shop"))
COUNTS = ("units_planned", "units_made", "units_shipped", "units_sold", "units_returned")


def _columns(skus: list[tuple[str, str]]) -> list[list[FieldSpec]]:
    return [
        [
            FieldSpec("sku_code", "SKU", "combo", items=tuple((f"{code} · {name}", code) for code, name in skus)),
            FieldSpec("partner_code", "Partner", "partner"),
            FieldSpec("market_name", "Micro-market", hint="e.g. Kraków Christmas Market"),
            FieldSpec("market_region", "Region", hint="e.g. PL-South"),
            FieldSpec("market_kind", "Kind of market", "combo", items=KINDS),
            FieldSpec("notes", "Notes", "block", height=70),
        ],
        [
            FieldSpec("starts_on", "Starts on", "date"),
            FieldSpec("ends_on", "Ends on", "date"),
            FieldSpec("units_planned", "Units planned"),
            FieldSpec("units_made", "Units made"),
            FieldSpec("units_shipped", "Units shipped to the market"),
        ],
        [
            FieldSpec("units_sold", "Units sold"),
            FieldSpec("units_returned", "Units returned"),
            FieldSpec("sold_out_on", "Sold out on", "date", hint="blank if not"),
            FieldSpec("price", "Price per unit", hint="e.g. 29.50"),
            FieldSpec("currency", "Currency", hint="EUR"),
        ],
    ]


class PilotDialog(EditorDialog):
    """Creates or edits one pilot; emits pilot_saved with its id."""

    pilot_saved = Signal(int)

    def __init__(
        self,
        pilots: PilotService,
        skus: list[tuple[str, str]],
        pilot: PilotRow | None = None,
        *,
        partners: Sequence[PartnerChoice] = (),
        partner_code: str = "",
        counted_by_day: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._pilots = pilots
        self._pilot = pilot
        self._create_key = str(
            uuid.uuid4()
        )  # chosen before the first attempt: a retried create after a lost reply finds it
        self.setWindowTitle(f"Pilot {pilot.number}" if pilot else "New pilot")
        layout = QVBoxLayout(self)
        self.form = FieldForm(_columns(skus))
        self.partner = self.form.editors["partner_code"]
        assert isinstance(self.partner, PartnerPicker)
        self.partner.set_partners(partners)
        layout.addWidget(self.form)
        if counted_by_day:
            # Totals follow the daily sales entries; typing over them would make the two disagree.
            for name in ("units_sold", "units_returned"):
                self.form.editors[name].setEnabled(False)
                self.form.editors[name].setToolTip("Counted from the daily sales on the Sales tab")
        self.other_errors = QLabel()
        theme.error(self.other_errors)
        self.other_errors.setWordWrap(True)
        self.other_errors.hide()
        layout.addWidget(self.other_errors)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.form.set_values(self._initial(pilot) | ({"partner_code": partner_code} if partner_code else {}))
        self.resize(900, 400)

    @staticmethod
    def _initial(pilot: PilotRow | None) -> dict[str, Any]:
        if pilot is None:
            return {"currency": "EUR", "market_kind": "pop_up", "starts_on": clock.today().isoformat()}
        values = {name: getattr(pilot, name) for name in ("sku_code", "partner_code", "market_name", "market_region")}
        values |= {name: getattr(pilot, name) for name in (*COUNTS, "market_kind", "currency", "notes", "price")}
        for name in ("starts_on", "ends_on", "sold_out_on"):
            value = getattr(pilot, name)
            values[name] = value.isoformat() if value else ""
        return values

    def save(self) -> None:
        """Validate and store off the GUI thread; field errors come back under their fields."""
        from microfactory_desk.schemas.fields import validate
        from microfactory_desk.schemas.pilot import PilotIn

        values = self.form.values()
        pilots, pilot, today, key = self._pilots, self._pilot, clock.today(), self._create_key

        def store(data: PilotIn) -> PilotRow:
            if pilot is None:
                return pilots.create_pilot(data, today=today, key=key)
            # The counter this editor loaded: a pilot someone saved since is refused, never overwritten.
            return pilots.update_pilot(pilot.id, data, today=today, expected_version=pilot.row_version)

        save_form(
            self,
            parse=lambda: validate(PilotIn, values),
            store=store,
            saved=self._saved,
            button=self.save_button,
            title="Pilot not saved",
            show_errors=self._show_errors,
            inline=self._refused,
            on_stale=OnStale(lambda: pilots.get_pilot(pilot.id, today), self._reload, self._overwrite)
            if pilot
            else None,
        )

    def _saved(self, pilot: PilotRow) -> None:
        self.pilot_saved.emit(pilot.id)
        self.accept()

    def _reload(self, saved: PilotRow) -> None:
        """Show the pilot as someone else saved it; the typed edits are dropped."""
        self._pilot = saved
        self.form.set_values(self._initial(saved))
        self.edit_guard.mark_clean()
        self._refused(reloaded_text(saved.updated_by))

    def _overwrite(self, saved: PilotRow) -> None:
        self._pilot = saved  # its counter: the next save replaces exactly the version just shown
        self.save()

    def _refused(self, text: str) -> None:
        self.other_errors.setText(text)
        self.other_errors.setVisible(True)

    def _show_errors(self, exc: ValidationFailed) -> None:
        errors: dict[str, str] = {}
        for error in exc.errors:
            errors.setdefault(error.field.split(".")[0], error.message)
        rest = self.form.show_errors(errors)
        self.other_errors.setText("\n".join(rest))
        self.other_errors.setVisible(bool(rest))
