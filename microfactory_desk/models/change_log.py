"""The append-only change log: one row per field a save changed, per child row added or removed, per record created or deleted.

Session hooks collect what each flush wrote (`after_flush`, where ids are known and attribute history still
says old -> new) and write the log once, just before the transaction commits, so no service can forget to log
and a save that fails logs nothing. Child rows (contacts, certifications, price tiers, order lines) are logged
against their parent record: "Line 2 SKU-123, Quantity" 40 -> 50, "Contact added" -> "Ana Ruiz". Services that
replace a child list as a whole (order lines, price tiers) are matched back by a natural key, so an unchanged
line is not logged and a changed one reads as a field change. Nothing in the app updates or deletes these rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import DateTime, Index, Integer, String, Table, Text, event, insert, inspect, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from microfactory_desk import clock
from microfactory_desk.identity import current_user
from microfactory_desk.models.base import Base, EditableMixin
from microfactory_desk.models.order import OrderLine, Sku
from microfactory_desk.models.partner import Certification, Contact
from microfactory_desk.models.sla import PriceTier
from microfactory_desk.schemas.field_labels import field_label

# Bookkeeping columns: they change on every save and say nothing a person edited.
_NOT_LOGGED = {"id", "uuid", "created_at", "updated_at", "row_version", "created_by", "updated_by", "search_text"}
_MAX_TEXT = 500
# The width of the log's field column: a longer field text ("Contact <a long name>, Email") would fail the
# save on PostgreSQL (SQLite ignores the width), so it is cut in Python first.
_FIELD_WIDTH = 64
_PENDING = "change_log_pending"
CREATED, DELETED = "Created", "Deleted"


class ChangeLog(Base):
    """One changed field of one record: record type (table) and id, field, old -> new, who and when (UTC)."""

    __tablename__ = "change_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(64))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")
    changed_by: Mapped[str] = mapped_column(String(100), default="")
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_change_log_record", "record_type", "record_id", "changed_at"),)


def as_text(value: Any) -> str:
    """How a logged value is stored: ISO dates, plain decimals, "" for nothing; at most 500 characters."""
    if value is None:
        return ""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)[:_MAX_TEXT]


def fit(text: str, width: int) -> str:
    """`text` cut to at most `width` characters, ending in "…" when cut (so the reader sees it was cut)."""
    return text if len(text) <= width else text[: width - 1] + "…"


Values = dict[str, Any]


@dataclass(frozen=True)
class ChildKind:
    """How one kind of child row is logged: its parent, the fields people edit, a matching key and a name."""

    record_type: str  # the parent's table
    parent_fk: str
    noun: str  # "Contact", "Line"
    fields: tuple[str, ...]
    key: Callable[[Values], tuple[Any, ...]]  # what makes a removed and an added row "the same" one
    name: Callable[[Values], str]  # how the row is named in the log ("Ana Ruiz", "2 SKU-123")
    summary: Callable[[Values], str] | None = None  # the whole row when added or removed (default: its name)

    def whole(self, values: Values) -> str:
        """The row as an "added"/"removed" entry shows it."""
        return (self.summary or self.name)(values)


def _tier_name(v: Values) -> str:
    scope = v.get("sku") or (f"category {v['sku_category']}" if v.get("sku_category") else "all SKUs")
    return f"{scope} from {v.get('min_qty')}"


CHILDREN: dict[type, ChildKind] = {
    Contact: ChildKind(
        "partner", "partner_id", "Contact", ("name", "role", "email", "phone", "preferred_channel"),
        lambda v: (str(v.get("name") or "").casefold(),), lambda v: str(v.get("name") or ""),
    ),
    Certification: ChildKind(
        "partner", "partner_id", "Certification", ("name", "issuer", "number", "valid_from", "valid_until"),
        lambda v: (str(v.get("name") or "").casefold(), v.get("number") or ""), lambda v: str(v.get("name") or ""),
    ),
    PriceTier: ChildKind(
        "sla_version", "sla_version_id", "Tier", ("unit_price", "currency"),
        lambda v: (v.get("sku") or "", v.get("sku_category") or "", v.get("min_qty")), _tier_name,
    ),
    OrderLine: ChildKind(
        "purchase_order", "order_id", "Line",
        ("quantity", "unit_price", "override_reason", "notes", "confirmed_qty", "confirmed_ship_on", "partner_comment"),
        lambda v: (v.get("sku_id"),), lambda v: f"{v.get('position')} {v.get('sku_code') or ''}".strip(),
        lambda v: f"Line {v.get('position')} {v.get('sku_code') or ''} × {v.get('quantity')}",
    ),
}  # fmt: skip


@dataclass
class _Pending:
    """What the flushes of one transaction changed, written as log rows at commit."""

    rows: list[tuple[str, int, str, str, str]] = field(default_factory=list)  # type, id, field, old, new
    created: set[tuple[str, int]] = field(default_factory=set)
    deleted: set[tuple[str, int]] = field(default_factory=set)
    # (parent type, parent id) -> rows of that child kind removed / added, by kind.
    removed: dict[tuple[str, int], list[tuple[ChildKind, Values]]] = field(default_factory=lambda: defaultdict(list))
    added: dict[tuple[str, int], list[tuple[ChildKind, Values]]] = field(default_factory=lambda: defaultdict(list))
    changed: list[tuple[ChildKind, int, Values, Values]] = field(default_factory=list)
    # Links to other records (a partner's fallback, an order's partner): row index -> the table linked to.
    links: dict[int, Table] = field(default_factory=dict)


def _table(record: Any) -> str:
    return str(record.__table__.name)


def _describe(record: Any) -> str:
    """A record as people know it: "PO-2026-0001", "MF4 Atelier", "v2"."""
    parts = [str(getattr(record, name)) for name in ("code", "number", "name") if getattr(record, name, None)]
    if _table(record) == "sla_version" and parts:
        parts[0] = f"v{parts[0]}"
    return " ".join(parts)[:_MAX_TEXT]


def _values(record: Any, *, old: bool) -> Values:
    """The record's column values now, or as loaded before this flush (`old`)."""
    state = inspect(record)
    values: Values = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if old and history.deleted:
            values[attr.key] = history.deleted[0]
        else:
            values[attr.key] = state.dict.get(attr.key)
    sku = state.dict.get("sku")
    if isinstance(sku, Sku):
        values["sku_code"] = sku.code
    return values


