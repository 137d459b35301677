"""The scorecards page's file work: scorecard and portfolio PDFs, every scorecard into a folder, delivery imports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.export_status import noting_unprintable, with_note
from microfactory_desk.ui.long_task import LongTask
from microfactory_desk.ui.tasks import run_task
from microfactory_desk.wording import counted

if TYPE_CHECKING:
    from microfactory_desk.schemas.scorecard import PartnerScorecard
    from microfactory_desk.services.scorecards.files import ScorecardFiles
    from microfactory_desk.services.telemetry.importing import DeliveryImport
    from microfactory_desk.ui.pages.scorecards_page import ScorecardsPage

PDF_FILTER = "PDF files (*.pdf)"
# Two explicit choices, asked before the file name (a Yes/No after it sent notes to a partner by one wrong click).
AUDIENCE_TITLES = {
    "partner": "Scorecard for the partner (no internal notes)",
    "internal": "Internal scorecard (with negotiation notes)",
}


class ScorecardFileActions(QObject):
    """Asks where to read or write, then runs the work as a LongTask (progress, Cancel, one failure path)."""

    def __init__(
        self,
        page: ScorecardsPage,
        files: Callable[[], ScorecardFiles],
        deliveries: Callable[[], DeliveryImport],
    ) -> None:
        super().__init__(page)
        self._page = page
        # Providers, not services: the ORM behind them loads only when the page is first used.
        self._files = files
        self._deliveries = deliveries
        self.task: LongTask | None = None  # the long job running now

    def _long_task(self, text: str, *, step_text: str = "") -> LongTask:
        self.task = LongTask(self._page, text, step_text=step_text, title="Scorecards")
        return self.task

    def _status(self, text: str) -> None:
        window = self._page.window()
        status = getattr(window, "statusBar", None)
        if callable(status):
            status().showMessage(text, 8000)

    def export_selected(self, audience: str = "partner") -> None:
        """Save the selected partner's scorecard as PDF for `audience` ("partner", or "internal" with notes)."""
        from microfactory_desk.schemas.periods import parse_period
        from microfactory_desk.services.scorecards.files import file_name

        page = self._page
        row = page.selected_row()
        if row is None:
            return
        title = AUDIENCE_TITLES[audience]
        path = messages.save_file(
            page, title, file_name(row.code, page.selected_period(), audience), PDF_FILTER, (".pdf",)
        )
        if not path:
            return
        period, files = parse_period(page.selected_period()), self._files()
        self._long_task("Writing the scorecard…").run(
            noting_unprintable(lambda: files.export_scorecard(row.code, period, Path(path), audience=audience)),
            lambda done: self._status(with_note(f"Scorecard saved to {done.result}.", done.note)),
        )

    def export_card(self, card: PartnerScorecard, audience: str = "partner") -> None:
        """Save the scorecard on screen as PDF for `audience`, as it was computed (no second computation)."""
        from microfactory_desk.services.scorecards.files import file_name

        page = self._page
        name = file_name(card.code, card.period, audience)
        path = messages.save_file(page, AUDIENCE_TITLES[audience], name, PDF_FILTER, (".pdf",))
        if not path:
            return
        files = self._files()
        self._long_task("Writing the scorecard…").run(
            noting_unprintable(lambda: files.save_card(card, Path(path), audience=audience)),
            lambda done: self._status(with_note(f"Scorecard saved to {done.result}.", done.note)),
        )

    def export_portfolio(self) -> None:
        """Save the ranked overview of the period as PDF: the partners the page lists, best first."""
        from microfactory_desk.schemas.periods import parse_period

        page = self._page
        label = page.selected_period()
        path = messages.save_file(page, "Export portfolio", f"portfolio-{label}.pdf", PDF_FILTER, (".pdf",))
        if not path:
            return
        period, files = parse_period(label), self._files()
        region, stage = page.filters()
        listed = page.listed_partner_ids()  # the list as shown: its standing filter and search too
        self._long_task("Writing the portfolio…").run(
            noting_unprintable(
                lambda: files.export_portfolio(period, Path(path), region=region, stage=stage, partner_ids=listed)
            ),
            lambda done: self._status(
                with_note(f"Portfolio of {counted(done.result, 'partner')} saved to {path}.", done.note)
            ),
        )

    def export_all(self) -> None:
        """Write every listed partner's scorecard into a folder, with progress and Cancel."""
        from microfactory_desk.schemas.periods import parse_period

        page = self._page
        folder = messages.choose_folder(page, "Folder for the scorecards", "")
        if not folder:
            return
        period, files = parse_period(page.selected_period()), self._files()
        listed = page.listed_partner_ids()
        task = self._long_task("Writing scorecards…", step_text="Writing scorecards… {done} of {total}")
        task.run(
            noting_unprintable(
                lambda: files.export_all(
                    period, Path(folder), partner_ids=listed, progress=task.advance, cancelled=task.cancelled.is_set
                )
            ),
            lambda done: self._status(
                with_note(f"{counted(done.result, 'scorecard')} for {period.label} saved to {folder}.", done.note)
            ),
        )

    def import_deliveries(self) -> None:
        """Import a partner's delivery file with its remembered column mapping, then rescore."""
        page = self._page
        path = messages.open_path(page, "Import deliveries", "", "Delivery files (*.csv *.xlsx);;All files (*)")
        if not path:
            return
        selected = page.selected_row()
        default = selected.code if selected is not None else ""
        service = self._deliveries()
        run_task(service.partner_choices, lambda partners: self._import_for(path, partners, default))

    def _import_for(self, path: str, partners: list[Any], default: str) -> None:
        question = "Whose deliveries are these? Type part of the partner's name or code."
        code = messages.choose_partner(self._page, "Import deliveries", question, partners, default)
        if not code:
            return
        service, partner = self._deliveries(), code.strip()
        from microfactory_desk.ui.dialogs.import_preview_dialog import preview_import

        chosen = preview_import(
            self._page,
            f"Import deliveries of {partner}",
            lambda mapping, order, decimal: service.preview(
                Path(path), partner, mapping=mapping, date_order=order, decimal=decimal
            ),
        )
        if chosen is None:
            return
        mapping, order, decimal = chosen
        task = self._long_task("Importing deliveries…")
        task.run(
            lambda: service.import_file(
                Path(path), partner, mapping=mapping, date_order=order, decimal=decimal, cancelled=task.cancelled.is_set
            ),
            self._deliveries_imported,
            refused=("Import refused", "Fix the file and import it again."),
        )

    def _deliveries_imported(self, summary: Any) -> None:
        text = f"{summary.added} added, {summary.updated} updated, {summary.unchanged} unchanged."
        warnings = "\n".join(summary.warnings)
        messages.show_info(
            self._page, "Deliveries imported", text + (f"\n\nPlease check:\n{warnings}" if warnings else "")
        )
        self._page.refresh()
