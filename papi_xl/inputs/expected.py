"""The list of units expected to report (``--expected``), in whatever form a province keeps it:

* CSV / TXT in UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode Text", with BOM) or Windows-1258
  (Excel's "CSV" on Vietnamese Windows, which writes tone marks as combining characters: decoded,
  then NFC); comma, semicolon or tab separated;
* .xlsx / .xlsm / .xls / .ods, with title rows above the header.

The table is found by its header text, like every other table papi-xl reads: the first row (of the
first sheet that has one) with a unit-name cell ("Đơn vị", "Tên đơn vị", "Xã/phường"...), optionally a
parent column ("Cấp trên", "Huyện"...).  Rows below it with an empty name, or a total / signature
line, are not units.  Without such a header the list is refused with a message naming the file and
the column looked for (guessing a column would silently check the wrong names) — except a plain
one-column list in which every line is a unit name ("Xã ...", "Phường ...").
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from papi_xl import messages as msg
from papi_xl.domain.text import clean, fold
from papi_xl.domain.units import ExpectedUnit, unit_key
from papi_xl.errors import UnreadableInput

HEADER_SCAN_ROWS = 30
# header cells (folded, punctuation as spaces) naming the unit column, and the parent column
UNIT_HEADERS = {"don vi", "ten don vi", "xa phuong", "xa phuong thi tran", "ten xa", "ten xa phuong",
                "ten xa phuong thi tran", "xa", "phuong", "don vi hanh chinh", "ten don vi hanh chinh",
                "don vi cap xa", "ten don vi cap xa", "dvhc", "ten dvhc", "don vi bao cao"}
PARENT_HEADERS = {"cap tren", "don vi cap tren", "khu vuc", "tinh", "thuoc", "truc thuoc", "thuoc huyen", "thuoc tinh"}
PARENT_STARTS = ("huyen", "quan huyen", "cap tren")  # "Huyện/thị xã", "Huyện (cũ)"
_NOT_A_UNIT = re.compile(r"^(tong cong|tong so|nguoi lap|ghi chu|noi nhan|chu tich|ky ten|tm)\b")
_TOTAL = re.compile(r"^cộng\b")  # "Cộng: 4 đơn vị" (accents matter: "Công Lý" is a name)
_UNIT_WORD = re.compile(r"^(xa|phuong|thi tran|dac khu|ubnd|uy ban nhan dan)\s")
_SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb")


def load_expected(path: str | Path) -> list[ExpectedUnit]:
    """The expected units (each once, in the list's order) of a CSV or spreadsheet list."""
    path = Path(path)
    if not path.exists():
        raise UnreadableInput(msg.NOT_FOUND.format(path=path), "not-found")
    sheets = _spreadsheet(path) if _is_spreadsheet(path) else [("", _csv_rows(path))]
    if not any(any(r) for _, rows in sheets for r in rows):
        raise UnreadableInput(msg.EXPECTED_EMPTY.format(name=path.name), "empty")
    for _, rows in sheets:
        found = _table(rows)
        if found is not None:
            return _units(rows, *found)
    for _, rows in sheets:
        plain = _plain_list(rows)
        if plain:
            return plain
    raise UnreadableInput(_no_unit_column(path, sheets), "no-unit-column")


def _is_spreadsheet(path: Path) -> bool:
    head = path.read_bytes()[:8]
    return head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")) or path.suffix.lower() in _SHEET_SUFFIXES


# -- reading -----------------------------------------------------------------------------------------------
def decode(raw: bytes) -> str:
    """Text of a CSV as Excel and LibreOffice write it: BOM first (UTF-8, UTF-16), UTF-16 without BOM,
    UTF-8, else Windows-1258; always NFC (cp1258 text carries combining tone marks)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        text = raw[3:].decode("utf-8", errors="replace")
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16", errors="replace")
    elif len(raw) >= 4 and raw[1:4:2] == b"\0\0" and raw[0:4:2] != b"\0\0":
        text = raw.decode("utf-16-le", errors="replace")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1258", errors="replace")
    return unicodedata.normalize("NFC", text)


def _csv_rows(path: Path) -> list[list[str]]:
    text = decode(path.read_bytes())
    sample = "\n".join(text.splitlines()[:50])
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:  # one column: nothing to sniff
        dialect = csv.excel
    return [[clean(c) for c in r] for r in csv.reader(text.splitlines(), dialect)]


def _spreadsheet(path: Path) -> list[tuple[str, list[list[str]]]]:
    import python_calamine as pc

    try:
        with path.open("rb") as fh:
            book = pc.CalamineWorkbook.from_filelike(fh)
            return [(name, [[clean(c) for c in r] for r in book.get_sheet_by_name(name).to_python()])
                    for name in book.sheet_names]
    except Exception as exc:  # noqa: BLE001 - calamine raises its own error types
        raise UnreadableInput(msg.EXPECTED_UNREADABLE.format(name=path.name, reason=exc)) from exc


# -- the table ---------------------------------------------------------------------------------------------
def _header_key(text: str) -> str:
    return fold(re.sub(r"\(.*?\)", " ", text))  # "Tên đơn vị (xã, phường)" -> "ten don vi"


def _table(rows: list[list[str]]) -> tuple[int, int, int | None] | None:
    """(header row, unit column, parent column or None) of the first header row with a unit column."""
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        keys = [_header_key(c) for c in row]
        unit = next((j for j, k in enumerate(keys) if k in UNIT_HEADERS), None)
        if unit is not None:
            parent = next((j for j, k in enumerate(keys)
                           if j != unit and (k in PARENT_HEADERS or k.startswith(PARENT_STARTS))), None)
            return i, unit, parent
    return None


def _units(rows: list[list[str]], header: int, col: int, parent: int | None) -> list[ExpectedUnit]:
    pairs = [(r[col] if col < len(r) else "", r[parent] if parent is not None and parent < len(r) else "")
             for r in rows[header + 1:]]
    return _each_once((name, up) for name, up in pairs if _is_unit_name(name))


def _each_once(pairs: Iterable[tuple[str, str]]) -> list[ExpectedUnit]:
    """Units in order, a unit listed twice (however spelt) once."""
    out: list[ExpectedUnit] = []
    seen: set[str] = set()
    for name, parent in pairs:
        if unit_key(name) not in seen:
            seen.add(unit_key(name))
            out.append(ExpectedUnit(name, parent))
    return out


def _is_unit_name(text: str) -> bool:
    """A unit's name, not an empty cell, a number, a total or a signature line."""
    folded = fold(text)
    return (bool(folded) and not folded.replace(" ", "").isdigit() and not _NOT_A_UNIT.match(folded)
            and not _TOTAL.match(text.casefold()))


def _plain_list(rows: list[list[str]]) -> list[ExpectedUnit]:
    """A list without a header: one column in which every line names a commune-level unit."""
    names = [c for r in rows for c in r if c]
    if not names or any(sum(bool(c) for c in r) > 1 for r in rows):
        return []
    if not all(_UNIT_WORD.match(fold(n) + " ") for n in names):
        return []
    return _each_once((n, "") for n in names)


def _no_unit_column(path: Path, sheets: list[tuple[str, list[list[str]]]]) -> str:
    top = [r for _, rows in sheets for r in rows[:HEADER_SCAN_ROWS]]
    widest = max(top, key=lambda r: sum(bool(c) for c in r), default=[])  # the likeliest header row
    headers = ", ".join(f"'{c}'" for c in widest if c)
    where = "tệp" if len(sheets) == 1 and not sheets[0][0] else f"các sheet ({', '.join(n for n, _ in sheets)})"
    seen = msg.EXPECTED_NO_UNIT_SEEN.format(headers=headers) if headers else ""
    return msg.EXPECTED_NO_UNIT_COLUMN.format(name=path.name, rows=HEADER_SCAN_ROWS, where=where, seen=seen)
