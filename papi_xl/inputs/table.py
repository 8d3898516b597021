"""The task table of a sheet, from its header down: which rows are tasks.

Clerks do not stop where the form stops.  Under the header, a row is:

* **blank**, a **numbering row** ``(1) (2) …`` or the **header repeated** after a page break: skipped;
* a **task**: it has Nhiệm vụ text (or other content of its own, such as a result or a date, without
  one — then it is a task whose text is missing, reported ``required``);
* a **heading**: only a content index / sub-content label that changes the context; later rows carry
  it down (merged or left blank below);
* **ignored**: only dropdown values (Tiến độ, Đơn vị chủ trì, the same index / sub-content again, a
  task code) and no task text — a dropdown dragged down the empty template rows; each run of such rows
  is reported once (``rows-ignored``), never counted as hundreds of tasks;
* **below the table**: "Tổng cộng", notes, "Nơi nhận", the signature block (NGƯỜI LẬP BIỂU, CHỦ TỊCH,
  "(Ký, ghi rõ họ tên)", the names under it): reported once (``below-table``).  After a signature or
  Nơi nhận line nothing is a task.

Values merged over several rows (index, sub-content, Kết quả/sản phẩm, Đơn vị chủ trì, Đơn vị phối hợp,
Thời gian thực hiện, Hạn hoàn thành — as Word-style plans merge them) apply to each row they cover.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from papi_xl.contract.workbook import TASKS
from papi_xl.domain.text import fold
from papi_xl.inputs.header import NUMBERING

MERGED_APPLY_TO_EACH_ROW = ("index", "sub", "output", "lead", "coord", "timeline", "due", "status", "result",
                            "evidence", "done_date")
DROPDOWN = frozenset({"index", "sub", "lead", "status", "code", "tt"})  # values a clerk drags down
LABEL_KEYS = ("tt", "index", "sub", "task")  # where a footer line starts
# a line under the table that ends it: after it nothing is a task
_END = re.compile(r"^(?:noi nhan|nguoi lap|can bo lap|nguoi ky|chu tich|pho chu tich|t ?m (?:uy ban|ubnd)|"
                  r"kt chu tich|thu truong|xac nhan|ky ghi ro|ky ten|ky va ghi ro|ky dong dau|luu vt|nhu tren)\b")
# a line under (or inside) the table that is not a task, but may be followed by more tasks
# ("Cộng chỉ số 1: 12 nhiệm vụ", a sub-total a clerk inserts per index or sub-content inside the table)
_NOT_A_TASK = re.compile(r"^(?:tong cong|tong so|cong(?: \d|$)|cong (?:chi so|noi dung|muc|phan|nhom|linh vuc)\b|"
                         r"tong (?:chi so|noi dung|muc)\b|ghi chu|luu y)\b")


@dataclass
class TableRows:
    """The outcome: kept task rows (positions in the body), whether their index / sub-content was carried
    down, and the runs of rows left out (first and last body position, and what they held)."""

    tasks: list[int] = field(default_factory=list)
    index_carried: list[bool] = field(default_factory=list)
    sub_carried: list[bool] = field(default_factory=list)
    ignored: list[tuple[int, int, set[str]]] = field(default_factory=list)  # (first, last, fields present)
    below: list[tuple[int, int, str]] = field(default_factory=list)  # (first, last, first text)


def carry_merged(rows: list[list], merged: list, mapping: dict[str, int]) -> list[tuple[int, int]]:
    """Copy the top cell of a vertical merge into each row it covers, in the columns where a merged value
    means "the same for each row" (an index label, a lead unit, a status merged over its tasks...).

    A row whose TT cell *and* Tiến độ cell (and Đơn vị chủ trì, when the row above has one) are merged with
    the row above is not a task of its own: it is the rest of that task, split over rows when a Word table
    was pasted (each paragraph of a cell becomes a row, every other cell is merged).  Its own texts are
    joined to the task above and the row is emptied.  Returns (top row, joined row) pairs, 0-based."""
    columns = {mapping[k] for k in MERGED_APPLY_TO_EACH_ROW if k in mapping}
    vertical = [r for r in (_span(x) for x in merged) if r is not None]
    joined = _join_split_rows(rows, vertical, mapping)
    emptied = {r for _, r in joined}
    for r0, c0, r1, c1 in vertical:
        if r1 - r0 <= 5000 and all(c in columns for c in range(c0, c1 + 1)):
            _fill(rows, (r0, c0, r1, c1), emptied)
    return joined


def _fill(rows: list[list], span: tuple[int, int, int, int], emptied: set[int]) -> None:
    """The top cell of one merged range written into the empty cells it covers (not in joined rows)."""
    r0, c0, r1, c1 = span
    if r0 >= len(rows) or c0 >= len(rows[r0]):
        return
    value = rows[r0][c0]
    for r in range(r0, min(r1 + 1, len(rows))):
        if r in emptied:
            continue
        for c in range(c0, min(c1 + 1, len(rows[r]))):
            if rows[r][c] in ("", None):
                rows[r][c] = value


def _span(rng) -> tuple[int, int, int, int] | None:
    """A merged range as (first row, first column, last row, last column), or None when unreadable."""
    try:
        (r0, c0), (r1, c1) = rng
        return int(r0), int(c0), int(r1), int(c1)
    except (TypeError, ValueError):
        return None


def _join_split_rows(rows: list[list], spans: list[tuple[int, int, int, int]],
                     mapping: dict[str, int]) -> list[tuple[int, int]]:
    """The rows that continue the task above them (see :func:`carry_merged`), joined into it."""
    if "tt" not in mapping or "status" not in mapping:
        return []
    top: dict[int, dict[int, int]] = {}  # column -> {covered row below the top: top row}
    for r0, c0, r1, c1 in spans:
        if c0 == c1 and 0 < r1 - r0 <= 50:
            cover = top.setdefault(c0, {})
            cover.update(dict.fromkeys(range(r0 + 1, r1 + 1), r0))
    tt, status, lead = mapping["tt"], mapping["status"], mapping.get("lead")
    joined = []
    for r, anchor in sorted(top.get(tt, {}).items()):
        if top.get(status, {}).get(r) != anchor or r >= len(rows):
            continue
        if lead is not None and _has(rows[anchor], lead) and top.get(lead, {}).get(r) != anchor:
            continue
        _append_row(rows, anchor, r, {c for c, cover in top.items() if cover.get(r) == anchor})
        joined.append((anchor, r))
    return joined


def _has(row: list, c: int) -> bool:
    return c < len(row) and row[c] not in ("", None)


def _append_row(rows: list[list], anchor: int, r: int, merged_columns: set[int]) -> None:
    """Row ``r``'s own texts appended to row ``anchor`` (a new line each), then row ``r`` emptied."""
    top, row = rows[anchor], rows[r]
    for c, value in enumerate(row):
        if c in merged_columns or value in ("", None) or c >= len(top):
            continue
        if top[c] in ("", None):
            top[c] = value
        elif isinstance(value, str) and isinstance(top[c], str):
            top[c] = f"{top[c]}\n{value}"
    rows[r] = [""] * len(row)


