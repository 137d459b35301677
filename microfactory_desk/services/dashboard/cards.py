"""The attention rules: one portable SQL query per card, returning its first items and the total count.

Every query counts its matches in a scalar subquery over the same FROM/WHERE, so a card costs one
round trip however many partners there are, and the listed items can stop at LIMIT on an index
(a COUNT(*) OVER () window would first materialise every match). Dates are computed in Python and
passed as parameters (no dialect date maths). Items are ordered by the indexed date and the row id,
so SQLite walks the date index and stops at LIMIT instead of sorting every match.
"""

from __future__ import annotations

from typing import NamedTuple

from microfactory_desk.schemas.dashboard import INSPECTION, ORDER, PARTNER, PILOT, SCORECARD
from microfactory_desk.services.sla.in_force import in_force_sql

# Standing bands, best first: a larger rank is a worse band.
STANDING_RANK = "CASE {col} WHEN 'strategic' THEN 0 WHEN 'approved' THEN 1 WHEN 'watch' THEN 2 WHEN 'exit' THEN 3 END"
# Not yet received, closed or cancelled.
OPEN_ORDER_STATUSES = ("draft", "sent", "confirmed", "in_production", "shipped", "partially_received")
OPEN_ACTION_STATUSES = ("open", "in_progress")
ACTIVE_STAGES = ("pilot", "approved")


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def is_one_of(column: str, values: tuple[str, ...]) -> str:
    """`(CASE WHEN column IN (...) THEN 1 ELSE 0 END)`: the expression an index of migration 0010 starts with.

    Compared `= 1`, it selects what `column IN (...)` does, but SQLite then reads the expression index in its
    date (or code) order and stops at LIMIT; with a plain IN it takes the status index and sorts every match
    (1.1 s for the late orders at 100,000 partners). The text must read exactly as in the index.
    """
    return f"(CASE WHEN {column} IN {_in(values)} THEN 1 ELSE 0 END)"


CLOSED_CASE = "(CASE WHEN a.status = 'closed' THEN 1 ELSE 0 END)"
UNDATED_CASE = "(CASE WHEN a.due_on IS NULL THEN 1 ELSE 0 END)"

# An order is late only while its deliveries leave something outstanding: a line lacking units it is due
# (confirmed, else ordered), or no line at all to deliver against.
OUTSTANDING = (
    "(NOT EXISTS (SELECT 1 FROM order_line l0 WHERE l0.order_id = o.id)"
    " OR EXISTS (SELECT 1 FROM order_line l WHERE l.order_id = o.id AND COALESCE(l.confirmed_qty, l.quantity) >"
    " (SELECT COALESCE(SUM(d.qty_received), 0) FROM delivery d WHERE d.order_line_id = l.id)))"
)


class CardRule(NamedTuple):
    """A card's key, title, what its items open, its query and what to say when nothing matches.

    Every query selects: target id, partner id, partner code, partner name, the date looked at,
    a reference (number), a detail text, an optional inspection id, and the total count last.
    """

    key: str
    title: str
    target: str
    sql: str
    empty_text: str
    tab: str = ""  # the partner editor's tab an item opens at (its title's start)


def card_sql(columns: str, source: str, where: str, order_by: str, *, names: str = "") -> str:
    """SELECT the item columns plus the count of the matches up to :count_cap, first items only: the rows of
    `source` (tables and the joins that decide a match) that meet `where`.

    The count stops at the cap: counting every one of 100,000 late orders would cost the dashboard seconds.
    `names` are joins that only name a listed item (its partner, its SKU): the items' query has them, the count
    leaves them out. Every row has them (foreign keys), so the count is the same without reading up to
    :count_cap partner rows for nothing (1,000 follow-ups at 10,000 partners: half the card's first read).
    """
    count = f"(SELECT COUNT(*) FROM (SELECT 1 FROM {source} WHERE {where} LIMIT :count_cap) capped)"
    listed = f"{source} {names}" if names else source
    return f"SELECT {columns}, {count} FROM {listed} WHERE {where} ORDER BY {order_by} LIMIT :limit"


