"""Telemetry commands: import deliveries, export scorecard(s) and portfolio, scorecards compute."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from microfactory_desk.cli import main
from microfactory_desk.db import Database
from tests.services.telemetry_fixtures import D, accept_any_evidence, add_line, add_partner, add_sla, deliver


def _setup(db: Database) -> None:
    pid = add_partner(db, "CN-SZX", "深圳快速打样")
    add_sla(db, pid)
    accept_any_evidence(db)  # one delivery is scored here (the default asks for three)
    add_line(db, pid, sent_on=D(2026, 7, 1), number="PO-2026-0001")


def test_import_then_export(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Deliveries import with --map, re-import changes nothing, and the scorecard and portfolio are written."""
    _setup(db)
    data = tmp_path / "d.csv"
    data.write_text("PO;Pos;DN;Arrived;Qty\nPO-2026-0001;1;DN-1;2026-07-09;100\n", encoding="utf-8")
    args = ["--db", db.url, "import", "deliveries", str(data), "--partner", "cn-szx"]
    maps = ["--map", "order=PO", "--map", "line=Pos", "--map", "reference=DN", "--map", "received_on=Arrived"]
    assert main([*args, *maps]) == 0
    assert "1 added, 0 updated, 0 unchanged" in capsys.readouterr().out
    assert main(args) == 0  # the mapping was remembered
    assert "0 added, 0 updated, 1 unchanged" in capsys.readouterr().out

    out = tmp_path / "card.pdf"
    base = ["--db", db.url, "export"]
    assert main([*base, "scorecard", "CN-SZX", "--period", "2026-Q3", "-o", str(out), "--audience", "internal"]) == 0
    assert "深圳快速打样" in PdfReader(out).pages[0].extract_text()
    assert main([*base, "scorecards", "--period", "2026-07", "-o", str(tmp_path / "all")]) == 0
    assert (tmp_path / "all" / "scorecard-CN-SZX-2026-07.pdf").exists()
    assert "1/1 scorecards" in capsys.readouterr().err
    assert main([*base, "portfolio", "--period", "2026-Q3", "-o", str(tmp_path / "p.pdf")]) == 0
    assert main(["--db", db.url, "scorecards", "compute", "--period", "2026-Q3"]) == 0
    assert "CN-SZX" in capsys.readouterr().out


def test_errors_are_one_line(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A bad period, a wrong file name, an unknown partner and a bad import each exit 1 with a clear line."""
    _setup(db)
    base = ["--db", db.url, "export", "scorecard", "CN-SZX", "-o"]
    assert main([*base, str(tmp_path / "x.pdf"), "--period", "Q3"]) == 1
    assert "period: 'Q3' is not a period" in capsys.readouterr().err
    assert main([*base, str(tmp_path / "x.docx"), "--period", "2026-Q3"]) == 1
    assert "use a .pdf file name" in capsys.readouterr().err
    assert (
        main(["--db", db.url, "export", "scorecard", "NOPE", "-o", str(tmp_path / "x.pdf"), "--period", "2026-Q3"]) == 1
    )
    assert capsys.readouterr().err == "error: No partner with code 'NOPE'.\n"
    bad = tmp_path / "bad.csv"
    bad.write_text("Order,Line,Reference,Received\nPO-2026-0001,1,DN-1,yesterday\n", encoding="utf-8")
    assert main(["--db", db.url, "import", "deliveries", str(bad), "--partner", "CN-SZX"]) == 1
    err = capsys.readouterr().err
    assert "row 2, column D (Received): 'yesterday' is not in a date format this file uses" in err
    assert not (tmp_path / "x.pdf").exists()


def test_only_scorecards_compute_records_snapshots(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exporting the portfolio keeps no snapshot; `scorecards compute` records one per partner with data."""
    _setup(db)
    deliver(db, add_line(db, add_partner(db, "PL-KRK", "Kraków Sew"), sent_on=D(2026, 7, 1)), "DN-1", D(2026, 7, 9))
    count = "SELECT COUNT(*) FROM scorecard_snapshot"
    assert main(["--db", db.url, "export", "portfolio", "--period", "2026-Q3", "-o", str(tmp_path / "p.pdf")]) == 0
    assert db.read(count) == [(0,)]
    assert main(["--db", db.url, "scorecards", "compute", "--period", "2026-Q3"]) == 0
    assert "snapshots recorded" in capsys.readouterr().out
    assert db.read("SELECT p.code, s.period FROM scorecard_snapshot s JOIN partner p ON p.id = s.partner_id") == [
        ("PL-KRK", "2026-Q3")
    ]


def test_portfolio_filters_take_the_stage_and_region_as_people_write_them(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`export portfolio --stage Approved --region pl-south` lists the partner (both matched exactly before, so
    the roster's own spelling gave an empty portfolio and exit 0); an unknown stage or region is refused in one
    line naming the choices, and no PDF is written (found by a new-user trial)."""
    _setup(db)
    pilot = add_partner(db, "PL-KRK", "Kraków Sew", stage="pilot")
    deliver(db, add_line(db, pilot, sent_on=D(2026, 7, 1)), "DN-1", D(2026, 7, 9))
    out = tmp_path / "p.pdf"
    base = ["--db", db.url, "export", "portfolio", "--period", "2026-Q3", "-o", str(out)]
    assert main([*base, "--stage", "Approved", "--region", " pl-south "]) == 0
    assert capsys.readouterr().out.startswith("Portfolio of 1 partner for 2026-Q3")
    out.unlink()
    assert main([*base, "--region", "Mars"]) == 1
    assert "No partner is in the region 'Mars'; regions: PL-South." in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main([*base, "--stage", "Approvd"])
    assert "'Approvd' is not a stage; use one of prospect, qualifying" in capsys.readouterr().err
    assert not out.exists()


def test_a_portfolio_file_name_without_pdf_is_refused_as_the_portfolio(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`export portfolio -o overview` names what was to be written: the portfolio, not 'a scorecard'."""
    _setup(db)
    assert main(["--db", db.url, "export", "portfolio", "--period", "2026-Q3", "-o", str(tmp_path / "overview")]) == 1
    assert "Cannot write the portfolio to 'overview': use a .pdf file name." in capsys.readouterr().err
    assert not (tmp_path / "overview").exists()
