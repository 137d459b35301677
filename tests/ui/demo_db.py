"""A demo database built once per test module and copied for each test (loading the demo takes seconds)."""

from __future__ import annotations

import shutil
from pathlib import Path

from microfactory_desk import clock
from microfactory_desk.db import Database, open_database
from tests.conftest import TODAY


def build_demo_file(folder: Path) -> Path:
    """A migrated database file holding the demo data, as of the tests' TODAY."""
    from microfactory_desk.demo.load import load_demo

    path = folder / "demo.sqlite"
    with clock.frozen(TODAY, tick=True):
        database = open_database(str(path))
        load_demo(database)
        database.close()
    return path


def demo_copy(template: Path, folder: Path) -> Database:
    """A fresh copy of the demo database for one test."""
    path = folder / "demo-copy.sqlite"
    shutil.copy(template, path)
    return open_database(str(path))
