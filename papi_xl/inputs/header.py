"""Find a table's header row and map its cells to the canonical columns by header *text*
(NFC, case- and accent-insensitive, tolerant of line breaks, extra spaces, a numbering row
``(1) (2) …`` under the header and a two-row header "Đơn vị" over "Chủ trì | Phối hợp").  Used for
returned workbooks and for the tables of Word plans.
"""

from __future__ import annotations

import re

from papi_xl.contract.workbook import TASK_COLUMNS
from papi_xl.domain.text import best_match, fold
from papi_xl.domain.values import cell_text

HEADER_SCAN_ROWS = 40


def _column_keys() -> dict[str, str]:
    keys: dict[str, str] = {}
    for col in TASK_COLUMNS:
        for text in (col.header, *col.synonyms):
            keys.setdefault(fold(text), col.key)
    return keys


_COLUMN_KEYS = _column_keys()
NUMBERING = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")


EXACT, SUFFIXED, CONTAINED = 1.0, 0.95, 0.7
_EXTRA = re.compile(r"[0-9%()\[\]#*+]")  # what turns "Tiến độ" into another column: "Tiến độ (%)", "Ghi chú 2"


def match_header(text: str) -> tuple[str, float] | None:
    """Map one header cell to a column key, with a confidence score: EXACT when the cell is a known header
    (case, accents, spacing and punctuation aside), SUFFIXED when it is one plus a number, a percent sign or
    a bracket ("Tiến độ (%)", "Ghi chú 2", "Tiến độ (11)"), a fuzzy ratio for a misspelling, CONTAINED for a
    known header inside a longer one.  An exact header always beats a near one (:func:`map_header`)."""
    if len(text) > 80:  # a header is short; long cells are data
        return None
    key = fold(text)
    if not key:
        return None
    if key in _COLUMN_KEYS:
        return _COLUMN_KEYS[key], SUFFIXED if _EXTRA.search(text) else EXACT
    key = re.sub(r"\s*\b\d{1,2}\b\s*$", "", key).strip()  # "Tiến độ (11)", "Ghi chú 2"
    if key in _COLUMN_KEYS:
        return _COLUMN_KEYS[key], SUFFIXED
    found = best_match(key, _COLUMN_KEYS, cutoff=0.86)
    if found:
        return found.value, found.score
    # the longest known header contained in the cell ("Thời gian thực hiện (dự kiến)")
    words = f" {key} "
    contained = [(len(k), v) for k, v in _COLUMN_KEYS.items() if len(k) > 3 and f" {k} " in words]
    if contained:
        return max(contained)[1], CONTAINED
    return None


def map_header(cells: list) -> tuple[dict[str, int], list[tuple[int, str]]]:
    """Map a header row: each field takes the column whose header matches it best (the leftmost on a
    tie), each column serves at most one field, and the columns left over are returned as unmapped
    (reported as not part of the form).  Returns (key -> column index, unmapped [(index, text)])."""
    candidates: dict[str, tuple[float, int]] = {}
    unmapped: list[tuple[int, str]] = []
    for i, value in enumerate(cells):
        text = cell_text(value)
        if not text:
            continue
        found = match_header(text)
        if not found:
            unmapped.append((i, text))
            continue
        key, score = found
        if key in candidates and candidates[key][0] >= score:
            unmapped.append((i, text))
            continue
        if key in candidates:
            old = candidates[key][1]
            unmapped.append((old, cell_text(cells[old])))
        candidates[key] = (score, i)
    return {k: i for k, (_, i) in candidates.items()}, sorted(unmapped)


def find_header(rows: list[list]) -> tuple[int, dict[str, int], list[tuple[int, str]], int] | None:
    """Find the header row (0-based) in the first rows of a sheet.

    Only rows with at least two cells that are exactly a known header get the
    full (fuzzy) mapping; data rows are skipped cheaply.  Two-row headers
    ("Đơn vị" over "Chủ trì" | "Phối hợp") are combined.
    Returns (row, mapping, unmapped, rows used by the header) or None.
    """
    best = None
    for r in range(min(HEADER_SCAN_ROWS, len(rows))):
        row = rows[r]
        exact = sum(1 for v in row if isinstance(v, str) and len(v) <= 80 and fold(v) in _COLUMN_KEYS)
        if exact < 2:
            continue
        mapping, unmapped, used = _map_header_rows(rows, r)
        if "task" not in mapping or len(mapping) < 3:
            continue
        score = len(mapping) - 0.1 * len(unmapped)
        if best is None or score > best[0]:
            best = (score, r, mapping, unmapped, used)
        if len(mapping) == len(TASK_COLUMNS) and not unmapped:
            break  # a complete header cannot be beaten
    if best is None:
        return None
    return best[1], best[2], best[3], best[4]


def _map_header_rows(rows: list[list], r: int) -> tuple[dict[str, int], list[tuple[int, str]], int]:
    """Map the header at row ``r``, combined with the row below (a two-row header) when that maps at least
    two more fields and is not a numbering row.  Returns (mapping, unmapped, rows used by the header)."""
    row = rows[r]
    mapping, unmapped = map_header(row)
    used = 1
    if r + 1 < len(rows) and not is_numbering_row(rows[r + 1]):
        combined = [f"{cell_text(a)} {cell_text(b)}".strip() for a, b in zip(row, rows[r + 1], strict=False)]
        m2, u2 = map_header(combined)
        if len(m2) > len(mapping) + 1:
            mapping, unmapped, used = m2, u2, 2
    return mapping, unmapped, used


def is_numbering_row(row: list) -> bool:
    texts = [cell_text(v) for v in row if cell_text(v)]
    return bool(texts) and all(NUMBERING.match(t) for t in texts)
