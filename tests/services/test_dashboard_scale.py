"""The dashboard at scale: card counts stop at a cap ("1,000+"), the drifting card compares each partner's two
newest snapshots found through the index."""

from __future__ import annotations

import datetime as dt

import pytest

from microfactory_desk.commands.dashboard import render_text
from microfactory_desk.db import Database
from microfactory_desk.services.dashboard.service import COUNT_CAP, DashboardService
from tests.services import attention_data as make
from tests.services.bulk_rows import add_partners

TODAY = dt.date(2026, 6, 15)


@pytest.mark.sqlite_only
def test_a_card_counts_up_to_the_cap_and_its_full_list_counts_all(db: Database) -> None:
    """1,200 approved partners without an SLA: the card says 1,000+ (and the text form "1000+"), the full list
    opened from "… and more" holds and counts all 1,200."""
    add_partners(db, 1_200)
    service = DashboardService(db)
    board = service.load(TODAY)
    card = board.card("no_sla")
    assert (card.count, card.capped, len(card.items)) == (COUNT_CAP, True, 25)
    assert board.capped and "No agreed SLA in force (1000+)" in render_text(board)
    assert "… and 975+ more" in render_text(board)
    full = service.card("no_sla", TODAY)
    assert (full.count, full.capped, len(full.items)) == (1_200, False, 1_200)
    assert board.as_json()["total_capped"] is True


def test_drifting_compares_the_newest_snapshot_with_the_one_just_before(db: Database) -> None:
    """With three snapshots, the newest is compared with the second newest, not the oldest: watch -> approved
    -> watch fell a band; approved -> watch -> watch did not."""
    fell = make.partner(db, "FELL", "Fell")
    for period, end, standing in (("2026-Q1", dt.date(2026, 3, 31), "watch"),
                                  ("2026-Q2", dt.date(2026, 6, 30), "approved"),
                                  ("2026-Q3", dt.date(2026, 9, 30), "watch")):  # fmt: skip
        make.snapshot(db, fell, period, end, standing)
    steady = make.partner(db, "STEADY", "Steady")
    for period, end, standing in (("2026-Q1", dt.date(2026, 3, 31), "approved"),
                                  ("2026-Q2", dt.date(2026, 6, 30), "watch"),
                                  ("2026-Q3", dt.date(2026, 9, 30), "watch")):  # fmt: skip
        make.snapshot(db, steady, period, end, standing)
    card = DashboardService(db).load(TODAY).card("scorecards")
    assert [i.title for i in card.items] == ["Fell (FELL)"] and card.count == 1 and not card.capped
    assert card.items[0].detail == "2026-Q3: Watch (was Approved)"
