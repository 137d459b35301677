"""Rule 4: services are built only in the composition roots, and no service builds another.

A service is recognised by its shape, not by its annotations: a class defined under services/ whose name ends
in one of SERVICE_SUFFIXES, or whose constructor takes the database (`db`, `reader`, or a `Database`/`Reader`)
or another service, or that subclasses a service. Any *use* of a service class outside the roots counts, not
only a call: a `functools.partial`, a dict of classes, an alias (`cls = Roster; cls(db)`), a subclass,
`getattr(module, "RosterService")`. Naming
one in a type annotation (or under `if TYPE_CHECKING:`) is not a use. The container itself (`Services`,
`AppServices`) is built only by the GUI's root (ui/app.py) and the command line's (commands/context.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.architecture.source import (
    Finding,
    P,
    in_annotation,
    literal,
    modules,
    name_of,
    parents_of,
    rel,
    tree_of,
    under,
)

# The composition roots: the only modules that may construct a service.
COMPOSITION_ROOTS = (P + "wiring", P + "ui.app")
# The only modules that may build the container of every service.
CONTAINER_ROOTS = (P + "ui.app", P + "commands.context")
CONTAINERS = ("Services", "AppServices")
SERVICE_SUFFIXES = ("Service", "Files", "Import", "Reports", "Pricing", "List")
# Constructor parameters that hand a class the database: a class that takes one is a service.
DATABASE_PARAMETERS = {"db", "reader", "database"}
DATABASE_TYPES = {"Database", "Reader"}


def _annotation_names(node: ast.expr | None) -> set[str]:
    if node is None:
        return set()
    if isinstance(node, ast.Constant) and isinstance(node.value, str):  # a quoted annotation
        try:
            node = ast.parse(node.value, mode="eval").body
        except SyntaxError:
            return set()
    return {name_of(n) for n in ast.walk(node) if isinstance(n, ast.Name | ast.Attribute)}


def _classes(root: Path) -> dict[str, ast.ClassDef]:
    found: dict[str, ast.ClassDef] = {}
    for path, _ in modules(root, (P + "services",)):
        found.update((n.name, n) for n in ast.walk(tree_of(path)) if isinstance(n, ast.ClassDef))
    return found


def _is_exception(cls: ast.ClassDef) -> bool:
    return any(name_of(b).endswith(("Error", "Exception", "Rejected", "Done")) for b in cls.bases)


def service_classes(root: Path) -> set[str]:
    """Names of the service classes defined under services/ (see the module docstring for the shape).

    Value objects defined there (NamedTuples, Protocols, exceptions, small holders such as the pricing
    context) take plain values, so building them is not wiring and stays allowed everywhere.
    """
    classes = _classes(root)
    services = {n for n, c in classes.items() if n.endswith(SERVICE_SUFFIXES) and not _is_exception(c)}
    grew = True
    while grew:  # a class taking (or extending) a service is a service too: repeat until nothing new is found
        grew = False
        for name, cls in classes.items():
            if name in services or _is_exception(cls):
                continue
            init = next((n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None)
            args = [] if init is None else init.args.posonlyargs + init.args.args[1:] + init.args.kwonlyargs
            takes = {a.arg for a in args} & DATABASE_PARAMETERS
            types = set().union(*(_annotation_names(a.annotation) for a in args)) if args else set()
            bases = {name_of(b) for b in cls.bases}
            if takes or (types | bases) & (services | DATABASE_TYPES):
                services.add(name)
                grew = True
    return services


def wiring_classes(root: Path) -> set[str]:
    """The classes the container builds: every class called in a cached property of `Services` in wiring.py."""
    tree = tree_of(root / "wiring.py")
    container = next(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == "Services")
    built = set()
    for prop in container.body:
        if isinstance(prop, ast.FunctionDef) and any(name_of(d) == "cached_property" for d in prop.decorator_list):
            built |= {name_of(n.func) for n in ast.walk(prop) if isinstance(n, ast.Call) and name_of(n.func)}
    return built


def _aliases(tree: ast.AST, services: set[str]) -> dict[str, str]:
    """Local names bound to a service class by `from ... import Service as Alias`."""
    return {
        a.asname: a.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for a in node.names
        if a.name in services and a.asname
    }


def _shared_not_built(node: ast.AST, parent: ast.AST | None) -> bool:
    """Inside services/: a subclass of a service (it is one) or a static helper read off a service class
    (`OrderPricing.price_lines(session, ...)`) builds nothing; `Service.__init__`/`__new__` would."""
    if isinstance(parent, ast.ClassDef):
        return node in parent.bases
    return isinstance(parent, ast.Attribute) and parent.value is node and not parent.attr.startswith("__")


def construction_findings(root: Path, services: set[str] | None = None) -> list[Finding]:
    """Rule 4: a use of a service class (by name, alias or `module.Class`) outside the composition roots, and a
    use of the container outside its two roots (see `_shared_not_built` for what services/ may do)."""
    services = service_classes(root) if services is None else services
    findings = []
    for path, module in modules(root):
        tree = tree_of(path)
        parents = parents_of(tree)
        wanted = {} if under(module, COMPOSITION_ROOTS) else {n: n for n in services} | _aliases(tree, services)
        if not under(module, (*CONTAINER_ROOTS, P + "wiring")):
            wanted |= {n: n for n in CONTAINERS} | _aliases(tree, set(CONTAINERS))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and name_of(node.func) == "getattr" and len(node.args) >= 2:
                if (used := wanted.get(literal(node.args[1]) or "")) is not None:
                    findings.append(Finding("4", rel(path, root), node.lineno, f"uses {used} (getattr)"))
            if not isinstance(node, ast.Name | ast.Attribute) or isinstance(getattr(node, "ctx", None), ast.Store):
                continue
            used = wanted.get(name_of(node))
            if used is None or in_annotation(node, parents):
                continue
            parent = parents.get(node)
            if under(module, (P + "services",)) and _shared_not_built(node, parent):
                continue
            how = "builds" if isinstance(parent, ast.Call) and parent.func is node else "uses"
            findings.append(Finding("4", rel(path, root), node.lineno, f"{how} {used}"))
    return sorted(set(findings))
