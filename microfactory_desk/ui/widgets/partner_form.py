"""The partner's main fields with an inline error line under each."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from microfactory_desk.schemas.vocab import PartnerKind, RiskLevel, Stage, label
from microfactory_desk.ui.widgets.field_form import FieldForm, FieldSpec


def _choices(values: Any) -> tuple[tuple[str, str], ...]:
    return tuple((label(v.value), v.value) for v in values)


LEFT = [
    FieldSpec("code", "Code *", hint="Short unique code, e.g. PL-LDZ-001"),
    FieldSpec("name", "Name *"),
    FieldSpec("kind", "Kind", "combo", items=_choices(PartnerKind)),
    FieldSpec("stage", "Stage", "combo", items=_choices(Stage)),
    FieldSpec("stage_reason", "Reason for stage change", hint="Why the partner moves (kept in the history)"),
    FieldSpec("fallback_code", "Fallback bulk supplier", "combo"),
    FieldSpec("risk_level", "Risk level", "combo", items=_choices(RiskLevel)),
    FieldSpec("risk_notes", "Risk notes", "block"),
]
RIGHT = [
    FieldSpec("region", "Region"),
    FieldSpec("city", "City"),
    FieldSpec("country", "Country"),
    FieldSpec("address", "Address", "block"),
    FieldSpec("website", "Website", hint="https://…"),
    FieldSpec("processes", "Processes", hint="Comma-separated, e.g. CNC machining, 3D printing"),
    FieldSpec("materials", "Materials", hint="Comma-separated, e.g. PLA, aluminium"),
    FieldSpec("weekly_capacity", "Weekly capacity (units)", hint="Leave empty if unknown"),
    FieldSpec("min_batch", "Minimum batch (units)", hint="Leave empty if none"),
    FieldSpec("tags", "Tags", hint="Comma-separated, e.g. drops, fast-turn"),
]


class PartnerForm(FieldForm):
    """Edits the scalar fields of a partner; the stage reason shows only when the stage changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([LEFT, RIGHT], parent)
        self.original_stage = ""
        self._combo("stage").currentIndexChanged.connect(self._stage_changed)
        self._stage_changed()

    def _combo(self, field: str) -> QComboBox:
        combo = self.editors[field]
        assert isinstance(combo, QComboBox)
        return combo

    def set_fallback_choices(self, suppliers: list[tuple[str, str]], own_code: str = "") -> None:
        """Offer the bulk suppliers (never the partner itself) as fallbacks."""
        combo = self._combo("fallback_code")
        combo.clear()
        combo.addItem("(none)", "")
        for code, name in suppliers:
            if code.casefold() != own_code.casefold():
                combo.addItem(f"{name}  ·  {code}", code)

    def set_values(self, values: dict[str, Any]) -> None:
        """Fill the editors from a partner's values and remember its stage."""
        super().set_values(values)
        self.original_stage = str(values.get("stage") or "")
        self._stage_changed()

    def _stage_changed(self) -> None:
        changed = bool(self.original_stage) and self._combo("stage").currentData() != self.original_stage
        self.boxes["stage_reason"].setVisible(changed)
