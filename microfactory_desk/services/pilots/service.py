"""Micro-market pilot use cases: plan and edit pilots, log feedback and daily sales, decide, tie orders."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from microfactory_desk.db import Database
from microfactory_desk.errors import NotFound, ValidationFailed
from microfactory_desk.models import Partner, Pilot, PilotFeedback, PilotSales, PurchaseOrder, Sku
from microfactory_desk.schemas.pilot import DecisionIn, FeedbackIn, PilotIn, SalesIn
from microfactory_desk.schemas.pilot_rows import PilotDetail, PilotRow
from microfactory_desk.schemas.roster_rows import PartnerChoice
from microfactory_desk.services.common.numbering import add_numbered, next_number
from microfactory_desk.services.common.records import created_before, existing, find_by_code, save_versioned
from microfactory_desk.services.pilots.queries import (
    FEEDBACK,
    ORDERS,
    PILOT_COLUMNS,
    SALES,
    feedback_row,
    pilot_order,
    pilot_row,
    sales_curve,
)
from microfactory_desk.services.roster.listing import partner_choices

_PLAN_FIELDS = tuple(name for name in PilotIn.model_fields if name not in ("sku_code", "partner_code", "market_kind"))
_ORDER = " ORDER BY pl.starts_on DESC, pl.number DESC"


class PilotService:
    """Reads pilots on the light path and writes them in one transaction each."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # --- reads ---------------------------------------------------------------------------
    def list_pilots(self, today: dt.date) -> list[PilotRow]:
        """Every pilot with its figures, newest start first."""
        return [pilot_row(r, today) for r in self._db.read(PILOT_COLUMNS + _ORDER)]

    def get_pilot(self, pilot_id: int, today: dt.date) -> PilotRow:
        """One pilot with its figures."""
        rows = self._db.read(PILOT_COLUMNS + " WHERE pl.id = :id", {"id": pilot_id})
        if not rows:
            raise NotFound(f"Pilot #{pilot_id} no longer exists.")
        return pilot_row(rows[0], today)

    def detail(self, pilot_id: int, today: dt.date) -> PilotDetail:
        """A pilot with its feedback (newest first), daily sales curve and tied orders."""
        pilot = self.get_pilot(pilot_id, today)
        params = {"id": pilot_id}
        return PilotDetail(
            pilot,
            [feedback_row(r) for r in self._db.read(FEEDBACK, params)],
            sales_curve(self._db.read(SALES, params), pilot.units_shipped),
            [pilot_order(r) for r in self._db.read(ORDERS, params)],
        )

    def comparables(self, pilot_id: int, today: dt.date) -> list[PilotRow]:
        """Other pilots of the same SKU: the same product in other markets or made by other partners."""
        sql = PILOT_COLUMNS + " WHERE pl.sku_id = (SELECT sku_id FROM pilot WHERE id = :id) AND pl.id <> :id"
        return [pilot_row(r, today) for r in self._db.read(sql + _ORDER, {"id": pilot_id})]

    def sku_choices(self) -> list[tuple[str, str]]:
        """(code, name) of active SKUs, experimental ones first."""
        rows = self._db.read(
            "SELECT code, name FROM sku WHERE active = :yes ORDER BY experimental DESC, code", {"yes": True}
        )
        return [(str(code), str(name)) for code, name in rows]

    def partner_choices(self) -> list[PartnerChoice]:
        """The partners a pilot can be made by (not offboarded), by name."""
        return partner_choices(self._db, offboarded=False)

    # --- writes --------------------------------------------------------------------------
    def create_pilot(self, data: PilotIn, *, today: dt.date, key: str | None = None) -> PilotRow:
        """Plan a new pilot, numbered PIL-<year>-NNNN.

        `key` (a uuid the caller chose before the first attempt) makes a retry return the pilot it stored
        instead of creating a second one.
        """
        with self._db.session() as session:
            again = created_before(session, Pilot, key)
            pilot_id = again.id if again is not None else self._insert(session, data, today, key)
        return self.get_pilot(pilot_id, today)

    def _insert(self, session: Session, data: PilotIn, today: dt.date, key: str | None) -> int:
        year = (data.starts_on or today).year
        pilot = Pilot(number=next_number(session, Pilot.number, "PIL", year))
        self._apply(session, pilot, data)
        if key is not None:
            pilot.uuid = key
        add_numbered(session, pilot)
        return pilot.id

    def update_pilot(
        self, pilot_id: int, data: PilotIn, *, today: dt.date, expected_version: int | None = None
    ) -> PilotRow:
        """Save the plan and counts (totals kept by daily sales entries cannot be typed over).

        `expected_version` is the `row_version` the editor loaded: when someone saved the pilot since,
        errors.StaleEdit (who, when) is raised and nothing is written. None overwrites.
        """
        save_versioned(
            self._db,
            load=lambda session: self._load(session, pilot_id),
            name=lambda row: f"Pilot {row.number}",
            expected=expected_version,
            save=lambda session, pilot: self._update_pilot(session, pilot, data),
        )
        return self.get_pilot(pilot_id, today)

    def _update_pilot(self, session: Session, pilot: Pilot, data: PilotIn) -> None:
        if self._has_sales(session, pilot.id) and (data.units_sold, data.units_returned) != (
            pilot.units_sold,
            pilot.units_returned,
        ):
            raise ValidationFailed.single(
                "units_sold", "this pilot counts its sales by day; add or remove daily sales instead"
            )
        self._apply(session, pilot, data)

    def delete_pilot(self, pilot_id: int) -> None:
        """Remove a pilot with its feedback and sales; its orders stay, untied."""
        with self._db.session() as session:
            session.delete(self._load(session, pilot_id))

    def add_feedback(self, pilot_id: int, data: FeedbackIn) -> None:
        """Log one customer's feedback."""
        with self._db.session() as session:
            self._load(session, pilot_id)
            session.add(PilotFeedback(pilot_id=pilot_id, **{**data.model_dump(), "channel": data.channel.value}))

    def delete_feedback(self, feedback_id: int) -> None:
        """Remove a feedback entry."""
        with self._db.session() as session:
            entry = existing(session, PilotFeedback, feedback_id, "Feedback")
            session.delete(entry)

    def add_sales(self, pilot_id: int, data: SalesIn) -> None:
        """Record a day's sales; the pilot's sold and returned totals and sold-out day follow the entries."""
        with self._db.session() as session:
            pilot = self._load(session, pilot_id)
            session.add(PilotSales(pilot_id=pilot_id, sold_on=data.sold_on, sold=data.sold, returned=data.returned))
            session.flush()
            self._sum_sales(session, pilot)

    def delete_sales(self, sales_id: int) -> None:
        """Remove a day's sales entry and recount the totals."""
        with self._db.session() as session:
            entry = existing(session, PilotSales, sales_id, "Sales entry")
            pilot = self._load(session, entry.pilot_id)
            session.delete(entry)
            session.flush()
            self._sum_sales(session, pilot)

    def decide(self, pilot_id: int, data: DecisionIn | None) -> None:
        """Record the decision with its reason and date (None reopens the pilot for a decision)."""
        with self._db.session() as session:
            pilot = self._load(session, pilot_id)
            pilot.decision = data.decision.value if data else None
            pilot.decision_reason = data.reason if data else ""
            pilot.decided_on = data.decided_on if data else None

    def tie_order(self, pilot_id: int, order_number: str) -> None:
        """Tie an order (by its number, any case) to the pilot."""
        with self._db.session() as session:
            self._load(session, pilot_id)
            order = session.scalar(
                select(PurchaseOrder).where(func.upper(PurchaseOrder.number) == order_number.strip().upper())
            )
            if order is None:
                raise ValidationFailed.single("order_number", f"there is no order {order_number.strip()!r}")
            order.pilot_id = pilot_id

    def untie_order(self, order_id: int) -> None:
        """Take an order off its pilot."""
        with self._db.session() as session:
            session.execute(update(PurchaseOrder).where(PurchaseOrder.id == order_id).values(pilot_id=None))

    # --- helpers -------------------------------------------------------------------------
    @staticmethod
    def _load(session: Session, pilot_id: int) -> Pilot:
        return existing(session, Pilot, pilot_id, "Pilot")

    @staticmethod
    def _has_sales(session: Session, pilot_id: int) -> bool:
        return session.scalar(select(PilotSales.id).where(PilotSales.pilot_id == pilot_id).limit(1)) is not None

    @staticmethod
    def _apply(session: Session, pilot: Pilot, data: PilotIn) -> None:
        sku = find_by_code(session, Sku, data.sku_code)
        if sku is None:
            raise ValidationFailed.single("sku_code", f"there is no SKU {data.sku_code!r}")
        partner = find_by_code(session, Partner, data.partner_code)
        if partner is None:
            raise ValidationFailed.single("partner_code", f"there is no partner {data.partner_code!r}")
        pilot.sku_id, pilot.partner_id, pilot.market_kind = sku.id, partner.id, data.market_kind.value
        for name in _PLAN_FIELDS:
            setattr(pilot, name, getattr(data, name))

    @staticmethod
    def _sum_sales(session: Session, pilot: Pilot) -> None:
        days = session.execute(
            select(PilotSales.sold_on, PilotSales.sold, PilotSales.returned)
            .where(PilotSales.pilot_id == pilot.id)
            .order_by(PilotSales.sold_on, PilotSales.id)
        ).all()
        sold = returned = 0
        sold_out: dt.date | None = None
        for day, day_sold, day_returned in days:
            sold, returned = sold + day_sold, returned + day_returned
            if sold_out is None and pilot.units_shipped and sold >= pilot.units_shipped:
                sold_out = day
        if sold > pilot.units_shipped:
            raise ValidationFailed.single("sold", f"the sales would exceed the {pilot.units_shipped} units shipped")
        if returned > sold:
            raise ValidationFailed.single("returned", "more units returned than sold")
        pilot.units_sold, pilot.units_returned, pilot.sold_out_on = sold, returned, sold_out
