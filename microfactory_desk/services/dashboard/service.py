"""The attention dashboard: every card's items for one day, read on the light SQL path.

Imports nothing heavy (no ORM): the dashboard is the page the window opens on.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, cast

from microfactory_desk.db import Database
from microfactory_desk.schemas.dashboard import INSPECTION, PARTNER, AttentionCard, AttentionItem, Dashboard, Horizons
from microfactory_desk.services.common.sql import as_date, is_sqlite
from microfactory_desk.services.dashboard.cards import RULES, CardRule
from microfactory_desk.services.dashboard.settings import read_horizons, save_horizons

if TYPE_CHECKING:
    from microfactory_desk.schemas.periods import Period

ITEMS_PER_CARD = 25
# A card counts its matches up to this many and then says "1,000+" (the full list counts every one).
COUNT_CAP = 1_000
FULL_LIST_LIMIT = 100_000  # a card's full list: every match (a few thousand at most on a big roster)
# Cards whose every item is already late, and cards whose items are late only once their date has passed.
ALWAYS_URGENT = frozenset({"orders_late", "actions_overdue", "actions_critical", "scorecards", "pilots_undecided"})
URGENT_WHEN_PAST = frozenset({"follow_ups", "certifications"})
# What each clickable target is stored in, and the column naming its partner.


def _days(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"


def _when(on: dt.date, today: dt.date, past: str, ahead: str) -> str:
    """'3 days overdue' / 'today' / 'in 5 days' with the caller's words."""
    days = (today - on).days
    if days > 0:
        return f"{_days(days)} {past}"
    return "today" if days == 0 else f"{ahead} {_days(-days)}"


def _label(value: str) -> str:
    return value.replace("_", " ").capitalize()


def _standing_change(text: str, period: str) -> str:
    previous, current, breaches = (text.split(">") + ["", "", "0"])[:3]
    parts = [f"{period}: {_label(current) if current else 'no standing'}"]
    if previous and previous != current:
        parts[0] += f" (was {_label(previous)})"
    if breaches not in ("", "0"):
        parts.append(f"{breaches} SLA breach{'' if breaches == '1' else 'es'}")
    return ", ".join(parts)


def describe(key: str, on: dt.date | None, ref: str, text: str, today: dt.date) -> str:
    """The one-line detail a card shows under an item's title."""
    if key == "follow_ups" and on is not None:
        return f"{text or 'Follow up'} · {_when(on, today, 'overdue', 'due in')}".replace("· today", "· due today")
    if key == "sla_expiring" and on is not None:
        return f"SLA v{ref} ends {on.isoformat()} ({_when(on, today, 'ago', 'in')})"
    if key == "no_sla":
        return f"{_label(text)} partner, no agreed SLA in force"
    if key == "certifications" and on is not None:
        verb = "expired" if on < today else "expires"
        return f"{text} {verb} {on.isoformat()} ({_when(on, today, 'ago', 'in')})"
    if key == "orders_late" and on is not None:
        return f"{ref} · {_label(text)}, requested {on.isoformat()} ({_days((today - on).days)} late)"
    if key == "orders_unconfirmed":
        sent = f"sent {on.isoformat()} ({_when(on, today, 'ago', 'in')})" if on else "sent"
        return f"{ref} {sent}" + (f" · to {text}" if text else "")
    if key == "actions_overdue" and on is not None:
        return f"{ref}: {text.splitlines()[0] if text else ''} · due {on.isoformat()} ({_days((today - on).days)} late)"
    if key == "actions_critical":
        due = f" · due {on.isoformat()} ({_when(on, today, 'ago', 'in')})" if on is not None else " · no due date"
        return f"{ref}: {text.splitlines()[0] if text else ''}{due}"
    if key == "scorecards":
        return _standing_change(text, ref)
    if key == "pilots_undecided" and on is not None:
        return f"{ref}: {text} · ended {on.isoformat()}"
    return text


def _params(today: dt.date, horizons: Horizons, limit: int, count_cap: int = COUNT_CAP) -> dict[str, Any]:
    """The cards' query parameters: today, the horizon end dates, how many items to list and to count."""
    return {
        "count_cap": count_cap,
        "today": today,
        "follow_up_until": today + dt.timedelta(days=horizons.follow_up_days),
        "sla_until": today + dt.timedelta(days=horizons.sla_days),
        "certification_until": today + dt.timedelta(days=horizons.certification_days),
        "limit": limit,
    }


# A card's columns (see CardRule), named, so every card's rows share one type per column in the UNION ALL:
# PostgreSQL will not unite an SLA number with a text reference, or a bare NULL with a date.
_CARD_COLUMNS = "target_id, partner_id, code, name, on_day, ref, detail, inspection_id, total"
_TYPED = (
    "CAST(target_id AS INTEGER), CAST(partner_id AS INTEGER), code, name, CAST(on_day AS TEXT), CAST(ref AS TEXT),"
    " CAST(detail AS TEXT), CAST(inspection_id AS INTEGER), total"
)


def _batch_sql(rules: tuple[CardRule, ...], *, packed: bool = False) -> str:
    """Every card's query as one statement: each a named CTE, read in turn and tagged with its position.

    `packed` (SQLite) returns the same rows as one JSON array of arrays, in one row: see `_read_rows`.
    """
    ctes = ", ".join(f"card{i}({_CARD_COLUMNS}) AS ({rule.sql})" for i, rule in enumerate(rules))
    arms = " UNION ALL ".join(f"SELECT {i}, {_TYPED} FROM card{i}" for i in range(len(rules)))
    if not packed:
        return f"WITH {ctes} {arms}"
    return (
        f"WITH {ctes}, board(card, {_CARD_COLUMNS}) AS ({arms})"
        f" SELECT json_group_array(json_array(card, {_CARD_COLUMNS})) FROM board"
    )


