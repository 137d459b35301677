"""What the window's start compiles the same way every time, compiled once and kept.

Every process that imports PySide6 pays for Python work whose result is the same on every start:

- shiboken's signature support ships as a zip embedded in its library. Its importer
  (`signature_bootstrap.EmbeddableZipImporter`) compiles each module's source afresh: Python's bytecode
  cache does not reach modules compiled from memory (the bootstrap and 13 modules, 24-33 ms on the
  benchmark machine);
- those modules compile regular expressions at import, three of them brace-matching patterns of about 7 ms
  each (16 patterns, 16-27 ms).

Together that is a third of PySide6's import and about a sixth of the window's start-up. Then the app's own
modules define dataclasses and named tuples, whose methods the standard library writes as source and compiles
on every start (`dataclasses._create_fn`, `collections.namedtuple`): about 45 % of a dataclass's cost, 5-10 ms
of the pilots and dashboard pages' starts.

`import_qt()` imports PySide6's core with these results kept in one file beside this module's own bytecode:

- a module's code object, used only for byte-identical source and the same compiler flags;
- a pattern's arguments to `_sre.compile`, exactly as the standard library passed them, keyed by pattern and
  flags, so that a hit builds an equal Pattern without parsing;
- the code of a generated method, keyed by its source text, mode and compiler flags, and the app's own regular
  expressions (`keep_generated_code()`, from the command line's start until `finish()` after the first paint).

The file is tied to the Python build (version, bytecode magic, regex engine magic, optimisation level). A miss,
or a file that cannot be read, compiles as usual. The file is then written again, atomically, with what this
start used; it is not written when Python is told not to write bytecode. The PySide6 hooks are in place only
while PySide6 imports, on the one thread running then; the generated-code hooks are module globals of
`dataclasses` and `collections` that shadow their `exec` and `eval` until `finish()`, and the regex compiler's
hook answers the GUI thread only (a worker's pattern, compiled meanwhile, is neither cached nor recorded).

No library does this. Python's own bytecode cache is the nearest, and it stops at files on disk. The file lies
with the app's bytecode and is trusted as that is: whoever can change one can change the other.
"""

from __future__ import annotations
import __future__

import _sre
import builtins
import collections
import contextlib
import dataclasses
import marshal
import os
import re._compiler as regex_compiler
import sys
import threading
from collections.abc import Callable, Iterator
from importlib.util import MAGIC_NUMBER, cache_from_source
from pathlib import Path
from typing import Any

# The compiler flags a caller's `from __future__ import ...` passes on to compile() (PyCF_MASK).
_FUTURE_FLAGS = 0
for _feature in __future__.all_feature_names:
    _FUTURE_FLAGS |= getattr(__future__, _feature).compiler_flag
# The embedded modules' file names: the zip's members, and the bootstrap that loads them.
_EMBEDDED = ("shibokensupport/", "signature_bootstrap.py")
_FORMAT = 2  # of the cache file itself
_GENERATED_KEPT = 4_000  # generated methods kept across starts (every page's dataclasses: about 300)


def cache_file() -> Path:
    """Where the cache lives: beside this module's bytecode (honours PYTHONPYCACHEPREFIX)."""
    return Path(cache_from_source(__file__)).with_suffix(".start")


def _build_key() -> tuple[object, ...]:
    return (_FORMAT, sys.hexversion, MAGIC_NUMBER, _sre.MAGIC, sys.flags.optimize)


def _plain(value: Any) -> Any:
    """`value` with int subclasses (the regex compiler's named opcodes, RegexFlag) as plain ints: marshal
    refuses the subclasses."""
    if isinstance(value, bool) or value is None or isinstance(value, str | bytes):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    raise TypeError(f"not kept in the start-up cache: {type(value).__name__}")


class _RecordingSre:
    """Stands in for `_sre` in the regex compiler while one pattern compiles; keeps what compile() was given on
    the thread compiling that pattern (another thread's pattern, compiled meanwhile, passes through unrecorded)."""

    def __init__(self) -> None:
        self.arguments: tuple[Any, ...] | None = None
        self._thread = threading.get_ident()

    def compile(self, *arguments: Any) -> Any:
        if threading.get_ident() == self._thread:
            self.arguments = arguments
        return _sre.compile(*arguments)

    def __getattr__(self, name: str) -> Any:
        return getattr(_sre, name)


