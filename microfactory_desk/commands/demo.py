"""The `demo` command: fill the database with realistic demo data."""

from __future__ import annotations

import argparse
from typing import Any

from microfactory_desk.commands.context import services_for
from microfactory_desk.wording import counted


def register(commands: Any, imports: Any, exports: Any) -> None:
    """Add this area's commands and import/export kinds; each parser sets its handler with set_defaults(run=...)."""
    del imports, exports
    demo = commands.add_parser("demo", help="fill the database with realistic demo data")
    demo.add_argument("--partners", type=int, default=60, help="number of partners (default 60)")
    demo.add_argument("--seed", type=int, default=7, help="random seed; the same seed gives the same data")
    demo.set_defaults(run=_cmd_demo)


def _cmd_demo(args: argparse.Namespace, location: str) -> int:
    from microfactory_desk.demo.load import load_demo

    db = services_for(location, create=True).db
    summary = load_demo(db, partners=args.partners, seed=args.seed)
    print(
        f"Demo data added to {db.label}: {counted(summary.partners, 'partner')}, {counted(summary.contacts, 'contact')}, "
        f"{counted(summary.certifications, 'certification')}, {counted(summary.sla_versions, 'SLA version')}, "
        f"{counted(summary.negotiation_entries, 'negotiation entry')}"
        + "".join(f", {count} {label}" for label, count in summary.more.items())
        + "."
    )
    return 0
