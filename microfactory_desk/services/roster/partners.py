"""Partner use cases: read, create, update (with stage history) and delete partners."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from microfactory_desk.db import Database
from microfactory_desk.errors import ValidationFailed
from microfactory_desk.models import Certification, Contact, Partner, StageChange
from microfactory_desk.schemas.partner import (
    CertificationIn,
    CertificationOut,
    ContactIn,
    ContactOut,
    PartnerDetail,
    PartnerIn,
    StageChangeOut,
)
from microfactory_desk.schemas.text import fold, join_list
from microfactory_desk.schemas.vocab import PartnerKind
from microfactory_desk.services.common.history import record_history
from microfactory_desk.services.common.records import (
    by_code,
    created_before,
    existing,
    find_by_code,
    save_versioned,
    touch,
)
from microfactory_desk.services.common.sql import SessionReader
from microfactory_desk.wording import counted, plural

_SCALARS = ("code", "name", "region", "city", "country", "address", "website")
_COUNTS = ("weekly_capacity", "min_batch", "risk_notes")


def search_text(data: PartnerIn) -> str:
    """The folded text the roster search looks in."""
    parts = [data.code, data.name, data.city, *data.processes, *data.materials, *data.tags]
    return fold(" | ".join(parts))


def partner_values(data: PartnerIn, fallback_id: int | None) -> dict[str, Any]:
    """The partner columns for validated input (contacts, certifications and stage excluded)."""
    values: dict[str, Any] = {field: getattr(data, field) for field in (*_SCALARS, *_COUNTS)}
    values.update(
        kind=data.kind.value,
        risk_level=data.risk_level.value,
        processes=join_list(data.processes),
        materials=join_list(data.materials),
        tags=join_list(data.tags),
        fallback_id=fallback_id,
        search_text=search_text(data),
    )
    return values


def contact_values(item: ContactIn, position: int) -> dict[str, Any]:
    """The contact columns for validated input."""
    return {
        "position": position,
        "name": item.name,
        "role": item.role,
        "phone": item.phone,
        "email": item.email or "",
        "preferred_channel": item.preferred_channel.value,
    }


def certification_values(item: CertificationIn) -> dict[str, Any]:
    """The certification columns for validated input."""
    return {
        "name": item.name,
        "issuer": item.issuer,
        "number": item.number,
        "valid_from": item.valid_from,
        "valid_until": item.valid_until,
    }


def _assign(row: Any, values: dict[str, Any]) -> Any:
    for key, value in values.items():
        setattr(row, key, value)
    return row


def apply_partner(partner: Partner, data: PartnerIn, fallback_id: int | None) -> None:
    """Copy validated input onto a partner row (contacts, certifications and stage excluded)."""
    _assign(partner, partner_values(data, fallback_id))


def sync_contacts(partner: Partner, contacts: list[ContactIn]) -> None:
    """Make the partner's contacts match the list, keeping ids (and UUIDs) of the ones kept."""
    existing = {c.id: c for c in partner.contacts}
    partner.contacts = [
        _assign(existing.get(item.id) or Contact() if item.id is not None else Contact(), contact_values(item, at))
        for at, item in enumerate(contacts)
    ]


def sync_certifications(partner: Partner, certifications: list[CertificationIn]) -> None:
    """Make the partner's certifications match the list, keeping the ones that stay."""
    existing = {c.id: c for c in partner.certifications}
    partner.certifications = [
        _assign(
            existing.get(item.id) or Certification() if item.id is not None else Certification(),
            certification_values(item),
        )
        for item in certifications
    ]


def fallback_supplier_id(session: Session, code: str | None, own_id: int | None) -> int | None:
    """The id of the bulk supplier with this code, or ValidationFailed on `fallback_code` saying why not."""
    if not code:
        return None
    row = find_by_code(session, Partner, code)
    if row is None:
        raise ValidationFailed.single("fallback_code", f"no partner with code {code}")
    if row.id == own_id:
        raise ValidationFailed.single("fallback_code", "a partner cannot fall back to itself")
    if row.kind != PartnerKind.BULK_SUPPLIER.value:
        raise ValidationFailed.single("fallback_code", f"{code} is not a bulk supplier")
    return int(row.id)


def to_detail(partner: Partner) -> PartnerDetail:
    """The DTO the editor shows for a stored partner."""
    fallback = partner.fallback
    return PartnerDetail(
        id=partner.id,
        uuid=partner.uuid,
        code=partner.code,
        name=partner.name,
        kind=partner.kind,
        stage=partner.stage,
        region=partner.region,
        city=partner.city,
        country=partner.country,
        address=partner.address,
        website=partner.website,
        processes=partner.processes,
        materials=partner.materials,
        weekly_capacity=partner.weekly_capacity,
        min_batch=partner.min_batch,
        risk_level=partner.risk_level,
        risk_notes=partner.risk_notes,
        fallback_code=fallback.code if fallback else None,
        fallback_name=fallback.name if fallback else None,
        tags=partner.tags,
        contacts=[ContactOut.model_validate(c) for c in partner.contacts],
        certifications=[CertificationOut.model_validate(c) for c in partner.certifications],
        history=[StageChangeOut.model_validate(s) for s in reversed(partner.stage_changes)],
        created_at=partner.created_at,
        updated_at=partner.updated_at,
        row_version=partner.row_version,
        created_by=partner.created_by,
        updated_by=partner.updated_by,
    )


