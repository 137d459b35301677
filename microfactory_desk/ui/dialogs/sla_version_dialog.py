"""Edit (or, once agreed, view) one SLA version: its terms and its small-batch price tiers."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from microfactory_desk.errors import ValidationFailed
from microfactory_desk.schemas.sla import SlaTermsIn, SlaVersionOut, validate_terms
from microfactory_desk.schemas.vocab import label
from microfactory_desk.services.sla.terms import money, number
from microfactory_desk.ui import theme
from microfactory_desk.ui.dialogs.edit_guard import EditorDialog
from microfactory_desk.ui.dialogs.form_errors import OnStale, reloaded_text, save_form, split_errors
from microfactory_desk.ui.table_models.editable_rows_model import EditableRowsModel
from microfactory_desk.ui.widgets.field_form import FieldForm, FieldSpec
from microfactory_desk.ui.widgets.history_tab import HistoryTab

if TYPE_CHECKING:
    from microfactory_desk.services.sla.versions import SlaService

LEFT = [
    FieldSpec("valid_from", "Valid from", "date", hint="set when agreed if empty"),
    FieldSpec("valid_until", "Valid until", "date", hint="empty: open end"),
    FieldSpec("lead_time_target_days", "Lead time target (days)", hint="e.g. 10"),
    FieldSpec("lead_time_bound_days", "Lead time bound (days)", hint="e.g. 14"),
    FieldSpec("lead_time_percentile", "…for this share of deliveries (%)", hint="50-99, e.g. 90"),
    FieldSpec("on_time_target_pct", "On-time delivery target (%)", hint="e.g. 95"),
    FieldSpec("defect_ceiling_pct", "Defect ceiling (%)", hint="e.g. 1.5"),
    FieldSpec("defect_ceiling_ppm", "Defect ceiling (ppm)", hint="e.g. 500"),
    FieldSpec("quote_response_days", "Quote response time (days)"),
]
RIGHT = [
    FieldSpec("reorder_window_days", "Quick reorder window (days)", hint="Experimental SKUs"),
    FieldSpec("max_reorder_qty", "Max quick-reorder quantity"),
    FieldSpec("price_held", "", "check", hint="Price held for reorders"),
    FieldSpec("price_held_until", "Price held until", "date", hint="empty: until further notice"),
    FieldSpec("moq_waiver", "", "check", hint="Minimum order waived for reorders"),
    FieldSpec("fallback_code", "Fallback bulk supplier", "combo"),
    FieldSpec("fallback_trigger", "Fallback trigger", "block", hint="e.g. lead time over 21 days twice in a row"),
    FieldSpec("clauses", "Clauses", "block", height=80),
    FieldSpec("notes", "Notes", "block"),
]
TIER_COLUMNS = [("sku", "SKU"), ("sku_category", "SKU category"), ("min_qty", "From quantity *")]
TIER_COLUMNS += [("unit_price", "Unit price *"), ("currency", "Currency")]


def form_values(version: SlaVersionOut) -> dict[str, Any]:
    """A version's terms as the form shows them (numbers without trailing zeros)."""
    values = version.model_dump(mode="json")
    for name in ("on_time_target_pct", "defect_ceiling_pct"):
        values[name] = number(getattr(version, name))
    return values


def tier_rows(version: SlaVersionOut) -> list[dict[str, Any]]:
    """A version's price tiers as editable rows (prices with two decimals at least)."""
    return [
        {**tier.model_dump(mode="json"), "unit_price": money(tier.unit_price, "").strip()}
        for tier in version.price_tiers
    ]


