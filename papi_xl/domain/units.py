"""Administrative unit names (xã / phường) as people type them.

``unit_key("UBND xã Trung Trắc") == unit_key("Trung Trac") == "trung trac"``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from papi_xl.domain.text import fold

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
