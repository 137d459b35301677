"""The fixed vocabularies of quality: item kinds, answers, inspection outcomes, action status and severity."""

from __future__ import annotations

from enum import StrEnum


class ItemKind(StrEnum):
    """What an inspector does for a checklist item."""

    PASS_FAIL = "pass_fail"
    MEASUREMENT = "measurement"
    CHOICE = "choice"
    TEXT = "text"
    PHOTO = "photo"


class Result(StrEnum):
    """The verdict on one item."""

    PASS = "pass"
    FAIL = "fail"
    NA = "na"


class InspectionStatus(StrEnum):
    """An inspection is filled in, then finished (locked) until reopened."""

    IN_PROGRESS = "in_progress"
    FINISHED = "finished"


class Outcome(StrEnum):
    """The verdict kept on a finished inspection."""

    PASSED = "passed"
    FAILED = "failed"
    NO_DATA = "no_data"


class ActionStatus(StrEnum):
    """Where a corrective action is on its way to verified closure."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"


class Severity(StrEnum):
    """How urgent a corrective action is."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


KIND_LABELS = {
    ItemKind.PASS_FAIL: "Pass / fail",
    ItemKind.MEASUREMENT: "Measurement",
    ItemKind.CHOICE: "Choice",
    ItemKind.TEXT: "Free text",
    ItemKind.PHOTO: "Photo required",
}
RESULT_LABELS = {Result.PASS: "Pass", Result.FAIL: "Fail", Result.NA: "N/A"}
OUTCOME_LABELS = {Outcome.PASSED: "Passed", Outcome.FAILED: "Failed", Outcome.NO_DATA: "No data"}
ACTION_STATUS_LABELS = {
    ActionStatus.OPEN: "Open",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.CLOSED: "Verified closed",
}
