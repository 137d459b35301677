"""Template commands: list, export to JSON, import back as the next version, a bad file named in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from microfactory_desk.cli import main
from microfactory_desk.db import Database


def test_templates_list_export_import(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The shipped templates are listed once installed; an edited export imports as version 2."""
    assert main(["--db", db.url, "templates", "install"]) == 0
    assert capsys.readouterr().out == "Installed 3 shipped checklist templates.\n"
    assert main(["--db", db.url, "templates", "list"]) == 0
    listing = capsys.readouterr().out
    assert "batch-release-check" in listing and "first-article-inspection" in listing
    out = tmp_path / "batch.json"
    assert main(["--db", db.url, "export", "template", "batch-release-check", "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"Template batch-release-check version 1 written to {out}.\n"
    data = json.loads(out.read_text(encoding="utf-8"))
    data["name"] = "Batch release check (AQL 1.5)"
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["--db", db.url, "import", "template", str(out)]) == 0
    assert capsys.readouterr().out == "Imported template batch-release-check as version 2 (11 items).\n"
    assert main(["--db", db.url, "templates", "list", "--all"]) == 0
    assert "(old)" in capsys.readouterr().out


def test_bad_template_file_is_one_line(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A weight below zero is reported with the file and the item's place, exit code 1."""
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps({"key": "x", "name": "X", "sections": [{"title": "A", "items": [{"prompt": "p", "weight": -2}]}]}),
        encoding="utf-8",
    )
    assert main(["--db", db.url, "import", "template", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: bad.json is not a valid checklist template: sections[0].items[0].weight")
    assert err.count("\n") == 1
    assert main(["--db", db.url, "export", "template", "nope", "-o", str(tmp_path / "n.json")]) == 1
    assert "No template 'nope'" in capsys.readouterr().err


def test_templates_install_is_idempotent_and_creates_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`templates install` creates a missing database and adds the shipped checklists once; again it adds none."""
    target = tmp_path / "new.sqlite"
    assert main(["--db", str(target), "templates", "install"]) == 0
    assert capsys.readouterr().out == "Installed 3 shipped checklist templates.\n"
    assert main(["--db", str(target), "templates", "install"]) == 0
    assert capsys.readouterr().out == "Every shipped checklist template is installed already.\n"
    assert (
        main(["--db", str(target), "export", "template", "first-article-inspection", "-o", str(tmp_path / "f.json")])
        == 0
    )


def test_templates_list_reads_only(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Listing creates no database file and writes nothing: an empty database says how to install the shipped ones."""
    missing = tmp_path / "missing.sqlite"
    assert main(["--db", str(missing), "templates", "list"]) == 1
    assert not missing.exists()
    capsys.readouterr()
    assert main(["--db", db.url, "templates", "list"]) == 0
    assert capsys.readouterr().out == (
        "No checklist templates; `microfactory-desk templates install` adds the ones shipped with the app.\n"
    )
    assert main(["--db", db.url, "export", "template", "batch-release-check", "-o", str(tmp_path / "b.json")]) == 1
    assert "the database has none; `microfactory-desk templates install`" in capsys.readouterr().err
    assert db.read("SELECT COUNT(*) FROM checklist_template") == [(0,)]  # neither read installed anything


def test_a_template_file_name_without_json_is_refused(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`export template KEY -o batch` is refused like every other export with the wrong suffix; nothing written."""
    assert main(["--db", db.url, "templates", "install"]) == 0
    capsys.readouterr()
    out = tmp_path / "batch"
    assert main(["--db", db.url, "export", "template", "batch-release-check", "-o", str(out)]) == 1
    assert "Cannot write a checklist template to 'batch': use a .json file name." in capsys.readouterr().err
    assert not out.exists()
