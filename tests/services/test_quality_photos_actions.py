"""Photos are checked by content and copied in; corrective actions move to verified closure; overdue is one query."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from PIL import Image

from microfactory_desk.db import Database
from microfactory_desk.errors import ValidationFailed
from microfactory_desk.schemas.quality import AnswerIn, validate_action
from microfactory_desk.services.quality import photos as quality_photos
from microfactory_desk.services.quality.photos import PhotoRejected, check_image
from microfactory_desk.wiring import Services
from tests.quality_helpers import DAY, make_partner, make_template, start_inspection


def _image_file(path: Path, fmt: str = "PNG", size: tuple[int, int] = (640, 480), mode: str = "RGB") -> Path:
    Image.new(mode, size, (200, 40, 40, 128) if mode == "RGBA" else (200, 40, 40)).save(path, fmt)
    return path


def test_photo_is_copied_into_the_database_with_a_thumbnail(db: Database, tmp_path: Path) -> None:
    """The original file can vanish: the photo, its thumbnail and bytes live in the database and score the item."""
    services = Services(db)
    template = make_template(db)
    ins = start_inspection(db, make_partner(db), template.id)
    photo_item = template.items()[-1]
    original = _image_file(tmp_path / "line.jpg.png", "PNG", mode="RGBA")
    photo = services.photos.attach_to_item(ins.id, photo_item.id, original, caption="Line 2")
    data = original.read_bytes()
    original.unlink()
    assert (photo.mime, photo.width, photo.height, photo.file_name) == ("image/png", 640, 480, "line.jpg.png")
    assert services.photos.image_bytes(photo.id) == data
    thumb = Image.open(io.BytesIO(photo.thumbnail))
    assert thumb.format == "JPEG" and max(thumb.size) == 240
    again = services.inspections.get(ins.id)
    assert [p.id for p in again.photos] == [photo.id]
    assert again.score.passed == 1  # the photo item passes by its photo


def test_non_images_and_disguised_files_are_refused_by_name(tmp_path: Path) -> None:
    """A text file named .jpg, a GIF and a cut-off PNG are refused with the file's name in the message."""
    fake = tmp_path / "holiday.jpg"
    fake.write_text("not a picture", encoding="utf-8")
    with pytest.raises(PhotoRejected, match="holiday.jpg is not a JPEG, PNG, WebP or HEIC image"):
        quality_photos.read_photo_file(fake)
    gif = _image_file(tmp_path / "anim.png", "GIF")
    with pytest.raises(PhotoRejected, match="anim.png is a GIF image"):
        quality_photos.read_photo_file(gif)
    whole = _image_file(tmp_path / "cut.png").read_bytes()
    with pytest.raises(PhotoRejected, match="cut.png"):
        check_image(whole[: len(whole) // 2], "cut.png")


def test_huge_files_and_pixel_counts_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over the byte limit (checked before reading) or over 40 megapixels is refused with the limit named."""
    big = tmp_path / "big.jpg"
    with open(big, "wb") as fh:
        fh.truncate(quality_photos.MAX_PHOTO_BYTES + 1)
    with pytest.raises(PhotoRejected, match="big.jpg is too large .* up to 15 MB"):
        quality_photos.read_photo_file(big)
    monkeypatch.setattr(quality_photos, "MAX_PHOTO_PIXELS", 100 * 100)
    wide = _image_file(tmp_path / "wide.png", size=(101, 100))
    with pytest.raises(PhotoRejected, match=r"wide.png has 101×100 pixels"):
        quality_photos.read_photo_file(wide)


def test_finished_inspection_refuses_photos(db: Database, tmp_path: Path) -> None:
    """Photos, like answers, wait for a reopen once the inspection is finished."""
    services = Services(db)
    ins = start_inspection(db, make_partner(db), make_template(db).id)
    services.inspections.finish(ins.id)
    with pytest.raises(ValidationFailed, match="reopen"):
        services.photos.attach_to_item(ins.id, None, _image_file(tmp_path / "a.png"))


def test_action_from_a_failed_item_to_verified_closure(db: Database, tmp_path: Path) -> None:
    """A failed measurement drafts an action naming the value; closing needs a date and evidence."""
    services = Services(db)
    template = make_template(db)
    ins = start_inspection(db, make_partner(db), template.id)
    length = template.items()[2]
    services.inspections.answer(ins.id, AnswerIn(item_id=length.id, measured="10.7"))
    draft = services.actions.draft_from_item(ins.id, length.id, DAY)
    assert "Length — measured 10.7 mm, allowed 9.5–10.5 mm" in draft.description
    assert draft.due_on == DAY + dt.timedelta(days=30)
    action = services.actions.raise_action(draft.model_copy(update={"owner": "Plant manager"}))
    assert action.number == "CA-2026-0001" and action.inspection_number == ins.number
    with pytest.raises(ValidationFailed) as caught:
        validate_action({**draft.model_dump(), "status": "closed"})
    assert {e.field for e in caught.value.errors} == {"closed_on"}
    closing = {**draft.model_dump(), "status": "closed", "closed_on": DAY + dt.timedelta(days=3)}
    with pytest.raises(ValidationFailed, match="closure_note"):
        validate_action(closing)
    services.photos.attach_to_action(action.id, _image_file(tmp_path / "fixed.jpg", "JPEG"))
    closed = services.actions.update_action(action.id, validate_action({**closing, "closure_note": "Re-measured 10.1"}))
    assert closed.data.status == "closed" and len(closed.photos) == 1
    assert services.inspections.get(ins.id).actions[0].status == "closed"


def test_overdue_actions(db: Database) -> None:
    """Overdue = not closed and due before today; closed and future ones are not listed; per partner too."""
    services = Services(db)
    first, second = make_partner(db), make_partner(db, "MS-02", "Ελλάδα Print")
    base = {"description": "Fix it", "raised_on": DAY - dt.timedelta(days=40)}

    def add(pid: int, due_days: int, **extra: object) -> str:
        data = validate_action({**base, "partner_id": pid, "due_on": DAY + dt.timedelta(days=due_days), **extra})
        return services.actions.raise_action(data).number

    late = add(first, -10)
    later = add(second, -2, status="in_progress")
    add(first, 0)  # due today: not overdue yet
    add(first, -5, status="closed", closed_on=DAY, closure_note="Checked")
    overdue = services.actions.overdue_actions(DAY)
    assert [(a.number, a.days_overdue) for a in overdue] == [(late, 10), (later, 2)]
    assert [a.number for a in services.actions.overdue_actions(DAY, partner_id=second)] == [later]
    assert len(services.actions.list_actions(DAY, status="open")) == 3
