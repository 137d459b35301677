"""The curated part of the hostile corpus: files that broke importers of other tools, one builder each.

Each builder writes one file into a folder and returns its path. The same files go to every importer
(roster, deliveries, order confirmation); tests/imports/test_hostile_corpus.py runs them.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from tests.imports.hostile_files import csv_bytes, declared_size, formatted_to, no_sheets, with_dimension, workbook

Builder = Callable[[Path], Path]
# Headers both tabular importers recognise, so the hostile values reach the value checks.
HEAD = ["Code", "Name", "Kind", "order", "line", "reference", "received", "qty received", "defective"]


def _row(**values: Any) -> list[Any]:
    base: dict[str, Any] = {"Code": "C1", "Name": "One", "Kind": "microfactory", "order": "PO-2026-0001",
                            "line": 1, "reference": "R1", "received": "2026-04-01", "qty received": 5, "defective": 0}  # fmt: skip
    base.update(values)
    return [base[h] for h in HEAD]


def _csv(name: str, rows: list[list[Any]], **kw: Any) -> Builder:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(csv_bytes(rows, **kw))
        return path

    return build


def _raw(name: str, data: bytes) -> Builder:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return build


def _xlsx(name: str, rows: list[list[Any]], then: Callable[[Path], Path] | None = None, **kw: Any) -> Builder:
    def build(folder: Path) -> Path:
        path = workbook(folder / name, rows, **kw)
        return then(path) if then is not None else path

    return build


def _merged(folder: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(HEAD)
    ws.append(_row())
    ws.append(_row(reference="R2"))
    ws.merge_cells("A2:A3")
    ws.merge_cells("F2:F3")
    path = folder / "merged.xlsx"
    wb.save(path)
    return path


def _truncated(folder: Path) -> Path:
    path = workbook(folder / "truncated.xlsx", [HEAD, _row()])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _flipped(folder: Path) -> Path:
    path = workbook(folder / "flipped.xlsx", [HEAD, _row()])
    data = bytearray(path.read_bytes())
    for at in range(200, len(data) - 200, 97):
        data[at] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


def _empty_zip(folder: Path) -> Path:
    path = folder / "empty-zip.xlsx"
    with zipfile.ZipFile(path, "w"):
        pass
    return path


def _sheetless_zip(folder: Path) -> Path:
    path = folder / "no-workbook.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    return path


def _bomb(folder: Path) -> Path:
    path = folder / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/sharedStrings.xml", b" " * (210 * 2**20))
    return path


VALUES: dict[str, Any] = {
    "nan": "nan", "NaN": "NaN", "inf": "inf", "-inf": "-inf", "Infinity": "Infinity", "neg": -5, "neg-text": "-5",
    "huge": 10**30, "huge-text": "9" * 40, "float-qty": 2.5, "comma-decimal": "2,5", "thousands": "1.000",
    "grouped": "1,000", "bool": True, "formula-text": "=1+1", "ref-error": "#REF!", "div0": "#DIV/0!",
    "na": "#N/A", "value-error": "#VALUE!", "rtl": "שלום עולם", "arabic": "مرحبا", "emoji": "📦🚚✅",
    "zero-width": "R\u200b1", "control": "R\x07", "long": "x" * 40_000, "spaces": "   ", "sci": "3.45679E+17",
    "leading-zero": "000123", "date-iso": "2026-04-01", "date-de": "01.04.2026", "date-us": "04/13/2026",
    "date-ambiguous": "04/06/2026", "date-feb30": "30.02.2026", "date-future": "2031-01-01", "date-old": "1899-01-01",
    "date-words": "1 April 2026", "date-us-words": "April 1, 2026", "date-short": "01/04/26", "date-serial": "46113",
    "date-time": "2026-04-01T10:00:00Z", "date-garbage": "yesterday", "date-dot-us": "13.13.2026",
}  # fmt: skip


def curated() -> dict[str, Builder]:
    """Every curated hostile file by a name saying what it is."""
    files: dict[str, Builder] = {
        "empty.csv": _raw("empty.csv", b""),
        "one-byte.csv": _raw("one.csv", b","),
        "nul-bytes.csv": _raw("nul.csv", b"Code,Name\r\nC1,On\x00e\r\n"),
        "binary.csv": _raw("binary.csv", bytes(range(256)) * 40),
        "pdf.csv": _raw("doc.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
        "ole-xls.xlsx": _raw("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024),
        "text-as-xlsx.xlsx": _raw("text.xlsx", b"Code,Name\nC1,One\n"),
        "utf16-no-bom.csv": _raw("u16.csv", "Code,Name\r\nC1,One\r\n".encode("utf-16-le")),
        "utf16-le.csv": _csv(
            "u16le.csv", [HEAD, _row()], delimiter="\t", encoding="utf-16-le", bom=codecs.BOM_UTF16_LE
        ),
        "utf16-be.csv": _csv(
            "u16be.csv", [HEAD, _row()], delimiter="\t", encoding="utf-16-be", bom=codecs.BOM_UTF16_BE
        ),
        "utf8-bom.csv": _csv("bom.csv", [HEAD, _row()], bom=codecs.BOM_UTF8),
        "shift-jis.csv": _csv("sjis.csv", [HEAD, _row(Name="株式会社山田製作所")] * 2, encoding="shift_jis"),
        "gb18030.csv": _csv("gb.csv", [HEAD, _row(Name="深圳市华强制造有限公司")] * 2, encoding="gb18030"),
        "koi8-r.csv": _csv("koi.csv", [HEAD, _row(Name="ООО Мастерская Иванова")] * 2, encoding="koi8_r"),
        "cp1252.csv": _csv("cp.csv", [HEAD, _row(Name="Müller & Söhne")], delimiter=";", encoding="cp1252"),
        "cp1250-polish.csv": _csv("pl.csv", [HEAD, _row(Name="Łódź, Zakład Śląski")], delimiter=";", encoding="cp1250"),
        "cp1250-czech.csv": _csv("cz.csv", [HEAD, _row(Name="Příbram, Dílna č. 3")], delimiter=";", encoding="cp1250"),
        "cp1250-hungarian.csv": _csv("hu.csv", [HEAD, _row(Name="Győr, Műhely")], delimiter=";", encoding="cp1250"),
        "cp1250-slovak.csv": _csv("sk.csv", [HEAD, _row(Name="Žilina, Dielňa Ľubochňa")], encoding="cp1250"),
        "cp1250-romanian.csv": _csv("ro.csv", [HEAD, _row(Name="Brăila, Fabrică Şerban")], encoding="cp1250"),
        "cp1252-french-oe.csv": _csv("fr.csv", [HEAD, _row(Name="Société Générale Œuvre")], encoding="cp1252"),
        "cp1252-nordic.csv": _csv("da.csv", [HEAD, _row(Name="Søren Ærø Værksted")], encoding="cp1252"),
        "cp1250-sep-line.csv": _raw(
            "pl-sep.csv", b"sep=;\r\n" + csv_bytes([HEAD, _row(Name="Zakład Śląski")], delimiter=";", encoding="cp1250")
        ),
        "cell-32767.csv": _csv("c32767.csv", [HEAD, _row(Name="x" * 32_767)]),
        "cell-32768.csv": _csv("c32768.csv", [HEAD, _row(Name="x" * 32_768)]),
        "cell-100000-notes.csv": _csv("c100k.csv", [[*HEAD, "notes"], [*_row(), "n" * 100_000]]),
        "cell-200000.csv": _csv("c200k.csv", [HEAD, _row(Name="x" * 200_000)]),
        "cell-oversize-cp1250.csv": _csv("c-pl.csv", [HEAD, _row(Name="ł" * 40_000)], encoding="cp1250"),
        "cell-oversize-reference.csv": _csv("c-ref.csv", [HEAD, _row(reference="R" * 33_000)]),
        "cell-oversize-utf16.csv": _csv("c-u16.csv", [HEAD, _row(Name="é" * 40_000)], encoding="utf-16", bom=b""),
        "sep-line.csv": _raw("sep.csv", b"sep=;\r\n" + csv_bytes([HEAD, _row()], delimiter=";")),
        "sep-line-only.csv": _raw("seponly.csv", b"sep=;\r\n"),
        "header-only.csv": _csv("head.csv", [HEAD]),
        "unbalanced-quote.csv": _raw("quote.csv", b'Code,Name,Kind\r\nC1,"One,microfactory\r\nC2,Two,microfactory\r\n'),
        "quote-mid-field.csv": _raw("quote2.csv", b'Code,Name,Kind\r\nC1,"One"x,microfactory\r\n'),
        "huge-field.csv": _raw("big.csv", b"Code,Name\r\nC1," + b"x" * 131_073 + b"\r\n"),
        "duplicate-headers.csv": _csv("dup.csv", [[*HEAD, "reference", "Code"], [*_row(), "R9", "C9"]]),
        "only-blank-rows.csv": _raw("blank.csv", b"\r\n\r\n,,,\r\n"),
        "ragged-rows.csv": _csv("ragged.csv", [HEAD, ["C1"], _row(), [*_row(), "extra", "more"]]),
        "no-header.csv": _csv("nohead.csv", [_row(), _row(reference="R2")]),
        "crlf-in-cell.csv": _csv("crlf.csv", [HEAD, _row(Name="Line one\r\nline two")]),
        "truncated.xlsx": _truncated,
        "flipped-bytes.xlsx": _flipped,
        "empty-zip.xlsx": _empty_zip,
        "zip-without-workbook.xlsx": _sheetless_zip,
        "zip-bomb-real.xlsx": _bomb,
        "zip-bomb-declared.xlsx": _xlsx(
            "declared.xlsx", [HEAD, _row()], lambda p: declared_size(p, "xl/styles.xml", 2**31)
        ),
        "no-sheets.xlsx": lambda folder: no_sheets(folder / "nosheets.xlsx"),
        "dimension-a1.xlsx": _xlsx("dim.xlsx", [HEAD, _row()], lambda p: with_dimension(p, "A1")),
        "formatted-tail.xlsx": _xlsx("tail.xlsx", [HEAD, _row()], lambda p: formatted_to(p, 30_000)),
        "hidden-first-sheet.xlsx": _xlsx("hidden.xlsx", [HEAD, _row()], hidden_first=[["Secret"], ["x"]]),
        "epoch-1904.xlsx": _xlsx("1904.xlsx", [HEAD, _row(received=dt.date(2026, 4, 1))], epoch1904=True),
        "title-above-header.xlsx": _xlsx("title.xlsx", [["Deliveries March"], [], HEAD, _row()]),
        "formula-without-value.xlsx": _xlsx("formula.xlsx", [HEAD, _row(**{"qty received": "=2+3"})]),
        "merged-cells.xlsx": _merged,
        "empty-sheet.xlsx": _xlsx("emptysheet.xlsx", []),
        "header-only.xlsx": _xlsx("headonly.xlsx", [HEAD]),
        "json-deep.json": _raw("deep.json", b"[" * 50_000 + b"]" * 50_000),
        "json-true.json": _raw("true.json", json.dumps({"lines": [{"confirmed_qty": True}]}).encode()),
        "json-array.json": _raw("array.json", b"[1, 2, 3]"),
        "json-scalar.json": _raw("scalar.json", b"42"),
        "json-nan.json": _raw("nan.json", b'{"lines": [{"confirmed_qty": NaN}]}'),
        "json-broken.json": _raw("broken.json", b'{"lines": [}'),
    }
    for label, value in VALUES.items():
        for column in ("qty received", "received", "reference", "order", "Name", "Code"):
            key = f"value-{label}-in-{column.replace(' ', '-')}"
            as_csv = isinstance(value, str) and len(value) < 1000
            if as_csv:
                files[f"{key}.csv"] = _csv(f"{key}.csv", [HEAD, _row(**{column: value})])
            else:
                files[f"{key}.xlsx"] = _xlsx(f"{key}.xlsx", [HEAD, _row(**{column: value})])
    return files