def _footer(present: dict[str, str], has_task: bool) -> str:
    """"end" / "line" when the row is a line under the table, "" otherwise."""
    for key in LABEL_KEYS:
        text = present.get(key)
        if not text:
            continue
        if key == "task" and (present.get("lead") or present.get("status")):
            break  # a task row that happens to start with such a word
        k = fold(text)
        if _END.match(k):
            return "end"
        if _NOT_A_TASK.match(k):
            return "line"
        break
    if not has_task and not present.get("lead") and any(
            _END.match(fold(t)) for k, t in present.items() if k not in DROPDOWN):
        return "end"  # "TM. ỦY BAN NHÂN DÂN" in the result column of a row without a task
    return ""


class _Blocks:
    """Runs of left-out rows: a run continues over blank rows."""

    def __init__(self) -> None:
        self.runs: list[list] = []
        self.open = False

    def add(self, i: int, what) -> None:
        if self.open:
            run = self.runs[-1]
            run[1] = i
            if isinstance(run[2], set):
                run[2] |= what
            return
        self.runs.append([i, i, what])
        self.open = True

    def close(self) -> None:
        self.open = False

    def spans(self) -> list[tuple]:
        """The runs as (first, last, what) tuples."""
        return [(a, b, what) for a, b, what in self.runs]


