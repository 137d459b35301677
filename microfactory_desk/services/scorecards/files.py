"""Scorecard files: one partner's PDF, a PDF per partner into a folder, and the portfolio overview."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from microfactory_desk import clock
from microfactory_desk.errors import DeskError, FileFormatError, ValidationFailed
from microfactory_desk.schemas.periods import Period
from microfactory_desk.schemas.scorecard import PartnerScorecard
from microfactory_desk.services.scorecards.service import Progress

if TYPE_CHECKING:
    from microfactory_desk.services.scorecards.service import ScorecardService

AUDIENCES = ("partner", "internal")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def check_pdf_path(path: Path, what: str = "a scorecard") -> Path:
    """A .pdf file name, or FileFormatError naming `what` was to be written, before anything is computed."""
    if Path(path).suffix.lower() != ".pdf":
        raise FileFormatError(f"Cannot write {what} to '{Path(path).name}': use a .pdf file name.")
    return Path(path)


def _audience(audience: str) -> str:
    if audience not in AUDIENCES:
        raise ValidationFailed.single("audience", f"'{audience}' is not one of {', '.join(AUDIENCES)}")
    return audience


def file_name(code: str, period: str, audience: str = "partner") -> str:
    """A portable file name for a partner's scorecard, e.g. scorecard-MF-0042-2026-Q3.pdf.

    The internal version (with negotiation notes) is named …-internal.pdf, so it is never mistaken for the partner's.
    """
    tail = "-internal" if audience == "internal" else ""
    return f"scorecard-{_UNSAFE.sub('_', code)}-{_UNSAFE.sub('_', period)}{tail}.pdf"


class ScorecardFiles:
    """Builds scorecards with ScorecardService and writes them with the PDF exporters (loaded on use)."""

    def __init__(self, *, scorecards: ScorecardService) -> None:
        self._scorecards = scorecards

    def export_scorecard(
        self, code: str, period: Period, path: Path, *, audience: str = "partner", today: dt.date | None = None
    ) -> Path:
        """One partner's scorecard PDF."""
        from microfactory_desk.exports.scorecard_pdf import write_scorecard_pdf

        check_pdf_path(path)
        card = self._scorecards.scorecard(code, period, audience=_audience(audience), today=today)
        return write_scorecard_pdf(card, path)

    def save_card(self, card: PartnerScorecard, path: Path, *, audience: str | None = None) -> Path:
        """The PDF of a scorecard already computed (the one on screen): no query, no recompute.

        A card computed for internal use is written for the partner with its internal notes left out.
        """
        from microfactory_desk.exports.scorecard_pdf import write_scorecard_pdf

        check_pdf_path(path)
        wanted = _audience(audience or card.audience)
        if wanted != card.audience:
            card = replace(card, audience=wanted, notes=card.notes if wanted == "internal" else ())
        return write_scorecard_pdf(card, path)

    def export_all(
        self,
        period: Period,
        folder: Path,
        *,
        audience: str = "partner",
        partner_ids: list[int] | None = None,
        today: dt.date | None = None,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> int:
        """A scorecard PDF per scored partner (or per partner in `partner_ids`) into `folder`, each file complete."""
        from microfactory_desk.exports.scorecard_pdf import write_scorecard_pdf

        audience = _audience(audience)  # refused before anything is recorded
        folder = Path(folder)
        if folder.exists() and not folder.is_dir():
            raise DeskError(f"{folder} is a file; name a folder for the scorecards.")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DeskError(f"Cannot create the folder {folder}: {exc.strerror or exc}") from exc
        count = 0
        today = today or clock.today()
        # The batch export is one of the explicit steps that record the period's snapshots; the cards are then
        # read without writing.
        _rows, known = self._scorecards.record_snapshots_scored(period, today=today, partner_ids=partner_ids)
        cards = self._scorecards.scorecards(
            period,
            known=known,
            audience=audience,
            partner_ids=partner_ids,
            today=today,
            progress=progress,
            cancelled=cancelled,
        )
        for card in cards:
            write_scorecard_pdf(card, folder / file_name(card.code, card.period))
            count += 1
        return count

    def export_portfolio(
        self,
        period: Period,
        path: Path,
        *,
        region: str = "",
        stage: str = "",
        partner_ids: Collection[int] | None = None,
        today: dt.date | None = None,
    ) -> int:
        """The ranked overview of every scored partner (only those in `partner_ids` when given: the list on screen,
        after its standing filter and search), best first; returns how many partners it lists."""
        from microfactory_desk.exports.portfolio_pdf import write_portfolio_pdf

        check_pdf_path(path, "the portfolio")
        today = today or clock.today()
        rows = self._scorecards.portfolio(period, region=region, stage=stage, today=today)
        if partner_ids is not None:
            wanted = set(partner_ids)
            rows = [row for row in rows if row.partner_id in wanted]
        write_portfolio_pdf(period.label, rows, today.isoformat(), path)
        return len(rows)
