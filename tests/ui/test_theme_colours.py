"""Colours live in ui/theme.py: no other module of the GUI spells one."""

from __future__ import annotations

import re
from pathlib import Path

from microfactory_desk import ui
from microfactory_desk.ui import theme

UI = Path(ui.__file__).parent
NAMED = r"(?:white|black|red|green|blue|yellow|orange|gr[ae]y|silver|navy|maroon|purple|teal)"
# What a colour looks like in Python source: a hex code, a CSS function, a QColor made from a literal,
# a Qt global colour, or a named colour in a style sheet.
PATTERNS = {
    "hex": re.compile(r"#[0-9a-fA-F]{3,8}\b"),
    "css function": re.compile(r"\b(?:rgba?|hsla?)\("),
    "QColor literal": re.compile(r"QColor\(\s*(?:[\"'\d]|Qt\.)"),
    "Qt global colour": re.compile(r"Qt\.GlobalColor\.(?!transparent\b)\w+|Qt\.(?:white|black|red|green|blue|gray)\b"),
    "named in a style sheet": re.compile(
        rf"(?:color|background(?:-color)?|border(?:-color)?)\s*:[^;{{}}\"']*\b{NAMED}\b"
    ),
    "named QColor": re.compile(rf"QColor\(\s*[\"']{NAMED}[\"']"),
}


def colour_literals(source: str) -> list[str]:
    """Every colour spelled out in `source`, as "kind: text"."""
    return [f"{kind}: {m.group(0)}" for kind, pattern in PATTERNS.items() for m in pattern.finditer(source)]


def test_no_module_outside_the_theme_spells_a_colour() -> None:
    """Table models, charts, cards, panels and dialogs take their colours by name from ui/theme.py."""
    found = {
        str(path.relative_to(UI)): hits
        for path in sorted(UI.rglob("*.py"))
        if path.name != "theme.py" and (hits := colour_literals(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_check_catches_each_way_of_spelling_a_colour() -> None:
    """Lines as the code had them before the colours moved are all reported, one per kind."""
    planted = {
        "hex": 'CALM = "#b8c4cf"',
        "css function": 'sheet = "background: rgba(0, 0, 0, 40);"',
        "QColor literal": "pixmap.fill(QColor(0, 0, 0, 0))",
        "Qt global colour": "painter.setPen(Qt.GlobalColor.red)",
        "named in a style sheet": 'card.setStyleSheet("QFrame#item_card { border: 1px solid; background: white; }")',
        "named QColor": 'CARD_BACKGROUND = QColor("white")',
    }
    for kind, line in planted.items():
        assert any(hit.startswith(kind) for hit in colour_literals(line)), kind
    assert colour_literals("text += f\" · <span style='color:#8a5a00'>{warned} with warnings</span>\"")
    # Names, not colours: theme references, a transparent fill and "#" in ordinary text pass.
    clean = 'theme.colour(theme.ERROR); pixmap.fill(Qt.GlobalColor.transparent); f"Order #{number}"; "# of items"'
    assert colour_literals(clean) == []


def test_the_theme_names_each_colour_the_app_used_before() -> None:
    """Same colours, same look: the named roles keep the values that were spelled out in the modules."""
    assert (theme.AMBER, theme.GOOD, theme.CAUTION, theme.DANGER, theme.NO_DATA) == (
        "#8a5a00", "#166534", "#9a6700", "#b42318", "#8a939c",
    )  # fmt: skip
    assert theme.STANDING_COLOURS == {"strategic": "#166534", "approved": "#2f6f5e", "watch": "#9a6700",
                                      "exit": "#b42318"}  # fmt: skip
    assert theme.MARK_COLOURS == {"pass": "#2f6f5e", "fail": "#b3261e", "na": "#5b6673", "note": "#5b6673",
                                  None: "#1f2a37"}  # fmt: skip
    assert theme.SERIES == ("#2f6f5e", "#c2571a", "#3b6fb6", "#8a5cb8")
    assert (theme.CHART_ACCENT, theme.CHART_BOUND, theme.CHART_SCORE, theme.CHART_DEFECT) == (
        "#2f6f5e", "#b42318", "#1d4ed8", "#9a6700",
    )  # fmt: skip


def test_a_named_colour_becomes_one_shared_qcolor() -> None:
    """theme.colour() makes each QColor once, so table models hand out the same object on every paint."""
    assert theme.colour(theme.ERROR).name() == theme.ERROR
    assert theme.colour(theme.ERROR) is theme.colour(theme.ERROR)
    assert theme.colour(theme.SURFACE).name() == "#ffffff"