class SlaVersionDialog(EditorDialog):
    """Creates a draft, or edits a draft or proposal; agreed and older versions open read-only."""

    version_saved = Signal(int)

    def __init__(
        self,
        sla: SlaService,
        *,
        partner_id: int,
        version: SlaVersionOut | None,
        suppliers: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._sla, self._partner_id, self._version = sla, partner_id, version
        self._create_key = str(
            uuid.uuid4()
        )  # chosen before the first attempt: a retried create after a lost reply finds it
        editable = version is None or version.editable
        heading = f"SLA version {version.number} · {label(version.status)}" if version else "New SLA draft"
        self.setWindowTitle(heading)
        self.resize(860, 640)
        self.form = FieldForm([LEFT, RIGHT])
        fallback = self.form.editors["fallback_code"]
        assert isinstance(fallback, QComboBox)
        fallback.addItem("(none)", "")
        for code, name in suppliers:
            fallback.addItem(f"{name}  ·  {code}", code)
        self.tiers = EditableRowsModel(TIER_COLUMNS, editable=editable, right_aligned=("min_qty", "unit_price"))
        self._build(editable)
        if version is not None:
            self.form.set_values(form_values(version))
            self.tiers.set_rows(tier_rows(version))
        else:
            self.form.set_values({"price_held": False, "moq_waiver": False})
        self.form.set_read_only(not editable)

    def _build(self, editable: bool) -> None:
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.form, "Terms")
        tiers_tab = QWidget()
        tiers_layout = QVBoxLayout(tiers_tab)
        row = QHBoxLayout()
        add, remove = QPushButton("Add tier"), QPushButton("Remove tier")
        self.add_tier_button = add
        self.tiers_view = QTableView()
        self.tiers_view.setModel(self.tiers)
        self.tiers_view.verticalHeader().hide()
        self.tiers_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tiers_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        add.clicked.connect(self._add_tier)
        remove.clicked.connect(lambda: self.tiers.remove_row(self.tiers_view.currentIndex().row()))
        for button in (add, remove):
            button.setEnabled(editable)
            row.addWidget(button)
        row.addStretch(1)
        hint = QLabel(
            "A quantity gets the tier with the largest “from quantity” not above it. Leave SKU and "
            "category empty for a tier that applies to every SKU."
        )
        hint.setWordWrap(True)
        theme.muted(hint)
        tiers_layout.addLayout(row)
        tiers_layout.addWidget(hint)
        tiers_layout.addWidget(self.tiers_view, 1)
        self.tiers_error = QLabel()
        theme.error(self.tiers_error)
        self.tiers_error.setWordWrap(True)
        self.tiers_error.hide()
        tiers_layout.addWidget(self.tiers_error)
        self.tabs.addTab(tiers_tab, "Price tiers")
        self.changes: HistoryTab | None = None
        if self._version is not None:
            sla, version = self._sla, self._version
            self.changes = HistoryTab(file_stem=f"{version.partner_code} SLA v{version.number}")
            self.tabs.addTab(self.changes, "History")
            self.changes.load(lambda: sla.version_history(version.id))
        layout.addWidget(self.tabs, 1)

        buttons = QHBoxLayout()
        self.status = QLabel("" if editable else "This version is kept as it was agreed; it cannot be changed.")
        theme.muted(self.status)
        buttons.addWidget(self.status, 1)
        self.cancel_button = QPushButton("Cancel" if editable else "Close")
        self.cancel_button.clicked.connect(self.reject)
        buttons.addWidget(self.cancel_button)
        self.save_button = QPushButton("Save draft" if self._version is None else "Save")
        theme.primary(self.save_button)
        self.save_button.setVisible(editable)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

    def _add_tier(self) -> None:
        previous = self.tiers.rows()
        at = self.tiers.add_row({"currency": previous[-1].get("currency", "EUR") if previous else "EUR"})
        self.tiers_view.setCurrentIndex(self.tiers.index(at, 2))
        self.tiers_view.edit(self.tiers.index(at, 2))

    def raw_values(self) -> dict[str, Any]:
        """Terms and tiers as raw values for validation."""
        values = self.form.values()
        values["fallback_code"] = values["fallback_code"] or None
        for key in ("valid_from", "valid_until", "price_held_until"):
            values[key] = values[key] or None  # an empty optional date is no date, not a malformed one
        values["price_tiers"] = self.tiers.rows()
        return values

    def save(self) -> None:
        """Validate, then store off the GUI thread."""
        if not self.save_button.isVisible() or not self.save_button.isEnabled():
            return
        self.commit_typing()
        sla, version, partner_id, key = self._sla, self._version, self._partner_id, self._create_key

        def store(terms: SlaTermsIn) -> SlaVersionOut:
            if version is None:
                return sla.create_draft(partner_id, terms, key=key)
            # The counter this editor loaded: a version someone saved since is refused, never overwritten.
            return sla.update_draft(version.id, terms, expected_version=version.row_version)

        on_stale = None
        if version is not None:
            on_stale = OnStale(lambda: sla.get_version(version.id), self._reload, self._overwrite)
        save_form(
            self,
            parse=lambda: validate_terms(self.raw_values()),
            store=store,
            saved=self._saved,
            button=self.save_button,
            title="Cannot save",
            show_errors=self._show_errors,
            on_stale=on_stale,
            busy=lambda busy: self.status.setText("Saving…" if busy else ""),
        )

    def _saved(self, version: SlaVersionOut) -> None:
        self.version_saved.emit(version.id)
        self.accept()

    def _reload(self, saved: SlaVersionOut) -> None:
        """Show the version someone else saved; the typed edits are dropped."""
        self._version = saved
        self.form.set_values(form_values(saved))
        self.tiers.set_rows(tier_rows(saved))
        self.edit_guard.mark_clean()
        if not saved.editable:  # agreed meanwhile: from now on it is kept as it was agreed
            self.form.set_read_only(True)
            self.save_button.setVisible(False)
            self.add_tier_button.setEnabled(False)
        self.status.setText(reloaded_text(saved.updated_by))

    def _overwrite(self, saved: SlaVersionOut) -> None:
        self._version = saved  # its counter: the next save replaces exactly the version just shown
        self.save()

    def _show_errors(self, exc: ValidationFailed) -> None:
        form_errors, listed = split_errors(exc.errors, {"price_tiers": "Tier"})
        elsewhere = self.form.show_errors(form_errors)
        self.tiers_error.setText("\n".join(listed["price_tiers"]))
        self.tiers_error.setVisible(bool(listed["price_tiers"]))
        self.tabs.setTabText(0, "⚠ Terms" if form_errors else "Terms")
        self.tabs.setTabText(1, "⚠ Price tiers" if listed["price_tiers"] else "Price tiers")
        self.tabs.setCurrentIndex(0 if form_errors else 1)
        self.status.setText("\n".join(elsewhere) or "Please correct the marked fields.")