def classify(text_cols: dict[str, list[str]], n: int, header_folds: set[str]) -> TableRows:
    """Which of the ``n`` body rows are tasks (see the module docstring).  Writes the carried index /
    sub-content labels into ``text_cols`` for the task rows."""
    keys = list(text_cols)
    out = TableRows()
    ignored, below = _Blocks(), _Blocks()
    empty = [""] * n
    index_col, sub_col = text_cols.get("index", empty), text_cols.get("sub", empty)
    task_col = text_cols.get("task", empty)
    context = {"index": "", "sub": ""}
    ended = seen_task = False
    is_header: dict[str, bool] = {}  # a text is a header's (len <= 80, folds to one), once per distinct text
    for i, cells in _body_rows(text_cols, keys):
        present = {k: t for k, t in zip(keys, cells, strict=True) if t}
        if not present:
            continue  # blank rows neither open nor close a run
        if all(NUMBERING.match(t) for t in present.values()) and (not seen_task or len(present) >= 3):
            continue  # the numbering row (1) (2) … under the header, or repeated after a page break
        if len(present) >= 3 and _header_cells(present.values(), header_folds, is_header) >= 3:
            continue  # header repeated after a page break
        has_task = bool(task_col[i])
        kind = "end" if ended else _footer(present, has_task)
        if kind:
            ended = _line_below(i, present, kind, ended, ignored, below)
            continue
        below.close()
        if not has_task and set(present) <= DROPDOWN:
            _dropdown_row(i, present, context, ignored)
            continue
        ignored.close()
        seen_task = True
        _keep(out, i, index_col, sub_col, context, text_cols)
    out.ignored = ignored.spans()
    out.below = below.spans()
    return out


def _body_rows(text_cols: dict[str, list[str]], keys: list[str]):
    """(position, cell texts in ``keys`` order) for each body row; none when no column is mapped."""
    return enumerate(zip(*(text_cols[k] for k in keys), strict=True)) if keys else ()


def _line_below(i: int, present: dict[str, str], kind: str, ended: bool, ignored: _Blocks, below: _Blocks) -> bool:
    """A line under the table joins the run of such lines; returns whether the table has ended (an "end"
    line, this one or an earlier one)."""
    ended = ended or kind == "end"
    ignored.close()
    below.add(i, next(iter(present.values())))
    return ended


def _dropdown_row(i: int, present: dict[str, str], context: dict[str, str], ignored: _Blocks) -> None:
    """Dropdown values only: a heading that changes the context, or a left-out row (joins the run)."""
    if _is_heading(present, context):
        ignored.close()
        _enter(context, present)
    else:
        ignored.add(i, set(present))


def _header_cells(texts, header_folds: set[str], memo: dict[str, bool]) -> int:
    """How many of ``texts`` are header texts."""
    hits = 0
    for t in texts:
        hit = memo.get(t)
        if hit is None:
            hit = memo[t] = len(t) <= 80 and fold(t) in header_folds
        hits += hit
    return hits


def _is_heading(present: dict[str, str], context: dict[str, str]) -> bool:
    """Only an index / sub-content label (and maybe TT) that changes the context."""
    if not set(present) <= {"index", "sub", "tt"} or not ({"index", "sub"} & set(present)):
        return False
    index, sub = present.get("index", ""), present.get("sub", "")
    return bool((index and fold(index) != fold(context["index"])) or (sub and fold(sub) != fold(context["sub"])))


def _enter(context: dict[str, str], present: dict[str, str]) -> None:
    if present.get("index"):
        if fold(present["index"]) != fold(context["index"]):
            context["sub"] = ""
        context["index"] = present["index"]
    if present.get("sub"):
        context["sub"] = present["sub"]


def _keep(out: TableRows, i: int, index_col: list[str], sub_col: list[str], context: dict[str, str],
          text_cols: dict[str, list[str]]) -> None:
    """A task row: its own index / sub-content, or the ones carried down from above."""
    index, sub = index_col[i], sub_col[i]
    same_index = not index or fold(index) == fold(context["index"])
    c_index = c_sub = False
    if index:
        context["index"] = index
    elif context["index"]:
        index, c_index = context["index"], True
    if sub:
        context["sub"] = sub
    elif context["sub"] and same_index:
        sub, c_sub = context["sub"], True
    if not same_index and not sub:
        context["sub"] = ""
    if "index" in text_cols:
        index_col[i] = index
    if "sub" in text_cols:
        sub_col[i] = sub
    out.tasks.append(i)
    out.index_carried.append(c_index)
    out.sub_carried.append(c_sub)


def field_names(keys: set[str]) -> str:
    """The Vietnamese headers of some fields, in the sheet's column order: "Tiến độ, Đơn vị chủ trì"."""
    return ", ".join(c.header for c in TASKS.columns if c.key in keys)
