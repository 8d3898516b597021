"""The list of units expected to report (``--expected``): a CSV or a spreadsheet with a column
"Đơn vị" (else the first column) and optionally "Cấp trên" / "Huyện" / "Khu vực"."""

from __future__ import annotations

import csv
from pathlib import Path

from papi_xl import messages as msg
from papi_xl.domain.text import clean, fold
from papi_xl.domain.units import ExpectedUnit
from papi_xl.errors import UnreadableInput


def load_expected(path: str | Path) -> list[ExpectedUnit]:
    """Expected units from a .csv or .xlsx: a column 'Đơn vị' (else the first
    column) and optionally 'Cấp trên' / 'Huyện' / 'Khu vực'."""
    path = Path(path)
    if not path.exists():
        raise UnreadableInput(msg.NOT_FOUND.format(path=path), "not-found")
    rows: list[list[str]]
    if path.suffix.lower() in (".csv", ".txt"):
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig", errors="replace")
        try:
            dialect = csv.Sniffer().sniff(text[:2000], delimiters=",;\t")
        except csv.Error:  # one column: nothing to sniff
            dialect = csv.excel
        rows = [[clean(c) for c in r] for r in csv.reader(text.splitlines(), dialect)]
    else:
        import python_calamine as pc

        try:
            book = pc.CalamineWorkbook.from_path(str(path))
            rows = [[clean(c) for c in r] for r in book.get_sheet_by_index(0).to_python()]
        except Exception as exc:
            raise UnreadableInput(msg.EXPECTED_UNREADABLE.format(name=path.name, reason=exc)) from exc
    rows = [r for r in rows if any(r)]
    if not rows:
        raise UnreadableInput(msg.EXPECTED_EMPTY.format(name=path.name), "empty")
    header = [fold(c) for c in rows[0]]
    name_col = next((i for i, h in enumerate(header) if h in ("don vi", "ten don vi", "xa phuong", "ten xa", "xa")), None)
    parent_col = next((i for i, h in enumerate(header) if h in ("cap tren", "huyen", "khu vuc", "don vi cap tren")),
                      None)
    body = rows[1:] if name_col is not None else rows
    name_col = name_col or 0
    out = []
    for r in body:
        if name_col < len(r) and r[name_col]:
            out.append(ExpectedUnit(r[name_col], r[parent_col] if parent_col is not None and parent_col < len(r) else ""))
    return out
