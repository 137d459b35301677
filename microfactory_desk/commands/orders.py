"""Commands of the orders area: order sheets, confirmations, order JSON, the flat export, contract schemas."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from microfactory_desk import clock
from microfactory_desk.commands.context import services_for
from microfactory_desk.schemas.order_vocab import OrderStatus
from microfactory_desk.wording import counted

if TYPE_CHECKING:
    from microfactory_desk.services.orders.files import OrderFiles

# Every status an order can be in, partially_received too (deliveries set it): a list of its own went stale.
STATUSES = tuple(status.value for status in OrderStatus)


def register(commands: Any, imports: Any, exports: Any) -> None:
    """Add this area's commands and import/export kinds; each parser sets its handler with set_defaults(run=...)."""
    sheet = exports.add_parser(
        "order-sheet",
        help="print-ready Excel order sheet for the partner to confirm",
        description="Write the order's Excel sheet; the partner fills in the yellow columns and sends it back.",
    )
    sheet.add_argument("number", metavar="PO_NUMBER", help="e.g. PO-2026-0042 (any case)")
    sheet.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.xlsx")
    sheet.set_defaults(run=_export_sheet)

    flat = exports.add_parser("orders", help="every order line in one flat table (.xlsx or .csv)")
    flat.add_argument("--status", choices=STATUSES, help="only orders in this status")
    flat.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="FILE.xlsx or FILE.csv")
    flat.set_defaults(run=_export_flat)

    as_json = exports.add_parser("order-json", help="one order as JSON following `schema order`")
    as_json.add_argument("number", metavar="PO_NUMBER")
    as_json.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.json")
    as_json.set_defaults(run=_export_json)

    confirmation = imports.add_parser(
        "order-confirmation",
        help="a partner's confirmation (returned order sheet or JSON); all or nothing",
        description="Read the returned order sheet (.xlsx) or a JSON confirmation and mark the order confirmed.",
    )
    confirmation.add_argument("file", type=Path, help="FILE.xlsx or FILE.json")
    confirmation.add_argument("--order", metavar="PO_NUMBER", help="refuse the file unless it answers this order")
    confirmation.set_defaults(run=_import_confirmation)

    schema = commands.add_parser("schema", help="print a published JSON Schema (order, order-confirmation)")
    schema.add_argument("kind", choices=("order", "order-confirmation"))
    schema.set_defaults(run=_schema)

    listing = commands.add_parser("orders", help="list orders with their totals")
    listing.add_argument("--status", choices=STATUSES, help="only orders in this status")
    listing.set_defaults(run=_list)


def _files(location: str) -> OrderFiles:
    return services_for(location).order_files


def _export_sheet(args: argparse.Namespace, location: str) -> int:
    from microfactory_desk.errors import FileFormatError

    if args.output.suffix.lower() != ".xlsx":
        raise FileFormatError(f"Cannot write an order sheet to '{args.output.name}': use a .xlsx file name.")
    order = _files(location).export_sheet(args.number, args.output)
    print(f"Order sheet of {order.number} ({counted(len(order.lines), 'line')}) written to {args.output}.")
    return 0


def _export_flat(args: argparse.Namespace, location: str) -> int:
    from microfactory_desk.exports.orders_flat import check_flat_path

    check_flat_path(args.output)
    count = _files(location).export_flat(args.output, status=args.status or "")
    print(f"Exported {counted(count, 'order line')} to {args.output}.")
    return 0


def _export_json(args: argparse.Namespace, location: str) -> int:
    order = _files(location).export_json(args.number, args.output)
    print(f"{order.number} written to {args.output} (schema microfactory-desk/order@1).")
    return 0


def _import_confirmation(args: argparse.Namespace, location: str) -> int:
    services = services_for(location, create=True)
    files = services.order_files
    expected = services.orders.find_id(args.order) if args.order else None
    order = files.import_confirmation(args.file, expected_order_id=expected, today=clock.today())
    short = sum(1 for ln in order.lines if (ln.confirmed_qty or 0) < ln.quantity)
    note = f"; {counted(short, 'line')} confirmed short" if short else ""
    print(f"{order.number} confirmed from {args.file}: {counted(len(order.lines), 'line')}{note}.")
    return 0


def _schema(args: argparse.Namespace, location: str) -> int:
    del location
    from microfactory_desk.services.orders.files import dump_schema

    sys.stdout.write(dump_schema(args.kind) + "\n")
    return 0


def _list(args: argparse.Namespace, location: str) -> int:
    listing = services_for(location).orders.list_orders(status=args.status or "")
    # Columns as wide as their widest value: "partially_received" or a long partner code stays in its column.
    status_width = max((len(r.status.value) for r in listing.rows), default=0)
    code_width = max((len(r.partner_code) for r in listing.rows), default=0)
    for r in listing.rows:
        flag = f"  ({r.unpriced} unpriced)" if r.unpriced else ""
        print(f"{r.number}  {r.status.value:<{status_width}}  {r.order_date}  {r.partner_code:<{code_width}}"
              f" {r.total:>12,.2f} {r.currency}  {counted(r.lines, 'line')}{flag}")  # fmt: skip
    totals = ", ".join(f"{v:,.2f} {k}" for k, v in sorted(listing.totals.items())) or "0"
    count = len(listing.rows)
    print(f"{counted(count, 'order')}; total (not cancelled): {totals}")
    return 0
