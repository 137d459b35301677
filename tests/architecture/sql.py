"""Rule 6: SQL stays portable. SQLite-only SQL in string literals, `func.<sqlite-only>()` in SQLAlchemy
expressions and `prefix_with("OR IGNORE")` are reported in services/, demo/, imports/, exports/, commands/,
cli.py and wiring.py; db.py owns the dialect (the dialect imports are checked with the other imports).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from tests.architecture.imports import RULE6_SOURCES
from tests.architecture.source import Finding, P, literal, modules, parents_of, rel, tree_of

# SQL only SQLite understands (or that works on SQLite's text dates only), found in string literals.
SQLITE_ONLY_SQL = {
    "strftime(": r"\bstrftime\s*\(",
    "julianday(": r"\bjulianday\s*\(",
    "unixepoch(": r"\bunixepoch\s*\(",
    "INSERT OR ...": r"\binsert\s+or\s+(replace|ignore|abort|fail|rollback)\b",
    "OR IGNORE/REPLACE alone": r"^\s*or\s+(replace|ignore|abort|fail|rollback)\s*$",
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
    "total(": r"\btotal\(",
    "COLLATE NOCASE": r"\bcollate\s+nocase\b",
    "rowid": r"\b_?rowid_?\b",
    "last_insert_rowid(": r"\blast_insert_rowid\s*\(",
    "date arithmetic on a text date": r"\b\w+_(on|at)\s*[-+]\s*[\d:]",
}
# Reported only where the text reads as SQL (an upper-case keyword), so prose such as "is not a date (use
# YYYY-MM-DD)" or a formula in a score's explanation ("min(100, rate ÷ target × 100)") passes: the date functions
# written with a space before the bracket, and MAX/MIN of several values (GREATEST/LEAST on PostgreSQL).
SPACED_FUNCTIONS = (
    r"\b(strftime|julianday|unixepoch|date|datetime|time|ifnull|group_concat|instr|printf|iif|total)\s+\("
)
SEVERAL_VALUES = r"\b(max|min)\s*\([^()]*,[^()]*\)"
SQL_KEYWORD = r"\b(SELECT|FROM|WHERE|JOIN|GROUP BY|ORDER BY|INSERT|UPDATE|DELETE|VALUES|AND|OR|ON)\b"
# SQLAlchemy's `func.<name>` renders any name as a SQL function: these exist on SQLite only (or differ there).
SQLITE_ONLY_FUNCTIONS = {
    "strftime",
    "julianday",
    "unixepoch",
    "group_concat",
    "instr",
    "printf",
    "iif",
    "datetime",
    "date",
    "time",
    "ifnull",
    "total",
    "glob",
    "last_insert_rowid",
    "changes",
    "typeof",
    "zeroblob",
    "randomblob",
    "likely",
    "unlikely",
}


def _sql_literals(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """String literals and the literal parts of f-strings, docstrings left out (they talk about SQL)."""
    parents = parents_of(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if isinstance(parents.get(node), ast.Expr):
                continue  # a docstring or a bare string statement, never run
            yield node.lineno, node.value


def boolean_columns(root: Path) -> set[str]:
    """Columns declared `Mapped[bool]` in models/: PostgreSQL refuses to compare them with 0 or 1."""
    found = set()
    for path, _ in modules(root, (P + "models",)):
        for node in ast.walk(tree_of(path)):
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                if ast.unparse(node.annotation).replace(" ", "") == "Mapped[bool]":
                    found.add(node.target.id)
    return found


def _literal_findings(text: str, patterns: dict[str, re.Pattern[str]]) -> Iterator[str]:
    for label, pattern in patterns.items():
        if pattern.search(text):
            yield label
    if not re.search(SQL_KEYWORD, text):
        return
    if m := re.search(SPACED_FUNCTIONS, text, re.IGNORECASE):
        yield f"{m.group(1)} (...)"
    if re.search(SEVERAL_VALUES, text, re.IGNORECASE):
        yield "MAX/MIN of several values (GREATEST/LEAST on PostgreSQL)"


def _call_findings(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """`func.strftime(...)`, `sa.func.julianday(...)` and `.prefix_with("OR IGNORE")`."""
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        if (
            isinstance(owner, ast.Name | ast.Attribute)
            and (owner.id if isinstance(owner, ast.Name) else owner.attr) == "func"
        ):
            if node.func.attr.lower() in SQLITE_ONLY_FUNCTIONS:
                yield node.lineno, f"SQLite-only function func.{node.func.attr}()"
        if node.func.attr == "prefix_with":
            texts = [literal(a) or "" for a in node.args]
            if any(re.search(r"\bor\s+\w+", t, re.IGNORECASE) for t in texts):
                yield node.lineno, f"SQLite-only prefix_with({', '.join(map(repr, texts))})"


def sql_findings(root: Path) -> list[Finding]:
    """Rule 6: SQLite-only SQL where the code must run on PostgreSQL too."""
    patterns = {label: re.compile(rx, re.IGNORECASE | re.MULTILINE) for label, rx in SQLITE_ONLY_SQL.items()}
    booleans = sorted(boolean_columns(root))
    if booleans:
        alternatives = "|".join(map(re.escape, booleans))
        patterns["boolean column compared with 0/1"] = re.compile(rf"\b({alternatives})\s*(=|<>|!=)\s*[01]\b", re.I)
    findings = []
    for path, _ in modules(root, RULE6_SOURCES):
        tree = tree_of(path)
        for line, text in _sql_literals(tree):
            for label in _literal_findings(text, patterns):
                findings.append(Finding("6", rel(path, root), line, f"SQLite-only SQL {label} in {text[:60]!r}"))
        findings += [Finding("6", rel(path, root), line, detail) for line, detail in _call_findings(tree)]
    return sorted(findings)
