"""The runner's answers on their way to the database: one save after another, in the order given, each one
compared with the item's answer as this runner last saw it, so a second inspector's answer is never lost."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from microfactory_desk.errors import StaleEdit
from microfactory_desk.schemas.quality import AnswerIn, AnswerSaved, InspectionOut
from microfactory_desk.ui.dialogs.conflict_dialog import resolve_stale_save
from microfactory_desk.ui.error_hook import show_failure
from microfactory_desk.ui.tasks import run_task

if TYPE_CHECKING:
    from microfactory_desk.services.quality.inspections import InspectionService


class AnswerQueue:
    """Saves a runner's answers one at a time.

    Each save hands the service the `answered_at` of the item's answer as the runner last saw it (loaded, or
    saved by this runner): when another inspector answered the item since, the conflict dialog shows both
    answers; Reload (and Cancel) show the inspection as stored, Overwrite stores this answer over theirs.
    `saving()` and `saved(AnswerSaved)` let the runner show progress; `reloaded(InspectionOut)` shows a fresh
    read (after a refusal).
    """

    def __init__(
        self,
        parent: QWidget,
        inspections: InspectionService,
        inspection: InspectionOut,
        *,
        saving: Callable[[], object],
        saved: Callable[[AnswerSaved], object],
        reloaded: Callable[[InspectionOut], object],
    ) -> None:
        self._parent, self._inspections, self._id = parent, inspections, inspection.id
        self._saving_hook, self._saved_hook, self._reloaded_hook = saving, saved, reloaded
        self._queue: deque[AnswerIn] = deque()
        self._sending: AnswerIn | None = None
        self._seen: dict[int, dt.datetime] = {}
        self.loaded(inspection)

    def loaded(self, inspection: InspectionOut) -> None:
        """The runner shows `inspection` as read from the database: its answers are what this runner has seen."""
        self._seen = {item_id: answer.answered_at for item_id, answer in inspection.answers.items()}

    def put(self, data: AnswerIn) -> None:
        """Queue one answer (or a cleared one) for saving after those before it."""
        self._queue.append(data)
        self._pump()

    def idle(self) -> bool:
        """True when no answer is waiting to be written."""
        return self._sending is None and not self._queue

    def _pump(self) -> None:
        if self._sending is not None or not self._queue:
            return
        data = self._sending = self._queue.popleft()
        inspections, inspection_id, seen = self._inspections, self._id, self._seen.get(data.item_id)
        self._saving_hook()
        run_task(lambda: inspections.answer(inspection_id, data, loaded_at=seen), self._saved, self._failed)

    def _saved(self, saved: AnswerSaved) -> None:
        assert self._sending is not None
        if saved.answer is None:
            self._seen.pop(self._sending.item_id, None)
        else:
            self._seen[self._sending.item_id] = saved.answer.answered_at
        self._sending = None
        self._saved_hook(saved)
        self._pump()

    def _failed(self, exc: BaseException) -> None:
        mine, self._sending = self._sending, None
        self._queue.clear()
        inspections, inspection_id = self._inspections, self._id
        if isinstance(exc, StaleEdit) and mine is not None:

            def theirs_of(inspection: InspectionOut) -> object:
                return inspection.answers.get(mine.item_id)

            def overwrite(inspection: InspectionOut) -> None:
                self.loaded(inspection)  # theirs is seen now: mine replaces exactly that answer
                self.put(mine)

            resolve_stale_save(
                self._parent,
                exc,
                mine,
                lambda: inspections.get(inspection_id),
                self._reload_from,
                overwrite,
                shown=theirs_of,
                on_cancel=self._reload_from,  # answers are saved as given: what stays on screen is what is stored
            )
            return
        show_failure(exc, self._parent, title="Answer not saved")
        run_task(lambda: inspections.get(inspection_id), self._reload_from)

    def _reload_from(self, inspection: InspectionOut) -> None:
        self.loaded(inspection)
        self._reloaded_hook(inspection)
