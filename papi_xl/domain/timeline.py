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
* quarters - the last day of the last quarter; a month - its last day; a range of months
  (*tháng 10 - 12/2026*) - the last day of its last month;
  *6 tháng đầu năm* - 30/6;
* a school year (*trong năm học*) - 31/5 of the plan year (configurable);
* an explicit date, or *trước ngày d/m/yyyy* - that date; a day or months without a year (*trước ngày 15/10*,
  *tháng 6 và tháng 12*) - that day, or the end of the last month, of the plan year;
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
    if not t:
        return Timeline("unspecified", dt.date(plan_year, 12, 31) if plan_year else None, text=raw)
    ctx = _Context(raw, t, plan_year, school_end)
    for rule in _RULES:  # the first rule that recognises the text decides
        found = rule(ctx)
        if found is not None:
            return found
    return Timeline("unknown", None, text=raw)


@dataclass(frozen=True)
class _Context:
    raw: str
    t: str  # folded (tfold)
    year: int | None  # the plan year
    school_end: tuple[int, int]

    @property
    def end_of_plan(self) -> dt.date | None:
        return dt.date(self.year, 12, 31) if self.year else None


def _several_parts(c: _Context) -> Timeline | None:
    """Several bullet parts ("- Năm 2023; - 6 tháng, năm"): the latest due wins."""
    parts = [p for p in re.split(r"\s*(?:\n|;)\s*", c.raw) if tfold(p).strip("- ")]
    if len(parts) <= 1:
        return None
    parsed = [_parse(p, c.year, c.school_end) for p in parts]
    known = [p for p in parsed if p.understood]
    return _combine(known, c.raw, tuple(p.kind for p in parsed)) if known else None


def _combine(known: list[Timeline], raw: str, kinds: tuple[str, ...]) -> Timeline:
    dues = [p.due for p in known if p.due]
    starts = [p.start for p in known if p.start]
    return Timeline("+".join(dict.fromkeys(p.kind for p in known)), max(dues) if dues else None,
                    min(starts) if dues and starts else None, any(p.ongoing for p in known),
                    any(p.recurring for p in known), raw, kinds)


_MONTH_RANGE = re.compile(r"\bthang\s+(\d{1,2})\s*(?:-|den)\s*(?:thang\s+)?(\d{1,2})\s*(?:/|nam)\s*(\d{4})\b")


def _month_range(c: _Context) -> Timeline | None:
    """"Tháng 10 - 12/2026", "tháng 3-5 năm 2026", "tháng 3 đến tháng 5/2026": months, due at the end of the last
    one (not the date 10/12/2026 that the digits "10 - 12/2026" would also spell)."""
    m = _MONTH_RANGE.search(c.t)
    if not m:
        return None
    first, last, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= first <= 12 and 1 <= last <= 12):
        return None
    start = dt.date(year if first <= last else year - 1, first, 1)  # "tháng 12 - 3/2026" starts in December 2025
    return Timeline("month_range", _end_of_month(year, last), start, text=c.raw)


def _explicit_dates(c: _Context) -> Timeline | None:
    """"trước ngày 05/7/2025", "ngày 04/11/2024", "15/3/2025", "từ 01/3 đến 30/6/2025"."""
    dates = find_dates(c.t)
    if not dates:
        return None
    before = re.search(r"\btruoc\b(.*)", c.t)
    if before and find_dates(before.group(1)):
        kind = "report_deadline" if re.search(r"\bbao cao\b", c.t) else "date"
        return Timeline(kind, find_dates(before.group(1))[0], text=c.raw)
    if re.search(r"\bden\b", c.t) and len(dates) >= 2:
        return Timeline("date_range", max(dates), min(dates), text=c.raw)
    return Timeline("date", max(dates), text=c.raw)


def _relative_or_statutory(c: _Context) -> Timeline | None:
    if re.search(r"\bngay lam viec\b|\bngay ke tu\b|\bsau\s+\d+\s+ngay\b|\bcham nhat\s+\d+\s+ngay\b", c.t):
        return Timeline("relative_deadline", None, text=c.raw)
    if re.search(r"\btheo quy dinh\b", c.t):
        return Timeline("statutory", None, ongoing=True, text=c.raw)
    return None


def _month(c: _Context) -> Timeline | None:
    """"Tháng 12/2024", and the incomplete date of a draft "ngày tháng 12 năm 2024"."""
    m = re.search(r"\bthang\s+(\d{1,2})\s*(?:nam|/)\s*(\d{4})\b", c.t)
    if m and 1 <= int(m.group(1)) <= 12:
        kind = "incomplete_date" if c.t.startswith("ngay") else "month"
        return Timeline(kind, _end_of_month(int(m.group(2)), int(m.group(1))), text=c.raw)
    return None


def _event(c: _Context) -> Timeline | None:
    """Event-triggered: "Sau khi ... phê duyệt", "khi có nhu cầu", "trước các kỳ họp"."""
    if re.search(r"\bsau khi\b|\bkhi co\b|\btruoc cac ky hop\b|\bkhi duoc\b", c.t):
        ongoing = "thuong xuyen" in c.t
        return Timeline("ongoing+event_triggered" if ongoing else "event_triggered", None, ongoing=ongoing,
                        text=c.raw)
    return None


def _quarters(c: _Context) -> Timeline | None:
    """"Quý II, III năm 2023", "quý 3/2023", "hàng quý"."""
    if not re.search(r"\bquy\s*(iv|iii|ii|i|[1-4])\b|\b(hang|theo) quy\b(?! dinh)", c.t):
        return None
    head = re.split(r"\bnam\b|/", c.t)[0]
    qs = [ROMAN[q] for q in re.findall(r"\b(iv|iii|ii|i|[1-4])\b", head)]
    y = _year(c.t) or c.year
    if qs and y:
        return Timeline("quarters", _end_of_month(y, max(qs) * 3), dt.date(y, min(qs) * 3 - 2, 1), text=c.raw)
    if "hang quy" in c.t or "theo quy" in c.t:
        return Timeline("multi_frequency", c.end_of_plan, ongoing=True, recurring=True, text=c.raw)
    return None


