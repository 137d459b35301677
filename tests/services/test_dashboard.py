"""Each attention rule at its date boundaries, counted in SQL, against a real SQLite file."""

from __future__ import annotations

import datetime as dt

import pytest

from microfactory_desk.db import Database
from microfactory_desk.errors import ValidationFailed
from microfactory_desk.schemas.dashboard import Horizons
from microfactory_desk.services.dashboard.service import DashboardService
from tests.services import attention_data as make

TODAY = dt.date(2026, 6, 15)
YESTERDAY = TODAY - dt.timedelta(days=1)


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def listed(db: Database, key: str, today: dt.date = TODAY) -> list[str]:
    """The titles of the items on one card."""
    return [item.title for item in DashboardService(db).load(today).card(key).items]


def test_empty_database_is_a_first_run(db: Database) -> None:
    """Without partners the dashboard says so instead of showing nine empty cards."""
    board = DashboardService(db).load(TODAY)
    assert board.first_run and board.cards == [] and board.total == 0
    assert DashboardService(db).first_run()  # what the window asks before it builds the cards
    make.partner(db, "FIRST", "First")
    assert not DashboardService(db).first_run()


def test_follow_ups_overdue_today_and_this_week(db: Database) -> None:
    """Overdue and due within 7 days are listed (overdue ones urgent); day 8 and done ones are not."""
    for code, offset in (("LATE", -1), ("TODAY", 0), ("WEEK", 7), ("LATER", 8)):
        make.follow_up(db, make.partner(db, code, code.title()), day(offset))
    make.follow_up(db, make.partner(db, "DONE", "Done"), day(-3), done=True)
    card = DashboardService(db).load(TODAY).card("follow_ups")
    assert [i.title for i in card.items] == ["Late (LATE)", "Today (TODAY)", "Week (WEEK)"]
    assert [i.urgent for i in card.items] == [True, False, False]
    assert card.items[0].detail == "Send quote · 1 day overdue"
    assert card.items[1].detail == "Send quote · due today"
    assert card.items[0].target == "partner"


def test_sla_expiring_within_exactly_30_days(db: Database) -> None:
    """Agreed SLAs ending today up to day 30 are listed; day 31, yesterday and drafts are not."""
    for code, offset in (("ENDS-TODAY", 0), ("IN-30", 30), ("IN-31", 31), ("ENDED", -1)):
        make.sla(db, make.partner(db, code, code), day(offset))
    make.sla(db, make.partner(db, "DRAFT", "DRAFT"), day(5), status="draft")
    assert listed(db, "sla_expiring") == ["ENDS-TODAY (ENDS-TODAY)", "IN-30 (IN-30)"]


def test_partners_without_an_agreed_sla_in_force(db: Database) -> None:
    """Pilot and approved partners whose agreed SLA ended yesterday (or who have none) are listed."""
    make.sla(db, make.partner(db, "ENDED", "Ended"), YESTERDAY)
    make.sla(db, make.partner(db, "LAST-DAY", "Last day"), TODAY)
    make.sla(db, make.partner(db, "OPEN-END", "Open end"), None)
    make.partner(db, "NONE", "None", stage="pilot")
    make.partner(db, "PROSPECT", "Prospect", stage="prospect")
    make.sla(db, make.partner(db, "DRAFT-ONLY", "Draft only"), day(90), status="draft")
    assert listed(db, "no_sla") == ["Draft only (DRAFT-ONLY)", "Ended (ENDED)", "None (NONE)"]


def test_no_sla_card_follows_the_one_in_force_rule(db: Database) -> None:
    """An agreed SLA that starts next month is not in force today (listed); one whose validity covers today is not."""
    from microfactory_desk.models import SlaVersion

    later = make.partner(db, "STARTS-LATER", "Starts later")
    make.add(db, SlaVersion(partner_id=later, number=1, status="agreed", valid_from=day(30), valid_until=day(400)))
    covered = make.partner(db, "IN-FORCE", "In force")
    make.add(db, SlaVersion(partner_id=covered, number=1, status="agreed", valid_from=day(-30), valid_until=day(300)))
    assert listed(db, "no_sla") == ["Starts later (STARTS-LATER)"]


