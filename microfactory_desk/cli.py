"""Command line: no subcommand opens the window; subcommands run the same services headless."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from microfactory_desk import __version__, clock
from microfactory_desk.commands import AREAS
from microfactory_desk.errors import DeskError
from microfactory_desk.paths import DB_ENV_VAR, default_database


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size like 1280x800") from None
    if not (200 <= width <= 8000 and 200 <= height <= 8000):
        raise argparse.ArgumentTypeError("width and height must be between 200 and 8000")
    return width, height


def build_parser() -> argparse.ArgumentParser:
    """All commands and their options."""
    parser = argparse.ArgumentParser(
        prog="microfactory-desk",
        description="Partner roster, SLAs, quality and scorecards for microfactory networks. "
        "Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help=f"database file or SQLAlchemy URL (default: ${DB_ENV_VAR} or desk.sqlite in the user data folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="fill the database with realistic demo data")
    demo.add_argument("--partners", type=int, default=60, help="number of partners (default 60)")
    demo.add_argument("--seed", type=int, default=7, help="random seed; the same seed gives the same data")

    imp = commands.add_parser("import", help="import data from a file")
    imp_kinds = imp.add_subparsers(dest="kind", metavar="KIND", required=True)
    imp_roster = imp_kinds.add_parser("roster", help="partners from .xlsx or .csv (all or nothing)")
    imp_roster.add_argument("file", type=Path, help="FILE.xlsx or FILE.csv")
    imp_roster.add_argument("--dry-run", action="store_true", help="check the file, import nothing")
    imp_roster.set_defaults(run=_cmd_import)

    exp = commands.add_parser("export", help="export data to a file")
    exp_kinds = exp.add_subparsers(dest="kind", metavar="KIND", required=True)
    exp_roster = exp_kinds.add_parser("roster", help="every partner with contacts and certifications")
    exp_roster.add_argument("-o", "--output", type=Path, required=True, help="FILE.xlsx or FILE.csv")
    exp_roster.set_defaults(run=_export_roster)
    exp_sla = exp_kinds.add_parser(
        "sla",
        help="one-page term sheet of a partner's SLA, to share with the partner",
        description="Write a one-page term sheet of the SLA in force today (or of version N) as PDF or Excel.",
    )
    exp_sla.add_argument("code", metavar="PARTNER_CODE", help="the partner's code (any case)")
    exp_sla.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="FILE.pdf or FILE.xlsx")
    exp_sla.add_argument(
        "--version", type=int, metavar="N", help="SLA version number (default: the version in force today)"
    )
    exp_sla.set_defaults(run=_export_sla)

    check = commands.add_parser("check", help="integrity check and schema version; exit 0 only when healthy")
    check.add_argument("--json", action="store_true", help="print the result as JSON")

    backup = commands.add_parser("backup", help="consistent copy of the database, safe while the app runs")
    backup.add_argument("out", type=Path, help="where to write the copy")

    shot = commands.add_parser("screenshot", help="render the window offscreen to a PNG")
    shot.add_argument("out", type=Path, help="OUT.png")
    shot.add_argument("--page", help="page to show, e.g. roster (default: the page the app opens on)")
    shot.add_argument("--size", type=_size, default=(1280, 800), help="WIDTHxHEIGHT (default 1280x800)")
    for name, command in (
        ("demo", _cmd_demo),
        ("check", _cmd_check),
        ("backup", _cmd_backup),
        ("screenshot", _cmd_screenshot),
    ):
        commands.choices[name].set_defaults(run=command)
    # Each later area adds its own commands and import/export kinds (handlers set as `run`).
    for area in AREAS:
        area.register(commands, imp_kinds, exp_kinds)
    return parser


def _cmd_demo(args: argparse.Namespace, location: str) -> int:
    from microfactory_desk.db import open_database
    from microfactory_desk.demo.load import load_demo

    db = open_database(location)
    summary = load_demo(db, partners=args.partners, seed=args.seed)
    print(
        f"Demo data added to {db.label}: {summary.partners} partners, {summary.contacts} contacts, "
        f"{summary.certifications} certifications, {summary.sla_versions} SLA versions, "
        f"{summary.negotiation_entries} negotiation entries"
        + "".join(f", {count} {label}" for label, count in summary.more.items())
        + "."
    )
    return 0


def _cmd_import(args: argparse.Namespace, location: str) -> int:
    from microfactory_desk.db import open_database
    from microfactory_desk.services.roster.files import RosterFiles

    summary = RosterFiles(open_database(location)).import_file(args.file, dry_run=args.dry_run)
    for warning in summary.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    verb = "Would import" if args.dry_run else "Imported"
    print(
        f"{verb} {summary.partners} partners, {summary.contacts} contacts, "
        f"{summary.certifications} certifications from {args.file}."
    )
    return 0


def _export_roster(args: argparse.Namespace, location: str) -> int:
    from microfactory_desk.db import open_database
    from microfactory_desk.services.roster.files import RosterFiles

    count = RosterFiles(open_database(location, create=False)).export_file(args.output)
    print(f"Exported {count} partners to {args.output}.")
    return 0


def _export_sla(args: argparse.Namespace, location: str) -> int:

    from microfactory_desk.db import open_database
    from microfactory_desk.services.sla.files import SlaFiles, check_term_sheet_path

    check_term_sheet_path(args.output)  # a wrong file name is refused before the database is touched
    files = SlaFiles(open_database(location, create=False))
    sheet = files.term_sheet(args.code, args.version, clock.today())
    out = files.save_term_sheet(sheet, args.output)
    print(f"Term sheet of SLA version {sheet.version.number} for {sheet.partner_code} written to {out}.")
    return 0


def _cmd_check(args: argparse.Namespace, location: str) -> int:
    from microfactory_desk.db import Database, ensure_desk_file, resolve_url
    from microfactory_desk.migrations import HEAD_REVISION

    db = Database(resolve_url(location))
    if db.file is not None:
        if not db.file.exists():
            raise DeskError(f"No database at {db.file}.")
        ensure_desk_file(db.file)
    revision = db.schema_revision()
    problems = db.integrity_problems()
    if revision != HEAD_REVISION:
        problems.append(f"schema is at {revision or 'no version'}, this app expects {HEAD_REVISION}")
    if args.json:
        print(json.dumps({"database": db.label, "schema": revision, "healthy": not problems, "problems": problems}))
    else:
        print(f"Database: {db.label}\nSchema:   {revision or '(none)'} (expected {HEAD_REVISION})")
        print("Healthy" if not problems else "Problems:\n" + "\n".join(f"  {p}" for p in problems))
    return 0 if not problems else 1


def _cmd_backup(args: argparse.Namespace, location: str) -> int:
    from microfactory_desk.db import Database, resolve_url

    out = Database(resolve_url(location)).backup(args.out)
    print(f"Backup written to {out}.")
    return 0


def _cmd_screenshot(args: argparse.Namespace, location: str) -> int:
    import os

    # A screenshot never needs a screen: render offscreen unless the caller chose a platform.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from microfactory_desk.ui.screenshot import save_screenshot

    out = save_screenshot(location, args.out, page=args.page, size=args.size)
    print(f"Screenshot saved to {out}.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `microfactory-desk`."""
    args = build_parser().parse_args(argv)
    location = args.db or default_database()
    try:
        if args.command is None:
            from microfactory_desk.ui.app import run_gui

            return run_gui(location)
        return int(args.run(args, location))
    except DeskError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`attention | head`): stop quietly, and keep Python's exit-time flush from failing too.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
