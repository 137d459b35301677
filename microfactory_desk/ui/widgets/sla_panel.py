"""A partner's SLA versions: the one in force highlighted, drafts edited, proposed, agreed and compared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from microfactory_desk import clock
from microfactory_desk.paths import file_name_part
from microfactory_desk.schemas.sla import SlaVersionOut
from microfactory_desk.schemas.vocab import SlaStatus, label
from microfactory_desk.services.sla.terms import number
from microfactory_desk.ui import open_editors, theme
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.error_hook import show_failure
from microfactory_desk.ui.export_status import noting_unprintable, with_note
from microfactory_desk.ui.table_models.dict_rows_model import DictRowsModel, Row
from microfactory_desk.ui.tasks import run_task
from microfactory_desk.ui.widgets.list_table import select_row_on_focus, setup_columns

if TYPE_CHECKING:
    from microfactory_desk.services.sla.files import SlaFiles
    from microfactory_desk.services.sla.versions import SlaService

TERM_SHEETS = "PDF term sheet (*.pdf);;Excel term sheet (*.xlsx)"

COLUMNS = [("number", "Version"), ("status", "Status"), ("valid_from", "Valid from"), ("valid_until", "Valid until")]
COLUMNS += [("lead_time", "Lead time"), ("on_time", "On-time"), ("defects", "Defects"), ("tiers", "Price tiers")]


HINT = (
    "Agreeing a version puts it in force and supersedes the one agreed before; agreed versions are "
    "kept read-only. Select two versions to compare them."
)
EMPTY_HINT = (
    "No SLA with this partner yet. Start with New draft: lead time and its spread, on-time and defect targets, "
    "price tiers and quick-reorder terms. Propose it to the partner, then Agree it on the day both sides sign."
)


def version_row(version: SlaVersionOut, today: dt.date) -> Row:
    """One version as the versions table shows it."""
    lead = number(version.lead_time_target_days, " d")
    if version.lead_time_bound_days is not None:
        lead += f" · {version.lead_time_percentile} % ≤ {version.lead_time_bound_days} d"
    defects = " / ".join(
        filter(None, (number(version.defect_ceiling_pct, " %"), number(version.defect_ceiling_ppm, " ppm")))
    )
    in_force = version.is_current(today)
    return {
        "id": version.id,
        "in_force": in_force,
        "number": f"v{version.number}" + ("  (in force)" if in_force else ""),
        "status": label(version.status),
        "valid_from": str(version.valid_from or ""),
        "valid_until": str(version.valid_until or "open end" if version.valid_from else ""),
        "lead_time": lead.strip(" ·"),
        "on_time": number(version.on_time_target_pct, " %"),
        "defects": defects,
        "tiers": str(len(version.price_tiers) or ""),
    }


def _decorate(role: int, row: Row, key: str) -> Any:
    if not row.get("in_force"):
        return None
    if role == Qt.ItemDataRole.BackgroundRole:
        return theme.colour(theme.IN_FORCE_BG)
    if role == Qt.ItemDataRole.FontRole:
        font = QFont()
        font.setBold(True)
        return font
    return None


class SlaPanel(QWidget):
    """Lists and acts on one partner's SLA versions; every action is saved at once."""

    versions_loaded = Signal(list)

    def __init__(
        self,
        sla: SlaService,
        *,
        partner_id: int,
        suppliers: list[tuple[str, str]],
        on_changed: Callable[[], None] | None = None,
        files: SlaFiles | None = None,
        partner_code: str = "",
        parent: QWidget | None = None,
    ) -> None:
        """`files` and `partner_code` enable the term sheet export of a selected version."""
        super().__init__(parent)
        self._files, self._code = files, partner_code
        self._sla, self._partner_id, self._suppliers = sla, partner_id, suppliers
        self._on_changed = on_changed
        self.versions: list[SlaVersionOut] = []
        self.model = DictRowsModel(COLUMNS, decorate=_decorate)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, handler in (
            ("new", "New draft…", self.new_draft),
            ("open", "Open…", self.open_selected),
            ("propose", "Mark proposed", self.propose_selected),
            ("agree", "Agree…", self.agree_selected),
            ("compare", "Compare two…", self.compare_selected),
            ("sheet", "Term sheet…", self.export_term_sheet),
        ):
            button = QPushButton(text)
            button.clicked.connect(handler)
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.view = QTableView()
        self.view.setTabKeyNavigation(False)  # Tab goes on to the buttons instead of cell by cell
        select_row_on_focus(self.view)  # Agree… and Open… need a selected version
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # Lead time ("10 d, 90 % within 14 d") and defects ("0.5 % / 1000 ppm") need their width; tiers take the rest.
        widths = {0: 95, 1: 85, 2: 85, 3: 85, 4: 145, 5: 65, 6: 110, 7: 110}  # 780 px: no scrolling in the dialog
        setup_columns(self.view, widths, stretch=7)
        self.view.doubleClicked.connect(lambda _index: self.open_selected())
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        layout.addWidget(self.view, 1)
        self.hint = QLabel(HINT)
        self.hint.setWordWrap(True)
        theme.muted(self.hint)
        layout.addWidget(self.hint)
        self._update_buttons()

    # --- data ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the versions off the GUI thread."""
        sla, partner_id = self._sla, self._partner_id
        run_task(lambda: sla.list_versions(partner_id), self._show, self._failed)

    def _show(self, versions: list[SlaVersionOut]) -> None:
        self.versions = sorted(versions, key=lambda v: v.number, reverse=True)
        today = clock.today()
        self.model.set_rows([version_row(v, today) for v in self.versions])
        self.hint.setText(HINT if self.versions else EMPTY_HINT)
        self._update_buttons()
        self.versions_loaded.emit(self.versions)

    def _selected(self) -> list[SlaVersionOut]:
        rows = sorted(index.row() for index in self.view.selectionModel().selectedRows())
        return [self.versions[r] for r in rows if r < len(self.versions)]

    def _update_buttons(self) -> None:
        selected = self._selected()
        one = selected[0] if len(selected) == 1 else None
        self.buttons["open"].setEnabled(one is not None)
        self.buttons["propose"].setEnabled(one is not None and one.status == SlaStatus.DRAFT)
        self.buttons["agree"].setEnabled(one is not None and one.editable)
        self.buttons["compare"].setEnabled(len(selected) == 2)
        self.buttons["sheet"].setEnabled(one is not None and self._files is not None)
        self.buttons["sheet"].setVisible(self._files is not None)

    def _changed(self, _result: object = None) -> None:
        self.refresh()
        if self._on_changed is not None:
            self._on_changed()

    def _failed(self, exc: BaseException) -> None:
        show_failure(exc, self, title="SLA")

    # --- actions -------------------------------------------------------------------------
    def _editor(self, version: SlaVersionOut | None) -> None:
        from microfactory_desk.ui.dialogs.sla_version_dialog import SlaVersionDialog

        key = ("sla", version.id) if version is not None else None
        if not open_editors.claim(key):
            return  # its editor is open: now in front
        dialog = SlaVersionDialog(
            self._sla, partner_id=self._partner_id, version=version, suppliers=self._suppliers, parent=self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.version_saved.connect(self._changed)
        self.editor = dialog
        dialog.open()
        open_editors.opened(key, dialog)

    def new_draft(self) -> None:
        """Start a new draft (a copy of the newest version's terms when there is one)."""
        self._editor(None)
        if self.versions:
            from microfactory_desk.ui.dialogs.sla_version_dialog import form_values, tier_rows

            newest = form_values(self.versions[0])
            newest.update(valid_from=None, valid_until=None)
            self.editor.form.set_values(newest)
            self.editor.tiers.set_rows(tier_rows(self.versions[0]))
            self.editor.edit_guard.mark_clean()  # the copied terms are the starting point, not typing

    def open_selected(self) -> None:
        """Edit a draft or proposal; view any other version."""
        selected = self._selected()
        if len(selected) == 1:
            self._editor(selected[0])

    def propose_selected(self) -> None:
        """Mark the selected draft as proposed to the partner."""
        selected = self._selected()
        if len(selected) == 1:
            sla, version_id = self._sla, selected[0].id
            run_task(lambda: sla.propose(version_id), self._changed, self._failed)

    def agree_selected(self) -> None:
        """Agree the selected version on a date the user confirms."""
        selected = self._selected()
        if len(selected) != 1:
            return
        version = selected[0]
        start = version.valid_from or clock.today()
        on = messages.ask_date(
            self,
            f"Agree SLA version {version.number}",
            "Agreed on: the version comes into force on its valid-from date, or on this date "
            "if it has none, and supersedes the version agreed before it.",
            start,
        )
        if on is None:
            return
        sla = self._sla
        run_task(lambda: sla.agree(version.id, on=on), self._changed, self._failed)

    def export_term_sheet(self) -> None:
        """Save the selected version's term sheet as PDF or Excel (the file name's suffix decides)."""
        selected, files, code = self._selected(), self._files, self._code
        if len(selected) != 1 or files is None:
            return
        version = selected[0]
        start = f"SLA-{file_name_part(code)}-v{version.number}.pdf"  # a code may hold "/"
        title = f"Term sheet of SLA version {version.number}"
        path = messages.save_file(self, title, start, TERM_SHEETS, (".pdf", ".xlsx"))
        if not path:
            return
        run_task(
            noting_unprintable(lambda: files.export_term_sheet(code, Path(path), version.number, today=clock.today())),
            lambda done: messages.show_info(
                self, "Term sheet", with_note(f"Term sheet saved to {done.result}.", done.note)
            ),
            self._failed,
        )

    def compare_selected(self) -> None:
        """Show two selected versions side by side."""
        selected = self._selected()
        if len(selected) != 2:
            return
        older, newer = sorted(selected, key=lambda v: v.number)
        sla = self._sla

        def show(comparison: Any) -> None:
            from microfactory_desk.ui.dialogs.sla_compare_dialog import SlaCompareDialog

            dialog = SlaCompareDialog(comparison, (older.number, newer.number), parent=self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.compare_dialog = dialog
            dialog.open()

        run_task(lambda: sla.compare(older.id, newer.id), show, self._failed)
