"""Where the app keeps its data, logs and bundled resources."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "MicrofactoryDesk"
DB_ENV_VAR = "MICROFACTORY_DESK_DB"
DEFAULT_DB_NAME = "desk.sqlite"


# Characters no file name may hold on some system (a "/" would make the rest of the name a folder).
_NOT_IN_FILE_NAMES = str.maketrans({c: "-" for c in '<>:"/\\|?*'} | {chr(c): None for c in range(32)})


def file_name_part(text: str) -> str:
    """`text` (a partner code such as "MF/042", a title) made fit to be part of a suggested file name on any
    system: separators and characters Windows refuses become "-", control characters go."""
    return text.translate(_NOT_IN_FILE_NAMES).strip(" .") or "untitled"


def data_dir() -> Path:
    """The per-user data directory, created on first use."""
    from platformdirs import user_data_dir

    path = Path(user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database() -> str:
    """The database the app opens when neither --db nor the environment names one."""
    return os.environ.get(DB_ENV_VAR) or str(data_dir() / DEFAULT_DB_NAME)


def log_file() -> Path:
    """The log file that keeps tracebacks of unexpected errors."""
    logs = data_dir() / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    return logs / "desk.log"


def resource_path(*parts: str) -> Path:
    """A file shipped in the repository's resources/ folder."""
    return Path(__file__).resolve().parent.parent / "resources" / Path(*parts)
