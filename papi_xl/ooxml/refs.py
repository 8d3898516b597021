"""Cell references: the one A1 / column-letter helper (0-based column indices everywhere)."""

from __future__ import annotations

import re

_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    out = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def column_index(letters: str) -> int:
    """A -> 0, Z -> 25, AA -> 26."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def split_ref(ref: str) -> tuple[str, int]:
    """"B12" -> ("B", 12)."""
    m = _REF.fullmatch(ref)
    if not m:
        raise ValueError(ref)
    return m.group(1), int(m.group(2))


def cell_ref(column: int, row: int) -> str:
    """0-based column, 1-based row -> "B12"."""
    return f"{column_letter(column)}{row}"
