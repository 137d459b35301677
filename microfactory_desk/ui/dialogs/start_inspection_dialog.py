"""Start an inspection: partner, checklist, date, inspector, location, sample size and batch."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from microfactory_desk import clock
from microfactory_desk.errors import ValidationFailed
from microfactory_desk.schemas.quality import InspectionOut, validate_inspection
from microfactory_desk.schemas.quality_template import TemplateRow
from microfactory_desk.ui import theme
from microfactory_desk.ui.dialogs.edit_guard import EditorDialog
from microfactory_desk.ui.dialogs.form_errors import report_save_failure
from microfactory_desk.ui.tasks import run_task
from microfactory_desk.ui.widgets.field_form import FieldForm, FieldSpec
from microfactory_desk.ui.widgets.partner_picker import PartnerPicker

if TYPE_CHECKING:
    from microfactory_desk.schemas.roster_rows import PartnerChoice
    from microfactory_desk.services.quality.inspections import InspectionService


FIELD_INSET = 11  # px from the dialog's margin to the fields' left edge


class StartInspectionDialog(EditorDialog):
    """Collects the header of a new inspection and starts it."""

    inspection_started = Signal(object)  # InspectionOut

    def __init__(
        self,
        inspections: InspectionService,
        partners: list[PartnerChoice],
        templates: list[TemplateRow],
        *,
        partner_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New inspection")
        self._inspections = inspections
        self._create_key = str(
            uuid.uuid4()
        )  # chosen before the first attempt: a retried create after a lost reply finds it
        layout = QVBoxLayout(self)
        caption = QLabel("Partner")
        theme.caption(caption)
        self.partner = PartnerPicker(partners)
        caption.setBuddy(self.partner)
        if partner_id is not None:
            self.partner.choose(partner_id=partner_id)
        self.partner_error = QLabel()
        theme.error(self.partner_error)
        self.partner_error.hide()
        picker = QVBoxLayout()
        picker.setSpacing(2)
        # The picker and the form's fields share one inset, the one the partner editor's fields have: the form's
        # style margin (9 px in a child widget) had left them 2 px left of the picker (review defect 38).
        picker.setContentsMargins(FIELD_INSET, 4, FIELD_INSET, 0)
        picker.addWidget(caption)
        picker.addWidget(self.partner)
        picker.addWidget(self.partner_error)
        layout.addLayout(picker)
        self.form = FieldForm(
            [
                [
                    FieldSpec(
                        "template_id",
                        "Checklist",
                        "combo",
                        items=tuple((f"{t.name} (v{t.version})", str(t.id)) for t in templates),
                    ),
                    FieldSpec("inspected_on", "Date", "date"),
                    FieldSpec("inspector", "Inspector"),
                ],
                [
                    FieldSpec("location", "Location", hint="e.g. partner site, line 2"),
                    FieldSpec("sample_size", "Sample size", hint="pieces checked (optional)"),
                    FieldSpec("batch_ref", "Batch / lot", hint="optional"),
                ],
            ]
        )
        self.form.set_values(
            {"inspected_on": clock.today().isoformat(), "template_id": str(templates[0].id) if templates else ""}
        )
        form_layout = self.form.layout()
        assert form_layout is not None
        margins = form_layout.contentsMargins()
        form_layout.setContentsMargins(FIELD_INSET, margins.top(), FIELD_INSET, margins.bottom())
        layout.addWidget(self.form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.start_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.start_button.setText("Start inspection")
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 330)

    def raw_values(self) -> dict[str, Any]:
        """The typed values with the chosen partner's id."""
        values = self.form.values()
        chosen = self.partner.chosen()
        values["partner_id"] = chosen.id if chosen else None
        return values

    def start(self) -> None:
        """Validate, start off the GUI thread, then hand the new inspection on."""
        values = self.raw_values()
        if values["partner_id"] is None:
            self.partner_error.setText(self.partner.problem())
            self.partner_error.show()
            theme.mark_invalid(self.partner, True)
            return
        self.partner_error.hide()
        theme.mark_invalid(self.partner, False)
        try:
            data = validate_inspection(values)
        except ValidationFailed as exc:
            self.form.show_errors({e.field: e.message for e in exc.errors})
            return
        inspections, key = self._inspections, self._create_key
        self.start_button.setEnabled(False)
        run_task(lambda: inspections.start(data, key=key), self._started, self._failed)

    def _started(self, inspection: InspectionOut) -> None:
        self.inspection_started.emit(inspection)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.start_button.setEnabled(True)
        report_save_failure(
            self,
            exc,
            "Inspection not started",
            lambda invalid: self.form.show_errors({e.field: e.message for e in invalid.errors}),
            inline=lambda text: self.form.show_errors({"template_id": text}),
        )
