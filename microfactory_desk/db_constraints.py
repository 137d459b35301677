"""The database's refusals in words for people: a code used twice, a number taken at the same moment, a record
still in use. Both drivers' wordings (SQLite's and PostgreSQL's) are read here, nowhere else.

The services check these rules first and say so by field; what reaches this module is the rare case the check
could not see: another manager's save that committed between this one's check and its write.
"""

from __future__ import annotations

import re
from typing import Any

from microfactory_desk.errors import ConstraintRefused

# Tables as people call them.
_NOUNS = {
    "partner": "partner",
    "sku": "SKU",
    "delivery": "delivery",
    "delivery_mapping": "column mapping",
    "purchase_order": "order",
    "order_line": "order line",
    "inspection": "inspection",
    "inspection_answer": "answer",
    "corrective_action": "corrective action",
    "pilot": "pilot",
    "sla_version": "SLA version",
    "checklist_template": "checklist template",
    "template_item": "checklist item",
    "negotiation_entry": "negotiation entry",
    "setting": "setting",
    "scorecard_snapshot": "scorecard snapshot",
}
# Who refers to a record (the tables whose foreign keys RESTRICT deleting it), for the "still in use" message.
_USERS = {
    "partner": "orders, inspections, pilots or corrective actions",
    "sku": "order lines or pilots",
    "checklist_template": "inspections",
    "template_item": "inspection answers",
}
_NUMBERED = {"purchase_order", "inspection", "corrective_action", "pilot"}

_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: ([\w.]+(?:, [\w.]+)*)")
_PG_KEY = re.compile(r"Key \((.*?)\)=")
_PG_TABLE = re.compile(r'on table "(\w+)"')
_STATEMENT_TABLE = re.compile(r"^\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+\"?(\w+)", re.IGNORECASE)


def constraint_refusal(exc: Any) -> ConstraintRefused:
    """The readable refusal for SQLAlchemy's IntegrityError `exc` (its `.orig` is the driver's error).

    Names the record and the field ("code: another partner was saved with this code a moment ago …"); a
    constraint not known here still gives one sentence with the driver's first line. Nothing was written: the
    transaction rolled back.
    """
    orig = getattr(exc, "orig", exc)
    text = str(orig)
    statement = str(getattr(exc, "statement", "") or "")
    low = text.lower()
    if "unique" in low or "duplicate key" in low:
        table, columns = _unique_target(orig, text, statement)
        return _duplicate(table, columns)
    if "foreign key" in low:
        return _in_use(orig, text, statement)
    first = text.splitlines()[0].strip() if text else type(orig).__name__
    noun = _NOUNS.get(_statement_table(statement), "record")
    return ConstraintRefused("", f"The database refused to save this {noun} ({first}); nothing was saved.")


def unique_columns(exc: Any) -> tuple[str, list[str]]:
    """(table, columns) of the unique rule SQLAlchemy's IntegrityError `exc` broke; ("", []) for another rule."""
    orig = getattr(exc, "orig", exc)
    text = str(orig)
    if "unique" not in text.lower() and "duplicate key" not in text.lower():
        return "", []
    return _unique_target(orig, text, str(getattr(exc, "statement", "") or ""))


def _statement_table(statement: str) -> str:
    found = _STATEMENT_TABLE.match(statement)
    return found.group(1).lower() if found else ""


def _unique_target(orig: Any, text: str, statement: str) -> tuple[str, list[str]]:
    """(table, columns) of the unique rule broken, from SQLite's message or PostgreSQL's diagnostics."""
    found = _SQLITE_UNIQUE.search(text)
    if found:
        pairs = [item.split(".", 1) for item in found.group(1).split(", ")]
        return pairs[0][0], [pair[-1] for pair in pairs]
    diag = getattr(orig, "diag", None)
    table = getattr(diag, "table_name", None) or _statement_table(statement)
    key = _PG_KEY.search(getattr(diag, "message_detail", None) or text)
    columns = [re.sub(r"\W", "", part.split("(")[-1].split("::")[0]) for part in key.group(1).split(",")] if key else []
    return table or "", columns


def _duplicate(table: str, columns: list[str]) -> ConstraintRefused:
    noun = _NOUNS.get(table, "record")
    later = "nothing was saved"
    if "number" in columns:
        what = "version number" if table == "sla_version" else "number"
        return ConstraintRefused(
            "number", f"another manager took the same {noun} {what} at the same moment; {later}. Save again."
        )
    if table in ("partner", "sku") and "code" in columns:
        return ConstraintRefused("code", f"another {noun} was saved with this code a moment ago; {later}")
    if table == "delivery" and "reference" in columns:
        return ConstraintRefused(
            "reference", f"this partner has a delivery with this reference already (just saved); {later}"
        )
    if table == "checklist_template":
        return ConstraintRefused("key", f"this template was given a new version at the same moment; {later}")
    if table == "inspection_answer":
        return ConstraintRefused("", f"This item was answered by someone else a moment ago; {later}. Reload it.")
    field = columns[-1] if columns else ""
    return ConstraintRefused(
        field, f"another {noun} with the same {field.replace('_', ' ') or 'values'} was saved a moment ago; {later}"
    )


def _in_use(orig: Any, text: str, statement: str) -> ConstraintRefused:
    """A foreign key refused: a record still referred to was deleted, or a referred record is gone."""
    diag = getattr(orig, "diag", None)
    primary = getattr(diag, "message_primary", None) or text
    deleting = primary.lower().startswith("update or delete") or statement.lstrip().upper().startswith("DELETE")
    if deleting:
        tables = _PG_TABLE.findall(primary)
        table = tables[0] if tables else _statement_table(statement)
        users = _NOUNS.get(tables[1], "") + "s" if len(tables) > 1 and tables[1] in _NOUNS else ""
        noun = _NOUNS.get(table, "record")
        by = users or _USERS.get(table, "other records")
        hint = " Set its stage to Offboarded instead." if table == "partner" else ""
        return ConstraintRefused("", f"This {noun} is still used by {by}; nothing was deleted.{hint}")
    noun = _NOUNS.get(_statement_table(statement), "record")
    return ConstraintRefused(
        "", f"Something this {noun} refers to was deleted by someone else a moment ago; nothing was saved. Reload it."
    )
