"""The quality area's services behind one entry point: templates, inspections, photos, actions and reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from microfactory_desk.services.quality.actions import ActionService
    from microfactory_desk.services.quality.inspections import InspectionService
    from microfactory_desk.services.quality.photos import PhotoService
    from microfactory_desk.services.quality.report import InspectionReports
    from microfactory_desk.services.quality.templates import TemplateService


class QualityService:
    """Groups the quality services of one database; the composition root builds them and hands them in."""

    def __init__(
        self,
        *,
        templates: TemplateService,
        inspections: InspectionService,
        photos: PhotoService,
        actions: ActionService,
        reports: InspectionReports,
    ) -> None:
        self.templates = templates
        self.inspections = inspections
        self.photos = photos
        self.actions = actions
        self.reports = reports
