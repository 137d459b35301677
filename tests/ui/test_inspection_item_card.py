"""The inspection runner's item card on its own: position, prompt, critical flag, verdict and progress."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from microfactory_desk.schemas.quality_template import TemplateItemOut
from microfactory_desk.ui import theme
from microfactory_desk.ui.widgets.inspection_item_card import InspectionItemCard


def test_the_card_shows_an_item_its_verdict_and_the_progress(qtbot: QtBot) -> None:
    """A critical pass/fail item: where it stands, the red flag, "✗ Fails" in the fail colour with the action offered."""
    card = InspectionItemCard()
    qtbot.addWidget(card)
    card.show()
    item = TemplateItemOut(id=7, prompt="Seams straight?", kind="pass_fail", critical=True, guidance="")
    card.show_item(item, section="Sewing", at=2, count=9, answer=None, photos=[], locked=False)
    assert card.position_label.text() == "Sewing  ·  item 3 of 9"
    assert card.prompt.text() == "Seams straight?"
    assert card.critical_label.isVisible() and not card.guidance.isVisible()
    card.show_verdict(item, "fail")
    assert card.verdict_label.text() == "✗ Fails"
    assert theme.MARK_COLOURS["fail"] in card.verdict_label.styleSheet()
    assert card.action_button.isVisible()
    card.show_verdict(item, None)
    assert card.verdict_label.text() == "" and not card.action_button.isVisible()
    card.show_progress(4, 9)
    assert (card.progress.value(), card.progress.maximum()) == (4, 9)


def test_a_text_item_is_a_note_that_is_not_scored(qtbot: QtBot) -> None:
    """A text item has no verdict, only the words "A note: not scored", and its guidance shows."""
    card = InspectionItemCard()
    qtbot.addWidget(card)
    card.show()
    item = TemplateItemOut(id=8, prompt="Remarks", kind="text", guidance="Anything else seen")
    card.show_item(item, section="End", at=0, count=1, answer=None, photos=[], locked=True)
    assert card.guidance.isVisible() and not card.critical_label.isVisible()
    card.show_verdict(item, "note")
    assert card.verdict_label.text() == "A note: not scored"
    assert not card.action_button.isVisible()