class SnapshotRecorder(Protocol):
    """What records a period's scorecard snapshots (the scorecard service)."""

    def record_snapshots(self, period: Period, *, today: dt.date) -> object:
        """Score every partner for the period and keep their snapshots."""
        ...


class DashboardService:
    """Reads the dashboard for a day (each card is one query); its Refresh also records today's snapshots."""

    def __init__(self, db: Database, *, scorecards: Callable[[], SnapshotRecorder] | None = None) -> None:
        self._db = db
        # A provider: the scorecard service loads the ORM, which the start-up load must not wait for.
        self._scorecards = scorecards

    def horizons(self) -> Horizons:
        """The horizons in force."""
        return read_horizons(self._db)

    def save_horizons(self, horizons: Horizons) -> Horizons:
        """Store new horizons (0-366 days each) and return those in force."""
        return save_horizons(self._db, horizons)

    def first_run(self) -> bool:
        """True on a database without any partner (the dashboard then shows its welcome); one indexed read."""
        return not self._db.read("SELECT 1 FROM partner LIMIT 1")

    def load(self, today: dt.date, *, limit: int = ITEMS_PER_CARD) -> Dashboard:
        """Every card for `today` with up to `limit` items each; first_run when there is no partner at all.

        Reads only (the start-up load): snapshots shown are those recorded by an explicit step.
        """
        horizons = read_horizons(self._db)
        params = _params(today, horizons, limit)
        first_run = self.first_run()
        cards = [] if first_run else self._cards(RULES, params, today)
        return Dashboard(today=today, horizons=horizons, cards=cards, first_run=first_run)

    def card(self, key: str, today: dt.date) -> AttentionCard:
        """One card with every matching item (what "… and N more" opens). Raises KeyError for an unknown key."""
        rule = next((r for r in RULES if r.key == key), None)
        if rule is None:
            raise KeyError(f"no dashboard card {key!r}")
        return self._card(rule, _params(today, read_horizons(self._db), FULL_LIST_LIMIT, FULL_LIST_LIMIT), today)

    def refresh(self, today: dt.date, *, limit: int = ITEMS_PER_CARD) -> Dashboard:
        """The user's explicit Refresh: record the current quarter's snapshots, then every card.

        The "Partners drifting" card compares each partner's newest snapshot with the one before it, so the
        quarter `today` falls in (the newest period) is recorded; the quarters before keep what was recorded then.
        """
        if self._scorecards is None:
            raise RuntimeError("DashboardService was built without a scorecard service to record snapshots")
        from microfactory_desk.schemas.periods import current_quarter  # only Refresh needs periods, not start-up

        self._scorecards().record_snapshots(current_quarter(today), today=today)
        return self.load(today, limit=limit)

    def _card(self, rule: CardRule, params: dict[str, Any], today: dt.date) -> AttentionCard:
        return self._cards((rule,), params, today)[0]

    def _cards(self, rules: tuple[CardRule, ...], params: dict[str, Any], today: dt.date) -> list[AttentionCard]:
        """The cards of `rules`, read in one statement: each card's query tagged with its position, the whole
        joined by UNION ALL, so a team server answers the dashboard in one round trip instead of one per card."""
        per_card: list[list[tuple[Any, ...]]] = [[] for _ in rules]
        for row in self._read_rows(rules, params):  # each card's rows arrive in its own ORDER BY
            per_card[int(row[0])].append(tuple(row[1:]))
        cards = []
        for rule, rows in zip(rules, per_card, strict=True):
            items = [self._item(rule, row, today) for row in rows]
            count = int(rows[0][-1]) if rows else 0
            capped = count >= params["count_cap"]
            cards.append(AttentionCard(rule.key, rule.title, count, items, rule.empty_text, capped))
        return cards

    def _read_rows(self, rules: tuple[CardRule, ...], params: dict[str, Any]) -> list[Sequence[Any]]:
        """Every card's rows, each (card position, the card's columns...), in the cards' order.

        On SQLite the rows come packed in one JSON text (`json_group_array`), the same values in the same order.
        The board is read on a worker while the GUI thread builds the window, and Python's sqlite3 lets go of the
        GIL around each row it steps to: 200 rows meant 200 waits of up to the 5 ms switch interval for the busy
        GUI thread to hand the GIL back, so the read finished only after the window was built (15 ms after it at
        10,000 partners). One row is one wait. A team server's rows come in one round trip either way.
        """
        packed = is_sqlite(self._db)
        sql = _batch_sql(rules, packed=packed)
        rows = self._db.read(sql, {name: value for name, value in params.items() if f":{name}" in sql})
        return cast("list[Sequence[Any]]", json.loads(rows[0][0])) if packed else list(rows)

    @staticmethod
    def _item(rule: CardRule, row: tuple[Any, ...], today: dt.date) -> AttentionItem:
        target_id, partner_id, code, name, on, ref, text, inspection_id, _count = row
        on = as_date(on)
        target = rule.target
        if target == INSPECTION and inspection_id is None:
            target, target_id = PARTNER, partner_id  # raised by hand, not at an inspection
        elif target == INSPECTION:
            target_id = inspection_id
        days = (today - on).days if on is not None else None
        urgent = rule.key in ALWAYS_URGENT or (rule.key in URGENT_WHEN_PAST and days is not None and days > 0)
        detail = describe(rule.key, on, str(ref or ""), str(text or ""), today)
        tab = rule.tab if target == PARTNER else ""
        title = f"{name} ({code})"
        return AttentionItem(target, int(target_id), partner_id, title, detail, on, days, urgent, tab, str(code))
