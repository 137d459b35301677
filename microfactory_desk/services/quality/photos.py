"""Photos: checked to be real JPEG/PNG images, copied into the database with a thumbnail, read back on demand."""

from __future__ import annotations

import hashlib
import io
import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.orm import Session

from microfactory_desk.db import Database
from microfactory_desk.errors import DeskError, NotFound, ValidationFailed
from microfactory_desk.models import CorrectiveAction, Inspection, Photo, PhotoData
from microfactory_desk.schemas.quality import CheckedImage, PhotoOut
from microfactory_desk.services.common.records import existing

MAX_PHOTO_BYTES = 15 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000
THUMBNAIL_SIZE = (240, 240)
MAX_CAPTION = 200
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}
# Phone photos (WebP, HEIC/HEIF) are stored as JPEG, so reports, PDFs and any viewer read them.
CONVERTED = frozenset({"WEBP", "HEIF", "HEIC"})
ACCEPTED = "JPEG, PNG, WebP or HEIC"


class PhotoRejected(DeskError):
    """A file refused as a photo; the message names the file and why."""


def check_image(data: bytes, name: str) -> CheckedImage:
    """Verify that `data` is a JPEG, PNG, WebP or HEIC photo of sane size (by its content) and make a thumbnail.

    WebP and HEIC come back converted to JPEG. Raises PhotoRejected naming the file and why.
    """
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoRejected(f"{name} is too large ({len(data) / 1_048_576:.1f} MB); photos may be up to 15 MB.")
    if not data:
        raise PhotoRejected(f"{name} is empty.")
    _register_heif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format or ""
                width, height = image.size
                if kind not in FORMATS and kind not in CONVERTED:
                    raise PhotoRejected(f"{name} is a {kind or 'unknown'} image; attach a {ACCEPTED} photo.")
                if width * height > MAX_PHOTO_PIXELS:
                    raise PhotoRejected(f"{name} has {width}×{height} pixels; photos may have up to 40 megapixels.")
                image.load()
                thumbnail = _thumbnail(image)
                if kind in CONVERTED:
                    data, kind = _as_jpeg(image), "JPEG"
    except PhotoRejected:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRejected(f"{name} is not a {ACCEPTED} image.") from None
    except (OSError, ValueError, SyntaxError):
        raise PhotoRejected(f"{name} looks like an image but cannot be read (damaged or cut short).") from None
    return CheckedImage(data, FORMATS[kind], width, height, thumbnail, hashlib.sha256(data).hexdigest())


def _register_heif() -> None:
    """Let Pillow open HEIC/HEIF (iPhone photos) through pillow-heif; registering twice is harmless."""
    from pillow_heif import register_heif_opener

    register_heif_opener()


def _as_jpeg(image: Image.Image) -> bytes:
    """`image` as JPEG bytes (quality 90), turned upright as the phone's EXIF orientation says."""
    from PIL import ImageOps

    out = io.BytesIO()
    ImageOps.exif_transpose(image).convert("RGB").save(out, format="JPEG", quality=90)
    return out.getvalue()


def _thumbnail(image: Image.Image) -> bytes:
    small = image.copy()
    small.thumbnail(THUMBNAIL_SIZE)
    if small.mode not in ("RGB", "L"):
        background = Image.new("RGB", small.size, "white")
        rgba = small.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        small = background
    out = io.BytesIO()
    small.save(out, "JPEG", quality=82)
    return out.getvalue()


def read_photo_file(path: Path) -> CheckedImage:
    """Read and check a photo file; the size is checked before the file is read."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_PHOTO_BYTES:
            raise PhotoRejected(f"{path.name} is too large ({size / 1_048_576:.1f} MB); photos may be up to 15 MB.")
        data = path.read_bytes()
    except FileNotFoundError:
        raise PhotoRejected(f"No file at {path}.") from None
    except IsADirectoryError:
        raise PhotoRejected(f"{path.name} is a folder, not a photo.") from None
    return check_image(data, path.name)


def store_photo(
    session: Session,
    image: CheckedImage,
    *,
    file_name: str,
    inspection_id: int | None = None,
    item_id: int | None = None,
    action_id: int | None = None,
    caption: str = "",
) -> Photo:
    """Write a checked image and its bytes in the caller's transaction."""
    photo = Photo(
        inspection_id=inspection_id,
        item_id=item_id,
        action_id=action_id,
        file_name=file_name[:300],
        mime=image.mime,
        byte_size=len(image.data),
        width=image.width,
        height=image.height,
        sha256=image.sha256,
        caption=caption,
        thumbnail=image.thumbnail,
    )
    session.add(photo)
    session.flush()
    session.add(PhotoData(photo_id=photo.id, data=image.data))
    return photo


