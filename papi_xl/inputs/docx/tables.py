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
from papi_xl.inputs.docx.assign import split_roles
from papi_xl.inputs.docx.document import Document, Para, Table
from papi_xl.inputs.docx.model import PLAN_KEYS, Found, Skipped
from papi_xl.inputs.header import NUMBERING, match_header

# headers Word plans use that the workbook's own synonyms do not cover (folded)
_WORD_HEADERS = {
    "noi dung thuc hien": "task", "noi dung cong viec": "task", "noi dung nhiem vu": "task", "cong viec": "task",
    "nhiem vu cu the": "task", "noi dung nhiem vu giai phap": "task", "cac nhiem vu": "task",
    "don vi thuc hien": "lead", "bo phan thuc hien": "lead", "co quan thuc hien": "lead", "bo phan chu tri": "lead",
    "nguoi thuc hien": "lead", "can bo thuc hien": "lead", "don vi chu tri thuc hien": "lead",
    "can bo phu trach": "lead", "cong chuc phu trach": "lead", "can bo cong chuc phu trach": "lead",
    "nguoi phu trach": "lead", "bo phan phu trach": "lead", "don vi phu trach": "lead",
    "bo phan phoi hop": "coord", "don vi phoi hop": "coord",
    "thoi han hoan thanh": "timeline", "thoi gian thuc hien hoan thanh": "timeline", "tien do thuc hien": "timeline",
    "san pham": "output", "san pham dau ra": "output", "ket qua dau ra": "output",
    "linh vuc": "index", "chi so": "index", "ghi chu": "note",
}
# the workbook's progress columns as a plan's header means them: when (Thời gian), what (Sản phẩm), or no field
_PLAN_READING = {"due": "timeline", "status": "timeline", "result": "output", "evidence": "", "done_date": "",
                 "code": ""}
_TOTAL = re.compile(r"^\s*(?:tổng cộng|tổng số|cộng|ghi chú|lưu ý|nơi nhận|người lập|chủ tịch)\b", re.IGNORECASE)
_MIN_HEADER = 3  # a task table's header names the task and at least two other fields
_LABEL = re.compile(r"(?:(?<=\s)|^)([a-zđ])\)\s+", re.IGNORECASE)
_TERMINAL = re.compile(r"[.;:!?…]\s*$")
_SECTION_NUMBER = re.compile(r"^\s*(?:[IVXL]{1,5}|[A-Z])\s*[.)]?\s*$")


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
    """Header texts by grid column -> field -> column (each field claimed by its first column).  A plan has no
    progress yet: its "Hạn hoàn thành" or "Tiến độ" column is the schedule (Thời gian) and its "Kết quả thực hiện"
    the product, unless another column is; a column only a returned workbook has (Minh chứng, Ngày hoàn thành,
    Mã nhiệm vụ) is no field of a plan (its values go to Ghi chú with their header)."""
    mapping: dict[str, int] = {}
    for i, text in enumerate(texts):
        if not text or len(text) > 80:
            continue
        key = header_key(text)
        if key and key not in mapping:
            mapping[key] = i
    for key, field_ in _PLAN_READING.items():
        if key in mapping:
            column = mapping.pop(key)
            if field_ and field_ not in mapping:
                mapping[field_] = column
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
        mapping, texts, used = _with_row_below(_map_row(texts), texts, rows[r + 1] if r + 1 < len(rows) else None)
        if "task" in mapping and len(mapping) >= _MIN_HEADER:
            return r, used, mapping, texts
    return None


