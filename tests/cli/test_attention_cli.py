"""`attention` (text and --json) and `export pilots` from the command line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from microfactory_desk.cli import main
from microfactory_desk.db import Database
from tests.services import attention_data as make

TODAY = dt.date(2026, 6, 15)


def _data(db: Database) -> None:
    pid = make.partner(db, "MF-1", "Łódź Print Lab")
    make.follow_up(db, pid, TODAY - dt.timedelta(days=2), step="Send revised quote")
    make.sla(db, pid, TODAY + dt.timedelta(days=30))
    pilot_sku = make.sku(db)
    make.pilot(db, pid, pilot_sku, starts_on=TODAY - dt.timedelta(days=20), ends_on=TODAY - dt.timedelta(days=1))


def test_attention_text_lists_every_card(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    """The text form heads with the total, then each card with its count, items and all-clear lines."""
    _data(db)
    assert main(["--db", db.url, "attention", "--date", TODAY.isoformat()]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Needs attention on 2026-06-15: 3 items")
    assert "Follow-ups due (1)\n  ! Łódź Print Lab (MF-1): Send revised quote · 2 days overdue" in out
    assert "SLAs expiring (1)\n  - Łódź Print Lab (MF-1): SLA v1 ends 2026-07-15 (in 30 days)" in out
    assert "Orders late (0)\n  No order is past its requested date." in out
    assert "Pilots waiting for a decision (1)" in out


def test_attention_json(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints the same cards for scripts, with item targets and ISO dates."""
    _data(db)
    assert main(["--db", db.url, "attention", "--json", "--date", TODAY.isoformat(), "--limit", "5"]) == 0
    data = json.loads(capsys.readouterr().out)
    cards = {card["key"]: card for card in data["cards"]}
    assert data["total"] == 3 and len(cards) == 10
    assert cards["follow_ups"]["items"][0]["on"] == "2026-06-13"
    assert cards["pilots_undecided"]["items"][0]["target"] == "pilot"


def test_attention_on_an_empty_database_says_where_to_start(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    """A new database gets the first-run advice, not nine empty lists."""
    assert main(["--db", db.url, "attention"]) == 0
    assert "holds no partners yet" in capsys.readouterr().out


def test_attention_refuses_a_missing_database_and_a_bad_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped path is refused instead of creating a database; a bad date is a usage error."""
    assert main(["--db", str(tmp_path / "none.sqlite"), "attention"]) == 1
    assert "No database at" in capsys.readouterr().err
    assert not (tmp_path / "none.sqlite").exists()
    with pytest.raises(SystemExit):
        main(["--db", str(tmp_path / "none.sqlite"), "attention", "--date", "15/06/2026"])


def test_export_pilots(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """export pilots writes the workbook; another suffix is refused before anything is written."""
    _data(db)
    out = tmp_path / "pilots.xlsx"
    assert main(["--db", db.url, "export", "pilots", "-o", str(out)]) == 0
    assert "Exported 1 pilot to" in capsys.readouterr().out
    assert openpyxl.load_workbook(out)["Awaiting decision"].max_row == 2
    assert main(["--db", db.url, "export", "pilots", "-o", str(tmp_path / "p.pdf")]) == 1
    assert "use an .xlsx file name" in capsys.readouterr().err
