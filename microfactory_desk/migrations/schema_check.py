"""How a database's real schema differs from the models: Alembic's compare_metadata, one line per difference."""

from __future__ import annotations

import re
import warnings
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection

from microfactory_desk.db_search import is_search_object
from microfactory_desk.models import Base

# The expression indexes of migration 0010 (the dashboard's open-work indexes) are outside the models too.
_OPEN_WORK_INDEX = re.compile(r"ix_\w+_open")


def _modelled(name: str | None, kind: str, _parent: Any) -> bool:
    outside = name is not None and (is_search_object(name) or _OPEN_WORK_INDEX.fullmatch(name) is not None)
    return not (kind in ("table", "index") and outside)


def schema_differences(conn: Connection) -> list[str]:
    """Tables, columns, indexes and constraints where the database on `conn` and the models disagree (the
    search indexes of migration 0008 are not in the models and are not counted)."""
    context = MigrationContext.configure(conn, opts={"include_name": _modelled})
    with warnings.catch_warnings():
        # SQLAlchemy cannot reflect expression indexes (0008's action order); they are not compared anyway.
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index")
        return [describe_difference(d) for d in compare_metadata(context, Base.metadata)]


def describe_difference(diff: Any) -> str:
    """One line for an entry of Alembic's compare_metadata (a tuple, or a list of column changes)."""
    if isinstance(diff, list):
        return "; ".join(describe_difference(d) for d in diff)
    kind = diff[0]
    if kind in ("add_table", "remove_table"):
        return f"table {diff[1].name} " + ("is missing" if kind == "add_table" else "is not one of this app's")
    if kind in ("add_column", "remove_column"):
        where = f"column {diff[2]}.{diff[3].name}"
        return where + (" is missing" if kind == "add_column" else " is not in this app's models")
    if kind in ("add_index", "remove_index", "add_constraint", "remove_constraint"):
        item = diff[1]
        columns = ", ".join(c.name for c in getattr(item, "columns", []))
        what = f"{'index' if 'index' in kind else 'constraint'} {item.name} on {item.table.name}({columns})"
        return what + (" is missing" if kind.startswith("add") else " is not in this app's models")
    if kind.startswith("modify_"):
        _, _schema, table, column, _info, old, new = diff
        return f"column {table}.{column}: {kind[7:]} is {old!r}, the app expects {new!r}"
    return str(diff)
