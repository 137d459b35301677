"""The inspection report PDF: text read back literally (markup, ampersands, non-Latin), photos embedded."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import text

from microfactory_desk.cli import main
from microfactory_desk.db import Database
from microfactory_desk.errors import FileFormatError
from microfactory_desk.schemas.quality import AnswerIn
from microfactory_desk.wiring import Services
from tests.quality_helpers import TRICKY_NAME, make_partner, make_template, start_inspection


def _filled(db: Database, tmp_path: Path) -> str:
    services = Services(db)
    template = make_template(db)
    ins = start_inspection(db, make_partner(db), template.id, location="Θεσσαλονίκη <b>line</b> & Москва")
    clean, exits, length, colour, remarks, photo = template.items()
    services.inspections.answer(ins.id, AnswerIn(item_id=clean.id, result="pass"))
    services.inspections.answer(ins.id, AnswerIn(item_id=exits.id, result="fail", text="Blocked by pallets"))
    services.inspections.answer(ins.id, AnswerIn(item_id=length.id, measured=Decimal("10.25")))
    services.inspections.answer(ins.id, AnswerIn(item_id=colour.id, result="na"))
    services.inspections.answer(ins.id, AnswerIn(item_id=remarks.id, text='=HYPERLINK("x") <i>Łódź</i>'))
    image = tmp_path / "line.png"
    Image.new("RGB", (320, 240), (20, 120, 90)).save(image)
    services.photos.attach_to_item(ins.id, photo.id, image)
    draft = services.actions.draft_from_item(ins.id, exits.id, ins.inspected_on)
    services.actions.raise_action(draft.model_copy(update={"owner": "Ελένη & Co"}))
    services.inspections.finish(ins.id)
    return ins.number


def test_report_reads_back_with_literal_text(db: Database, tmp_path: Path) -> None:
    """Partner, location, notes and owner print exactly as typed; the score, its reason and the action appear."""
    number = _filled(db, tmp_path)
    out = Services(db).inspection_reports.export_pdf(number, tmp_path / "report.pdf")
    reader = PdfReader(out)
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    for expected in (
        f"Inspection report {number}",
        TRICKY_NAME,
        "Θεσσαλονίκη <b>line</b> & Москва",
        "Spot check <b>&</b>",
        '=HYPERLINK("x") <i>Łódź</i>',
        "Blocked by pallets",
        "10.25 mm (allowed 9.5–10.5)",
        "Fire exits clear",
        "Ελένη & Co",
        "CA-2026-0001",
    ):
        assert expected in flat, expected
    assert "critical item failed" in flat and "Failed" in flat
    images = [img for page in reader.pages for img in page.images]
    assert len(images) == 1


def test_cli_export_and_list(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`inspections list` shows the number; `export inspection NUMBER -o FILE.pdf` writes it; bad input is one line."""
    number = _filled(db, tmp_path)
    assert main(["--db", str(db.file), "inspections", "list"]) == 0
    listing = capsys.readouterr().out
    assert number in listing and "failed" in listing
    out = tmp_path / "r.pdf"
    assert main(["--db", str(db.file), "export", "inspection", number.lower(), "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"Inspection report {number} written to {out}.\n"
    assert TRICKY_NAME in PdfReader(out).pages[0].extract_text()
    assert main(["--db", str(db.file), "export", "inspection", "INS-2026-0404", "-o", str(out)]) == 1
    assert "No inspection numbered INS-2026-0404" in capsys.readouterr().err
    assert main(["--db", str(db.file), "export", "inspection", number, "-o", str(tmp_path / "r.xlsx")]) == 1
    assert "use a .pdf file name" in capsys.readouterr().err


def test_wrong_suffix_refused_before_work(db: Database, tmp_path: Path) -> None:
    """A report is a PDF; other names are refused."""
    with pytest.raises(FileFormatError):
        Services(db).inspection_reports.export_pdf("INS-2026-0001", tmp_path / "r.docx")


def test_cli_list_keeps_a_partners_code_whole_next_to_a_long_name(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`inspections list` cuts a long partner name with "…" and keeps its code whole (it printed "(GB-MAN-05")."""
    _filled(db, tmp_path)
    with db.session() as session:
        session.execute(text("UPDATE partner SET name = :n"), {"n": "Manchester Precision Sewing Collective Ltd"})
    code = db.read("SELECT code FROM partner")[0][0]
    assert main(["--db", str(db.file), "inspections", "list"]) == 0
    listing = capsys.readouterr().out
    assert f"… ({code})" in listing and "Manchester Precision" in listing