class RosterService:
    """Reads and writes partners; every write is one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get_partner(self, partner_id: int) -> PartnerDetail:
        """The partner with its contacts, certifications and history."""
        with self._db.session() as session:
            detail = to_detail(self._load(session, partner_id))
            return detail.model_copy(update={"changes": record_history(SessionReader(session), "partner", partner_id)})

    def find_id(self, code: str) -> int:
        """The id of the partner with this code (any case)."""
        with self._db.session() as session:
            return by_code(session, Partner, code, "partner").id

    def create_partner(self, *, data: PartnerIn, reason: str = "Created", key: str | None = None) -> PartnerDetail:
        """Store a new partner; its first stage is recorded in the history.

        `key` (a uuid the caller chose before the first attempt) makes a retry return the partner it stored
        instead of creating a second one.
        """
        with self._db.session() as session:
            again = created_before(session, Partner, key)
            if again is not None:
                return to_detail(again)
            self._check_code_free(session, data.code, None)
            partner = Partner(stage=data.stage.value)
            if key is not None:
                partner.uuid = key
            apply_partner(partner, data, fallback_supplier_id(session, data.fallback_code, None))
            sync_contacts(partner, data.contacts)
            sync_certifications(partner, data.certifications)
            partner.stage_changes.append(StageChange(from_stage=None, to_stage=data.stage.value, reason=reason))
            session.add(partner)
            session.flush()
            return to_detail(partner)

    def update_partner(
        self, *, partner_id: int, data: PartnerIn, stage_reason: str = "", expected_version: int | None = None
    ) -> PartnerDetail:
        """Save edits; a stage change is added to the history with its reason.

        `expected_version` is the `row_version` the editor loaded: when someone saved the partner (or its
        contacts and certifications) since, errors.StaleEdit is raised and nothing is written. None overwrites.
        """

        def save(session: Session, partner: Partner) -> PartnerDetail:
            self._check_code_free(session, data.code, partner_id)
            if partner.kind == PartnerKind.BULK_SUPPLIER and data.kind != PartnerKind.BULK_SUPPLIER:
                users = session.scalar(select(func.count()).where(Partner.fallback_id == partner_id)) or 0
                if users:
                    raise ValidationFailed.single(
                        "kind",
                        f"{counted(users, 'partner')} {plural(users, 'falls', 'fall')} back to this bulk supplier; change their fallback first",
                    )
            apply_partner(partner, data, fallback_supplier_id(session, data.fallback_code, partner_id))
            sync_contacts(partner, data.contacts)
            sync_certifications(partner, data.certifications)
            touch(partner)  # the partner's version covers its contacts and certifications too
            if data.stage.value != partner.stage:
                partner.stage_changes.append(
                    StageChange(from_stage=partner.stage, to_stage=data.stage.value, reason=stage_reason.strip())
                )
                partner.stage = data.stage.value
            session.flush()
            session.refresh(partner)
            return to_detail(partner)

        return save_versioned(
            self._db,
            load=lambda session: self._load(session, partner_id),
            name=lambda partner: f"Partner {partner.code}",
            expected=expected_version,
            save=save,
        )

    def delete_partner(self, *, partner_id: int) -> None:
        """Remove a partner with its contacts, certifications and history."""
        with self._db.session() as session:
            session.delete(self._load(session, partner_id))

    def bulk_suppliers(self) -> list[tuple[str, str]]:
        """(code, name) of every bulk supplier, for choosing a fallback."""
        with self._db.session() as session:
            rows = session.execute(
                select(Partner.code, Partner.name)
                .where(Partner.kind == PartnerKind.BULK_SUPPLIER.value)
                .order_by(Partner.name)
            )
            return [(code, name) for code, name in rows]

    @staticmethod
    def _load(session: Session, partner_id: int) -> Partner:
        return existing(
            session,
            Partner,
            partner_id,
            "Partner",
            options=[
                selectinload(Partner.contacts),
                selectinload(Partner.certifications),
                selectinload(Partner.stage_changes),
            ],
        )

    @staticmethod
    def _check_code_free(session: Session, code: str, own_id: int | None) -> None:
        clash = find_by_code(session, Partner, code)
        if clash is not None and clash.id != own_id:
            raise ValidationFailed.single("code", f"the code {code} is already used by another partner")
