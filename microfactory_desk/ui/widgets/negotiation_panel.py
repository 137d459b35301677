"""A partner's negotiation log: a keyboard-only quick-add form over a newest-first timeline."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microfactory_desk import clock
from microfactory_desk.errors import ValidationFailed
from microfactory_desk.schemas.negotiation import NegotiationEntryIn, NegotiationEntryOut, validate_entry
from microfactory_desk.schemas.vocab import NegotiationChannel, label
from microfactory_desk.ui import theme
from microfactory_desk.ui.dialogs import edit_guard, messages
from microfactory_desk.ui.dialogs.form_errors import OnStale, reloaded_text, report_save_failure, save_form
from microfactory_desk.ui.drafts import DraftKeeper
from microfactory_desk.ui.screen_fit import scrolling
from microfactory_desk.ui.table_models.dict_rows_model import DictRowsModel, Row
from microfactory_desk.ui.table_models.follow_ups_model import due_text
from microfactory_desk.ui.tasks import run_task
from microfactory_desk.ui.widgets.field_form import FieldForm, FieldSpec

if TYPE_CHECKING:
    from microfactory_desk.schemas.sla import SlaVersionOut
    from microfactory_desk.services.sla.negotiations import NegotiationService

FORM = [
    [
        FieldSpec("occurred_on", "Date *", "date"),
        FieldSpec("channel", "Channel", "combo", items=tuple((label(c.value), c.value) for c in NegotiationChannel)),
        FieldSpec("participants", "Participants"),
        FieldSpec("sla_version_id", "About SLA version", "combo", items=(("(none)", ""),)),
        FieldSpec("next_step", "Next step", hint="What happens next"),
        FieldSpec("follow_up_on", "Follow up on", "date", hint="optional"),
        FieldSpec("follow_up_owner", "Follow-up owner"),
    ],
    [
        FieldSpec("our_ask", "We asked", "block", height=70),
        FieldSpec("their_offer", "They offered", "block", height=70),
    ],
    [FieldSpec("agreed", "Agreed", "block", height=70), FieldSpec("notes", "Notes", "block", height=70)],
]
COLUMNS = [("occurred_on", "Date"), ("channel", "Channel"), ("summary", "What happened"), ("follow_up", "Follow-up")]


def entry_row(entry: NegotiationEntryOut, today: dt.date) -> Row:
    """One entry as the timeline shows it."""
    parts = [("Asked", entry.our_ask), ("Offered", entry.their_offer), ("Agreed", entry.agreed), ("Note", entry.notes)]
    summary = " · ".join(f"{name}: {' '.join(text.split())}" for name, text in parts if text)
    follow_up = ""
    if entry.follow_up_on is not None:
        follow_up = "Done" if not entry.follow_up_open else due_text((today - entry.follow_up_on).days)
    return {
        "id": entry.id,
        "open_overdue": entry.follow_up_open and entry.follow_up_on is not None and entry.follow_up_on <= today,
        "occurred_on": entry.occurred_on.isoformat(),
        "channel": label(entry.channel),
        "summary": summary,
        "follow_up": follow_up,
    }


def _decorate(role: int, row: Row, key: str) -> Any:
    if key == "follow_up" and role == Qt.ItemDataRole.ForegroundRole and row.get("open_overdue"):
        return theme.colour(theme.ERROR)
    return None


def entry_details(entry: NegotiationEntryOut) -> str:
    """The whole entry as plain text for the details pane."""
    lines = [
        f"{entry.occurred_on} · {label(entry.channel)}" + (f" · {entry.participants}" if entry.participants else "")
    ]
    if entry.sla_version_number:
        lines.append(f"About SLA version {entry.sla_version_number}")
    for name, text in (("We asked", entry.our_ask), ("They offered", entry.their_offer), ("Agreed", entry.agreed)):
        if text:
            lines.append(f"{name}: {text}")
    if entry.notes:
        lines.append(f"Notes: {entry.notes}")
    if entry.next_step:
        due = f" (by {entry.follow_up_on}{', ' + entry.follow_up_owner if entry.follow_up_owner else ''})"
        lines.append(f"Next step: {entry.next_step}{due if entry.follow_up_on else ''}")
    return "\n".join(lines)


class NegotiationPanel(QWidget):
    """Adds, lists and ticks off negotiation entries of one partner; each action is saved at once."""

    def __init__(
        self,
        negotiations: NegotiationService,
        *,
        partner_id: int,
        on_changed: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._negotiations, self._partner_id, self._on_changed = negotiations, partner_id, on_changed
        self.entries: list[NegotiationEntryOut] = []
        self.editing: NegotiationEntryOut | None = None  # the entry loaded into the form for editing
        self.draft_keepers: list[DraftKeeper] = []  # autosaved drafts of the form's text fields (the dialog sets them)
        self.form = FieldForm(FORM)
        self.model = DictRowsModel(COLUMNS, decorate=_decorate)
        self._build()
        self.clear_form()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(scrolling(self.form), 1)  # the form scrolls, so the log below can have the space
        row = QHBoxLayout()
        self.form_status = QLabel("Tab moves between fields; Ctrl+Enter adds the entry.")
        theme.muted(self.form_status)
        self.add_button = QPushButton("Add entry")
        theme.primary(self.add_button)
        self.add_button.clicked.connect(self.add_entry)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.add_entry)
        self.cancel_edit_button = QPushButton("Cancel edit")
        self.cancel_edit_button.clicked.connect(self.cancel_edit)
        self.cancel_edit_button.hide()
        row.addWidget(self.form_status, 1)
        row.addWidget(self.cancel_edit_button)
        row.addWidget(self.add_button)
        top_layout.addLayout(row)
        splitter.addWidget(top)

        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        self.view = QTableView()
        self.view.setTabKeyNavigation(False)  # Tab goes on to the buttons instead of cell by cell
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.view.horizontalHeader()
        for column, width in ((0, 95), (1, 75), (3, 130)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.view.setColumnWidth(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_details())
        bottom_layout.addWidget(self.view, 1)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bottom_layout.addWidget(self.details)
        actions = QHBoxLayout()
        self.done_button = QPushButton("Mark follow-up done")
        self.done_button.clicked.connect(self.mark_selected_done)
        self.delete_button = QPushButton("Delete entry…")
        self.delete_button.clicked.connect(self.delete_selected)
        self.edit_button = QPushButton("Edit entry")
        self.edit_button.clicked.connect(self.edit_selected)
        self.view.doubleClicked.connect(lambda _index: self.edit_selected())
        actions.addStretch(1)
        actions.addWidget(self.delete_button)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.done_button)
        bottom_layout.addLayout(actions)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 400])  # the log gets the larger part: it is what is read most (review defect 34)
        layout.addWidget(splitter)
        self._show_details()

    # --- data ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the timeline off the GUI thread."""
        negotiations, partner_id = self._negotiations, self._partner_id
        run_task(lambda: negotiations.list_for_partner(partner_id), self._show, self._failed)

    def _show(self, entries: list[NegotiationEntryOut]) -> None:
        self.entries = entries
        today = clock.today()
        self.model.set_rows([entry_row(e, today) for e in entries])
        self._show_details()

    def _selected(self) -> NegotiationEntryOut | None:
        row = self.view.currentIndex().row()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def _show_details(self) -> None:
        entry = self._selected()
        self.details.setText(entry_details(entry) if entry else "Select an entry to read it in full.")
        self.done_button.setEnabled(entry is not None and entry.follow_up_open)
        self.delete_button.setEnabled(entry is not None)
        self.edit_button.setEnabled(entry is not None)

    def set_versions(self, versions: list[SlaVersionOut]) -> None:
        """Offer the partner's SLA versions for tying an entry to one."""
        combo = self.form.editors["sla_version_id"]
        assert isinstance(combo, QComboBox)
        current = combo.currentData()
        combo.clear()
        combo.addItem("(none)", "")
        for version in versions:
            combo.addItem(f"v{version.number} · {label(version.status)}", str(version.id))
        combo.setCurrentIndex(max(combo.findData(current), 0))

    def clear_form(self) -> None:
        """An empty form dated today, ready for the next entry."""
        self._create_key = str(
            uuid.uuid4()
        )  # chosen before the first attempt: a retried create after a lost reply finds it
        self.form.set_values({"occurred_on": clock.today().isoformat(), "channel": NegotiationChannel.CALL.value})
        self.form.show_errors({})

    # --- actions -------------------------------------------------------------------------
    def add_entry(self) -> None:
        """Validate the quick-add form and store it as a new entry."""
        values = self.form.values()
        for key in ("follow_up_on", "sla_version_id"):
            values[key] = values[key] or None
        negotiations, partner_id, editing = self._negotiations, self._partner_id, self.editing
        key = self._create_key

        def store(data: NegotiationEntryIn) -> NegotiationEntryOut:
            if editing is None:
                return negotiations.add_entry(partner_id, data, key=key)
            # The counter of the entry as loaded for editing: one someone saved since is refused.
            return negotiations.update_entry(editing.id, data, expected_version=editing.row_version)

        save_form(
            self,
            parse=lambda: validate_entry(values),
            store=store,
            saved=self._added,
            button=self.add_button,
            title="Negotiation log",
            show_errors=self._show_errors,
            on_stale=OnStale(lambda: negotiations.get_entry(editing.id), self._reload, self._overwrite)
            if editing
            else None,
        )

    def _reload(self, saved: NegotiationEntryOut) -> None:
        """Show the entry as someone else saved it, still open for editing; the typed edits are dropped."""
        self.editing = saved
        self.form.set_values(saved.model_dump(mode="json"))
        self._form_matches_store()
        edit_guard.mark_clean(self)
        self.form_status.setText(reloaded_text(saved.updated_by))
        self._changed()

    def _overwrite(self, saved: NegotiationEntryOut) -> None:
        self.editing = saved  # its counter: the next save replaces exactly the version just shown
        self.add_entry()

    def edit_selected(self) -> None:
        """Load the selected entry into the form; the add button then saves the changes to it."""
        entry = self._selected()
        if entry is None:
            return
        self.editing = entry
        self.form.set_values(entry.model_dump(mode="json"))
        self.form.show_errors({})
        self._form_matches_store()
        self.add_button.setText("Save changes")
        self.cancel_edit_button.show()
        self.form_status.setText(f"Editing the entry of {entry.occurred_on}; Ctrl+Enter saves.")
        self.form.editors["our_ask"].setFocus()

    def cancel_edit(self) -> None:
        """Leave the entry as stored and go back to adding new entries."""
        self._end_edit()
        self.clear_form()
        self._form_matches_store()
        self.form_status.setText("Edit cancelled.")
        edit_guard.mark_clean(self)

    def _form_matches_store(self) -> None:
        """What the form shows now is stored (loaded for editing, or cleared): no draft is needed."""
        for keeper in self.draft_keepers:
            keeper.saved()

    def _end_edit(self) -> None:
        self.editing = None
        self.add_button.setText("Add entry")
        self.cancel_edit_button.hide()

    def _added(self, _entry: NegotiationEntryOut) -> None:
        self.add_button.setEnabled(True)
        self.form_status.setText("Entry saved." if self.editing is not None else "Entry added.")
        self._end_edit()
        self.clear_form()
        self._form_matches_store()
        edit_guard.mark_clean(self)  # the typed entry is stored: closing the partner now loses nothing
        self.form.editors["our_ask"].setFocus()
        self._changed()

    def mark_selected_done(self) -> None:
        """Tick off the selected entry's follow-up."""
        entry = self._selected()
        if entry is not None and entry.follow_up_open:
            negotiations = self._negotiations
            run_task(lambda: negotiations.mark_follow_up_done(entry.id), self._changed, self._failed)

    def delete_selected(self) -> None:
        """Remove the selected entry after confirmation."""
        entry = self._selected()
        if entry is None or not messages.confirm(self, "Delete entry", f"Delete the entry of {entry.occurred_on}?"):
            return
        negotiations = self._negotiations
        run_task(lambda: negotiations.delete_entry(entry.id), self._changed, self._failed)

    def _changed(self, _result: object = None) -> None:
        self.refresh()
        if self._on_changed is not None:
            self._on_changed()

    def _failed(self, exc: BaseException) -> None:
        self.add_button.setEnabled(True)
        report_save_failure(self, exc, "Negotiation log", self._show_errors)

    def _show_errors(self, exc: ValidationFailed) -> None:
        elsewhere = self.form.show_errors({e.field.split(".")[0]: e.message for e in exc.errors})
        self.form_status.setText("\n".join(elsewhere) or "Please correct the marked fields.")
