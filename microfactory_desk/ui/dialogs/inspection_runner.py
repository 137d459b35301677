"""The inspection runner: one item at a time in large type, answered by keyboard or touch, saved as it is given."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from microfactory_desk import clock
from microfactory_desk.schemas.fields import field_errors
from microfactory_desk.schemas.quality import AnswerIn, AnswerOut, InspectionOut, ScoreResult
from microfactory_desk.schemas.quality_template import TemplateItemOut
from microfactory_desk.services.quality.scoring import verdict
from microfactory_desk.ui import theme
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.dialogs.runner_answers import AnswerQueue
from microfactory_desk.ui.dialogs.runner_files import RunnerFiles
from microfactory_desk.ui.dialogs.runner_summary import finish_summary, header_text
from microfactory_desk.ui.error_hook import show_failure
from microfactory_desk.ui.screen_fit import fit_to_screen, scrolling, set_wrapping_text
from microfactory_desk.ui.tasks import run_task
from microfactory_desk.ui.widgets.checklist_nav import ChecklistNav
from microfactory_desk.ui.widgets.inspection_item_card import InspectionItemCard, runner_button

if TYPE_CHECKING:
    from microfactory_desk.services.quality.actions import ActionService
    from microfactory_desk.services.quality.inspections import InspectionService
    from microfactory_desk.services.quality.photos import PhotoService
    from microfactory_desk.services.quality.report import InspectionReports

# The size the runner likes, shrunk to the screen: a 1366x768 or 1280x720 laptop must show Finish and Close.
PREFERRED_SIZE = (1180, 780)
# A note being typed is stored after this pause, so a crash loses at most the last second of it.
NOTE_SAVE_DELAY_MS = 1000


class InspectionRunnerDialog(QDialog):
    """Fills in one inspection; every answer goes to the database at once, one save after another."""

    inspection_changed = Signal(int)

    def __init__(
        self,
        inspection: InspectionOut,
        *,
        inspections: InspectionService,
        photos: PhotoService,
        actions: ActionService,
        reports: InspectionReports,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._inspections = inspections
        self.photos_service, self.reports_service, self.actions_service = photos, reports, actions
        self.files = RunnerFiles(self)
        self._ins = inspection
        self._items: list[TemplateItemOut] = inspection.template.items()
        self._sections = {i.id: s.title for s in inspection.template.sections for i in s.items}
        self._at = 0
        self._answers = AnswerQueue(
            self, inspections, inspection, saving=lambda: self.saved_label.setText("Saving…"), saved=self._saved,
            reloaded=self._reloaded,
        )  # fmt: skip
        self._answered_count = 0
        self.setWindowTitle(f"Inspection {inspection.number} — {inspection.partner_name}")
        self._build()
        fit_to_screen(self, *PREFERRED_SIZE, parent)
        self._show_all()
        # Resume at the first item without an answer (a note alone does not answer a scored item).
        answered = {i.id for i in self._items if self._verdict(i) is not None or i.kind.value == "text"}
        self.go_to(
            next((n for n, i in enumerate(self._items) if i.id not in answered or i.id not in self._ins.answers), 0)
        )

    @property
    def inspection(self) -> InspectionOut:
        """The inspection as shown (answers given here included)."""
        return self._ins

    @property
    def current_item(self) -> TemplateItemOut:
        """The checklist item on screen."""
        return self._items[self._at]

    # --- building ------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        header = QHBoxLayout()
        titles = QVBoxLayout()
        self.title = QLabel()
        theme.title(self.title, 16)
        self.subtitle = QLabel()
        theme.muted(self.subtitle, 10)
        for label in (self.title, self.subtitle):
            label.setWordWrap(True)  # a long partner name wraps instead of widening the window
            titles.addWidget(label)
        header.addLayout(titles, 1)
        self.score_label = QLabel()
        self.score_label.setStyleSheet("font-size: 15pt; font-weight: 700;")
        header.addWidget(self.score_label, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(header)
        self.locked_banner = QLabel()
        self.locked_banner.setStyleSheet(f"background: {theme.WARNING_BG}; padding: 8px; border-radius: 4px;")
        layout.addWidget(self.locked_banner)

        body = QHBoxLayout()
        body.setSpacing(16)
        self.item_list = ChecklistNav()
        self.item_list.item_chosen.connect(self.go_to)
        body.addWidget(self.item_list)
        body.addWidget(scrolling(self._item_card()), 1)  # scrolls on a small screen: Finish stays in reach
        layout.addLayout(body, 1)

        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setStyleSheet(f"background: {theme.NOTE_BG}; padding: 8px; border-radius: 4px;")
        # Scrolls rather than grows: a long explanation must not push Finish and Close off a 720-pixel screen.
        layout.addWidget(scrolling(self.explanation, max_height=84))
        footer = QHBoxLayout()
        self.saved_label = QLabel()
        theme.muted(self.saved_label)
        footer.addWidget(self.saved_label, 1)
        self.discard_button = self._button("Discard…", self.discard)
        self.report_button = self._button("Report PDF…", self.files.save_report)
        self.reopen_button = self._button("Reopen…", self.reopen)
        self.finish_button = self._button("Finish inspection", self.finish)
        theme.primary(self.finish_button)
        close = self._button("Close", self.accept)
        for button in (self.discard_button, self.report_button, self.reopen_button, self.finish_button, close):
            footer.addWidget(button)
        layout.addLayout(footer)

    def _button(self, text: str, handler: Any) -> QPushButton:
        button = runner_button(text)
        button.clicked.connect(handler)
        return button

    def _item_card(self) -> QWidget:
        self.card = InspectionItemCard()
        # The card's parts under the names the runner (and its tests) always used.
        self.position_label, self.progress = self.card.position_label, self.card.progress
        self.critical_label, self.prompt, self.guidance = self.card.critical_label, self.card.prompt, self.card.guidance
        self.panel, self.verdict_label = self.card.panel, self.card.verdict_label
        self.action_button = self.card.action_button
        self.previous_button, self.next_button = self.card.previous_button, self.card.next_button
        self.panel.answered.connect(self._answered)
        self.files.connect_photos(self.panel)
        self.panel.note.editingFinished.connect(self._note_changed)
        self.panel.note.installEventFilter(self)
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_SAVE_DELAY_MS)
        self._note_timer.timeout.connect(self._note_changed)
        self.panel.note.textEdited.connect(self._note_timer.start)
        self.action_button.clicked.connect(self.files.raise_action)
        self.previous_button.clicked.connect(lambda: self.go_to(self._at - 1))
        self.next_button.clicked.connect(lambda: self.go_to(self._at + 1))
        return self.card

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Esc or Enter in the note box leaves the box (the note is kept), so P/F/N answer at once."""
        if watched is self.panel.note and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                self._note_changed()
                self.setFocus(Qt.FocusReason.ShortcutFocusReason)
                self.saved_label.setText("Note kept · P, F or N answers the item")
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Field shortcuts; keys typed into a value or note box stay there (the box takes them first)."""
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        letters: dict[Any, str] = {Qt.Key.Key_P: "pass", Qt.Key.Key_F: "fail", Qt.Key.Key_N: "na"}
        if key in letters and not ctrl:
            self.panel.give_result(letters[key])
        elif key == Qt.Key.Key_A and not ctrl:
            self.files.photo_key()
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and not ctrl:
            self.panel.choose_number(key - Qt.Key.Key_0)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Down):
            self.go_to(self._at + 1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Up):
            self.go_to(self._at - 1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and ctrl:
            self.panel.save_text()
            self.setFocus(Qt.FocusReason.ShortcutFocusReason)  # the box kept arrows and P/F/N from the runner
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return  # Enter saves a typed value in its box; elsewhere it must not close the dialog
        else:
            super().keyPressEvent(event)

    # --- showing -------------------------------------------------------------------------
    def _photos_of(self, item_id: int) -> list[Any]:
        return [p for p in self._ins.photos if p.item_id == item_id]

    def _verdict(self, item: TemplateItemOut) -> str | None:
        result = verdict(item, self._ins.answers.get(item.id), photos=len(self._photos_of(item.id)))
        return result.value if result is not None else None

    def _show_all(self) -> None:
        ins = self._ins
        set_wrapping_text(self.title, f"{ins.number} · {ins.partner_name} ({ins.partner_code})")
        details = [f"{ins.template.name} v{ins.template.version}", ins.inspected_on.isoformat(), ins.inspector]
        self.subtitle.setText(" · ".join(filter(None, [*details, ins.location])))
        self.locked_banner.setText("Finished and locked. Reopen it (the reason is recorded) to change answers.")
        self.locked_banner.setVisible(ins.finished)
        self.finish_button.setVisible(not ins.finished)
        self.reopen_button.setVisible(ins.finished)
        self.discard_button.setVisible(not ins.finished)
        self.item_list.set_items(self._items, self._sections)
        self._refresh_marks()

    def _refresh_marks(self) -> None:
        answered = 0
        for n, item in enumerate(self._items):
            mark = self._verdict(item)
            if item.kind.value == "text":
                mark = "note" if item.id in self._ins.answers else None
            answered += mark is not None
            self.item_list.set_mark(n, item, mark)
        self._answered_count = answered
        self.card.show_progress(answered, len(self._items))
        self._show_score(self._ins.score)

    def _show_score(self, score: ScoreResult) -> None:
        """The outcome once finished; while in progress how far it got (a score of 1 of 16 items is no result)."""
        finished = self._ins.finished
        colour = theme.OUTCOME_COLOURS.get(score.outcome, theme.MUTED) if finished else theme.MUTED
        self.score_label.setText(header_text(finished, score, self._answered_count, len(self._items)))
        self.score_label.setStyleSheet(f"font-size: 15pt; font-weight: 700; color: {colour};")
        self.explanation.setText("\n".join(score.explanation))

    def go_to(self, index: int) -> None:
        """Show item `index` (clamped to the list)."""
        if not self._items:
            return
        self._note_changed()  # a note typed on the item being left is kept
        self._at = max(0, min(index, len(self._items) - 1))
        item = self._items[self._at]
        self.card.show_item(
            item,
            section=self._sections[item.id],
            at=self._at,
            count=len(self._items),
            answer=self._ins.answers.get(item.id),
            photos=self._photos_of(item.id),
            locked=self._ins.finished,
        )
        if self.panel.value_edit is not None and not self._ins.finished:
            self.panel.value_edit.setFocus()
        elif self.panel.text_edit is not None and not self._ins.finished:
            self.panel.text_edit.setFocus()
        else:
            self.setFocus()
        self._show_verdict(item)
        self.previous_button.setEnabled(self._at > 0)
        self.next_button.setEnabled(self._at < len(self._items) - 1)
        self.item_list.select(self._at)

    def _show_verdict(self, item: TemplateItemOut) -> None:
        mark = self._verdict(item)
        self.card.show_verdict(item, mark)
        raised = [a.number for a in self._ins.actions if a.item_id == item.id]
        if mark == "fail" and raised:
            self.verdict_label.setText(f"{self.verdict_label.text()} · action {', '.join(raised)} raised")
        self.action_button.setText("Another corrective action…" if raised else "Raise corrective action…")

    # --- answering -----------------------------------------------------------------------
    def _answered(self, values: dict[str, Any]) -> None:
        if self._ins.finished:
            return
        item = self._items[self._at]
        try:
            data = AnswerIn(item_id=item.id, **{k: v for k, v in values.items() if v not in (None, "")})
        except ValidationError as exc:
            problems = "; ".join(f"{e.field.replace('measured', 'value')}: {e.message}" for e in field_errors(exc))
            self.panel.show_problem(problems)
            return
        # Shown at once; the database write follows in order, one save after the other.
        self._ins.answers[item.id] = AnswerOut(item.id, data.result, data.measured, data.choice, data.text, clock.now())
        if data.result is None and data.measured is None and not data.choice and not data.text:
            self._ins.answers.pop(item.id, None)
        self._answers.put(data)
        self._refresh_marks()
        self._show_verdict(item)
        # A failure keeps the item on screen, so a corrective action can be raised from it at once.
        if item.kind.value in ("pass_fail", "choice", "measurement") and self._verdict(item) != "fail":
            self.go_to(self._at + 1)

    def _note_changed(self) -> None:
        """Store the note of the item on screen when it differs from what is stored (with or without an answer)."""
        self._note_timer.stop()
        if self._ins.finished or not self._items or self.panel.item is None:
            return
        item = self._items[self._at]
        if item.kind.value == "text" or self.panel.item.id != item.id:
            return
        text = self.panel.note.text()
        stored = self._ins.answers.get(item.id)
        if (stored.text if stored is not None else "") == text:
            return
        values = {"result": stored.result, "measured": stored.measured, "choice": stored.choice} if stored else {}
        data = AnswerIn(item_id=item.id, **values, text=text)
        self._ins.answers[item.id] = AnswerOut(item.id, data.result, data.measured, data.choice, data.text, clock.now())
        if data.result is None and data.measured is None and not data.choice and not data.text:
            self._ins.answers.pop(item.id, None)
        self._answers.put(data)

    def _saved(self, saved: Any) -> None:
        self._show_score(saved.score)
        self._ins.score = saved.score
        self.saved_label.setText(f"All answers saved · {clock.now():%H:%M:%S}")
        self.inspection_changed.emit(self._ins.id)

    def _save_failed(self, exc: BaseException) -> None:
        show_failure(exc, self, title="Answer not saved")
        self.reload()

    def reload(self) -> None:
        """Read the inspection again (after a refused save, a reopen or a new photo)."""
        inspections, inspection_id = self._inspections, self._ins.id
        run_task(lambda: inspections.get(inspection_id), self._reloaded)

    def _reloaded(self, inspection: InspectionOut) -> None:
        self._ins = inspection
        self._answers.loaded(inspection)
        self._show_all()
        self.go_to(self._at)
        self.inspection_changed.emit(inspection.id)

    def done(self, result: int) -> None:
        """Close (Esc, Close, ✕) after storing a note still being typed: answers are saved as they are given."""
        self._note_changed()
        super().done(result)

    def wait_until_saved(self) -> bool:
        """True when no answer is waiting to be written (tests and closing use it)."""
        return self._answers.idle()

    # --- finishing -----------------------------------------------------------------------
    def finish_summary(self) -> str:
        """What finishing locks (see runner_summary), after storing a note still being typed."""
        self._note_changed()
        return finish_summary(self._items, self._verdict, self._ins.actions)

    def finish(self) -> None:
        """Show what finishing locks (failed items without an action among it) and lock only after a yes."""
        if not messages.confirm(self, f"Finish {self._ins.number}?", self.finish_summary()):
            return
        inspections, inspection_id = self._inspections, self._ins.id
        run_task(lambda: inspections.finish(inspection_id), self._reloaded, self._save_failed)

    def reopen(self) -> None:
        """Unlock a finished inspection with a reason that is kept."""
        reason = messages.ask_text(self, "Reopen inspection", "Why is this finished inspection reopened?")
        if not reason or not reason.strip():
            return
        inspections, inspection_id = self._inspections, self._ins.id
        run_task(lambda: inspections.reopen(inspection_id, reason), self._reloaded, self._save_failed)

    def discard(self) -> None:
        """Delete an inspection started by mistake (finished ones are kept)."""
        if not messages.confirm(self, "Discard inspection", f"Delete {self._ins.number} and its answers and photos?"):
            return
        inspections, inspection_id = self._inspections, self._ins.id

        def done(_: object) -> None:
            self.inspection_changed.emit(inspection_id)
            self.accept()

        run_task(lambda: inspections.delete_unfinished(inspection_id), done, self._save_failed)
