"""The reporting period (Kỳ báo cáo) and its cut-off date (Ngày chốt số liệu): the one place that
decides them.

* :func:`parse_period` reads what people write in the Kỳ báo cáo cell or the ``--period`` option:
  "6 tháng", "6 tháng đầu năm", "Sáu tháng", "nửa năm", "6T", "H1", "6thang" are the half-year;
  "Năm", "Cả năm", "Năm 2026", "Báo cáo năm 2016", "nam" are the year.  The digits of a year never make
  a half-year.
* :func:`default_cutoff`: 30/6 for the half-year, 31/12 for the year (of the plan year).
* :func:`effective_cutoff`: an explicit Ngày chốt always wins over the default.
* :func:`period_of`: the period a cut-off date stands for (a summary stores only the date).

The template's Tổng hợp sheet computes the same default with a formula built from
:data:`HALF_YEAR_END` / :data:`YEAR_END` (see :mod:`papi_xl.outputs.template`).
"""

from __future__ import annotations

import datetime as dt
import re

from papi_xl import messages as msg
from papi_xl.domain.text import fold
from papi_xl.domain.values import to_date
from papi_xl.errors import UsageError
from papi_xl.vocab import Period

HALF_YEAR_END = (6, 30)  # month, day
YEAR_END = (12, 31)

_HALF = re.compile(r"\b(?:6|06|sau)\s*(?:thang|t)\b|\bnua\s+(?:dau\s+)?nam\b|\bh1\b|\b6thang\b|\bsauthang\b")
_YEAR = re.compile(r"\bnam\b|\bcanam\b|\byear\b")


def parse_period(text: object) -> Period | None:
    """The period a cell or option names; None when it names none (blank or unknown)."""
    key = fold(text)
    if not key:
        return None
    if _HALF.search(key):
        return Period.HALF
    if _YEAR.search(key):
        return Period.YEAR
    return None


def period_end(period: Period | str | None, year: int) -> dt.date:
    month, day = HALF_YEAR_END if period == Period.HALF else YEAR_END
    return dt.date(year, month, day)


def default_cutoff(period: Period | str | None, year: int | None) -> dt.date | None:
    """30/6 for the half-year, else 31/12 of ``year`` (None without a year)."""
    return period_end(period, year) if year else None


def effective_cutoff(cutoff: dt.date | None, period: Period | str | None, year: int | None) -> dt.date | None:
    """The explicit cut-off when there is one, else the end of the reporting period."""
    return cutoff or default_cutoff(period, year)


def resolve_option(value: str | None, year: int | None) -> tuple[dt.date | None, str]:
    """The ``--period`` option: a date, or a period of the plan ``year``.  Returns (cut-off, problem);
    the problem is "" when understood, "no-year" when a period needs a year that is unknown, "unknown"
    when the text is neither."""
    if not value:
        return None, ""
    d = to_date(value)
    if d is not None:
        return d, ""
    period = parse_period(value)
    if period is None:
        return None, "unknown"
    if not year:
        return None, "no-year"
    return period_end(period, year), ""


def option_cutoff(value: str | None, year: int | None) -> dt.date | None:
    """:func:`resolve_option` for the command line, the buttons and a merge: a problem is a
    :class:`~papi_xl.errors.UsageError` with its Vietnamese message."""
    cutoff, problem = resolve_option(value, year)
    if problem == "unknown":
        raise UsageError(msg.BAD_PERIOD.format(value=value))
    if problem == "no-year":
        raise UsageError(msg.PERIOD_NEEDS_YEAR.format(value=value))
    return cutoff


def period_of(cutoff: dt.date | None) -> Period:
    """The period a cut-off date stands for: 30/6 is the half-year, anything else the year."""
    if cutoff is not None and (cutoff.month, cutoff.day) == HALF_YEAR_END:
        return Period.HALF
    return Period.YEAR


def describe(cutoff: dt.date | None, year: int | None) -> str:
    """How a report names the period: "6 tháng đầu năm 2025" or "năm 2025"."""
    y = year or (cutoff.year if cutoff else "")
    return f"6 tháng đầu năm {y}" if period_of(cutoff) == Period.HALF else f"năm {y}"