def _field_changes(record: Any) -> list[tuple[str, str, str]]:
    state = inspect(record)
    changes = []
    for attr in state.mapper.column_attrs:
        if attr.key in _NOT_LOGGED:
            continue
        history = state.attrs[attr.key].history
        if not history.has_changes() or not history.deleted:
            continue
        old, new = as_text(history.deleted[0]), as_text(history.added[0] if history.added else None)
        if old != new:
            changes.append((attr.key, old, new))
    return changes


def _collect(session: Session, pending: _Pending) -> None:
    """Note what this flush wrote: records created, deleted and edited, child rows added, removed and edited."""
    for record in session.new:
        if isinstance(record, EditableMixin):
            pending.created.add((_table(record), record.id))  # type: ignore[attr-defined]
            pending.rows.append((_table(record), record.id, CREATED, "", _describe(record)))  # type: ignore[attr-defined]
    for record in session.deleted:
        if isinstance(record, EditableMixin):
            pending.deleted.add((_table(record), record.id))  # type: ignore[attr-defined]
            pending.rows.append((_table(record), record.id, DELETED, _describe(record), ""))  # type: ignore[attr-defined]
    gone: dict[int, Any] = {id(r): r for r in session.deleted if type(r) in CHILDREN}
    for record in session.dirty:
        # Children dropped from a collection (delete-orphan) are not in session.deleted: the parent's list says.
        for rel in inspect(record).mapper.relationships:
            if rel.collection_class is not None and rel.mapper.class_ in CHILDREN:
                for child in inspect(record).attrs[rel.key].history.deleted:
                    gone[id(child)] = child
    for child in session.new:
        kind = CHILDREN.get(type(child))
        if kind is not None:
            values = _values(child, old=False)
            parent = (kind.record_type, values[kind.parent_fk])
            if parent not in pending.created:
                pending.added[parent].append((kind, values))
    for child in gone.values():
        kind = CHILDREN[type(child)]
        values = _values(child, old=True)
        parent = (kind.record_type, values[kind.parent_fk])
        if parent not in pending.deleted and parent not in pending.created:
            pending.removed[parent].append((kind, values))
    for record in session.dirty:
        if not session.is_modified(record, include_collections=False):
            continue
        kind = CHILDREN.get(type(record))
        if kind is not None and id(record) not in gone:
            after, before = _values(record, old=False), _values(record, old=True)
            # Only edits people make count (a line's worked-out promised date does not), so nothing else is named.
            if any(as_text(before.get(name)) != as_text(after.get(name)) for name in kind.fields):
                pending.changed.append((kind, after[kind.parent_fk], before, after))
        elif isinstance(record, EditableMixin):
            columns = record.__table__.c  # type: ignore[attr-defined]
            for name, old, new_text in _field_changes(record):
                for key in columns[name].foreign_keys:
                    pending.links[len(pending.rows)] = key.column.table
                pending.rows.append((_table(record), record.id, name, old, new_text))  # type: ignore[attr-defined]