def _with_row_below(mapping: dict[str, int], texts: list[str],
                    below: list[Slot] | None) -> tuple[dict[str, int], list[str], int]:
    """(field -> column, header texts, rows): a header over two rows ("Đơn vị thực hiện" over "Chủ trì | Phối
    hợp") when the row below, read with it, names more fields; a numbering row "(1) (2) …" is no header."""
    if below is None:
        return mapping, texts, 1
    under = [s.text if not s.continued else "" for s in below]
    if _is_numbering(under) or not any(under):
        return mapping, texts, 1
    combined = [f"{a} {b}".strip() if b and b != a else a for a, b in zip(texts, under, strict=False)]
    m2 = _map_row(combined)
    if len(m2) > len(mapping) and all(len(t) <= 80 for t in under if t):
        return m2, combined, 2
    return mapping, texts, 1


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
        layout = _Layout()
        last_para: Para | None = None  # the paragraph just above the table
        raw: list[_Row] = []
        for block in doc.blocks:
            if isinstance(block, Para):
                if block.text:
                    last_para = block
                continue
            rows = _rows(block)
            if not rows:
                continue
            start = self._first_task_row(block, rows, layout, doc)
            if start is not None:
                result.tables += 1
                result.task_tables.append(block.n)
                raw += self._table_rows(block, rows[start:], start, layout, self._section_above(last_para, layout))
            last_para = None
        result.rows = len(raw)
        result.found = self._tasks(self._join(raw))
        return result

    def _first_task_row(self, table: Table, rows: list[list[Slot]], layout: _Layout, doc: Document) -> int | None:
        """The first row of a task table after its header (its header rows skipped), 0 for a table without a
        header that continues the previous task table (the same width: a table split over pages); None for a
        table of no tasks (skipped whole)."""
        header = find_header(table, rows)
        if header is not None:
            r0, used, layout.mapping, layout.headers = header
            layout.width = table.width
            for r in range(r0 + used):
                if _row_text(rows[r]):
                    self.skipped.append(Skipped(table.where(table.rows[r].n), _row_text(rows[r]),
                                                "dòng tiêu đề của bảng nhiệm vụ"))
            return r0 + used
        if not layout.mapping or table.width != layout.width:
            if _table_text(table):
                self.skipped.append(Skipped(table.where(), _table_text(table), _why_not_tasks(table, doc)))
            return None
        return 0

    def _section_above(self, para: Para | None, layout: _Layout) -> dict:
        """The section a task table starts in: the family and index the paragraph above names, else the family
        the previous table ended in."""
        above = self._paragraph_above(para)
        if above is not None:
            layout.family = above[0] or layout.family
        section: dict = {"family": layout.family, "index": "", "index_code": None, "sub": "", "sub_code": None}
        if above is not None and above[1]:
            section.update(index=above[1], index_code=above[2])
        return section

    def _table_rows(self, table: Table, rows: list[list[Slot]], start: int, layout: _Layout,
                    section: dict) -> list[_Row]:
        """The data rows of a task table from row index START; section rows update SECTION as they come, and the
        family it ends in carries on to the next table."""
        out = []
        for r, slots in enumerate(rows, start=start):
            raw_row = self._row(table, r, slots, layout.mapping, layout.headers, section)
            if raw_row is not None:
                out.append(raw_row)
        layout.family = section["family"]
        return out

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
        """A data row of the table, or None for an empty row, a layout row (skipped) or a section row (SECTION
        updated)."""
        where = table.where(table.rows[r].n)
        own = [s for s in slots if s.text and not s.continued]
        if not own or self._is_layout_row(where, slots):
            return None
        named = self._section_text(table, r, own, mapping)
        if named is not None:
            self._section_row(where, named[0], section, named[1])
            return None
        values = {k: slots[i].text if i < len(slots) else "" for k, i in mapping.items()}
        continued = {k: slots[i].continued if i < len(slots) else False for k, i in mapping.items()}
        tt = values.pop("tt", "")
        self._split_units(where, values, continued)
        return _Row(where, values, continued, _other_columns(slots, mapping, headers), tt, section["family"],
                    section["index"], section["index_code"], section["sub"], section["sub_code"], places=[where])

    def _split_units(self, where: str, values: dict[str, str], continued: dict[str, bool]) -> None:
        """A lead cell that names the partners too ("Công chức VP-TK (chủ trì); Công an xã (phối hợp)", "Chủ trì:
        …. Phối hợp: …"): the partners go to Đơn vị phối hợp (after the partner column's own), said once per cell."""
        written = values.get("lead", "")
        split = split_roles(written)
        if split is None:
            return
        values["lead"] = split[0]
        values["coord"] = "; ".join(x for x in (values.get("coord", ""), split[1]) if x)
        if not continued.get("lead"):
            self.notes.append(f"{where}: ô đơn vị ghi cả chủ trì và phối hợp: chủ trì '{split[0]}', phối hợp "
                              f"'{split[1]}'")
            self.skipped.append(Skipped(where, written, "ô đơn vị ghi cả chủ trì và phối hợp: tách vào cột Đơn vị chủ "
                                                        "trì và Đơn vị phối hợp"))

    def _is_layout_row(self, where: str, slots: list[Slot]) -> bool:
        """A numbering row "(1) (2) …" or the header repeated on a new page: skipped with its reason."""
        texts = [s.text if not s.continued else "" for s in slots]
        if _is_numbering(texts):
            self.skipped.append(Skipped(where, _row_text(slots), "dòng đánh số cột (1), (2)…"))
            return True
        again = _map_row(texts)
        if "task" in again and len(again) >= _MIN_HEADER and all(len(t) <= 80 for t in texts if t):
            self.skipped.append(Skipped(where, _row_text(slots), "dòng tiêu đề lặp lại (bảng sang trang)"))
            return True
        return False

    def _section_text(self, table: Table, r: int, own: list[Slot], mapping: dict[str, int]) -> tuple[str, str] | None:
        """(the text that names the section, the row as written) of a section row: one cell of its own merged over
        the table's width (or all but one column), or the section's number in the TT column ("IV", "B") and its name
        merged over the rest ("IV | KIỂM SOÁT THAM NHŨNG …"); None for any other row."""
        cells = {c.n: c for c in table.rows[r].cells}
        if len(own) == 2 and "tt" in mapping and self._is_section_number(own[0].text, own[1].text):
            first, name = cells.get(own[0].cell), cells.get(own[1].cell)
            if first is not None and name is not None and first.col == mapping["tt"] and name.span >= 2 \
                    and name.span >= table.width - 2:
                number = own[0].text.strip().rstrip(".)")
                return f"{number}. {own[1].text}", f"{own[0].text} | {own[1].text}"
        if len(own) != 1:
            return None
        cell = cells.get(own[0].cell)
        if cell is not None and cell.span >= 2 and cell.span >= table.width - 1:
            return own[0].text, own[0].text
        return None

    def _is_section_number(self, number: str, name: str) -> bool:
        """A section's number in the TT column: a Roman numeral or a capital letter; a digit only before a name
        that is an index family or a content index (a digit before other text is a task's number)."""
        if _SECTION_NUMBER.match(number):
            return True
        return bool(re.match(r"^\s*\d{1,2}\s*[.)]?\s*$", number)) and (
            family_in(name) is not None or self.catalog.match_index(name) is not None)

    def _section_row(self, where: str, text: str, section: dict, written: str = "") -> None:
        """A full-width row: an index family, a content index, a sub-content, a total or note under the table, or
        a heading the catalog lacks (WRITTEN: the row as the plan writes it, for the report)."""
        shown = written or text
        if _TOTAL.match(text):
            self.skipped.append(Skipped(where, shown, "dòng tổng cộng / ghi chú trong bảng, không phải nhiệm vụ"))
            return
        fam = family_in(text)
        if fam is not None:
            section.update(family=fam, index="", index_code=None, sub="", sub_code=None)
            self.skipped.append(Skipped(where, shown, f"dòng tiêu đề họ chỉ số ({fam.upper()})"))
            return
        m = self.catalog.match_index(text, section["family"] or self.default_family)
        s = self.catalog.match_sub(text, section["index_code"]) if section["index_code"] else None
        if m is not None and (s is None or m.score > s.score):
            item = self.catalog.get(m.value)
            section.update(index=text, index_code=m.value, sub="", sub_code=None)
            self.skipped.append(Skipped(where, shown, f"dòng tiêu đề chỉ số nội dung: {item.label if item else m.value}"))
            return
        if section["index_code"]:
            if s is not None:
                item = self.catalog.get(s.value)
                section.update(sub=text, sub_code=s.value)
                self.skipped.append(Skipped(where, shown,
                                            f"dòng tiêu đề nội dung thành phần: {item.label if item else s.value}"))
                return
        section.update(index=text, index_code=None, sub="", sub_code=None)
        self.skipped.append(Skipped(where, shown, "dòng tiêu đề không có trong danh mục: các nhiệm vụ bên dưới "
                                                 "chưa xác định được chỉ số"))

    # -- rows -> tasks ---------------------------------------------------------------------------------
    def _join(self, raw: list[_Row]) -> list[_Row]:
        """Slid rows, tasks continued on the next page, tasks split over two rows."""
        rows: list[_Row] = []
        for row in raw:
            self._fix_shift(row)
            if rows and _continues_task(row, rows[-1]):
                self._join_continuation(rows[-1], row)
            elif rows and _units_of_task(row, rows[-1]):
                self._join_units(rows[-1], row)
            else:
                if not row.values.get("task"):
                    self._group_only(row)
                rows.append(row)
        return rows

    def _join_continuation(self, prev: _Row, row: _Row) -> None:
        """A task continued on the next page: its text and output go on the task above."""
        v = row.values
        prev.values["task"] = _join(prev.values.get("task", ""), v.get("task", ""))
        prev.values["output"] = _join(prev.values.get("output", ""), v.get("output", ""))
        prev.places += row.places
        self.notes.append(f"{row.where}: nối tiếp nhiệm vụ ở {prev.where} (bảng bị ngắt trang)")

    def _join_units(self, prev: _Row, row: _Row) -> None:
        """The units (and time, output) of the task above on their own row: they fill its empty cells."""
        for k in ("sub", "output", "lead", "coord", "timeline"):
            prev.values[k] = prev.values.get(k) or row.values.get(k, "")
        prev.places += row.places
        self.notes.append(f"{row.where}: gộp với {prev.where} (một nhiệm vụ bị tách hai dòng)")

    def _group_only(self, row: _Row) -> None:
        """A row without a task: it only opens an index or sub-content for the rows below; anything else it
        holds belongs to no task."""
        v = row.values
        if v.get("sub") and not row.continued.get("sub"):
            self.notes.append(f"{row.where}: nội dung '{one_line(v['sub'])[:50]}' không có nhiệm vụ nào")
        rest = [x for k, x in v.items() if x and k not in ("index", "sub") and not row.continued.get(k)]
        rest += list(row.extra.values())
        if rest:
            self.unplaced.append((row.where, " | ".join(rest)))
        row.group_only = True

    def _fix_shift(self, row: _Row) -> None:
        """A row that slid one column left: a sub label in the index column, the task in the sub column."""
        v = row.values
        if "index" not in v or "sub" not in v or "task" not in v:
            return
        index, sub = v.get("index", ""), v.get("sub", "")
        if _is_label(index) and row.continued.get("sub"):
            sub = ""  # the row's own (slid) label wins over a merged cell reaching down from above
        if self._is_slid_task(sub):
            self._shift_right(row, _is_label(index))
        elif _is_label(index) and not sub:  # only the label slid
            v["index"], v["sub"] = "", index
            row.continued["sub"] = False

    def _is_slid_task(self, sub: str) -> bool:
        """The sub-content column holds a task's text (long, dashed or several lines; no label, no catalog name)."""
        named = self.catalog.match_sub_anywhere(sub) or self.catalog.match_index(sub) if sub else None
        return not _is_label(sub) and _looks_like_task(sub) and (named is None or named.score < 0.95)

    def _shift_right(self, row: _Row, label_first: bool) -> None:
        """Move the row's fields one column right (from the sub column on, or from the index column when the
        index column holds the sub label); what falls off the end fills an empty time, else belongs to no task."""
        v = row.values
        keys = [k for k in PLAN_KEYS if k in v]
        values = [v[k] for k in keys]
        values = ["", *values] if label_first else [values[0], "", *values[1:]]
        overflow = values[len(keys):] + list(row.extra.values())
        for k, x in zip(keys, values[:len(keys)], strict=True):
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
        carry = _Carry()
        for row in rows:
            carry.update(row)
            if not row.group_only:
                sub_text = carry.next_sub()
                out.append(_found(row, carry.index_text, sub_text, carry.labels))
        return out


