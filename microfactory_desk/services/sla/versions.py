"""SLA use cases: draft, propose and agree versions, keep one agreed version in force, price quantities."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from microfactory_desk.db import Database
from microfactory_desk.errors import NotFound, ValidationFailed
from microfactory_desk.models import Partner, PriceTier, SlaVersion
from microfactory_desk.schemas.history import ChangeOut
from microfactory_desk.schemas.sla import PriceTierOut, SlaComparison, SlaTermsIn, SlaVersionOut, TierPrice
from microfactory_desk.schemas.vocab import SlaStatus
from microfactory_desk.services.common.history import record_history
from microfactory_desk.services.common.numbering import add_numbered
from microfactory_desk.services.common.records import created_before, existing, lock_partner, save_versioned, touch
from microfactory_desk.services.roster.partners import fallback_supplier_id
from microfactory_desk.services.sla.in_force import in_force_query
from microfactory_desk.services.sla.terms import compare_versions, select_tier

_TERMS = tuple(name for name in SlaTermsIn.model_fields if name not in ("fallback_code", "price_tiers"))
_EDITABLE = (SlaStatus.DRAFT.value, SlaStatus.PROPOSED.value)
_ONCE_AGREED = (SlaStatus.AGREED.value, SlaStatus.SUPERSEDED.value, SlaStatus.EXPIRED.value)


def to_out(version: SlaVersion) -> SlaVersionOut:
    """The DTO of a stored version."""
    fallback = version.fallback_supplier
    return SlaVersionOut(
        **{name: getattr(version, name) for name in _TERMS},
        id=version.id,
        uuid=version.uuid,
        partner_id=version.partner_id,
        partner_code=version.partner.code,
        partner_name=version.partner.name,
        number=version.number,
        status=SlaStatus(version.status),
        fallback_code=fallback.code if fallback else None,
        fallback_name=fallback.name if fallback else None,
        price_tiers=[PriceTierOut.model_validate(t) for t in version.tiers],
        agreed_at=version.agreed_at,
        created_at=version.created_at,
        updated_at=version.updated_at,
        row_version=version.row_version,
        updated_by=version.updated_by,
    )


def version_name(version: SlaVersion) -> str:
    """A version as people name it in messages: "SLA version 3 of MF1"."""
    return f"SLA version {version.number} of {version.partner.code}"


def _period(version: SlaVersion) -> str:
    return f"{version.valid_from} until {version.valid_until or 'open end'}"


class SlaService:
    """Reads and writes SLA versions; every write is one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def create_draft(self, partner_id: int, terms: SlaTermsIn, *, key: str | None = None) -> SlaVersionOut:
        """A new draft numbered after the partner's newest version.

        `key` (a uuid the caller chose before the first attempt) makes a retry return the draft it stored
        instead of creating a second one.
        """
        with self._db.session() as session:
            again = created_before(session, SlaVersion, key)
            if again is not None:
                return to_out(again)
            existing(session, Partner, partner_id, "Partner")
            lock_partner(session, partner_id)  # two managers' new drafts get numbers one after the other
            newest = session.scalar(select(func.max(SlaVersion.number)).where(SlaVersion.partner_id == partner_id))
            version = SlaVersion(partner_id=partner_id, number=(newest or 0) + 1, status=SlaStatus.DRAFT.value)
            if key is not None:
                version.uuid = key
            self._apply(session, version, terms, partner_id)
            add_numbered(session, version, following=lambda number: number + 1)
            session.refresh(version)
            return to_out(version)

    def update_draft(self, version_id: int, terms: SlaTermsIn, *, expected_version: int | None = None) -> SlaVersionOut:
        """Save new terms on a draft or proposed version; agreed and older versions are read-only.

        `expected_version` is the `row_version` the editor loaded: when someone saved the version (or its price
        tiers) since, errors.StaleEdit (who, when) is raised and nothing is written. None overwrites.
        """

        def save(session: Session, version: SlaVersion) -> SlaVersionOut:
            self._editable(session, version.id)
            self._apply(session, version, terms, version.partner_id)
            touch(version)  # the version's counter covers its price tiers too
            session.flush()
            session.refresh(version)
            return to_out(version)

        load = lambda session: self._load(session, version_id)  # noqa: E731
        return save_versioned(self._db, load=load, name=version_name, expected=expected_version, save=save)

    def delete_draft(self, version_id: int) -> None:
        """Throw away a draft or proposed version (agreed ones are history and stay)."""
        with self._db.session() as session:
            session.delete(self._editable(session, version_id))

    def propose(self, version_id: int) -> SlaVersionOut:
        """Mark a draft as proposed to the partner."""
        with self._db.session() as session:
            version = self._load(session, version_id)
            if version.status != SlaStatus.DRAFT.value:
                raise ValidationFailed.single(
                    "status", f"only a draft can be proposed; version {version.number} is {version.status}"
                )
            version.status = SlaStatus.PROPOSED.value
            session.flush()
            return to_out(version)

    def agree(self, version_id: int, *, on: dt.date) -> SlaVersionOut:
        """Agree a draft or proposal on a date: it comes into force and supersedes the agreed one before it."""
        with self._db.session() as session:
            version = self._editable(session, version_id)
            lock_partner(session, version.partner_id)
            start = version.valid_from or on
            if version.valid_until is not None and version.valid_until < start:
                raise ValidationFailed.single("valid_until", "the end date is before the start date")
            others = session.scalars(
                select(SlaVersion)
                .where(SlaVersion.partner_id == version.partner_id, SlaVersion.id != version.id)
                .where(SlaVersion.status.in_(_ONCE_AGREED))
                .order_by(SlaVersion.number)
            ).all()
            for other in others:
                assert other.valid_from is not None
                closes = other.status == SlaStatus.AGREED.value and other.valid_from < start
                until = other.valid_until
                if closes and (until is None or until >= start):
                    until = start - dt.timedelta(days=1)
                ends_before = until is not None and until < start
                starts_after = version.valid_until is not None and other.valid_from > version.valid_until
                if not (ends_before or starts_after):
                    raise ValidationFailed.single(
                        "valid_from",
                        f"the validity overlaps agreed version {other.number} ({_period(other)});"
                        " agreed versions cannot overlap",
                    )
                if closes:
                    other.status, other.valid_until = SlaStatus.SUPERSEDED.value, until
            version.status = SlaStatus.AGREED.value
            version.valid_from = start
            version.agreed_at = dt.datetime.combine(on, dt.time())
            session.flush()
            return to_out(version)

    def expire_due(self, today: dt.date) -> int:
        """Agreed versions whose validity ended before today become expired; returns how many."""
        with self._db.session() as session:
            result = session.execute(
                update(SlaVersion)
                .where(SlaVersion.status == SlaStatus.AGREED.value, SlaVersion.valid_until < today)
                .values(status=SlaStatus.EXPIRED.value)
                .execution_options(synchronize_session=False)
            )
            return int(getattr(result, "rowcount", 0) or 0)

    def list_versions(self, partner_id: int) -> list[SlaVersionOut]:
        """The partner's versions, newest number first."""
        with self._db.session() as session:
            rows = session.scalars(
                select(SlaVersion)
                .where(SlaVersion.partner_id == partner_id)
                .options(selectinload(SlaVersion.tiers))
                .order_by(SlaVersion.number.desc())
            )
            return [to_out(v) for v in rows]

    def get_version(self, version_id: int) -> SlaVersionOut:
        """One version with its tiers."""
        with self._db.session() as session:
            return to_out(self._load(session, version_id))

    def version_history(self, version_id: int) -> list[ChangeOut]:
        """Who changed what on the version (its price tiers included), newest first (the change log)."""
        return record_history(self._db, "sla_version", version_id)

    def version_in_force(self, partner_id: int, on: dt.date) -> SlaVersionOut | None:
        """The agreed version whose validity covers the day (kept when later superseded or expired), if any."""
        with self._db.session() as session:
            version = session.scalars(in_force_query(partner_id, on)).first()
            return to_out(version) if version is not None else None

    def unit_price(
        self, partner_id: int, *, sku: str | None = None, sku_category: str | None = None, qty: int, on: dt.date
    ) -> TierPrice:
        """The unit price for qty units under the SLA in force on the day."""
        version = self.version_in_force(partner_id, on)
        if version is None:
            raise NotFound(f"No agreed SLA is in force for this partner on {on}.")
        tier = select_tier(version.price_tiers, qty, sku, sku_category)
        return TierPrice(
            version_id=version.id,
            version_number=version.number,
            scope=tier.scope_label,
            min_qty=tier.min_qty,
            unit_price=tier.unit_price,
            currency=tier.currency,
        )

    def compare(self, version_a: int, version_b: int) -> SlaComparison:
        """Two versions term by term, the changed ones flagged."""
        return compare_versions(self.get_version(version_a), self.get_version(version_b))

    @staticmethod
    def _load(session: Session, version_id: int) -> SlaVersion:
        return existing(session, SlaVersion, version_id, "SLA version", options=[selectinload(SlaVersion.tiers)])

    def _editable(self, session: Session, version_id: int) -> SlaVersion:
        version = self._load(session, version_id)
        if version.status not in _EDITABLE:
            raise ValidationFailed.single(
                "status",
                f"version {version.number} is {version.status} and read-only; start a new draft to change terms",
            )
        return version

    def _apply(self, session: Session, version: SlaVersion, terms: SlaTermsIn, partner_id: int) -> None:
        """Copy validated terms onto the version; tiers are replaced as a whole."""
        for name in _TERMS:
            setattr(version, name, getattr(terms, name))
        version.fallback_supplier_id = fallback_supplier_id(session, terms.fallback_code, partner_id)
        version.tiers = [PriceTier(**tier.model_dump()) for tier in terms.price_tiers]
