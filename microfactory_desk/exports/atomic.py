"""Write a file under a hidden temporary name and move it into place only when it is complete."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from microfactory_desk.errors import DeskError


def _create_hidden_temp(target: Path) -> Path:
    """A new, empty hidden file beside `target` with a name no other writer holds."""
    # os.open with mode 0o666 lets the umask decide permissions, as for any file the user saves
    # (mkstemp would leave the export readable by its owner only).
    for _ in range(100):
        candidate = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
        except FileExistsError:
            continue
        os.close(fd)
        return candidate
    raise DeskError(f"Cannot create a temporary file beside {target}.")


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a hidden temp path beside `path`; on success it replaces `path`, on error it is removed."""
    target = Path(path)
    try:
        tmp = _create_hidden_temp(target)
    except OSError as exc:
        raise DeskError(f"Cannot write to the folder {target.parent}: {exc.strerror or exc}") from exc
    try:
        yield tmp
        with open(tmp, "r+b") as fh:
            os.fsync(fh.fileno())
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise DeskError(
                f"Cannot save {target}: {exc.strerror or exc}. If the file is open in another program, "
                "close it and try again."
            ) from exc
    finally:
        tmp.unlink(missing_ok=True)
