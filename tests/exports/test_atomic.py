"""Atomic exports: a failed write keeps the previous file and leaves no temp; killed exports' temps are cleaned."""

from __future__ import annotations

import errno
import os
import stat
import time
from pathlib import Path

import pytest

from microfactory_desk.db import Database
from microfactory_desk.errors import DeskError
from microfactory_desk.exports.atomic import STALE_AFTER_S, atomic_output, remove_stale_temps
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.services.roster.files import RosterFiles
from microfactory_desk.services.roster.partners import RosterService


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_full_disk_while_writing_is_one_line_and_keeps_the_previous_file(tmp_path: Path) -> None:
    """ENOSPC raised while the export writes becomes one DeskError line; the old file and folder are untouched."""
    target = tmp_path / "roster.csv"
    target.write_text("previous")
    with pytest.raises(DeskError) as err, atomic_output(target) as tmp:
        tmp.write_text("half a file")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert "\n" not in err.value.message
    assert str(target) in err.value.message and "disk is full" in err.value.message
    assert target.read_text() == "previous" and _hidden(tmp_path) == []


def test_a_library_error_caused_by_a_full_disk_is_explained_too(tmp_path: Path) -> None:
    """A ValueError raised while handling the OSError (openpyxl closing its zip) still reads as a full disk."""
    target = tmp_path / "orders.xlsx"
    with pytest.raises(DeskError, match="disk is full"), atomic_output(target):
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError:
            raise ValueError("I/O operation on closed file.") from None
    assert not target.exists() and _hidden(tmp_path) == []


def test_other_errors_pass_through_unchanged(tmp_path: Path) -> None:
    """A bug in the writer is not disguised as a disk problem, and its temp is still removed."""
    with pytest.raises(KeyError), atomic_output(tmp_path / "x.pdf"):
        raise KeyError("bug")
    assert _hidden(tmp_path) == []


def test_temps_of_killed_exports_are_cleaned_on_the_next_run(tmp_path: Path) -> None:
    """A dead writer's temp and an hour-old temp go on the next export; a live writer's temp stays."""
    target = tmp_path / "card.pdf"
    dead = tmp_path / f".card.pdf.{2**22 + 7}-0badf00d.tmp"  # above Linux's default pid_max: no such process
    live = tmp_path / f".card.pdf.{os.getppid()}-1234abcd.tmp"
    old = tmp_path / ".card.pdf.deadbeef.tmp"  # the name earlier versions gave, without a pid
    other = tmp_path / ".other.pdf.99999-0badf00d.tmp"
    for path in (dead, live, old, other):
        path.write_text("half")
    an_hour_ago = time.time() - STALE_AFTER_S - 60
    os.utime(old, (an_hour_ago, an_hour_ago))
    with atomic_output(target) as tmp:
        tmp.write_text("new")
    assert target.read_text() == "new"
    assert _hidden(tmp_path) == sorted([live.name, other.name])
    assert remove_stale_temps(target) == []


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_a_read_only_file_is_kept_and_a_private_one_stays_private(db: Database, tmp_path: Path) -> None:
    """Exporting over a file its owner made read-only replaced it silently (a rename ignores the file's own
    permissions), and a private (0600) file came back world-readable (0644 from the umask); found by a new-user
    trial. Now the read-only file is refused in one sentence and kept, and a replaced file keeps its mode."""
    RosterService(db).create_partner(data=validate_partner({"code": "A1", "name": "Alpha"}))
    locked, private = tmp_path / "locked.csv", tmp_path / "private.csv"
    locked.write_text("signed-off roster")
    locked.chmod(0o444)
    private.write_text("internal")
    private.chmod(0o600)
    with pytest.raises(DeskError) as err:
        RosterFiles(db).export_file(locked)
    assert err.value.message == (
        f"Cannot save {locked}: the file is read-only (choose another name, or make it writable first). "
        "locked.csv was kept."
    )
    assert locked.read_text() == "signed-off roster" and _hidden(tmp_path) == []
    RosterFiles(db).export_file(private)
    assert "A1" in private.read_text(encoding="utf-8-sig") and stat.S_IMODE(private.stat().st_mode) == 0o600
