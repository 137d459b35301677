"""A demo database for the harness, built once per folder, and the records its commands can name."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path


def demo_database(path: Path) -> Path:
    """`path` filled with the demo data (built through the CLI the first time; reused afterwards)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".building")
        tmp.unlink(missing_ok=True)
        subprocess.run(
            [sys.executable, "-m", "microfactory_desk", "--db", str(tmp), "demo"],
            check=True,
            capture_output=True,
            timeout=600,
        )
        tmp.rename(path)
    return path


def pick(db: Path) -> dict[str, str]:
    """Codes and numbers the export commands need: a partner with an agreed SLA, an inspection, a template,
    an order, a period with scores and a partner scored in it."""
    queries = {
        "sla_partner": "SELECT p.code FROM partner p JOIN sla_version s ON s.partner_id = p.id "
        "WHERE s.status = 'agreed' ORDER BY p.code LIMIT 1",
        "inspection": "SELECT number FROM inspection WHERE status = 'finished' ORDER BY number LIMIT 1",
        "template": "SELECT key FROM checklist_template ORDER BY key LIMIT 1",
        "order": "SELECT number FROM purchase_order ORDER BY number DESC LIMIT 1",
        "period": "SELECT period FROM scorecard_snapshot WHERE period LIKE '____-__' ORDER BY period DESC LIMIT 1",
    }
    with sqlite3.connect(db) as conn:
        found = {key: str(conn.execute(sql).fetchone()[0]) for key, sql in queries.items()}
        found["scored_partner"] = str(
            conn.execute(
                "SELECT p.code FROM partner p JOIN scorecard_snapshot s ON s.partner_id = p.id "
                "WHERE s.period = ? ORDER BY p.code LIMIT 1",
                (found["period"],),
            ).fetchone()[0]
        )
    return found
