"""What every check shares: the finding, the package's files and their parsed source, where a node sits."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PACKAGE_NAME = "microfactory_desk"
P = PACKAGE_NAME + "."


@dataclass(frozen=True, order=True)
class Finding:
    """One break of one rule: where it is and what was found."""

    rule: str
    path: str  # relative to the folder holding the package, e.g. microfactory_desk/ui/app.py
    line: int
    detail: str

    def __str__(self) -> str:
        return f"rule {self.rule}: {self.path}:{self.line}: {self.detail}"


def under(name: str, prefixes: Iterable[str]) -> bool:
    """True when the dotted `name` is one of `prefixes` or inside one of them."""
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def module_name(path: Path, root: Path) -> str:
    """The dotted module name of `path`, a file inside the package folder `root`."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def rel(path: Path, root: Path) -> str:
    """The path as findings show it: relative to the folder holding the package, with slashes."""
    return path.relative_to(root.parent).as_posix()


def package_files(root: Path) -> Iterator[Path]:
    """Every Python file of the package (or of one folder of it), sorted, caches left out."""
    yield from sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def modules(root: Path, prefixes: Iterable[str] = (PACKAGE_NAME,)) -> Iterator[tuple[Path, str]]:
    """(file, dotted module name) of every module of the package under any of `prefixes`."""
    wanted = tuple(prefixes)
    for path in package_files(root):
        name = module_name(path, root)
        if under(name, wanted):
            yield path, name


@lru_cache(maxsize=2048)
def _parse(path: str, stamp: tuple[int, int]) -> ast.Module:
    del stamp  # part of the cache key only: an edited file is parsed again
    return ast.parse(Path(path).read_text(encoding="utf-8"), filename=path)


def tree_of(path: Path) -> ast.Module:
    """The parsed source of `path`, parsed once per content (every check reads every file)."""
    stat = path.stat()
    return _parse(str(path), (stat.st_mtime_ns, stat.st_size))


def parents_of(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    """Each node's parent."""
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def literal(node: ast.AST | None) -> str | None:
    """The text of a string literal, else None."""
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def name_of(node: ast.AST) -> str:
    """The last name of `x` or `a.b.x` (empty for anything else)."""
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""


def dotted(node: ast.AST) -> str | None:
    """`a.b.c` for a chain of attributes on a name, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([node.id, *reversed(parts)])


def is_type_checking(test: ast.expr) -> bool:
    """True for the test of an `if TYPE_CHECKING:` block."""
    return name_of(test) == "TYPE_CHECKING"


def context(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> str:
    """'function ' and/or 'type-checking ' when the node sits in a function body or an `if TYPE_CHECKING:` block."""
    words = []
    child, up = node, parents.get(node)
    while up is not None:
        if isinstance(up, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) and "function " not in words:
            words.append("function ")
        if isinstance(up, ast.If) and child in up.body and is_type_checking(up.test):
            words.append("type-checking ")
        child, up = up, parents.get(up)
    return "".join(words)


def in_annotation(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """True when the node is part of a type annotation (argument, return or variable), where naming a class is no use of it."""
    child, up = node, parents.get(node)
    while up is not None:
        if isinstance(up, ast.arg) and child is up.annotation:
            return True
        if isinstance(up, ast.FunctionDef | ast.AsyncFunctionDef) and child is up.returns:
            return True
        if isinstance(up, ast.AnnAssign) and child is up.annotation:
            return True
        if isinstance(up, ast.If) and child in up.body and is_type_checking(up.test):
            return True
        child, up = up, parents.get(up)
    return False


def string_constants(tree: ast.AST) -> dict[str, str]:
    """Module-level names bound once to a string literal (`NAME = "sqlalchemy.orm"`), so a dynamic import of
    a constant is read like a literal."""
    found: dict[str, str] = {}
    for node in getattr(tree, "body", []):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            text = literal(node.value)
            if text is not None:
                found[node.targets[0].id] = text
    return found


def fold(node: ast.AST | None, constants: dict[str, str]) -> str | None:
    """The string an expression always evaluates to, for literals, constants and their `+`, else None."""
    if node is None:
        return None
    if (text := literal(node)) is not None:
        return text
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = fold(node.left, constants), fold(node.right, constants)
        return None if left is None or right is None else left + right
    if isinstance(node, ast.JoinedStr) and all(isinstance(v, ast.Constant) for v in node.values):
        return "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
    return None
