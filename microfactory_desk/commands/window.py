"""The `screenshot` command: render the window offscreen to a PNG."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size like 1280x800") from None
    if not (200 <= width <= 8000 and 200 <= height <= 8000):
        raise argparse.ArgumentTypeError("width and height must be between 200 and 8000")
    return width, height


def register(commands: Any, imports: Any, exports: Any) -> None:
    """Add this area's commands and import/export kinds; each parser sets its handler with set_defaults(run=...)."""
    del imports, exports
    shot = commands.add_parser("screenshot", help="render the window offscreen to a PNG")
    shot.add_argument("out", type=Path, help="OUT.png")
    shot.add_argument("--page", help="page to show, e.g. roster (default: the page the app opens on)")
    shot.add_argument("--size", type=_size, default=(1280, 800), help="WIDTHxHEIGHT (default 1280x800)")
    shot.set_defaults(run=_cmd_screenshot)


def _cmd_screenshot(args: argparse.Namespace, location: str) -> int:
    import os

    # A screenshot never needs a screen: render offscreen unless the caller chose a platform.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from microfactory_desk.ui.screenshot import save_screenshot

    out = save_screenshot(location, args.out, page=args.page, size=args.size)
    print(f"Screenshot saved to {out}.")
    return 0
