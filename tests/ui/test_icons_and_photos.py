"""Bundled icons instead of emoji, phone photos (WebP, HEIC) accepted, a thumbnail that enlarges, a status that clears."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtWidgets import QPushButton, QToolButton
from pytestqt.qtbot import QtBot

from microfactory_desk.db import Database
from microfactory_desk.paths import resource_path
from microfactory_desk.services.quality.photos import check_image
from microfactory_desk.ui.dialogs import corrective_action_dialog, messages, runner_files
from microfactory_desk.ui.dialogs.inspection_runner import InspectionRunnerDialog
from microfactory_desk.ui.dialogs.photo_viewer import PhotoViewer
from microfactory_desk.ui.icons import icon, icon_names
from microfactory_desk.ui.tasks import tasks_running
from microfactory_desk.wiring import Services
from tests.quality_helpers import make_partner, make_template, start_inspection


def test_every_bundled_icon_draws_and_its_licence_ships(qtbot: QtBot) -> None:
    """resources/icons/ holds SVGs that all draw, with the set's licence beside them."""
    del qtbot  # a QApplication must exist to draw pixmaps
    names = icon_names()
    assert {"camera", "calendar"} <= set(names)
    for name in names:
        assert not icon(name).pixmap(24, 24).isNull(), name
    assert "ISC License" in resource_path("icons", "LICENSE").read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["WEBP", "HEIF"])
def test_phone_photos_are_accepted_and_stored_as_jpeg(fmt: str) -> None:
    """A WebP or HEIC photo is accepted and kept as JPEG, which every report and viewer reads."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    data = io.BytesIO()
    Image.new("RGB", (320, 240), (30, 120, 200)).save(data, format=fmt)
    checked = check_image(data.getvalue(), f"phone.{fmt.lower()}")
    assert checked.mime == "image/jpeg" and (checked.width, checked.height) == (320, 240)
    assert Image.open(io.BytesIO(checked.data)).format == "JPEG"


def test_photo_file_filters_offer_heic_and_webp() -> None:
    """The runner's and the corrective action's file pickers list phone formats."""
    for module in (runner_files, corrective_action_dialog):
        assert "*.heic" in module.PHOTO_FILTER and "*.webp" in module.PHOTO_FILTER


def test_attach_photo_has_an_icon_the_thumbnail_enlarges_and_the_status_clears(
    qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Attach photo" shows the bundled camera (no emoji); after attaching, the status says so; a thumbnail opens big."""
    services = Services(db)
    ins = start_inspection(db, make_partner(db), make_template(db).id)
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
    attach = next(b for b in runner.panel.findChildren(QPushButton) if b.text().startswith("Attach photo"))
    assert not attach.icon().isNull() and "📷" not in attach.text()
    image = tmp_path / "line.png"
    Image.new("RGB", (900, 600), (10, 90, 60)).save(image)
    monkeypatch.setattr(messages, "open_path", lambda *_args: str(image))
    attach.click()
    qtbot.waitUntil(lambda: len(runner._ins.photos) == 1 and tasks_running() == 0, timeout=10_000)
    assert runner.saved_label.text() != "Copying photo…"
    thumbs = [b for b in runner.panel.findChildren(QToolButton) if "click to enlarge" in b.toolTip()]
    assert len(thumbs) == 1
    thumbs[0].click()
    qtbot.waitUntil(lambda: isinstance(getattr(runner, "photo_viewer", None), PhotoViewer))
    viewer = runner.photo_viewer
    assert viewer.image.pixmap().width() >= 600
    viewer.close()
    runner.close()