FOLLOW_UPS = CardRule(
    "follow_ups",
    "Follow-ups due",
    PARTNER,
    card_sql(
        "e.partner_id, e.partner_id, p.code, p.name, e.follow_up_on, '', e.next_step, NULL",
        "negotiation_entry e",
        "e.follow_up_done_at IS NULL AND e.follow_up_on IS NOT NULL AND e.follow_up_on <= :follow_up_until",
        "e.follow_up_on, e.id",
        names="JOIN partner p ON p.id = e.partner_id",
    ),
    "No follow-up is overdue or due this week.",
    "Negotiations",
)
SLA_EXPIRING = CardRule(
    "sla_expiring",
    "SLAs expiring",
    PARTNER,
    card_sql(
        "v.partner_id, v.partner_id, p.code, p.name, v.valid_until, v.number, '', NULL",
        "sla_version v",
        "v.status = 'agreed' AND v.valid_until >= :today AND v.valid_until <= :sla_until",
        "v.valid_until, v.id",
        names="JOIN partner p ON p.id = v.partner_id",
    ),
    "No agreed SLA ends within the horizon.",
    "SLA",
)
NO_SLA = CardRule(
    "no_sla",
    "No agreed SLA in force",
    PARTNER,
    card_sql(
        "p.id, p.id, p.code, p.name, NULL, '', p.stage, NULL",
        "partner p",
        f"{is_one_of('p.stage', ACTIVE_STAGES)} = 1 AND NOT EXISTS ("
        # The one rule of the SLA in force; without its overlap guard, as any covering version means one is.
        f" SELECT 1 FROM sla_version v WHERE v.partner_id = p.id AND {in_force_sql('v', ':today', overlaps=False)})",
        "p.code",
    ),
    "Every pilot and approved partner has an agreed SLA in force.",
    "SLA",
)
CERTIFICATIONS = CardRule(
    "certifications",
    "Certifications to renew",
    PARTNER,
    card_sql(
        "c.partner_id, c.partner_id, p.code, p.name, c.valid_until, '', c.name, NULL",
        "certification c JOIN partner p ON p.id = c.partner_id",  # the partner's stage decides a match
        "c.valid_until IS NOT NULL AND c.valid_until <= :certification_until AND p.stage <> 'offboarded'"
        # A renewed certificate of the same name replaces the old one.
        " AND NOT EXISTS (SELECT 1 FROM certification n WHERE n.partner_id = c.partner_id AND n.name = c.name"
        " AND n.valid_until > :certification_until)",
        "c.valid_until, c.id",
    ),
    "No certification has expired or expires within the horizon.",
    "Certifications",
)
ORDERS_LATE = CardRule(
    "orders_late",
    "Orders late",
    ORDER,
    card_sql(
        "o.id, o.partner_id, p.code, p.name, o.requested_on, o.number, o.status, NULL",
        "purchase_order o",
        f"{is_one_of('o.status', OPEN_ORDER_STATUSES)} = 1 AND o.requested_on < :today AND {OUTSTANDING}",
        "o.requested_on, o.number",
        names="JOIN partner p ON p.id = o.partner_id",
    ),
    "No order is past its requested date.",
)
ORDERS_UNCONFIRMED = CardRule(
    "orders_unconfirmed",
    "Orders unconfirmed",
    ORDER,
    card_sql(
        "o.id, o.partner_id, p.code, p.name, o.sent_on, o.number, o.destination_name, NULL",
        "purchase_order o",
        "o.status = 'sent'",
        "o.sent_on, o.number",
        names="JOIN partner p ON p.id = o.partner_id",
    ),
    "Every sent order has been confirmed.",
)
ACTIONS_OVERDUE = CardRule(
    "actions_overdue",
    "Actions overdue",
    INSPECTION,
    card_sql(
        "a.id, a.partner_id, p.code, p.name, a.due_on, a.number, a.description, a.inspection_id",
        "corrective_action a",
        # Not closed and dated: the actions list's index (migration 0008), read in due-date order.
        f"{CLOSED_CASE} = 0 AND {UNDATED_CASE} = 0 AND a.status IN {_in(OPEN_ACTION_STATUSES)} AND a.due_on < :today",
        "a.due_on, a.number",
        names="JOIN partner p ON p.id = a.partner_id",
    ),
    "No corrective action is past its due date.",
)
ACTIONS_CRITICAL = CardRule(
    "actions_critical",
    "Critical actions open",
    INSPECTION,
    card_sql(
        "a.id, a.partner_id, p.code, p.name, a.due_on, a.number, a.description, a.inspection_id",
        "corrective_action a",
        f"{is_one_of('a.status', OPEN_ACTION_STATUSES)} = 1 AND a.severity = 'critical'"
        " AND (a.due_on IS NULL OR a.due_on >= :today)",
        "a.due_on, a.number",
        names="JOIN partner p ON p.id = a.partner_id",
    ),
    "No critical corrective action is open.",
)
# A partner's newest snapshot that breaches its SLA or stands a band worse than the snapshot before it. The
# snapshot writer keeps `is_latest` and `previous_standing` (services/scorecards/service.py: link_snapshots), so
# the drifting partners are one range of the expression index of migration 0011, in breach order (the capped
# count: 2 ms at 100,000 partners) where two probes per partner cost 130-320 ms. The text must read as in the index.
DRIFTING = (
    "(CASE WHEN s.is_latest AND (s.sla_breaches > 0 OR"
    f" {STANDING_RANK.format(col='s.standing')} > {STANDING_RANK.format(col='s.previous_standing')}) THEN 1 ELSE 0 END)"
)
_DRIFTING_FROM = f"FROM scorecard_snapshot s JOIN partner p ON p.id = s.partner_id WHERE {DRIFTING} = 1"
# The first items are chosen on the index alone (breaches, partner id) plus each partner's code, and only those
# listed read their snapshot row. Every partner of the top breach band is still sorted by code (33,000 of the
# generated 100,000: 30-70 ms, most of this card), as the code is not in the snapshot's index.
SCORECARDS = CardRule(
    "scorecards",
    "Partners drifting",
    SCORECARD,
    "WITH listed AS (SELECT s.id AS snapshot_id, s.sla_breaches AS breaches, p.code AS code"
    f" {_DRIFTING_FROM} ORDER BY s.sla_breaches DESC, p.code LIMIT :limit)"
    " SELECT s.partner_id, s.partner_id, p.code, p.name, s.period_end, s.period,"
    " COALESCE(s.previous_standing, '') || '>' || COALESCE(s.standing, '') || '>' || s.sla_breaches, NULL,"
    f" (SELECT COUNT(*) FROM (SELECT 1 {_DRIFTING_FROM} LIMIT :count_cap) capped)"
    " FROM listed f JOIN scorecard_snapshot s ON s.id = f.snapshot_id JOIN partner p ON p.id = s.partner_id"
    " ORDER BY f.breaches DESC, f.code",
    "No partner's latest scorecard breaches its SLA or fell a band.",
)
PILOTS_UNDECIDED = CardRule(
    "pilots_undecided",
    "Pilots waiting for a decision",
    PILOT,
    card_sql(
        "pl.id, pl.partner_id, p.code, p.name, pl.ends_on, pl.number, s.code || ' in ' || pl.market_name, NULL",
        "pilot pl",
        "pl.decision IS NULL AND pl.ends_on < :today",
        "pl.ends_on, pl.number",
        names="JOIN partner p ON p.id = pl.partner_id JOIN sku s ON s.id = pl.sku_id",
    ),
    "No ended pilot is waiting for a decision.",
)

RULES: tuple[CardRule, ...] = (
    FOLLOW_UPS,
    SLA_EXPIRING,
    NO_SLA,
    CERTIFICATIONS,
    ORDERS_LATE,
    ORDERS_UNCONFIRMED,
    ACTIONS_OVERDUE,
    ACTIONS_CRITICAL,
    SCORECARDS,
    PILOTS_UNDECIDED,
)
