"""Values stored before a rule tightened are shown and exported as stored: no export or list crashes on them."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from microfactory_desk.cli import main
from reliability.demo_db import demo_database
from reliability.fulldisk import DiskCase, cases

# Each statement stores what an earlier build accepted and today's input rules refuse.
STALE = (
    "UPDATE partner SET website = 'x', name = name || ' ' || printf('%.250c', 'n')",
    "UPDATE partner SET min_batch = weekly_capacity + 1 WHERE weekly_capacity IS NOT NULL",
    "UPDATE partner SET code = code || ' !' WHERE id = (SELECT min(partner_id) FROM sla_version WHERE status = 'agreed')",
    "UPDATE contact SET email = 'not-an-email', phone = 'call me'",
    "UPDATE certification SET valid_from = '2030-01-01', valid_until = '2020-01-01'",
    "UPDATE negotiation_entry SET follow_up_on = '2000-01-01', next_step = '' WHERE follow_up_on IS NOT NULL",
    "UPDATE price_tier SET currency = 'eu', min_qty = 0",
    "UPDATE sla_version SET lead_time_percentile = 20, on_time_target_pct = 140",
    "UPDATE corrective_action SET due_on = '2000-01-01', closure_note = ''",
    "UPDATE template_item SET unit = 'millimetres or so', nominal = NULL WHERE kind = 'measurement'",
)
LISTS = (["orders"], ["inspections", "list"], ["templates", "list"], ["attention"])


@pytest.fixture(scope="module")
def stale_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database with every kind of value a later rule refuses."""
    folder = tmp_path_factory.mktemp("stale")
    path = folder / "stale.sqlite"
    shutil.copy(demo_database(folder / "demo.sqlite"), path)
    with sqlite3.connect(path) as conn:
        for statement in STALE:
            conn.execute(statement)
    return path


def _export_cases() -> list[DiskCase]:
    return [c for c in cases_for_names() if c.name != "backup"]


def cases_for_names() -> list[DiskCase]:
    """The export cases with placeholder arguments (filled from the stale database in the test)."""
    return [
        DiskCase(name, [], output)
        for name, output in (
            ("roster csv", "roster.csv"), ("roster xlsx", "roster.xlsx"), ("sla term sheet", "sla.pdf"),
            ("inspection pdf", "inspection.pdf"), ("template json", "template.json"), ("order sheet", "order.xlsx"),
            ("order json", "order.json"), ("orders xlsx", "orders.xlsx"), ("orders csv", "orders.csv"),
            ("scorecard pdf", "card.pdf"), ("scorecards dir", "cards"), ("portfolio pdf", "portfolio.pdf"),
            ("pilots xlsx", "pilots.xlsx"),
        )
    ]  # fmt: skip


@pytest.mark.parametrize("name", [c.name for c in _export_cases()])
def test_every_export_writes_stored_values(
    stale_db: Path, tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each export succeeds on a database holding values today's rules refuse (a website `x` crashed `export sla`)."""
    case = next(c for c in cases(stale_db) if c.name == name)
    out = tmp_path / case.output
    argv = [a.replace("{out}", str(out)).replace("{dir}", str(out)) for a in case.argv]
    assert main(["--db", str(stale_db), *argv]) == 0, capsys.readouterr().err
    assert out.exists()


@pytest.mark.parametrize("argv", LISTS, ids=" ".join)
def test_every_list_shows_stored_values(stale_db: Path, argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """The list commands print stale rows instead of failing."""
    assert main(["--db", str(stale_db), *argv]) == 0, capsys.readouterr().err


def test_every_stored_record_opens_in_its_editor_dto(stale_db: Path) -> None:
    """The DTOs the editors open (partner, negotiation entry, SLA version, action, template) build from stale rows."""
    from microfactory_desk.db import open_database
    from microfactory_desk.wiring import Services

    services = Services(open_database(str(stale_db), create=False))
    try:
        ids = {
            table: [row[0] for row in services.db.read(f"SELECT id FROM {table} ORDER BY id")]
            for table in ("partner", "sla_version", "corrective_action", "checklist_template")
        }
        partners = [services.roster.get_partner(i) for i in ids["partner"]]
        assert any(p.website == "x" for p in partners)
        assert all(services.negotiations.list_for_partner(i) is not None for i in ids["partner"])
        tiers = [t for i in ids["sla_version"] for t in services.sla.get_version(i).price_tiers]
        assert tiers and all(t.currency.lower() == "eu" and t.min_qty == 0 for t in tiers)
        assert all(services.actions.get_action(i).data.due_on for i in ids["corrective_action"])
        assert all(services.templates.get_template(i).items() for i in ids["checklist_template"])
    finally:
        services.db.close()
