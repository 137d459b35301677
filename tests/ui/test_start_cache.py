"""What every start compiles the same way, taken from a cache (ui.start_cache): PySide6's import, generated methods."""

from __future__ import annotations

import json
import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from microfactory_desk.ui import start_cache
from microfactory_desk.ui.start_cache import StartCache

# Patterns of every kind the engine knows: groups named and not, flags inline and passed, look-arounds,
# back references, bytes, a Unicode class, and the brace tower shiboken compiles at import.
PATTERNS: list[tuple[str | bytes, int]] = [
    (r"(?P<year>\d{4})-(?P<month>\d\d)", 0),
    (r"^\s*(\w+)\s*=\s*(.*?)\s*$", re.MULTILINE),
    (r"(?i)straße|STRASSE", 0),
    (r"(?<=£)\d+(?:\.\d\d)?(?!\d)", 0),
    (r"(a|b)\1+", re.IGNORECASE),
    (rb"\x00[\x01-\x7f]{2,}", 0),
    (r"[\u0600-\u06ff\u4e00-\u9fff]+", re.UNICODE),
    (r"\b(typing\.Optional|typing\.Union)\s*(?=\[)(\[(?:[^\[\]]|\[(?:[^\[\]]|\[[^\[\]]*\])*\])*\])", re.VERBOSE),
    (r"", 0),
]
SAMPLES = ["2026-12-07", " key = value ", "Straße", "£12.50", "aAAb", "\u0645\u0631\u062d\u0628\u0627 \u4e2d\u6587",
           "typing.Optional[dict[str, list[int]]]"]  # fmt: skip


