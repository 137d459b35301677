"""Reading a scorecard writes nothing, reads its own partner only, and its PDF reuses the card already computed."""

from __future__ import annotations

import re
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from microfactory_desk.db import Database
from microfactory_desk.models import (
    ChecklistTemplate,
    CorrectiveAction,
    Inspection,
    NegotiationEntry,
    Partner,
    ScorecardSnapshot,
    SlaVersion,
)
from microfactory_desk.schemas.periods import parse_period
from microfactory_desk.services.scorecards import service as scorecard_service
from microfactory_desk.wiring import Services
from tests.services.telemetry_fixtures import D, accept_any_evidence, add_line, add_partner, add_sla, deliver
from tests.statement_log import statement_log

Q3 = parse_period("2026-Q3")
TODAY = D(2026, 11, 1)
# Measured (before: 2 transactions, 47 statements, one of them a snapshot INSERT): the partner by code, the
# scoring settings (a light read; it was the one ORM transaction), 5 KPI queries for each of 7 periods, then the
# card's own partner, SLA terms, inspections, actions, 3 internal-note queries and the lead-time points.
# Issue 12 adds one query a period (critical actions overdue; the critical answers only when an inspection failed)
# and, for the one card on screen, its deliveries against their promised arrival.
CARD_STATEMENTS = 53


def _partner_with_everything(db: Database, n: int) -> int:
    """A partner with an SLA (with notes), deliveries, inspections, actions, a negotiation and risk notes."""
    pid = add_partner(db, f"MF-{n:03d}", f"Partner {n}")
    add_sla(db, pid)
    accept_any_evidence(db)
    for k in range(2):
        deliver(db, add_line(db, pid, sent_on=D(2026, 7, 1 + k)), f"DN-{n}-{k}", D(2026, 7, 10 + k), defective=k)
    with db.session() as s:
        template = s.scalar(select(ChecklistTemplate).where(ChecklistTemplate.key == "release"))
        if template is None:
            template = ChecklistTemplate(key="release", name="Batch release")
            s.add(template)
            s.flush()
        s.get_one(Partner, pid).risk_notes = f"watch partner {n}"
        s.scalar(select(SlaVersion).where(SlaVersion.partner_id == pid)).notes = "held price"  # type: ignore[union-attr]
        s.add(
            Inspection(
                number=f"INS-2026-{n:04d}", partner_id=pid, template_id=template.id, inspected_on=D(2026, 8, 1),
                status="finished", score_pct=Decimal(80), outcome="passed",
            )
        )  # fmt: skip
        s.add(
            CorrectiveAction(
                number=f"CA-2026-{n:04d}", partner_id=pid, description="Fix it", raised_on=D(2026, 8, 1),
                due_on=D(2026, 8, 15),
            )
        )  # fmt: skip
        s.add(NegotiationEntry(partner_id=pid, occurred_on=D(2026, 8, 2), channel="call", our_ask="a lower price"))
    return pid


def _data_version(db: Database) -> int:
    """SQLite's counter of commits made by other connections (unchanged: nobody wrote)."""
    assert db.file is not None
    with sqlite3.connect(db.file) as conn:
        return int(conn.execute("PRAGMA data_version").fetchone()[0])


def _card_statements(db: Database, pid: int) -> list[str]:
    with statement_log(db) as log:
        card = Services(db).scorecards.scorecard(f"MF-{pid:03d}", Q3, audience="internal", today=TODAY)
    assert card.partner_id == pid and card.inspections and card.actions and len(card.notes) == 3
    assert not log.writes
    return log.statements


