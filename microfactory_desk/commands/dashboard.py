"""Commands of the dashboard area: `attention`, the dashboard's lists for a terminal or a script."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from microfactory_desk import clock
from microfactory_desk.commands.context import services_for
from microfactory_desk.wording import counted

if TYPE_CHECKING:
    from microfactory_desk.schemas.dashboard import Dashboard

FIRST_RUN_TEXT = (
    "The database holds no partners yet. Add one in the app, import a roster "
    "(microfactory-desk import roster FILE.xlsx) or load demo data (microfactory-desk demo)."
)


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-27") from None


def register(commands: Any, imports: Any, exports: Any) -> None:
    """Add this area's commands and import/export kinds; each parser sets its handler with set_defaults(run=...)."""
    del imports, exports
    attention = commands.add_parser(
        "attention",
        help="what needs attention today, as on the dashboard",
        description="Print the dashboard's lists: follow-ups, expiring SLAs and certifications, late orders, "
        "overdue corrective actions, drifting partners and pilots waiting for a decision.",
    )
    attention.add_argument("--json", action="store_true", help="print the lists as JSON")
    attention.add_argument("--limit", type=int, default=25, metavar="N", help="items listed per card (default 25)")
    attention.add_argument("--date", type=_day, metavar="YYYY-MM-DD", help="the day to look from (default today)")
    attention.set_defaults(run=_cmd_attention)


def render_text(board: Dashboard) -> str:
    """The dashboard as plain text for a terminal or a morning mail."""
    total = counted(board.total, "item", at_least=board.capped)
    lines = [f"Needs attention on {board.today.isoformat()}: {total}"]
    if board.first_run:
        return lines[0] + "\n\n" + FIRST_RUN_TEXT
    for card in board.cards:
        lines += ["", f"{card.title} ({card.count}{'+' if card.capped else ''})"]
        if not card.items:
            lines.append(f"  {card.empty_text}")
        for item in card.items:
            lines.append(f"  {'!' if item.urgent else '-'} {item.title}: {item.detail}")
        if card.more:
            lines.append(f"  … and {card.more}{'+' if card.capped else ''} more")
    return "\n".join(lines)


def _cmd_attention(args: argparse.Namespace, location: str) -> int:
    from microfactory_desk.errors import DeskError

    if not 0 <= args.limit <= 10_000:
        raise DeskError("--limit must be between 0 and 10000.")
    board = services_for(location).dashboard.load(args.date or clock.today(), limit=args.limit)
    print(json.dumps(board.as_json(), ensure_ascii=False, indent=2) if args.json else render_text(board))
    return 0
