"""Scoring of an inspection, as pure functions: verdict per item, weighted percentage, outcome and its reasons."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_DOWN, Decimal
from typing import Protocol

from microfactory_desk.schemas.quality import ScoreResult, fmt_pct
from microfactory_desk.schemas.quality_vocab import ItemKind, Outcome, Result


class ItemLike(Protocol):
    """What scoring needs of a template item."""

    @property
    def id(self) -> int: ...
    @property
    def prompt(self) -> str: ...
    @property
    def kind(self) -> ItemKind: ...
    @property
    def weight(self) -> Decimal: ...
    @property
    def critical(self) -> bool: ...
    @property
    def nominal(self) -> Decimal | None: ...
    @property
    def tolerance(self) -> Decimal | None: ...
    @property
    def passing_choices(self) -> list[str]: ...


class AnswerLike(Protocol):
    """What scoring needs of an answer."""

    @property
    def result(self) -> str | None: ...
    @property
    def measured(self) -> Decimal | None: ...
    @property
    def choice(self) -> str: ...


def within_tolerance(measured: Decimal, nominal: Decimal, tolerance: Decimal) -> bool:
    """True when nominal - tolerance <= measured <= nominal + tolerance (both edges pass)."""
    return nominal - tolerance <= measured <= nominal + tolerance


def verdict(item: ItemLike, answer: AnswerLike | None, *, photos: int = 0) -> Result | None:
    """Pass, fail or n.a. for one item; None when unanswered or not scored (free text)."""
    kind = ItemKind(item.kind)
    if kind is ItemKind.TEXT:
        return None
    if answer is not None and answer.result == Result.NA:
        return Result.NA
    if kind is ItemKind.PHOTO:
        # A photo item passes once a photo is attached, unless the inspector failed it on purpose.
        if answer is not None and answer.result == Result.FAIL:
            return Result.FAIL
        return Result.PASS if photos else None
    if answer is None:
        return None
    if kind is ItemKind.MEASUREMENT:
        if answer.measured is None or item.nominal is None or item.tolerance is None:
            return None
        return Result.PASS if within_tolerance(answer.measured, item.nominal, item.tolerance) else Result.FAIL
    if kind is ItemKind.CHOICE:
        if not answer.choice:
            return None
        passing = {c.casefold() for c in item.passing_choices}
        return Result.PASS if answer.choice.casefold() in passing else Result.FAIL
    return Result(answer.result) if answer.result in (Result.PASS, Result.FAIL) else None


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 'es' if noun.endswith('s') else 's'}"


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def score(
    items: Iterable[ItemLike],
    answers: Mapping[int, AnswerLike],
    threshold: Decimal,
    *,
    photos: Mapping[int, int] | None = None,
) -> ScoreResult:
    """Weighted score: each pass earns its weight out of pass + fail weights; n.a. and unanswered are left out."""
    photos = photos or {}
    earned = possible = Decimal(0)
    passed = failed = not_applicable = unanswered = 0
    critical: list[str] = []
    for item in items:
        if ItemKind(item.kind) is ItemKind.TEXT:
            continue
        result = verdict(item, answers.get(item.id), photos=photos.get(item.id, 0))
        if result is None:
            unanswered += 1
        elif result is Result.NA:
            not_applicable += 1
        else:
            possible += item.weight
            if result is Result.PASS:
                passed += 1
                earned += item.weight
            else:
                failed += 1
                if item.critical:
                    critical.append(item.prompt)
    pct = None
    if possible > 0:
        # Rounded down so a score with any failure never reads as 100 %.
        pct = (earned * 100 / possible).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    lines = []
    if pct is None:
        lines.append("No data: no item with a weight was answered pass or fail, so there is no score.")
    else:
        lines.append(
            f"Score {fmt_pct(pct)} = {_number(earned)} of {_number(possible)} weighted points "
            f"({_plural(passed, 'pass')}, {_plural(failed, 'fail')})."
        )
    left_out = []
    if not_applicable:
        left_out.append(f"{_plural(not_applicable, 'item')} marked n.a.")
    if unanswered:
        left_out.append(f"{_plural(unanswered, 'item')} not answered")
    if left_out:
        lines.append("Left out of the score: " + " and ".join(left_out).rstrip(".") + ".")
    if critical:
        outcome = Outcome.FAILED
        names = "; ".join(f"“{name}”" for name in critical)
        lines.append(f"Failed: critical item{'s' if len(critical) > 1 else ''} failed ({names}), whatever the %.")
    elif pct is None:
        outcome = Outcome.NO_DATA
    elif earned * 100 >= threshold * possible:
        outcome = Outcome.PASSED
        lines.append(f"Passed: {fmt_pct(pct)} reaches the pass threshold of {fmt_pct(threshold)}.")
    else:
        outcome = Outcome.FAILED
        lines.append(f"Failed: {fmt_pct(pct)} is below the pass threshold of {fmt_pct(threshold)}.")
    return ScoreResult(
        pct=pct,
        outcome=outcome.value,
        earned=earned,
        possible=possible,
        passed=passed,
        failed=failed,
        not_applicable=not_applicable,
        unanswered=unanswered,
        threshold=threshold,
        critical_failures=tuple(critical),
        explanation=tuple(lines),
    )
