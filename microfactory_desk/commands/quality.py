"""Commands of the quality area: inspection reports, the inspection list and checklist template files."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from microfactory_desk.commands.context import services_for
from microfactory_desk.wording import counted

INSTALL_HINT = "`microfactory-desk templates install` adds the ones shipped with the app"


def register(commands: Any, imports: Any, exports: Any) -> None:
    """Add this area's commands and import/export kinds; each parser sets its handler with set_defaults(run=...)."""
    report = exports.add_parser(
        "inspection",
        help="inspection report PDF to hand to the factory",
        description="Write the report of one inspection (header, score, answers, photos, corrective actions).",
    )
    report.add_argument("number", metavar="NUMBER", help="the inspection number as shown, e.g. INS-2026-0007")
    report.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf", help="where to write the PDF")
    report.set_defaults(run=_export_inspection)

    template_out = exports.add_parser("template", help="a checklist template as a JSON file")
    template_out.add_argument("key", metavar="KEY", help="the template key, e.g. batch-release-check")
    template_out.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.json")
    template_out.add_argument("--version", type=int, metavar="N", help="version number (default: the current one)")
    template_out.set_defaults(run=_export_template)

    template_in = imports.add_parser(
        "template", help="a checklist template from JSON (a known key becomes its new version)"
    )
    template_in.add_argument("file", type=Path, help="FILE.json")
    template_in.set_defaults(run=_import_template)

    inspections = commands.add_parser("inspections", help="list inspections")
    actions = inspections.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="inspections, newest first")
    listing.add_argument("--status", choices=("in_progress", "finished"), help="only this status")
    listing.add_argument("--partner", metavar="CODE", help="only this partner's")
    listing.add_argument("--limit", type=int, default=200, help="at most this many (default 200)")
    listing.set_defaults(run=_list_inspections)

    templates = commands.add_parser("templates", help="list checklist templates, install the shipped ones")
    templates_actions = templates.add_subparsers(dest="action", metavar="ACTION", required=True)
    templates_list = templates_actions.add_parser("list", help="current template versions")
    templates_list.add_argument("--all", action="store_true", help="include older versions")
    templates_list.set_defaults(run=_list_templates)
    templates_install = templates_actions.add_parser(
        "install",
        help="add the checklists shipped with the app that the database lacks",
        description="Add the shipped checklist templates the database does not have yet (creates the database "
        "file if needed); templates already there are left as they are. The window does this when it starts.",
    )
    templates_install.set_defaults(run=_install_templates)


def _export_inspection(args: argparse.Namespace, location: str) -> int:
    from microfactory_desk.services.quality.report import check_report_path

    check_report_path(args.output)  # a wrong file name is refused before the database is touched
    out = services_for(location).inspection_reports.export_pdf(args.number, args.output)
    print(f"Inspection report {args.number.strip().upper()} written to {out}.")
    return 0


def _list_inspections(args: argparse.Namespace, location: str) -> int:
    from microfactory_desk.schemas.quality import fmt_pct

    services = services_for(location)
    partner_id = services.roster.find_id(args.partner) if args.partner else None
    rows = services.inspections.list_inspections(status=args.status, partner_id=partner_id, limit=args.limit)
    if not rows:
        print("No inspections.")
        return 0
    print(f"{'Number':<15} {'Date':<10}  {'Status':<11} {'Score':>8}  {'Outcome':<8} {'Partner':<30} Checklist")
    for r in rows:
        status = "finished" if r.status == "finished" else "in progress"
        print(
            f"{r.number:<15} {r.inspected_on}  {status:<11} {fmt_pct(r.score_pct):>8}  {(r.outcome or ''):<8} "
            f"{_partner_cell(r.partner_name, r.partner_code):<30} {r.template_name} v{r.template_version}"
        )
    return 0


def _partner_cell(name: str, code: str, width: int = 30) -> str:
    """The partner as "Name (CODE)" in `width` characters: a long name is cut with "…", the code stays whole."""
    whole = f"{name} ({code})"
    if len(whole) <= width:
        return whole
    room = max(width - len(code) - 4, 1)  # " (", ")" and the ellipsis
    return f"{name[:room].rstrip()}… ({code})"


def _list_templates(args: argparse.Namespace, location: str) -> int:
    # A listing reads only: it creates no database file and installs nothing (see `templates install`).
    rows = services_for(location).templates.list_templates(include_old=args.all)
    if not rows:
        print(f"No checklist templates; {INSTALL_HINT}.")
        return 0
    for r in rows:
        mark = "" if r.is_current else " (old)"
        print(
            f"{r.key:<32} v{r.version:<3} {counted(r.items, 'item'):>9} {counted(r.in_use, 'inspection'):>17}  {r.name}{mark}"
        )
    return 0


def _install_templates(args: argparse.Namespace, location: str) -> int:
    added = services_for(location, create=True).templates.ensure_shipped()
    if added:
        print(f"Installed {counted(added, 'shipped checklist template')}.")
    else:
        print("Every shipped checklist template is installed already.")
    return 0


def _export_template(args: argparse.Namespace, location: str) -> int:
    from microfactory_desk.errors import NotFound

    service = services_for(location).templates
    rows = [r for r in service.list_templates(include_old=True) if r.key == args.key.strip().lower()]
    chosen = [r for r in rows if (r.version == args.version if args.version else r.is_current)]
    if not chosen:
        known = ", ".join(sorted({r.key for r in service.list_templates()}))
        known_text = f"known: {known}" if known else f"the database has none; {INSTALL_HINT}"
        raise NotFound(f"No template '{args.key}'{f' version {args.version}' if args.version else ''}; {known_text}.")
    out = service.export_json(chosen[0].id, args.output)
    print(f"Template {chosen[0].key} version {chosen[0].version} written to {out}.")
    return 0


def _import_template(args: argparse.Namespace, location: str) -> int:
    template = services_for(location, create=True).templates.import_json(args.file)
    print(f"Imported template {template.key} as version {template.version} ({counted(len(template.items()), 'item')}).")
    return 0
