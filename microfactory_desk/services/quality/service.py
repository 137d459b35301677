"""The quality area's services behind one entry point: templates, inspections, photos, actions and reports."""

from __future__ import annotations

from functools import cached_property

from microfactory_desk.db import Database
from microfactory_desk.services.quality.actions import ActionService
from microfactory_desk.services.quality.inspections import InspectionService
from microfactory_desk.services.quality.photos import PhotoService
from microfactory_desk.services.quality.report import InspectionReports
from microfactory_desk.services.quality.templates import TemplateService


class QualityService:
    """Groups the quality services of one database (each is created on first use)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @cached_property
    def templates(self) -> TemplateService:
        """Checklist templates and their versions."""
        return TemplateService(self.db)

    @cached_property
    def inspections(self) -> InspectionService:
        """Inspections and their answers."""
        return InspectionService(self.db)

    @cached_property
    def photos(self) -> PhotoService:
        """Photos of inspections and actions."""
        return PhotoService(self.db)

    @cached_property
    def actions(self) -> ActionService:
        """Corrective actions."""
        return ActionService(self.db)

    @cached_property
    def reports(self) -> InspectionReports:
        """Inspection report PDFs."""
        return InspectionReports(self.db)
