"""Negotiation log use cases: dated entries per partner, follow-ups that surface when due, folded search."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from microfactory_desk import clock
from microfactory_desk.db import Database
from microfactory_desk.errors import NotFound, ValidationFailed
from microfactory_desk.models import NegotiationEntry, Partner, SlaVersion
from microfactory_desk.schemas.listing import ListQuery
from microfactory_desk.schemas.negotiation import FollowUpRow, NegotiationEntryIn, NegotiationEntryOut
from microfactory_desk.schemas.text import fold
from microfactory_desk.services.common.records import created_before, existing, save_versioned
from microfactory_desk.services.common.sql import search_filter
from microfactory_desk.services.sla.follow_up_listing import follow_up_page

_FIELDS = tuple(name for name in NegotiationEntryIn.model_fields if name != "channel")
SEARCHED = ("participants", "our_ask", "their_offer", "agreed", "notes", "next_step", "follow_up_owner")


def entry_search_text(data: NegotiationEntryIn) -> str:
    """The folded text the negotiation search looks in."""
    return fold(" | ".join(getattr(data, name) for name in SEARCHED))


def to_out(entry: NegotiationEntry, version_number: int | None) -> NegotiationEntryOut:
    """The DTO of a stored entry."""
    return NegotiationEntryOut(
        **{name: getattr(entry, name) for name in _FIELDS},
        channel=entry.channel,
        id=entry.id,
        uuid=entry.uuid,
        partner_id=entry.partner_id,
        partner_code=entry.partner.code,
        partner_name=entry.partner.name,
        sla_version_number=version_number,
        follow_up_done_at=entry.follow_up_done_at,
        created_at=entry.created_at,
        updated_at=entry.updated_at,
        row_version=entry.row_version,
        updated_by=entry.updated_by,
    )


def entry_name(entry: NegotiationEntry) -> str:
    """An entry as people name it in messages: "Negotiation entry of 2026-11-03 (MF1)"."""
    return f"Negotiation entry of {entry.occurred_on} ({entry.partner.code})"


def _entries() -> Select[NegotiationEntry, int]:
    return select(NegotiationEntry, SlaVersion.number).outerjoin(
        SlaVersion, SlaVersion.id == NegotiationEntry.sla_version_id
    )


class NegotiationService:
    """Reads and writes negotiation entries; every write is one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add_entry(self, partner_id: int, data: NegotiationEntryIn, *, key: str | None = None) -> NegotiationEntryOut:
        """Log a negotiation step for the partner.

        `key` (a uuid the caller chose before the first attempt) makes a retry return the entry it stored
        instead of creating a second one.
        """
        with self._db.session() as session:
            again = created_before(session, NegotiationEntry, key)
            if again is not None:
                return self._out(session, again.id)
            existing(session, Partner, partner_id, "Partner")
            entry = NegotiationEntry(partner_id=partner_id)
            if key is not None:
                entry.uuid = key
            self._apply(session, entry, data)
            session.add(entry)
            session.flush()
            return self._out(session, entry.id)

    def update_entry(
        self, entry_id: int, data: NegotiationEntryIn, *, expected_version: int | None = None
    ) -> NegotiationEntryOut:
        """Save edits; a new follow-up date opens the follow-up again.

        `expected_version` is the `row_version` the editor loaded: when someone saved the entry since,
        errors.StaleEdit (who, when) is raised and nothing is written. None overwrites.
        """
        return save_versioned(
            self._db,
            load=lambda session: self._load(session, entry_id),
            name=entry_name,
            expected=expected_version,
            save=lambda session, entry: self._update_entry(session, entry, data),
        )

    def _update_entry(self, session: Session, entry: NegotiationEntry, data: NegotiationEntryIn) -> NegotiationEntryOut:
        if data.follow_up_on != entry.follow_up_on:
            entry.follow_up_done_at = None
        self._apply(session, entry, data)
        session.flush()
        return self._out(session, entry.id)

    def delete_entry(self, entry_id: int) -> None:
        """Remove an entry."""
        with self._db.session() as session:
            session.delete(self._load(session, entry_id))

    def get_entry(self, entry_id: int) -> NegotiationEntryOut:
        """One entry."""
        with self._db.session() as session:
            return self._out(session, entry_id)

    def list_for_partner(self, partner_id: int) -> list[NegotiationEntryOut]:
        """The partner's log, newest first."""
        with self._db.session() as session:
            rows = session.execute(
                _entries()
                .where(NegotiationEntry.partner_id == partner_id)
                .order_by(NegotiationEntry.occurred_on.desc(), NegotiationEntry.id.desc())
            )
            return [to_out(entry, number) for entry, number in rows]

    def mark_follow_up_done(
        self, entry_id: int, *, done: bool = True, at: dt.datetime | None = None
    ) -> NegotiationEntryOut:
        """Tick off (or, with done=False, reopen) the entry's follow-up."""
        with self._db.session() as session:
            entry = self._load(session, entry_id)
            if entry.follow_up_on is None:
                raise ValidationFailed.single("follow_up_on", "this entry has no follow-up to mark")
            entry.follow_up_done_at = (at or clock.utc_now()) if done else None
            session.flush()
            return self._out(session, entry.id)

    def open_follow_ups(
        self, today: dt.date, *, within_days: int = 7, partner_id: int | None = None
    ) -> list[FollowUpRow]:
        """Every follow-up not done that is overdue or due within the days ahead, soonest first."""
        filters = {"today": today, "within_days": within_days, "partner_id": partner_id}
        return follow_up_page(self._db, ListQuery(filters=filters, limit=None)).rows

    def search(self, text: str, *, limit: int = 200) -> list[NegotiationEntryOut]:
        """Entries whose notes contain every word (any case, any accents), newest first."""
        words = search_filter(text, NegotiationEntry.search_text)
        if not words:
            return []
        query = _entries().where(*words)
        query = query.order_by(NegotiationEntry.occurred_on.desc(), NegotiationEntry.id.desc()).limit(limit)
        with self._db.session() as session:
            return [to_out(entry, number) for entry, number in session.execute(query)]

    @staticmethod
    def _load(session: Session, entry_id: int) -> NegotiationEntry:
        return existing(session, NegotiationEntry, entry_id, "Negotiation entry")

    def _out(self, session: Session, entry_id: int) -> NegotiationEntryOut:
        row = session.execute(_entries().where(NegotiationEntry.id == entry_id)).first()
        if row is None:
            raise NotFound(f"Negotiation entry #{entry_id} no longer exists.")
        return to_out(row[0], row[1])

    @staticmethod
    def _apply(session: Session, entry: NegotiationEntry, data: NegotiationEntryIn) -> None:
        if data.sla_version_id is not None:
            owner = session.scalar(select(SlaVersion.partner_id).where(SlaVersion.id == data.sla_version_id))
            if owner is None or owner != entry.partner_id:
                raise ValidationFailed.single("sla_version_id", "the SLA version does not belong to this partner")
        for name in _FIELDS:
            setattr(entry, name, getattr(data, name))
        entry.channel = data.channel.value
        entry.search_text = entry_search_text(data)
