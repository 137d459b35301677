"""Command line: no subcommand opens the window; subcommands run the same services headless.

Opening the window is the common case and its start-up is timed: a command line that asks for nothing else
(`microfactory-desk`, `--db X`) opens it without building the parser of every command (about 30 ms of imports).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from microfactory_desk.paths import DB_ENV_VAR, default_database

if TYPE_CHECKING:
    import argparse


def window_database(argv: Sequence[str]) -> str | None:
    """The database to open the window on when `argv` (without the program name) asks for nothing but the
    window, optionally with `--db X` or `--db=X`; None when it names a command or anything else (the full parser
    then reads it)."""
    if not argv:
        return default_database()
    if len(argv) == 2 and argv[0] == "--db" and not argv[1].startswith("-"):
        return argv[1] or default_database()
    if len(argv) == 1 and argv[0].startswith("--db="):
        return argv[0].removeprefix("--db=") or default_database()
    return None


def build_parser() -> argparse.ArgumentParser:
    """All commands and their options."""
    import argparse

    from microfactory_desk import __version__
    from microfactory_desk.commands import AREAS

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
    imports = commands.add_parser("import", help="import data from a file")
    import_kinds = imports.add_subparsers(dest="kind", metavar="KIND", required=True)
    exports = commands.add_parser("export", help="export data to a file")
    export_kinds = exports.add_subparsers(dest="kind", metavar="KIND", required=True)
    # Each area adds its own commands and import/export kinds (handlers set as `run`).
    for area in AREAS:
        area.register(commands, import_kinds, export_kinds)
    _describe(parser)
    return parser


def _describe(parser: argparse.ArgumentParser) -> None:
    """Give every command's own --help a description (its one-line help, when it has no longer one) and an
    output option without help a line saying what it names, so no --help page shows a bare list of options."""
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, sub in action.choices.items():
                if sub.description is None and helps.get(name):
                    sub.description = helps[name][0].upper() + helps[name][1:] + "."
                _describe(sub)
        elif "--output" in action.option_strings and not action.help:
            folder = str(action.metavar or "").upper() == "DIR"
            action.help = "the folder to write the files into" if folder else "the file to write"


def before_window() -> None:
    """Get the process ready to open the window: automatic garbage collection stops here.

    The window collects from a GUI-thread timer (ui.gc_guard, started with the QApplication); before it, the
    objects the start-up imports and widgets create would set off a collection pass every 700 allocations, each
    walking everything created so far (about 5% of the start-up's time). PySide6's check of every module
    imported after it is made cheaper before the window's modules are imported (see ui.pyside_scan). PySide6's
    import and the methods dataclasses and named tuples generate take the code every start compiles the same way
    from a cache until the first paint (see ui.start_cache).
    """
    gc.disable()
    from microfactory_desk.ui import pyside_scan, start_cache

    cache = start_cache.import_qt()
    if cache is not None:
        start_cache.keep_generated_code(cache)
    pyside_scan.speed_up()


def _run_window(location: str) -> int:
    before_window()
    from microfactory_desk.ui.app import run_gui

    return run_gui(location)


def _run_export(args: argparse.Namespace, location: str) -> int:
    """Run an export; then name on stderr any character no bundled font could print (it shows as U+FFFD)."""
    from microfactory_desk.exports.fonts import collect_unprintable, describe

    with collect_unprintable() as missing:
        code = int(args.run(args, location))
    if missing:
        print(f"warning: {describe(missing)}.", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `microfactory-desk`: runs the command; every failure is one `error:` line and exit code 1."""
    window_on = window_database(sys.argv[1:] if argv is None else argv)
    if window_on is not None:
        return _run_window(window_on)
    args = build_parser().parse_args(argv)
    location = args.db or default_database()
    if args.command is None:
        return _run_window(location)
    from microfactory_desk.commands.failures import explain, quiet_driver_logs, quiet_unraisable
    from microfactory_desk.errors import DeskError

    # A library whose write failed (openpyxl on a full disk) complains again while its objects are collected:
    # those complaints go to the log, not onto the terminal as tracebacks.
    previous_hook, sys.unraisablehook = sys.unraisablehook, quiet_unraisable
    quiet_driver_logs()
    try:
        if args.command == "export":
            return _run_export(args, location)
        return int(args.run(args, location))
    except DeskError as exc:
        print(f"error: {explain(exc, location)}", file=sys.stderr)  # an import's remedies in the CLI's words
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return _quiet_after_broken_pipe()
    except Exception as exc:  # the one failure path: one line for people, the traceback in the log
        print(f"error: {explain(exc, location)}", file=sys.stderr)
        return 1
    finally:
        gc.collect()
        sys.unraisablehook = previous_hook


def _quiet_after_broken_pipe() -> int:
    """The reader went away (`attention | head`): stop quietly, and keep Python's exit-time flush from failing."""
    import os

    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 1
