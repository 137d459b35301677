"""Roster import and export: the whole roster as plain rows, and all-or-nothing imports of files."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from microfactory_desk.db import Database
from microfactory_desk.errors import CellError, ConstraintRefused, ImportFailed
from microfactory_desk.imports.roster import paused_gc
from microfactory_desk.models import Certification, Contact, Partner, StageChange
from microfactory_desk.models.change_log import log_bulk_created
from microfactory_desk.schemas.roster_file import CERTIFICATION_COLUMNS, CONTACT_COLUMNS, PARTNER_COLUMNS
from microfactory_desk.schemas.roster_import import ImportSummary, RosterExportData, RosterImport
from microfactory_desk.schemas.vocab import PartnerKind, label
from microfactory_desk.services.common.bulk import stamped
from microfactory_desk.services.common.records import update_rows_by_id
from microfactory_desk.services.common.sql import as_date
from microfactory_desk.services.roster.partners import certification_values, contact_values, partner_values

__all__ = ["ImportSummary", "RosterExportData", "import_roster", "roster_export_data"]

_BULK = PartnerKind.BULK_SUPPLIER.value
# Without render_nulls the ORM drops None values, splitting the rows into many small INSERT batches.
_ALL_COLUMNS = {"render_nulls": True}
_CHUNK = 500


def _select(columns: tuple[Any, ...], table: str, renames: dict[str, str]) -> str:
    """The SELECT list for a sheet's columns, in their order."""
    return ", ".join(renames.get(c.field, f"{table}.{c.field}") for c in columns)


_PARTNERS_SQL = (
    f"SELECT {_select(PARTNER_COLUMNS, 'p', {'fallback_code': 'f.code'})} "
    "FROM partner p LEFT JOIN partner f ON f.id = p.fallback_id ORDER BY p.code"
)
_CONTACTS_SQL = (
    f"SELECT {_select(CONTACT_COLUMNS, 'c', {'partner_code': 'p.code'})} "
    "FROM contact c JOIN partner p ON p.id = c.partner_id ORDER BY p.code, c.position, c.id"
)
_CERTIFICATIONS_SQL = (
    f"SELECT {_select(CERTIFICATION_COLUMNS, 'c', {'partner_code': 'p.code'})} "
    "FROM certification c JOIN partner p ON p.id = c.partner_id ORDER BY p.code, c.id"
)
_STORED_SQL = "SELECT id, code, kind FROM partner"


