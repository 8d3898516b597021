"""Administrative unit names (xã / phường) as people type them.

``unit_key("UBND xã Trung Trắc") == unit_key("Trung Trac") == "trung trac"``.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from papi_xl.domain.text import clean, fold

_PREFIXES = re.compile(
    r"^(?:(?:uy ban nhan dan|ubnd|u b n d|dang uy|hdnd)\s+)?"
    r"(?:(?:xa|phuong|thi tran|dac khu|huyen|thi xa|quan|tp|thanh pho|tinh)\s+)?"
)
_FILENAME_NOISE = re.compile(
    r"\b(bao cao|bieu|tong hop|nhiem vu|papi|tien do|ke hoach|kh|bc|nam|ky|6 thang|thang|quy|lan|ban|sua|moi|"
    r"final|v\d+|kiem tra|copy|\d+)\b"
)


def unit_key(name: str) -> str:
    """Comparison key: folded, without "UBND", "xã", "phường"... prefixes."""
    key = fold(name)
    key = _PREFIXES.sub("", key).strip()
    return key


def unit_from_filename(path: Path) -> str:
    """Best guess of a unit name from a file name (accents are lost)."""
    stem = fold(path.stem.replace("_", " ").replace("-", " "))
    stem = _FILENAME_NOISE.sub(" ", stem)
    stem = _PREFIXES.sub("", re.sub(r"\s+", " ", stem).strip())
    return stem.strip().title()


@dataclass(frozen=True)
class ExpectedUnit:
    name: str
    parent: str = ""


def load_expected(path: str | Path) -> list[ExpectedUnit]:
    """Expected units from a .csv or .xlsx: a column 'Đơn vị' (else the first
    column) and optionally 'Cấp trên' / 'Huyện' / 'Khu vực'."""
    from papi_xl.inputs.read import ReadError

    path = Path(path)
    if not path.exists():
        raise ReadError(f"Không tìm thấy danh sách đơn vị '{path}'.", "not-found")
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
            raise ReadError(f"Không đọc được danh sách đơn vị '{path.name}': {exc}", "unreadable") from exc
    rows = [r for r in rows if any(r)]
    if not rows:
        raise ReadError(f"Danh sách đơn vị '{path.name}' trống.", "bad-argument")
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


def match_expected(name: str, expected: list[ExpectedUnit]) -> tuple[ExpectedUnit | None, bool]:
    """(unit, exact). Exact = same key; otherwise a close typo (ratio >= 0.88)."""
    key = unit_key(name)
    if not key:
        return None, False
    keys = {unit_key(e.name): e for e in expected}
    if key in keys:
        return keys[key], True
    close = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.88)
    if close:
        return keys[close[0]], False
    return None, False
