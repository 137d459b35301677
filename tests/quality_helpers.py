"""Shared set-up for quality tests: a partner, a small template, an inspection started on it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from microfactory_desk.db import Database
from microfactory_desk.schemas.partner import validate_partner
from microfactory_desk.schemas.quality import InspectionOut, validate_inspection
from microfactory_desk.schemas.quality_template import TemplateOut, validate_template
from microfactory_desk.services.roster.partners import RosterService
from microfactory_desk.wiring import Services

DAY = dt.date(2026, 6, 15)
TRICKY_NAME = "Müller & Söhne <GmbH>"


def small_template(key: str = "spot-check", **extra: Any) -> dict[str, Any]:
    """Three sections: pass/fail (one critical), a measurement 10 ± 0.5 mm, a choice, a note and a photo item."""
    return {
        "key": key,
        "name": "Spot check <b>&</b>",
        "pass_threshold_pct": 80,
        "sections": [
            {
                "title": "Basics",
                "items": [
                    {"prompt": "Clean workplace", "weight": 1},
                    {"prompt": "Fire exits clear", "weight": 2, "critical": True},
                ],
            },
            {
                "title": "Measures",
                "items": [
                    {
                        "prompt": "Length",
                        "kind": "measurement",
                        "nominal": 10,
                        "tolerance": 0.5,
                        "unit": "mm",
                        "weight": 2,
                    },
                    {"prompt": "Colour", "kind": "choice", "choices": ["Match", "Off"], "passing_choices": ["Match"]},
                ],
            },
            {
                "title": "Evidence",
                "items": [
                    {"prompt": "Remarks", "kind": "text", "weight": 0},
                    {"prompt": "Photo of the line", "kind": "photo"},
                ],
            },
        ],
        **extra,
    }


def make_partner(db: Database, code: str = "MS-01", name: str = TRICKY_NAME) -> int:
    """A stored partner's id."""
    return RosterService(db).create_partner(data=validate_partner({"code": code, "name": name})).id


def make_template(db: Database, **extra: Any) -> TemplateOut:
    """The small template, stored."""
    return Services(db).templates.create_template(validate_template(small_template(**extra)))


def start_inspection(db: Database, partner_id: int, template_id: int, **extra: Any) -> InspectionOut:
    """An inspection in progress."""
    data = {"partner_id": partner_id, "template_id": template_id, "inspected_on": DAY, "inspector": "Ελένη", **extra}
    return Services(db).inspections.start(validate_inspection(data))
