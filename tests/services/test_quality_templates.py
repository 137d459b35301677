"""Checklist templates: shipped ones installed once, versioning on edit, JSON files named by item on error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from microfactory_desk.db import Database
from microfactory_desk.errors import FileFormatError, ValidationFailed
from microfactory_desk.schemas.quality import AnswerIn
from microfactory_desk.schemas.quality_template import as_input, validate_template
from microfactory_desk.services.quality.templates import shipped_templates
from microfactory_desk.wiring import Services
from tests.quality_helpers import make_partner, make_template, small_template, start_inspection
from tests.statement_log import statement_log


def test_shipped_templates_are_installed_once(db: Database) -> None:
    """The three shipped templates appear on first use, and a second look adds nothing."""
    keys = {t.key for t in shipped_templates()}
    assert {"microfactory-onboarding-audit", "first-article-inspection", "batch-release-check"} <= keys
    assert Services(db).templates.ensure_shipped() == len(keys)
    assert Services(db).templates.ensure_shipped() == 0
    rows = Services(db).templates.list_templates()
    assert {r.key for r in rows} == keys
    assert all(r.version == 1 and r.items >= 10 for r in rows)


def test_listing_templates_writes_nothing(db: Database) -> None:
    """Reading never writes: a new database lists no templates and the listing runs no write (rule 12)."""
    with statement_log(db) as log:
        assert Services(db).templates.list_templates(include_old=True) == []
    assert (log.transactions, log.writes) == (0, [])
    assert db.read("SELECT COUNT(*) FROM checklist_template") == [(0,)]


def test_editing_an_unused_version_edits_in_place(db: Database) -> None:
    """No inspection used it yet: same row, same version, new items."""
    templates = Services(db).templates
    first = make_template(db)
    changed = as_input(first).model_copy(update={"name": "Renamed"})
    saved = templates.save_template(first.id, changed)
    assert (saved.id, saved.version, saved.name) == (first.id, 1, "Renamed")


def test_editing_a_used_version_creates_the_next_and_keeps_old_items(db: Database) -> None:
    """Once used, an edit writes version 2 as current; the old inspection keeps its exact items and answers."""
    services = Services(db)
    first = make_template(db)
    inspection = start_inspection(db, make_partner(db), first.id)
    item = first.items()[0]
    services.inspections.answer(inspection.id, AnswerIn(item_id=item.id, result="pass"))
    data = validate_template(small_template(name="Spot check v2"))
    data.sections[0].items[0].prompt = "Clean and tidy workplace"
    second = services.templates.save_template(first.id, data)
    assert (second.version, second.is_current, second.key) == (2, True, first.key)
    assert second.id != first.id
    old = services.templates.get_template(first.id)
    assert not old.is_current and old.items()[0].prompt == "Clean workplace"
    again = services.inspections.get(inspection.id)
    assert again.template.version == 1 and again.template.items()[0].prompt == "Clean workplace"
    assert again.answers[item.id].result == "pass"
    with pytest.raises(ValidationFailed, match="current version"):
        services.templates.save_template(first.id, data)
    assert [r.version for r in services.templates.list_templates(include_old=True) if r.key == first.key] == [2, 1]


def test_bad_file_names_the_offending_item(tmp_path: Path, db: Database) -> None:
    """A template file with a bad tolerance is refused with the item's place in the file."""
    data = small_template()
    data["sections"][1]["items"][0]["tolerance"] = -1
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(FileFormatError, match=r"bad\.json .*sections\[1\]\.items\[0\]\.tolerance"):
        Services(db).templates.import_json(path)
    assert "spot-check" not in {r.key for r in Services(db).templates.list_templates(include_old=True)}


def test_missing_measurement_fields_and_unknown_keys_are_named() -> None:
    """A measurement without tolerance, a passing choice not offered and a typo'd field are each named."""
    data = small_template()
    del data["sections"][1]["items"][0]["tolerance"]
    data["sections"][1]["items"][1]["passing_choices"] = ["Perfect"]
    data["sections"][0]["items"][0]["wieght"] = 2
    with pytest.raises(ValidationFailed) as caught:
        validate_template(data)
    fields = {e.field for e in caught.value.errors}
    assert fields == {
        "sections[1].items[0].tolerance",
        "sections[1].items[1].passing_choices",
        "sections[0].items[0].wieght",
    }


def test_export_then_import_round_trips(tmp_path: Path, db: Database) -> None:
    """Exported JSON imports into another database as the same checklist; importing it twice adds no version."""
    services = Services(db)
    template = make_template(db)
    out = services.templates.export_json(template.id, tmp_path / "spot.json")
    text = out.read_text(encoding="utf-8")
    assert '"tolerance": 0.5' in text and "Spot check <b>&</b>" in text
    again = services.templates.import_json(out)
    assert again.id == template.id  # same content: nothing new
    changed = json.loads(text)
    changed["pass_threshold_pct"] = 90
    (tmp_path / "spot2.json").write_text(json.dumps(changed), encoding="utf-8")
    newer = services.templates.import_json(tmp_path / "spot2.json")
    assert (newer.version, newer.pass_threshold_pct) == (2, 90)
    assert as_input(newer).sections == as_input(template).sections


def test_not_json_and_missing_file(tmp_path: Path, db: Database) -> None:
    """Garbage and a missing path give a message naming the file."""
    bad = tmp_path / "notes.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(FileFormatError, match="notes.json is not valid JSON"):
        Services(db).templates.import_json(bad)
    with pytest.raises(FileFormatError, match="No file"):
        Services(db).templates.import_json(tmp_path / "gone.json")
