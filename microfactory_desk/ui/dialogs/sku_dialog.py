"""Add or change a catalogue item: code, name, category, unit, variant attributes, experimental flag, notes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from microfactory_desk.schemas.orders import validate_sku
from microfactory_desk.ui import theme
from microfactory_desk.ui.dialogs.edit_guard import EditorDialog
from microfactory_desk.ui.dialogs.form_errors import OnStale, reloaded_text, save_form
from microfactory_desk.ui.widgets.field_form import FieldForm, FieldSpec

if TYPE_CHECKING:
    from microfactory_desk.schemas.orders import SkuIn, SkuRow
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


def _values(sku: SkuRow) -> dict[str, Any]:
    return {"code": sku.code, "name": sku.name, "category": sku.category, "unit": sku.unit,
            "attributes": sku.attributes_text, "experimental": sku.experimental, "notes": sku.notes}  # fmt: skip


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
        self.status = QLabel()
        theme.muted(self.status)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.form.set_values(_values(sku) if sku is not None else {"unit": "pcs"})

    def save(self) -> None:
        """Store the SKU, or show what is wrong beside each field."""
        skus, sku = self._skus, self._sku

        def store(data: SkuIn) -> SkuRow:
            if sku is None:
                return skus.save_sku(data)
            # The counter this editor loaded: a SKU someone saved since is refused, never overwritten.
            return skus.save_sku(data, sku.id, expected_version=sku.row_version)

        save_form(
            self,
            parse=lambda: validate_sku(self.form.values()),
            store=store,
            saved=self._saved,
            button=self.save_button,
            title="SKU not saved",
            show_errors=lambda invalid: self.form.show_errors({e.field: e.message for e in invalid.errors}),
            inline=lambda text: self.form.show_errors({"code": text}),
            on_stale=OnStale(lambda: skus.get_sku(sku.id), self._reload, self._overwrite) if sku else None,
        )

    def _saved(self, saved: SkuRow) -> None:
        self.sku_saved.emit(saved.id)
        self.accept()

    def _reload(self, saved: SkuRow) -> None:
        """Show the SKU as someone else saved it; the typed edits are dropped."""
        self._sku = saved
        self.form.set_values(_values(saved))
        self.edit_guard.mark_clean()
        self.status.setText(reloaded_text(saved.updated_by))

    def _overwrite(self, saved: SkuRow) -> None:
        self._sku = saved  # its counter: the next save replaces exactly the version just shown
        self.save()
