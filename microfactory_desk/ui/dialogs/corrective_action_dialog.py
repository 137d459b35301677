"""Raise or follow up a corrective action: what, who, by when, how severe, and the evidence that closes it."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from microfactory_desk import clock
from microfactory_desk.errors import ValidationFailed
from microfactory_desk.schemas.quality import ActionIn, ActionOut, validate_action
from microfactory_desk.schemas.quality_vocab import ACTION_STATUS_LABELS, Severity
from microfactory_desk.ui import theme
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.dialogs.edit_guard import EditorDialog
from microfactory_desk.ui.dialogs.form_errors import OnStale, reloaded_text, save_form, show_form_errors
from microfactory_desk.ui.error_hook import show_failure
from microfactory_desk.ui.screen_fit import set_wrapping_text
from microfactory_desk.ui.tasks import run_task
from microfactory_desk.ui.widgets.field_form import FieldForm, FieldSpec
from microfactory_desk.wording import counted

if TYPE_CHECKING:
    from microfactory_desk.services.quality.actions import ActionService
    from microfactory_desk.services.quality.photos import PhotoService

PHOTO_FILTER = "Photos (*.jpg *.jpeg *.png *.webp *.heic *.heif *.JPG *.JPEG *.PNG *.WEBP *.HEIC *.HEIF);;All files (*)"
FIELDS = [
    [
        FieldSpec("description", "What must be put right", "block", height=96),
        FieldSpec("owner", "Owner at the partner"),
        FieldSpec("severity", "Severity", "combo", items=tuple((s.value.capitalize(), s.value) for s in Severity)),
    ],
    [
        FieldSpec("raised_on", "Raised on", "date"),
        FieldSpec("due_on", "Due on", "date"),
        FieldSpec(
            "status", "Status", "combo", items=tuple((label, s.value) for s, label in ACTION_STATUS_LABELS.items())
        ),
        FieldSpec("closed_on", "Closure verified on", "date", hint="when closed"),
        FieldSpec("closure_note", "Closure evidence", "block", hint="How was the fix verified?", height=64),
    ],
]


def _text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


class CorrectiveActionDialog(EditorDialog):
    """Edits one action; saving raises it (new) or updates it, in one transaction."""

    action_saved = Signal(int)

    def __init__(
        self,
        *,
        actions: ActionService,
        photos: PhotoService,
        draft: ActionIn | None = None,
        action: ActionOut | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._actions, self._photos = actions, photos
        self._action = action
        self._create_key = str(
            uuid.uuid4()
        )  # chosen before the first attempt: a retried create after a lost reply finds it
        self._base = action.data if action is not None else draft
        assert self._base is not None, "give a draft or an action"
        title = f"Corrective action {action.number}" if action else "Raise corrective action"
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        where = QLabel()
        set_wrapping_text(where, self._where())
        theme.muted(where)
        layout.addWidget(where)
        self.form = FieldForm(FIELDS)
        self.form.set_values({k: _text(v) for k, v in self._base.model_dump().items()})
        layout.addWidget(self.form)
        evidence = QHBoxLayout()
        self.photos_label = QLabel(self._photos_text())
        theme.muted(self.photos_label)
        self.photo_button = QPushButton("Attach evidence photo…")
        self.photo_button.setEnabled(action is not None)
        self.photo_button.setToolTip("Save the action first" if action is None else "")
        self.photo_button.clicked.connect(self.attach_photo)
        evidence.addWidget(self.photos_label, 1)
        evidence.addWidget(self.photo_button)
        layout.addLayout(evidence)
        self.error = QLabel()
        theme.error(self.error)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 460)

    def _where(self) -> str:
        if self._action is not None:
            a = self._action
            origin = f" · from {a.inspection_number}: {a.item_prompt}" if a.inspection_number else ""
            return f"{a.partner_name} ({a.partner_code}){origin}"
        return "Raised from a failed inspection item." if self._base and self._base.item_id else "Raised by hand."

    def _photos_text(self) -> str:
        count = len(self._action.photos) if self._action else 0
        return f"{counted(count, 'evidence photo')} attached" if count else "No evidence photo yet"

    def raw_values(self) -> dict[str, Any]:
        """The form's values with the links the form does not show."""
        assert self._base is not None
        links = {k: getattr(self._base, k) for k in ("partner_id", "inspection_id", "item_id")}
        values = {k: (v if v != "" else None) for k, v in self.form.values().items()}
        values["closure_note"] = values["closure_note"] or ""
        return {**values, **links}

    def save(self) -> None:
        """Validate, then raise or update the action off the GUI thread."""
        values = self.raw_values()
        if values["status"] == "closed" and not values["closed_on"]:
            values["closed_on"] = clock.today()  # closing today unless another day is typed
        actions, action, key = self._actions, self._action, self._create_key

        def store(data: ActionIn) -> ActionOut:
            if action is None:
                return actions.raise_action(data, key=key)
            # The counter this editor loaded: an action someone saved since is refused, never overwritten.
            return actions.update_action(action.id, data, expected_version=action.row_version)

        save_form(
            self,
            parse=lambda: validate_action(values),
            store=store,
            saved=self._saved,
            button=self.save_button,
            title="Action not saved",
            show_errors=self._show_errors,
            on_stale=OnStale(lambda: actions.get_action(action.id), self._reload, self._overwrite) if action else None,
        )

    def _show_errors(self, exc: ValidationFailed) -> None:
        show_form_errors(self.form, self.error, exc)

    def _saved(self, action: ActionOut) -> None:
        self.action_saved.emit(action.id)
        self.accept()

    def _reload(self, saved: ActionOut) -> None:
        """Show the action as someone else saved it; the typed edits are dropped."""
        self._action, self._base = saved, saved.data
        self.form.set_values({k: _text(v) for k, v in saved.data.model_dump().items()})
        self.photos_label.setText(self._photos_text())
        self.edit_guard.mark_clean()
        self.error.setText(reloaded_text(saved.updated_by))
        self.error.show()

    def _overwrite(self, saved: ActionOut) -> None:
        self._action = saved  # its counter: the next save replaces exactly the version just shown
        self.save()

    def attach_photo(self) -> None:
        """Attach a closure-evidence photo to the saved action."""
        if self._action is None:
            return
        path = messages.open_path(self, "Evidence photo", str(Path.home()), PHOTO_FILTER)
        if not path:
            return
        photos, actions, action_id = self._photos, self._actions, self._action.id

        def attach() -> ActionOut:
            photos.attach_to_action(action_id, Path(path))
            return actions.get_action(action_id)

        run_task(attach, self._photo_added, lambda exc: show_failure(exc, self, title="Photo not attached"))

    def _photo_added(self, action: ActionOut) -> None:
        self._action = action
        self.photos_label.setText(self._photos_text())
        self.action_saved.emit(action.id)