@dataclass
class _Layout:
    """The columns of the last task table (a table without a header of the same width continues it) and the
    index family its last section row named."""

    mapping: dict[str, int] = field(default_factory=dict)  # field -> column ({} before the first task table)
    headers: list[str] = field(default_factory=list)
    width: int = 0
    family: str | None = None


@dataclass
class _Carry:
    """The index and sub-content a task row falls under, carried down the rows: an index cell holds until the
    next one; a sub-content cell may name several ("a) … b) …", merged over several rows), handed to the rows
    below one by one, the last one kept for the rows after."""

    index_text: str = ""
    labels: list[str] = field(default_factory=list)
    pos: int = 0  # the label the last task row got
    used: bool = False  # a task row got labels[pos]
    last_section: tuple[str | None, str, str] | None = None

    def update(self, row: _Row) -> None:
        v = row.values
        new_sub = bool(v.get("sub")) and not row.continued.get("sub")
        self._enter_section(row)
        if v.get("index") and not row.continued.get("index") and v["index"] != self.index_text:
            self.index_text = v["index"]  # a new index cell: its sub-contents start again
            if not new_sub:
                self._labels([])
        if new_sub:
            self._labels(_labels(v["sub"]))

    def _enter_section(self, row: _Row) -> None:
        """A new section row above: it replaces the carried index unless the row names its own."""
        section_key = (row.section_family, row.section_index, row.section_sub)
        if section_key == self.last_section:
            return
        self.last_section = section_key
        if row.section_index and not row.values.get("index"):
            self.index_text = ""
            if not row.values.get("sub"):
                self._labels([])

    def _labels(self, labels: list[str]) -> None:
        self.labels, self.pos, self.used = labels, 0, False

    def next_sub(self) -> str:
        """The sub-content of the next task row: the next label of the merged cell (the last one repeats)."""
        if self.used and self.labels:
            self.pos = min(self.pos + 1, len(self.labels) - 1)
        self.used = True
        return self.labels[self.pos] if self.labels else ""