class StartCache:
    """Code objects, regex engine arguments and generated methods of one start, read from and written to `path`.

    `hits` and `misses` count all three kinds together. `used_*` hold what this start asked for, which is what
    gets written of the PySide6 kinds; the generated methods of earlier starts are kept too (pages differ), up to
    _GENERATED_KEPT. A plain class: a dataclass would cost the start-up its generated methods.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.code: dict[str, tuple[int, str | bytes, Any]] = {}
        self.patterns: dict[tuple[str | bytes, int], tuple[Any, ...]] = {}
        self.generated: dict[tuple[str, str, int], Any] = {}
        self.used_code: dict[str, tuple[int, str | bytes, Any]] = {}
        self.used_patterns: dict[tuple[str | bytes, int], tuple[Any, ...]] = {}
        self.used_generated: dict[tuple[str, str, int], Any] = {}
        self.hits = 0
        self.misses = 0
        self._unwritten = False  # a miss since the file was last written

    @classmethod
    def read(cls, path: Path) -> StartCache:
        """The cache at `path`; empty when it is missing, unreadable or made by another Python build."""
        cache = cls(path)
        try:
            data = marshal.loads(path.read_bytes())  # marshal.load(file) reads piece by piece: 10x slower
            if isinstance(data, dict) and data.get("key") == _build_key():
                cache.code, cache.patterns = dict(data["code"]), dict(data["patterns"])
                cache.generated = dict(data["generated"])
        except (OSError, EOFError, ValueError, TypeError, KeyError):
            pass  # compiled as usual, and written again
        return cache

    def compile_source(
        self, original: Callable[..., Any], source: str | bytes, filename: str, future: int, optimize: int
    ) -> Any:
        """What compile(source, filename, "exec") gives with the caller's __future__ flags `future`."""
        kept = self.code.get(filename)
        if kept is not None and kept[0] == future and kept[1] == source:
            code = kept[2]
            self.hits += 1
        else:
            code = original(source, filename, "exec", future, True, optimize)
            self._missed()
        self.used_code[filename] = (future, source, code)
        return code

    def compile_pattern(self, original: Callable[[Any, int], Any], pattern: str | bytes, flags: int) -> Any:
        """What the standard library's regex compiler gives for `pattern` and `flags`."""
        key = (pattern, int(flags))
        arguments = self.patterns.get(key)
        if arguments is not None:
            self.hits += 1
            compiled = _sre.compile(*arguments)
        else:
            recorder = _RecordingSre()
            regex_compiler._sre = recorder
            try:
                compiled = original(pattern, flags)
            finally:
                regex_compiler._sre = _sre
            self._missed()
            if recorder.arguments is None:
                return compiled
            try:
                arguments = _plain(recorder.arguments)
            except TypeError:
                return compiled
            self.patterns[key] = arguments
        self.used_patterns[key] = arguments
        return compiled

    def compile_generated(self, source: str, mode: str, future: int) -> Any:
        """What compile(source, "<string>", mode) gives with the caller's __future__ flags `future` (the code
        exec() and eval() make of a string)."""
        key = (source, mode, future)
        code = self.generated.get(key)
        if code is None:
            code = builtins.compile(source, "<string>", mode, future, True)
            self.generated[key] = code
            self._missed()
        else:
            self.hits += 1
        self.used_generated[key] = code
        return code

    def _missed(self) -> None:
        self.misses += 1
        self._unwritten = True

    def write(self) -> bool:
        """Write what this start used (and the generated methods of earlier starts, up to a bound), when anything
        was compiled since the last write; True when the file was replaced."""
        if not self._unwritten or sys.dont_write_bytecode:
            return False
        import tempfile  # only a start that compiled anything writes

        generated = self.generated if len(self.generated) <= _GENERATED_KEPT else self.used_generated
        patterns = self.patterns if len(self.patterns) <= _GENERATED_KEPT else self.used_patterns
        data = {"key": _build_key(), "code": self.used_code, "patterns": patterns, "generated": generated}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as out:
                    marshal.dump(data, out)
                os.replace(temporary, self.path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except (OSError, ValueError):
            return False  # a read-only install: the next start compiles again, as it would without the cache
        self._unwritten = False
        return True

    @contextlib.contextmanager
    def hooked(self) -> Iterator[None]:
        """builtins.compile and the regex compiler answer from this cache inside the block."""
        original_compile = builtins.compile
        original_pattern = regex_compiler.compile

        def compile(
            source: Any, filename: Any, mode: str, flags: int = 0, dont_inherit: bool = False, **kw: Any
        ) -> Any:
            if not dont_inherit:  # what compile() inherits from its caller, which is no longer its caller
                flags |= sys._getframe(1).f_code.co_flags & _FUTURE_FLAGS
            optimize = kw.get("optimize", -1)
            embedded = isinstance(filename, str) and filename.startswith(_EMBEDDED) and isinstance(source, str | bytes)
            if embedded and mode == "exec" and flags & ~_FUTURE_FLAGS == 0 and set(kw) <= {"optimize"}:
                return self.compile_source(original_compile, source, filename, flags, optimize)
            return original_compile(source, filename, mode, flags, True, **kw)

        def compile_pattern(pattern: Any, flags: int = 0) -> Any:
            if isinstance(pattern, str | bytes) and isinstance(flags, int):
                return self.compile_pattern(original_pattern, pattern, flags)
            return original_pattern(pattern, flags)

        builtins.compile = compile  # type: ignore[assignment]
        regex_compiler.compile = compile_pattern
        try:
            yield
        finally:
            builtins.compile = original_compile
            regex_compiler.compile = original_pattern


def _generated_by(cache: StartCache, run: Callable[..., Any], mode: str) -> Callable[..., Any]:
    """exec or eval (`run`, in `mode`) taking a string's code from `cache`, as the caller would have compiled it."""

    def run_cached(source: Any, globals: Any = None, locals: Any = None, /) -> Any:
        caller = sys._getframe(1)
        if globals is None:  # the caller's namespaces, which `run` called from here would not see
            globals, locals = caller.f_globals, caller.f_locals if locals is None else locals
        if isinstance(source, str):
            source = cache.compile_generated(source, mode, caller.f_code.co_flags & _FUTURE_FLAGS)
        return run(source, globals, locals)

    return run_cached


# The modules whose generated code is taken from the cache, and the builtin each calls by its global name.
_GENERATING = ((dataclasses, "exec", builtins.exec), (collections, "eval", builtins.eval))
_kept: StartCache | None = None
_PATTERN_COMPILER = regex_compiler.compile


def keep_generated_code(cache: StartCache) -> None:
    """Until finish(): the methods dataclasses write and named tuples' __new__ are compiled through `cache`, and
    so are the regular expressions the GUI thread compiles (the app's modules compile theirs at import: 1-2 ms a
    start). Other threads compile their patterns as usual."""
    global _kept
    _kept = cache
    for module, name, run in _GENERATING:
        setattr(module, name, _generated_by(cache, run, name))
    thread = threading.get_ident()

    def compile_pattern(pattern: Any, flags: int = 0) -> Any:
        if threading.get_ident() == thread and isinstance(pattern, str | bytes) and isinstance(flags, int):
            return cache.compile_pattern(_PATTERN_COMPILER, pattern, flags)
        return _PATTERN_COMPILER(pattern, flags)

    regex_compiler.compile = compile_pattern


def finish() -> bool:
    """Put dataclasses, collections and the regex compiler back as they were and write the cache if anything new
    was compiled; True when the file was written. Nothing to do without keep_generated_code()."""
    global _kept
    cache, _kept = _kept, None
    for module, name, _run in _GENERATING:
        module.__dict__.pop(name, None)
    regex_compiler.compile = _PATTERN_COMPILER
    return cache.write() if cache is not None else False


def import_qt(path: Path | None = None) -> StartCache | None:
    """Import PySide6.QtCore through the start-up cache at `path` (cache_file() by default) and write the cache
    back when anything was compiled. None when PySide6 was already imported (nothing to save then)."""
    if "PySide6.QtCore" in sys.modules:
        return None
    cache = StartCache.read(path or cache_file())
    with cache.hooked():
        import PySide6.QtCore  # noqa: F401 - the import being sped up
    cache.write()
    return cache
