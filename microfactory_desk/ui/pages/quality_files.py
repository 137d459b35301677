"""The Quality page's file commands: the inspection report PDF and checklist templates as JSON, in and out."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.export_status import noting_unprintable, with_note
from microfactory_desk.ui.long_task import LongTask

if TYPE_CHECKING:
    from microfactory_desk.ui.pages.quality_page import QualityPage

JSON_FILTER = "Checklist template (*.json);;All files (*)"


class QualityFiles:
    """Writes and reads the files of one Quality page; results show in the page's count line or a message."""

    def __init__(self, page: QualityPage) -> None:
        self._page = page

    def save_report(self) -> None:
        """Write the selected inspection's report PDF (naming characters no bundled font could print)."""
        page = self._page
        index = page.inspection_view.currentIndex()
        if not index.isValid():
            return
        number = page.inspection_model.row(index.row()).number
        path = messages.save_file(
            page, "Inspection report", str(Path.home() / f"{number}.pdf"), "PDF (*.pdf)", (".pdf",)
        )
        if not path:
            return
        reports = page.reports_service()
        LongTask(page, "Writing the report…", cancellable=False, title="Quality").run(
            noting_unprintable(lambda: reports.export_pdf(number, Path(path))),
            lambda done: page.count_label.setText(with_note(f"Report written to {done.result}", done.note)),
        )

    def import_template(self) -> None:
        """Add a template from a JSON file (a known key becomes its next version)."""
        page = self._page
        path = messages.open_path(page, "Import checklist template", str(Path.home()), JSON_FILTER)
        if not path:
            return
        templates = page.templates_service()

        def done(template: Any) -> None:
            page.refresh()
            messages.show_info(page, "Template imported", f"{template.name}: version {template.version} is current.")

        LongTask(page, "Importing the template…", cancellable=False, title="Quality").run(
            lambda: templates.import_json(Path(path)), done
        )

    def export_template(self) -> None:
        """Write the selected template version as JSON."""
        page = self._page
        row = page.selected_template()
        if row is None:
            return
        start = str(Path.home() / f"{row.key}-v{row.version}.json")
        path = messages.save_file(page, "Export checklist template", start, JSON_FILTER, (".json",))
        if not path:
            return
        templates = page.templates_service()
        LongTask(page, "Writing the template…", cancellable=False, title="Quality").run(
            lambda: templates.export_json(row.id, Path(path)),
            lambda out: page.count_label.setText(f"Written to {out}"),
        )
