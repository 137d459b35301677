"""Inspections, answers, photos and corrective actions: validated inputs and the DTOs the UI and reports read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, model_validator

from microfactory_desk.schemas.fields import Block, Line, OptionalCount, validate
from microfactory_desk.schemas.fields import choice as vocabulary
from microfactory_desk.schemas.list_rows import ActionRow as ActionRow
from microfactory_desk.schemas.list_rows import InspectionRow as InspectionRow
from microfactory_desk.schemas.quality_template import TemplateOut
from microfactory_desk.schemas.quality_vocab import ActionStatus, Result, Severity
from microfactory_desk.schemas.stored import Stored


class InspectionIn(BaseModel):
    """The header of an inspection as started."""

    partner_id: int
    template_id: int
    inspected_on: dt.date
    inspector: Line = Field(default="", max_length=200)
    location: Line = Field(default="", max_length=200)
    sample_size: OptionalCount = None
    order_id: int | None = None
    batch_ref: Line = Field(default="", max_length=100)
    notes: Block = Field(default="", max_length=50_000)


class AnswerIn(BaseModel):
    """One answer as given; what it needs depends on the item's kind (checked by the service)."""

    item_id: int
    result: Annotated[Result | None, vocabulary(Result)] = None
    measured: Decimal | None = Field(default=None, max_digits=14, decimal_places=4)
    choice: Line = Field(default="", max_length=500)
    text: Block = Field(default="", max_length=20_000)


class ActionIn(BaseModel):
    """A corrective action as raised or edited."""

    model_config = ConfigDict(from_attributes=True)

    partner_id: int
    inspection_id: int | None = None
    item_id: int | None = None
    description: Block = Field(min_length=1, max_length=20_000)
    owner: Line = Field(default="", max_length=200)
    raised_on: dt.date
    due_on: dt.date | None = None
    severity: Annotated[Severity, vocabulary(Severity)] = Severity.MEDIUM
    status: Annotated[ActionStatus, vocabulary(ActionStatus)] = ActionStatus.OPEN
    closed_on: dt.date | None = None
    closure_note: Block = Field(default="", max_length=20_000)

    @model_validator(mode="after")
    def _consistent(self) -> ActionIn:
        if self.due_on is not None and self.due_on < self.raised_on:
            raise ValueError("due_on: the due date is before the date the action was raised")
        if self.status is ActionStatus.CLOSED:
            if self.closed_on is None:
                raise ValueError("closed_on: give the date the closure was verified")
            if not self.closure_note:
                raise ValueError("closure_note: say how the closure was verified (evidence)")
            if self.closed_on < self.raised_on:
                raise ValueError("closed_on: the closing date is before the date the action was raised")
        return self


class StoredAction(Stored, ActionIn):
    """A stored corrective action's fields, shown as stored even where today's input rules would refuse them."""

    def _consistent(self) -> StoredAction:  # type: ignore[override]
        return self  # a stored record is shown as it is (schemas/stored.py)


def validate_action(data: dict[str, Any]) -> ActionIn:
    """ActionIn from raw values, or ValidationFailed naming each bad field."""
    return validate(ActionIn, data)


def validate_inspection(data: dict[str, Any]) -> InspectionIn:
    """InspectionIn from raw values, or ValidationFailed naming each bad field."""
    return validate(InspectionIn, data)


class AnswerOut(NamedTuple):
    """A stored answer."""

    item_id: int
    result: str | None
    measured: Decimal | None
    choice: str
    text: str
    answered_at: dt.datetime


class PhotoOut(NamedTuple):
    """A stored photo's description and thumbnail (the full bytes are read on demand)."""

    id: int
    inspection_id: int | None
    item_id: int | None
    action_id: int | None
    file_name: str
    mime: str
    width: int
    height: int
    byte_size: int
    caption: str
    thumbnail: bytes


class EventOut(NamedTuple):
    """Started, finished or reopened, with who and why."""

    action: str
    at: dt.datetime
    by: str
    reason: str


class ActionOut(NamedTuple):
    """One corrective action with everything its dialog edits."""

    id: int
    number: str
    partner_code: str
    partner_name: str
    inspection_number: str
    item_prompt: str
    data: ActionIn
    photos: list[PhotoOut]
    row_version: int = 1  # the version counter the editor hands back on save (a stale save is refused)
    updated_by: str = ""


@dataclass(frozen=True)
class ScoreResult:
    """A score and the reasons behind it, worded for the screen and the report."""

    pct: Decimal | None
    outcome: str
    earned: Decimal
    possible: Decimal
    passed: int
    failed: int
    not_applicable: int
    unanswered: int
    threshold: Decimal
    critical_failures: tuple[str, ...]
    explanation: tuple[str, ...]

    @property
    def headline(self) -> str:
        """'87.5 % — Passed', 'No data'."""
        label = {"passed": "Passed", "failed": "Failed"}.get(self.outcome, "No data")
        return label if self.pct is None else f"{fmt_pct(self.pct)} — {label}"


def fmt_pct(value: Decimal | None) -> str:
    """'87.5 %', '100 %', '' for None."""
    if value is None:
        return ""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text} %"


@dataclass
class InspectionOut:
    """An inspection with its template version, answers, photos, history and actions."""

    id: int
    number: str
    partner_id: int
    partner_code: str
    partner_name: str
    template: TemplateOut
    inspected_on: dt.date
    inspector: str
    location: str
    sample_size: int | None
    order_number: str
    batch_ref: str
    status: str
    notes: str
    score: ScoreResult
    answers: dict[int, AnswerOut] = field(default_factory=dict)
    photos: list[PhotoOut] = field(default_factory=list)
    events: list[EventOut] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        """True when locked."""
        return self.status == "finished"


class AnswerSaved(NamedTuple):
    """What the runner needs after an answer: the stored answer (None when cleared) and the new score."""

    answer: AnswerOut | None
    score: ScoreResult


class CheckedImage(NamedTuple):
    """A verified image: its bytes, type, size and thumbnail."""

    data: bytes
    mime: str
    width: int
    height: int
    thumbnail: bytes
    sha256: str
