"""The task tables of a Word plan: which tables they are, what their columns mean, and their rows as tasks.

Layouts read (each one seen in real plans):

* the header found by its words, also over two rows ("Đơn vị thực hiện" over "Chủ trì | Phối hợp") and
  in the words plans use ("Nội dung thực hiện", "Nội dung công việc", "Bộ phận / Cơ quan / Đơn vị thực
  hiện", "Sản phẩm", "Thời hạn", "Lĩnh vực"); a numbering row "(1) (2) …" under it;
* a table split over pages (the header repeated, or not), spacer rows;
* the index, the sub-content or the index family written as full-width section rows
  ("I. THAM GIA CỦA NGƯỜI DÂN Ở CẤP CƠ SỞ", "II. CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (PAR INDEX)"), or only in the
  paragraph just above the table ("Chỉ số nội dung 2: …");
* vertically merged cells (an index, a unit or a time shared by several tasks) and horizontally merged
  cells; one sub-content cell naming several sub-contents ("a) … b) …") merged over several rows;
* rows whose cells slid one column left; a task continued on the next page (a row with only task text)
  or split over two rows (the units on their own row);
* a "Ghi chú" column (to Ghi chú) and any other column (its header and value go to Ghi chú).

Every non-empty cell ends up in a task or in a :class:`~papi_xl.inputs.docx.model.Skipped` entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from papi_xl.domain.catalog import Catalog, family_in
from papi_xl.domain.text import fold, one_line
from papi_xl.inputs.docx.document import Document, Para, Table
from papi_xl.inputs.docx.model import PLAN_KEYS, Found, Skipped
from papi_xl.inputs.header import NUMBERING, match_header

# headers Word plans use that the workbook's own synonyms do not cover (folded)
_WORD_HEADERS = {
    "noi dung thuc hien": "task", "noi dung cong viec": "task", "noi dung nhiem vu": "task", "cong viec": "task",
    "nhiem vu cu the": "task", "noi dung nhiem vu giai phap": "task", "cac nhiem vu": "task",
    "don vi thuc hien": "lead", "bo phan thuc hien": "lead", "co quan thuc hien": "lead", "bo phan chu tri": "lead",
    "nguoi thuc hien": "lead", "can bo thuc hien": "lead", "don vi chu tri thuc hien": "lead",
    "bo phan phoi hop": "coord", "don vi phoi hop": "coord",
    "thoi han hoan thanh": "timeline", "thoi gian thuc hien hoan thanh": "timeline", "tien do thuc hien": "timeline",
    "san pham": "output", "san pham dau ra": "output", "ket qua dau ra": "output",
    "linh vuc": "index", "chi so": "index", "ghi chu": "note",
}
_TOTAL = re.compile(r"^\s*(?:tổng cộng|tổng số|cộng|ghi chú|lưu ý|nơi nhận|người lập|chủ tịch)\b", re.IGNORECASE)
_MIN_HEADER = 3  # a task table's header names the task and at least two other fields
_LABEL = re.compile(r"(?:(?<=\s)|^)([a-zđ])\)\s+", re.IGNORECASE)
_TERMINAL = re.compile(r"[.;:!?…]\s*$")


def header_key(text: str) -> str | None:
    """The field a header cell names (the workbook's synonyms, and the words Word plans use)."""
    key = re.sub(r"\s*\b\d{1,2}\b\s*$", "", fold(text)).strip()
    if not key:
        return None
    if key in _WORD_HEADERS:
        return _WORD_HEADERS[key]
    found = match_header(text)
    return found[0] if found else None


def _map_row(texts: list[str]) -> dict[str, int]:
    """Header texts by grid column -> field -> column (each field claimed by its first column)."""
    mapping: dict[str, int] = {}
    for i, text in enumerate(texts):
        if not text or len(text) > 80:
            continue
        key = header_key(text)
        if key and key not in mapping:
            mapping[key] = i
    return mapping


@dataclass
class Slot:
    text: str
    continued: bool = False  # a vertically merged cell's continuation: the text of the cell above
    cell: int = 0  # "ô n" (0: a continuation)


def _rows(table: Table) -> list[list[Slot]]:
    """Each row by grid column: vertically merged cells carry their text down, horizontally merged cells fill
    their first column only."""
    above: dict[int, str] = {}
    out = []
    for row, line in zip(table.rows, table.grid(), strict=True):
        slots = []
        for col, (cell, continued) in enumerate(line):
            if cell is None:
                slots.append(Slot(""))
            elif continued and cell.col != col:
                slots.append(Slot(""))  # the later columns of a horizontally merged cell
            elif continued:
                slots.append(Slot(above.get(col, ""), True))
            else:
                slots.append(Slot(cell.text, False, cell.n))
                for k in range(cell.span):
                    above[col + k] = cell.text
        del row
        out.append(slots)
    return out


def _header_texts(slots: list[Slot], table: Table, r: int) -> list[str]:
    """Header texts by grid column, a horizontally merged header cell repeated over its columns."""
    texts = [s.text for s in slots]
    for cell in table.rows[r].cells:
        for k in range(1, cell.span):
            if cell.col + k < len(texts):
                texts[cell.col + k] = cell.text
    return texts


def find_header(table: Table, rows: list[list[Slot]]) -> tuple[int, int, dict[str, int], list[str]] | None:
    """(header row, rows it takes, field -> column, header text by column) in the first rows, or None."""
    for r in range(min(4, len(rows))):
        texts = _header_texts(rows[r], table, r)
        mapping = _map_row(texts)
        used = 1
        if r + 1 < len(rows):
            below = [s.text if not s.continued else "" for s in rows[r + 1]]
            if not _is_numbering(below) and any(below):
                combined = [f"{a} {b}".strip() if b and b != a else a for a, b in zip(texts, below, strict=False)]
                m2 = _map_row(combined)
                if len(m2) > len(mapping) and all(len(t) <= 80 for t in below if t):
                    mapping, texts, used = m2, combined, 2
        if "task" in mapping and len(mapping) >= _MIN_HEADER:
            return r, used, mapping, texts
    return None


def _is_numbering(texts: list[str]) -> bool:
    present = [t for t in texts if t]
    return bool(present) and all(NUMBERING.match(t) for t in present)


def _table_text(table: Table) -> str:
    return " | ".join(c.text for row in table.rows for c in row.cells if c.text)


def _row_text(slots: list[Slot]) -> str:
    return " | ".join(s.text for s in slots if s.text and not s.continued)


@dataclass
class _Row:
    where: str
    values: dict[str, str]
    continued: dict[str, bool]
    extra: dict[str, str]  # header -> value of columns that are no field
    tt: str = ""
    section_family: str | None = None
    section_index: str = ""  # a section row's text, or the paragraph above the table
    section_index_code: str | None = None
    section_sub: str = ""
    section_sub_code: str | None = None
    group_only: bool = False
    places: list[str] = field(default_factory=list)


@dataclass
class TableResult:
    found: list[Found]
    skipped: list[Skipped]
    notes: list[str]
    unplaced: list[tuple[str, str]]  # (where, text)
    tables: int = 0  # task tables read
    rows: int = 0  # their data rows
    task_tables: list[int] = field(default_factory=list)


class TableReader:
    """Reads every task table of a document; the catalog decides section rows and slid cells."""

    def __init__(self, catalog: Catalog, default_family: str | None):
        self.catalog = catalog
        self.default_family = default_family
        self.skipped: list[Skipped] = []
        self.notes: list[str] = []
        self.unplaced: list[tuple[str, str]] = []

    def read(self, doc: Document) -> TableResult:
        result = TableResult([], self.skipped, self.notes, self.unplaced)
        mapping: dict[str, int] | None = None
        headers: list[str] = []
        width = 0
        last_para: Para | None = None
        raw: list[_Row] = []
        family: str | None = None
        for block in doc.blocks:
            if isinstance(block, Para):
                if block.text:
                    last_para = block
                continue
            table = block
            rows = _rows(table)
            if not rows:
                continue
            header = find_header(table, rows)
            start = 0
            if header is not None:
                r0, used, mapping, headers = header
                width = table.width
                for r in range(r0 + used):
                    if _row_text(rows[r]):
                        self.skipped.append(Skipped(table.where(table.rows[r].n), _row_text(rows[r]),
                                                    "dòng tiêu đề của bảng nhiệm vụ"))
                start = r0 + used
            elif mapping is None or table.width != width:
                if _table_text(table):
                    self.skipped.append(Skipped(table.where(), _table_text(table), _why_not_tasks(table, doc)))
                last_para = None
                continue
            result.tables += 1
            result.task_tables.append(table.n)
            above = self._paragraph_above(last_para)
            if above is not None:
                family = above[0] or family
            section: dict = {"family": family, "index": "", "index_code": None, "sub": "", "sub_code": None}
            if above is not None and above[1]:
                section.update(index=above[1], index_code=above[2])
            for r, slots in enumerate(rows[start:], start=start):
                raw_row = self._row(table, r, slots, mapping, headers, section)
                if raw_row is not None:
                    raw.append(raw_row)
            family = section["family"]
            last_para = None
        result.rows = len(raw)
        result.found = self._tasks(self._join(raw))
        return result

    def _paragraph_above(self, para: Para | None) -> tuple[str | None, str, str | None] | None:
        """(family, index text, index code) named by the paragraph just above a task table ("Chỉ số nội dung 2:
        …", "II. CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (PAR INDEX)"); None when it names neither."""
        if para is None or len(para.text) > 160:
            return None
        fam = family_in(para.text)
        m = self.catalog.match_index(para.text, fam or self.default_family)
        if m is None and fam is None:
            return None
        return fam, para.text if m else "", m.value if m else None

    def _row(self, table: Table, r: int, slots: list[Slot], mapping: dict[str, int], headers: list[str],
             section: dict) -> _Row | None:
        where = table.where(table.rows[r].n)
        own = [s for s in slots if s.text and not s.continued]
        if not own:
            return None
        texts = [s.text if not s.continued else "" for s in slots]
        if _is_numbering(texts):
            self.skipped.append(Skipped(where, _row_text(slots), "dòng đánh số cột (1), (2)…"))
            return None
        again = _map_row(texts)
        if "task" in again and len(again) >= _MIN_HEADER and all(len(t) <= 80 for t in texts if t):
            self.skipped.append(Skipped(where, _row_text(slots), "dòng tiêu đề lặp lại (bảng sang trang)"))
            return None
        cells = {c.n: c for c in table.rows[r].cells}
        if len(own) == 1 and (cells.get(own[0].cell) is not None and cells[own[0].cell].span >= 2
                              and cells[own[0].cell].span >= table.width - 1):
            self._section_row(where, own[0].text, section)
            return None
        values = {k: slots[i].text if i < len(slots) else "" for k, i in mapping.items()}
        continued = {k: slots[i].continued if i < len(slots) else False for k, i in mapping.items()}
        used = set(mapping.values())
        extra = {}
        for i, s in enumerate(slots):
            if i not in used and s.text and not s.continued:
                extra[headers[i] if i < len(headers) and headers[i] else f"Cột {i + 1}"] = s.text
        tt = values.pop("tt", "")
        return _Row(where, values, continued, extra, tt, section["family"], section["index"], section["index_code"],
                    section["sub"], section["sub_code"], places=[where])

    def _section_row(self, where: str, text: str, section: dict) -> None:
        """A full-width row: an index family, a content index, a sub-content, a total or note under the table, or
        a heading the catalog lacks."""
        if _TOTAL.match(text):
            self.skipped.append(Skipped(where, text, "dòng tổng cộng / ghi chú trong bảng, không phải nhiệm vụ"))
            return
        fam = family_in(text)
        if fam is not None:
            section.update(family=fam, index="", index_code=None, sub="", sub_code=None)
            self.skipped.append(Skipped(where, text, f"dòng tiêu đề họ chỉ số ({fam.upper()})"))
            return
        m = self.catalog.match_index(text, section["family"] or self.default_family)
        s = self.catalog.match_sub(text, section["index_code"]) if section["index_code"] else None
        if m is not None and (s is None or m.score > s.score):
            item = self.catalog.get(m.value)
            section.update(index=text, index_code=m.value, sub="", sub_code=None)
            self.skipped.append(Skipped(where, text, f"dòng tiêu đề chỉ số nội dung: {item.label if item else m.value}"))
            return
        if section["index_code"]:
            if s is not None:
                item = self.catalog.get(s.value)
                section.update(sub=text, sub_code=s.value)
                self.skipped.append(Skipped(where, text,
                                            f"dòng tiêu đề nội dung thành phần: {item.label if item else s.value}"))
                return
        section.update(index=text, index_code=None, sub="", sub_code=None)
        self.skipped.append(Skipped(where, text, "dòng tiêu đề không có trong danh mục: các nhiệm vụ bên dưới "
                                                 "chưa xác định được chỉ số"))

    # -- rows -> tasks ---------------------------------------------------------------------------------
    def _join(self, raw: list[_Row]) -> list[_Row]:
        """Slid rows, tasks continued on the next page, tasks split over two rows."""
        rows: list[_Row] = []
        for row in raw:
            self._fix_shift(row)
            v = row.values
            has_units = v.get("lead") or v.get("coord")
            own_index = v.get("index") and not row.continued.get("index")
            own_sub = v.get("sub") and not row.continued.get("sub")
            if rows and not own_index and not own_sub and not has_units and not v.get("timeline") \
                    and (v.get("task") or v.get("output")) and not row.tt and not rows[-1].group_only:
                prev = rows[-1]  # a task continued on the next page
                prev.values["task"] = _join(prev.values.get("task", ""), v.get("task", ""))
                prev.values["output"] = _join(prev.values.get("output", ""), v.get("output", ""))
                prev.places += row.places
                self.notes.append(f"{row.where}: nối tiếp nhiệm vụ ở {prev.where} (bảng bị ngắt trang)")
                continue
            if rows and not v.get("task") and has_units and rows[-1].values.get("task") \
                    and not rows[-1].values.get("lead") and not rows[-1].values.get("coord"):
                prev = rows[-1]  # the units of the task above, on their own row
                for k in ("sub", "output", "lead", "coord", "timeline"):
                    prev.values[k] = prev.values.get(k) or v.get(k, "")
                prev.places += row.places
                self.notes.append(f"{row.where}: gộp với {prev.where} (một nhiệm vụ bị tách hai dòng)")
                continue
            if not v.get("task"):
                if own_sub:
                    self.notes.append(f"{row.where}: nội dung '{one_line(v['sub'])[:50]}' không có nhiệm vụ nào")
                rest = [x for k, x in v.items() if x and k not in ("index", "sub") and not row.continued.get(k)]
                rest += list(row.extra.values())
                if rest:
                    self.unplaced.append((row.where, " | ".join(rest)))
                row.group_only = True
            rows.append(row)
        return rows

    def _fix_shift(self, row: _Row) -> None:
        """A row that slid one column left: a sub label in the index column, the task in the sub column."""
        v = row.values
        if "index" not in v or "sub" not in v or "task" not in v:
            return
        index, sub = v.get("index", ""), v.get("sub", "")
        if _is_label(index) and row.continued.get("sub"):
            sub = ""  # the row's own (slid) label wins over a merged cell reaching down from above
        named = self.catalog.match_sub_anywhere(sub) or self.catalog.match_index(sub) if sub else None
        slid = not _is_label(sub) and _looks_like_task(sub) and (named is None or named.score < 0.95)
        if not slid:
            if _is_label(index) and not sub:  # only the label slid
                v["index"], v["sub"] = "", index
                row.continued["sub"] = False
            return
        keys = [k for k in PLAN_KEYS if k in v]
        values = [v[k] for k in keys]
        if _is_label(index):
            values = ["", *values]
        else:
            values = [values[0], "", *values[1:]]
        overflow = values[len(keys):] + list(row.extra.values())
        values = values[:len(keys)]
        for k, x in zip(keys, values, strict=True):
            v[k] = x
        row.continued["index"] = row.continued["sub"] = False
        spill = [x for x in overflow if x]
        if spill and not v.get("timeline"):
            v["timeline"] = spill.pop(0)
            row.extra = {}
        for x in spill:
            self.unplaced.append((row.where, x))
        self.notes.append(f"{row.where}: dòng bị lệch cột trong Word, đã dịch sang phải một cột")

    def _tasks(self, rows: list[_Row]) -> list[Found]:
        """Carry the index / sub-content down; several labels in one merged cell go to the rows in order."""
        out: list[Found] = []
        index_text, pos, used = "", 0, False
        labels: list[str] = []
        last_section = None
        for row in rows:
            v = row.values
            section_key = (row.section_family, row.section_index, row.section_sub)
            if section_key != last_section:
                last_section = section_key
                if row.section_index and not v.get("index"):
                    index_text = ""
                    if not v.get("sub"):
                        labels, pos, used = [], 0, False
            new_sub = bool(v.get("sub")) and not row.continued.get("sub")
            if v.get("index") and not row.continued.get("index") and v["index"] != index_text:
                index_text = v["index"]
                if not new_sub:
                    labels, pos, used = [], 0, False
            if new_sub:
                labels, pos, used = _labels(v["sub"]), 0, False
            if row.group_only:
                continue
            if used and labels:
                pos = min(pos + 1, len(labels) - 1)
            used = True
            sub_text = labels[pos] if labels else ""
            note_parts = [v.get("note", "")] if v.get("note") else []
            note_parts += [f"{h}: {x}" for h, x in row.extra.items()]
            if len(labels) > 1:
                note_parts.append(f"Phụ lục gộp ô '{one_line(' '.join(labels))[:80]}'")
            found = Found(row.where, v.get("task", ""), index_text or row.section_index, sub_text or row.section_sub,
                          v.get("output", ""), v.get("lead", ""), v.get("coord", ""), v.get("timeline", ""),
                          "\n".join(note_parts), row.section_family,
                          None if index_text else row.section_index_code,
                          None if sub_text else row.section_sub_code, places=row.places)
            found.extra = {k: x for k, x in v.items() if k not in (*PLAN_KEYS, "note") and x}
            if "index" in v:
                found.extra["_index_column"] = "1"
            if row.tt:
                found.extra["tt"] = row.tt
            out.append(found)
        return out


def _why_not_tasks(table: Table, doc: Document) -> str:
    text = fold(_table_text(table))
    if "noi nhan" in text or "tm uy ban" in text or "chu tich" in text:
        return "khối chữ ký, nơi nhận (không phải bảng nhiệm vụ)"
    if "cong hoa xa hoi chu nghia" in text or re.search(r"\bso\b", text) and "kh" in text.split():
        return "khối tiêu đề văn bản: cơ quan, số, ngày (không phải bảng nhiệm vụ)"
    if any(t.parent == table.n for t in doc.tables):
        return "khung chứa bảng nhiệm vụ (tiêu đề của bảng bên trong)"
    return "bảng không có dòng tiêu đề nhiệm vụ (không phải bảng nhiệm vụ)"


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


def _join(a: str, b: str) -> str:
    if not a:
        return b
    if not b:
        return a
    return a + ("\n" if _TERMINAL.search(a) else " ") + b
