"""What the GUI and the CLI may read off the container: one service each, never one through another (rule 4),
and never the database it holds (rule 2), apart from its label for the status bar and closing it when another
database is opened.

A syntax check: it knows names, not types, so a service kept under an unrelated name passes unseen; a local
name bound to a service (`files = services.order_files`) is followed within the file.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.architecture.source import Finding, P, dotted, modules, name_of, rel, tree_of

# Rule 4's other half: the GUI and the CLI are handed each service they use, never reach through one to another.
REACH_SOURCES = (P + "ui", P + "commands")
# The GUI's own root holds the database; everywhere else in ui/ reads only these off `services.db`.
DB_ALLOWED = {"label", "close"}
DB_EXEMPT = (P + "ui.app",)


def container_attributes(root: Path) -> set[str]:
    """The services the container offers: the cached properties of `Services` in wiring.py."""
    tree = tree_of(root / "wiring.py")
    container = next(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == "Services")
    return {
        f.name
        for f in container.body
        if isinstance(f, ast.FunctionDef) and any(name_of(d) == "cached_property" for d in f.decorator_list)
    }


def _service_name(node: ast.expr, services: set[str], locals_: dict[str, str]) -> str | None:
    """The name when `node` reads like a service: `x.orders`, `x._orders()`, `orders`, `files()`, or a local
    bound to one. Pages name providers after a service or its last word (`_files` for order_files)."""
    node = node.func if isinstance(node, ast.Call) else node
    if isinstance(node, ast.Name) and node.id in locals_:
        return locals_[node.id]
    name = name_of(node)
    bare = name.lstrip("_")
    return name if bare and (bare in services or any(s.endswith("_" + bare) for s in services)) else None


def _service_locals(tree: ast.AST, services: set[str]) -> dict[str, str]:
    """Local names assigned a service read off the container (`f = window.services.order_files`)."""
    found: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Attribute | ast.Call):
            if (service := _service_name(node.value, services, {})) is not None:
                found.update((t.id, service) for t in node.targets if isinstance(t, ast.Name) and t.id != service)
    return found


def reach_through_findings(root: Path, services: set[str] | None = None) -> list[Finding]:
    """Rule 4: code in ui/ or commands/ reading a service held by a service (`services.order_files.orders`,
    `self._files().orders`, `f = services.order_files; f.orders`) instead of being handed that service."""
    services = container_attributes(root) if services is None else services
    findings = []
    for path, _ in modules(root, REACH_SOURCES):
        tree = tree_of(path)
        locals_ = _service_locals(tree, services)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and _service_name(node, services, {}):
                outer = _service_name(node.value, services, locals_)
                if outer is not None:
                    detail = f"reaches through {outer} to {node.attr}"
                    findings.append(Finding("4", rel(path, root), node.lineno, detail))
    return sorted(findings)


def container_db_findings(root: Path) -> list[Finding]:
    """Rule 2: ui/ (outside ui/app.py) using the database the container holds: `services.db`, `.db.read(`,
    `.db.session(`; only `.db.label` and `.db.close()` are allowed."""
    findings = []
    for path, module in modules(root, (P + "ui",)):
        if module in DB_EXEMPT:
            continue
        tree = tree_of(path)
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Attribute) and node.attr == "db") or dotted(node) == P + "db":
                continue  # `microfactory_desk.db` is the module, reported with the imports
            up = parents.get(node)
            if isinstance(up, ast.Attribute) and up.value is node and up.attr in DB_ALLOWED:
                continue
            used = f".db.{up.attr}" if isinstance(up, ast.Attribute) and up.value is node else ".db"
            findings.append(Finding("2", rel(path, root), node.lineno, f"uses the container's database ({used})"))
    return sorted(findings)
