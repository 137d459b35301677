"""Checklist templates: shipped ones installed as an explicit step, versioned edits, JSON export and import."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from microfactory_desk.db import Database
from microfactory_desk.errors import FileFormatError, ValidationFailed
from microfactory_desk.models import ChecklistTemplate, Inspection, TemplateItem, TemplateSection
from microfactory_desk.paths import resource_path
from microfactory_desk.schemas.quality_template import (
    TemplateIn,
    TemplateItemOut,
    TemplateOut,
    TemplateRow,
    TemplateSectionOut,
    as_input,
    parse_template_json,
    template_json,
)
from microfactory_desk.services.common.records import existing, save_versioned, touch

MAX_TEMPLATE_FILE_BYTES = 2_000_000


def shipped_templates() -> list[TemplateIn]:
    """The templates shipped in resources/templates, validated (a bad file is a bug and says which)."""
    folder = resource_path("templates")
    return [parse_template_json(p.read_text(encoding="utf-8"), p.name) for p in sorted(folder.glob("*.json"))]


def install_shipped(session: Session) -> int:
    """Add each shipped template whose key the database does not know yet; returns how many were added."""
    known = set(session.scalars(select(ChecklistTemplate.key).distinct()))
    added = 0
    for template in shipped_templates():
        if template.key not in known:
            write_template(session, template, version=1)
            added += 1
    return added


def write_template(session: Session, data: TemplateIn, *, version: int) -> ChecklistTemplate:
    """A new template row with its sections and items, in the caller's transaction."""
    template = ChecklistTemplate(
        key=data.key,
        version=version,
        name=data.name,
        description=data.description,
        pass_threshold_pct=data.pass_threshold_pct,
        is_current=True,
    )
    _fill(template, data)
    session.add(template)
    session.flush()
    return template


def _fill(template: ChecklistTemplate, data: TemplateIn) -> None:
    template.sections = [
        TemplateSection(
            position=s_pos,
            title=section.title,
            items=[
                TemplateItem(
                    position=i_pos,
                    prompt=item.prompt,
                    kind=item.kind.value,
                    weight=item.weight,
                    critical=item.critical,
                    guidance=item.guidance,
                    nominal=item.nominal,
                    tolerance=item.tolerance,
                    unit=item.unit,
                    choices="\n".join(item.choices),
                    passing_choices="\n".join(item.passing_choices),
                )
                for i_pos, item in enumerate(section.items)
            ],
        )
        for s_pos, section in enumerate(data.sections)
    ]


def _template_name(template: ChecklistTemplate) -> str:
    return f"Checklist template {template.name} (version {template.version})"


def template_out(session: Session, template_id: int) -> TemplateOut:
    """The DTO of one stored version with its sections and items."""
    # Sections and their items in two queries, not one per section.
    template = existing(
        session,
        ChecklistTemplate,
        template_id,
        "Checklist template",
        options=[selectinload(ChecklistTemplate.sections).selectinload(TemplateSection.items)],
    )
    in_use = session.scalar(select(func.count()).where(Inspection.template_id == template.id)) or 0
    sections = [
        TemplateSectionOut(
            id=s.id,
            title=s.title,
            items=[
                TemplateItemOut(
                    id=i.id,
                    prompt=i.prompt,
                    kind=i.kind,
                    weight=i.weight,
                    critical=i.critical,
                    guidance=i.guidance,
                    nominal=i.nominal,
                    tolerance=i.tolerance,
                    unit=i.unit,
                    choices=i.choices,
                    passing_choices=i.passing_choices,
                )
                for i in s.items
            ],
        )
        for s in template.sections
    ]
    return TemplateOut(
        id=template.id,
        key=template.key,
        version=template.version,
        name=template.name,
        description=template.description,
        pass_threshold_pct=template.pass_threshold_pct,
        is_current=template.is_current,
        in_use=in_use,
        sections=sections,
        row_version=template.row_version,
        updated_by=template.updated_by,
    )


_LIST = (
    "SELECT t.id, t.key, t.version, t.name, t.is_current,"
    " (SELECT COUNT(*) FROM template_item i JOIN template_section s ON s.id = i.section_id"
    "  WHERE s.template_id = t.id),"
    " (SELECT COUNT(*) FROM inspection n WHERE n.template_id = t.id)"
    " FROM checklist_template t{where} ORDER BY t.is_current DESC, t.name, t.key, t.version DESC"
)