def test_certifications_expired_or_expiring_in_60_days(db: Database) -> None:
    """Expired yesterday (urgent) and expiring in exactly 60 days are listed; day 61 and renewed ones are not."""
    make.certification(db, make.partner(db, "EXPIRED", "Expired"), YESTERDAY)
    make.certification(db, make.partner(db, "IN-60", "In 60"), day(60))
    make.certification(db, make.partner(db, "IN-61", "In 61"), day(61))
    renewed = make.partner(db, "RENEWED", "Renewed")
    make.certification(db, renewed, day(-20))
    make.certification(db, renewed, day(345))
    make.certification(db, make.partner(db, "GONE", "Gone", stage="offboarded"), YESTERDAY)
    card = DashboardService(db).load(TODAY).card("certifications")
    assert [(i.title, i.urgent) for i in card.items] == [("Expired (EXPIRED)", True), ("In 60 (IN-60)", False)]
    assert card.items[0].detail == f"ISO 9001 expired {YESTERDAY} (1 day ago)"


def test_orders_late_and_awaiting_confirmation(db: Database) -> None:
    """Late: requested before today and not received, closed or cancelled; awaiting: status sent."""
    pid = make.partner(db)
    late = make.order(db, pid, "confirmed", requested=YESTERDAY)
    make.order(db, pid, "shipped", requested=TODAY)
    make.order(db, pid, "received", requested=day(-5))
    make.order(db, pid, "cancelled", requested=day(-5))
    sent = make.order(db, pid, "sent", requested=day(10), sent_on=day(-2))
    board = DashboardService(db).load(TODAY)
    assert [(i.target, i.target_id) for i in board.card("orders_late").items] == [("order", late)]
    assert [(i.target, i.target_id) for i in board.card("orders_unconfirmed").items] == [("order", sent)]
    assert "1 day late" in board.card("orders_late").items[0].detail


def test_corrective_actions_overdue(db: Database) -> None:
    """Open actions due yesterday are overdue, due today not yet; closed ones never; they open their inspection."""
    pid = make.partner(db)
    ins = make.inspection(db, pid, day(-30))
    make.action(db, pid, YESTERDAY, inspection_id=ins)
    make.action(db, pid, TODAY)
    make.action(db, pid, day(-9), status="closed")
    by_hand = make.action(db, pid, day(-2), status="in_progress")
    items = DashboardService(db).load(TODAY).card("actions_overdue").items
    assert [(i.target, i.target_id) for i in items] == [("partner", pid), ("inspection", ins)]
    assert by_hand and items[1].detail.endswith("due 2026-06-14 (1 day late)")


def test_scorecards_breaching_or_falling_a_band(db: Database) -> None:
    """Only each partner's latest snapshot counts: breaches, or a worse standing than the one before."""
    breach = make.partner(db, "BREACH", "Breach")
    make.snapshot(db, breach, "2026-Q1", dt.date(2026, 3, 31), "approved")
    make.snapshot(db, breach, "2026-Q2", dt.date(2026, 6, 30), "approved", breaches=2)
    fell = make.partner(db, "FELL", "Fell")
    make.snapshot(db, fell, "2026-Q1", dt.date(2026, 3, 31), "approved")
    make.snapshot(db, fell, "2026-Q2", dt.date(2026, 6, 30), "watch")
    rose = make.partner(db, "ROSE", "Rose")
    make.snapshot(db, rose, "2026-Q1", dt.date(2026, 3, 31), "watch", breaches=3)
    make.snapshot(db, rose, "2026-Q2", dt.date(2026, 6, 30), "approved")
    no_data = make.partner(db, "NODATA", "No data")
    make.snapshot(db, no_data, "2026-Q1", dt.date(2026, 3, 31), "strategic")
    make.snapshot(db, no_data, "2026-Q2", dt.date(2026, 6, 30), None)
    items = DashboardService(db).load(TODAY).card("scorecards").items
    assert [i.title for i in items] == ["Breach (BREACH)", "Fell (FELL)"]
    assert items[0].detail == "2026-Q2: Approved, 2 SLA breaches"
    assert items[1].detail == "2026-Q2: Watch (was Approved)"