def _cached(cache: StartCache, pattern: str | bytes, flags: int) -> re.Pattern[str] | re.Pattern[bytes]:
    return cache.compile_pattern(re._compiler.compile, pattern, flags)  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def writes_bytecode(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a person's machine (this sandbox tells Python not to write bytecode)."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)


def test_a_pattern_from_the_cache_equals_a_compiled_one(tmp_path: Path) -> None:
    first = StartCache(tmp_path / "start.cache")
    for pattern, flags in PATTERNS:
        _cached(first, pattern, flags)
    assert first.misses == len(PATTERNS)
    assert first.write()

    again = StartCache.read(tmp_path / "start.cache")
    for pattern, flags in PATTERNS:
        from_cache = _cached(again, pattern, flags)
        fresh = re._compiler.compile(pattern, flags)  # type: ignore[attr-defined]
        # Pattern equality compares the pattern, the flags and the engine's code: the same program.
        assert from_cache == fresh
        assert (from_cache.groups, from_cache.groupindex) == (fresh.groups, fresh.groupindex)
        for sample in SAMPLES:
            text = sample.encode() if isinstance(pattern, bytes) else sample
            assert [m.groups() for m in from_cache.finditer(text)] == [m.groups() for m in fresh.finditer(text)]  # type: ignore[arg-type]
    assert (again.hits, again.misses) == (len(PATTERNS), 0)
    assert not again.write()  # nothing new: the file is left alone


def test_code_is_used_only_for_the_same_source_and_flags(tmp_path: Path) -> None:
    compiled: list[str] = []

    def compile_counting(source: bytes, filename: str, mode: str, flags: int, dont_inherit: bool, optimize: int):  # type: ignore[no-untyped-def]
        compiled.append(filename)
        return compile(source, filename, mode, flags, dont_inherit, optimize)

    source = b"def f():\n    return 'x' * 2\n"
    annotations = __import__("__future__").annotations.compiler_flag
    first = StartCache(tmp_path / "start.cache")
    code = first.compile_source(compile_counting, source, "shibokensupport/m.py", annotations, -1)
    assert first.write()

    again = StartCache.read(tmp_path / "start.cache")
    assert again.compile_source(compile_counting, source, "shibokensupport/m.py", annotations, -1) == code
    assert compiled == ["shibokensupport/m.py"]
    # Another source under the same name (a PySide6 upgrade), or other __future__ flags: compiled afresh.
    changed = source.replace(b"2", b"3")
    namespace: dict[str, object] = {}
    exec(again.compile_source(compile_counting, changed, "shibokensupport/m.py", annotations, -1), namespace)
    assert namespace["f"]() == "xxx"  # type: ignore[operator]
    again.compile_source(compile_counting, source, "shibokensupport/m.py", 0, -1)
    assert len(compiled) == 3


@pytest.mark.parametrize("content", [b"", b"not marshal at all", marshal.dumps({"key": "another Python"}), b"\xe3"])
def test_an_unreadable_or_foreign_cache_is_ignored_and_replaced(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "start.cache"
    path.write_bytes(content)
    cache = StartCache.read(path)
    assert (cache.code, cache.patterns) == ({}, {})
    assert _cached(cache, r"\d+", 0).findall("a1b22") == ["1", "22"]
    assert cache.write()
    assert StartCache.read(path).patterns


def test_an_unwritable_place_compiles_as_usual(tmp_path: Path) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("in the way", encoding="utf-8")
    cache = StartCache(blocker / "start.cache")  # its folder cannot be made
    assert _cached(cache, r"\w+", 0).findall("a b") == ["a", "b"]
    assert not cache.write()


# What a process shows of PySide6's Python support: signatures (the parser and its brace patterns), an argument
# error's message (the error handler), and the embedded modules loaded.
_PROBE = """
import builtins, json, re, sys
from microfactory_desk.ui import start_cache
cache = start_cache.import_qt(start_cache.Path(sys.argv[1])) if sys.argv[2] == "cached" else None
from PySide6 import QtCore, QtWidgets
from shibokensupport.signature import get_signature
try:
    QtCore.QPoint("a", "b")
except TypeError as error:
    message = str(error)
print(json.dumps({
    "hits": cache and cache.hits, "misses": cache and cache.misses,
    "signatures": [
        str(get_signature(f)) + str(f.__doc__)
        for f in (QtCore.QObject.setProperty, QtWidgets.QWidget.resize, QtCore.QTimer.singleShot, QtCore.QPoint)
    ],
    "error": message,
    "embedded": sorted(m for m in sys.modules if m.startswith("shibokensupport")),
    "compile": [builtins.compile.__module__, re._compiler.compile.__module__],
}))
"""


def _start(cache: Path, how: str, **env: str) -> dict[str, object]:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | env
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(cache), how], capture_output=True, text=True, env=environment, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def test_a_start_through_the_cache_shows_the_same_pyside6(tmp_path: Path) -> None:
    cache = tmp_path / "start.cache"
    plain = _start(cache, "plain")
    first = _start(cache, "cached")
    assert cache.exists() and first["misses"] and not first["hits"]
    second = _start(cache, "cached")
    assert (second["hits"], second["misses"]) == (first["misses"], 0)
    for start in (first, second):
        assert {k: start[k] for k in ("signatures", "error", "embedded")} == {
            k: plain[k] for k in ("signatures", "error", "embedded")
        }
        assert start["compile"] == ["builtins", "re._compiler"]  # the hooks are gone once PySide6 is in
    assert "QPoint" in str(second["error"])


def test_no_cache_is_written_where_python_writes_no_bytecode(tmp_path: Path) -> None:
    cache = tmp_path / "start.cache"
    started = _start(cache, "cached", PYTHONDONTWRITEBYTECODE="1")
    assert started["misses"] and not cache.exists()


def test_nothing_is_done_once_pyside6_is_imported(tmp_path: Path) -> None:
    import PySide6.QtCore  # noqa: F401 - as in every test process

    assert start_cache.import_qt(tmp_path / "start.cache") is None
    assert not (tmp_path / "start.cache").exists()


def test_generated_code_from_the_cache_equals_compiled_code(tmp_path: Path) -> None:
    source = "def __create_fn__(MISSING):\n def __init__(self, a, b=MISSING):\n  self.a = a\n return __init__"
    first = StartCache(tmp_path / "start.cache")
    code = first.compile_generated(source, "exec", 0)
    assert code == compile(source, "<string>", "exec", 0, True)
    assert first.write()
    again = StartCache.read(tmp_path / "start.cache")
    assert again.compile_generated(source, "exec", 0) == code
    assert (again.hits, again.misses) == (1, 0)
    annotations = __import__("__future__").annotations.compiler_flag
    again.compile_generated(source, "exec", annotations)  # other flags: compiled afresh
    assert again.misses == 1


# Dataclasses and named tuples made while the generated-code hooks are on, then used; the hooks removed after.
_CLASSES = """
import collections, dataclasses, json, sys, typing
from microfactory_desk.ui import start_cache
cache = start_cache.StartCache.read(start_cache.Path(sys.argv[1]))
start_cache.keep_generated_code(cache)

@dataclasses.dataclass(frozen=True, order=True)
class Line:
    sku: str
    quantity: int = 1
    notes: list = dataclasses.field(default_factory=list, compare=False)

class Break(typing.NamedTuple):
    min_qty: int
    unit_price: str = "0"

Point = collections.namedtuple("Point", "x y", defaults=[0])
written = start_cache.finish()
line = Line("MF-SOCK", 3)
try:
    line.quantity = 4
    frozen = False
except dataclasses.FrozenInstanceError:
    frozen = True
print(json.dumps({
    "hits": cache.hits, "misses": cache.misses, "written": written,
    "line": [repr(line), line == Line("MF-SOCK", 3, ["x"]), line < Line("MF-SOCK", 4), frozen],
    "break": [repr(Break(50)), Break(50, "9.40")._asdict()], "point": repr(Point(1)),
    "hooks left": [hasattr(dataclasses, "exec"), hasattr(collections, "eval")],
}))
"""


def test_dataclasses_and_named_tuples_made_through_the_cache_behave_the_same(tmp_path: Path) -> None:
    def run(path: str) -> dict[str, object]:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        done = subprocess.run([sys.executable, "-c", _CLASSES, path], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        return dict(json.loads(done.stdout))

    first, second = run(str(tmp_path / "start.cache")), run(str(tmp_path / "start.cache"))
    assert first["misses"] and first["written"] is True
    assert (second["hits"], second["misses"], second["written"]) == (first["misses"], 0, False)
    expected = {
        "line": ["Line(sku='MF-SOCK', quantity=3, notes=[])", True, True, True],
        "break": ["Break(min_qty=50, unit_price='0')", {"min_qty": 50, "unit_price": "9.40"}],
        "point": "Point(x=1, y=0)",
        "hooks left": [False, False],
    }
    for start in (first, second):
        assert {key: start[key] for key in expected} == expected


def test_the_gui_thread_s_patterns_come_from_the_cache_and_a_worker_s_pass_through(tmp_path: Path) -> None:
    """Until finish(), a pattern the app compiles on the GUI thread is kept and comes back equal from the next
    start's cache; a pattern a worker compiles meanwhile is neither kept nor recorded in the GUI thread's place;
    finish() puts the regex compiler back."""
    import threading

    original = re._compiler.compile  # type: ignore[attr-defined]
    path = tmp_path / "start.cache"
    cache = StartCache(path)
    start_cache.keep_generated_code(cache)
    try:
        mine = re.compile(r"(?P<code>[A-Z]{2}-[A-Z]{3}-\d{3,4})\)$")
        theirs: list[re.Pattern[str]] = []
        worker = threading.Thread(target=lambda: theirs.append(re.compile(r"worker-only-(\d+)")))
        worker.start()
        worker.join()
    finally:
        assert start_cache.finish()
    assert re._compiler.compile is original  # type: ignore[attr-defined]
    kept = StartCache.read(path)
    assert (mine.pattern, 0) in kept.patterns  # keyed by what re.compile() was given
    assert not any(pattern == r"worker-only-(\d+)" for pattern, _flags in kept.patterns)
    again = _cached(kept, mine.pattern, 0)
    assert kept.hits == 1 and again == mine and again.search("Lodz Print (PL-LDZ-976)")["code"] == "PL-LDZ-976"
    assert theirs[0].match("worker-only-7")
