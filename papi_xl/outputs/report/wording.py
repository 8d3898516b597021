"""The words of the report: numbers and changes as a Vietnamese report writes them, who the issuing
body is (and so its heading, its document symbol, its signer and its *Nơi nhận*), a task's short
title, and the documents a *Minh chứng* cell cites, written as the Nghị định 30/2020 numbers they are.

Pure functions of plain values; nothing here knows about Word.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from papi_xl.domain.docnum import DocNumber, find_doc_numbers
from papi_xl.domain.text import clean, fold, one_line

BLANK = "[…]"
# Districts were abolished on 1/7/2025 (Luật 72/2025/QH15): communes report straight to the province.
RESTRUCTURED = dt.date(2025, 7, 1)


# -- numbers ------------------------------------------------------------------------------------------
def num(n: int | float | None) -> str:
    """1234 -> "1.234" (Vietnamese thousands separator)."""
    return f"{int(n or 0):,}".replace(",", ".")


def decimal(x: float) -> str:
    """12.0 -> "12", 36.66 -> "36,7"."""
    text = f"{x:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return text.replace(".", ",")


def pct(p: float | None) -> str:
    return "-" if p is None else f"{decimal(p)}%"


def date(d: dt.date | None) -> str:
    return f"{d:%d/%m/%Y}" if d else ""


def change(before: int, now: int) -> str:
    """"tăng 4 (từ 7 lên 11)", "giảm 2 (từ 15 xuống 13)", "không đổi (11)"."""
    if now > before:
        return f"tăng {num(now - before)} (từ {num(before)} lên {num(now)})"
    if now < before:
        return f"giảm {num(before - now)} (từ {num(before)} xuống {num(now)})"
    return f"không đổi ({num(now)})"


def pct_change(before: float | None, now: float | None) -> str:
    """"tăng 12 điểm % (từ 24,7% lên 36,7%)"."""
    if before is None or now is None:
        return f"{pct(now)} (kỳ trước {pct(before)})"
    delta = round(now - before, 1)
    if delta > 0:
        return f"tăng {decimal(delta)} điểm % (từ {pct(before)} lên {pct(now)})"
    if delta < 0:
        return f"giảm {decimal(-delta)} điểm % (từ {pct(before)} xuống {pct(now)})"
    return f"không đổi ({pct(now)})"


def points(before: float | None, now: float | None) -> str:
    """The change of a percentage for a table cell: "+12", "-3,5", "0", "-"."""
    if before is None or now is None:
        return "-"
    delta = round(now - before, 1)
    return ("+" if delta > 0 else "-" if delta < 0 else "") + decimal(abs(delta))


# -- the issuing body ----------------------------------------------------------------------------------
_TYPE = re.compile(r"^(thị trấn|thi tran|thị xã|thi xa|thành phố|thanh pho|tp\.?|đặc khu|dac khu|phường|phuong|"
                   r"quận|quan|huyện|huyen|tỉnh|tinh|xã|xa)\s+(\S.*)$", re.IGNORECASE)
_TYPE_WORDS = {"thi tran": "thị trấn", "thi xa": "thị xã", "thanh pho": "thành phố", "tp": "thành phố",
               "dac khu": "đặc khu", "phuong": "phường", "quan": "quận", "huyen": "huyện", "tinh": "tỉnh", "xa": "xã"}
_KIND = {"thị trấn": "commune", "đặc khu": "commune", "phường": "commune", "xã": "commune", "thị xã": "district",
         "quận": "district", "huyện": "district", "tỉnh": "province"}
_CENTRAL_CITIES = {"ha noi", "ho chi minh", "hai phong", "da nang", "can tho", "hue"}
_UBND = re.compile(r"^(?:ủy ban nhân dân|uỷ ban nhân dân|uy ban nhan dan|ubnd)\s+", re.IGNORECASE)
_AGENCY = re.compile(r"^(sở|phòng|ban|văn phòng|thanh tra|trung tâm)\s", re.IGNORECASE)
_AGENCY_PARENT = re.compile(r"\s+((?:tỉnh|thành phố|huyện|quận|thị xã)\s+\S.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Body:
    """An issuing body (or a unit named in the text).  ``kind``: commune | district | province | agency |
    unknown; ``type_word``: "xã", "huyện", "tỉnh"... (lower case); ``name``: "Trung Trắc" (an agency:
    "Sở Nội vụ"); ``parent``: the administrative unit an agency belongs to."""

    kind: str
    type_word: str
    name: str
    parent: Body | None = None

    @property
    def in_text(self) -> str:
        """How running text names it: "xã Trung Trắc", "Sở Nội vụ tỉnh Hưng Yên"."""
        if self.kind == "agency":
            return f"{self.name} {self.parent.in_text}" if self.parent else self.name
        return f"{self.type_word} {self.name}".strip() if self.name else BLANK

    @property
    def short(self) -> str:
        """How the body names itself in its own report: "UBND xã", "Sở Nội vụ"."""
        if self.kind == "agency":
            return self.name
        return f"UBND {self.type_word}" if self.type_word else f"UBND {self.name or BLANK}"

    @property
    def authority(self) -> str:
        """"UBND xã Trung Trắc", "Sở Nội vụ tỉnh Hưng Yên"."""
        return self.in_text if self.kind == "agency" else f"UBND {self.in_text}"

    @property
    def place(self) -> str:
        """The place of the date line (NĐ 30: the unit where the body sits)."""
        if self.kind == "agency":
            return self.parent.place if self.parent else BLANK
        return self.name or BLANK

    @property
    def is_ubnd(self) -> bool:
        return self.kind != "agency"

    def heading(self) -> tuple[str, str]:
        """The two lines of the issuing body in the heading: (parent line, body line).  NĐ 30 asks for
        a parent line (cơ quan chủ quản) only above an agency; a People's Committee is written
        "ỦY BAN NHÂN DÂN" over "XÃ …"."""
        if self.kind == "agency":
            parent = f"UBND {self.parent.in_text}" if self.parent else f"UBND {BLANK}"
            return parent.upper(), self.name.upper()
        return "ỦY BAN NHÂN DÂN", (self.in_text.upper() if self.name else BLANK)

    def symbol(self) -> str:
        """The symbol of its report: "BC-UBND", "BC-SNV"."""
        if self.kind == "agency":
            return "BC-" + "".join(w[0] for w in self.name.split() if w[0].isalpha()).upper()
        return "BC-UBND"

    def signer(self) -> tuple[str, ...]:
        """The signature block's title lines."""
        if self.kind != "agency":
            return ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
        head = fold(self.name).split(" ")[0]
        return ({"so": "GIÁM ĐỐC", "phong": "TRƯỞNG PHÒNG", "ban": "TRƯỞNG BAN", "van": "CHÁNH VĂN PHÒNG",
                 "thanh": "CHÁNH THANH TRA"}.get(head, "THỦ TRƯỞNG CƠ QUAN"),)