@pytest.mark.sqlite_only
def test_opening_a_scorecard_writes_nothing(db: Database) -> None:
    """A partner's scorecard runs no INSERT, UPDATE or DELETE, commits no change and keeps no snapshot."""
    pid = _partner_with_everything(db, 1)
    watcher = sqlite3.connect(db.file)  # type: ignore[arg-type]
    before = watcher.execute("PRAGMA data_version").fetchone()[0]
    with statement_log(db) as log:
        card = Services(db).scorecards.scorecard("MF-001", Q3, audience="internal", today=TODAY)
    assert card.result.score is not None
    assert log.writes == [] and 0 < len(log.statements) <= CARD_STATEMENTS
    assert log.transactions == 0 and log.commits == 0  # every read on the light path: no transaction at all
    assert watcher.execute("PRAGMA data_version").fetchone()[0] == before
    watcher.close()
    with db.session() as s:
        assert (
            s.scalar(select(func.count()).select_from(ScorecardSnapshot).where(ScorecardSnapshot.partner_id == pid))
            == 0
        )


@pytest.mark.sqlite_only
def test_one_partners_card_reads_that_partner_only(db: Database) -> None:
    """The card of one partner runs the same statements with 3 or 30 partners, each bound to that partner."""
    ids = [_partner_with_everything(db, n) for n in range(1, 4)]
    small = _card_statements(db, ids[0])
    ids += [_partner_with_everything(db, n) for n in range(4, 31)]
    large = _card_statements(db, ids[0])
    assert len(small) == len(large)
    partner_tables = re.compile(
        r"\b(FROM|JOIN)\s+(delivery|inspection|corrective_action|sla_version|partner|negotiation_entry)\b", re.I
    )
    for statement in large:
        if partner_tables.search(statement) and "app_setting" not in statement:
            bound = (
                re.search(rf"(partner_id|\bid)\s*=\s*{ids[0]}\b", statement) or "lower(code) = 'mf-001'" in statement
            )
            assert bound, statement


def test_batch_export_keeps_the_snapshots(db: Database, tmp_path: Path) -> None:
    """Recording snapshots is the batch export's explicit step: one per exported partner."""
    _partner_with_everything(db, 1)
    _partner_with_everything(db, 2)
    assert Services(db).scorecard_files.export_all(Q3, tmp_path, today=TODAY) == 2
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ScorecardSnapshot)) == 2


def test_batch_export_of_chosen_partners_records_theirs_only(db: Database, tmp_path: Path) -> None:
    """Exporting chosen partners records their snapshots first (one write transaction), nobody else's."""
    first = _partner_with_everything(db, 1)
    _partner_with_everything(db, 2)
    with statement_log(db) as log:
        assert Services(db).scorecard_files.export_all(Q3, tmp_path, partner_ids=[first], today=TODAY) == 1
    # The SELECT of stored ones, the INSERT, then the SELECT and UPDATE linking them (newest, previous standing).
    assert log.commits == 1 and len(log.touching("scorecard_snapshot")) == 4
    with db.session() as s:
        assert list(s.scalars(select(ScorecardSnapshot.partner_id))) == [first]


def test_pdf_of_the_card_on_screen_reuses_it(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Saving the card already computed runs no query at all; for the partner it leaves the internal notes out."""
    _partner_with_everything(db, 1)
    card = Services(db).scorecards.scorecard("MF-001", Q3, audience="internal", today=TODAY)
    monkeypatch.setattr(scorecard_service, "scores", lambda *_a, **_k: pytest.fail("scored again"))
    files = Services(db).scorecard_files
    with statement_log(db) as log:
        internal = files.save_card(card, tmp_path / "internal.pdf")
        partner = files.save_card(card, tmp_path / "partner.pdf", audience="partner")
    assert log.statements == [] and log.transactions == 0
    assert internal.stat().st_size > 0 and partner.stat().st_size > 0
    written = []
    monkeypatch.setattr(
        "microfactory_desk.exports.scorecard_pdf.write_scorecard_pdf", lambda c, p: written.append(c) or Path(p)
    )
    files.save_card(card, tmp_path / "again.pdf", audience="partner")
    assert written[0].audience == "partner" and written[0].notes == () and written[0].kpis is card.kpis