def _continues_task(row: _Row, prev: _Row) -> bool:
    """Only task text or output, no index, sub-content, unit, time or number of its own, under a task row: the
    task above continued on the next page."""
    v = row.values
    own_index = v.get("index") and not row.continued.get("index")
    own_sub = v.get("sub") and not row.continued.get("sub")
    if own_index or own_sub or _has_units(v) or v.get("timeline") or row.tt or prev.group_only:
        return False
    return bool(v.get("task") or v.get("output"))


def _units_of_task(row: _Row, prev: _Row) -> bool:
    """Units without a task under a task without units: one task split over two rows."""
    if row.values.get("task") or not _has_units(row.values):
        return False
    return bool(prev.values.get("task")) and not _has_units(prev.values)


def _has_units(values: dict[str, str]) -> bool:
    return bool(values.get("lead") or values.get("coord"))


def _other_columns(slots: list[Slot], mapping: dict[str, int], headers: list[str]) -> dict[str, str]:
    """Header -> value of the row's own cells in columns that are no field ("Cột n" under a blank header)."""
    used = set(mapping.values())
    extra = {}
    for i, s in enumerate(slots):
        if i not in used and s.text and not s.continued:
            extra[headers[i] if i < len(headers) and headers[i] else f"Cột {i + 1}"] = s.text
    return extra


