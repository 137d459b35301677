"""A photo of an inspection item can be captioned, replaced and deleted (after a question) from the runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.errors import ValidationFailed
from microfactory_desk.services.quality.photos import MAX_CAPTION
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.dialogs.inspection_runner import InspectionRunnerDialog
from microfactory_desk.ui.dialogs.photo_viewer import PhotoViewer
from microfactory_desk.ui.tasks import tasks_running
from microfactory_desk.wiring import Services
from tests.quality_helpers import make_partner, make_template, start_inspection


def _image(path: Path, size: tuple[int, int], colour: tuple[int, int, int] = (10, 90, 60)) -> Path:
    Image.new("RGB", size, colour).save(path)
    return path


def _runner(qtbot: QtBot, db: Database, tmp_path: Path) -> tuple[InspectionRunnerDialog, Services, int]:
    services = Services(db)
    template = make_template(db)
    ins = start_inspection(db, make_partner(db), template.id)
    services.photos.attach_to_item(ins.id, template.items()[-1].id, _image(tmp_path / "line.png", (900, 600)))
    runner = InspectionRunnerDialog(
        services.inspections.get(ins.id),
        inspections=services.inspections,
        photos=services.photos,
        actions=services.actions,
        reports=services.inspection_reports,
    )
    qtbot.addWidget(runner)
    runner.show()
    runner.go_to(5)  # the photo item
    return runner, services, ins.id


def _settled(qtbot: QtBot, runner: InspectionRunnerDialog, check: object) -> None:
    qtbot.waitUntil(lambda: tasks_running() == 0 and check(), timeout=10_000)  # type: ignore[operator]


def test_caption_is_stored_shown_under_the_thumbnail_and_printed_in_the_report(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Caption… stores the typed caption; the tile shows it after a reload and the report PDF prints it."""
    runner, services, inspection_id = _runner(qtbot, db, tmp_path)
    tile = runner.panel.photo_tiles[0]
    assert tile.caption.text() == "No caption"
    monkeypatch.setattr(messages, "ask_text", lambda *_args: "  Seam  at the left   corner ")
    tile.commands["caption"].click()
    _settled(qtbot, runner, lambda: runner._ins.photos[0].caption == "Seam at the left corner")
    assert runner.panel.photo_tiles[0].caption.text() == "Seam at the left corner"
    assert runner.saved_label.text().startswith("Caption saved")
    number = services.inspections.get(inspection_id).number
    out = services.inspection_reports.export_pdf(number, tmp_path / "report.pdf")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(out).pages).split())
    assert "Seam at the left corner" in text


def test_replace_keeps_the_caption_and_swaps_the_image(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Replace… puts the new file's bytes in the photo's place; the caption and the item stay."""
    runner, services, _ = _runner(qtbot, db, tmp_path)
    photo = runner._ins.photos[0]
    services.photos.set_caption(photo.id, "Line 2")
    runner.reload()
    _settled(qtbot, runner, lambda: runner._ins.photos[0].caption == "Line 2")
    sharper = _image(tmp_path / "sharper.png", (1200, 800), (200, 20, 20))
    monkeypatch.setattr(messages, "open_path", lambda *_args: str(sharper))
    runner.panel.photo_tiles[0].commands["replace"].click()
    _settled(qtbot, runner, lambda: runner._ins.photos[0].width == 1200)
    again = runner._ins.photos
    assert [(p.id, p.item_id, p.caption, p.file_name) for p in again] == [
        (photo.id, photo.item_id, "Line 2", "sharper.png")
    ]
    assert services.photos.image_bytes(photo.id) == sharper.read_bytes()


def test_delete_asks_first_and_keeps_the_photo_on_no(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Delete asks; "No" keeps the photo, "Yes" removes it and the item shows no photo again."""
    runner, _, _ = _runner(qtbot, db, tmp_path)
    questions: list[str] = []
    answer = {"yes": False}

    def confirm(_parent: object, _title: str, text: str) -> bool:
        questions.append(text)
        return answer["yes"]

    monkeypatch.setattr(messages, "confirm", confirm)
    runner.panel.photo_tiles[0].commands["delete"].click()
    assert len(questions) == 1 and "line.png" in questions[0]
    _settled(qtbot, runner, lambda: True)
    assert len(runner._ins.photos) == 1
    answer["yes"] = True
    runner.panel.photo_tiles[0].commands["delete"].click()
    _settled(qtbot, runner, lambda: not runner._ins.photos)
    assert runner.panel.photo_tiles == [] and runner.saved_label.text().startswith("Photo deleted")


def test_finished_inspection_photos_cannot_be_changed(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    """Once finished the photo commands and answers are off but a thumbnail still enlarges; the service refuses too."""
    runner, services, inspection_id = _runner(qtbot, db, tmp_path)
    photo_id = runner._ins.photos[0].id
    services.inspections.finish(inspection_id)
    runner.reload()
    _settled(qtbot, runner, lambda: runner._ins.finished)
    tile = runner.panel.photo_tiles[0]
    assert not any(b.isEnabled() for b in tile.commands.values())
    assert not runner.panel.buttons["fail"].isEnabled()
    runner.panel.give_result("fail")  # the F key: no answer on a finished inspection
    assert tile.thumb.isEnabled()  # still enlarges for review
    tile.thumb.click()
    qtbot.waitUntil(lambda: isinstance(getattr(runner, "photo_viewer", None), PhotoViewer))
    runner.photo_viewer.close()
    with pytest.raises(ValidationFailed):
        services.photos.set_caption(photo_id, "late")
    with pytest.raises(ValidationFailed):
        services.photos.replace(photo_id, _image(tmp_path / "other.png", (100, 100)))


def test_caption_too_long_is_refused_by_name(db: Database, tmp_path: Path) -> None:
    """A caption over the limit is refused naming the caption; the stored one stays."""
    services = Services(db)
    template = make_template(db)
    ins = start_inspection(db, make_partner(db), template.id)
    photo = services.photos.attach_to_item(ins.id, template.items()[-1].id, _image(tmp_path / "a.png", (50, 50)))
    with pytest.raises(ValidationFailed, match="caption"):
        services.photos.set_caption(photo.id, "x" * (MAX_CAPTION + 1))
    assert services.inspections.get(ins.id).photos[0].caption == ""
