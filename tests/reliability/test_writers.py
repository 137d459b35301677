"""Concurrent writers on one SQLite file: writes wait for the lock instead of failing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from microfactory_desk.db import BUSY_ATTEMPTS, Database, open_database
from microfactory_desk.errors import DatabaseError
from microfactory_desk.schemas.quality import AnswerIn
from microfactory_desk.wiring import Services
from reliability.writers import run_writers
from tests.quality_helpers import make_partner, make_template, start_inspection


def test_two_writer_processes_lose_and_fail_nothing(tmp_path: Path) -> None:
    """Two processes adding and editing notes for 3 s on one file: every call succeeds and every note is stored."""
    result = run_writers(tmp_path / "shared.sqlite", processes=2, seconds=3)
    assert result.acked >= 20
    assert (result.failed, result.lost, result.errors) == (0, 0, [])


def test_background_import_never_drops_an_answer(db: Database, tmp_path: Path) -> None:
    """A roster import running in a worker thread while answers are saved: no answer is refused."""
    services = Services(db)
    partner_id = make_partner(db)
    template = make_template(db)
    inspection = start_inspection(db, partner_id, template.id)
    items = [i for i in template.items() if i.kind == "pass_fail"]
    stop = threading.Event()
    imports: list[int] = []
    import_errors: list[BaseException] = []

    def import_again_and_again() -> None:
        while not stop.is_set():
            roster = tmp_path / f"roster-{len(imports)}.csv"
            rows = "".join(f"R{len(imports)}-{i},Partner {i}\n" for i in range(150))
            roster.write_text("Code,Name\n" + rows, encoding="utf-8")
            try:
                imports.append(services.roster_files.import_file(roster).partners)
            except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
                import_errors.append(exc)
                return

    worker = threading.Thread(target=import_again_and_again)
    worker.start()
    try:
        n = 0
        # Answer until two whole imports ran beside the answers (the import is the slower of the two).
        while (n < 30 or len(imports) < 2) and not import_errors:
            n += 1
            item = items[n % len(items)]
            saved = services.inspections.answer(
                inspection.id, AnswerIn(item_id=item.id, result="pass" if n % 2 else "fail")
            )
            assert saved.answer is not None
    finally:
        stop.set()
        worker.join()
    assert import_errors == [] and len(imports) >= 2


def test_a_lock_held_past_every_retry_is_one_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When another connection keeps the write lock, the write is refused with one message after the retries."""
    import sqlite3

    import microfactory_desk.db as db_module

    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_S", 0)
    db = open_database(str(tmp_path / "locked.sqlite"))
    told: list[str] = []
    db.on_busy = told.append
    holder = sqlite3.connect(tmp_path / "locked.sqlite", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseError, match="is busy"):
            make_partner(db)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        db.close()
    assert len(told) == BUSY_ATTEMPTS - 1 and "retrying" in told[0]


def test_a_read_session_does_not_wait_for_a_writer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`session(write=False)` stays deferred: it reads while another connection holds the write lock."""
    import sqlite3

    from sqlalchemy import text

    import microfactory_desk.db as db_module

    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_S", 0)
    db = open_database(str(tmp_path / "read.sqlite"))
    make_partner(db)
    holder = sqlite3.connect(tmp_path / "read.sqlite", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with db.session(write=False) as session:
            assert session.execute(text("SELECT count(*) FROM partner")).scalar() == 1
        with pytest.raises(DatabaseError, match="is busy"), db.session() as session:
            session.execute(text("SELECT count(*) FROM partner"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        db.close()