def _found(row: _Row, index_text: str, sub_text: str, labels: list[str]) -> Found:
    """The task of a row under the carried index and sub-content (the section row's when the table has none;
    its codes only then: a cell's text is placed by the importer)."""
    v = row.values
    found = Found(row.where, v.get("task", ""), index_text or row.section_index, sub_text or row.section_sub,
                  v.get("output", ""), v.get("lead", ""), v.get("coord", ""), v.get("timeline", ""),
                  _note(row, labels), row.section_family,
                  None if index_text else row.section_index_code,
                  None if sub_text else row.section_sub_code, places=row.places)
    found.extra = {k: x for k, x in v.items() if k not in (*PLAN_KEYS, "note") and x}
    if "index" in v:
        found.extra["_index_column"] = "1"
    if row.tt:
        found.extra["tt"] = row.tt
    return found


def _note(row: _Row, labels: list[str]) -> str:
    """Ghi chú: the plan's own note, the other columns ("header: value"), the merged sub-content cell."""
    note_parts = [row.values.get("note", "")] if row.values.get("note") else []
    note_parts += [f"{h}: {x}" for h, x in row.extra.items()]
    if len(labels) > 1:
        note_parts.append(f"Phụ lục gộp ô '{one_line(' '.join(labels))[:80]}'")
    return "\n".join(note_parts)


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