def photo_out(photo: Photo) -> PhotoOut:
    """The DTO of a stored photo (thumbnail included, full bytes not)."""
    return PhotoOut(
        photo.id,
        photo.inspection_id,
        photo.item_id,
        photo.action_id,
        photo.file_name,
        photo.mime,
        photo.width,
        photo.height,
        photo.byte_size,
        photo.caption,
        photo.thumbnail,
    )


def photos_of(session: Session, *, inspection_id: int | None = None, action_id: int | None = None) -> list[PhotoOut]:
    """The photos of an inspection or of an action, oldest first."""
    query = select(Photo).order_by(Photo.id)
    query = (
        query.where(Photo.inspection_id == inspection_id)
        if inspection_id
        else query.where(Photo.action_id == action_id)
    )
    return [photo_out(p) for p in session.scalars(query)]


def _open_inspection(session: Session, inspection_id: int) -> Inspection:
    inspection = existing(session, Inspection, inspection_id, "Inspection")
    if inspection.status == "finished":
        raise ValidationFailed.single("status", f"{inspection.number} is finished; reopen it to change photos")
    return inspection


def _changeable(session: Session, photo_id: int) -> Photo:
    """The photo, when it still exists and its inspection (if any) is not finished."""
    photo = session.get(Photo, photo_id)
    if photo is None:
        raise NotFound(f"Photo #{photo_id} no longer exists.")
    if photo.inspection_id is not None:
        _open_inspection(session, photo.inspection_id)
    return photo


class PhotoService:
    """Attaches photos to inspection items and corrective actions; each attachment is one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def attach_to_item(self, inspection_id: int, item_id: int | None, path: Path, caption: str = "") -> PhotoOut:
        """Copy a photo file into the inspection (refused when the inspection is finished)."""
        image = read_photo_file(path)  # checked before the transaction opens
        with self._db.session() as session:
            _open_inspection(session, inspection_id)
            photo = store_photo(
                session, image, file_name=Path(path).name, inspection_id=inspection_id, item_id=item_id, caption=caption
            )
            return photo_out(photo)

    def attach_to_action(self, action_id: int, path: Path, caption: str = "") -> PhotoOut:
        """Copy a photo file into a corrective action (closure evidence)."""
        image = read_photo_file(path)
        with self._db.session() as session:
            existing(session, CorrectiveAction, action_id, "Corrective action")
            return photo_out(
                store_photo(session, image, file_name=Path(path).name, action_id=action_id, caption=caption)
            )

    def remove(self, photo_id: int) -> None:
        """Delete a photo (not from a finished inspection)."""
        with self._db.session() as session:
            photo = session.get(Photo, photo_id)
            if photo is None:
                return
            if photo.inspection_id is not None:
                _open_inspection(session, photo.inspection_id)
            session.delete(photo)

    def replace(self, photo_id: int, path: Path) -> PhotoOut:
        """Put another image file in place of a photo, keeping its item, caption and place in the list.

        Raises PhotoRejected for a file that is not a usable photo, NotFound when the photo was deleted
        meanwhile, ValidationFailed when its inspection is finished.
        """
        image = read_photo_file(path)  # checked before the transaction opens
        with self._db.session() as session:
            photo = _changeable(session, photo_id)
            photo.file_name = Path(path).name[:300]
            photo.mime, photo.byte_size = image.mime, len(image.data)
            photo.width, photo.height = image.width, image.height
            photo.sha256, photo.thumbnail = image.sha256, image.thumbnail
            data = session.get(PhotoData, photo_id)
            if data is None:
                session.add(PhotoData(photo_id=photo_id, data=image.data))
            else:
                data.data = image.data
            session.flush()
            return photo_out(photo)

    def set_caption(self, photo_id: int, caption: str) -> PhotoOut:
        """Store a photo's caption (spaces trimmed; up to MAX_CAPTION characters; empty removes it).

        Raises ValidationFailed naming "Caption" when it is too long or the inspection is finished,
        NotFound when the photo was deleted meanwhile.
        """
        text = " ".join(caption.split())  # one line: it is printed under a thumbnail
        if len(text) > MAX_CAPTION:
            raise ValidationFailed.single("caption", f"a caption may have up to {MAX_CAPTION} characters")
        with self._db.session() as session:
            photo = _changeable(session, photo_id)
            photo.caption = text
            session.flush()
            return photo_out(photo)

    def image_bytes(self, photo_id: int) -> bytes:
        """The full image as it was attached."""
        with self._db.session() as session:
            data = session.scalar(select(PhotoData.data).where(PhotoData.photo_id == photo_id))
        if data is None:
            raise NotFound(f"Photo #{photo_id} no longer exists.")
        return data