def _school_year(c: _Context) -> Timeline | None:
    if not re.search(r"\bnam hoc\b", c.t):
        return None
    y = _year(c.t)
    span = re.search(r"(\d{4})\s*(?:-|den)\s*(\d{4})", c.t)
    if y is None:
        y = c.year
    elif span:
        y = int(span.group(2))
    return Timeline("school_year", _safe_date(y, *c.school_end) if y else None, text=c.raw)


def _year_range(c: _Context) -> Timeline | None:
    """"Năm 2023-2025", "giai đoạn 2021-2030": due at the end of the last year."""
    m = re.search(r"\b(20\d\d|19\d\d)\s*(?:-|–|den)\s*(20\d\d|19\d\d)\b", c.t)
    if not m:
        return None
    a, b = int(m.group(1)), int(m.group(2))
    kind = "period" if "giai doan" in c.t else "year_range"
    return Timeline(kind, dt.date(max(a, b), 12, 31), dt.date(min(a, b), 1, 1), text=c.raw)


def _half_year(c: _Context) -> Timeline | None:
    if not re.search(r"\b6 thang dau nam\b|\bnua dau nam\b", c.t):
        return None
    y = _year(c.t) or c.year
    return Timeline("half_year", dt.date(y, 6, 30) if y else None, text=c.raw)


def _a_year(c: _Context) -> Timeline | None:
    """A year, possibly open-ended ("năm 2023 và các năm tiếp theo") or recurring ("hàng năm")."""
    y = _year(c.t)
    if not y:
        return None
    if re.search(r"cac nam tiep theo|nhung nam tiep theo|cac nam sau|hang nam|va hang nam", c.t):
        due_year = max(y, c.year or y)
        return Timeline("year_open_ended", dt.date(due_year, 12, 31), dt.date(y, 1, 1), recurring=True, text=c.raw)
    if c.t.startswith("trong nam") and c.year and y < c.year:
        return Timeline("lookback_year", dt.date(y, 12, 31), text=c.raw)
    return Timeline("year", dt.date(y, 12, 31), dt.date(y, 1, 1), text=c.raw)


def _ongoing(c: _Context) -> Timeline | None:
    """Ongoing, periodic, statutory, term-based work: no due date of its own."""
    if re.search(r"\bthuong xuyen\b|\bdinh ky\b|\bdot xuat\b|\bnhiem ky\b|\bcon hieu luc\b|\bhang ngay\b|"
                 r"\bhang tuan\b", c.t):
        return Timeline("ongoing", None, ongoing=True, recurring=True, text=c.raw)
    return None


def _frequency(c: _Context) -> Timeline | None:
    """"1 năm 2 lần", "ít nhất 1 lần/năm", "hàng năm, hàng quý, hàng tháng": due at the end of the plan year."""
    if not re.search(r"\b(hang|moi)\s+(nam|quy|thang)\b(?! dinh)|\btheo\s+(thang|quy|nam)\b(?! dinh)|"
                     r"\blan\s*/?\s*nam\b|\bnam\s+\d+\s+lan\b", c.t):
        return None
    monthly = re.search(r"\b(hang|moi|theo)\s+thang\b", c.t)
    if "," in c.raw or monthly:
        kind = "multi_frequency"
    else:
        kind = "annual" if re.fullmatch(r"(hang|moi) nam", c.t) else "frequency"
    return Timeline(kind, c.end_of_plan, ongoing=bool(monthly), recurring=True, text=c.raw)


def _within_the_year(c: _Context) -> Timeline | None:
    if re.search(r"\bcuoi nam\b", c.t):
        return Timeline("year_end", c.end_of_plan, text=c.raw)
    if re.search(r"\b0?6 thang\b|\bsau thang\b", c.t) and re.search(r"\bnam\b", c.t):
        return Timeline("report_points", c.end_of_plan, text=c.raw)
    if re.fullmatch(r"trong nam|ca nam|nam nay|trong nam ke hoach", c.t):
        return Timeline("year", c.end_of_plan, text=c.raw)
    if re.search(r"\bbao cao dinh ky\b|\bneu can\b|\bchuyen de\b", c.t):
        return Timeline("periodic_optional", None, ongoing=True, text=c.raw)
    return None


def _without_a_year(c: _Context) -> Timeline | None:
    """A day or months of the plan year, the year left out ("Trước ngày 15/10", "Tháng 6 và tháng 12"): due on that
    day, or at the end of the last month named; only when nothing else was understood."""
    if not c.year:
        return None
    days = [_safe_date(c.year, int(m.group(2)), int(m.group(1))) for m in _DATE_NO_YEAR.finditer(c.t)]
    if days and all(days):
        before = re.search(r"\btruoc\b", c.t)
        return Timeline("date_no_year", days[0] if before else max(d for d in days if d), text=c.raw)
    months = [int(m) for m in re.findall(r"\bthang\s+(\d{1,2})\b", c.t)]
    if months and all(1 <= m <= 12 for m in months):
        return Timeline("month_no_year", _end_of_month(c.year, max(months)), text=c.raw)
    return None


_RULES = (_several_parts, _month_range, _explicit_dates, _relative_or_statutory, _month, _event, _quarters, _school_year,
          _year_range, _half_year, _a_year, _ongoing, _frequency, _within_the_year, _without_a_year)
