"""The checklist template editor: sections and items in a tree, the selected one in a form, saved as a version."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from microfactory_desk.errors import ValidationFailed
from microfactory_desk.schemas.field_labels import field_label
from microfactory_desk.schemas.quality_template import TemplateIn, TemplateOut, as_input, validate_template
from microfactory_desk.schemas.quality_vocab import KIND_LABELS
from microfactory_desk.services.quality.templates import TemplateService
from microfactory_desk.ui import theme
from microfactory_desk.ui.dialogs import messages
from microfactory_desk.ui.dialogs.edit_guard import EditorDialog
from microfactory_desk.ui.dialogs.form_errors import OnStale, reloaded_text, save_form
from microfactory_desk.ui.widgets.field_form import FieldForm, FieldSpec
from microfactory_desk.wording import counted

HEADER_FIELDS = [
    [FieldSpec("name", "Checklist name"), FieldSpec("key", "Key", hint="e.g. batch-release-check")],
    [
        FieldSpec("pass_threshold_pct", "Pass threshold %", hint="80"),
        FieldSpec("description", "Description", "block", height=46),
    ],
]
# The fields only some answer types use, by type (the others hide them).
KIND_FIELDS = {"measurement": ("nominal", "tolerance", "unit"), "choice": ("choices", "passing_choices")}
KIND_FIELDS_USED = {name for names in KIND_FIELDS.values() for name in names}
ITEM_FIELDS = [
    [
        FieldSpec("prompt", "What to check", "block", height=58),
        FieldSpec(
            "kind", "Answer type", "combo", items=tuple((text, kind.value) for kind, text in KIND_LABELS.items())
        ),
        FieldSpec("weight", "Weight", hint="1"),
        FieldSpec("critical", "", "check", hint="Critical: a fail here fails the inspection"),
        FieldSpec("guidance", "Guidance for the inspector", "block", height=58),
    ],
    [
        FieldSpec("nominal", "Nominal (measurement)"),
        FieldSpec("tolerance", "Tolerance ± (measurement)"),
        FieldSpec("unit", "Unit (measurement)", hint="mm, g, pcs…"),
        FieldSpec("choices", "Options (choice), one a line", "block", height=58),
        FieldSpec("passing_choices", "Options that pass, one a line", "block", height=46),
    ],
]
_PATH = re.compile(r"^sections\[(\d+)\](?:\.items\[(\d+)\])?\.?(.*)$")


def _blank_item() -> dict[str, Any]:
    return {"prompt": "", "kind": "pass_fail", "weight": "1", "critical": False, "guidance": ""}


def _as_form(item: dict[str, Any]) -> dict[str, Any]:
    values = {k: ("\n".join(v) if isinstance(v, list) else v) for k, v in item.items()}
    for name in ("weight", "nominal", "tolerance", "pass_threshold_pct"):
        value = values.get(name)
        if value is not None and not isinstance(value, str):
            values[name] = f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"
    return values


class TemplateEditorDialog(EditorDialog):
    """Edits one template; Save validates the whole checklist and names the item at fault."""

    template_saved = Signal(int)

    def __init__(self, templates: TemplateService, template: TemplateOut | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._templates = templates
        self._template = template
        if template is not None:
            data = as_input(template).model_dump()
            self._sections: list[dict[str, Any]] = data["sections"]
            header = {k: data[k] for k in ("name", "key", "pass_threshold_pct", "description")}
        else:
            self._sections = [{"title": "General", "items": [_blank_item()]}]
            header = {"pass_threshold_pct": "80"}
        self._current: tuple[int, int | None] | None = None
        self.setWindowTitle(
            f"Checklist template — {template.name} v{template.version}" if template else "New checklist template"
        )
        self._build(template)
        self.header_form.set_values(_as_form(header))
        self._fill_tree()
        self.resize(1100, 720)

    def _build(self, template: TemplateOut | None) -> None:
        layout = QVBoxLayout(self)
        if template is not None:
            note = (
                f"Version {template.version} was used by {counted(template.in_use, 'inspection')}: saving creates version "
                f"{template.version + 1}; those inspections keep version {template.version}."
                if template.in_use
                else f"Version {template.version} is not used by any inspection yet: it is edited in place."
            )
            info = QLabel(note)
            info.setWordWrap(True)
            info.setStyleSheet(f"background: {theme.WARNING_BG}; padding: 6px; border-radius: 4px;")
            layout.addWidget(info)
        self.header_form = FieldForm(HEADER_FIELDS)
        key_editor = self.header_form.editors["key"]
        if template is not None and hasattr(key_editor, "setReadOnly"):
            key_editor.setReadOnly(True)
        layout.addWidget(self.header_form)
        body = QHBoxLayout()
        left = QVBoxLayout()
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setMinimumWidth(330)
        self.tree.currentItemChanged.connect(self._selected)
        left.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        for text, handler in (
            ("+ Section", self.add_section),
            ("+ Item", self.add_item),
            ("Remove", self.remove),
            ("▲", lambda: self.move_selected(-1)),
            ("▼", lambda: self.move_selected(1)),
        ):
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(handler)
            buttons.addWidget(button)
        left.addLayout(buttons)
        body.addLayout(left)
        self.stack = QStackedWidget()
        self.section_form = FieldForm([[FieldSpec("title", "Section title")]])
        self.item_form = FieldForm(ITEM_FIELDS)
        kind = self.item_form.editors["kind"]
        assert isinstance(kind, QComboBox)
        kind.currentIndexChanged.connect(lambda _i: self._show_fields_for_kind())
        self.stack.addWidget(self.section_form)
        self.stack.addWidget(self.item_form)
        body.addWidget(self.stack, 1)
        layout.addLayout(body, 1)
        self.error = QLabel()
        theme.error(self.error)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = box.button(QDialogButtonBox.StandardButton.Save)
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        layout.addWidget(box)

    # --- tree ----------------------------------------------------------------------------
    def _fill_tree(self, select: tuple[int, int | None] = (0, None)) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        chosen = None
        for s_pos, section in enumerate(self._sections):
            node = QTreeWidgetItem([section["title"] or "(untitled section)"])
            node.setData(0, Qt.ItemDataRole.UserRole, (s_pos, None))
            font = node.font(0)
            font.setBold(True)
            node.setFont(0, font)
            self.tree.addTopLevelItem(node)
            if (s_pos, None) == select:
                chosen = node
            for i_pos, item in enumerate(section["items"]):
                mark = " ‼" if item.get("critical") else ""
                child = QTreeWidgetItem([f"{item['prompt'] or '(new item)'}{mark}"])
                child.setData(0, Qt.ItemDataRole.UserRole, (s_pos, i_pos))
                node.addChild(child)
                if (s_pos, i_pos) == select:
                    chosen = child
        self.tree.expandAll()
        self.tree.blockSignals(False)
        self._current = None
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
            self._load(chosen.data(0, Qt.ItemDataRole.UserRole))

    def _commit(self) -> None:
        """Keep what the form shows in the checklist being edited."""
        if self._current is None:
            return
        s_pos, i_pos = self._current
        if not 0 <= s_pos < len(self._sections):
            return
        if i_pos is None:
            self._sections[s_pos]["title"] = self.section_form.values()["title"]
        elif i_pos < len(self._sections[s_pos]["items"]):
            self._sections[s_pos]["items"][i_pos] = self.item_form.values()

    def _show_fields_for_kind(self) -> None:
        """Only the fields the chosen answer type uses: no tolerance on a pass/fail item, no options on a measurement."""
        kind = self.item_form.values()["kind"]
        for name, box in self.item_form.boxes.items():
            if name in KIND_FIELDS_USED:
                box.setVisible(name in KIND_FIELDS.get(kind, ()))

    def _load(self, where: tuple[int, int | None]) -> None:
        s_pos, i_pos = where
        self._current = where
        if i_pos is None:
            self.section_form.set_values(self._sections[s_pos])
            self.stack.setCurrentWidget(self.section_form)
        else:
            self.item_form.set_values(_as_form(self._sections[s_pos]["items"][i_pos]))
            self._show_fields_for_kind()
            self.stack.setCurrentWidget(self.item_form)

    def _selected(self, node: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        self._commit()
        if node is not None:
            self._load(node.data(0, Qt.ItemDataRole.UserRole))
            self._relabel()

    def _relabel(self) -> None:
        for s_pos, section in enumerate(self._sections):
            node = self.tree.topLevelItem(s_pos)
            if node is None:
                continue
            node.setText(0, section["title"] or "(untitled section)")
            for i_pos, item in enumerate(section["items"]):
                child = node.child(i_pos)
                if child is not None:
                    child.setText(0, f"{item['prompt'] or '(new item)'}{' ‼' if item.get('critical') else ''}")

    def add_section(self) -> None:
        """A new section with one blank item, at the end."""
        self._commit()
        self._sections.append({"title": "New section", "items": [_blank_item()]})
        self._fill_tree((len(self._sections) - 1, None))

    def add_item(self) -> None:
        """A blank item after the selected one (or at the end of the selected section)."""
        self._commit()
        s_pos, i_pos = self._current or (len(self._sections) - 1, None)
        items = self._sections[s_pos]["items"]
        at = len(items) if i_pos is None else i_pos + 1
        items.insert(at, _blank_item())
        self._fill_tree((s_pos, at))

    def remove(self) -> None:
        """Delete the selected item or section."""
        if self._current is None:
            return
        s_pos, i_pos = self._current
        if i_pos is None:
            if len(self._sections) == 1:
                return
            del self._sections[s_pos]
            self._fill_tree((max(0, s_pos - 1), None))
        else:
            del self._sections[s_pos]["items"][i_pos]
            self._fill_tree((s_pos, None) if not self._sections[s_pos]["items"] else (s_pos, max(0, i_pos - 1)))

    def move_selected(self, step: int) -> None:
        """Move the selected item or section up (-1) or down (+1)."""
        self._commit()
        if self._current is None:
            return
        s_pos, i_pos = self._current
        rows: list[Any] = self._sections if i_pos is None else self._sections[s_pos]["items"]
        at = s_pos if i_pos is None else i_pos
        to = at + step
        if not 0 <= to < len(rows):
            return
        rows[at], rows[to] = rows[to], rows[at]
        self._fill_tree((to, None) if i_pos is None else (s_pos, to))

    # --- saving --------------------------------------------------------------------------
    def raw_values(self) -> dict[str, Any]:
        """The whole checklist as typed."""
        self._commit()
        header = self.header_form.values()
        sections = [
            {
                "title": s["title"],
                "items": [
                    {k: (None if v == "" and k in ("nominal", "tolerance") else v) for k, v in i.items()}
                    for i in s["items"]
                ],
            }
            for s in self._sections
        ]
        version = self._template.version if self._template is not None else None  # shown beside theirs on a conflict
        return {**header, "version": version, "sections": sections}

    def save(self) -> None:
        """Validate and save (a new version when the current one is used)."""
        templates, template = self._templates, self._template

        def store(data: TemplateIn) -> TemplateOut:
            if template is None:
                return templates.create_template(data)
            # The counter this editor loaded: a template someone saved (or gave a new version) since is refused.
            return templates.save_template(template.id, data, expected_version=template.row_version)

        def theirs() -> TemplateOut:
            assert template is not None
            current = [row.id for row in templates.list_templates() if row.key == template.key]
            return templates.get_template(current[0] if current else template.id)

        save_form(
            self,
            parse=lambda: validate_template(self.raw_values()),
            store=store,
            saved=self._saved,
            button=self.save_button,
            title="Template not saved",
            show_errors=self._show_errors,
            on_stale=OnStale(theirs, self._reload, self._overwrite) if template else None,
        )

    def _reload(self, saved: TemplateOut) -> None:
        """Show the template's current version as someone else saved it; the typed edits are dropped."""
        self._template = saved
        data = as_input(saved).model_dump()
        self._sections, self._current = data["sections"], None
        self.header_form.set_values(
            _as_form({k: data[k] for k in ("name", "key", "pass_threshold_pct", "description")})
        )
        self._fill_tree()
        self.setWindowTitle(f"Checklist template — {saved.name} v{saved.version}")
        self.edit_guard.mark_clean()
        self.error.setText(reloaded_text(saved.updated_by))
        self.error.show()

    def _overwrite(self, saved: TemplateOut) -> None:
        self._template = saved  # its counter: the next save replaces exactly the version just shown
        self.save()

    def _show_errors(self, exc: ValidationFailed) -> None:
        header: dict[str, str] = {}
        lines = []
        first: tuple[int, int | None, str] | None = None
        for error in exc.errors:
            match = _PATH.match(error.field)
            if match is None:
                header[error.field] = error.message
                continue
            s_pos, i_pos, field = int(match[1]), (int(match[2]) if match[2] else None), match[3] or "items"
            where = f"Section {s_pos + 1}" + (f", item {i_pos + 1}" if i_pos is not None else "")
            lines.append(f"{where}, {field_label(field)}: {error.message}")
            first = first or (s_pos, i_pos, field)
        lines += self.header_form.show_errors(header)
        self.error.setText("\n".join(lines))
        self.error.setVisible(bool(lines))
        if first is not None and first[0] < len(self._sections):
            self._fill_tree((first[0], first[1]))
            form = self.section_form if first[1] is None else self.item_form
            form.show_errors({first[2]: next(e.message for e in exc.errors if e.field.endswith(first[2]))})

    def _saved(self, template: TemplateOut) -> None:
        self.template_saved.emit(template.id)
        if self._template is not None and template.id != self._template.id:
            messages.show_info(self, "New version saved", f"{template.name} is now at version {template.version}.")
        self.accept()
