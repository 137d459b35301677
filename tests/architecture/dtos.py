"""Types a service hands out live in schemas/: DTO-shaped types defined under services/ are listed."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.architecture.source import P, modules, name_of, rel, tree_of

DTO_BASES = {"NamedTuple", "BaseModel", "TypedDict"}
# Calls that make a DTO type without a class statement.
DTO_FACTORIES = {"namedtuple", "NamedTuple", "TypedDict", "make_dataclass"}


def schema_classes(root: Path) -> set[str]:
    """Names of the classes defined under schemas/: a class under services/ extending one is a DTO too."""
    return {
        n.name
        for path, _ in modules(root, (P + "schemas",))
        for n in ast.walk(tree_of(path))
        if isinstance(n, ast.ClassDef)
    }


def dto_classes(root: Path) -> list[str]:
    """Types under services/ shaped as DTOs (NamedTuple, dataclass, pydantic model, TypedDict, `namedtuple(...)`,
    `NamedTuple("X", ...)`, `make_dataclass(...)`, a subclass of a schema class): they belong in schemas/."""
    schemas = schema_classes(root)
    found = []
    for path, _ in modules(root, (P + "services",)):
        for node in ast.walk(tree_of(path)):
            if isinstance(node, ast.ClassDef):
                bases = {name_of(b) for b in node.bases}
                marks = {name_of(d.func if isinstance(d, ast.Call) else d) for d in node.decorator_list}
                if bases & (DTO_BASES | schemas) or "dataclass" in marks:
                    found.append(f"{rel(path, root)}: {node.name}")
            elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                if name_of(node.value.func) in DTO_FACTORIES:
                    names = ", ".join(t.id for t in node.targets if isinstance(t, ast.Name))
                    found.append(f"{rel(path, root)}: {names}")
    return sorted(found)
