"""Write a file under a hidden temporary name and move it into place only when it is complete."""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from microfactory_desk.errors import DeskError

# A temp file of a killed export whose process id is unknown (or reused) is left alone this long.
STALE_AFTER_S = 3600

_ADVICE = {
    errno.ENOSPC: "the disk is full; free some space or choose another folder",
    errno.EDQUOT: "your disk quota is used up; free some space or choose another folder",
    errno.EFBIG: "the file is larger than this disk or account allows; choose another folder",
    errno.EACCES: "you may not write there; choose another folder",
    errno.EPERM: "you may not write there; choose another folder",
    errno.EROFS: "the disk is read-only; choose another folder",
    errno.EIO: "the disk reported an error; check it or choose another folder",
    errno.ENOENT: "check the name and the folder",
    errno.EISDIR: "that is a folder; give a file name",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
}


def _temp_pattern(target: Path) -> re.Pattern[str]:
    """Names of the hidden temps `_create_hidden_temp` makes for `target`; group 1 is the writer's pid."""
    return re.compile(rf"^\.{re.escape(target.name)}\.(?:(\d+)-)?[0-9a-f]{{8}}\.tmp$")


def _create_hidden_temp(target: Path) -> Path:
    """A new, empty hidden file beside `target` with a name no other writer holds (it holds our pid)."""
    # os.open with mode 0o666 lets the umask decide permissions, as for any file the user saves
    # (mkstemp would leave the export readable by its owner only).
    for _ in range(100):
        candidate = target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return candidate
    raise DeskError(f"Cannot create a temporary file beside {target}.")


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process holds that id
    return True


def remove_stale_temps(target: Path, *, now: float | None = None) -> list[Path]:
    """Delete hidden temps beside `target` left by exports that were killed; returns what was removed.

    A temp is stale when the process that made it is gone, or (names without a pid, or a pid now reused)
    when it is older than STALE_AFTER_S seconds. Files that cannot be removed are left quietly.
    """
    import time

    pattern = _temp_pattern(target)
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    for entry in entries:
        found = pattern.match(entry.name)
        if found is None:
            continue
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER_S
            pid = int(found.group(1)) if found.group(1) else None
            if old or (pid is not None and pid != os.getpid() and not _process_alive(pid)):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def advice_for(exc: OSError) -> str:
    """What a person can do about `exc` (full disk, no permission, missing file...), in a few words."""
    return _ADVICE.get(exc.errno or 0, "check the path and try again")


def write_failure(target: Path, exc: OSError) -> DeskError:
    """The one-line message for a failed write of `target` (full disk, no permission...): what and what to do."""
    advice = advice_for(exc)
    reason = exc.strerror or str(exc)
    return DeskError(f"Cannot write {target}: {reason} ({advice}). Any previous {target.name} was kept.")


def os_error_in(exc: BaseException) -> OSError | None:
    """The OSError that `exc` is or was raised while handling (its cause/context chain), or None."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, OSError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _existing_mode(target: Path) -> int | None:
    """The permission bits of the file `target` replaces (None: no file there yet); a read-only file is refused.

    Moving a new file into place replaces even a file its owner made read-only (only the folder's permissions
    count), and gives it the umask's permissions: both would undo what the person set on purpose.
    """
    try:
        found = os.stat(target)
    except OSError:
        return None
    if not stat.S_ISREG(found.st_mode):
        return None
    if not found.st_mode & stat.S_IWUSR:
        raise DeskError(
            f"Cannot save {target}: the file is read-only (choose another name, or make it writable first). "
            f"{target.name} was kept."
        )
    return stat.S_IMODE(found.st_mode)


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a hidden temp path beside `path`; on success it replaces `path`, on error it is removed.

    An OSError while writing (full disk, quota, permissions) becomes a DeskError naming the file and what to
    do; the previous file at `path` is then untouched. Temps of earlier killed exports are cleaned first.
    """
    target = Path(path)
    kept_mode = _existing_mode(target)
    remove_stale_temps(target)
    try:
        tmp = _create_hidden_temp(target)
    except OSError as exc:
        raise DeskError(f"Cannot write to the folder {target.parent}: {exc.strerror or exc}") from exc
    try:
        try:
            yield tmp
            with open(tmp, "r+b") as fh:
                os.fsync(fh.fileno())
            if kept_mode is not None:
                os.chmod(tmp, kept_mode)  # a private (0600) file stays private when replaced
        except Exception as exc:
            # openpyxl's zip writer turns a full disk into "I/O operation on closed file" while closing:
            # the OSError that started it is further down the chain.
            cause = os_error_in(exc)
            if cause is None:
                raise
            raise write_failure(target, cause) from exc
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise DeskError(
                f"Cannot save {target}: {exc.strerror or exc}. If the file is open in another program, "
                "close it and try again."
            ) from exc
    finally:
        tmp.unlink(missing_ok=True)