def test_pilots_waiting_for_a_decision(db: Database) -> None:
    """A pilot that ended yesterday without a decision is listed; one ending today or decided is not."""
    pid, sku = make.partner(db), make.sku(db)
    waiting = make.pilot(db, pid, sku, starts_on=day(-30), ends_on=YESTERDAY)
    make.pilot(db, pid, sku, starts_on=day(-30), ends_on=TODAY)
    make.pilot(db, pid, sku, starts_on=day(-30), ends_on=day(-5), decision="stop", decision_reason="Slow")
    items = DashboardService(db).load(TODAY).card("pilots_undecided").items
    assert [(i.target, i.target_id) for i in items] == [("pilot", waiting)]


def test_count_is_every_match_while_items_are_limited(db: Database) -> None:
    """A card counts all matches in the same query that returns only the first items."""
    for n in range(5):
        make.follow_up(db, make.partner(db, f"P{n}", f"P{n}"), day(-n))
    card = DashboardService(db).load(TODAY, limit=2).card("follow_ups")
    assert (card.count, len(card.items), card.more) == (5, 2, 3)
    assert card.items[0].title == "P4 (P4)"  # most overdue first


def test_horizons_are_database_settings(db: Database) -> None:
    """Shorter horizons stored as settings narrow the cards; bad values are refused by field."""
    make.sla(db, make.partner(db, "IN-15", "In 15"), day(15))
    service = DashboardService(db)
    assert service.horizons() == Horizons()
    assert listed(db, "sla_expiring") == ["In 15 (IN-15)"]
    assert service.save_horizons(Horizons(sla_days=10)) == Horizons(sla_days=10)
    assert listed(db, "sla_expiring") == []
    with pytest.raises(ValidationFailed) as refused:
        service.save_horizons(Horizons(certification_days=-1))
    assert [e.field for e in refused.value.errors] == ["certification_days"]
    assert service.horizons().sla_days == 10


def test_unreadable_setting_falls_back_to_its_default(db: Database) -> None:
    """A hand-edited setting that is not a day count is ignored rather than breaking the dashboard."""
    from microfactory_desk.models import AppSetting

    make.add(db, AppSetting(key="dashboard.sla_days", value='"soon"'))
    make.add(db, AppSetting(key="dashboard.follow_up_days", value="{broken"))
    assert DashboardService(db).horizons() == Horizons()


def test_json_form_has_every_card(db: Database) -> None:
    """The JSON form carries dates as text and every card with its count and items."""
    make.follow_up(db, make.partner(db, stage="prospect"), YESTERDAY)
    data = DashboardService(db).load(TODAY).as_json()
    assert data["today"] == "2026-06-15" and data["total"] == 1
    assert len(data["cards"]) == 10
    assert data["cards"][0]["items"][0]["on"] == "2026-06-14"


@pytest.mark.sqlite_only
def test_each_card_is_one_query_however_many_partners(db: Database) -> None:
    """Loading the dashboard runs the same few statements for 3 or 30 matching partners (no per-partner loop)."""
    from microfactory_desk.services.dashboard.cards import RULES

    def statements() -> int:
        seen: list[str] = []
        conn = db._sqlite_conn()  # the light read path's connection on this thread
        conn.set_trace_callback(seen.append)
        try:
            DashboardService(db).load(TODAY)
        finally:
            conn.set_trace_callback(None)
        return len([s for s in seen if s.lstrip().upper().startswith(("SELECT", "WITH"))])

    for n in range(3):
        make.follow_up(db, make.partner(db, f"A{n}", f"A{n}"), day(-n))
    few = statements()
    for n in range(27):
        make.follow_up(db, make.partner(db, f"B{n}", f"B{n}"), day(-n))
    assert statements() == few == 3  # the horizons, the first-run check, every card in one UNION ALL
    assert len(RULES) == 10


def test_the_dashboard_is_three_round_trips_on_either_backend(db: Database) -> None:
    """On SQLite and on a server, the whole dashboard (10 cards) is 3 statements, each one round trip: the
    horizons, the first-run check and every card in one UNION ALL (it was 12; the issue's goal is <= 12)."""
    from tests.statement_log import statement_log

    for n in range(5):
        make.follow_up(db, make.partner(db, f"R{n}", f"R{n}"), day(-n))
    service = DashboardService(db)
    with statement_log(db) as log:
        board = service.load(TODAY)
    assert len(log.statements) == 3, log.statements
    assert next(c for c in board.cards if c.key == "follow_ups").count == 5
