"""Document numbers in the form of Nghị định 30/2020/NĐ-CP.

* administrative documents: ``15/KH-UBND``, ``1445/QĐ-SNV``, ``25/UBND-VP``
* legal normative documents: ``42/2022/NĐ-CP``, ``36/2017/TT-BGDĐT``,
  ``72/2025/QH15``

Evidence (*Minh chứng*) should cite at least one number and its date
(``Số 15/KH-UBND ngày 18/01/2023``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from papi_xl.domain.text import clean, strip_accents

# Phụ lục III of ND 30/2020 (type codes), plus "UBND" for công văn symbols.
TYPE_CODES = {
    "NQ", "QĐ", "CT", "QC", "QYĐ", "TC", "TB", "HD", "CTR", "KH", "PA", "ĐA", "DA", "BC", "BB", "TTR",
    "HĐ", "CĐ", "BGN", "BTT", "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB", "SY", "TRS", "SL",
    "NĐ", "TT", "TTLT", "L", "PL", "QH", "UBND", "HĐND", "CV",
}

_TYPE_KEYS = frozenset(strip_accents(c) for c in TYPE_CODES)
_LETTERS = "A-Za-zĐđ"
_NUMBER = re.compile(
    r"(?<![\w/])(?P<num2>\d{1,5})\s*/\s*(?P<year2>(?:19|20)\d\d)\s*/\s*(?P<qh>QH\d{1,2})\b|"
    rf"(?<![\w/])(?P<num>\d{{1,5}})\s*/\s*(?:(?P<year>(?:19|20)\d\d)\s*/\s*)?"
    rf"(?P<type>[{_LETTERS}]{{1,6}})(?:\s*-\s*(?P<issuer>[{_LETTERS}0-9]+(?:\s*-\s*[{_LETTERS}0-9]+)*))?"
    )
_DATE = re.compile(
    r"(?:ngày|ngay)?\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
    r"|(?:ngày|ngay)\s+(\d{1,2})\s+(?:tháng|thang)\s+(\d{1,2})\s+(?:năm|nam)\s+(\d{4})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DocNumber:
    number: int
    year: int | None
    type_code: str
    issuer: str
    date: dt.date | None
    raw: str

    @property
    def symbol(self) -> str:
        year = f"{self.year}/" if self.year else ""
        issuer = f"-{self.issuer}" if self.issuer else ""
        return f"{self.number:02d}/{year}{self.type_code}{issuer}"


def _date_after(text: str, pos: int) -> dt.date | None:
    m = _DATE.search(text, pos, min(len(text), pos + 40))
    if not m:
        return None
    d, mo, y = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
    try:
        return dt.date(int(y), int(mo), int(d))
    except ValueError:
        return None


def find_doc_numbers(text: str) -> list[DocNumber]:
    """All document numbers cited in ``text``, with the date that follows each."""
    text = clean(text)
    found = []
    for m in _NUMBER.finditer(text):
        if m.group("qh"):
            num, year, tcode, issuer = m.group("num2"), m.group("year2"), m.group("qh"), ""
        else:
            num, year, tcode, issuer = m.group("num"), m.group("year"), m.group("type"), m.group("issuer") or ""
            if strip_accents(tcode.upper()) not in _TYPE_KEYS:
                # a date like 18/01/2023 or a fraction: not a document number
                continue
            if not issuer and tcode.upper() not in {"UBND", "HĐND"}:
                continue
        found.append(
            DocNumber(int(num), int(year) if year else None, tcode.upper(), issuer.replace(" ", ""),
                      _date_after(text, m.end()), m.group(0))
        )
    return found