def _child_rows(pending: _Pending) -> list[tuple[str, int, str, str, str]]:
    """Removed and added children matched by key become field changes; the rest reads "added"/"removed"."""
    rows: list[tuple[str, int, str, str, str]] = []
    for kind, parent_id, old, new in pending.changed:
        rows += _diff(kind, parent_id, old, new)
    for parent in sorted(set(pending.removed) | set(pending.added), key=str):
        removed, added = list(pending.removed.get(parent, [])), list(pending.added.get(parent, []))
        for kind, new in list(added):
            match = next((pair for pair in removed if pair[0] is kind and kind.key(pair[1]) == kind.key(new)), None)
            if match is not None:
                removed.remove(match)
                added.remove((kind, new))
                rows += _diff(kind, parent[1], match[1], new)
        rows += [(*parent, f"{kind.noun} removed", kind.whole(v), "") for kind, v in removed]
        rows += [(*parent, f"{kind.noun} added", "", kind.whole(v)) for kind, v in added]
    return rows


def _diff(kind: ChildKind, parent_id: int, old: Values, new: Values) -> list[tuple[str, int, str, str, str]]:
    rows = []
    for name in kind.fields:
        before, after = as_text(old.get(name)), as_text(new.get(name))
        if before != after:
            rows.append(
                (kind.record_type, parent_id, f"{kind.noun} {kind.name(new)}, {field_label(name)}", before, after)
            )
    return rows


def _name_skus(session: Session, pending: _Pending) -> None:
    """Give order lines their SKU code (one query, only when a line is logged and its SKU was not loaded)."""
    lines = [v for _, v in (*sum(pending.removed.values(), []), *sum(pending.added.values(), []))]
    lines += [v for change in pending.changed for v in change[2:]]
    missing = {v["sku_id"] for v in lines if "sku_id" in v and not v.get("sku_code")}
    if missing:
        codes = dict(session.connection().execute(select(Sku.id, Sku.code).where(Sku.id.in_(missing))).all())
        for v in lines:
            if "sku_id" in v and not v.get("sku_code"):
                v["sku_code"] = codes.get(v["sku_id"], "")


def _name_links(session: Session, pending: _Pending) -> None:
    """A changed link reads as the record it points at ("MF-0042", "PO-2026-0007", "v3"), not its id."""
    by_table: dict[Table, set[int]] = defaultdict(set)
    for at, table in pending.links.items():
        by_table[table] |= {int(v) for v in pending.rows[at][3:] if v.isdigit()}
    names: dict[tuple[str, str], str] = {}
    for table, ids in by_table.items():
        shown = next((table.c[n] for n in ("code", "number", "name") if n in table.c), None)
        if shown is None or not ids:
            continue
        for key, value in session.connection().execute(select(table.c.id, shown).where(table.c.id.in_(ids))):
            names[(table.name, str(key))] = f"v{value}" if table.name == "sla_version" else str(value)
    for at, table in pending.links.items():
        kind, record, name, old, new = pending.rows[at]
        pending.rows[at] = (kind, record, name, names.get((table.name, old), old), names.get((table.name, new), new))


def log_bulk_created(session: Session, table: str, records: Iterable[tuple[int, str]]) -> None:
    """Log records written by a bulk INSERT (which the flush hooks never see) as Created, at this transaction's
    commit like every other change: `records` are (id, the record as people know it, e.g. "MF4 Atelier")."""
    pending = session.info.setdefault(_PENDING, _Pending())
    for record_id, description in records:
        pending.created.add((table, record_id))
        pending.rows.append((table, record_id, CREATED, "", description[:_MAX_TEXT]))


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    """Collect what the flush wrote; the log is written at commit."""
    _collect(session, session.info.setdefault(_PENDING, _Pending()))


@event.listens_for(Session, "before_commit")
def _write_log(session: Session) -> None:
    """Write the transaction's log rows in one INSERT, in the same transaction, just before it commits."""
    session.flush()  # the commit would flush after this hook: flush now so the last changes are logged
    pending = cast(_Pending | None, session.info.pop(_PENDING, None))
    if pending is None:
        return
    _name_skus(session, pending)
    _name_links(session, pending)
    changes = [r for r in pending.rows if r[2] in (CREATED, DELETED) or (r[0], r[1]) not in pending.created]
    changes += _child_rows(pending)
    if not changes:
        return
    who, when = current_user(), clock.utc_now()
    session.connection().execute(
        insert(cast(Table, ChangeLog.__table__)),
        [
            {"record_type": t, "record_id": i, "field": fit(f, _FIELD_WIDTH), "old_value": o, "new_value": n}
            | {"changed_by": who, "changed_at": when}
            for t, i, f, o, n in changes
        ],
    )


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    """A rolled-back transaction logs nothing."""
    session.info.pop(_PENDING, None)
