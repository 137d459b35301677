"""The app looks the same on every desktop: Fusion with the app's palette, whatever style the environment asks.

The style is chosen on the command line Qt reads when the QApplication is created (ui.app.application), so the
check runs in a fresh process: the test process already has pytest-qt's QApplication.
"""

from __future__ import annotations

import os
import subprocess
import sys

from microfactory_desk.ui import theme

SCRIPT = """
from PySide6.QtGui import QPalette
from microfactory_desk.ui.app import application

app = application()
palette = app.palette()
roles = (QPalette.ColorRole.Highlight, QPalette.ColorRole.HighlightedText, QPalette.ColorRole.AlternateBase)
print(app.style().name(), *(palette.color(role).name() for role in roles))
"""


def test_the_app_is_fusion_with_its_colours_even_when_the_desktop_asks_another_style() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_STYLE_OVERRIDE": "windows"}
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    expected = [theme.STYLE, theme.SELECTION_BG, theme.SELECTION_TEXT, theme.ALTERNATE_ROW_BG]
    assert done.stdout.split() == expected
