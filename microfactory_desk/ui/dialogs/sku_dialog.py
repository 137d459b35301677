"""Add or change a catalogue item: code, name, category, unit, variant attributes, experimental flag, notes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialogButtonBox, QVBoxLayout, QWidget

from microfactory_desk.errors import ValidationFailed
from microfactory_desk.schemas.orders import validate_sku
from microfactory_desk.ui.dialogs.edit_guard import EditorDialog
from microfactory_desk.ui.dialogs.form_errors import report_save_failure
from microfactory_desk.ui.tasks import run_task
from microfactory_desk.ui.widgets.field_form import FieldForm, FieldSpec

if TYPE_CHECKING:
    from microfactory_desk.schemas.orders import SkuRow
    from microfactory_desk.services.orders.skus import SkuService

FIELDS = [
    [
        FieldSpec("code", "Code", hint="e.g. MF-TEE-PLS"),
        FieldSpec("name", "Name"),
        FieldSpec("category", "Category", hint="e.g. Apparel"),
        FieldSpec("unit", "Unit", hint="pcs, pair, set…"),
    ],
    [
        FieldSpec("attributes", "Variant attributes", hint="region=PL-South; size=M; colour=olive"),
        FieldSpec("experimental", "", kind="check", hint="Experimental (small batches, quick reorders)"),
        FieldSpec("notes", "Notes", kind="block", height=80),
    ],
]


class SkuDialog(EditorDialog):
    """Validates in the schema, saves through the SKU service; problems show under their field."""

    sku_saved = Signal(int)

    def __init__(self, skus: SkuService, sku: SkuRow | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._skus = skus
        self._sku = sku
        self.setWindowTitle(f"SKU {sku.code}" if sku else "New SKU")
        self.resize(720, 360)
        layout = QVBoxLayout(self)
        self.form = FieldForm(FIELDS)
        layout.addWidget(self.form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        values: dict[str, Any] = {"unit": "pcs"}
        if sku is not None:
            values = {"code": sku.code, "name": sku.name, "category": sku.category, "unit": sku.unit,
                      "attributes": sku.attributes_text, "experimental": sku.experimental, "notes": sku.notes}  # fmt: skip
        self.form.set_values(values)

    def save(self) -> None:
        """Store the SKU, or show what is wrong beside each field."""
        try:
            data = validate_sku(self.form.values())
        except ValidationFailed as exc:
            self.form.show_errors({e.field: e.message for e in exc.errors})
            return
        skus, sku_id = self._skus, self._sku.id if self._sku else None

        def failed(exc: BaseException) -> None:
            report_save_failure(
                self,
                exc,
                "SKU not saved",
                lambda invalid: self.form.show_errors({e.field: e.message for e in invalid.errors}),
                inline=lambda text: self.form.show_errors({"code": text}),
            )

        def done(saved: SkuRow) -> None:
            self.sku_saved.emit(saved.id)
            self.accept()

        run_task(lambda: skus.save_sku(data, sku_id), done, failed)