def body_of(unit: str, when: dt.date | None = None) -> Body:
    """Who a unit name is: "Xã Trung Trắc" -> commune "xã" "Trung Trắc"; "UBND huyện Văn Lâm" -> district;
    "Sở Nội vụ tỉnh Hưng Yên" -> agency with its province.  A "thành phố" is a province when it is run
    by the centre, or on or after 1/7/2025 (no districts remain)."""
    text = _UBND.sub("", one_line(clean(unit)))
    if not text:
        return Body("unknown", "", "")
    if _AGENCY.match(text):
        m = _AGENCY_PARENT.search(text)
        if m:
            return Body("agency", "", text[:m.start()].strip(), body_of(m.group(1), when))
        return Body("agency", "", text)
    m = _TYPE.match(text)
    if not m:
        return Body("unknown", "", text)
    word = _TYPE_WORDS.get(fold(m.group(1)), m.group(1).lower())
    name = m.group(2).strip()
    if name.isupper() and len(name) > 3:  # "XÃ TRUNG TRẮC" typed in capitals
        name = name.title()
    kind = _KIND.get(word)
    if kind is None:  # thành phố
        central = fold(name) in _CENTRAL_CITIES or (when is not None and when >= RESTRUCTURED)
        kind = "province" if central else "district"
    return Body(kind, word, name)


