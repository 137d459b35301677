"""The scorecards page: every partner's score, standing, trend and KPIs for a period, filtered by region and stage."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cached_property
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QWidget,
)

from microfactory_desk import clock
from microfactory_desk.schemas.portfolio_rows import STANDINGS
from microfactory_desk.ui import theme
from microfactory_desk.ui.pages import scorecard_recompute
from microfactory_desk.ui.pages.scorecard_files import ScorecardFileActions
from microfactory_desk.ui.pages.scorecard_recompute import ScoreRecompute
from microfactory_desk.ui.table_models.portfolio_model import COL_SCORE, PortfolioTableModel
from microfactory_desk.ui.tasks import LatestOnly, first_read_inline, run_task
from microfactory_desk.ui.widgets.empty_state import EmptyStateWidget
from microfactory_desk.ui.widgets.list_table import setup_columns
from microfactory_desk.ui.widgets.menu_items import add_item
from microfactory_desk.ui.widgets.page_header import page_header, page_layout
from microfactory_desk.wording import counted

if TYPE_CHECKING:
    from microfactory_desk.schemas.listing import ListPage, ListQuery
    from microfactory_desk.schemas.portfolio_rows import Freshness, PortfolioSummary, ScoreRow
    from microfactory_desk.schemas.scorecard import PartnerScorecard
    from microfactory_desk.services.scorecards.files import ScorecardFiles
    from microfactory_desk.services.scorecards.listing import PortfolioListing
    from microfactory_desk.services.scorecards.service import ScorecardService
    from microfactory_desk.services.telemetry.importing import DeliveryImport

STAGES = ("pilot", "approved", "paused", "qualifying", "prospect", "offboarded")


class ScorecardsPage(QWidget):
    """The portfolio of one period from stored scores, paged in SQL; a partner's scorecard opens on double-click.

    Stored scores older than the data are recomputed on a worker (`ScorecardService.record_snapshots`) and the
    page reloads when they are stored; the status line under the table says which scores are shown.
    """

    scorecard_loaded = Signal(object)
    settings_requested = Signal()

    def __init__(
        self,
        scorecards: Callable[[], ScorecardService],
        listing: Callable[[], PortfolioListing],
        files: Callable[[], ScorecardFiles],
        deliveries: Callable[[], DeliveryImport],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # Providers, not services: the ORM behind them loads only when the page is first shown.
        self._scorecards = scorecards
        self._listing = listing
        self.file_actions = ScorecardFileActions(self, files, deliveries)
        self.model = PortfolioTableModel()
        self.model.reloader = self._load_first_page
        self._loads = LatestOnly()
        self._states = LatestOnly()  # the counts and freshness that follow each first page
        self._recheck = True  # whether the next first page checks that the stored scores are current
        self._checked = ""  # the period last checked
        self._loaded_periods = False
        # The listing the region list came from: after File > Open database the list is the new file's.
        self._choices_from: PortfolioListing | None = None
        self.recompute = ScoreRecompute(scorecards, self._recomputed, self)
        self._requested = ""  # the period last asked for, so a repeated pick does not recompute
        self._build()

    def _build(self) -> None:
        layout = page_layout(self)
        header, self.count_label = page_header(layout, "Scorecards")
        self.import_button = QPushButton("Import deliveries…")
        self.import_button.setToolTip("A partner's delivery export (.csv or .xlsx): all rows or none")
        self.import_button.clicked.connect(self.file_actions.import_deliveries)
        self.settings_button = QPushButton("Weights and bands…")
        self.settings_button.setToolTip("How criteria are weighted and where each standing band starts")
        self.settings_button.clicked.connect(self.settings_requested.emit)
        header.addWidget(self.import_button)
        header.addWidget(self.settings_button)

        filters = QHBoxLayout()
        self.period = QComboBox()
        self.period.setMinimumWidth(100)
        # Editable: any month, quarter or range can be typed (2026-03, 2026-Q1, 2026-01-01..2026-02-15).
        self.period.setEditable(True)
        self.period.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.period.setToolTip("A month (2026-07), a quarter (2026-Q3) or a range (2026-01-01..2026-03-31)")
        self.region = QComboBox()
        self.region.addItem("All regions", "")
        self.region.setMinimumWidth(110)
        # Long region names must not widen the window once the list is loaded.
        self.region.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.region.setMinimumContentsLength(14)
        self.stage = QComboBox()
        self.stage.addItem("Any stage", "")
        for stage in STAGES:
            self.stage.addItem(stage.title(), stage)
        self.standing = QComboBox()
        self.standing.addItem("Any standing", "")
        for value in (*STANDINGS, "none"):
            self.standing.addItem(value.title() if value != "none" else "No data", value)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search name or code")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(140)
        self.search.textChanged.connect(self._filters_changed)
        combos = (("Period", self.period), ("Region", self.region), ("Stage", self.stage), ("Standing", self.standing))
        for label, combo in combos:
            caption = QLabel(label)
            theme.muted(caption)
            filters.addWidget(caption)
            filters.addWidget(combo)
            filters.addSpacing(4)
            combo.currentIndexChanged.connect(self._filters_changed)
        self.standings_label = QLabel()
        theme.muted(self.standings_label)
        self.standings_label.setWordWrap(True)
        # Stretching, so it takes the free room (and wraps only when the window is narrow).
        self.standings_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        filters.addWidget(self.search)
        filters.addWidget(self.standings_label, 1)
        layout.addLayout(filters)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)
        self.table.horizontalHeader().setSortIndicator(COL_SCORE, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(28)
        widths = (95, 175, 112, 70, 55, 165, 65, 70, 65, 70, 65, 80, 80, 90)  # "Strategic (provisional)" fits
        # Names keep their width; with a narrow window the table scrolls sideways instead of squeezing them.
        setup_columns(self.table, dict(enumerate(widths)), stretch=1)
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        layout.addWidget(self.stack, 1)

        buttons = QHBoxLayout()
        hint = QLabel("Double-click a partner to see how its score is made.")
        theme.muted(hint)
        hint.setWordWrap(True)  # gives way on narrow windows instead of widening them
        self.portfolio_button = QPushButton("Portfolio PDF…")
        self.portfolio_button.setToolTip("Save the ranked overview of this period as PDF")
        self.portfolio_button.clicked.connect(self.file_actions.export_portfolio)
        self.export_button = QPushButton("Scorecard PDF")
        self.export_button.setToolTip("Save the selected partner's scorecard as PDF: for the partner, or internal")
        menu = QMenu(self.export_button)
        self.partner_pdf_action = add_item(
            menu, "For the partner…", lambda: self.file_actions.export_selected("partner")
        )
        self.internal_pdf_action = add_item(
            menu, "Internal, with negotiation notes…", lambda: self.file_actions.export_selected("internal")
        )
        self.export_button.setMenu(menu)
        self.all_button = QPushButton("All scorecards…")
        self.all_button.setToolTip("A PDF scorecard for every partner listed, into a folder")
        self.all_button.clicked.connect(self.file_actions.export_all)
        self.open_button = QPushButton("Open scorecard")
        self.open_button.clicked.connect(lambda: self._open_index(self.table.currentIndex()))
        self.status_label = QLabel()
        theme.muted(self.status_label)
        buttons.addWidget(self.status_label)
        buttons.addWidget(hint, 1)
        for button in (self.portfolio_button, self.all_button, self.export_button, self.open_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self._update_buttons()

    @cached_property
    def empty(self) -> EmptyStateWidget:
        """Shown when no partner is scored for the period and filters."""
        empty = EmptyStateWidget(
            "No partner to score",
            "Scores come from deliveries, inspections and corrective actions of partners in the pilot, approved "
            "or paused stage. Import a partner's deliveries (microfactory-desk import deliveries) or load demo data.",
        )
        empty.finish()
        self.stack.addWidget(empty)
        return empty

    # --- loading ---------------------------------------------------------------------------
    def selected_period(self) -> str:
        """The period label chosen."""
        return str(self.period.currentText())

    def refresh(self, *, recheck: bool = True) -> None:
        """Show the first page of the chosen period's stored scores (read off the GUI thread but the window's
        first), then recompute them on a worker when they may be older than the data (checked when `recheck`
        or the period changed: a filter, search or sort alone reads the same stored scores)."""
        self._recheck = self._recheck or recheck
        if not self._loaded_periods or self._listing() is not self._choices_from:
            self._fill_choices()
            return
        from microfactory_desk.errors import ValidationFailed
        from microfactory_desk.schemas.periods import parse_period

        try:
            period = parse_period(self.selected_period())
        except ValidationFailed as exc:
            theme.mark_invalid(self.period, True)
            self.count_label.setText(exc.errors[0].message)
            return
        theme.mark_invalid(self.period, False)
        if period.label != self.selected_period():
            self.period.setEditText(period.label)  # typed as 2026-q3: shown as 2026-Q3
        self._requested = period.label
        filters = {"period": period.label, "region": self.region.currentData() or "", "stage": self.stage.currentData()
                   or "", "standing": self.standing.currentData() or ""}  # fmt: skip
        self.model.set_loader(self._listing().page)
        self.model.set_query(replace(self.model.query, search=self.search.text().strip(), filters=filters))

    def _load_first_page(self, query: ListQuery) -> None:
        listing, label = self._listing(), str(query.get("period"))

        def load() -> tuple[ListPage[ScoreRow], bool]:
            return listing.page(query), listing.has_scores(label)

        if not self.model.loaded and first_read_inline():
            # The window's first rows: one light read on the GUI thread costs less than a trip through the pool.
            self._show(query, *load(), delay_ms=scorecard_recompute.RECOMPUTE_DELAY_MS)
            return
        self._loads.run(load, lambda loaded: self._show(query, *loaded))

    def _fill_choices(self) -> None:
        """The periods at once (the calendar's, no read) and the rows of the chosen one; the database's regions
        from a worker, after the window's first paint (their DISTINCT over the partners was 1-4 ms of it)."""
        listing = self._listing()
        self._choices_loaded(listing.period_choices(clock.today()), listing)
        run_task(listing.regions, lambda regions: self._regions_loaded(regions, listing))

    def _regions_loaded(self, regions: list[str], listing: PortfolioListing) -> None:
        if listing is not self._listing():
            return  # read from a database since switched: that one's regions come too
        current = self.region.currentData()
        self.region.blockSignals(True)
        self.region.clear()
        self.region.addItem("All regions", "")
        for region in regions:
            self.region.addItem(region, region)
        self.region.setCurrentIndex(max(0, self.region.findData(current)))
        self.region.blockSignals(False)
        if self.region.currentData() != current:  # the chosen region is not in this database
            self.refresh(recheck=False)

    def _choices_loaded(self, periods: list[str], listing: PortfolioListing) -> None:
        first = not self._loaded_periods
        if first:  # another database has other regions, but the same periods: the one chosen stays
            self.period.blockSignals(True)
            self.period.clear()
            self.period.addItems(periods)
            self.period.blockSignals(False)
        line = self.period.lineEdit()
        if first:  # connected once: a second database reloads the regions only
            if line is not None:
                line.editingFinished.connect(self._period_typed)
            # Picking the listed period again after typing another one does not change the index.
            self.period.activated.connect(self._period_typed)
        self._loaded_periods = True
        self._choices_from = listing
        self.refresh()

    def _period_typed(self) -> None:
        if self.selected_period() != self._requested:
            self.refresh()

    def _filters_changed(self) -> None:
        if self._loaded_periods:
            self.refresh(recheck=False)

    def _show(self, query: ListQuery, page: ListPage[ScoreRow], stored: bool, delay_ms: int = 0) -> None:
        """The rows first; the counts over the filter and whether the scores are current come after, from a worker."""
        label = str(query.get("period"))
        if label != self.selected_period():
            return  # an older request answered after the period changed
        if stored or not page.total:  # no partner at all: the empty state says what to do while scores compute
            self._show_rows(query, page)
        else:  # nothing stored yet: the rows would all read "no data"; they come once the scores are computed
            self.count_label.setText(f"Computing the scores of {label}…")
        listing, today = self._listing(), clock.today()
        check = self._recheck or label != self._checked
        self._recheck, self._checked = False, label if check else self._checked

        def load_state() -> tuple[PortfolioSummary, Freshness | None]:
            return listing.summary(query), listing.freshness(label, today) if check else None

        def start() -> None:
            self._states.run(load_state, lambda state: self._show_state(query, page, stored, *state, delay_ms))

        # When the window opens, the counts wait like the recompute does, so the first paint has the machine.
        QTimer.singleShot(delay_ms, self, start) if delay_ms else start()

    def _show_rows(self, query: ListQuery, page: ListPage[ScoreRow]) -> None:
        self.model.show_page(query, page)
        short = counted(page.matching, "partner") if page.total else ""
        if not short or not self.count_label.text().startswith(short):  # the detail follows; a reload keeps it
            self.count_label.setText(short)
        filtered = bool(query.search) or any(query.get(k) for k in ("region", "stage", "standing"))
        self.stack.setCurrentWidget(self.table if page.total or filtered else self.empty)
        self._update_buttons()

    def _show_state(
        self, query: ListQuery, page: ListPage[ScoreRow], stored: bool, summary: PortfolioSummary,
        fresh: Freshness | None, delay_ms: int,
    ) -> None:  # fmt: skip
        label = str(query.get("period"))
        if label != self.selected_period():
            return
        due = fresh is not None and self.recompute.due(fresh)
        if not stored and due and fresh is not None:
            self.recompute.start(label, fresh, delay_ms)  # the reload when done shows the rows
            return
        if not stored:  # computed, and nobody had data: every partner listed reads "no data"
            self._show_rows(query, page)
        rows = summary.partners
        self.count_label.setText(
            f"{counted(rows, 'partner')}, {summary.scored:,} with data, {summary.breaching:,} breaching their SLA"
            if rows
            else ""
        )
        standings = " · ".join(f"{name.title()} {n}" for name, n in summary.standings.items())
        self.standings_label.setText(standings if rows else "")
        if fresh is None:
            return  # the stored scores were checked for this period already; the status line holds
        self.status_label.setText(self.recompute.status(label, fresh, starting=due))
        if due:  # shown first, recomputed behind them; the reload when done says "Scores up to date"
            self.recompute.start(label, fresh, delay_ms)

    def _recomputed(self, label: str) -> None:
        if label == self.selected_period():
            self._recheck = True  # the status line says the scores are now current
            self.model.reload()

    def _update_buttons(self) -> None:
        selected = self.table.currentIndex().isValid() and bool(self.table.selectionModel().selectedRows())
        self.open_button.setEnabled(selected)
        self.export_button.setEnabled(selected)
        self.portfolio_button.setEnabled(self.model.rowCount() > 0)
        self.all_button.setEnabled(self.model.rowCount() > 0)

    # --- actions ---------------------------------------------------------------------------
    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_scorecard(self.model.row(index.row()).code)

    def open_scorecard(self, code: str) -> None:
        """Compute the partner's scorecard off the GUI thread, then show it (this quarter before periods load)."""
        from microfactory_desk.schemas.periods import current_quarter, parse_period

        period = parse_period(self.selected_period() or current_quarter(clock.today()).label)
        service = self._scorecards()
        run_task(lambda: service.scorecard(code, period, audience="internal"), self._scorecard_ready)

    def _scorecard_ready(self, card: PartnerScorecard) -> None:
        from microfactory_desk.ui.dialogs.scorecard_dialog import ScorecardDialog

        self.scorecard_loaded.emit(card)
        dialog = ScorecardDialog(card, self, save_pdf=self.file_actions.export_card)
        dialog.open()

    # --- what the file actions read ------------------------------------------------------
    def selected_row(self) -> ScoreRow | None:
        """The partner row selected, if any."""
        index = self.table.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def filters(self) -> tuple[str, str]:
        """The region and stage filtered on ("" for all)."""
        return str(self.region.currentData() or ""), str(self.stage.currentData() or "")

    def listed_partner_ids(self) -> list[int]:
        """Every partner the filter lists, in table order (also those on pages not loaded yet)."""
        return self._listing().partner_ids(self.model.query)
