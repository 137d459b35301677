"""SLA files: the one-page term sheet of a partner's SLA as PDF or Excel (writers loaded on use)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from microfactory_desk import clock
from microfactory_desk.errors import DeskError, FileFormatError, NotFound
from microfactory_desk.schemas.sla import PriceTierIn, SlaVersionOut
from microfactory_desk.schemas.term_sheet import TermSheet, TierRow
from microfactory_desk.schemas.vocab import SlaStatus, label
from microfactory_desk.services.sla.terms import money, number

if TYPE_CHECKING:
    from microfactory_desk.services.roster.partners import RosterService
    from microfactory_desk.services.sla.versions import SlaService

TERM_SHEET_SUFFIXES = (".pdf", ".xlsx")
MARKERS = {
    SlaStatus.DRAFT: "DRAFT — not agreed",
    SlaStatus.PROPOSED: "PROPOSED — not yet agreed",
    SlaStatus.SUPERSEDED: "SUPERSEDED — replaced by a later version",
    SlaStatus.EXPIRED: "EXPIRED — no longer in force",
}


def _days(value: int | None) -> str:
    if value is None:
        return ""
    return f"{value} day" if value == 1 else f"{value} days"


def _defect_ceiling(v: SlaVersionOut) -> str:
    return " / ".join(filter(None, (number(v.defect_ceiling_pct, " %"), number(v.defect_ceiling_ppm, " ppm"))))


def _quick_reorder(v: SlaVersionOut) -> str:
    """The quick-reorder terms for experimental SKUs in one line, or "" when the version sets none."""
    if v.reorder_window_days is None and v.max_reorder_qty is None and not v.price_held and not v.moq_waiver:
        return ""
    parts = []
    if v.reorder_window_days is not None:
        parts.append(f"reorder within {_days(v.reorder_window_days)}")
    if v.max_reorder_qty is not None:
        parts.append(f"up to {number(v.max_reorder_qty)} units")
    if v.price_held:
        parts.append(f"price held until {v.price_held_until}" if v.price_held_until else "price held")
    else:
        parts.append("price as per the tiers below")
    parts.append("minimum order waived" if v.moq_waiver else "minimum order applies")
    text = "; ".join(parts)
    return text[0].upper() + text[1:]


def term_rows(v: SlaVersionOut) -> list[tuple[str, str]]:
    """The terms the version sets, worded for the partner; terms left open are left out."""
    variability = ""
    if v.lead_time_bound_days is not None:
        variability = f"{v.lead_time_percentile} % of deliveries within {_days(v.lead_time_bound_days)}"
    fallback = f"{v.fallback_code} — {v.fallback_name}" if v.fallback_code and v.fallback_name else v.fallback_code
    rows = [
        ("Lead time target", _days(v.lead_time_target_days)),
        ("Lead-time variability", variability),
        ("On-time delivery target", number(v.on_time_target_pct, " %")),
        ("Defect ceiling", _defect_ceiling(v)),
        ("Quote response", f"within {_days(v.quote_response_days)}" if v.quote_response_days is not None else ""),
        ("Quick reorders (experimental SKUs)", _quick_reorder(v)),
        ("Fallback supplier", fallback or ""),
        ("Fallback trigger", v.fallback_trigger),
    ]
    return [(name, value) for name, value in rows if value]


def _tier_key(tier: PriceTierIn) -> tuple[bool, bool, str, int]:
    # General prices first, then categories, then single SKUs; each by its quantity breaks.
    kind, key = tier.scope
    return (kind != "all", kind == "sku", key, tier.min_qty)


def tier_rows(v: SlaVersionOut) -> list[TierRow]:
    """The price breaks in reading order."""
    return [
        TierRow(
            scope=t.scope_label[0].upper() + t.scope_label[1:],
            min_qty=t.min_qty,
            unit_price=t.unit_price,
            currency=t.currency,
            price_text=money(t.unit_price, t.currency),
        )
        for t in sorted(v.price_tiers, key=_tier_key)
    ]


def validity(v: SlaVersionOut) -> str:
    """The validity period as one phrase."""
    if v.valid_from is None:
        return f"until {v.valid_until}" if v.valid_until else "dates not set"
    if v.valid_until is None:
        return f"from {v.valid_from}, no end date"
    return f"{v.valid_from} to {v.valid_until}"


def _listing(versions: list[SlaVersionOut]) -> str:
    return ", ".join(f"{v.number} ({v.status.value})" for v in sorted(versions, key=lambda v: v.number))


def check_term_sheet_path(path: Path) -> str:
    """The suffix (.pdf or .xlsx) of a term-sheet file name, or FileFormatError naming the allowed ones."""
    suffix = Path(path).suffix.lower()
    if suffix not in TERM_SHEET_SUFFIXES:
        raise FileFormatError(f"Cannot write a term sheet to '{Path(path).name}': use a .pdf or .xlsx file name.")
    return suffix


class SlaFiles:
    """Turns a partner's SLA version into a term sheet and writes it as a file."""

    def __init__(self, *, roster: RosterService, sla: SlaService) -> None:
        self._roster = roster
        self._sla = sla

    def term_sheet(self, partner_code: str, version_number: int | None, today: dt.date) -> TermSheet:
        """The sheet of version N, or of the version in force today when N is None."""
        partner = self._roster.get_partner(self._roster.find_id(partner_code))
        if version_number is None:
            version = self._sla.version_in_force(partner.id, today)
            if version is None:
                versions = self._sla.list_versions(partner.id)
                if not versions:
                    raise NotFound(f"Partner {partner.code} has no SLA versions yet.")
                raise DeskError(
                    f"Partner {partner.code} has no SLA in force on {today}; use --version N; "
                    f"versions: {_listing(versions)}."
                )
        else:
            versions = self._sla.list_versions(partner.id)
            found = [v for v in versions if v.number == version_number]
            if not found:
                known = f"versions: {_listing(versions)}" if versions else "it has no SLA versions yet"
                raise NotFound(f"Partner {partner.code} has no SLA version {version_number}; {known}.")
            version = found[0]
        return TermSheet(
            partner_code=partner.code,
            partner_name=partner.name,
            city=partner.city,
            country=partner.country,
            version=version,
            status_label=label(version.status.value),
            validity=validity(version),
            marker=MARKERS.get(version.status, ""),
            terms=term_rows(version),
            tiers=tier_rows(version),
            clauses=version.clauses,
            generated_on=today,
        )

    def save_term_sheet(self, sheet: TermSheet, path: Path) -> Path:
        """Write the sheet as .pdf or .xlsx (chosen by the file name), replacing `path` only when complete."""
        suffix = check_term_sheet_path(path)
        from microfactory_desk.exports.sla_term_sheet import write_term_sheet_pdf, write_term_sheet_xlsx

        writer = write_term_sheet_pdf if suffix == ".pdf" else write_term_sheet_xlsx
        return writer(sheet, Path(path))

    def export_term_sheet(
        self, partner_code: str, path: Path, version_number: int | None = None, *, today: dt.date | None = None
    ) -> Path:
        """Build and write the term sheet of the SLA in force (or of version N)."""
        check_term_sheet_path(path)  # refuse a wrong file name before any work
        sheet = self.term_sheet(partner_code, version_number, today or clock.today())
        return self.save_term_sheet(sheet, path)
