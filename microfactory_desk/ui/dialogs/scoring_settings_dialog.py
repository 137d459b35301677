"""Edit the scorecard weights (they must add up to 100) and where each standing band starts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from microfactory_desk.ui import theme
from microfactory_desk.ui.dialogs.edit_guard import EditorDialog

WEIGHTS = (
    ("delivery", "On-time delivery"),
    ("lead_time", "Lead-time reliability"),
    ("quality", "Quality (defects, inspections)"),
    ("actions", "Corrective actions"),
)
BANDS = (("strategic", "Strategic from"), ("approved", "Approved from"), ("watch", "Watch from"))
TRANSIT_MODES = (("courier", "Courier"), ("freight", "Freight"), ("last_mile", "Last mile"), ("pickup", "Pickup"))
CAPS = (("Strategic (no cap)", "strategic"), ("Approved", "approved"), ("Watch", "watch"), ("Exit", "exit"))
DEFAULT_MIN_DELIVERIES, DEFAULT_CAP = 3, "watch"


class ScoringSettingsDialog(EditorDialog):
    """Weights and bands; Save is enabled only while the weights add up to 100 and the bands descend."""

    def __init__(
        self,
        values: dict[str, Any],
        save: Callable[[dict[str, Any]], None],
        parent: QWidget | None = None,
        *,
        transit: dict[str, int] | None = None,
        save_transit: Callable[[dict[str, int]], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._save_transit = save_transit
        self.setWindowTitle("Scorecard weights and bands")
        self._save = save
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Criteria without data in a period are left out and the other weights scaled up to 100 %; "
            "the scorecard shows when that happened. Exit is below the Watch band."
        )
        intro.setWordWrap(True)
        theme.muted(intro)
        layout.addWidget(intro)
        weights_box = QGroupBox("Weights (%)")
        weights_form = QFormLayout(weights_box)
        self.weights: dict[str, QSpinBox] = {}
        for key, label in WEIGHTS:
            weight = QSpinBox()
            weight.setRange(0, 100)
            weight.setValue(int(values[key]))
            weight.valueChanged.connect(self._check)
            weights_form.addRow(label, weight)
            self.weights[key] = weight
        self.total = QLabel()
        weights_form.addRow("Total", self.total)
        bands_box = QGroupBox("Standing bands (score)")
        bands_form = QFormLayout(bands_box)
        self.bands: dict[str, QDoubleSpinBox] = {}
        for key, label in BANDS:
            spin = QDoubleSpinBox()
            spin.setRange(0, 100)
            spin.setDecimals(1)
            spin.setValue(float(values[key]))
            spin.valueChanged.connect(self._check)
            bands_form.addRow(label, spin)
            self.bands[key] = spin
        evidence_box = QGroupBox("Evidence and critical quality")
        evidence_form = QFormLayout(evidence_box)
        self.min_deliveries = QSpinBox()
        self.min_deliveries.setRange(1, 1000)
        self.min_deliveries.setValue(int(values.get("min_deliveries", DEFAULT_MIN_DELIVERIES)))
        self.min_deliveries.setToolTip("Fewer deliveries in a period: delivery criteria read too little data")
        evidence_form.addRow("Deliveries needed", self.min_deliveries)
        self.critical_cap = QComboBox()
        for text, value in CAPS:
            self.critical_cap.addItem(text, value)
        self.critical_cap.setCurrentIndex(self.critical_cap.findData(str(values.get("critical_cap", DEFAULT_CAP))))
        self.critical_cap.setToolTip("Best standing with a failed critical inspection or overdue critical action")
        evidence_form.addRow("Critical finding caps at", self.critical_cap)
        boxes = QHBoxLayout()
        boxes.addWidget(weights_box)
        boxes.addWidget(bands_box)
        boxes.addWidget(evidence_box)
        layout.addLayout(boxes)
        # Transit turns a confirmed ship date into the promised arrival deliveries are judged against.
        self.transit: dict[str, QSpinBox] = {}
        if transit is not None:
            transit_box = QGroupBox("Transit allowance (days from ship date to promised arrival)")
            transit_row = QHBoxLayout(transit_box)
            for key, label in TRANSIT_MODES:
                days = QSpinBox()
                days.setRange(0, 60)
                days.setValue(int(transit.get(key, 0)))
                transit_row.addWidget(QLabel(label))
                transit_row.addWidget(days)
                self.transit[key] = days
            layout.addWidget(transit_box)
        self.problem = QLabel()
        theme.error(self.problem)
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        restore = self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.setText("Restore defaults")  # Qt's stock text is Title Case; the app's buttons are sentence case
        restore.clicked.connect(self.restore_defaults)
        layout.addWidget(self.buttons)
        self._check()

    def values(self) -> dict[str, Any]:
        """The weights, bands, evidence minimum and critical cap as entered."""
        return {
            **{k: s.value() for k, s in self.weights.items()},
            **{k: s.value() for k, s in self.bands.items()},
            "min_deliveries": self.min_deliveries.value(),
            "critical_cap": self.critical_cap.currentData(),
        }

    def restore_defaults(self) -> None:
        """Back to 35/25/30/10 and 85/70/50."""
        defaults = {"delivery": 35, "lead_time": 25, "quality": 30, "actions": 10, "strategic": 85, "approved": 70,
                    "watch": 50}  # fmt: skip
        for key, weight in self.weights.items():
            weight.setValue(defaults[key])
        for key, band in self.bands.items():
            band.setValue(defaults[key])
        self.min_deliveries.setValue(DEFAULT_MIN_DELIVERIES)
        self.critical_cap.setCurrentIndex(self.critical_cap.findData(DEFAULT_CAP))

    def _problem(self) -> str:
        total = sum(s.value() for s in self.weights.values())
        self.total.setText(f"{total} %")
        if total != 100:
            return f"The weights add up to {total} %; they must add up to 100 %."
        strategic, approved, watch = (self.bands[k].value() for k, _ in BANDS)
        if not strategic > approved > watch:
            return "Each band must start above the next: Strategic > Approved > Watch."
        return ""

    def _check(self) -> None:
        problem = self._problem()
        self.problem.setText(problem)
        theme.mark_invalid(self.total, bool(problem) and "weights" in problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problem)

    def _accept(self) -> None:
        if self._problem():
            return
        self._save(self.values())
        if self._save_transit is not None and self.transit:
            self._save_transit({k: s.value() for k, s in self.transit.items()})
        self.accept()
