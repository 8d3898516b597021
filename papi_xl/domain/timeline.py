"""Turn the free text of *Thời gian thực hiện* into a structured meaning.

``parse_timeline("Quý II, III năm 2023", plan_year=2023)`` gives a
:class:`Timeline` with ``kind="quarters"`` and ``due=2023-09-30``.  The due
date is what overdue is judged against; ``None`` means the task has no
deadline of its own (ongoing work, or work triggered by an event).

Rules (documented in the README):

* ongoing (*thường xuyên*, *định kỳ*, *theo nhiệm kỳ*) - no due date; judged by
  whether progress was reported in the period;
* a year, *hàng năm*, *năm X và các năm tiếp theo*, a frequency per year,
  *cuối năm*, an empty cell - due 31/12 of that year (the plan year);
* a range of years / *giai đoạn* - due 31/12 of the last year;
* quarters - the last day of the last quarter; a month - its last day;
  *6 tháng đầu năm* - 30/6;
* a school year (*trong năm học*) - 31/5 of the plan year (configurable);
* an explicit date, or *trước ngày d/m/yyyy* - that date;
* an event trigger (*sau khi ...*, *khi có ...*) - no due date.

Recurring kinds (annual, open-ended) are evaluated in the plan year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from papi_xl.domain.text import clean, strip_accents

SCHOOL_YEAR_END = (5, 31)  # month, day; configurable via parse_timeline(school_year_end=)

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class Timeline:
    kind: str
    due: dt.date | None = None
    start: dt.date | None = None
    ongoing: bool = False
    recurring: bool = False
    text: str = ""
    parts: tuple[str, ...] = field(default_factory=tuple)

    @property
    def understood(self) -> bool:
        return self.kind != "unknown"


def _end_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _year(text: str) -> int | None:
    m = re.search(r"\b(19\d\d|20\d\d)\b", text)
    return int(m.group(1)) if m else None


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


_DATE = re.compile(r"\b(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\b")
_DATE_WORDS = re.compile(r"\bngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})\b")
_DATE_NO_YEAR = re.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})\b(?!\s*/)")


def find_dates(folded: str) -> list[dt.date]:
    dates = []
    for m in list(_DATE.finditer(folded)) + list(_DATE_WORDS.finditer(folded)):
        d = _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if d:
            dates.append(d)
    return dates


@functools.lru_cache(maxsize=8192)
def parse_timeline(text: str, plan_year: int | None, school_year_end: tuple[int, int] = SCHOOL_YEAR_END) -> Timeline:
    """Parse one *Thời gian thực hiện* cell. Never raises. (Memoised: plans repeat their phrases.)"""
    try:
        return _parse(text or "", plan_year, school_year_end)
    except Exception:  # defensive: a parser bug must not stop validation
        return Timeline("unknown", text=text or "")


def tfold(raw: str) -> str:
    """Fold for phrase matching, keeping the separators dates need (/ - ,)."""
    text = strip_accents(clean(raw).lower())
    text = re.sub(r"[^0-9a-z/,\-–]+", " ", text).replace("–", "-")
    return re.sub(r"\s+", " ", text).strip(" ,")


def _parse(raw: str, plan_year: int | None, school_end: tuple[int, int]) -> Timeline:
    t = tfold(raw)
    year = plan_year
    end_of_plan = dt.date(year, 12, 31) if year else None
    if not t:
        return Timeline("unspecified", end_of_plan, text=raw)

    # Several bullet parts ("- Năm 2023; - 6 tháng, năm"): the latest due wins.
    parts = [p for p in re.split(r"\s*(?:\n|;)\s*", raw) if tfold(p).strip("- ")]
    if len(parts) > 1:
        parsed = [_parse(p, plan_year, school_end) for p in parts]
        known = [p for p in parsed if p.understood]
        if known:
            dues = [p.due for p in known if p.due]
            kinds = "+".join(dict.fromkeys(p.kind for p in known))
            if dues:
                return Timeline(kinds, max(dues), min((p.start for p in known if p.start), default=None),
                                any(p.ongoing for p in known), any(p.recurring for p in known), raw,
                                tuple(p.kind for p in parsed))
            return Timeline(kinds, None, None, any(p.ongoing for p in known), any(p.recurring for p in known),
                            raw, tuple(p.kind for p in parsed))

    # explicit dates: "trước ngày 05/7/2025", "ngày 04/11/2024", "15/3/2025"
    dates = find_dates(t)
    if dates:
        before = re.search(r"\btruoc\b(.*)", t)
        if before and find_dates(before.group(1)):
            kind = "report_deadline" if re.search(r"\bbao cao\b", t) else "date"
            return Timeline(kind, find_dates(before.group(1))[0], text=raw)
        if re.search(r"\bden\b", t) and len(dates) >= 2:
            return Timeline("date_range", max(dates), min(dates), text=raw)
        return Timeline("date", max(dates), text=raw)

    if re.search(r"\bngay lam viec\b|\bngay ke tu\b|\bsau\s+\d+\s+ngay\b|\bcham nhat\s+\d+\s+ngay\b", t):
        return Timeline("relative_deadline", None, text=raw)
    if re.search(r"\btheo quy dinh\b", t):
        return Timeline("statutory", None, ongoing=True, text=raw)

    # incomplete date "ngày tháng 12 năm 2024"
    m = re.search(r"\bthang\s+(\d{1,2})\s*(?:nam|/)\s*(\d{4})\b", t)
    if m and 1 <= int(m.group(1)) <= 12:
        kind = "incomplete_date" if t.startswith("ngay") else "month"
        return Timeline(kind, _end_of_month(int(m.group(2)), int(m.group(1))), text=raw)

    # event-triggered: "Sau khi ... phê duyệt", "khi có nhu cầu", "trước các kỳ họp"
    if re.search(r"\bsau khi\b|\bkhi co\b|\btruoc cac ky hop\b|\bkhi duoc\b", t):
        ongoing = "thuong xuyen" in t
        return Timeline("ongoing+event_triggered" if ongoing else "event_triggered", None, ongoing=ongoing, text=raw)

    # quarters: "Quý II, III năm 2023", "quý 3/2023"
    if re.search(r"\bquy\s*(iv|iii|ii|i|[1-4])\b|\b(hang|theo) quy\b(?! dinh)", t):
        head = re.split(r"\bnam\b|/", t)[0]
        qs = [ROMAN[q] for q in re.findall(r"\b(iv|iii|ii|i|[1-4])\b", head)]
        y = _year(t) or year
        if qs and y:
            last = max(qs)
            return Timeline("quarters", _end_of_month(y, last * 3), dt.date(y, min(qs) * 3 - 2, 1), text=raw)
        if "hang quy" in t or "theo quy" in t:
            return Timeline("multi_frequency", end_of_plan, ongoing=True, recurring=True, text=raw)

    # school year
    if re.search(r"\bnam hoc\b", t):
        y = _year(t)
        if y is None:
            y = year
        elif re.search(r"(\d{4})\s*(?:-|den)\s*(\d{4})", t):
            y = int(re.search(r"(\d{4})\s*(?:-|den)\s*(\d{4})", t).group(2))
        due = _safe_date(y, *school_end) if y else None
        return Timeline("school_year", due, text=raw)

    # ranges of years "Năm 2023-2025", "giai đoạn 2021-2030"
    m = re.search(r"\b(20\d\d|19\d\d)\s*(?:-|–|den)\s*(20\d\d|19\d\d)\b", t)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        kind = "period" if "giai doan" in t else "year_range"
        return Timeline(kind, dt.date(max(a, b), 12, 31), dt.date(min(a, b), 1, 1), text=raw)

    # half-year
    if re.search(r"\b6 thang dau nam\b|\bnua dau nam\b", t):
        y = _year(t) or year
        return Timeline("half_year", dt.date(y, 6, 30) if y else None, text=raw)

    # a year, possibly open-ended or recurring
    y = _year(t)
    if y:
        if re.search(r"cac nam tiep theo|nhung nam tiep theo|cac nam sau|hang nam|hang nam|va hang nam", t):
            due_year = max(y, year or y)
            return Timeline("year_open_ended", dt.date(due_year, 12, 31), dt.date(y, 1, 1), recurring=True, text=raw)
        if t.startswith("trong nam") and year and y < year:
            return Timeline("lookback_year", dt.date(y, 12, 31), text=raw)
        return Timeline("year", dt.date(y, 12, 31), dt.date(y, 1, 1), text=raw)

    # ongoing / periodic / statutory / term-based
    if re.search(r"\bthuong xuyen\b|\bdinh ky\b|\bdot xuat\b|\bnhiem ky\b|\bcon hieu luc\b|\bhang ngay\b|\bhang tuan\b", t):
        return Timeline("ongoing", None, ongoing=True, recurring=True, text=raw)
    # frequencies: "1 năm 2 lần", "ít nhất 1 lần/năm", "hàng năm, hàng quý, hàng tháng"
    if re.search(r"\b(hang|moi)\s+(nam|quy|thang)\b(?! dinh)|\btheo\s+(thang|quy|nam)\b(?! dinh)|\blan\s*/?\s*nam\b|\bnam\s+\d+\s+lan\b", t):
        monthly = re.search(r"\b(hang|moi|theo)\s+thang\b", t)
        kind = "multi_frequency" if "," in raw or monthly else ("annual" if re.fullmatch(r"(hang|moi) nam", t) else "frequency")
        return Timeline(kind, end_of_plan, ongoing=bool(monthly), recurring=True, text=raw)
    if re.search(r"\bcuoi nam\b", t):
        return Timeline("year_end", end_of_plan, text=raw)
    if re.search(r"\b0?6 thang\b|\bsau thang\b", t) and re.search(r"\bnam\b", t):
        return Timeline("report_points", end_of_plan, text=raw)
    if re.fullmatch(r"trong nam|ca nam|nam nay|trong nam ke hoach", t):
        return Timeline("year", end_of_plan, text=raw)
    if re.search(r"\bbao cao dinh ky\b|\bneu can\b|\bchuyen de\b", t):
        return Timeline("periodic_optional", None, ongoing=True, text=raw)
    return Timeline("unknown", None, text=raw)
