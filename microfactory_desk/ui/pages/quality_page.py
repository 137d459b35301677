"""The Quality page: inspections to run or resume, corrective actions to follow, checklist templates to keep."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from microfactory_desk import clock
from microfactory_desk.ui import open_editors, tasks, theme
from microfactory_desk.ui.error_hook import show_failure
from microfactory_desk.ui.pages.quality_files import QualityFiles
from microfactory_desk.ui.table_models.quality_models import (
    ActionsTableModel,
    InspectionsTableModel,
    TemplatesTableModel,
)
from microfactory_desk.ui.tasks import LatestOnly, SearchLoader, first_read_inline, run_task
from microfactory_desk.ui.widgets.empty_state import EmptyStateWidget
from microfactory_desk.ui.widgets.list_table import list_table
from microfactory_desk.ui.widgets.page_header import page_header, page_layout
from microfactory_desk.wording import counted

if TYPE_CHECKING:
    from microfactory_desk.schemas.listing import ListPage, ListQuery
    from microfactory_desk.schemas.roster_rows import PartnerChoice
    from microfactory_desk.services.quality.actions import ActionService
    from microfactory_desk.services.quality.inspections import InspectionService
    from microfactory_desk.services.quality.listing import QualityListing
    from microfactory_desk.services.quality.photos import PhotoService
    from microfactory_desk.services.quality.report import InspectionReports
    from microfactory_desk.services.quality.templates import TemplateService

INSPECTION_FILTERS = (("All inspections", None), ("In progress", "in_progress"), ("Finished", "finished"))
ACTION_FILTERS = (("Open", "open"), ("Overdue", "overdue"), ("Verified closed", "closed"), ("All actions", None))


def _table(model: QAbstractItemModel, widths: tuple[int, ...], stretch: int | tuple[int, ...]) -> QTableView:
    return list_table(model, dict(enumerate(widths)), stretch=stretch)


class QualityPage(QWidget):
    """Three tabs over the quality services; dialogs open from here and the lists reload after them."""

    def __init__(
        self,
        *,
        templates: Callable[[], TemplateService],
        inspections: Callable[[], InspectionService],
        photos: Callable[[], PhotoService],
        actions: Callable[[], ActionService],
        reports: Callable[[], InspectionReports],
        listing: Callable[[], QualityListing],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # Providers, not the services: the lists read light SQL; the ORM behind the others loads when first used.
        self._templates, self._inspections, self._photos = templates, inspections, photos
        self._actions, self._reports, self._listing = actions, reports, listing
        self.inspection_model = InspectionsTableModel()
        self.inspection_model.reloader = self._load_inspections
        self._inspection_loads = SearchLoader(self, self.refresh)
        self._action_searches = SearchLoader(self, self.refresh)
        self.action_model = ActionsTableModel()
        self.action_model.reloader = self._load_actions
        self._action_loads = LatestOnly()
        self.template_model = TemplatesTableModel()
        self.runner: Any = None
        self.files = QualityFiles(self)
        self._built = False

    def templates_service(self) -> TemplateService:
        """The template service (built on first use)."""
        return self._templates()

    def reports_service(self) -> InspectionReports:
        """The inspection report service (built on first use)."""
        return self._reports()

    def showEvent(self, event: QShowEvent) -> None:
        """Build the widgets the first time the page is shown: the window opens without paying for them."""
        self._ensure_built()
        super().showEvent(event)

    def _ensure_built(self) -> None:
        if not self._built:
            self._built = True
            self._build()

    def _build(self) -> None:
        layout = page_layout(self)
        header, self.count_label = page_header(layout, "Quality")
        self.new_button = QPushButton("New inspection…")
        theme.primary(self.new_button)
        self.new_button.clicked.connect(lambda: self.new_inspection())
        header.addWidget(self.new_button)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._inspections_tab(), "Inspections")
        # The tabs behind the first are built into these places after the window's first paint (_build_later_tabs).
        self._later_tabs: dict[int, Callable[[], QWidget]] = {1: self._actions_tab, 2: self._templates_tab}
        for title in ("Corrective actions", "Checklist templates"):
            place = QWidget()
            QVBoxLayout(place).setContentsMargins(0, 0, 0, 0)
            self.tabs.addTab(place, title)
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        layout.addWidget(self.tabs, 1)
        tasks.after_first_paint(self._build_later_tabs)

    def _build_later_tabs(self) -> None:
        """The corrective actions and checklist templates tabs, in their places: after the window's first paint when
        it opens on this page (at once otherwise, or when one is chosen first). Nobody sees them in that paint."""
        later, self._later_tabs = self._later_tabs, {}
        for index, build in later.items():
            place = self.tabs.widget(index)
            box = place.layout() if place is not None else None
            assert box is not None
            box.addWidget(build())

    def _bar(self, *widgets: QWidget, hint: str = "") -> QHBoxLayout:
        bar = QHBoxLayout()
        if hint:
            label = QLabel(hint)
            theme.muted(label)
            label.setWordWrap(True)  # a long hint must not widen the window
            bar.addWidget(label, 1)
        else:
            bar.addStretch(1)
        for widget in widgets:
            bar.addWidget(widget)
        return bar

    @staticmethod
    def _needs_selection(view: QTableView, *buttons: QPushButton) -> None:
        """Enable `buttons` only while a row of `view` is selected."""

        def update(*_args: object) -> None:
            chosen = view.selectionModel().hasSelection()
            for button in buttons:
                button.setEnabled(chosen)

        view.selectionModel().selectionChanged.connect(update)
        view.model().modelReset.connect(update)
        update()

    def _button(self, text: str, handler: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(handler)
        return button

    def _inspections_tab(self) -> QWidget:
        tab = QWidget()
        box = QVBoxLayout(tab)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find by number, partner name or code…")
        self.search.setClearButtonEnabled(True)
        self._inspection_loads.watch(self.search)
        self.inspection_filter = QComboBox()
        for text, value in INSPECTION_FILTERS:
            self.inspection_filter.addItem(text, value)
        self.inspection_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        filters.addWidget(self.search, 3)
        filters.addWidget(self.inspection_filter, 1)
        box.addLayout(filters)
        self.inspection_view = _table(self.inspection_model, (115, 88, 240, 210, 115, 105, 70, 70), (2, 3))
        self.inspection_view.doubleClicked.connect(self._open_inspection_index)
        self.inspection_view.activated.connect(self._open_inspection_index)
        self.inspection_stack = QStackedWidget()
        self.inspection_stack.addWidget(self.inspection_view)
        self.inspection_empty = EmptyStateWidget(
            "No inspections here yet",
            "Start an inspection for a partner from one of the checklist templates. Each answer is saved "
            "the moment it is given, so an unfinished inspection can be resumed at any time.",
        )
        self.inspection_empty.add_action("New inspection…", lambda: self.new_inspection(), primary=True)
        self.inspection_empty.finish()
        self.inspection_stack.addWidget(self.inspection_empty)
        box.addWidget(self.inspection_stack, 1)
        self.open_button = self._button(
            "Open / resume", lambda: self._open_inspection_index(self.inspection_view.currentIndex())
        )
        self.report_button = self._button("Report PDF…", self.files.save_report)
        # Buttons about "the selected inspection" wait for one to be selected instead of doing nothing.
        self._needs_selection(self.inspection_view, self.open_button, self.report_button)
        box.addLayout(self._bar(self.report_button, self.open_button, hint="Double-click or Enter opens the runner."))
        return tab

    def _actions_tab(self) -> QWidget:
        tab = QWidget()
        box = QVBoxLayout(tab)
        filters = QHBoxLayout()
        self.action_filter = QComboBox()
        for text, value in ACTION_FILTERS:
            self.action_filter.addItem(text, value)
        self.action_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.action_search = QLineEdit()
        self.action_search.setPlaceholderText("Find by action or inspection number, partner name or code…")
        self.action_search.setClearButtonEnabled(True)
        self._action_searches.watch(self.action_search)
        self.action_partner = QComboBox()
        self.action_partner.addItem("All partners", None)
        self.action_partner.currentIndexChanged.connect(lambda _i: self.refresh())
        filters.addWidget(self.action_search, 3)
        filters.addWidget(self.action_partner, 2)
        filters.addWidget(self.action_filter, 1)
        box.addLayout(filters)
        self.action_view = _table(self.action_model, (115, 90, 125, 210, 240, 110, 75, 100), (3, 4))
        self.action_view.doubleClicked.connect(self._open_action_index)
        self.action_view.activated.connect(self._open_action_index)
        box.addWidget(self.action_view, 1)
        edit = self._button("Follow up…", lambda: self._open_action_index(self.action_view.currentIndex()))
        self._needs_selection(self.action_view, edit)
        box.addLayout(self._bar(edit, hint="Raise actions from a failed item in the inspection runner."))
        return tab

    def _templates_tab(self) -> QWidget:
        tab = QWidget()
        box = QVBoxLayout(tab)
        self.template_view = _table(self.template_model, (320, 90, 70, 100, 240), 0)
        self.template_view.doubleClicked.connect(lambda _i: self.edit_template())
        box.addWidget(self.template_view, 1)
        buttons = (
            self._button("Import JSON…", self.files.import_template),
            self._button("Export JSON…", self.files.export_template),
            self._button("New template…", lambda: self.edit_template(new=True)),
            self._button("Edit…", self.edit_template),
        )
        hint = "Editing a version that inspections used saves a new version; old inspections keep theirs."
        box.addLayout(self._bar(*buttons, hint=hint))
        return tab

    # --- loading -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the first page of the tab in front, read off the GUI thread (later pages load on scroll)."""
        self._ensure_built()
        tab = self.tabs.currentIndex()
        if tab in self._later_tabs:
            self._build_later_tabs()
        if tab == 0:
            model = self.inspection_model
            model.set_loader(self._listing().inspection_page)
            status = self.inspection_filter.currentData()
            model.set_query(replace(model.query, search=self.search.text(), filters={"status": status}))
        elif tab == 1:
            actions = self.action_model
            actions.set_loader(self._listing().action_page)
            if self.action_partner.count() == 1:  # partners to filter by, loaded with the first list
                run_task(self._inspections().partner_choices, self._show_action_partners)
            filters = {
                "status": self.action_filter.currentData(),
                "partner_id": self.action_partner.currentData(),
                "today": clock.today(),
            }
            actions.set_query(replace(actions.query, search=self.action_search.text(), filters=filters))
        else:
            templates = self._templates()
            run_task(lambda: templates.list_templates(include_old=True), self._show_templates)

    def _load_inspections(self, query: ListQuery) -> None:
        listing = self._listing()
        if not self.inspection_model.loaded and first_read_inline():
            # The page's first rows come with the window: one light read (like the roster's) costs less than a trip
            # through the thread pool on a busy machine. Later loads (filters, keystrokes) stay off the GUI thread.
            self._show_inspections(query, listing.inspection_page(query), listing.inspections_in_progress(query))
            return
        self._inspection_loads.run(
            lambda: (listing.inspection_page(query), listing.inspections_in_progress(query)),
            lambda loaded: self._show_inspections(query, *loaded),
        )

    def _load_actions(self, query: ListQuery) -> None:
        listing = self._listing()
        self._action_loads.run(
            lambda: (listing.action_page(query), listing.actions_overdue(query)),
            lambda loaded: self._show_actions(query, *loaded),
        )

    def _show_inspections(self, query: ListQuery, page: ListPage[Any], running: int) -> None:
        self.inspection_model.show_page(query, page)
        searching = bool(self.search.text().strip()) or self.inspection_filter.currentIndex() > 0
        shown = page.matching > 0 or searching
        self.inspection_stack.setCurrentWidget(self.inspection_view if shown else self.inspection_empty)
        text = f"{counted(page.matching, 'inspection', at_least=page.capped)}, {running:,} in progress"
        self.count_label.setText(text if page.matching else "No inspections yet")

    def _show_actions(self, query: ListQuery, page: ListPage[Any], overdue: int) -> None:
        self.action_model.show_page(query, page)
        text = f"{counted(page.matching, 'action', at_least=page.capped)}, {overdue:,} overdue"
        self.count_label.setText(text if page.matching else "No actions in this list")

    def _show_action_partners(self, partners: list[PartnerChoice]) -> None:
        if self.action_partner.count() == 1:
            for partner in partners:
                self.action_partner.addItem(partner.label, partner.id)

    def _action_saved(self, action_id: int) -> None:
        self.refresh()
        status = getattr(self.window(), "statusBar", None)
        if callable(status):
            status().showMessage("Corrective action saved", 6000)

    def _show_templates(self, rows: list[Any]) -> None:
        self.template_model.set_rows(rows)
        self.count_label.setText(f"{sum(1 for r in rows if r.is_current)} checklists")

    # --- inspections ---------------------------------------------------------------------
    def new_inspection(self, partner_id: int | None = None) -> None:
        """Pick partner and checklist, then open the runner on the new inspection."""
        self._ensure_built()
        inspections, template_service = self._inspections(), self._templates()

        def show(loaded: tuple[Any, Any]) -> None:
            from microfactory_desk.ui.dialogs.start_inspection_dialog import StartInspectionDialog

            partners, templates = loaded
            dialog = StartInspectionDialog(inspections, partners, templates, partner_id=partner_id, parent=self)
            dialog.inspection_started.connect(self.open_runner)
            self.start_dialog = dialog
            dialog.open()

        run_task(lambda: (inspections.partner_choices(), template_service.list_templates()), show)

    def _open_inspection_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_inspection(self.inspection_model.row(index.row()).id)

    def open_inspection(self, inspection_id: int) -> None:
        """Load an inspection and show it in the runner."""
        inspections = self._inspections()
        open_editors.open_once(
            ("inspection", inspection_id), lambda: inspections.get(inspection_id), self.open_runner, self._failed
        )

    def open_runner(self, inspection: Any) -> QWidget:
        """The runner on a loaded inspection."""
        from microfactory_desk.ui.dialogs.inspection_runner import InspectionRunnerDialog

        self.refresh()
        runner = InspectionRunnerDialog(
            inspection,
            inspections=self._inspections(),
            photos=self._photos(),
            actions=self._actions(),
            reports=self._reports(),
            parent=self,
        )
        runner.finished.connect(lambda _r: self.refresh())
        self.runner = runner
        runner.open()
        open_editors.opened(("inspection", inspection.id), runner)  # a new inspection comes here directly
        return runner

    # --- actions -------------------------------------------------------------------------
    def _open_action_index(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        actions, photos = self._actions(), self._photos()
        action_id = self.action_model.row(index.row()).id

        def show(action: Any) -> QWidget:
            from microfactory_desk.ui.dialogs.corrective_action_dialog import CorrectiveActionDialog

            dialog = CorrectiveActionDialog(actions=actions, photos=photos, action=action, parent=self)
            dialog.action_saved.connect(self._action_saved)
            self.action_dialog = dialog
            dialog.open()
            return dialog

        open_editors.open_once(("action", action_id), lambda: actions.get_action(action_id), show, self._failed)

    # --- templates -----------------------------------------------------------------------
    def selected_template(self) -> Any:
        """The template row selected in the templates tab, or None."""
        index = self.template_view.currentIndex()
        return self.template_model.row(index.row()) if index.isValid() else None

    def edit_template(self, new: bool = False) -> None:
        """Open the template editor on the selected version (or on a blank template)."""
        from microfactory_desk.ui.dialogs.template_editor_dialog import TemplateEditorDialog

        templates = self._templates()
        row = None if new else self.selected_template()
        if not new and row is None:
            return

        def show(template: Any) -> QWidget:
            dialog = TemplateEditorDialog(templates, template, parent=self)
            dialog.template_saved.connect(lambda _id: self.refresh())
            self.template_dialog = dialog
            dialog.open()
            return dialog

        if row is None:
            show(None)
        else:
            open_editors.open_once(("template", row.id), lambda: templates.get_template(row.id), show, self._failed)

    def _failed(self, exc: BaseException) -> None:
        show_failure(exc, self, title="Quality")
