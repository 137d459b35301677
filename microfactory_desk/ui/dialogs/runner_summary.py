"""The inspection runner's finish summary: what finishing locks, in words."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from microfactory_desk.schemas.quality import ActionRow, ScoreResult, fmt_pct
from microfactory_desk.schemas.quality_template import TemplateItemOut


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def finish_summary(
    items: list[TemplateItemOut], verdict_of: Callable[[TemplateItemOut], str | None], actions: Iterable[ActionRow]
) -> str:
    """Answered count, items left open, failed items and which of them have no corrective action yet.

    `verdict_of(item)` is "pass", "fail", "na" or None (not answered); text items are not scored.
    """
    scored = [i for i in items if i.kind.value != "text"]
    open_items = [i for i in scored if verdict_of(i) is None]
    failed = [i for i in scored if verdict_of(i) == "fail"]
    with_action = {a.item_id for a in actions}
    lines = [f"{len(scored) - len(open_items)} of {len(scored)} scored items answered."]
    if open_items:
        lines.append(f"{_count(len(open_items), 'item')} not answered: they stay out of the score.")
    if failed:
        missing = sum(1 for i in failed if i.id not in with_action)
        lines.append(
            f"Failed: {len(failed)}, of which {missing} without a corrective action yet:"
            if missing
            else f"Failed: {len(failed)}, each with a corrective action:"
        )
        for item in failed:
            note = "" if item.id in with_action else "  — no corrective action yet"
            lines.append(f"  • {item.prompt}{'  (critical)' if item.critical else ''}{note}")
    lines.append("\nFinishing locks the answers; reopening later records a reason.")
    return "\n".join(lines)


def header_text(finished: bool, score: ScoreResult, answered: int, total: int) -> str:
    """The runner's header: the outcome once finished; while in progress how far it got and the score so far.

    A score over 1 of 16 items is no result, so "Passed"/"Failed" appear only after Finish.
    """
    if finished:
        return score.headline
    so_far = f" · {fmt_pct(score.pct)} so far" if score.pct is not None and answered else ""
    return f"In progress · {answered} of {total} answered{so_far}"
