"""Who does a task and when, as a plan's sentences say it.

From a task paragraph: "Giao Công chức Văn hóa - Xã hội chủ trì, phối hợp với Đài truyền thanh xã thực
hiện trong Quý I/2026", "Công chức Địa chính - Xây dựng chủ trì, …; hoàn thành trước ngày 30/6/2026",
"(chủ trì: Công chức Tư pháp - Hộ tịch; thời gian: thường xuyên)", "Sản phẩm: báo cáo …", a line of its
own "Đơn vị chủ trì: …; đơn vị phối hợp: …; thời gian: …", a frequency in the task's first clause
("… hộ nghèo hằng năm …", "Thường xuyên kiểm tra …").

From the plan's "Tổ chức thực hiện": which unit a paragraph speaks to (its sub-heading "3. Công chức Văn
hóa - Xã hội", "Truyền thanh phường: …", a unit the sentence starts with) and whether it leads or
partners ("Phối hợp …", "Đề nghị Ủy ban MTTQ …").  What is not found stays empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from papi_xl.domain.catalog import Catalog
from papi_xl.domain.text import clean, fold

_STOP = r"(?=\s*(?:[;.)]|,\s*(?:phối hợp|thời gian|thời hạn|hoàn thành|thực hiện)|$))"
_LABELLED = {
    "lead": re.compile(r"(?:đơn vị|cơ quan|bộ phận|người)?\s*chủ trì(?: thực hiện)?\s*:\s*(?P<v>.+?)" + _STOP,
                       re.IGNORECASE),
    "coord": re.compile(r"(?:đơn vị|cơ quan|bộ phận)?\s*phối hợp(?: thực hiện)?\s*:\s*(?P<v>.+?)" + _STOP,
                        re.IGNORECASE),
    "timeline": re.compile(r"(?:thời gian(?: thực hiện| hoàn thành)?|thời hạn(?: hoàn thành)?)\s*:\s*(?P<v>.+?)"
                           r"(?=\s*(?:[;)]|\.(?:\s|$)|$))", re.IGNORECASE),
    "output": re.compile(r"(?:sản phẩm(?: đầu ra)?|kết quả(?:/sản phẩm| dự kiến)?)\s*:\s*(?P<v>.+?)(?=\s*(?:[;)]|\."
                         r"(?:\s|$)|$))", re.IGNORECASE),
}
_LINE = re.compile(r"^\(?\s*(?:đơn vị |cơ quan |bộ phận )?(?:chủ trì|phối hợp|thời gian|thời hạn|sản phẩm|kết quả)"
                   r"(?: thực hiện| hoàn thành| dự kiến)?\s*:", re.IGNORECASE)
# verbs and words that end a unit's name in a sentence
_AFTER_UNIT = (r"chủ trì|thực hiện|phối hợp|tham mưu|chủ động|triển khai|theo dõi|tổ chức|hướng dẫn|xây dựng|"
               r"kiểm tra|rà soát|báo cáo|có trách nhiệm|chịu trách nhiệm|là|căn cứ|tích cực|đẩy mạnh|tăng cường|"
               r"bám sát|trong việc|hoàn thành|trong|trước")
_UNIT_HEAD = re.compile(r"^(?:công chức|cán bộ|phòng|ban|trung tâm|văn phòng|ủy ban|uỷ ban|ubnd|ub|chủ tịch|phó chủ tịch|"
                        r"đoàn|hội|công an|trạm|đài|truyền thanh|trường|bộ phận|tổ|thanh tra|mặt trận|quân sự|"
                        r"mttq|hđnd|đảng ủy|các thôn|trưởng thôn|thôn)\b", re.IGNORECASE)
_COORD_WITH = re.compile(r"phối hợp (?:với|cùng(?: với)?)\s+(?P<v>.+?)(?=\s*(?:[;.]|,\s|\s(?:thực hiện|hoàn thành|"
                         r"triển khai|tổ chức|trong|trước|để|nhằm|tham mưu)\b|$))", re.IGNORECASE)
_GIAO = re.compile(r"(?:^|[.;:]\s*|\s)giao\s+(?P<v>.+)", re.IGNORECASE)
_DEADLINE = re.compile(r"\btrước\s+(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{2,4})?", re.IGNORECASE)
_PERIOD = re.compile(r"\b(?:(?:trong |vào )?(?:quý|quí)\s+(?:[IV]{1,3}|\d)(?:\s*(?:và|,)\s*(?:quý\s+)?(?:[IV]{1,3}|\d))*"
                     r"(?:\s*(?:/|năm)\s*\d{4})?|(?:6|sáu) tháng (?:đầu|cuối) năm(?: \d{4})?|"
                     r"tháng\s+\d{1,2}(?:\s*[-–]\s*\d{1,2})?\s*/\s*\d{4}|năm\s+\d{4})", re.IGNORECASE)
_FREQUENCY = re.compile(r"\b(hằng năm|hàng năm|hằng quý|hàng quý|hằng tháng|hàng tháng|hằng tuần|hàng tuần|"
                        r"thường xuyên|định kỳ|liên tục)\b", re.IGNORECASE)


@dataclass
class Said:
    """What a paragraph says about its task (empty strings when it does not say)."""

    lead: str = ""
    coord: str = ""
    timeline: str = ""
    output: str = ""

    def merge(self, other: Said) -> None:
        for key in ("lead", "coord", "timeline", "output"):
            mine, theirs = getattr(self, key), getattr(other, key)
            if theirs and not mine:
                setattr(self, key, theirs)
            elif theirs and key == "coord" and fold(theirs) not in fold(mine):
                setattr(self, key, f"{mine}; {theirs}")


def is_assignment_line(text: str) -> bool:
    """A line of its own that only says the lead, partners, time or product of the task above."""
    return bool(_LINE.match(clean(text)))


def _trim(value: str) -> str:
    return clean(value).strip(" ,;:.()")


def unit_at_start(text: str, catalog: Catalog) -> str:
    """The unit a text starts with, as written ("Công chức Văn phòng - Thống kê chủ động, …" -> "Công chức Văn
    phòng - Thống kê"): the longest catalog name, abbreviation or alias it starts with, else the words up to
    the verb that follows a unit's name (only when they look like a unit)."""
    raw = clean(text)
    raw = re.sub(r"^(?:các|cho|đối với)\s+", "", raw, flags=re.IGNORECASE)
    words = raw.split()
    best = ""
    choices = catalog.unit_choices()
    for n in range(min(len(words), 14), 0, -1):
        candidate = " ".join(words[:n])
        if fold(candidate) in choices and len(fold(candidate)) >= 4:
            best = candidate
            break
    if best:
        rest = raw[len(best):]
        m = re.match(r"^\s+(?:xã|phường|thị trấn)\b", rest)
        if m and fold(best + m.group(0)) not in choices:
            best = best + m.group(0)
        return _trim(best)
    m = re.match(rf"^(.+?)\s+(?:{_AFTER_UNIT})\b", raw, re.IGNORECASE)
    if m and _UNIT_HEAD.match(m.group(1)) and 3 <= len(m.group(1).split()) <= 12:
        return _trim(m.group(1))
    return ""


def read_sentence(text: str, catalog: Catalog) -> Said:
    """Lead, partners, time and product that a task paragraph (or a line of its own) states."""
    said = Said()
    body = clean(text).replace("\n", " ")
    for key, pattern in _LABELLED.items():
        m = pattern.search(body)
        if m:
            setattr(said, key, _trim(m.group("v")))
    if not said.lead:
        said.lead = _lead_in(body, catalog)
    if not said.coord:
        coords = [_trim(m.group("v")) for m in _COORD_WITH.finditer(body)]
        m = re.search(r"(?:^|[;.]\s*)([^;.]{3,80}?)\s+phối hợp\s*(?:[.;]|$)", body, re.IGNORECASE)
        if m and _UNIT_HEAD.match(m.group(1).strip()):
            coords.append(_trim(m.group(1)))
        said.coord = "; ".join(dict.fromkeys(c for c in coords if c and c != said.lead))
    if not said.timeline:
        said.timeline = _timeline_in(body)
    return said


def _lead_in(body: str, catalog: Catalog) -> str:
    """"Giao X chủ trì / thực hiện …" or a sentence "X chủ trì, phối hợp …"."""
    for m in _GIAO.finditer(body):
        unit = unit_at_start(m.group("v"), catalog)
        if unit:
            return unit
    for sentence in re.split(r"(?<=[.;])\s+", body):
        s = re.match(r"^(.{3,90}?)\s+chủ trì\b", sentence.strip(), re.IGNORECASE)
        if s:
            unit = unit_at_start(s.group(1) + " chủ trì", catalog)
            if unit:
                return unit
    return ""


def _timeline_in(body: str) -> str:
    """A deadline; a period said with the assignment ("Giao … thực hiện trong Quý I/2026") or closing a
    sentence ("…, Quý II và Quý IV/2026."); a frequency of the task's first clause or of its assignment.
    The first of these readings that finds something wins, in this order."""
    clauses = [c for c in re.split(r"(?<=[.;])\s+", body) if c]
    for reading in _TIMELINE_READINGS:
        found = reading(body, clauses)
        if found is not None:
            return found
    return ""


def _deadline(body: str, clauses: list[str]) -> str | None:
    """"trước ngày 30/6/2026" anywhere."""
    m = _DEADLINE.search(body)
    return clean(m.group(0)) if m else None


def _is_assigning(clause: str) -> bool:
    return bool(re.search(r"\b(?:giao|chủ trì)\b", clause, re.IGNORECASE))


def _period_of_assignment(body: str, clauses: list[str]) -> str | None:
    """A period in the clause that assigns the task ("Giao … thực hiện trong Quý I/2026")."""
    for clause in clauses:
        if _is_assigning(clause):
            p = _PERIOD.search(clause)
            if p:
                return _period_text(p.group(0))
    return None


def _period_after_verb(body: str, clauses: list[str]) -> str | None:
    """"thực hiện / hoàn thành / triển khai (xong) trong Quý II"."""
    p = re.search(rf"\b(?:thực hiện|hoàn thành|triển khai)(?: xong)?\s+(?:trong |vào |trước )?({_PERIOD.pattern})",
                  body, re.IGNORECASE)
    return _period_text(p.group(1)) if p else None


def _period_closing_a_clause(body: str, clauses: list[str]) -> str | None:
    """A period that ends a clause after a comma ("…, Quý II và Quý IV/2026.")."""
    for clause in clauses:
        p = re.search(rf",\s*({_PERIOD.pattern})\s*[.;]?$", clause, re.IGNORECASE)
        if p:
            return _period_text(p.group(1))
    return None


def _frequency(body: str, clauses: list[str]) -> str | None:
    """A frequency of the task's first clause, else of a clause that assigns it; "hằng năm" before the vaguer
    "thường xuyên" when a clause says both."""
    first = re.split(r"[.;]\s", body, maxsplit=1)[0]
    for scope in (first, *(c for c in clauses if _is_assigning(c))):
        found = _FREQUENCY.findall(scope)
        if found:
            specific = [f for f in found if f.lower().startswith(("hằng", "hàng"))]
            word = (specific or found)[0]
            return word[:1].upper() + word[1:]
    return None


_TIMELINE_READINGS = (_deadline, _period_of_assignment, _period_after_verb, _period_closing_a_clause, _frequency)


def _period_text(text: str) -> str:
    return clean(re.sub(r"^(?:trong|vào)\s+", "", text, flags=re.IGNORECASE))


# -- Tổ chức thực hiện ----------------------------------------------------------------------------------
_REQUEST = re.compile(r"^(?:đề nghị|kính đề nghị|đề xuất)\s+", re.IGNORECASE)
_GIVEN = re.compile(r"^(?:giao(?: cho)?|trách nhiệm của|nhiệm vụ của)\s+", re.IGNORECASE)


def unit_of_heading(text: str, catalog: Catalog) -> tuple[str, bool]:
    """(unit, request?) of a Tổ chức thực hiện sub-heading ("3. Công chức Văn hóa - xã hội và Đài truyền thanh
    xã", "4. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam phường"); ("", …) when it names no one unit."""
    body = clean(text).rstrip(":").strip()
    request = bool(_REQUEST.match(body))
    body = _GIVEN.sub("", _REQUEST.sub("", body))
    if not body or len(body.split()) > 12:
        return "", request
    unit = unit_at_start(body, catalog) or (body if _UNIT_HEAD.match(body) else "")
    if unit and (len(fold(body)) - len(fold(unit)) < 25 or " và " in body):
        unit = body if _UNIT_HEAD.match(body) else unit  # keep "… và Đài truyền thanh xã" whole
    return (unit if unit and not _collective(unit, catalog) else ""), request


def unit_of_entry(text: str, catalog: Catalog) -> tuple[str, bool]:
    """(unit, request?) a Tổ chức thực hiện paragraph speaks to by itself: "Truyền thanh phường: …", a unit it
    starts with ("Văn phòng cơ quan Thường trực của UBND phường trong việc …"), "Giao X …"."""
    body = clean(text)
    request = bool(_REQUEST.match(body))
    body = _REQUEST.sub("", body)
    m = re.match(r"^([^:;.]{3,90}):\s", body)
    unit = ""
    if m:
        head = m.group(1).strip()
        unit = unit_at_start(head, catalog) if len(head.split()) >= 2 else ""
        if unit and len(head.split()) <= 12 and _UNIT_HEAD.match(head):
            unit = head
    if not unit:
        unit = unit_at_start(body, catalog)
    if not unit:
        g = re.match(r"^giao\s+(.+)", body, re.IGNORECASE)
        unit = unit_at_start(g.group(1), catalog) if g else ""
    return (unit if unit and not _collective(unit, catalog) else ""), request


def _collective(unit: str, catalog: Catalog) -> bool:
    m = catalog.match_unit(unit)
    found = catalog.unit(m.value) if m else None
    return found is not None and found.is_collective and fold(unit) in {fold(t) for t in (
        found.name, found.abbreviation, *found.aliases)}


def partners_only(text: str) -> bool:
    """The paragraph asks the unit to partner ("Phối hợp …", "Tăng cường công tác phối hợp …")."""
    return bool(re.match(r"^(?:-\s*)?(?:tăng cường(?: công tác)? )?phối hợp\b", clean(text), re.IGNORECASE))


# -- a "Đơn vị thực hiện" cell that names the lead and the partners ---------------------------------------
_ROLE_WORDS = {"chu tri": "lead", "ct": "lead", "phoi hop": "coord", "ph": "coord"}
_ROLE_LABEL = re.compile(r"^(?:đơn vị |cơ quan |bộ phận )?(chủ trì|phối hợp)(?: thực hiện)?\s*:\s*(?P<v>.*)$",
                         re.IGNORECASE)
_ROLE_AFTER = re.compile(r"^(?P<v>.+?)\s*(?:[(\[]\s*(chủ trì|phối hợp|CT|PH)\s*[)\]]|\s(chủ trì|phối hợp))\s*[.,]?$",
                         re.IGNORECASE)
_ROLE_MARK = re.compile(r"([(\[]\s*(?:chủ trì|phối hợp|CT|PH)\s*[)\]])\s*,?", re.IGNORECASE)
_LEAD_THEN_COORD = re.compile(r"^(?P<lead>.+?)\s+chủ trì\s*[,;]?\s*(?:và\s+)?phối hợp(?:\s+với|\s+cùng(?:\s+với)?)?"
                              r"\s*:?\s*(?P<coord>.+)$", re.IGNORECASE)


def _role_of(segment: str) -> list[tuple[str, str]]:
    """[(role, units)] a piece of a units cell states ("Công an xã, MTTQ (phối hợp)", "Chủ trì: Công chức Tư pháp",
    "Công chức VH-XH chủ trì, phối hợp Đoàn Thanh niên"); [("", text)] when it states no role."""
    m = _ROLE_LABEL.match(segment)
    if m:
        return [(_ROLE_WORDS[fold(m.group(1))], m.group("v"))]
    m = _ROLE_AFTER.match(segment)
    if m:
        return [(_ROLE_WORDS[fold(m.group(2) or m.group(3))], m.group("v"))]
    m = _LEAD_THEN_COORD.match(segment)
    if m:
        return [("lead", m.group("lead")), ("coord", m.group("coord"))]
    return [("", segment)]


def split_roles(text: str) -> tuple[str, str] | None:
    """(lead, partners) of a cell that names both ("Công chức VP-TK (chủ trì); Công an xã, MTTQ (phối hợp)",
    "Chủ trì: …. Phối hợp: …", "- Chủ trì: …\\n- Phối hợp: …", "X chủ trì, phối hợp Y"); None when the cell
    states no partner role (it is the lead as written).  A piece without a role of its own takes the role of the
    piece before it; pieces before the first role are the lead."""
    marked = _ROLE_MARK.sub(r"\1;", clean(text))  # "A (CT), B (PH)": each marked unit a piece of its own
    pieces = [p.strip(" -–•+\t") for p in re.split(r"\n|;|\.\s+", marked)]
    found: dict[str, list[str]] = {"lead": [], "coord": []}
    role = "lead"
    for piece in filter(None, pieces):
        for said, units in _role_of(piece):
            role = said or role
            if _trim(units):
                found[role].append(_trim(units))
    if not found["coord"] or not found["lead"]:
        return None
    return "; ".join(found["lead"]), "; ".join(found["coord"])
