"""Shared fixtures: headless Qt, a frozen clock and a fresh SQLite database file per test."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from microfactory_desk import clock  # noqa: E402
from microfactory_desk.db import Database, open_database  # noqa: E402

# The day every test runs on (a Monday), so no test depends on the day the suite happens to run.
TODAY = dt.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def _frozen_clock() -> Iterator[None]:
    """Every test runs on TODAY; time of day still runs, so timestamps written in a test keep their order."""
    with clock.frozen(TODAY, tick=True):
        yield


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the real user data dir and settings."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.delenv("MICROFACTORY_DESK_DB", raising=False)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A new, migrated database file."""
    database = open_database(str(tmp_path / "test.sqlite"))
    yield database
    database.close()


@pytest.fixture(autouse=True, scope="session")
def _isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """QSettings of GUI tests go to a temporary folder, never the user's."""
    from PySide6.QtCore import QSettings

    folder = str(tmp_path_factory.mktemp("qsettings"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)