def recipients(body: Body, parent: Body | None, when: dt.date | None) -> list[str]:
    """The *Nơi nhận* entries (without the "- " and ";"), by the issuing level and the date: a commune
    reports to the district before 1/7/2025 and to the province from then on."""
    after = when is not None and when >= RESTRUCTURED
    tw = body.type_word
    if body.kind == "commune":
        if after:
            prov = parent.in_text if parent and parent.kind == "province" else "tỉnh"
            up = [f"UBND {prov}", "Sở Nội vụ" + (f" {prov}" if prov != "tỉnh" else "")]
        else:
            dist = parent.in_text if parent and parent.kind == "district" else "huyện"
            up = [f"UBND {dist}", f"Phòng Nội vụ {dist}"]
        return [*up, f"TT Đảng ủy, HĐND {tw}", f"Chủ tịch, các PCT UBND {tw}", "Lưu: VT"]
    if body.kind == "district":
        party = {"quận": "Quận ủy", "thị xã": "Thị ủy", "thành phố": "Thành ủy"}.get(tw, "Huyện ủy")
        below = {"quận": "UBND các phường", "huyện": "UBND các xã, thị trấn"}.get(tw, "UBND các xã, phường")
        return ["UBND tỉnh", "Sở Nội vụ", f"TT {party}, HĐND {tw}", f"Chủ tịch, các PCT UBND {tw}", below, "Lưu: VT"]
    if body.kind == "province":
        party = "Thành ủy" if tw == "thành phố" else "Tỉnh ủy"
        below = "UBND các xã, phường, đặc khu" if after else "UBND các huyện, thị xã, thành phố"
        return ["Bộ Nội vụ", f"TT {party}, HĐND {tw}", f"Chủ tịch, các PCT UBND {tw}", "Sở Nội vụ", below, "Lưu: VT"]
    if body.kind == "agency":
        above = f"UBND {body.parent.in_text}" if body.parent else "UBND cấp trên"
        return [above, f"Lãnh đạo {body.name.split(' ', 1)[0].lower()}", "Lưu: VT"]
    return [BLANK, "Lưu: VT"]


# -- tasks ---------------------------------------------------------------------------------------------
_BULLET = re.compile(r"^\s*(?:[-+•*–—]+|\d{1,2}[.)]|[a-zđ][)])\s*", re.IGNORECASE)
_TASK_PREFIX = re.compile(r"^(?:nhiệm vụ|nội dung)\s*:\s*", re.IGNORECASE)


def lines_of(text: str) -> list[str]:
    """The non-empty lines of a cell, without their list markers ("- ", "+ ", "1. ")."""
    out = []
    for line in clean(text).split("\n"):
        line = _BULLET.sub("", line.strip(), count=1).strip()
        if line:
            out.append(line)
    return out


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.- ")
    return cut + "…"


def task_title(text: str, limit: int = 170) -> str:
    """A task's short name for running text: its first line (joined to the next when it ends with
    ":"), cut at the first ";" when long, then at a word (with "…")."""
    lines = lines_of(text)
    if not lines:
        return ""
    first = _TASK_PREFIX.sub("", lines[0])
    if first.endswith(":") and len(lines) > 1:
        first = f"{first} {lines[1]}"
    if len(first) > limit // 2 and ";" in first:
        head = first.split(";", 1)[0].strip()
        if len(head) >= 30:
            first = head
    first = first.rstrip(" .;,")
    first = _cut(first, limit)
    return first[:1].upper() + first[1:]


