"""PySide6's per-import source check, answered from the file's bytes (ui.pyside_scan), and the window's start."""

from __future__ import annotations

import gc
import importlib
import inspect
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from microfactory_desk import cli
from microfactory_desk.ui import pyside_scan


def _by_source(module: ModuleType) -> bool:
    """The library's question, asked its way: does the module's source mention PySide6?"""
    try:
        return "PySide6" in inspect.getsource(module)
    except (TypeError, OSError):
        return False


@pytest.fixture
def feature() -> Iterator[ModuleType]:
    """PySide6's feature module, its check restored after the test."""
    import PySide6.QtCore  # noqa: F401 - loads the module

    module = sys.modules["shibokensupport.feature"]
    original = module._mod_uses_pyside  # type: ignore[attr-defined]
    yield module
    module._mod_uses_pyside = original  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "name",
    ["microfactory_desk.ui.app", "microfactory_desk.ui.main_window", "microfactory_desk.db", "json", "sys", "_sqlite3"],
)
def test_bytes_give_the_answer_the_source_gives(name: str) -> None:
    module = importlib.import_module(name)
    asked: list[ModuleType] = []

    def library(module: ModuleType) -> bool:
        asked.append(module)
        return _by_source(module)

    assert pyside_scan.reads_bytes(library)(module) is _by_source(module)
    # Only a module without a .py file goes the library's (slow) way.
    assert bool(asked) is not str(getattr(module, "__file__", "")).endswith(".py")


def test_a_file_gone_since_is_asked_the_library_way(tmp_path: Path) -> None:
    module = ModuleType("gone")
    module.__file__ = str(tmp_path / "gone.py")
    assert pyside_scan.reads_bytes(lambda _module: True)(module) is True


def test_speed_up_is_put_in_place_once_and_new_imports_are_judged_right(
    feature: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feature, "_mod_uses_pyside", _by_source)
    assert pyside_scan.speed_up() is True
    assert pyside_scan.speed_up() is False  # already in place: not wrapped twice
    (tmp_path / "uses_qt_here.py").write_text("from PySide6.QtCore import QObject\n", encoding="utf-8")
    (tmp_path / "plain_here.py").write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("uses_qt_here", "plain_here"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    import plain_here  # noqa: F401
    import uses_qt_here  # noqa: F401

    assert feature.pyside_feature_dict["uses_qt_here"] == 0  # type: ignore[attr-defined]  # PySide6: "uses PySide"
    assert feature.pyside_feature_dict["plain_here"] == -1  # type: ignore[attr-defined]  # "ignore this module"


def test_the_window_start_puts_it_in_place(feature: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feature, "_mod_uses_pyside", _by_source)
    was_enabled = gc.isenabled()
    try:
        cli.before_window()
        assert not gc.isenabled()  # the window's own collector takes over (ui.gc_guard)
        assert getattr(feature._mod_uses_pyside, "_desk_reads_bytes", False)  # type: ignore[attr-defined]
    finally:
        if was_enabled:
            gc.enable()


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--db", "x.sqlite"], "x.sqlite"),
        (["--db=y.sqlite"], "y.sqlite"),
        (["list"], None),
        (["--db", "x.sqlite", "roster"], None),
        (["--db", "--version"], None),
        (["--version"], None),
        (["--help"], None),
    ],
)
def test_only_a_bare_command_line_opens_the_window_without_the_parser(argv: list[str], expected: str | None) -> None:
    assert cli.window_database(argv) == expected


def test_no_arguments_open_the_default_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MICROFACTORY_DESK_DB", str(tmp_path / "default.sqlite"))
    assert cli.window_database([]) == str(tmp_path / "default.sqlite")
    assert cli.window_database(["--db", ""]) == str(tmp_path / "default.sqlite")
