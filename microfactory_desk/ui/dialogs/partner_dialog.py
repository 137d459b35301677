"""Create or edit a partner: details, contacts, certifications and stage history."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from microfactory_desk.errors import StaleEdit, ValidationFailed
from microfactory_desk.schemas.partner import PartnerDetail, PartnerIn, validate_partner
from microfactory_desk.schemas.vocab import label
from microfactory_desk.ui import theme
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.dialogs.conflict_dialog import resolve_stale_save
from microfactory_desk.ui.dialogs.edit_guard import EditorDialog
from microfactory_desk.ui.dialogs.form_errors import report_save_failure, split_errors
from microfactory_desk.ui.drafts import read_draft
from microfactory_desk.ui.screen_fit import scrolling
from microfactory_desk.ui.table_models.dict_rows_model import DictRowsModel
from microfactory_desk.ui.table_models.editable_rows_model import EditableRowsModel
from microfactory_desk.ui.tasks import run_task
from microfactory_desk.ui.widgets.date_delegate import DateDelegate
from microfactory_desk.ui.widgets.history_tab import HistoryTab
from microfactory_desk.ui.widgets.partner_form import PartnerForm
from microfactory_desk.ui.widgets.partner_lists import (
    CERT_COLUMNS,
    CONTACT_COLUMNS,
    DATE_KEYS,
    certification_status,
    decorate_certification,
    error_label,
    list_tab,
    rows_table,
)
from microfactory_desk.ui.widgets.partner_work_button import PartnerWorkButton

if TYPE_CHECKING:
    from microfactory_desk.services.quality.actions import ActionService
    from microfactory_desk.services.quality.inspections import InspectionService
    from microfactory_desk.services.roster.partners import RosterService
    from microfactory_desk.services.sla.files import SlaFiles
    from microfactory_desk.services.sla.negotiations import NegotiationService
    from microfactory_desk.services.sla.versions import SlaService
    from microfactory_desk.ui.widgets.negotiation_panel import NegotiationPanel
    from microfactory_desk.ui.widgets.sla_panel import SlaPanel

# The negotiation form's free-text fields: long enough to be worth an autosaved draft.
DRAFTED_ENTRY_FIELDS = ("our_ask", "their_offer", "agreed", "notes", "next_step")
HISTORY_COLUMNS = [("changed_at", "When"), ("move", "Stage change"), ("reason", "Why")]


def _draft_text(editor: QPlainTextEdit | QLineEdit) -> str:
    return editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()


def local_time(utc: dt.datetime) -> str:
    """A stored UTC time as the user's local time."""
    return utc.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M")


