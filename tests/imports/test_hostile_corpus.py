"""The hostile corpus through every importer: no traceback, nothing half-written, a message that says where."""

from __future__ import annotations

import csv
import datetime as dt
import io
import string
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import func, select

from microfactory_desk import clock
from microfactory_desk.db import Database, open_database
from microfactory_desk.errors import DeskError
from microfactory_desk.exports.order_sheet import ID_SHEET
from microfactory_desk.imports.order_confirmation import read_confirmation
from microfactory_desk.models import Delivery, Partner, PurchaseOrder
from microfactory_desk.services.orders.files import order_fingerprint
from microfactory_desk.wiring import Services
from tests.imports.corpus import HEAD, VALUES, curated
from tests.services.order_fixtures import ORDER_DAY, draft, partner_with_sla
from tests.services.telemetry_fixtures import D, add_line, add_partner, add_sla

CURATED = curated()
_WHERE = ("row", "line", "column", "sheet", "cell")


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, Path]]:
    """One database for the whole corpus: a partner with an order line, and a sent order awaiting confirmation."""
    folder = tmp_path_factory.mktemp("corpus")
    db = open_database(str(folder / "corpus.sqlite"))
    pid = add_partner(db, "MS-1")
    add_sla(db, pid)
    add_line(db, pid, sent_on=D(2026, 3, 2), number="PO-2026-0001")
    partner_with_sla(db)
    order = draft(db)
    Services(db).order_files.send(order.id, folder / "sheet.xlsx", on=ORDER_DAY)
    yield db, folder
    db.close()


def _counts(db: Database) -> tuple[int, int, int]:
    with db.session() as s:
        return (
            int(s.scalar(select(func.count()).select_from(Partner)) or 0),
            int(s.scalar(select(func.count()).select_from(Delivery)) or 0),
            int(s.scalar(select(func.count()).where(PurchaseOrder.status == "confirmed")) or 0),
        )


def _check(db: Database, path: Path, run: Callable[[Path], object]) -> str:
    """Run one import of `path`: it succeeds, or refuses with a message naming where and writes nothing."""
    before = _counts(db)
    try:
        with clock.frozen(dt.date(2026, 11, 30)):
            run(path)
    except DeskError as exc:
        assert _counts(db) == before, f"{path.name}: refused but something was written"
        message = str(exc)
        assert path.name in message or any(w in message for w in _WHERE), f"{path.name}: {message!r} names no place"
        return "refused"
    return "imported"


def _importers(db: Database) -> dict[str, Callable[[Path], object]]:
    services = Services(db)
    return {
        "roster": lambda p: services.roster_files.import_file(p),
        "deliveries": lambda p: services.deliveries.import_file(p, "MS-1"),
        "confirmation": lambda p: services.order_files.import_confirmation(p, today=ORDER_DAY),
    }


@pytest.mark.parametrize("name", sorted(CURATED))
def test_curated_file_through_every_importer(world: tuple[Database, Path], name: str) -> None:
    """One curated hostile file: roster, deliveries and confirmation imports each end in a result or a located message."""
    db, folder = world
    target = folder / name.replace(".", "-")
    target.mkdir(exist_ok=True)
    path = CURATED[name](target)
    for importer, run in _importers(db).items():
        suffix = path.suffix.lower()
        if importer == "confirmation" and suffix not in (".xlsx", ".json"):
            continue  # a confirmation is only ever the returned sheet or JSON
        if importer != "confirmation" and suffix == ".json":
            continue
        _check(db, path, run)


def _returned_sheet(folder: Path, column: str, value: Any) -> Path:
    from openpyxl import load_workbook

    wb = load_workbook(folder / "sheet.xlsx")
    first = wb[ID_SHEET]["A6"].value
    ws = wb["Order"]
    ws[f"H{first}"], ws[f"I{first}"] = 60, dt.date(2026, 5, 20)
    ws[f"H{first + 1}"], ws[f"I{first + 1}"] = 10, dt.date(2026, 5, 25)
    ws[f"{column}{first + 1}"] = value
    path = folder / f"answer-{column}-{abs(hash(repr(value)))}.xlsx"
    wb.save(path)
    return path


@pytest.mark.parametrize("label", sorted(VALUES))
@pytest.mark.parametrize("column", ["H", "I", "J"])
def test_returned_sheet_with_a_hostile_cell(world: tuple[Database, Path], label: str, column: str) -> None:
    """The order sheet coming back with a hostile confirmed qty, ship date or comment: a confirmation or a located message."""
    db, folder = world
    value = VALUES[label]
    if isinstance(value, str) and any(ch in value for ch in "\x07"):
        value = value.replace("\x07", "")  # openpyxl cannot write control characters; Excel cannot either
    path = _returned_sheet(folder, column, value)
    order = Services(db).orders.get_order(_sent_order_id(db))
    try:
        read_confirmation(path, order, order_fingerprint(order), today=ORDER_DAY)
    except DeskError as exc:
        message = str(exc)
        assert any(w in message for w in _WHERE) or path.name in message, message


def _sent_order_id(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(PurchaseOrder.id).where(PurchaseOrder.status == "sent")) or 0)


# --- generated ----------------------------------------------------------------------------------
_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
_CELLS = st.one_of(
    st.none(),
    _TEXT,
    st.sampled_from([str(v) for v in VALUES.values() if isinstance(v, str) and len(v) < 100]),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
)
_HEADERS = st.lists(
    st.sampled_from([*HEAD, "Stage", "Fallback", "shipped", "notes", "sku", "", "Code"]), min_size=1, max_size=9
)


def _write(path: Path, rows: list[list[Any]], kind: str, encoding: str, delimiter: str) -> Path:
    if kind == "xlsx":
        wb = Workbook()
        for row in rows:
            wb.active.append([_xlsx_safe(v) for v in row])
        wb.save(path)
        return path
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows([["" if v is None else v for v in row] for row in rows])
    path.write_bytes(out.getvalue().encode(encoding, errors="replace"))
    return path


def _xlsx_safe(value: Any) -> Any:
    """What a spreadsheet program can hold: no control characters, no numbers beyond Excel's range."""
    if isinstance(value, str):
        return "".join(ch for ch in value if ch in string.printable[:-5] or ord(ch) > 159)[:32_000]
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**15:
        return float(value)
    return value


GENERATED: list[str] = []


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(
    headers=_HEADERS,
    body=st.lists(st.lists(_CELLS, max_size=10), max_size=6),
    kind=st.sampled_from(["csv", "xlsx"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "shift_jis"]),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
)
def test_generated_tables_through_roster_and_deliveries(
    world: tuple[Database, Path], headers: list[str], body: list[list[Any]], kind: str, encoding: str, delimiter: str
) -> None:
    """Generated tables of hostile cells (any text, NaN, infinities, huge numbers, booleans, dates): a result or a located message."""
    db, folder = world
    path = _write(folder / f"generated-{len(GENERATED)}.{kind}", [headers, *body], kind, encoding, delimiter)
    GENERATED.append(path.name)
    for importer in ("roster", "deliveries"):
        _check(db, path, _importers(db)[importer])


def test_the_corpus_holds_at_least_250_files() -> None:
    """The curated files and the hostile returned sheets alone make at least 250 files (generated ones come on top)."""
    assert len(CURATED) + 3 * len(VALUES) >= 250
