"""Shared fixtures: headless Qt, a frozen clock and a fresh database per test (SQLite, or PostgreSQL with --db).

`pytest --db=postgres` runs the tests that use the `db` (or `new_db`) fixture against the server named by
MFD_TEST_POSTGRES_URL: a template database is migrated once per run and cloned for every test, so each test
starts from an empty, migrated database as it does on SQLite. Tests that never touch a database are left out
of that run (the SQLite run covered them), and `@pytest.mark.sqlite_only` marks tests about SQLite files.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from microfactory_desk import clock  # noqa: E402
from microfactory_desk.db import Database, open_database  # noqa: E402
from tests.postgres import PG_URL_ENV, PostgresTemplate  # noqa: E402

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


DATABASE_FIXTURES = {"db", "new_db", "_pg_template"}


def pytest_addoption(parser: pytest.Parser) -> None:
    """`--db=postgres` runs the database tests on the server named by MFD_TEST_POSTGRES_URL."""
    parser.addoption("--db", choices=("sqlite", "postgres"), default="sqlite", help="backend of the db fixture")


def pytest_configure(config: pytest.Config) -> None:
    """Declare the markers this suite uses."""
    config.addinivalue_line("markers", "sqlite_only: the test is about SQLite files and is left out of --db=postgres")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On --db=postgres keep only the tests that use a database, and not those about SQLite files."""
    if config.getoption("--db") != "postgres":
        return
    if not os.environ.get(PG_URL_ENV):
        raise pytest.UsageError(f"--db=postgres needs {PG_URL_ENV}, e.g. postgresql://user@127.0.0.1:5432/postgres")
    kept, dropped = [], []
    for item in items:
        uses_db = DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        (kept if uses_db and item.get_closest_marker("sqlite_only") is None else dropped).append(item)
    config.hook.pytest_deselected(items=dropped)
    items[:] = kept


@pytest.fixture(scope="session")
def _pg_template(request: pytest.FixtureRequest) -> Iterator[PostgresTemplate | None]:
    """On --db=postgres, one migrated template database for the whole run (dropped at the end)."""
    if request.config.getoption("--db") != "postgres":
        yield None
        return
    template = PostgresTemplate(os.environ[PG_URL_ENV])
    try:
        yield template
    finally:
        template.drop()


_counter = itertools.count()


@pytest.fixture
def new_db(tmp_path: Path, _pg_template: PostgresTemplate | None) -> Iterator[Callable[[], Database]]:
    """A factory of new, migrated, empty databases on the backend under test (closed and dropped afterwards)."""
    opened: list[Database] = []
    clones: list[str] = []

    def make() -> Database:
        if _pg_template is None:
            database = open_database(str(tmp_path / f"db{next(_counter)}.sqlite"))
        elif not opened:
            database = open_database(_pg_template.working_copy())
        else:
            url = _pg_template.clone()
            clones.append(url)
            database = open_database(url)
        opened.append(database)
        return database

    yield make
    for database in opened:
        database.close()
    if _pg_template is not None:
        for url in clones:
            _pg_template.drop_clone(url)


@pytest.fixture
def db(tmp_path: Path, new_db: Callable[[], Database]) -> Database:
    """A new, migrated database: a SQLite file, or a clone of the PostgreSQL template on --db=postgres."""
    return new_db()


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """QSettings of GUI tests go to a new temporary folder for each test, never the user's.

    Per test, not per session: a window remembers its geometry and last page, and what one test left there
    changed what the next one saw (the window geometry test failed after a test that opened another page).
    """
    from PySide6.QtCore import QSettings

    folder = str(tmp_path_factory.mktemp("qsettings"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)