class PartnerDialog(EditorDialog):
    """Edits one partner; saving runs off the GUI thread and reports errors inline."""

    partner_saved = Signal(int)
    partner_deleted = Signal(int)
    work_requested = Signal(str, int, str)  # what ("inspection", "order", "pilot", "scorecard"), partner id, code

    def __init__(
        self,
        roster: RosterService,
        *,
        detail: PartnerDetail | None,
        suppliers: list[tuple[str, str]],
        sla: SlaService | None = None,
        negotiations: NegotiationService | None = None,
        inspections: InspectionService | None = None,
        actions: ActionService | None = None,
        sla_files: SlaFiles | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._sla_files = sla_files
        self._roster = roster
        self._detail = detail
        self._create_key = str(
            uuid.uuid4()
        )  # chosen before the first attempt: a retried create after a lost reply finds it
        self._pending: PartnerIn | None = None  # the values of the save under way (shown again on a conflict)
        self._suppliers = suppliers
        self._sla, self._negotiations = sla, negotiations
        self._inspections, self._actions = inspections, actions
        self.sla_panel: SlaPanel | None = None
        self.negotiation_panel: NegotiationPanel | None = None
        self.setWindowTitle(f"Partner {detail.code} — {detail.name}" if detail else "New partner")
        self.resize(900, 640)
        self.form = PartnerForm()
        self.form.set_fallback_choices(suppliers, detail.code if detail else "")
        self.contacts = EditableRowsModel(CONTACT_COLUMNS)
        self.certifications = EditableRowsModel(
            CERT_COLUMNS, computed={"status": certification_status}, decorate=decorate_certification
        )
        self.history = DictRowsModel(HISTORY_COLUMNS)
        self._bad_tabs: set[int] = set()
        self._build()
        self._load(detail)
        self._keep_drafts()
        # The keyboard starts in the first field a person types, not on the tab bar.
        self.form.editors["code" if detail is None else "name"].setFocus()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(scrolling(self.form), "Details")  # scrolls on a 720-pixel screen
        self.contacts_view = rows_table(self.contacts)
        self.certs_view = rows_table(self.certifications)
        self._date_delegate = DateDelegate(self.certs_view)
        for key in DATE_KEYS:
            self.certs_view.setItemDelegateForColumn(self.certifications.column_of(key), self._date_delegate)
        # Tab titles count the rows as they are typed or removed, not only after Save.
        for model in (self.contacts, self.certifications):
            for signal in (model.rowsInserted, model.rowsRemoved, model.dataChanged, model.modelReset):
                signal.connect(lambda *_: self._update_tab_titles(self._bad_tabs))
        self.contacts_error = error_label()
        self.certs_error = error_label()
        self.tabs.addTab(list_tab(self.contacts_view, self.contacts, self.contacts_error, "contact"), "Contacts")
        self.tabs.addTab(list_tab(self.certs_view, self.certifications, self.certs_error, "certification"), "")
        history_view = rows_table(self.history)
        for column, width in ((0, 150), (1, 220)):
            history_view.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            history_view.setColumnWidth(column, width)
        self.tabs.addTab(history_view, "Stage history")
        self._add_partner_tabs()
        self.changes: HistoryTab | None = None
        if self._detail is not None:
            self.changes = HistoryTab(file_stem=self._detail.code)
            self.tabs.addTab(self.changes, "History")
        layout.addWidget(self.tabs, 1)

        buttons = QHBoxLayout()
        self.delete_button = QPushButton("Delete partner…")
        self.delete_button.clicked.connect(self._delete)
        self.delete_button.setVisible(self._detail is not None)
        self.status = QLabel()
        theme.muted(self.status)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.reject)
        self.save_button = QPushButton("Save")
        theme.primary(self.save_button)
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Save (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        # Tab switching from anywhere in the dialog: a table in a tab takes Ctrl+Tab for itself otherwise.
        for keys, step in (("Ctrl+Tab", 1), ("Ctrl+PgDown", 1), ("Ctrl+Shift+Tab", -1), ("Ctrl+PgUp", -1)):
            QShortcut(QKeySequence(keys), self, lambda step=step: self._next_tab(step))
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self._work_button())
        buttons.addStretch(1)
        buttons.addWidget(self.status)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

    def _work_button(self) -> PartnerWorkButton:
        self.work_button = PartnerWorkButton()
        self.work_button.chosen.connect(self._work)
        self.work_button.setVisible(self._detail is not None)
        return self.work_button

    def _work(self, kind: str) -> None:
        if self._detail is not None:
            self.work_requested.emit(kind, self._detail.id, self._detail.code)

    def _add_partner_tabs(self) -> None:
        """SLA and negotiation tabs for a stored partner; they save on their own, action by action."""
        if self._detail is None or self._sla is None or self._negotiations is None:
            return
        from microfactory_desk.ui.widgets.negotiation_panel import NegotiationPanel
        from microfactory_desk.ui.widgets.sla_panel import SlaPanel

        self.sla_panel = SlaPanel(
            self._sla,
            partner_id=self._detail.id,
            suppliers=self._suppliers,
            files=self._sla_files,
            partner_code=self._detail.code,
        )
        self.negotiation_panel = NegotiationPanel(self._negotiations, partner_id=self._detail.id)
        self.sla_panel.versions_loaded.connect(self.negotiation_panel.set_versions)
        self.tabs.addTab(self.sla_panel, "SLA")
        self.tabs.addTab(self.negotiation_panel, "Negotiations")
        self.sla_panel.refresh()
        self.negotiation_panel.refresh()
        if self._inspections is not None and self._actions is not None:
            from microfactory_desk.ui.widgets.partner_quality_panel import PartnerQualityPanel

            self.quality_panel = PartnerQualityPanel(
                inspections=self._inspections, actions=self._actions, partner_id=self._detail.id
            )
            self.tabs.addTab(self.quality_panel, "Quality")
            self.quality_panel.refresh()

    def _keep_drafts(self) -> None:
        """Autosave the long text fields; a draft a crash left behind is put back and named in the status line."""
        # The uuid, not the id: ids repeat across databases, and a draft must never land in another database's partner.
        record = self._detail.uuid if self._detail else "new"
        notes = self.form.editors["risk_notes"]
        assert isinstance(notes, QPlainTextEdit)
        keepers = [self.keep_draft(notes, f"partner/{record}/risk_notes")]
        if self.negotiation_panel is not None:
            for field in DRAFTED_ENTRY_FIELDS:
                editor = self.negotiation_panel.form.editors[field]
                assert isinstance(editor, QPlainTextEdit | QLineEdit)
                keepers.append(self.keep_draft(editor, f"negotiation/{record}/{field}", saved_by_dialog=False))
            self.negotiation_panel.draft_keepers = keepers[1:]
        for keeper in keepers:
            if read_draft(keeper.key) is not None and keeper.stored != _draft_text(keeper.editor):
                self.status.setText("Restored text you had not saved; Save keeps it, Cancel discards it.")

    def _next_tab(self, step: int) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def show_tab(self, title: str) -> None:
        """Bring a tab to the front by the start of its title ("Negotiations", "SLA")."""
        for i in range(self.tabs.count()):
            if self.tabs.tabText(i).lstrip("⚠ ").startswith(title):
                self.tabs.setCurrentIndex(i)
                return

    def _load(self, detail: PartnerDetail | None) -> None:
        if detail is None:
            self.form.set_values({"kind": "microfactory", "stage": "prospect", "risk_level": "low"})
            self.form.original_stage = ""
        else:
            values = detail.model_dump(mode="json")
            self.form.set_values(values)
            self.contacts.set_rows(values["contacts"])
            self.certifications.set_rows(values["certifications"])
            self.history.set_rows(
                [
                    {
                        "changed_at": local_time(h.changed_at),
                        "move": f"{label(h.from_stage)} → {label(h.to_stage)}" if h.from_stage else label(h.to_stage),
                        "reason": h.reason,
                    }
                    for h in detail.history
                ]
            )
            if self.changes is not None:
                self.changes.set_changes(detail.changes)
        self._update_tab_titles()

    def _update_tab_titles(self, bad: set[int] | None = None) -> None:
        bad = self._bad_tabs = bad or set()
        titles = [
            "Details",
            f"Contacts ({len(self.contacts.rows())})",
            f"Certifications ({len(self.certifications.rows())})",
            f"Stage history ({self.history.rowCount()})",
        ]
        # The tabs after these (SLA, Negotiations, Quality, History) keep their own titles.
        titles += [self.tabs.tabText(i).removeprefix("⚠ ") for i in range(len(titles), self.tabs.count())]
        for i, title in enumerate(titles):
            self.tabs.setTabText(i, f"⚠ {title}" if i in bad else title)

    # --- saving --------------------------------------------------------------------------
    def raw_values(self) -> dict[str, Any]:
        """Everything the dialog holds, as raw values for validation."""
        values = self.form.values()
        values["contacts"] = self.contacts.rows()
        values["certifications"] = [{k: v for k, v in r.items() if k != "status"} for r in self.certifications.rows()]
        return values

    def save(self) -> None:
        """Validate, then store off the GUI thread; errors come back inline."""
        if not self.save_button.isEnabled():
            return
        self.commit_typing()
        values = self.raw_values()
        reason = str(values.pop("stage_reason") or "").strip()
        try:
            data = validate_partner(values)
        except ValidationFailed as exc:
            self._show_errors(exc)
            return
        self._set_busy(True)
        roster, detail = self._roster, self._detail
        if detail is None:
            key = self._create_key
            run_task(lambda: roster.create_partner(data=data, key=key), self._saved, self._failed)
        else:
            partner_id, version = detail.id, detail.row_version
            self._pending = data
            run_task(
                lambda: roster.update_partner(
                    partner_id=partner_id, data=data, stage_reason=reason, expected_version=version
                ),
                self._saved,
                self._failed,
            )

    def _saved(self, detail: PartnerDetail) -> None:
        self._set_busy(False)
        self._detail = detail
        self.partner_saved.emit(detail.id)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, StaleEdit) and self._detail is not None and self._pending is not None:
            roster, partner_id = self._roster, self._detail.id
            resolve_stale_save(
                self, exc, self._pending, lambda: roster.get_partner(partner_id), self._reload, self._overwrite
            )
            return
        report_save_failure(self, exc, "Cannot save", self._show_errors)

    def _reload(self, saved: PartnerDetail) -> None:
        self._detail = saved
        self._load(saved)
        self.status.setText(
            f"Showing the version saved by {saved.updated_by or 'someone else'}; your edits were dropped."
        )

    def _overwrite(self, saved: PartnerDetail) -> None:
        self._detail = saved  # its counter: the next save replaces exactly the version just shown
        self.save()

    def _set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.status.setText("Saving…" if busy else "")

    def _show_errors(self, exc: ValidationFailed) -> None:
        form_errors, listed = split_errors(exc.errors, {"contacts": "Contact", "certifications": "Certification"})
        elsewhere = self.form.show_errors(form_errors)
        for label_widget, messages_ in (
            (self.contacts_error, listed["contacts"]),
            (self.certs_error, listed["certifications"]),
        ):
            label_widget.setText("\n".join(messages_))
            label_widget.setVisible(bool(messages_))
        bad = {0} if form_errors else set()
        bad |= {1} if listed["contacts"] else set()
        bad |= {2} if listed["certifications"] else set()
        self._update_tab_titles(bad)
        if bad:
            self.tabs.setCurrentIndex(min(bad))
        self.status.setText("\n".join(elsewhere) or "Please correct the marked fields.")

    def _delete(self) -> None:
        if self._detail is None:
            return
        detail = self._detail
        if not messages.confirm(
            self,
            "Delete partner",
            f"Delete {detail.name} ({detail.code}) with its contacts, certifications and history?\n"
            "This cannot be undone. To stop working with a partner, set its stage to Offboarded instead.",
        ):
            return
        roster = self._roster

        def deleted(_: object) -> None:
            self.partner_deleted.emit(detail.id)
            self.accept()

        run_task(lambda: roster.delete_partner(partner_id=detail.id), deleted, self._failed)
