"""The inspection runner's side work: photos copied in, corrective actions raised, the report PDF written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from microfactory_desk import clock
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.dialogs.photo_viewer import show_photo
from microfactory_desk.ui.error_hook import show_failure
from microfactory_desk.ui.export_status import noting_unprintable, with_note
from microfactory_desk.ui.tasks import run_task

if TYPE_CHECKING:
    from microfactory_desk.schemas.quality import PhotoOut
    from microfactory_desk.ui.dialogs.inspection_runner import InspectionRunnerDialog
    from microfactory_desk.ui.widgets.answer_panel import AnswerPanel

PHOTO_FILTER = "Photos (*.jpg *.jpeg *.png *.webp *.heic *.heif *.JPG *.JPEG *.PNG *.WEBP *.HEIC *.HEIF);;All files (*)"


class RunnerFiles(QObject):
    """Photo, corrective-action and report commands of one runner; results and failures show in the runner."""

    def __init__(self, runner: InspectionRunnerDialog) -> None:
        super().__init__(runner)
        self._runner = runner

    def photo_key(self) -> None:
        if self._runner.current_item.kind.value == "photo":
            self.attach_photo()

    def attach_photo(self) -> None:
        """Copy a photo file into the inspection for the current item."""
        if self._runner.inspection.finished:
            return
        path = messages.open_path(self._runner, "Attach photo", str(Path.home()), PHOTO_FILTER)
        if not path:
            return
        photos, inspection_id, item_id = (
            self._runner.photos_service,
            self._runner.inspection.id,
            self._runner.current_item.id,
        )
        self._runner.saved_label.setText("Copying photo…")
        run_task(
            lambda: photos.attach_to_item(inspection_id, item_id, Path(path)),
            self._photo_attached,
            self._photo_failed,
        )

    def _photo_attached(self, _photo: object) -> None:
        self._runner.saved_label.setText(f"Photo attached · {clock.now():%H:%M:%S}")
        self._runner.reload()

    def _photo_failed(self, exc: BaseException) -> None:
        self._runner.saved_label.setText("")
        show_failure(exc, self._runner, title="Photo not attached")

    def connect_photos(self, panel: AnswerPanel) -> None:
        """Serve the answer panel's photo commands: attach, enlarge, caption, replace, delete."""
        panel.photo_requested.connect(self.attach_photo)
        panel.photo_opened.connect(lambda pid, name: show_photo(self._runner, self._runner.photos_service, pid, name))
        panel.photo_caption_requested.connect(self.caption_photo)
        panel.photo_replace_requested.connect(self.replace_photo)
        panel.photo_delete_requested.connect(self.delete_photo)

    def caption_photo(self, photo: PhotoOut) -> None:
        """Ask for the photo's caption (prefilled with the current one) and store it; empty removes it."""
        text = messages.ask_text(self._runner, "Photo caption", f"Caption for {photo.file_name}:", photo.caption)
        if text is None or text.strip() == photo.caption:
            return
        photos = self._runner.photos_service
        self._changing_photo("Saving caption…")
        run_task(lambda: photos.set_caption(photo.id, text), self._photo_changed("Caption saved"), self._change_failed)

    def replace_photo(self, photo: PhotoOut) -> None:
        """Pick another file and put it in the photo's place (its caption stays)."""
        path = messages.open_path(self._runner, f"Replace {photo.file_name}", str(Path.home()), PHOTO_FILTER)
        if not path:
            return
        photos = self._runner.photos_service
        self._changing_photo("Copying photo…")
        run_task(
            lambda: photos.replace(photo.id, Path(path)), self._photo_changed("Photo replaced"), self._change_failed
        )

    def delete_photo(self, photo: PhotoOut) -> None:
        """Remove the photo after a yes (a deleted photo cannot be brought back)."""
        named = f"“{photo.caption}” ({photo.file_name})" if photo.caption else photo.file_name
        if not messages.confirm(self._runner, "Delete photo", f"Delete the photo {named}? This cannot be undone."):
            return
        photos = self._runner.photos_service
        self._changing_photo("Deleting photo…")
        run_task(lambda: photos.remove(photo.id), self._photo_changed("Photo deleted"), self._change_failed)

    def _changing_photo(self, text: str) -> None:
        self._runner.saved_label.setText(text)

    def _photo_changed(self, text: str) -> Callable[[object], None]:
        def done(_result: object) -> None:
            self._runner.saved_label.setText(f"{text} · {clock.now():%H:%M:%S}")
            self._runner.reload()

        return done

    def _change_failed(self, exc: BaseException) -> None:
        self._runner.saved_label.setText("")
        show_failure(exc, self._runner, title="Photo not changed")
        self._runner.reload()

    def save_report(self) -> None:
        """Write the inspection report PDF."""
        start = str(Path.home() / f"{self._runner.inspection.number}.pdf")
        path = messages.save_file(self._runner, "Inspection report", start, "PDF (*.pdf)", (".pdf",))
        if not path:
            return
        reports, number = self._runner.reports_service, self._runner.inspection.number
        run_task(
            noting_unprintable(lambda: reports.export_pdf(number, Path(path))),
            lambda done: self._runner.saved_label.setText(with_note(f"Report written to {done.result}", done.note)),
            lambda exc: show_failure(exc, self._runner, title="Report not written"),
        )

    def raise_action(self) -> None:
        """Open the corrective-action dialog pre-filled from the failed item."""
        from microfactory_desk.ui.dialogs.corrective_action_dialog import CorrectiveActionDialog

        actions, inspection_id, item_id = (
            self._runner.actions_service,
            self._runner.inspection.id,
            self._runner.current_item.id,
        )

        def show(draft: Any) -> None:
            dialog = CorrectiveActionDialog(
                actions=actions, photos=self._runner.photos_service, draft=draft, parent=self._runner
            )
            dialog.action_saved.connect(lambda _id: self._runner.reload())
            dialog.open()

        run_task(lambda: actions.draft_from_item(inspection_id, item_id, clock.today()), show)
