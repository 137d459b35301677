"""The follow-ups page's lists: open follow-ups and the negotiation-note search, paged in SQL (light read path)."""

from __future__ import annotations

import datetime as dt

from microfactory_desk import clock
from microfactory_desk.db_search import SearchIndex
from microfactory_desk.schemas.list_rows import FollowUpRow, NoteHitRow
from microfactory_desk.schemas.listing import ListPage, ListQuery
from microfactory_desk.services.common.paging import order_by, read_page
from microfactory_desk.services.common.sql import Conditions, Reader, required_date

FOLLOW_UP_SORTS = {
    "due": ("e.follow_up_on", "p.code"),
    "partner": ("p.name", "e.follow_up_on"),
    "next_step": ("e.next_step", "e.follow_up_on"),
    "owner": ("e.follow_up_owner", "e.follow_up_on"),
}
_OPEN = "e.follow_up_done_at IS NULL AND e.follow_up_on IS NOT NULL"
_FOLLOW_UPS = (
    "SELECT e.id, e.partner_id, p.code, p.name, e.follow_up_on, e.follow_up_owner, e.next_step"
    " FROM negotiation_entry e JOIN partner p ON p.id = e.partner_id{where}{order}{window}"
)
_COUNT = "SELECT COUNT(*) FROM negotiation_entry e{where}"
_HITS = (
    "SELECT e.id, e.partner_id, p.code, p.name, e.occurred_on, e.channel, e.our_ask, e.their_offer, e.agreed, e.notes"
    " FROM negotiation_entry e JOIN partner p ON p.id = e.partner_id{where}"
    " ORDER BY e.occurred_on DESC, e.id DESC{window}"
)
_NOTE_INDEX = SearchIndex("note_search", "e.id")
# Far enough ahead to mean "every open follow-up".
EVERY_DAY_AHEAD = 36_500


def _today(query: ListQuery) -> dt.date:
    today = query.get("today")
    return today if isinstance(today, dt.date) else clock.today()


def _follow_up_filters(query: ListQuery) -> Conditions:
    """Filters: today (default the clock's), within_days (default 7), partner_id."""
    until = _today(query) + dt.timedelta(days=int(query.get("within_days", 7)))
    filters = Conditions().add(_OPEN).add("e.follow_up_on <= :until", until=until)
    return filters.equal("e.partner_id", "partner_id", query.get("partner_id"))


def follow_up_page(db: Reader, query: ListQuery) -> ListPage[FollowUpRow]:
    """Open follow-ups overdue or due within the days ahead, soonest first by default; `total` counts every
    open follow-up. Raises ValueError for an unknown sort key."""
    today = _today(query)
    rows, matching, total, _ = read_page(
        db,
        query,
        rows_sql=_FOLLOW_UPS.replace("{order}", order_by(query, FOLLOW_UP_SORTS, "due", "e.id")),
        count_sql=_COUNT,
        filters=_follow_up_filters(query),
        total_sql=_COUNT.replace("{where}", f" WHERE {_OPEN}"),
    )
    out = []
    for entry_id, pid, code, name, due, owner, next_step in rows:
        day = required_date(due)
        out.append(FollowUpRow(entry_id, pid, code, name, day, owner, next_step, (today - day).days))
    return ListPage(out, matching, total)


def follow_ups_overdue(db: Reader, query: ListQuery) -> int:
    """How many of the follow-ups matching the query are past their date."""
    filters = _follow_up_filters(query).add("e.follow_up_on < :today", today=_today(query))
    return int(db.read(_COUNT.format(where=filters.where()), filters.params)[0][0])


def note_hit_page(db: Reader, query: ListQuery) -> ListPage[NoteHitRow]:
    """Entries whose notes hold every searched word (any case, any accents), newest first; nothing when the
    search is blank."""
    filters = Conditions().search(query.search, ["e.search_text"], index=_NOTE_INDEX, reader=db)
    if not filters.clauses:
        return ListPage([], 0, 0)
    rows, matching, total, capped = read_page(db, query, rows_sql=_HITS, count_sql=_COUNT, filters=filters)
    hits = [NoteHitRow(r[0], r[1], r[2], r[3], required_date(r[4]), *r[5:]) for r in rows]
    return ListPage(hits, matching, total, capped)


class FollowUpListing:
    """Reads pages of open follow-ups and of note-search hits for the follow-ups page; nothing is capped."""

    def __init__(self, db: Reader) -> None:
        self._db = db

    def follow_ups(self, query: ListQuery) -> ListPage[FollowUpRow]:
        """One page of open follow-ups (see `follow_up_page`)."""
        return follow_up_page(self._db, query)

    def overdue(self, query: ListQuery) -> int:
        """Overdue follow-ups among those matching."""
        return follow_ups_overdue(self._db, query)

    def note_hits(self, query: ListQuery) -> ListPage[NoteHitRow]:
        """One page of entries found by the note search (see `note_hit_page`)."""
        return note_hit_page(self._db, query)