def _labelled(rows: list[tuple[Any, ...]], columns: tuple[Any, ...], fields: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """Rows with vocabulary values written as people read them ("bulk_supplier" -> "Bulk supplier")."""
    at = [i for i, c in enumerate(columns) if c.field in fields]
    out = []
    for row in rows:
        values = list(row)
        for i in at:
            values[i] = label(values[i]) if values[i] else values[i]
        out.append(tuple(values))
    return out


def roster_export_data(db: Database) -> RosterExportData:
    """Every partner, contact and certification as plain rows, ordered by partner code."""
    partners = _labelled(db.read(_PARTNERS_SQL), PARTNER_COLUMNS, ("kind", "stage", "risk_level"))
    contacts = _labelled(db.read(_CONTACTS_SQL), CONTACT_COLUMNS, ("preferred_channel",))
    certifications = [
        (code, name, issuer, number, as_date(start), as_date(end))
        for code, name, issuer, number, start, end in db.read(_CERTIFICATIONS_SQL)
    ]
    return RosterExportData(partners, contacts, certifications)


def _check(db: Database, rows: RosterImport) -> tuple[list[CellError], dict[str, tuple[int, str]]]:
    """Every problem across rows and the database, and the stored partners by folded code."""
    errors: list[CellError] = list(rows.problems)
    code_label, fallback_label = rows.label("code"), rows.label("fallback_code")
    stored = {str(code).casefold(): (int(pid), str(kind)) for pid, code, kind in db.read(_STORED_SQL)}
    in_file: dict[str, tuple[int, str]] = {}
    for code, seen in rows.codes_seen.values():
        for row in seen[1:]:
            message = f"the code {code} is used twice in this file (rows {seen[0]} and {row})"
            errors.append(CellError(row, code_label, message, rows.sheet))
    for item in rows.partners:
        key = item.data.code.casefold()
        in_file.setdefault(key, (item.row, item.data.kind.value))
        if key in stored:
            message = f"a partner with the code {item.data.code} is already in the roster"
            errors.append(CellError(item.row, code_label, message, rows.sheet))
    for item in rows.partners:
        fallback = item.data.fallback_code
        if not fallback:
            continue
        key = fallback.casefold()
        kind = in_file[key][1] if key in in_file else stored[key][1] if key in stored else None
        problem = ""
        if key == item.data.code.casefold():
            problem = "a partner cannot fall back to itself"
        elif kind is None and key in rows.codes_seen:
            continue  # the fallback's own row is refused, and named, already
        elif kind is None:
            problem = f"no partner with the code {fallback} in this file or in the roster"
        elif kind != _BULK:
            problem = f"{fallback} is not a bulk supplier"
        if problem:
            errors.append(CellError(item.row, fallback_label, problem, rows.sheet))
    errors.sort(key=lambda e: (e.sheet != rows.sheet, e.sheet, e.row))
    return errors, stored


def _write(session: Session, rows: RosterImport, stored: dict[str, tuple[int, str]]) -> None:
    """Insert partners, then their children and history, then in-file fallbacks, in bulk statements."""
    partners: list[dict[str, Any]] = []
    for item in rows.partners:
        stored_fallback = stored.get((item.data.fallback_code or "").casefold())
        values = partner_values(item.data, stored_fallback[0] if stored_fallback else None)
        partners.append({**values, "stage": item.data.stage.value})
    # ORM bulk INSERTs of plain rows skip per-object bookkeeping (several times faster for big files).
    partners = stamped(Partner, partners)
    session.execute(insert(Partner), partners, execution_options=_ALL_COLUMNS)
    # SQLite sends an INSERT that returns ids one row at a time; looking the new ids up by code is batched.
    codes = [p["code"] for p in partners]
    id_of: dict[str, int] = {}
    for start in range(0, len(codes), _CHUNK):
        query = select(Partner.code, Partner.id).where(Partner.code.in_(codes[start : start + _CHUNK]))
        id_of.update((code, partner_id) for code, partner_id in session.execute(query))
    ids = [id_of[code] for code in codes]
    # Bulk rows pass the change log's flush hooks by: each partner's History starts with its Created entry.
    log_bulk_created(
        session, "partner", [(pid, f"{p['code']} {p['name']}") for pid, p in zip(ids, partners, strict=True)]
    )
    reason = f"Imported from {rows.source}"
    children: dict[type[Any], list[dict[str, Any]]] = {Contact: [], Certification: [], StageChange: []}
    for item, partner_id in zip(rows.partners, ids, strict=True):
        children[StageChange].append(
            {"partner_id": partner_id, "from_stage": None, "to_stage": item.data.stage.value, "reason": reason}
        )
        for at, contact in enumerate(item.data.contacts):
            children[Contact].append({**contact_values(contact, at), "partner_id": partner_id})
        for cert in item.data.certifications:
            children[Certification].append({**certification_values(cert), "partner_id": partner_id})
    for model, values_list in children.items():
        if values_list:
            session.execute(insert(model), stamped(model, values_list), execution_options=_ALL_COLUMNS)
    # Partners of the file may fall back to each other (even in a cycle): their ids exist only now.
    by_code = {item.data.code.casefold(): pid for item, pid in zip(rows.partners, ids, strict=True)}
    links = [
        {"id": by_code[item.data.code.casefold()], "fallback_id": by_code[key]}
        for item in rows.partners
        if (key := (item.data.fallback_code or "").casefold()) in by_code
    ]
    if links:
        update_rows_by_id(session, Partner, links)


def import_roster(db: Database, rows: RosterImport, *, dry_run: bool = False) -> ImportSummary:
    """Store every partner of an import in one transaction, or raise ImportFailed and store nothing."""
    errors, stored = _check(db, rows)
    if errors:
        raise ImportFailed(errors, source=rows.source)
    summary = ImportSummary(
        partners=len(rows.partners),
        contacts=sum(len(item.data.contacts) for item in rows.partners),
        certifications=sum(len(item.data.certifications) for item in rows.partners),
        warnings=list(rows.warnings),
        dry_run=dry_run,
    )
    if dry_run or not rows.partners:
        return summary
    try:
        with paused_gc(), db.session() as session:
            _write(session, rows, stored)
    except ConstraintRefused as exc:  # another manager added a partner with one of these codes meanwhile
        message = "the roster was changed by someone else during the import; nothing was imported, try again"
        # Not a problem of any row of the file (row 0 names none): the database changed under the import.
        raise ImportFailed([CellError(0, "", message)], source=rows.source) from exc
    return summary