class TemplateService:
    """Reads, writes, exports and imports checklist templates; every write is one transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def ensure_shipped(self) -> int:
        """Install the shipped templates the database lacks, in one transaction; how many were added.

        An explicit step, never a side effect of a read: the window's start-of-day chores and the CLI's
        `templates install` call it (the demo installs them in its own transaction).
        """
        with self._db.session() as session:
            return install_shipped(session)

    def list_templates(self, *, include_old: bool = False) -> list[TemplateRow]:
        """Current versions (or every version), by name; reads only (see `ensure_shipped`)."""
        where = "" if include_old else " WHERE t.is_current = :yes"
        rows = self._db.read(_LIST.format(where=where), {"yes": True})
        return [TemplateRow(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6]) for r in rows]

    def get_template(self, template_id: int) -> TemplateOut:
        """One version with its items."""
        with self._db.session() as session:
            return template_out(session, template_id)

    def create_template(self, data: TemplateIn) -> TemplateOut:
        """A new template (version 1) under a key not used yet."""
        with self._db.session() as session:
            if session.scalar(select(ChecklistTemplate.id).where(ChecklistTemplate.key == data.key).limit(1)):
                raise ValidationFailed.single("key", f"a template with the key '{data.key}' exists already")
            template = write_template(session, data, version=1)
            return template_out(session, template.id)

    def save_template(self, template_id: int, data: TemplateIn, *, expected_version: int | None = None) -> TemplateOut:
        """Save edits: in place while no inspection used this version, else as a new current version.

        `expected_version` is the `row_version` the editor loaded: when someone saved this version (or saved a
        newer version of the template) since, errors.StaleEdit (who, when) is raised and nothing is written.
        None overwrites.
        """
        return save_versioned(
            self._db,
            load=lambda session: existing(session, ChecklistTemplate, template_id, "Checklist template"),
            name=_template_name,
            expected=expected_version,
            save=lambda session, template: self._save_template(session, template, data),
        )

    def _save_template(self, session: Session, template: ChecklistTemplate, data: TemplateIn) -> TemplateOut:
        if not template.is_current:
            raise ValidationFailed.single("version", "only the current version of a template can be edited")
        if data.key != template.key:
            raise ValidationFailed.single("key", "the key of a saved template cannot change")
        used = session.scalar(select(func.count()).where(Inspection.template_id == template.id)) or 0
        if used:
            return template_out(session, self._new_version(session, data).id)
        template.name, template.description = data.name, data.description
        template.pass_threshold_pct = data.pass_threshold_pct
        template.sections.clear()
        session.flush()  # old items go before the new ones take their positions
        _fill(template, data)
        touch(template)  # the template's counter covers its sections and items too
        session.flush()
        return template_out(session, template.id)

    @staticmethod
    def _new_version(session: Session, data: TemplateIn) -> ChecklistTemplate:
        newest = session.scalar(select(func.max(ChecklistTemplate.version)).where(ChecklistTemplate.key == data.key))
        # The old current version's counter moves on too: an editor still open on it is stale now.
        session.execute(
            update(ChecklistTemplate)
            .where(ChecklistTemplate.key == data.key, ChecklistTemplate.is_current)
            .values(is_current=False, row_version=ChecklistTemplate.row_version + 1)
            .execution_options(synchronize_session=False)
        )
        return write_template(session, data, version=(newest or 0) + 1)

    def export_json(self, template_id: int, path: Path) -> Path:
        """Write a version as a JSON template file (written whole or not at all).

        Raises FileFormatError for a name not ending in .json (as every other export refuses a wrong suffix).
        """
        from microfactory_desk.exports.atomic import atomic_output

        if Path(path).suffix.lower() != ".json":
            raise FileFormatError(f"Cannot write a checklist template to '{Path(path).name}': use a .json file name.")
        template = self.get_template(template_id)
        with atomic_output(Path(path)) as tmp:
            tmp.write_text(template_json(template), encoding="utf-8")
        return Path(path)

    def import_json(self, path: Path) -> TemplateOut:
        """Add a template file: a new template, or a new current version of the template with its key."""
        path = Path(path)
        try:
            if path.stat().st_size > MAX_TEMPLATE_FILE_BYTES:
                raise FileFormatError(f"{path.name} is too large for a checklist template (over 2 MB).")
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise FileFormatError(f"No file at {path}.") from None
        except UnicodeDecodeError:
            raise FileFormatError(f"{path.name} is not a UTF-8 text file.") from None
        data = parse_template_json(text, path.name)
        with self._db.session() as session:
            current = session.scalar(
                select(ChecklistTemplate.id).where(ChecklistTemplate.key == data.key, ChecklistTemplate.is_current)
            )
            if current is not None:
                stored = template_out(session, current)
                if as_input(stored).model_dump(exclude={"version"}) == data.model_dump(exclude={"version"}):
                    return stored  # the same checklist again: no new version
            template = self._new_version(session, data) if current else write_template(session, data, version=1)
            return template_out(session, template.id)
