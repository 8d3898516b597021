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
from papi_xl.domain.text import clean, fold, one_line
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
        sections: list[Section] = []
        tasks: list[_Task] = []
        if tasks_from_tables:
            for para, kind in parts:
                if para.text:
                    reason = ("đoạn văn của phần nhiệm vụ: Kế hoạch có Biểu tổng hợp nhiệm vụ, các nhiệm vụ lấy từ "
                              "bảng" if kind == "task" else _part_reason(kind, para))
                    self.skipped.append(Skipped(para.where, para.text, reason))
        else:
            tasks, sections = self._task_part([p for p, k in parts if k in ("task",)])
            entries = [p for p, k in parts if k == "assign"]
            self._assignments(entries, sections)
            for para, kind in parts:
                if para.text and kind not in ("task", "assign"):
                    self.skipped.append(Skipped(para.where, para.text, _part_reason(kind, para)))
        result.found = [self._found(t) for t in tasks if not t.title or t.text]
        return result

    def _parts(self, doc: Document) -> list[tuple[Para, str]]:
        """Each body paragraph with the part it belongs to: "preamble", "task", "assign", "other", "closing",
        "appendix" (after the signature), "title"."""
        out: list[tuple[Para, str]] = []
        part = "preamble"
        seen_task = False
        has_task_title = any(self._is_part_title(b) == "task" for b in doc.blocks if isinstance(b, Para))
        after_signature = False
        for block in doc.blocks:
            if isinstance(block, Table):
                if part in ("assign", "closing", "task") and _is_signature(block):
                    after_signature = True
                    part = "appendix"
                continue
            para = block
            if not para.text:
                continue
            kind = self._is_part_title(para)
            if kind is not None:
                part = kind
                seen_task = seen_task or kind == "task"
                out.append((para, f"title-{kind}"))
                continue
            if _CLOSING.match(para.text) and part in ("task", "assign", "other"):
                part = "closing"
            elif after_signature:
                part = "appendix"
            elif part == "preamble" and not has_task_title and self._names_index(para):
                part = "task"  # no title before the tasks: they start at the first content heading
                seen_task = True
            out.append((para, part))
        return out

    def _is_part_title(self, para: Para) -> str | None:
        if _PART_PREFIX.match(para.text) and (para.bold or para.heading or para.center) and \
                _part_kind(para.text) is not None:
            return _part_kind(para.text)
        label = label_of(para)
        if label.kind not in ("roman", "upper", "") or not _is_heading(para, label):
            if not (para.center and para.bold):
                return None
        if label.kind == "" and not (para.center or para.heading or para.text.isupper()):
            return None
        if family_in(para.text) or self.catalog.match_index(para.text) is not None:
            return None
        return _part_kind(para.text)

    def _names_index(self, para: Para) -> bool:
        label = label_of(para)
        if not _is_heading(para, label):
            return False
        return self._match_index(para.text, None) is not None

    # -- the task part ----------------------------------------------------------------------------------
    def _task_part(self, paras: list[Para]) -> tuple[list[_Task], list[Section]]:
        labels = [label_of(p) for p in paras]
        headings = [_is_heading(p, lab) and not _PART.match(p.text) for p, lab in zip(paras, labels, strict=True)]
        titles = [self._is_title(i, paras, labels, headings) for i in range(len(paras))]
        sections: list[Section] = []
        tasks: list[_Task] = []
        family: str | None = None
        section: Section | None = None
        sub_code: str | None = None
        sub_text = ""
        for i, (para, label) in enumerate(zip(paras, labels, strict=True)):
            if _PART.match(para.text):
                self.skipped.append(Skipped(para.where, para.text, "tiêu đề phần của Kế hoạch"))
                continue
            if headings[i] and not titles[i]:
                level = _level(para, label)
                fam = family_in(para.text)
                if fam is not None:
                    family, section, sub_code, sub_text = fam, None, None, ""
                    m = self._match_index(para.text, fam)
                    if m is None or m.score < 0.95:  # names the family, not one of its contents
                        self.skipped.append(Skipped(para.where, para.text,
                                                    f"tiêu đề họ chỉ số {family_abbreviation(fam)}"))
                        continue
                new, code, name = self._heading(para, level, family, section)
                if new is not None:
                    if section is not None and level > section.level:
                        section.has_children = True
                    section = new
                    family = section.family if section.family else family
                    sections.append(section)
                    sub_code, sub_text = code, name
                else:
                    sub_code, sub_text = code, name
                    if section is not None:
                        section.has_children = True
                continue
            text = label.rest if label.kind and label.kind != "auto" else para.text
            prev = tasks[-1] if tasks else None
            if not label.kind:
                if prev is not None and prev.title and not prev.text.endswith("\n"):
                    prev.text = f"{prev.text}:\n{para.text}" if not prev.text.endswith((":", ".")) else \
                        f"{prev.text}\n{para.text}"
                    prev.title = False
                    prev.places.append(para.where)
                    continue
                if prev is not None and prev.section is section and is_assignment_line(para.text):
                    prev.said.merge(read_sentence(para.text, self.catalog))
                    self.skipped.append(Skipped(para.where, para.text,
                                                f"đơn vị, thời gian của nhiệm vụ ở {prev.where} (đã ghi vào các cột)"))
                    continue
                if _POINTER.search(para.text) and len(para.text) < 250 and (
                        para.text.startswith("(") or prev is None or prev.section is not section):
                    self.skipped.append(Skipped(para.where, para.text, "chỉ dẫn đến phụ lục/biểu kèm theo, không "
                                                                       "phải nhiệm vụ"))
                    continue
                if prev is not None and prev.section is section and prev.sub_text == sub_text and (
                        prev.level or para.text[:1].islower() or not re.search(r"[.;:!?…]\s*$", prev.text)):
                    prev.text = f"{prev.text}\n{para.text}"
                    prev.places.append(para.where)
                    continue
                if section is None or not self._leaf_without_labels(i, paras, labels, headings):
                    self.skipped.append(Skipped(para.where, para.text,
                                                "đoạn dẫn của mục, không phải nhiệm vụ (không có a), -, 1.)"))
                    continue
            task = _Task(para.where, text, section, family, section.index_code if section else None,
                         section.index_text if section else "", sub_code, sub_text, label.level,
                         title=titles[i], places=[para.where])
            if section is not None:
                section.tasks.append(task)
            tasks.append(task)
        for t in tasks:
            t.said.merge(read_sentence(t.text, self.catalog))
        return tasks, sections

    def _is_title(self, i: int, paras: list[Para], labels: list[Label], headings: list[bool]) -> bool:
        """A bold labelled line followed by an unlabelled body paragraph (seed 000, 1.6 a–c): one task, title and
        body; not a heading (no deeper heading under it, not a catalog name)."""
        if not headings[i] or paras[i].heading or not (
                labels[i].kind in ("letter", "dash") or (labels[i].kind == "number" and paras[i].italic)):
            return False
        nxt = i + 1
        if nxt >= len(paras) or headings[nxt] or labels[nxt].kind or _POINTER.search(paras[nxt].text) \
                or is_assignment_line(paras[nxt].text):
            return False
        level = labels[i].level
        for j in range(nxt, len(paras)):
            if headings[j]:
                if _level(paras[j], labels[j]) > level:
                    return False
                break
        rest = labels[i].rest
        if self.catalog.match_sub_anywhere(rest) is not None or self._match_index(rest, None) is not None:
            m = self.catalog.match_sub_anywhere(rest) or self._match_index(rest, None)
            if m is not None and m.score >= 0.95:
                return False
        return True

    def _leaf_without_labels(self, i: int, paras: list[Para], labels: list[Label], headings: list[bool]) -> bool:
        """The paragraph is in a section with no deeper heading and no labelled paragraph: each paragraph is a
        task."""
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

    def _match_index(self, text: str, family: str | None):
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

    def _heading(self, para: Para, level: int, family: str | None,
                 section: Section | None) -> tuple[Section | None, str | None, str]:
        """(a new section, sub-content code, sub-content text): a content index heading or a section the catalog
        lacks opens a section; a sub-content heading keeps the section (None) and names the sub-content."""
        text = para.text
        m_index = self._match_index(text, family)
        m_sub = self.catalog.match_sub(text, section.index_code) if section and section.index_code else None
        deeper = section is not None and level > section.level
        if m_sub is not None and (m_index is None or m_sub.score > m_index.score
                                  or (deeper and m_sub.score >= m_index.score)):
            item = self.catalog.get(m_sub.value)
            self.skipped.append(Skipped(para.where, text, f"tiêu đề nội dung thành phần: {item.label if item else ''}"))
            return None, m_sub.value, ""
        if m_index is None and family is not None and not deeper:
            sub = self._sub_in_family(text, family)
            item = self.catalog.get(sub or "")
            if item is not None:
                new = Section(text, para.where, family, item.index_code, "", level)
                new.names = self._names(text, item.index_code)
                self.skipped.append(Skipped(para.where, text, f"tiêu đề nội dung thành phần: {item.label}"))
                return new, item.code, ""
        if m_index is not None:
            item = self.catalog.get(m_index.value)
            fam = item.family if item and item.family else family
            new = Section(text, para.where, fam, m_index.value, "", level)
            new.names = self._names(text, m_index.value)
            self.skipped.append(Skipped(para.where, text, f"tiêu đề chỉ số nội dung: {item.label if item else ''}"))
            return new, None, ""
        if deeper and section is not None and section.index_code:
            self.skipped.append(Skipped(para.where, text, "tiêu đề mục con không có trong danh mục nội dung thành "
                                                          "phần: ghi vào cột Nội dung thành phần"))
            return None, None, _name(text)
        new = Section(text, para.where, family or self.default_family, None, _name(text), level)
        new.names = _phrases(text)
        self.unplaced.append((para.where, _name(text)))
        self.skipped.append(Skipped(para.where, text, "tiêu đề mục không có trong danh mục chỉ số: các nhiệm vụ "
                                                      "bên dưới cần chọn chỉ số nội dung"))
        return new, None, ""

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
                self.skipped.append(Skipped(para.where, para.text, reason))
                continue
            unit, request = unit_of_entry(text, self.catalog)
            if not unit:
                unit, request = heading_unit, heading_request
            linked = [s for s in sections if unit and s.tasks and _names_section(text, s)]
            partner = request or partners_only(text)
            roles = []
            for s in linked:
                if not partner and not s.lead:
                    s.lead = unit
                    roles.append(f"chủ trì các nhiệm vụ của mục '{one_line(s.heading)[:60]}'")
                elif fold(unit) != fold(s.lead):
                    if unit not in s.coord:
                        s.coord.append(unit)
                    roles.append(f"phối hợp các nhiệm vụ của mục '{one_line(s.heading)[:60]}'")
            if linked:
                reason = f"Tổ chức thực hiện: {unit} {'; '.join(roles)}"
            elif unit:
                reason = f"Tổ chức thực hiện: nhiệm vụ chung của {unit} (không gắn với một nội dung của Kế hoạch)"
            else:
                reason = "Tổ chức thực hiện: không phải nhiệm vụ của Kế hoạch"
            self.skipped.append(Skipped(para.where, para.text, reason))

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
        last = parts[-1].split()
        tail = " ".join(last[2:]) if len(last) > 2 else ""
        first = parts[0].split()
        head = " ".join(first[:2]) if len(first) > 2 and " ".join(first[:2]) in _GENERIC else ""
        for p in parts:
            if tail and p != parts[-1]:
                out.add(f"{p} {tail}")  # "kiểm tra [việc thực hiện Kế hoạch]"
            elif tail:
                out.add(p)
            if head:  # "Công tác thông tin, tuyên truyền": each activity is a topic of its own
                out.add(p if p != parts[0] else " ".join(first[2:]))
                out.add(f"{head} {p}" if p != parts[0] else p)
    return [p for p in out if len(p.split()) >= 2 and p not in _GENERIC]


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