def full_text(text: str, limit: int = 600) -> str:
    """A cell's whole text for a table (line breaks kept), cut at ``limit`` characters."""
    text = clean(text)
    return text if len(text) <= limit else _cut(text, limit)


# -- documents cited as evidence ------------------------------------------------------------------------
TYPE_NAMES = {
    "KH": "Kế hoạch", "QĐ": "Quyết định", "TB": "Thông báo", "BC": "Báo cáo", "CV": "Công văn",
    "UBND": "Công văn", "HĐND": "Công văn", "NQ": "Nghị quyết", "CT": "Chỉ thị", "HD": "Hướng dẫn",
    "CTR": "Chương trình", "PA": "Phương án", "ĐA": "Đề án", "DA": "Dự án", "TTR": "Tờ trình", "BB": "Biên bản",
    "GM": "Giấy mời", "QC": "Quy chế", "QYĐ": "Quy định", "NĐ": "Nghị định", "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch", "L": "Luật", "PL": "Pháp lệnh", "HĐ": "Hợp đồng", "CĐ": "Công điện",
    "TC": "Tiêu chuẩn", "GUQ": "Giấy ủy quyền", "GGT": "Giấy giới thiệu", "GNP": "Giấy nghỉ phép",
    "PG": "Phiếu gửi", "PC": "Phiếu chuyển", "PB": "Phiếu báo", "BGN": "Bản ghi nhớ", "BTT": "Bản thỏa thuận",
}
_DISPLAY_CODE = {"CTR": "CTr", "TTR": "TTr", "QYĐ": "QyĐ", "TRS": "TrS"}
_FILLER = re.compile(r"\b(?:số|so|ngày|ngay|tháng|năm|và|của|ubnd|văn bản)\b|[\s,;:.()\-–/]+", re.IGNORECASE)
_DATE_TEXT = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}")


def symbol(doc: DocNumber) -> str:
    """"12/KH-UBND", "42/2022/NĐ-CP", "72/2025/QH15" (NĐ 30's spelling of the type code)."""
    year = f"{doc.year}/" if doc.year else ""
    issuer = f"-{doc.issuer}" if doc.issuer else ""
    return f"{doc.number:02d}/{year}{_DISPLAY_CODE.get(doc.type_code, doc.type_code)}{issuer}"


def citation(doc: DocNumber) -> str:
    """"Kế hoạch số 12/KH-UBND ngày 10/02/2023"."""
    name = "Luật" if doc.type_code.startswith("QH") else TYPE_NAMES.get(doc.type_code, "Văn bản")
    day = f" ngày {date(doc.date)}" if doc.date else ""
    return f"{name} số {symbol(doc)}{day}"


def evidence_text(evidence: str, result: str = "") -> str:
    """What the report writes for a Minh chứng cell: the documents it cites, as NĐ 30 numbers with
    their dates ("Kế hoạch số 12/KH-UBND ngày 10/02/2023"), when the cell is only that; the cell's own
    words when it says more (a subject, a photo, a list).  Documents the result already names are not
    repeated.  "" for an empty cell."""
    evidence = "; ".join(lines_of(evidence))
    if not evidence:
        return ""
    docs = find_doc_numbers(evidence)
    if not docs:
        return f"minh chứng: {evidence}"
    rest = evidence
    for d in docs:
        rest = rest.replace(d.raw, " ")
    rest = _DATE_TEXT.sub(" ", rest)
    for name in sorted({*TYPE_NAMES.values(), *TYPE_NAMES, "Luật", "CTr", "TTr"}, key=len, reverse=True):
        rest = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", rest, flags=re.IGNORECASE)
    if _FILLER.sub("", rest):
        return evidence  # more than document numbers: the clerk's words
    seen = fold(result)
    cited = [citation(d) for d in docs if fold(symbol(d)) not in seen]
    return "; ".join(dict.fromkeys(cited))
