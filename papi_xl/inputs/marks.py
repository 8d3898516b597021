"""Tiến độ given as marks: columns headed by a status ("Hoàn thành | Đang thực hiện | Chưa thực hiện",
alone or under a "Tiến độ" header) with an "x" or a tick in the one that applies.

Such a layout is read by the column that holds the mark: one mark is that status; no mark, or marks in
several columns, is not guessed (the status cell then holds a text the status reader cannot place, so
the row is a Lỗi ``invalid-status`` and counts under *Chưa xác định*).
"""

from __future__ import annotations

from papi_xl.domain.text import fold
from papi_xl.domain.values import cell_text
from papi_xl.vocab import STATUSES

_NAMES = {fold(s): s for s in STATUSES} | {fold("Đã hoàn thành"): "Hoàn thành", fold("Chưa hoàn thành"): None}
NO_MARK = "(không đánh dấu cột Tiến độ nào?)"


def mark_columns(rows: list[list], header: int, mapping: dict[str, int]) -> dict[int, str]:
    """Column -> status for each column whose header (or the cell under it, a two-row header) is a status
    name; empty unless at least two such columns exist (one column named "Hoàn thành" is not a layout)."""
    taken = {i for k, i in mapping.items() if k != "status"}
    found: dict[int, str] = {}
    for r in (header, header + 1):
        if r >= len(rows):
            continue
        for i, value in enumerate(rows[r]):
            status = _NAMES.get(fold(cell_text(value))) if i not in taken else None
            if status:
                found.setdefault(i, status)
    return found if len(found) >= 2 else {}


def status_from_marks(rows: list[list], first: int, columns: dict[int, str], target: int, task: int | None) -> None:
    """Write in column ``target`` of each task row (from ``first``) the status its marks say; a status typed
    in a Tiến độ column of its own (``target`` not a mark column) is kept."""
    for row in rows[first:]:
        marked = [s for i, s in columns.items() if i < len(row) and cell_text(row[i])]
        has_task = task is not None and task < len(row) and bool(cell_text(row[task]))
        if not (marked or has_task) or (target not in columns and target < len(row) and cell_text(row[target])):
            continue
        while len(row) <= target:
            row.append("")
        if len(marked) == 1:
            row[target] = marked[0]
        elif marked:
            row[target] = f"(đánh dấu ở nhiều cột: {', '.join(marked)}?)"
        else:
            row[target] = NO_MARK
