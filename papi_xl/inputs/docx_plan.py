"""From the Word plan to the canonical workbook (``papi-xl import-docx``).

Finds the task table(s) of the plan's appendix by their header text, reads
what Word tables really contain, and maps every row onto the canonical
columns and the catalog:

* a table split over pages (header repeated in each piece), spacer rows;
* vertically merged cells (an index or sub-content spanning many rows) and
  horizontally merged cells;
* rows whose cells slid one column left (a sub-content label in the index
  column, a task in the sub-content column);
* a task continued on the next page (a row with only task / result text)
  or split over two rows (task and time on one, the units on the next);
* one sub-content cell naming several sub-contents ("a) … b) …") merged over
  several task rows: the rows take the labels in order;
* a merged index label shown on a row below the first task of its group
  (the sub-content then decides the index, reported).

Nothing is dropped silently: :class:`ImportReport` lists the rows imported,
the cells that could not be placed and the names matched approximately.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from papi_xl import messages as msg
from papi_xl.contract.workbook import Metadata
from papi_xl.domain.catalog import Catalog, load_catalog
from papi_xl.domain.text import clean, fold, one_line, same_label
from papi_xl.errors import UnreadableInput
from papi_xl.inputs.header import is_numbering_row, map_header

PLAN_KEYS = ("index", "sub", "task", "output", "lead", "coord", "timeline")
_LABEL = re.compile(r"(?:(?<=\s)|^)([a-zđ])\)\s+", re.IGNORECASE)
_TERMINAL = re.compile(r"[.;:!?…]\s*$")


@dataclass
class ImportReport:
    tables: int = 0
    rows_read: int = 0
    tasks: int = 0
    unplaced: list[str] = field(default_factory=list)
    approximate: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"Đọc {self.tables} bảng, {self.rows_read} dòng; nhập {self.tasks} nhiệm vụ."]
        out += [f"Không đặt được: {u}" for u in self.unplaced]
        out += [f"Khớp gần đúng: {a}" for a in self.approximate]
        out += [f"Ghi chú: {n}" for n in self.notes]
        return out


@dataclass
class Cell:
    text: str
    continued: bool = False  # a vertical-merge continuation (the text repeats the cell above)


# -- reading the document ----------------------------------------------------------
def _cell_text(tc_cell) -> str:
    """Paragraphs (list items included) become lines of the cell."""
    return "\n".join(t for t in (clean(p.text) for p in tc_cell.paragraphs) if t)


def _table_rows(table) -> list[list[Cell]]:
    """Rows of cells; python-docx gives a vertically merged cell's top cell on every row it spans,
    so a cell is a continuation when the row above held the very same cell."""
    rows, above = [], []
    for row in table.rows:
        cells, seen, tcs = [], set(), []
        for col, c in enumerate(row.cells):
            tc = c._tc
            tcs.append(tc)
            if id(tc) in seen:  # a horizontally merged cell repeats: keep its text once
                cells.append(Cell(""))
                continue
            seen.add(id(tc))
            continued = col < len(above) and above[col] is tc
            cells.append(Cell(_cell_text(c), continued))
        rows.append(cells)
        above = tcs
    return rows


def _metadata(doc) -> Metadata:
    meta = Metadata()
    text = "\n".join(clean(p.text) for p in doc.paragraphs[:80])
    for t in doc.tables[:2]:  # the heading block is often a 2-column table
        for row in t.rows:
            text += "\n" + "\n".join(clean(c.text) for c in row.cells)
    m = re.search(r"Số\s*:\s*(\d+/[\w\-ĐđÐ]+)", text)
    if m:
        meta.plan_number = m.group(1)
    m = re.search(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", text, re.IGNORECASE)
    if m:
        try:
            meta.plan_date = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            pass
    m = re.search(r"\b(XÃ|PHƯỜNG|THỊ TRẤN)\s+([A-ZÀ-ỸĐ][A-ZÀ-ỸĐ ]+?)\s+NĂM\s+(\d{4})", text)
    if m:
        meta.unit = f"{m.group(1).capitalize()} {m.group(2).strip().title()}"
        meta.year = int(m.group(3))
    elif meta.plan_date:
        meta.year = meta.plan_date.year
    return meta


# -- rows -> tasks -----------------------------------------------------------------------
def _labels(text: str) -> list[str]:
    """Split "a) Tri thức công dân b) Cơ hội tham gia" into its labelled parts."""
    text = one_line(text)
    starts = [m.start(1) for m in _LABEL.finditer(text)]
    if len(starts) <= 1:
        return [text] if text else []
    return [text[a:b].strip() for a, b in zip(starts, starts[1:] + [len(text)], strict=True)]


def _is_label(text: str) -> bool:
    return bool(re.match(r"^\s*[a-zđ]\)\s+\S", text, re.IGNORECASE))


def _looks_like_task(text: str) -> bool:
    return len(text) > 60 or text.lstrip().startswith(("-", "•", "+")) or "\n" in text


def _fix_shift(row: dict, extra: list[str], report: ImportReport, where: str) -> dict:
    """A row that slid one column left: sub label in the index column, task in the sub column."""
    index, sub = row.get("index", ""), row.get("sub", "")
    if _is_label(index) and row["_continued"].get("sub"):
        sub = ""  # the row's own (slid) label wins over a merged cell reaching down from above
    slid = not _is_label(sub) and _looks_like_task(sub)
    if not slid:
        if _is_label(index) and not sub:  # only the label slid
            row["index"], row["sub"] = "", index
            row["_continued"]["sub"] = False
        return row
    values = [row[k] for k in PLAN_KEYS]
    if _is_label(index):
        values = ["", *values]  # everything from the index column moves one right
    else:
        values = [values[0], "", *values[1:]]  # from the sub column
    overflow = values[len(PLAN_KEYS):] + extra
    values = values[: len(PLAN_KEYS)]
    fixed = dict(zip(PLAN_KEYS, values, strict=True))
    fixed["_continued"] = {"index": False, "sub": False}
    spill = [v for v in overflow if v]
    if spill and not fixed["timeline"]:
        fixed["timeline"] = spill.pop(0)
    for v in spill:
        report.unplaced.append(f"{where}: '{one_line(v)[:60]}'")
    report.notes.append(f"{where}: dòng bị lệch cột trong Word, đã dịch sang phải một cột")
    return fixed


def _join(a: str, b: str) -> str:
    if not a:
        return b
    if not b:
        return a
    return a + ("\n" if _TERMINAL.search(a) else " ") + b


def import_docx(path: str | Path, catalog: Catalog | None = None) -> tuple[Metadata, list[dict], ImportReport]:
    """Read a plan .docx: (metadata, task rows with catalog codes, report). Raises ReadError."""
    import docx

    path = Path(path)
    try:
        doc = docx.Document(str(path))
    except Exception as exc:
        raise UnreadableInput(msg.NOT_A_DOCX.format(name=path.name, reason=type(exc).__name__), "not-a-docx") from exc
    catalog = catalog or load_catalog()
    report = ImportReport()
    meta = _metadata(doc)

    # 1. the task tables: any table whose header row maps the plan's columns
    raw: list[tuple[str, dict[str, Cell], list[str]]] = []
    mapping = None
    for ti, table in enumerate(doc.tables):
        rows = _table_rows(table)
        if not rows:
            continue
        start = 0
        header = map_header([c.text for c in rows[0]])[0]
        if "task" in header and len(header) >= 4:
            mapping, start = header, 1
        elif mapping is None:
            continue  # not a task table (heading block, signatures)
        elif len(rows[0]) != max(mapping.values()) + 1:
            continue
        report.tables += 1
        for ri, cells in enumerate(rows[start:], start=start + 1):
            texts = [c.text for c in cells]
            if not any(texts) or is_numbering_row(texts):
                continue
            if "task" in map_header(texts)[0] and len(map_header(texts)[0]) >= 4:
                continue  # the header repeated
            row = {k: cells[i] for k, i in mapping.items() if i < len(cells)}
            extra = [c.text for j, c in enumerate(cells) if j not in mapping.values()]
            raw.append((f"bảng {ti + 1}, dòng {ri}", row, extra))
    if mapping is None:
        raise UnreadableInput(msg.NO_TASK_TABLE.format(name=path.name), "no-task-table")
    report.rows_read = len(raw)

    # 2. shifted rows, continuations, rows split in two
    rows: list[dict] = []
    for where, cells, extra in raw:
        row = {k: (cells[k].text if k in cells else "") for k in PLAN_KEYS}
        row["_continued"] = {k: cells[k].continued for k in ("index", "sub") if k in cells}
        continued = row["_continued"]
        row = {**_fix_shift(row, extra, report, where), "_continued": continued, "_where": where}
        has_units = row["lead"] or row["coord"]
        if rows and not row["index"] and not row["sub"] and not has_units and not row["timeline"] \
                and (row["task"] or row["output"]):
            prev = rows[-1]  # a task continued on the next page
            prev["task"] = _join(prev["task"], row["task"])
            prev["output"] = _join(prev["output"], row["output"])
            report.notes.append(f"{where}: nối tiếp nhiệm vụ ở {prev['_where']} (bảng bị ngắt trang)")
            continue
        if rows and not row["task"] and has_units and rows[-1]["task"] and not rows[-1]["lead"] \
                and not rows[-1]["coord"]:
            prev = rows[-1]  # the units of the task above, on their own row
            for k in ("sub", "output", "lead", "coord", "timeline"):
                prev[k] = prev[k] or row[k]
            report.notes.append(f"{where}: gộp với {prev['_where']} (một nhiệm vụ bị tách hai dòng)")
            continue
        if not row["task"]:
            if row["sub"] and not row["_continued"].get("sub"):
                report.notes.append(f"{where}: nội dung '{one_line(row['sub'])[:50]}' không có nhiệm vụ nào")
            elif any(row[k] for k in ("output", "lead", "coord", "timeline")):
                report.unplaced.append(f"{where}: dòng không có nhiệm vụ ({one_line(' | '.join(row[k] for k in PLAN_KEYS if row[k]))[:80]})")
            rows.append({**row, "_group_only": True})
            continue
        rows.append(row)

    # 3. carry index / sub-content down; several labels in one merged cell go to the rows in order
    tasks: list[dict] = []
    index_text, labels, pos, used = "", [], 0, False
    for row in rows:
        new_sub = bool(row["sub"]) and not row["_continued"].get("sub")
        if row["index"] and not row["_continued"].get("index") and row["index"] != index_text:
            index_text = row["index"]
            if not new_sub:
                labels, pos, used = [], 0, False  # a new index does not inherit the previous sub-contents
        if new_sub:
            labels, pos, used = _labels(row["sub"]), 0, False
        if row.get("_group_only"):
            continue
        if used and labels:
            pos = min(pos + 1, len(labels) - 1)  # the next task row takes the next label of the cell
        used = True
        sub_text = labels[pos] if labels else ""
        task = {k: row[k] for k in ("task", "output", "lead", "coord", "timeline")}
        task.update(_place(index_text, sub_text, catalog, report, row["_where"]))
        if len(labels) > 1:
            task["note"] = f"Phụ lục gộp ô '{one_line(' '.join(labels))[:80]}'"
        tasks.append(task)
    report.tasks = len(tasks)
    return meta, tasks, report


def _place(index_text: str, sub_text: str, catalog: Catalog, report: ImportReport, where: str) -> dict:
    """Catalog codes for an index / sub-content pair, reporting approximate matches."""
    out = {"index": None, "sub": None}
    index = catalog.match_index(index_text) if index_text else None
    if index:
        out["index"] = index.value
        if not same_label(index_text, catalog.get(index.value).label) and fold(index_text) != fold(
                catalog.get(index.value).name):
            report.approximate.append(f"{where}: '{one_line(index_text)[:50]}' → '{catalog.get(index.value).label}'")
    elif index_text:
        report.unplaced.append(f"{where}: chỉ số '{one_line(index_text)[:60]}' không có trong danh mục")
        out["index"] = index_text
    if sub_text:
        sub = catalog.match_sub(sub_text, out["index"]) if index else None
        if sub is None:
            anywhere = catalog.match_sub_anywhere(sub_text)
            if anywhere:
                sub = anywhere
                item = catalog.get(anywhere.value)
                if index and item.index_code != out["index"]:
                    report.notes.append(f"{where}: '{item.label}' thuộc chỉ số {item.index_code}; dùng chỉ số này "
                                        "(ô chỉ số gộp trong Word nằm lệch dòng)")
                out["index"] = item.index_code
        if sub:
            out["sub"] = sub.value
            label = catalog.get(sub.value)
            if not same_label(sub_text, label.label) and fold(sub_text) != fold(label.name):
                report.approximate.append(f"{where}: '{one_line(sub_text)[:50]}' → '{label.label}'")
        else:
            report.unplaced.append(f"{where}: nội dung '{one_line(sub_text)[:60]}' không có trong danh mục")
            out["sub"] = sub_text
    return out
