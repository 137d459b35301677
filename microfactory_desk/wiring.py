"""The one place services are built: for one open database, each service once, handed the services it needs.

Both composition roots use it: the window (`ui/app.py`'s AppServices) and the command line
(`commands/context.py`). Each service is a cached property that imports its module on first use, so
building the container (and the roster's light list) never loads the ORM layer before the first paint.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from microfactory_desk.db import Database
    from microfactory_desk.services.dashboard.service import DashboardService
    from microfactory_desk.services.orders.files import OrderFiles
    from microfactory_desk.services.orders.listing import OrderListing
    from microfactory_desk.services.orders.pricing import OrderPricing
    from microfactory_desk.services.orders.service import OrderService
    from microfactory_desk.services.orders.sku_listing import SkuListing
    from microfactory_desk.services.orders.skus import SkuService
    from microfactory_desk.services.pilots.listing import PilotListing
    from microfactory_desk.services.pilots.service import PilotService
    from microfactory_desk.services.quality.actions import ActionService
    from microfactory_desk.services.quality.inspections import InspectionService
    from microfactory_desk.services.quality.listing import QualityListing
    from microfactory_desk.services.quality.photos import PhotoService
    from microfactory_desk.services.quality.report import InspectionReports
    from microfactory_desk.services.quality.templates import TemplateService
    from microfactory_desk.services.roster.files import RosterFiles
    from microfactory_desk.services.roster.listing import RosterList
    from microfactory_desk.services.roster.partners import RosterService
    from microfactory_desk.services.scorecards.files import ScorecardFiles
    from microfactory_desk.services.scorecards.listing import PortfolioListing
    from microfactory_desk.services.scorecards.service import ScorecardService
    from microfactory_desk.services.sla.files import SlaFiles
    from microfactory_desk.services.sla.follow_up_listing import FollowUpListing
    from microfactory_desk.services.sla.negotiations import NegotiationService
    from microfactory_desk.services.sla.versions import SlaService
    from microfactory_desk.services.telemetry.deliveries import TelemetryService
    from microfactory_desk.services.telemetry.importing import DeliveryImport
    from microfactory_desk.services.telemetry.kpis import KpiService


class Services:
    """Every service of one open database, each built on first use and shared by all that need it."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # --- roster ----------------------------------------------------------------------------
    @cached_property
    def roster_list(self) -> RosterList:
        """The roster's paged list (light SQL only, safe before the first paint)."""
        from microfactory_desk.services.roster.listing import RosterList

        return RosterList(self.db)

    @cached_property
    def roster(self) -> RosterService:
        """Partner reads and writes."""
        from microfactory_desk.services.roster.partners import RosterService

        return RosterService(self.db)

    @cached_property
    def roster_files(self) -> RosterFiles:
        """Roster import and export."""
        from microfactory_desk.services.roster.files import RosterFiles

        return RosterFiles(self.db)

    # --- SLA -------------------------------------------------------------------------------
    @cached_property
    def sla(self) -> SlaService:
        """SLA versions and price tiers."""
        from microfactory_desk.services.sla.versions import SlaService

        return SlaService(self.db)

    @cached_property
    def follow_up_listing(self) -> FollowUpListing:
        """The follow-ups page's paged lists (light SQL only, safe before the first paint)."""
        from microfactory_desk.services.sla.follow_up_listing import FollowUpListing

        return FollowUpListing(self.db)

    @cached_property
    def negotiations(self) -> NegotiationService:
        """The negotiation log and its follow-ups."""
        from microfactory_desk.services.sla.negotiations import NegotiationService

        return NegotiationService(self.db)

    @cached_property
    def sla_files(self) -> SlaFiles:
        """Term sheets of a partner's SLA as PDF or Excel."""
        from microfactory_desk.services.sla.files import SlaFiles

        return SlaFiles(roster=self.roster, sla=self.sla)

    # --- quality ---------------------------------------------------------------------------
    @cached_property
    def templates(self) -> TemplateService:
        """Checklist templates and their versions."""
        from microfactory_desk.services.quality.templates import TemplateService

        return TemplateService(self.db)

    @cached_property
    def quality_listing(self) -> QualityListing:
        """The Quality page's paged lists of inspections and actions (light SQL only, safe before the first paint)."""
        from microfactory_desk.services.quality.listing import QualityListing

        return QualityListing(self.db)

    @cached_property
    def inspections(self) -> InspectionService:
        """Inspections and their answers."""
        from microfactory_desk.services.quality.inspections import InspectionService

        return InspectionService(self.db)

    @cached_property
    def photos(self) -> PhotoService:
        """Photos of inspections and actions."""
        from microfactory_desk.services.quality.photos import PhotoService

        return PhotoService(self.db)

    @cached_property
    def actions(self) -> ActionService:
        """Corrective actions."""
        from microfactory_desk.services.quality.actions import ActionService

        return ActionService(self.db)

    @cached_property
    def inspection_reports(self) -> InspectionReports:
        """Inspection report PDFs."""
        from microfactory_desk.services.quality.report import InspectionReports

        return InspectionReports(inspections=self.inspections)

    # --- orders ----------------------------------------------------------------------------
    @cached_property
    def pricing(self) -> OrderPricing:
        """Prices order lines from the SLA in force."""
        from microfactory_desk.services.orders.pricing import OrderPricing

        return OrderPricing(self.db)

    @cached_property
    def order_listing(self) -> OrderListing:
        """The orders page's paged list (light SQL only, safe before the first paint)."""
        from microfactory_desk.services.orders.listing import OrderListing

        return OrderListing(self.db)

    @cached_property
    def orders(self) -> OrderService:
        """Purchase orders: drafts, pricing, status, quick reorders."""
        from microfactory_desk.services.orders.service import OrderService

        return OrderService(self.db, pricing=self.pricing)

    @cached_property
    def order_files(self) -> OrderFiles:
        """Order sheets, confirmations, order JSON and the flat export."""
        from microfactory_desk.services.orders.files import OrderFiles

        return OrderFiles(self.db, orders=self.orders)

    @cached_property
    def sku_listing(self) -> SkuListing:
        """The SKU page's paged list (light SQL only, safe before the first paint)."""
        from microfactory_desk.services.orders.sku_listing import SkuListing

        return SkuListing(self.db)

    @cached_property
    def skus(self) -> SkuService:
        """The SKU catalogue."""
        from microfactory_desk.services.orders.skus import SkuService

        return SkuService(self.db)

    # --- telemetry and scorecards ----------------------------------------------------------
    @cached_property
    def telemetry(self) -> TelemetryService:
        """Deliveries recorded against order lines."""
        from microfactory_desk.services.telemetry.deliveries import TelemetryService

        return TelemetryService(self.db)

    @cached_property
    def deliveries(self) -> DeliveryImport:
        """Partners' delivery files in, with their remembered column mappings."""
        from microfactory_desk.services.telemetry.importing import DeliveryImport

        return DeliveryImport(self.db)

    @cached_property
    def kpis(self) -> KpiService:
        """KPIs of one partner or all partners over any span of days."""
        from microfactory_desk.services.telemetry.kpis import KpiService

        return KpiService(self.db)

    @cached_property
    def scorecards(self) -> ScorecardService:
        """Scores, the portfolio, partner scorecards and their settings."""
        from microfactory_desk.services.scorecards.service import ScorecardService

        return ScorecardService(self.db)

    @cached_property
    def scorecard_files(self) -> ScorecardFiles:
        """Scorecard and portfolio PDFs."""
        from microfactory_desk.services.scorecards.files import ScorecardFiles

        return ScorecardFiles(scorecards=self.scorecards)

    @cached_property
    def scorecard_listing(self) -> PortfolioListing:
        """The Scorecards page's paged portfolio from stored snapshots (light SQL only, safe before the first paint)."""
        from microfactory_desk.services.scorecards.listing import PortfolioListing

        return PortfolioListing(self.db)

    # --- pilots and the dashboard ----------------------------------------------------------
    @cached_property
    def pilot_listing(self) -> PilotListing:
        """The pilots page's paged list (light SQL only, safe before the first paint)."""
        from microfactory_desk.services.pilots.listing import PilotListing

        return PilotListing(self.db)

    @cached_property
    def pilots(self) -> PilotService:
        """Micro-market pilots, their feedback, sales and orders."""
        from microfactory_desk.services.pilots.service import PilotService

        return PilotService(self.db)

    @cached_property
    def dashboard(self) -> DashboardService:
        """The attention dashboard (light SQL only, safe to use at start-up; its Refresh records snapshots)."""
        from microfactory_desk.services.dashboard.service import DashboardService

        return DashboardService(self.db, scorecards=lambda: self.scorecards)
