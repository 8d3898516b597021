"""A plan's number, date, unit and year, from its heading block and title.

* "Số: 03/KH-UBND", "Số:   07 /KH-UBND" (spaces dropped); a blank "Số:     /KH-UBND" is no number;
* "Việt Hưng, ngày 06 tháng 01 năm 2025" (a date with blanks is no date);
* the unit from the heading block ("ỦY BAN NHÂN DÂN / XÃ LẠC HỒNG", "UBND XÃ TÂN QUANG"), else the title
  ("… xã Việt Hưng năm 2025"), else the place of the date line with the level the text names ("UBND
  phường" -> Phường Dị Sử);
* the plan year from the title ("… năm 2025"), else the date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from papi_xl.contract.workbook import Metadata
from papi_xl.domain.text import clean, fold
from papi_xl.inputs.docx.document import Document, Para, Table

_NUMBER = re.compile(r"\bSố\s*:?\s*(\d{1,4})\s*/\s*([A-Za-zĐđ][\wĐđ.\-]*)")
_NUMBER_IN_TEXT = re.compile(r"\bKế hoạch số\s*(\d{1,4})\s*/\s*([A-Za-zĐđ][\wĐđ.\-]*)", re.IGNORECASE)
_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_PLACE = re.compile(r"^\s*([^,\n]{2,40}?)\s*,\s*ngày\b", re.IGNORECASE | re.MULTILINE)
_LEVEL = r"(xã|phường|thị trấn|đặc khu)"
_UNIT_LINE = re.compile(rf"^\s*(?:(?:UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s+)?{_LEVEL}\s+(.+?)\s*$", re.IGNORECASE)
_UNIT_IN_TITLE = re.compile(rf"\b{_LEVEL}\s+((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)*)")
_YEAR = re.compile(r"\bnăm\s+(\d{4})\b", re.IGNORECASE)


def _heading_texts(doc: Document) -> tuple[list[str], list[Para]]:
    """The heading block (tables before the title) and the title lines after "KẾ HOẠCH"."""
    blocks = doc.blocks[:60]
    kind = next((i for i, b in enumerate(blocks) if isinstance(b, Para) and _is_kind_line(b)), len(blocks))
    cells = [text for block in blocks[:kind] for text in _heading_block_texts(block)]
    return cells, _title_lines(blocks[kind + 1:])


def _is_kind_line(para: Para) -> bool:
    """The line that names the kind of document ("KẾ HOẠCH"): the heading block ends, the title follows."""
    return bool(para.text) and fold(para.text) in ("ke hoach",)


def _heading_block_texts(block: Para | Table) -> list[str]:
    """The texts a block before "KẾ HOẠCH" adds to the heading block: a paragraph's text, the cells of one of
    the first two top-level tables (the two-column "ỦY BAN NHÂN DÂN … | CỘNG HÒA …" block)."""
    if isinstance(block, Table):
        if block.parent == 0 and block.n <= 2:
            return [c.text for row in block.rows for c in row.cells if c.text]
        return []
    return [block.text] if block.text else []


def _title_lines(blocks: list[Para | Table]) -> list[Para]:
    """The bold or centred lines right after "KẾ HOẠCH" (at most four): the plan's title."""
    title: list[Para] = []
    for block in blocks:
        if isinstance(block, Table) or not block.text:
            continue
        if not ((block.bold or block.center) and len(title) < 4 and len(block.text) < 250):
            break
        title.append(block)
    return title


def read_metadata(doc: Document) -> Metadata:
    meta = Metadata()
    cells, title = _heading_texts(doc)
    heading = "\n".join(cells)
    m = _NUMBER.search(heading)
    if m is None:
        body = "\n".join(p.text for p in doc.paragraphs[:400])
        m = _NUMBER_IN_TEXT.search(body)
    if m:
        meta.plan_number = f"{m.group(1)}/{m.group(2)}"
    d = _DATE.search(heading)
    if d:
        try:
            meta.plan_date = dt.date(int(d.group(3)), int(d.group(2)), int(d.group(1)))
        except ValueError:
            meta.plan_date = None
    title_text = " ".join(p.text for p in title)
    y = _YEAR.search(title_text)
    if y:
        meta.year = int(y.group(1))
    elif meta.plan_date:
        meta.year = meta.plan_date.year
    else:
        y = _YEAR.search(heading)
        meta.year = int(y.group(1)) if y else None
    meta.unit = _unit(cells, title_text, heading, doc)
    return meta


def _unit(cells: list[str], title: str, heading: str, doc: Document) -> str:
    for text in cells:
        for line in text.split("\n"):
            m = _UNIT_LINE.match(line)
            if m and not re.search(r"\bhội\b", m.group(2), re.IGNORECASE) and len(m.group(2).split()) <= 5:
                return f"{m.group(1).capitalize()} {_title_case(m.group(2))}"
    m = _UNIT_IN_TITLE.search(title)
    if m:
        return f"{m.group(1).capitalize()} {_title_case(m.group(2))}"
    place = _PLACE.search(heading)
    if place:
        levels = Counter(fold(x) for x in re.findall(rf"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+{_LEVEL}\b",
                                                   " ".join(p.text for p in doc.paragraphs), re.IGNORECASE))
        if levels:
            level = {"xa": "Xã", "phuong": "Phường", "thi tran": "Thị trấn", "dac khu": "Đặc khu"}[
                levels.most_common(1)[0][0]]
            return f"{level} {_title_case(clean(place.group(1)))}"
    return ""


def _title_case(name: str) -> str:
    name = clean(name).strip(" ,.")
    return " ".join(w[:1].upper() + w[1:].lower() for w in name.split())
