"""Tasks written as prose: the plan's task part ("II. NỘI DUNG", "Phần II — NHIỆM VỤ, GIẢI PHÁP"), its
headings and its lettered, numbered or dashed paragraphs.

* The plan's parts are found by their titles: Mục đích, yêu cầu (not tasks), the task part, Tổ chức thực
  hiện (who does what), the closing.  A plan whose task part has no title starts it at its first heading
  that names a content index.
* Inside the task part a heading names an index family ("II. CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (PAR INDEX)"), a
  content index ("1.1. Nội dung “Tham gia của người dân ở cấp cơ sở”", "1. Lĩnh vực cải cách thể chế",
  "III. CHỈ SỐ …", a Heading-styled name), a sub-content ("a) Tri thức công dân"), or a section the
  catalog does not have ("3. Công tác thông tin, tuyên truyền": its tasks keep the heading, unplaced).
* Each labelled paragraph (a), 1., -, an automatically numbered list item) is one task; a paragraph that
  continues it (a line broken by Enter or by a page, a body under a bold title line) joins it; a line
  that only says the lead, partners and time ("Đơn vị chủ trì: …") fills the task above; a section whose
  paragraphs carry no label has one task per paragraph.
* "Tổ chức thực hiện" paragraphs that name a section's content ("Công chức Văn hóa - Xã hội: Đẩy mạnh công
  tác thông tin, tuyên truyền …") give that section's tasks their lead (or partner) when the task does not
  say its own.

Every paragraph of the document is either in a task or listed as skipped with its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from papi_xl.domain.catalog import Catalog, family_abbreviation, family_in, strip_numbering
from papi_xl.domain.text import Match, clean, fold, one_line
from papi_xl.inputs.docx.assign import (
    Said,
    is_assignment_line,
    partners_only,
    read_sentence,
    unit_of_entry,
    unit_of_heading,
)
from papi_xl.inputs.docx.document import Document, Para, Table
from papi_xl.inputs.docx.model import Found, Skipped

_ROMAN = re.compile(r"^\s*([IVXL]{1,5})\s*[.):]\s*(?=\S)")
_UPPER = re.compile(r"^\s*([A-Z])\s*[.)]\s+(?=\S)")
_NUM = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,3})\s*(?:[.)]\s*|\s+)(?=\S)")
_NUM_STRICT = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,3})\s*[.)]\s*(?=\S)")
_LETTER = re.compile(r"^\s*\(?([a-zđ])\)\s*(?=\S)")
_PAREN_NUM = re.compile(r"^\s*\((\d{1,2})\)\s*(?=\S)")
_DASH = re.compile(r"^\s*[-–—•+*]\s*(?=\S)")
_PART = re.compile(r"^\s*phần\s+(?:[IVXL]{1,5}|\d{1,2}|thứ\s+\S+)\s*[.:]?\s*$", re.IGNORECASE)
_CLOSING = re.compile(r"^\s*(?:trên đây là|nơi nhận)\b", re.IGNORECASE)
_POINTER = re.compile(r"\b(?:phụ lục|biểu tổng hợp|kèm theo|đính kèm)\b", re.IGNORECASE)

# titles of a plan's parts (folded, without numbering)
_OTHER_PARTS = ("muc dich", "yeu cau", "muc tieu", "quan diem", "can cu", "kinh phi", "che do bao cao",
                "che do thong tin bao cao", "thuc trang", "tinh hinh", "ket qua thuc hien", "danh gia ket qua",
                "nguyen tac", "pham vi", "doi tuong")
_ASSIGN_PARTS = ("to chuc thuc hien", "phan cong nhiem vu", "phan cong thuc hien", "trach nhiem thuc hien",
                 "trach nhiem cua cac")
_TASK_PARTS = ("noi dung", "nhiem vu", "giai phap", "cac nhiem vu", "chuong trinh", "cac hoat dong",
               "hoat dong", "noi dung thuc hien", "noi dung ke hoach", "nhiem vu trong tam", "cac giai phap")


@dataclass
class Label:
    kind: str  # "roman" | "upper" | "number" | "letter" | "dash" | "auto" | ""
    value: str
    rest: str  # the text after the label

    @property
    def level(self) -> int:
        if self.kind in ("roman", "upper"):
            return 1
        if self.kind == "number":
            return 2 + self.value.count(".")
        if self.kind == "letter":
            return 6
        if self.kind in ("dash", "auto"):
            return 7
        return 0


def label_of(para: Para) -> Label:
    text = para.text
    for kind, pattern in (("roman", _ROMAN), ("upper", _UPPER), ("number", _NUM_STRICT), ("letter", _LETTER),
                          ("number", _PAREN_NUM), ("dash", _DASH)):
        m = pattern.match(text)
        if m:
            value = m.group(1) if m.groups() else ""
            return Label(kind, value, text[m.end():].strip())
    m = _NUM.match(text)
    if m and "." in m.group(1):  # "1.1 Tên" without a closing dot
        return Label("number", m.group(1), text[m.end():].strip())
    if para.numbered:
        return Label("auto", para.numbered, text)
    return Label("", "", text)


_PART_PREFIX = re.compile(r"^\s*phần\s+(?:[IVXL]{1,5}|\d{1,2}|thứ\s+\S+)\s*[.:\-–]?\s*", re.IGNORECASE)


def _part_kind(text: str) -> str | None:
    """"task" | "assign" | "other" when a title names a part of the plan ("II. NỘI DUNG", "Phần III. TỔ CHỨC
    THỰC HIỆN", "NHIỆM VỤ, GIẢI PHÁP"); None otherwise."""
    text = _PART_PREFIX.sub("", text)
    _, names = strip_numbering(text)
    name = names[0] if names else fold(text)
    if not name or len(name.split()) > 9:
        return None
    if any(name.startswith(k) for k in _ASSIGN_PARTS):
        return "assign"
    if any(name.startswith(k) for k in _OTHER_PARTS):
        return "other"
    if any(name == k or name.startswith(k + " ") for k in _TASK_PARTS):
        return "task"
    return None


def _is_heading(para: Para, label: Label) -> bool:
    if para.heading:
        return True
    if not para.text or len(para.text) > 300:
        return False
    if para.bold:
        return True
    text = label.rest if label.kind else para.text
    letters = [c for c in text if c.isalpha()]
    return label.kind in ("roman", "upper") and bool(letters) and all(c.isupper() for c in letters)


def _level(para: Para, label: Label) -> int:
    if para.heading:
        return para.heading
    return label.level or 2


@dataclass
class Section:
    """The tasks under one index heading (or one heading the catalog lacks)."""

    heading: str
    where: str
    family: str | None
    index_code: str | None
    index_text: str  # the heading's name, without its numbering (unplaced sections)
    level: int
    names: list[str] = field(default_factory=list)  # folded phrases that name this content
    lead: str = ""
    coord: list[str] = field(default_factory=list)
    tasks: list[_Task] = field(default_factory=list)
    has_children: bool = False


@dataclass
class _Task:
    where: str
    text: str
    section: Section | None
    family: str | None
    index_code: str | None
    index_text: str
    sub_code: str | None
    sub_text: str
    level: int
    title: bool = False  # a bold title line waiting for its body
    said: Said = field(default_factory=Said)
    places: list[str] = field(default_factory=list)


@dataclass
class ProseResult:
    found: list[Found]
    skipped: list[Skipped]
    notes: list[str]
    unplaced: list[tuple[str, str]]
    task_part: bool = False  # a task part was found
    paragraphs: int = 0  # paragraphs read in the task part


class ProseReader:
    def __init__(self, catalog: Catalog, default_family: str | None, plan_families: list[str]):
        self.catalog = catalog
        self.default_family = default_family
        self.plan_families = plan_families
        self.skipped: list[Skipped] = []
        self.notes: list[str] = []
        self.unplaced: list[tuple[str, str]] = []

    # -- the parts of the plan ------------------------------------------------------------------------
    def read(self, doc: Document, tasks_from_tables: bool) -> ProseResult:
        result = ProseResult([], self.skipped, self.notes, self.unplaced)
        parts = self._parts(doc)
        task_paras = [(p, k) for p, k in parts if k == "task"]
        result.task_part = bool(task_paras)
        result.paragraphs = len(task_paras)
        tasks: list[_Task] = []
        if tasks_from_tables:
            self._skip_parts(parts, tasks_from_tables=True)
        else:
            tasks = self._read_parts(parts)
        result.found = [self._found(t) for t in tasks if not t.title or t.text]
        return result

    def _read_parts(self, parts: list[tuple[Para, str]]) -> list[_Task]:
        """The tasks of the task part, their units from Tổ chức thực hiện; every other paragraph skipped."""
        tasks, sections = self._task_part([p for p, k in parts if k in ("task",)])
        entries = [p for p, k in parts if k == "assign"]
        self._assignments(entries, sections)
        self._skip_parts(parts, tasks_from_tables=False)
        return tasks

    def _skip_parts(self, parts: list[tuple[Para, str]], tasks_from_tables: bool) -> None:
        """Skip the paragraphs that give no task, with the reason of their part: all of them when the tasks come
        from the plan's tables, else those outside the task part and Tổ chức thực hiện."""
        for para, kind in parts:
            if not para.text:
                continue
            if tasks_from_tables and kind == "task":
                self.skipped.append(Skipped(para.where, para.text, "đoạn văn của phần nhiệm vụ: Kế hoạch có Biểu "
                                                                   "tổng hợp nhiệm vụ, các nhiệm vụ lấy từ bảng"))
            elif tasks_from_tables or kind not in ("task", "assign"):
                self.skipped.append(Skipped(para.where, para.text, _part_reason(kind, para)))

    def _parts(self, doc: Document) -> list[tuple[Para, str]]:
        """Each body paragraph with the part it belongs to: "preamble", "task", "assign", "other", "closing",
        "appendix" (after the signature), "title"."""
        out: list[tuple[Para, str]] = []
        part = "preamble"
        has_task_title = any(self._is_part_title(b) == "task" for b in doc.blocks if isinstance(b, Para))
        after_signature = False
        for block in doc.blocks:
            if isinstance(block, Table):
                if part in ("assign", "closing", "task") and _is_signature(block):
                    after_signature = True
                    part = "appendix"
                continue
            if not block.text:
                continue
            kind = self._is_part_title(block)
            if kind is not None:
                part = kind
                out.append((block, f"title-{kind}"))
                continue
            part = self._part_of(block, part, after_signature, has_task_title)
            out.append((block, part))
        return out

    def _part_of(self, para: Para, part: str, after_signature: bool, has_task_title: bool) -> str:
        """The part a paragraph that is no part title is in, given the part of the paragraph before."""
        if _CLOSING.match(para.text) and part in ("task", "assign", "other"):
            return "closing"
        if after_signature:
            return "appendix"
        if part == "preamble" and not has_task_title and self._names_index(para):
            return "task"  # no title before the tasks: they start at the first content heading
        return part

    def _is_part_title(self, para: Para) -> str | None:
        """The part a paragraph is the title of ("task", "assign", "other"), None when it is no part title: a
        "Phần …" line set off by bold, a heading style or centring, or a heading-like line whose name is a part's
        (a line that names an index family or a content index is a section, not a part)."""
        if _is_phan_title(para):
            return _part_kind(para.text)
        if not _looks_like_part_title(para):
            return None
        if family_in(para.text) or self.catalog.match_index(para.text) is not None:
            return None
        return _part_kind(para.text)

    def _names_index(self, para: Para) -> bool:
        label = label_of(para)
        if not _is_heading(para, label):
            return False
        return self.match_index(para.text, None) is not None

    # -- the task part ----------------------------------------------------------------------------------
    def _task_part(self, paras: list[Para]) -> tuple[list[_Task], list[Section]]:
        walk = _TaskPart(self, paras)
        walk.run()
        for t in walk.tasks:
            t.said.merge(read_sentence(t.text, self.catalog))
        return walk.tasks, walk.sections

    def match_index(self, text: str, family: str | None) -> Match | None:
        """The index a heading names: in its family; outside a family section, in the plan's default family,
        then in the other families the plan names."""
        if family is not None:
            return self.catalog.match_index(text, family)
        m = self.catalog.match_index(text, self.default_family)
        if m is not None:
            return m
        for fam in self.plan_families:
            if fam != self.default_family:
                m = self.catalog.match_index(text, fam)
                if m is not None:
                    return m
        return None

    def read_heading(self, para: Para, level: int, family: str | None,
                     section: Section | None) -> tuple[Section | None, str | None, str]:
        """(a new section, sub-content code, sub-content text): a content index heading or a section the catalog
        lacks opens a section; a sub-content heading keeps the section (None) and names the sub-content."""
        text = para.text
        m_index = self.match_index(text, family)
        m_sub = self.catalog.match_sub(text, section.index_code) if section and section.index_code else None
        deeper = section is not None and level > section.level
        if m_sub is not None and _sub_wins(m_sub, m_index, deeper):
            return self._sub_heading(para, m_sub.value)
        if m_index is None and family is not None and not deeper:
            opened = self._sub_section(para, level, family)
            if opened is not None:
                return opened
        if m_index is not None:
            return self._index_section(para, level, family, m_index.value)
        if deeper and section is not None and section.index_code:
            self.skipped.append(Skipped(para.where, text, "tiêu đề mục con không có trong danh mục nội dung thành "
                                                          "phần: ghi vào cột Nội dung thành phần"))
            return None, None, _name(text)
        return self._unknown_section(para, level, family), None, ""

    def _sub_heading(self, para: Para, code: str) -> tuple[Section | None, str | None, str]:
        """A sub-content of the section's index: the section goes on, its tasks take the sub-content."""
        item = self.catalog.get(code)
        self.skipped.append(Skipped(para.where, para.text, f"tiêu đề nội dung thành phần: {item.label if item else ''}"))
        return None, code, ""

    def _sub_section(self, para: Para, level: int, family: str) -> tuple[Section | None, str | None, str] | None:
        """A sub-content of the family named without its index (the heading opens a section of its index);
        None when the heading names none."""
        sub = self._sub_in_family(para.text, family)
        item = self.catalog.get(sub or "")
        if item is None:
            return None
        new = Section(para.text, para.where, family, item.index_code, "", level)
        new.names = self._names(para.text, item.index_code)
        self.skipped.append(Skipped(para.where, para.text, f"tiêu đề nội dung thành phần: {item.label}"))
        return new, item.code, ""

    def _index_section(self, para: Para, level: int, family: str | None,
                       code: str) -> tuple[Section | None, str | None, str]:
        """A content index heading: a section of that index (in the index's own family)."""
        item = self.catalog.get(code)
        fam = item.family if item and item.family else family
        new = Section(para.text, para.where, fam, code, "", level)
        new.names = self._names(para.text, code)
        self.skipped.append(Skipped(para.where, para.text, f"tiêu đề chỉ số nội dung: {item.label if item else ''}"))
        return new, None, ""

    def _unknown_section(self, para: Para, level: int, family: str | None) -> Section:
        """A heading the catalog lacks: a section of its own whose tasks keep the heading's name, unplaced."""
        text = para.text
        new = Section(text, para.where, family or self.default_family, None, _name(text), level)
        new.names = _phrases(text)
        self.unplaced.append((para.where, _name(text)))
        self.skipped.append(Skipped(para.where, text, "tiêu đề mục không có trong danh mục chỉ số: các nhiệm vụ "
                                                      "bên dưới cần chọn chỉ số nội dung"))
        return new

    def _sub_in_family(self, text: str, family: str) -> str | None:
        for index in self.catalog.indices_of(family):
            m = self.catalog.match_sub(text, index.code)
            if m is not None and m.score >= 0.9:
                return m.value
        return None

    def _names(self, text: str, code: str | None) -> list[str]:
        item = self.catalog.get(code or "")
        names = [fold(n) for n in ((item.name, *item.aliases) if item else ())]
        names += strip_numbering(text)[1]
        return [n for n in dict.fromkeys(names) if len(n.split()) >= 2]

    # -- Tổ chức thực hiện --------------------------------------------------------------------------------
    def _assignments(self, paras: list[Para], sections: list[Section]) -> None:
        heading_unit, heading_request = "", False
        for para in paras:
            label = label_of(para)
            text = label.rest if label.kind else para.text
            if _is_heading(para, label) and len(text) <= 200:
                heading_unit, heading_request = unit_of_heading(text, self.catalog)
                reason = (f"Tổ chức thực hiện: mục của {heading_unit}" if heading_unit
                          else "Tổ chức thực hiện: tiêu đề mục")
            else:
                reason = self._assignment(text, heading_unit, heading_request, sections)
            self.skipped.append(Skipped(para.where, para.text, reason))

    def _assignment(self, text: str, heading_unit: str, heading_request: bool, sections: list[Section]) -> str:
        """Give the unit a Tổ chức thực hiện paragraph speaks to (its own, else its sub-heading's) to the sections
        whose content it names: their lead, or a partner when it asks to partner or a lead is already there.
        The reason the paragraph is skipped says what it gave."""
        unit, request = unit_of_entry(text, self.catalog)
        if not unit:
            unit, request = heading_unit, heading_request
        linked = [s for s in sections if unit and s.tasks and _names_section(text, s)]
        partner = request or partners_only(text)
        roles = [_give_role(s, unit, partner) for s in linked]
        if linked:
            return f"Tổ chức thực hiện: {unit} {'; '.join(r for r in roles if r)}"
        if unit:
            return f"Tổ chức thực hiện: nhiệm vụ chung của {unit} (không gắn với một nội dung của Kế hoạch)"
        return "Tổ chức thực hiện: không phải nhiệm vụ của Kế hoạch"

    def _found(self, t: _Task) -> Found:
        said = t.said
        lead, coord = said.lead, said.coord
        section = t.section
        if section is not None:
            if not lead and section.lead:
                lead = section.lead
            extra = [c for c in section.coord if fold(c) not in fold(coord) and fold(c) != fold(lead)]
            coord = "; ".join(x for x in (coord, *extra) if x)
        index_text = t.index_text
        return Found(t.where, clean(t.text), index_text, t.sub_text if not t.sub_code else "", said.output, lead,
                     coord, said.timeline, "", t.family, t.index_code, t.sub_code, from_prose=True, places=t.places)


def _sub_wins(m_sub: Match, m_index: Match | None, deeper: bool) -> bool:
    """A heading read as a sub-content of the section's index rather than as an index: no index matches, the
    sub-content matches better, or as well under a deeper heading."""
    return m_index is None or m_sub.score > m_index.score or (deeper and m_sub.score >= m_index.score)


def _is_phan_title(para: Para) -> bool:
    """"Phần II. NHIỆM VỤ, GIẢI PHÁP" set off by bold, a heading style or centring."""
    return bool(_PART_PREFIX.match(para.text)) and bool(para.bold or para.heading or para.center) and \
        _part_kind(para.text) is not None


def _looks_like_part_title(para: Para) -> bool:
    """A heading with a Roman or capital-letter label, or none (a centred bold line will do), that is centred,
    heading-styled, capitals or labelled."""
    label = label_of(para)
    if (label.kind not in ("roman", "upper", "") or not _is_heading(para, label)) and not (para.center and para.bold):
        return False
    return label.kind != "" or bool(para.center or para.heading or para.text.isupper())


def _give_role(section: Section, unit: str, partner: bool) -> str:
    """Make UNIT the section's lead (when it leads and there is none yet) or one of its partners (when it is not
    the lead); the role in words for the report, "" when it is the section's lead already."""
    if not partner and not section.lead:
        section.lead = unit
        return f"chủ trì các nhiệm vụ của mục '{one_line(section.heading)[:60]}'"
    if fold(unit) != fold(section.lead):
        if unit not in section.coord:
            section.coord.append(unit)
        return f"phối hợp các nhiệm vụ của mục '{one_line(section.heading)[:60]}'"
    return ""


class _TaskPart:
    """One walk through the paragraphs of the task part.  A heading names a family, opens a section or names a
    sub-content; a labelled paragraph (or a paragraph of a section without labels) is a task; an unlabelled
    paragraph completes the task above (the body of its title line, its units, its continuation) or is skipped
    (a pointer to the appendix, the lead-in of a section)."""

    def __init__(self, reader: ProseReader, paras: list[Para]):
        self.reader = reader
        self.catalog = reader.catalog
        self.paras = paras
        self.labels = [label_of(p) for p in paras]
        self.headings = [_is_heading(p, lab) and not _PART.match(p.text)
                         for p, lab in zip(paras, self.labels, strict=True)]
        self.titles = [self._is_title(i) for i in range(len(paras))]
        self.sections: list[Section] = []
        self.tasks: list[_Task] = []
        # where the walk is: the next task's family, section and sub-content
        self.family: str | None = None
        self.section: Section | None = None
        self.sub_code: str | None = None
        self.sub_text = ""

    def run(self) -> None:
        for i, para in enumerate(self.paras):
            if _PART.match(para.text):
                self._skip(para, "tiêu đề phần của Kế hoạch")
            elif self.headings[i] and not self.titles[i]:
                self._heading(i)
            elif self.labels[i].kind or not self._unlabelled_taken(i):
                self._new_task(i)

    def _skip(self, para: Para, reason: str) -> None:
        self.reader.skipped.append(Skipped(para.where, para.text, reason))

    # -- headings -----------------------------------------------------------------------------------------
    def _heading(self, i: int) -> None:
        para = self.paras[i]
        level = _level(para, self.labels[i])
        fam = family_in(para.text)
        if fam is not None:
            self.family, self.section, self.sub_code, self.sub_text = fam, None, None, ""
            m = self.reader.match_index(para.text, fam)
            if m is None or m.score < 0.95:  # names the family, not one of its contents
                self._skip(para, f"tiêu đề họ chỉ số {family_abbreviation(fam)}")
                return
        new, self.sub_code, self.sub_text = self.reader.read_heading(para, level, self.family, self.section)
        if self.section is not None and (new is None or level > self.section.level):
            self.section.has_children = True
        if new is not None:
            self.section = new
            self.family = new.family if new.family else self.family
            self.sections.append(new)

    def _is_title(self, i: int) -> bool:
        """A bold labelled line followed by an unlabelled body paragraph (seed 000, 1.6 a–c): one task, title and
        body; not a heading (no deeper heading under it, not a catalog name)."""
        return self._is_labelled_line(i) and self._body_follows(i) and not self._deeper_heading_below(i) \
            and not self._names_catalog_item(self.labels[i].rest)

    def _is_labelled_line(self, i: int) -> bool:
        """A heading-like line labelled a), - (or an italic 1.) that is not heading-styled."""
        para, label = self.paras[i], self.labels[i]
        if not self.headings[i] or para.heading:
            return False
        return label.kind in ("letter", "dash") or (label.kind == "number" and para.italic)

    def _body_follows(self, i: int) -> bool:
        """The next paragraph is a plain body: no heading, no label, no pointer to an appendix, no units line."""
        nxt = i + 1
        if nxt >= len(self.paras) or self.headings[nxt] or self.labels[nxt].kind:
            return False
        return not (_POINTER.search(self.paras[nxt].text) or is_assignment_line(self.paras[nxt].text))

    def _deeper_heading_below(self, i: int) -> bool:
        """The next heading below is deeper than this line (so this line is a heading)."""
        level = self.labels[i].level
        for j in range(i + 1, len(self.paras)):
            if self.headings[j]:
                return _level(self.paras[j], self.labels[j]) > level
        return False

    def _names_catalog_item(self, rest: str) -> bool:
        m = self.catalog.match_sub_anywhere(rest) or self.reader.match_index(rest, None)
        return m is not None and m.score >= 0.95

    # -- paragraphs ---------------------------------------------------------------------------------------
    def _unlabelled_taken(self, i: int) -> bool:
        """An unlabelled paragraph completes the task above or is skipped (True), or is a task of its own
        (False: a paragraph of a section whose paragraphs carry no label).  The readings are tried in order."""
        para = self.paras[i]
        prev = self.tasks[-1] if self.tasks else None
        for reading in (self._body_of_title, self._units_of_task, self._pointer, self._continuation):
            if reading(para, prev):
                return True
        if self.section is None or not self._leaf_without_labels(i):
            self._skip(para, "đoạn dẫn của mục, không phải nhiệm vụ (không có a), -, 1.)")
            return True
        return False

    def _body_of_title(self, para: Para, prev: _Task | None) -> bool:
        """The body under a bold title line: title and body are one task."""
        if prev is None or not prev.title or prev.text.endswith("\n"):
            return False
        prev.text = f"{prev.text}:\n{para.text}" if not prev.text.endswith((":", ".")) else \
            f"{prev.text}\n{para.text}"
        prev.title = False
        prev.places.append(para.where)
        return True

    def _units_of_task(self, para: Para, prev: _Task | None) -> bool:
        """"Đơn vị chủ trì: …; thời gian: …" under a task of the same section: the task's units and time."""
        if prev is None or prev.section is not self.section or not is_assignment_line(para.text):
            return False
        prev.said.merge(read_sentence(para.text, self.catalog))
        self._skip(para, f"đơn vị, thời gian của nhiệm vụ ở {prev.where} (đã ghi vào các cột)")
        return True

    def _pointer(self, para: Para, prev: _Task | None) -> bool:
        """A short pointer to an appendix or an attached table (in brackets, or opening a section)."""
        if not _POINTER.search(para.text) or len(para.text) >= 250:
            return False
        if not (para.text.startswith("(") or prev is None or prev.section is not self.section):
            return False
        self._skip(para, "chỉ dẫn đến phụ lục/biểu kèm theo, không phải nhiệm vụ")
        return True

    def _continuation(self, para: Para, prev: _Task | None) -> bool:
        """A paragraph that continues the task above (same section and sub-content): the task is labelled, or
        this paragraph starts in lower case, or the task's text does not end a sentence (a line broken by Enter
        or by a page)."""
        if prev is None or prev.section is not self.section or prev.sub_text != self.sub_text:
            return False
        if not (prev.level or para.text[:1].islower() or not re.search(r"[.;:!?…]\s*$", prev.text)):
            return False
        prev.text = f"{prev.text}\n{para.text}"
        prev.places.append(para.where)
        return True

    def _leaf_without_labels(self, i: int) -> bool:
        """The paragraph is in a section with no deeper heading and no labelled paragraph: each paragraph is a
        task."""
        headings, labels, paras = self.headings, self.labels, self.paras
        start = i
        while start > 0 and not headings[start - 1]:
            start -= 1
        end = i
        while end + 1 < len(paras) and not headings[end + 1]:
            end += 1
        if any(labels[j].kind for j in range(start, end + 1)):
            return False
        if start > 0:
            level = _level(paras[start - 1], labels[start - 1])
            if end + 1 < len(paras) and _level(paras[end + 1], labels[end + 1]) > level:
                return False
        return start > 0

    def _new_task(self, i: int) -> None:
        para, label = self.paras[i], self.labels[i]
        text = label.rest if label.kind and label.kind != "auto" else para.text
        section = self.section
        task = _Task(para.where, text, section, self.family, section.index_code if section else None,
                     section.index_text if section else "", self.sub_code, self.sub_text, label.level,
                     title=self.titles[i], places=[para.where])
        if section is not None:
            section.tasks.append(task)
        self.tasks.append(task)


def _name(text: str) -> str:
    """A heading's name without its numbering or quotes ("3. Công tác thông tin, tuyên truyền" -> "Công tác
    thông tin, tuyên truyền")."""
    raw = clean(text)
    for pattern in (_ROMAN, _UPPER, _NUM_STRICT, _LETTER, _PAREN_NUM, _DASH):
        m = pattern.match(raw)
        if m:
            raw = raw[m.end():]
            break
    quoted = re.search(r"[“\"](.+?)[”\"]", raw)
    if quoted and len(quoted.group(1)) > 3:
        raw = quoted.group(1)
    return raw.strip().rstrip(":").strip()


_GENERIC = {"cong tac", "viec", "cac", "noi dung", "thuc hien", "ke hoach"}


def _phrases(heading: str) -> list[str]:
    """Folded phrases that name a section the catalog lacks, read distributively: "Kiểm tra, giám sát việc thực
    hiện Kế hoạch" -> "kiem tra viec thuc hien ke hoach", "giam sat viec thuc hien ke hoach"; "Công tác thông
    tin, tuyên truyền" -> "cong tac thong tin", "cong tac tuyen truyen", "tuyen truyen"."""
    name = re.sub(r"\(.*?\)", "", _name(heading))
    parts = [fold(p) for p in re.split(r",|\bvà\b", name) if fold(p)]
    out = {fold(name)}
    if len(parts) >= 2:
        out |= _shared_tail(parts) | _shared_head(parts)
    return [p for p in out if len(p.split()) >= 2 and p not in _GENERIC]


def _shared_tail(parts: list[str]) -> set[str]:
    """The last part's words after its first two complete every other part ("kiểm tra [việc thực hiện Kế
    hoạch]")."""
    last = parts[-1].split()
    tail = " ".join(last[2:]) if len(last) > 2 else ""
    if not tail:
        return set()
    return {f"{p} {tail}" if p != parts[-1] else p for p in parts}


def _shared_head(parts: list[str]) -> set[str]:
    """A generic head of the first part ("công tác thông tin, tuyên truyền") goes with every part, and each
    activity is a topic of its own."""
    first = parts[0].split()
    head = " ".join(first[:2]) if len(first) > 2 and " ".join(first[:2]) in _GENERIC else ""
    if not head:
        return set()
    out = set()
    for p in parts:
        out.add(p if p != parts[0] else " ".join(first[2:]))
        out.add(f"{head} {p}" if p != parts[0] else p)
    return out


def _names_section(text: str, section: Section) -> bool:
    key = f" {fold(text)} "
    return any(f" {n} " in key for n in section.names)


def _is_signature(table: Table) -> bool:
    text = fold(" ".join(c.text for r in table.rows for c in r.cells))
    return "noi nhan" in text or "tm uy ban" in text or ("chu tich" in text and len(text) < 600)


def _part_reason(kind: str, para: Para) -> str:
    return {
        "preamble": "phần mở đầu (căn cứ, tiêu đề), không phải nhiệm vụ",
        "other": "phần mục đích, yêu cầu (không phải nhiệm vụ)",
        "closing": "phần kết (trên đây là…, nơi nhận), không phải nhiệm vụ",
        "appendix": "sau phần ký (phụ lục), không phải nhiệm vụ",
        "title-task": "tiêu đề phần nhiệm vụ",
        "title-assign": "tiêu đề phần tổ chức thực hiện",
        "title-other": "tiêu đề phần mục đích, yêu cầu",
        "assign": "phần tổ chức thực hiện (không phải nhiệm vụ của Kế hoạch)",
    }.get(kind, "không phải nhiệm vụ")
