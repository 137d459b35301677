"""Scoring rules as pure functions: weights, n.a., tolerance edges, critical items, no data."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

import pytest

from microfactory_desk.schemas.quality_vocab import ItemKind, Result
from microfactory_desk.services.quality.scoring import score, verdict, within_tolerance


class Item(NamedTuple):
    id: int
    prompt: str
    kind: ItemKind = ItemKind.PASS_FAIL
    weight: Decimal = Decimal(1)
    critical: bool = False
    nominal: Decimal | None = None
    tolerance: Decimal | None = None
    passing_choices: list[str] = []


class Answer(NamedTuple):
    result: str | None = None
    measured: Decimal | None = None
    choice: str = ""


def _answers(**by_id: Any) -> dict[int, Answer]:
    return {int(k[1:]): v for k, v in by_id.items()}


def test_all_na_is_no_data_never_100() -> None:
    """With every item n.a. there is nothing to score: no percentage and the outcome 'no data'."""
    items = [Item(1, "a"), Item(2, "b", weight=Decimal(3))]
    result = score(items, _answers(i1=Answer(Result.NA), i2=Answer(Result.NA)), Decimal(80))
    assert result.pct is None
    assert result.outcome == "no_data"
    assert result.not_applicable == 2
    assert "No data" in result.explanation[0]
    assert result.headline == "No data"


def test_nothing_answered_is_no_data() -> None:
    """An inspection without answers shows no data, not 0 % or 100 %."""
    result = score([Item(1, "a")], {}, Decimal(80))
    assert (result.pct, result.outcome, result.unanswered) == (None, "no_data", 1)


def test_critical_fail_at_99_percent_fails() -> None:
    """One failed critical item of weight 1 among 99 passed points fails the inspection at 99 %."""
    items = [Item(1, "Big", weight=Decimal(99)), Item(2, "Exits clear", critical=True)]
    result = score(items, _answers(i1=Answer(Result.PASS), i2=Answer(Result.FAIL)), Decimal(80))
    assert result.pct == Decimal("99.00")
    assert result.outcome == "failed"
    assert result.critical_failures == ("Exits clear",)
    assert any("critical" in line and "Exits clear" in line for line in result.explanation)


@pytest.mark.parametrize(
    ("measured", "expected"),
    [
        ("9.5", Result.PASS),
        ("10.5", Result.PASS),
        ("9.4999", Result.FAIL),
        ("10.5001", Result.FAIL),
        ("10", Result.PASS),
    ],
)
def test_measurement_tolerance_edges_are_inclusive(measured: str, expected: Result) -> None:
    """10 ± 0.5 passes from 9.5 to 10.5 inclusive and fails just outside."""
    item = Item(1, "Length", ItemKind.MEASUREMENT, nominal=Decimal(10), tolerance=Decimal("0.5"))
    assert verdict(item, Answer(measured=Decimal(measured))) is expected


def test_zero_tolerance_passes_only_the_nominal() -> None:
    """A tolerance of 0 passes the exact value only."""
    assert within_tolerance(Decimal(5), Decimal(5), Decimal(0))
    assert not within_tolerance(Decimal("5.0001"), Decimal(5), Decimal(0))


def test_weights_and_na_left_out_of_the_total() -> None:
    """Score = passed weight / (passed + failed weight); n.a. items change neither."""
    items = [Item(1, "a", weight=Decimal(3)), Item(2, "b", weight=Decimal(1)), Item(3, "c", weight=Decimal(10))]
    answers = _answers(i1=Answer(Result.PASS), i2=Answer(Result.FAIL), i3=Answer(Result.NA))
    result = score(items, answers, Decimal(80))
    assert result.pct == Decimal("75.00")
    assert result.outcome == "failed"
    assert (result.earned, result.possible) == (Decimal(3), Decimal(4))
    assert "Left out of the score: 1 item marked n.a." in result.explanation


def test_threshold_reached_exactly_passes() -> None:
    """80 % against a threshold of 80 % passes."""
    items = [Item(i, str(i)) for i in range(5)]
    answers = {i: Answer(Result.PASS) for i in range(4)} | {4: Answer(Result.FAIL)}
    result = score(items, answers, Decimal(80))
    assert (result.pct, result.outcome) == (Decimal("80.00"), "passed")


def test_any_failure_never_rounds_to_100() -> None:
    """A tiny failed weight keeps the score below 100 %."""
    items = [Item(1, "a", weight=Decimal(100000)), Item(2, "b", weight=Decimal("0.01"))]
    result = score(items, _answers(i1=Answer(Result.PASS), i2=Answer(Result.FAIL)), Decimal(80))
    assert result.pct is not None and result.pct < 100


def test_choice_photo_and_text_verdicts() -> None:
    """A choice passes on a passing option (any case); a photo item passes with a photo; text is never scored."""
    choice = Item(1, "Colour", ItemKind.CHOICE, passing_choices=["Match"])
    assert verdict(choice, Answer(choice="match")) is Result.PASS
    assert verdict(choice, Answer(choice="Off")) is Result.FAIL
    photo = Item(2, "Photo", ItemKind.PHOTO)
    assert verdict(photo, None) is None
    assert verdict(photo, None, photos=1) is Result.PASS
    assert verdict(photo, Answer(Result.FAIL), photos=1) is Result.FAIL
    assert verdict(Item(3, "Note", ItemKind.TEXT), Answer(Result.PASS)) is None
