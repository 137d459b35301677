"""Rules 1, 2, 3 and the dialect half of 6, read off every import of every module.

Every way of importing counts: `import a.b`, `from a import b`, relative imports, aliases, package-level imports
(`from microfactory_desk import db` imports `microfactory_desk.db`), imports inside functions and under
`if TYPE_CHECKING:` (a name imported for the type checker still ties the floors together), dynamic imports
through `importlib.import_module` or `__import__` however the loader is reached (an alias, `load =
importlib.import_module`, `getattr(importlib, "import_module")`, `__import__(..., fromlist=[...])`),
`sys.modules["..."]`, and attribute chains on an imported package (`import microfactory_desk` then
`microfactory_desk.db.open_database(...)`). A dynamic import whose name is neither a literal nor a module
constant cannot be read, so it is itself a finding (rule 5) wherever imports are restricted.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from tests.architecture.source import (
    Finding,
    P,
    context,
    dotted,
    fold,
    literal,
    module_name,
    modules,
    name_of,
    parents_of,
    rel,
    string_constants,
    tree_of,
    under,
)

COMPUTED = "?"  # the name of a dynamic import the checker cannot read


@dataclass(frozen=True)
class ImportRecord:
    """One imported module, absolute and dotted, with the form it was written in."""

    name: str
    line: int
    form: str  # plain, from, relative, dynamic, attribute, computed; prefixed by "function " / "type-checking "


@dataclass(frozen=True)
class ImportRule:
    """Modules under any of `sources` (dotted prefixes) must not import anything under `forbidden`."""

    rule: str
    sources: tuple[str, ...]
    forbidden: tuple[str, ...]
    allowed_in: tuple[str, ...] = ()  # modules exempt from this rule
    module_level_only: bool = False  # imports inside a function are allowed (loaded only when called)


QT = ("PySide6", "shiboken6")
LOWER_FLOORS = tuple(
    P + n
    for n in ("models", "schemas", "services", "exports", "imports", "demo", "migrations")
    + ("db", "errors", "paths", "clock")
)
# The command line runs without Qt: cli.py, commands/ and the container they share import no GUI when loaded
# (commands/window.py's screenshot imports the GUI inside the function that needs it).
HEADLESS = (P + "cli", P + "commands", P + "wiring")
# Where SQL runs and must stay portable: dialect specifics live in db.py (and in migrations/, Alembic's own).
RULE6_SOURCES = (P + "services", P + "demo", P + "imports", P + "exports", P + "commands", P + "cli", P + "wiring")
IMPORT_RULES = (
    ImportRule("1", LOWER_FLOORS, QT),
    ImportRule("1", HEADLESS, (*QT, P + "ui"), module_level_only=True),
    ImportRule("2", (P + "ui",), ("sqlalchemy", "alembic", P + "models", P + "migrations")),
    ImportRule("2", (P + "ui",), (P + "db",), allowed_in=(P + "ui.app",)),
    # The CLI calls services too; reading HEAD_REVISION off migrations/ (no Alembic loaded) stays allowed.
    ImportRule("2", (P + "cli", P + "commands"), ("sqlalchemy", "alembic", P + "models")),
    ImportRule(
        "3",
        (P + "exports", P + "imports"),
        ("sqlalchemy", "alembic", P + "db", P + "models", P + "services", P + "migrations"),
    ),
    ImportRule("3", LOWER_FLOORS, (P + "ui", P + "cli", P + "commands", P + "wiring", P + "__main__")),
    ImportRule("3", (P + "schemas",), ("sqlalchemy", "alembic", P + "db", P + "models", P + "services", P + "demo")),
    ImportRule("3", (P + "models",), (P + "services", P + "exports", P + "imports", P + "demo")),
    ImportRule("3", (P + "services",), (P + "demo",)),
    ImportRule("6", RULE6_SOURCES, ("sqlalchemy.dialects",)),
)

_LOADERS = ("import_module", "__import__")


def _package_of(module: str, path: Path) -> str:
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def _resolve(name: str, level: int, package: str) -> str:
    """The absolute name of a `level`-dots relative import of `name` from inside `package`."""
    if level == 0:
        return name
    base = package.split(".")
    base = base[: len(base) - (level - 1)] if level > 1 else base
    return ".".join([*base, name] if name else base)


def _getattr_loader(node: ast.AST) -> str | None:
    """`import_module` for `getattr(importlib, "import_module")` (and the same for `__import__`)."""
    if isinstance(node, ast.Call) and name_of(node.func) == "getattr" and len(node.args) >= 2:
        text = literal(node.args[1])
        return text if text in _LOADERS else None
    return None


def _loader_names(tree: ast.AST) -> dict[str, str]:
    """Local names that call the import machinery, whatever they are called: `from importlib import
    import_module as load`, `load = importlib.import_module`, `load = getattr(importlib, "import_module")`."""
    names = {n: n for n in _LOADERS}
    for _ in range(3):  # an alias of an alias: a few rounds reach every chain written in practice
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module in ("importlib", "builtins"):
                names.update((a.asname, a.name) for a in node.names if a.name in _LOADERS and a.asname)
            elif isinstance(node, ast.Assign) and (kind := _loader_kind(node.value, names)):
                names.update((t.id, kind) for t in node.targets if isinstance(t, ast.Name))
    return names


def _loader_kind(func: ast.AST, names: dict[str, str]) -> str | None:
    """Which loader `func` is (`import_module` or `__import__`), else None."""
    if isinstance(func, ast.Name):
        return names.get(func.id)
    if isinstance(func, ast.Attribute) and func.attr in _LOADERS:
        return func.attr
    return _getattr_loader(func)


def _argument(call: ast.Call, index: int, keyword: str) -> ast.expr | None:
    if len(call.args) > index:
        return call.args[index]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


def _dynamic_names(call: ast.Call, kind: str, package: str, constants: dict[str, str]) -> list[str]:
    """The modules a loader call imports; COMPUTED when a name cannot be read."""
    raw = _argument(call, 0, "name")
    name = fold(raw, constants)
    if name is None:
        return [COMPUTED]
    # A name built at run time is reported even when the checker can fold it: the next edit may not fold.
    names = [] if literal(raw) is not None else [COMPUTED]
    if kind == "import_module":
        anchor = fold(_argument(call, 1, "package"), constants) or package
        if name.startswith("."):
            level = len(name) - len(name.lstrip("."))
            name = _resolve(name.lstrip("."), level, anchor)
        return [*names, name]
    names.append(name)
    fromlist = _argument(call, 3, "fromlist")
    if fromlist is not None:
        items = fromlist.elts if isinstance(fromlist, ast.List | ast.Tuple | ast.Set) else [fromlist]
        for item in items:
            text = fold(item, constants)
            names += [] if text is None else [f"{name}.{text}"]
            names += [] if literal(item) is not None else [COMPUTED]
    return names


def _sys_modules_key(node: ast.AST) -> ast.AST | None:
    """The key of `sys.modules[key]` or `sys.modules.get(key)`, else None."""
    if isinstance(node, ast.Subscript) and dotted(node.value) == "sys.modules":
        return node.slice
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("get", "pop"):
        if dotted(node.func.value) == "sys.modules" and node.args:
            return node.args[0]
    return None


def _bindings(tree: ast.AST, package: str) -> dict[str, str]:
    """Local names bound to a module (or a name in one) by an import: `import a.b` binds a, `import a.b as x`
    binds x to a.b, `from a import b as x` binds x to a.b."""
    bound = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                bound[a.asname or a.name.partition(".")[0]] = a.name if a.asname else a.name.partition(".")[0]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node.module or "", node.level, package)
            bound.update((a.asname or a.name, f"{base}.{a.name}") for a in node.names if a.name != "*")
    return bound


def imports_of(path: Path, root: Path) -> list[ImportRecord]:
    """Every module the file imports or reaches, by any form, as absolute dotted names."""
    tree = tree_of(path)
    package = _package_of(module_name(path, root), path)
    parents = parents_of(tree)
    loaders = _loader_names(tree)
    constants = string_constants(tree)
    bound = _bindings(tree, package)
    found: list[ImportRecord] = []
    for node in ast.walk(tree):
        where = context(node, parents)
        if isinstance(node, ast.Import):
            found += [ImportRecord(a.name, node.lineno, where + "plain") for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node.module or "", node.level, package)
            form = where + ("relative" if node.level else "from")
            found.append(ImportRecord(base, node.lineno, form))
            # `from pkg import mod` imports the module pkg.mod; for a plain name the extra entry is harmless.
            found += [ImportRecord(f"{base}.{a.name}", node.lineno, form) for a in node.names if a.name != "*"]
        elif isinstance(node, ast.Call) and (kind := _loader_kind(node.func, loaders)):
            names = _dynamic_names(node, kind, package, constants)
            found += [ImportRecord(n, node.lineno, where + ("computed" if n == COMPUTED else "dynamic")) for n in names]
        if (key := _sys_modules_key(node)) is not None:
            name = fold(key, constants)
            if name is not None:
                found.append(ImportRecord(name, node.lineno, where + "dynamic"))
            if literal(key) is None:
                found.append(ImportRecord(COMPUTED, node.lineno, where + "computed"))
        if isinstance(node, ast.Attribute) and not isinstance(parents.get(node), ast.Attribute):
            chain = dotted(node)
            head, _, rest = (chain or "").partition(".")
            if chain and head in bound:
                found.append(ImportRecord(f"{bound[head]}.{rest}", node.lineno, where + "attribute"))
    return found


def _top_forbidden(name: str, forbidden: tuple[str, ...]) -> str:
    """The forbidden name matched, so `from x import a, b` reports one finding per line, not one per name."""
    return next(f for f in forbidden if under(name, (f,)))


def import_findings(root: Path) -> list[Finding]:
    """Breaks of the import rules (1, 2, 3, 6's dialects) anywhere in the package, and unreadable imports (5)."""
    findings = set()
    for path, module in modules(root):
        rules = [r for r in IMPORT_RULES if under(module, r.sources) and not under(module, r.allowed_in)]
        if not rules:
            continue
        for record in imports_of(path, root):
            if record.name == COMPUTED:
                detail = "dynamic import of a name that is not a literal (the checker cannot be sure to read it)"
                findings.add(Finding("5", rel(path, root), record.line, detail))
                continue
            for rule in rules:
                if rule.module_level_only and "function " in record.form:
                    continue
                if under(record.name, rule.forbidden):
                    detail = f"{record.form} import of {_top_forbidden(record.name, rule.forbidden)}"
                    findings.add(Finding(rule.rule, rel(path, root), record.line, detail))
    return sorted(findings)
