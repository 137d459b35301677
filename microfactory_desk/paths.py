"""Where the app keeps its data, logs and bundled resources."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "MicrofactoryDesk"
DB_ENV_VAR = "MICROFACTORY_DESK_DB"
DEFAULT_DB_NAME = "desk.sqlite"


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
