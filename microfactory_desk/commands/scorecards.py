"""Commands of the scorecards area: export one scorecard, all scorecards and the portfolio; compute scorecards."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from microfactory_desk.commands.context import services_for
from microfactory_desk.wording import counted

PERIOD_HELP = "a month (2026-07), a quarter (2026-Q3) or a range (2026-01-01..2026-03-31)"


def register(commands: Any, imports: Any, exports: Any) -> None:
    """Add this area's commands and import/export kinds; each parser sets its handler with set_defaults(run=...)."""
    del imports
    one = exports.add_parser("scorecard", help="one partner's PDF scorecard for a period")
    one.add_argument("code", metavar="PARTNER_CODE", help="the partner's code (any case)")
    one.add_argument("--period", required=True, help=PERIOD_HELP)
    one.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    one.add_argument(
        "--audience",
        choices=("partner", "internal"),
        default="partner",
        help="partner (default) leaves out internal notes and negotiation details; internal adds them",
    )
    one.set_defaults(run=_export_scorecard)

    many = exports.add_parser("scorecards", help="a PDF scorecard for every scored partner into a folder")
    many.add_argument("--period", required=True, help=PERIOD_HELP)
    many.add_argument("-o", "--output", type=Path, required=True, metavar="DIR")
    many.add_argument(
        "--audience",
        choices=("partner", "internal"),
        default="partner",
        help="partner (default) leaves out internal notes and negotiation details; internal adds them",
    )
    many.set_defaults(run=_export_scorecards)

    overview = exports.add_parser("portfolio", help="one ranked PDF overview of all scored partners")
    overview.add_argument("--period", required=True, help=PERIOD_HELP)
    overview.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    overview.add_argument("--region", default="", help="only partners of this region (any case)")
    overview.add_argument("--stage", type=_stage, help="only partners in this stage (any case, e.g. Approved)")
    overview.set_defaults(run=_export_portfolio)

    scorecards = commands.add_parser("scorecards", help="compute scores for a period and keep them for the dashboard")
    actions = scorecards.add_subparsers(dest="action", metavar="ACTION", required=True)
    compute = actions.add_parser("compute", help="score every partner for a period and print the ranking")
    compute.add_argument("--period", required=True, help=PERIOD_HELP)
    compute.add_argument("--top", type=int, default=20, help="how many partners to print (default 20)")
    compute.set_defaults(run=_compute_scorecards)


def _stage(text: str) -> str:
    """A lifecycle stage as the roster shows it ("Approved") or stores it ("approved"); argparse refuses others."""
    from microfactory_desk.schemas.vocab import Stage

    for stage in Stage:
        if stage.value == text.strip().casefold():
            return stage.value
    raise argparse.ArgumentTypeError(f"'{text}' is not a stage; use one of {', '.join(Stage)}")


def _region(known: list[str], text: str) -> str:
    """The partners' region `text` names, in any case and spacing ("" for all); an unknown one is refused with
    the regions there are, instead of an empty portfolio that looks like a result."""
    wanted = " ".join(text.split()).casefold()
    if not wanted:
        return ""
    for region in known:
        if " ".join(region.split()).casefold() == wanted:
            return region
    from microfactory_desk.errors import NotFound

    choices = ", ".join(known) or "none: no partner has a region yet"
    raise NotFound(f"No partner is in the region '{text}'; regions: {choices}.")


def _export_scorecard(args: argparse.Namespace, location: str) -> int:
    from microfactory_desk.schemas.periods import parse_period
    from microfactory_desk.services.scorecards.files import check_pdf_path

    period = parse_period(args.period)
    check_pdf_path(args.output)
    files = services_for(location).scorecard_files
    out = files.export_scorecard(args.code, period, args.output, audience=args.audience)
    print(f"Scorecard of {args.code} for {period.label} ({args.audience}) written to {out}.")
    return 0


def _export_scorecards(args: argparse.Namespace, location: str) -> int:
    from microfactory_desk.schemas.periods import parse_period

    period = parse_period(args.period)
    interactive = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if interactive:
            print(f"\r{done}/{total} scorecards", end="" if done < total else "\n", file=sys.stderr, flush=True)
        elif done == total or done % 100 == 0:
            print(f"{done}/{total} scorecards", file=sys.stderr, flush=True)

    files = services_for(location).scorecard_files
    count = files.export_all(period, args.output, audience=args.audience, progress=progress)
    print(f"{counted(count, 'scorecard')} for {period.label} written to {args.output}.")
    return 0


def _export_portfolio(args: argparse.Namespace, location: str) -> int:
    from microfactory_desk.schemas.periods import parse_period
    from microfactory_desk.services.scorecards.files import check_pdf_path

    period = parse_period(args.period)
    check_pdf_path(args.output, "the portfolio")
    services = services_for(location)
    region = _region(services.scorecards.regions(), args.region)
    count = services.scorecard_files.export_portfolio(period, args.output, region=region, stage=args.stage or "")
    print(f"Portfolio of {counted(count, 'partner')} for {period.label} written to {args.output}.")
    return 0


def _compute_scorecards(args: argparse.Namespace, location: str) -> int:
    from microfactory_desk import clock
    from microfactory_desk.schemas.periods import parse_period

    period = parse_period(args.period)
    # The explicit step that records snapshots (reading the portfolio elsewhere writes nothing).
    rows = services_for(location).scorecards.record_snapshots(period, today=clock.today())
    scored = [r for r in rows if r.score is not None]
    print(f"{counted(len(rows), 'partner')} scored for {period.label} ({len(scored)} with data); snapshots recorded.")
    for rank, r in enumerate(scored[: args.top], 1):
        standing = r.standing.value if r.standing else ""
        print(f"{rank:>4}  {r.code:<12} {r.score:6.1f}  {standing:<9}  breaches {r.sla_breaches}  {r.name}")
    return 0
