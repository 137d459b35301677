"""Inspections: each answer saved at once, finishing locks, reopening is recorded, resume after a killed process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from microfactory_desk.db import Database, open_database
from microfactory_desk.errors import NotFound, ValidationFailed
from microfactory_desk.schemas.quality import AnswerIn
from microfactory_desk.wiring import Services
from tests.quality_helpers import DAY, make_partner, make_template, start_inspection


def test_start_numbers_by_year_and_records_the_start(db: Database) -> None:
    """Inspections are numbered INS-<year>-0001, -0002 and their history starts with 'started'."""
    pid, template = make_partner(db), make_template(db)
    first = start_inspection(db, pid, template.id)
    second = start_inspection(db, pid, template.id)
    assert (first.number, second.number) == ("INS-2026-0001", "INS-2026-0002")
    assert [e.action for e in first.events] == ["started"]
    assert first.status == "in_progress" and first.score.outcome == "no_data"
    assert Services(db).inspections.find_id("ins-2026-0002") == second.id
    with pytest.raises(NotFound, match="INS-2026-0099"):
        Services(db).inspections.find_id("INS-2026-0099")


def test_answers_are_saved_and_scored_one_by_one(db: Database) -> None:
    """Each answer returns the new score; a cleared answer is removed; a bad choice is refused by name."""
    service = Services(db).inspections
    template = make_template(db)
    ins = start_inspection(db, make_partner(db), template.id)
    clean, exits, length, colour, remarks, _photo = template.items()
    assert service.answer(ins.id, AnswerIn(item_id=clean.id, result="pass")).score.pct == Decimal(100)
    saved = service.answer(ins.id, AnswerIn(item_id=length.id, measured=Decimal("10.6")))
    assert saved.score.pct == Decimal("33.33") and saved.score.outcome == "failed"
    assert service.answer(ins.id, AnswerIn(item_id=length.id)).answer is None  # cleared
    with pytest.raises(ValidationFailed, match="choice: 'Blue' is not one of: Match, Off"):
        service.answer(ins.id, AnswerIn(item_id=colour.id, choice="Blue"))
    service.answer(ins.id, AnswerIn(item_id=colour.id, choice="match"))
    service.answer(ins.id, AnswerIn(item_id=remarks.id, text="Müller & Söhne <GmbH> ok"))
    service.answer(ins.id, AnswerIn(item_id=exits.id, result="fail"))
    again = service.get(ins.id)
    assert again.answers[colour.id].choice == "Match"
    assert again.answers[remarks.id].text == "Müller & Söhne <GmbH> ok"
    assert length.id not in again.answers
    assert again.score.outcome == "failed" and again.score.critical_failures == ("Fire exits clear",)


def test_finishing_locks_and_reopening_is_recorded(db: Database) -> None:
    """Finished inspections keep score and outcome and refuse answers until reopened with a reason."""
    service = Services(db).inspections
    template = make_template(db)
    ins = start_inspection(db, make_partner(db), template.id)
    first = template.items()[0]
    service.answer(ins.id, AnswerIn(item_id=first.id, result="pass"))
    done = service.finish(ins.id, by="Ania")
    assert (done.status, done.score.pct, done.score.outcome) == ("finished", Decimal(100), "passed")
    rows = service.list_inspections(status="finished")
    assert [(r.number, r.score_pct, r.outcome, r.answered) for r in rows] == [(ins.number, Decimal(100), "passed", 1)]
    with pytest.raises(ValidationFailed, match="finished; reopen it"):
        service.answer(ins.id, AnswerIn(item_id=first.id, result="fail"))
    with pytest.raises(ValidationFailed, match="reason"):
        service.reopen(ins.id, "  ")
    reopened = service.reopen(ins.id, "Wrong sample measured", by="Ania")
    assert reopened.status == "in_progress"
    assert [(e.action, e.reason) for e in reopened.events] == [
        ("started", ""),
        ("finished", ""),
        ("reopened", "Wrong sample measured"),
    ]
    service.answer(ins.id, AnswerIn(item_id=first.id, result="fail"))
    assert service.finish(ins.id).score.outcome == "failed"


def test_no_scorable_answers_finish_as_no_data(db: Database) -> None:
    """Finishing with only n.a. answers stores no score and the outcome no_data."""
    service = Services(db).inspections
    template = make_template(db)
    ins = start_inspection(db, make_partner(db), template.id)
    for item in template.items():
        if item.kind != "text":
            service.answer(ins.id, AnswerIn(item_id=item.id, result="na"))
    done = service.finish(ins.id)
    assert (done.score.pct, done.score.outcome) == (None, "no_data")
    assert service.list_inspections()[0].outcome == "no_data"


_CHILD = textwrap.dedent(
    """
    import os, sys
    from microfactory_desk.db import open_database
    from microfactory_desk.schemas.quality import AnswerIn
    from microfactory_desk.wiring import Services

    inspection_id, item_ids = int(sys.argv[2]), [int(x) for x in sys.argv[3].split(",")]
    service = Services(open_database(sys.argv[1])).inspections
    for item_id in item_ids:
        service.answer(inspection_id, AnswerIn(item_id=item_id, result="pass"))
    print("answered", flush=True)
    os.kill(os.getpid(), 9)  # the battery dies: no clean shutdown, no close
    """
)


def test_resume_after_the_process_is_killed(db: Database, tmp_path: Path) -> None:
    """A process answering items is killed hard; reopening the database shows every answer it gave."""
    template = make_template(db)
    ins = start_inspection(db, make_partner(db), template.id)
    items = template.items()[:2]
    db.close()
    script = tmp_path / "child.py"
    script.write_text(_CHILD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    child = subprocess.run(
        [sys.executable, str(script), db.url, str(ins.id), ",".join(str(i.id) for i in items)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert "answered" in child.stdout
    reopened = open_database(db.url)
    try:
        resumed = Services(reopened).inspections.get(ins.id)
        assert resumed.status == "in_progress"
        assert {i: a.result for i, a in resumed.answers.items()} == {i.id: "pass" for i in items}
        assert resumed.score.pct == Decimal(100)
        assert reopened.integrity_problems() == []
    finally:
        reopened.close()


def test_start_refuses_old_versions_and_missing_partners(db: Database) -> None:
    """New inspections start from the current version of an existing partner's checklist."""
    template = make_template(db)
    with pytest.raises(NotFound):
        start_inspection(db, 999, template.id)
    pid = make_partner(db)
    used = start_inspection(db, pid, template.id)
    from microfactory_desk.schemas.quality_template import as_input

    Services(db).templates.save_template(template.id, as_input(template))
    with pytest.raises(ValidationFailed, match="current version"):
        start_inspection(db, pid, template.id)
    assert used.inspected_on == DAY


def test_only_unfinished_inspections_can_be_discarded(db: Database, tmp_path: Path) -> None:
    """An inspection started by mistake goes with its answers and photos; a finished one is kept."""
    from PIL import Image

    services = Services(db)
    template = make_template(db)
    pid = make_partner(db)
    mistake, kept = start_inspection(db, pid, template.id), start_inspection(db, pid, template.id)
    services.inspections.answer(mistake.id, AnswerIn(item_id=template.items()[0].id, result="pass"))
    Image.new("RGB", (50, 50)).save(tmp_path / "p.png")
    services.photos.attach_to_item(mistake.id, template.items()[-1].id, tmp_path / "p.png")
    services.inspections.delete_unfinished(mistake.id)
    assert db.read("SELECT COUNT(*) FROM photo")[0][0] == 0
    assert db.read("SELECT COUNT(*) FROM photo_data")[0][0] == 0
    assert [r.id for r in services.inspections.list_inspections()] == [kept.id]
    services.inspections.finish(kept.id)
    with pytest.raises(ValidationFailed, match="kept"):
        services.inspections.delete_unfinished(kept.id)
