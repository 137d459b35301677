"""Quality on a 10,000-partner demo: saving one answer, the lists, the overdue query, the report and the demo share.

References: one ORM transaction inserting one row (the floor of "saved the moment it is given"),
bare SELECTs of the same rows, the SLA term sheet PDF (another one-record report) and the whole demo load.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from common import OUT, median, row, timed

RUNS = 15
PARTNERS = 10_000


def quality_database() -> Path:
    """A 10k-partner demo database with the quality area's data (built once, reused), and its build time."""
    from microfactory_desk.db import open_database
    from microfactory_desk.demo.load import load_demo

    path = OUT / f"quality-{PARTNERS}.sqlite"
    if not path.exists():
        OUT.mkdir(exist_ok=True)
        tmp = path.with_suffix(".building")
        tmp.unlink(missing_ok=True)
        db = open_database(str(tmp))
        load_demo(db, partners=PARTNERS, seed=1)
        db.read("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        tmp.rename(path)
    return path


def orm_write(db: object, inspection_id: int) -> float:
    """Median seconds of the least an ORM save does: one transaction inserting one small row (an event)."""
    from microfactory_desk.models import InspectionEvent

    def once() -> None:
        with db.session() as session:  # type: ignore[attr-defined]
            session.add(InspectionEvent(inspection_id=inspection_id, action="bench"))

    return median(timed(once, RUNS))


def main() -> None:
    """Print one line per figure."""
    from microfactory_desk import clock
    from microfactory_desk.db import open_database
    from microfactory_desk.schemas.quality import AnswerIn
    from microfactory_desk.wiring import Services

    source = quality_database()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "q.sqlite"
        open_database(str(source)).backup(copy)
        db = open_database(str(copy))
        quality = Services(db)
        running = quality.inspections.list_inspections(status="in_progress")[0]
        ins = quality.inspections.get(running.id)
        item = next(i for i in ins.template.items() if i.kind.value == "pass_fail")
        results = iter(["pass", "fail"] * RUNS)
        ours = median(
            timed(lambda: quality.inspections.answer(ins.id, AnswerIn(item_id=item.id, result=next(results))), RUNS)
        )
        bare = orm_write(db, ins.id)
        print(row("save one answer + rescore vs one ORM insert", ours * 1000, bare * 1000, 6, "ms"))

        count = len(quality.inspections.list_inspections())
        ours = median(timed(lambda: quality.inspections.list_inspections(), RUNS))
        bare = median(timed(lambda: db.read("SELECT * FROM inspection"), RUNS))
        print(row(f"inspection list ({count} rows, with partner, checklist)", ours * 1000, bare * 1000, 6, "ms"))

        today = clock.today()
        overdue = len(quality.actions.overdue_actions(today))
        ours = median(timed(lambda: quality.actions.overdue_actions(today), RUNS))
        bare = median(timed(lambda: db.read("SELECT * FROM corrective_action WHERE status <> 'closed'"), RUNS))
        print(row(f"overdue actions ({overdue} rows, one query)", ours * 1000, bare * 1000, 6, "ms"))

        finished = next(r for r in quality.inspections.list_inspections(status="finished") if r.answered > 10)
        out = Path(tmp) / "report.pdf"
        ours = median(timed(lambda: quality.inspection_reports.export_pdf(finished.number, out), 5))
        code = db.read("SELECT p.code FROM partner p JOIN sla_version v ON v.partner_id = p.id LIMIT 1")[0][0]
        files = Services(db).sla_files
        bare = median(timed(lambda: files.export_term_sheet(code, Path(tmp) / "sla.pdf", today=today), 5))
        print(row("inspection report PDF vs SLA term sheet PDF", ours, bare, 3))
        db.close()

        # The demo's quality share: add_demo_quality alone (rolled back) against the whole 10k demo load.
        from microfactory_desk.demo.load import load_demo
        from microfactory_desk.demo.quality import add_demo_quality

        whole_db = open_database(str(Path(tmp) / "whole.sqlite"))
        start = time.perf_counter()
        load_demo(whole_db, partners=PARTNERS, seed=2)
        whole = time.perf_counter() - start
        with whole_db.engine.connect() as conn:
            from sqlalchemy.orm import Session

            session = Session(bind=conn)
            start = time.perf_counter()
            add_demo_quality(session, random.Random(3), today)
            share = time.perf_counter() - start
            session.rollback()
        whole_db.close()
        print(row("demo: quality share of the 10k-partner load", share, whole, 0.2))


if __name__ == "__main__":
    main()
