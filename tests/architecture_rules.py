"""Reads the package's source (never imports it) and reports every break of the house rules in docs/architecture.md.

Every import form counts: `import a.b`, `from a import b`, relative imports, aliases, package-level
imports (`from microfactory_desk import db` imports `microfactory_desk.db`), dynamic imports with a literal
name (`importlib.import_module("...")`, `__import__("...")`), and imports inside functions. Imports under
`if TYPE_CHECKING:` count as well: a name imported only for the type checker still ties the floors
together (a GUI module that names `Session` in a signature is one edit away from holding one).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

PACKAGE_NAME = "microfactory_desk"
P = PACKAGE_NAME + "."

# The composition roots: the only modules that may construct a service (rule 4).
COMPOSITION_ROOTS = (P + "wiring", P + "ui.app")

# Rule 6: SQL only SQLite understands (or that works on SQLite's text dates only), found in string literals.
SQLITE_ONLY_SQL = {
    "strftime(": r"\bstrftime\s*\(",
    "julianday(": r"\bjulianday\s*\(",
    "unixepoch(": r"\bunixepoch\s*\(",
    "INSERT OR ...": r"\binsert\s+or\s+(replace|ignore|abort|fail|rollback)\b",
    "REPLACE INTO": r"^\s*replace\s+into\b",
    "PRAGMA": r"\bpragma\b",
    "GLOB": r"\sglob\s",
    # SQL date functions work on SQLite's text dates only; written without a space, unlike prose ("a date (...)").
    "date(...)": r"\bdate\(",
    "datetime(...)": r"\bdatetime\(",
    "time(...)": r"\btime\(",
    "'now'": r"'now'",
    "ifnull(": r"\bifnull\s*\(",
    "group_concat(": r"\bgroup_concat\s*\(",
    "instr(": r"\binstr\s*\(",
    "printf(": r"\bprintf\s*\(",
    "iif(": r"\biif\s*\(",
    "COLLATE NOCASE": r"\bcollate\s+nocase\b",
}


@dataclass(frozen=True, order=True)
class Finding:
    """One break of one rule: where it is and what was found."""

    rule: str
    path: str  # relative to the folder holding the package, e.g. microfactory_desk/ui/app.py
    line: int
    detail: str

    def __str__(self) -> str:
        return f"rule {self.rule}: {self.path}:{self.line}: {self.detail}"


@dataclass(frozen=True)
class ImportRecord:
    """One imported module, absolute and dotted, with the form it was written in."""

    name: str
    line: int
    form: str  # plain, from, relative, dynamic; prefixed by "function " / "type-checking " where it applies


@dataclass(frozen=True)
class ImportRule:
    """Modules under any of `sources` (dotted prefixes) must not import anything under `forbidden`."""

    rule: str
    sources: tuple[str, ...]
    forbidden: tuple[str, ...]
    allowed_in: tuple[str, ...] = ()  # modules exempt from this rule


def _under(name: str, prefixes: Iterable[str]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


LOWER_FLOORS = tuple(
    P + n
    for n in ("models", "schemas", "services", "exports", "imports", "demo", "migrations")
    + ("db", "errors", "paths", "clock")
)
IMPORT_RULES = (
    ImportRule("1", LOWER_FLOORS, ("PySide6", "shiboken6")),
    ImportRule("2", (P + "ui",), ("sqlalchemy", "alembic", P + "models", P + "migrations")),
    ImportRule("2", (P + "ui",), (P + "db",), allowed_in=(P + "ui.app",)),
    ImportRule(
        "3",
        (P + "exports", P + "imports"),
        ("sqlalchemy", "alembic", P + "db", P + "models", P + "services", P + "migrations"),
    ),
    ImportRule("3", LOWER_FLOORS, (P + "ui", P + "cli", P + "commands", P + "wiring", P + "__main__")),
    ImportRule("3", (P + "schemas",), ("sqlalchemy", "alembic", P + "db", P + "models", P + "services", P + "demo")),
    ImportRule("3", (P + "models",), (P + "services", P + "exports", P + "imports", P + "demo")),
    ImportRule("3", (P + "services",), (P + "demo",)),
)
RULE6_SOURCES = (P + "services", P + "demo", P + "imports", P + "exports")
# Rule 4's other half: the GUI and the CLI are handed each service they use, never reach through one to another.
REACH_SOURCES = (P + "ui", P + "commands")


def module_name(path: Path, root: Path) -> str:
    """The dotted module name of `path`, a file inside the package folder `root`."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _package_of(module: str, path: Path) -> str:
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def _resolve(name: str, level: int, package: str) -> str:
    """The absolute name of a `level`-dots relative import of `name` from inside `package`."""
    if level == 0:
        return name
    base = package.split(".")
    base = base[: len(base) - (level - 1)] if level > 1 else base
    return ".".join([*base, name] if name else base)


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _context(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> str:
    """'function ' and/or 'type-checking ' when the node sits in a function body or an `if TYPE_CHECKING:` block."""
    words = []
    child, up = node, parents.get(node)
    while up is not None:
        if isinstance(up, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) and "function " not in words:
            words.append("function ")
        if isinstance(up, ast.If) and child in up.body and _is_type_checking(up.test):
            words.append("type-checking ")
        child, up = up, parents.get(up)
    return "".join(words)


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _import_module_names(tree: ast.AST) -> set[str]:
    """The names `import_module` goes by in this file (`from importlib import import_module as load`)."""
    names = {"import_module"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "importlib":
            names.update(a.asname for a in node.names if a.name == "import_module" and a.asname)
    return names


def _dynamic_target(call: ast.Call, loaders: set[str]) -> tuple[str, str | None] | None:
    """(name, package) of `importlib.import_module("x")`, `import_module("x")` or `__import__("x")` with a literal."""
    func = call.func
    called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    called = "import_module" if called in loaders else called
    if called not in ("import_module", "__import__") or not call.args:
        return None
    name = _literal(call.args[0])
    if name is None:
        return None
    package = _literal(call.args[1]) if called == "import_module" and len(call.args) > 1 else None
    for keyword in call.keywords:
        if keyword.arg == "package":
            package = _literal(keyword.value)
    return name, package


def imports_of(path: Path, root: Path) -> list[ImportRecord]:
    """Every module the file imports, by any form, as absolute dotted names."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _package_of(module_name(path, root), path)
    parents = _parents(tree)
    loaders = _import_module_names(tree)
    found: list[ImportRecord] = []
    for node in ast.walk(tree):
        where = _context(node, parents)
        if isinstance(node, ast.Import):
            found += [ImportRecord(a.name, node.lineno, where + "plain") for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node.module or "", node.level, package)
            form = where + ("relative" if node.level else "from")
            found.append(ImportRecord(base, node.lineno, form))
            # `from pkg import mod` imports the module pkg.mod; for a plain name the extra entry is harmless.
            found += [ImportRecord(f"{base}.{a.name}", node.lineno, form) for a in node.names if a.name != "*"]
        elif isinstance(node, ast.Call) and (target := _dynamic_target(node, loaders)):
            name, anchor = target
            if name.startswith("."):
                level = len(name) - len(name.lstrip("."))
                name = _resolve(name.lstrip("."), level, anchor or package)
            found.append(ImportRecord(name, node.lineno, where + "dynamic"))
    return found


def package_files(root: Path) -> Iterator[Path]:
    """Every Python file of the package, sorted, caches left out."""
    yield from sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def import_findings(root: Path) -> list[Finding]:
    """Breaks of the import rules (1, 2, 3) anywhere in the package."""
    findings = set()
    for path in package_files(root):
        module = module_name(path, root)
        rules = [r for r in IMPORT_RULES if _under(module, r.sources) and not _under(module, r.allowed_in)]
        if not rules:
            continue
        for record in imports_of(path, root):
            for rule in rules:
                if _under(record.name, rule.forbidden):
                    detail = f"{record.form} import of {_top_forbidden(record.name, rule.forbidden)}"
                    findings.add(Finding(rule.rule, _rel(path, root), record.line, detail))
    return sorted(findings)


def _top_forbidden(name: str, forbidden: tuple[str, ...]) -> str:
    """The forbidden name matched, so `from x import a, b` reports one finding per line, not one per name."""
    return next(f for f in forbidden if name == f or name.startswith(f + "."))


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root.parent).as_posix()


def _annotation_names(node: ast.expr | None) -> set[str]:
    if node is None:
        return set()
    if isinstance(node, ast.Constant) and isinstance(node.value, str):  # a quoted annotation
        try:
            node = ast.parse(node.value, mode="eval").body
        except SyntaxError:
            return set()
    return {
        n.id if isinstance(n, ast.Name) else n.attr for n in ast.walk(node) if isinstance(n, ast.Name | ast.Attribute)
    }


def service_classes(root: Path) -> set[str]:
    """Names of the service classes: classes under services/ whose constructor receives the database
    (`Database`, or a `Reader` over it) or another service, and their subclasses.

    Value objects defined there (NamedTuples, Protocols, exceptions, small holders such as the pricing
    context) take plain values, so building them is not wiring and stays allowed everywhere.
    """
    classes: dict[str, ast.ClassDef] = {}
    for path in package_files(root / "services"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        classes.update((n.name, n) for n in ast.walk(tree) if isinstance(n, ast.ClassDef))
    services = {"Database", "Reader"}
    grew = True
    while grew:  # a class taking a service is a service too: repeat until nothing new is found
        grew = False
        for name, cls in classes.items():
            if name in services:
                continue
            bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in cls.bases}
            init = next((n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None)
            args = [] if init is None else init.args.args[1:] + init.args.kwonlyargs + init.args.posonlyargs
            takes = set().union(*(_annotation_names(a.annotation) for a in args)) if args else set()
            if (bases | takes) & services:
                services.add(name)
                grew = True
    return services - {"Database", "Reader"}


def _service_aliases(tree: ast.AST, services: set[str]) -> dict[str, str]:
    """Local names bound to a service class by `from ... import Service as Alias`."""
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name in services and alias.asname:
                    aliases[alias.asname] = alias.name
    return aliases


def construction_findings(root: Path, services: set[str] | None = None) -> list[Finding]:
    """Rule 4: a call to a service class (by name, alias or `module.Class`) outside the composition roots."""
    services = service_classes(root) if services is None else services
    findings = []
    for path in package_files(root):
        if _under(module_name(path, root), COMPOSITION_ROOTS):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n: n for n in services} | _service_aliases(tree, services)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if called in names:
                findings.append(Finding("4", _rel(path, root), node.lineno, f"constructs {names[called]}"))
    return sorted(findings)


def container_attributes(root: Path) -> set[str]:
    """The services the container offers: the cached properties of `Services` in wiring.py."""
    tree = ast.parse((root / "wiring.py").read_text(encoding="utf-8"))
    container = next(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == "Services")
    return {
        f.name
        for f in container.body
        if isinstance(f, ast.FunctionDef)
        and any(
            (d.id if isinstance(d, ast.Name) else getattr(d, "attr", "")) == "cached_property" for d in f.decorator_list
        )
    }


def _service_name(node: ast.expr, services: set[str]) -> str | None:
    """The name when `node` reads like a service: `x.orders`, `x._orders()`, `orders`, `files()`. Pages name
    providers after a service or its last word (`_files` for order_files, `_reports` for inspection_reports)."""
    node = node.func if isinstance(node, ast.Call) else node
    name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""
    bare = name.lstrip("_")
    return name if bare and (bare in services or any(s.endswith("_" + bare) for s in services)) else None


def reach_through_findings(root: Path, services: set[str] | None = None) -> list[Finding]:
    """Rule 4: code in ui/ or commands/ reading a service held by a service (`services.order_files.orders`,
    `self._files().orders`, `quality.inspections`) instead of being handed that service by a composition root.

    A syntax check: it knows names, not types, so a service kept under an unrelated name passes unseen.
    """
    services = container_attributes(root) if services is None else services
    findings = []
    for path in package_files(root):
        if not _under(module_name(path, root), REACH_SOURCES):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and _service_name(node, services):
                outer = _service_name(node.value, services)
                if outer is not None:
                    detail = f"reaches through {outer} to {node.attr}"
                    findings.append(Finding("4", _rel(path, root), node.lineno, detail))
    return sorted(findings)


def _sql_literals(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """String literals and the literal parts of f-strings, docstrings left out (they talk about SQL)."""
    parents = _parents(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if isinstance(parents.get(node), ast.Expr):
                continue  # a docstring or a bare string statement, never run
            yield node.lineno, node.value


def sql_findings(root: Path) -> list[Finding]:
    """Rule 6: SQLite-only SQL in string literals of services/, demo/, imports/, exports/ (db.py owns the dialect)."""
    patterns = {label: re.compile(rx, re.IGNORECASE | re.MULTILINE) for label, rx in SQLITE_ONLY_SQL.items()}
    findings = []
    for path in package_files(root):
        if not _under(module_name(path, root), RULE6_SOURCES):
            continue
        for line, text in _sql_literals(ast.parse(path.read_text(encoding="utf-8"))):
            for label, pattern in patterns.items():
                if pattern.search(text):
                    findings.append(Finding("6", _rel(path, root), line, f"SQLite-only SQL {label} in {text[:60]!r}"))
    return sorted(findings)


def all_findings(root: Path) -> list[Finding]:
    """Every break of rules 1, 2, 3, 4 and 6 in the package at `root`."""
    found = [*import_findings(root), *construction_findings(root), *reach_through_findings(root), *sql_findings(root)]
    return sorted(found)


def dto_classes(root: Path) -> list[str]:
    """Classes under services/ shaped as DTOs (NamedTuple, dataclass, pydantic model): they belong in schemas/."""
    found = []
    for path in package_files(root / "services"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases}
            marks = {d.id if isinstance(d, ast.Name) else getattr(d, "attr", "") for d in node.decorator_list}
            calls = {
                getattr(d.func, "id", getattr(d.func, "attr", ""))
                for d in node.decorator_list
                if isinstance(d, ast.Call)
            }
            if bases & {"NamedTuple", "BaseModel", "TypedDict"} or (marks | calls) & {"dataclass"}:
                found.append(f"{_rel(path, root)}: {node.name}")
    return sorted(found)
