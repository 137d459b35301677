"""The README's command-line table agrees with the parser: every command once, with the options it takes."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from microfactory_desk.cli import build_parser

README = Path(__file__).resolve().parents[2] / "README.md"
ROW = re.compile(r"^\| `microfactory-desk(?P<usage>[^`]*)` \|")
OPTION = re.compile(r"(?<![\w-])(--?[a-z][a-z-]*)")


def _parsers(parser: argparse.ArgumentParser, path: str = "") -> dict[str, argparse.ArgumentParser]:
    """Every runnable command (e.g. 'export roster') with its parser."""
    found = {path.strip(): parser} if parser.get_default("run") is not None else {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found |= _parsers(sub, f"{path} {name}")
    return found


def _readme_rows() -> list[tuple[str, str]]:
    """(command, usage) of each row of the README's command table; the command is the leading lower-case words."""
    rows = []
    for line in README.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match is None:
            continue
        usage = match["usage"].strip()
        words = []
        for token in usage.split():
            if not re.fullmatch(r"[a-z][a-z-]*", token):
                break
            words.append(token)
        rows.append((" ".join(words), usage))
    return rows


def test_readme_lists_every_command_exactly_once() -> None:
    """No command is missing from the README's table, none is listed twice, and no row names a command that is gone."""
    commands = [command for command, _ in _readme_rows() if command]  # "" is the bare command: the window
    assert sorted(commands) == sorted(set(commands))
    assert set(commands) == set(_parsers(build_parser()))


def test_readme_rows_name_the_options_each_command_takes() -> None:
    """Each row mentions every option of its command (by its short or long name) and no option the command lacks."""
    parsers = _parsers(build_parser())
    wrong: dict[str, object] = {}
    for command, usage in _readme_rows():
        if not command:
            continue
        options = [a for a in parsers[command]._actions if a.option_strings and not isinstance(a, argparse._HelpAction)]
        named = set(OPTION.findall(usage))
        missing = [a.option_strings[-1] for a in options if not named & set(a.option_strings)]
        unknown = sorted(named - {s for a in options for s in a.option_strings})
        if missing or unknown:
            wrong[command] = {"missing": missing, "unknown": unknown}
    assert wrong == {}
