"""Cell values as people type them: dates (Excel serials, date objects, "15/3/2025", "ngày 15 tháng 3
năm 2025"), years and cleaned text.  Pure functions, used by every reader."""

from __future__ import annotations

import datetime as dt
import re

from papi_xl.domain.text import clean

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 0 (Excel counts a 29/02/1900 that never was)


def to_date(value) -> dt.date | None:
    """Excel serial, date, datetime or text like 15/3/2025 -> date (else None)."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)):
        if 1 <= value < 2958466:  # 1900-01-01 .. 9999-12-31
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        return None
    return _text_date(clean(value))


_TIME = r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?"  # a time of day after the date ("30/6/2025 17:00")
_DMY = re.compile(r"(?:ngày\s*)?(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})" + _TIME, re.IGNORECASE)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?")
_WORDS = re.compile(r"(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)


def _text_date(text: str) -> dt.date | None:
    """"15/3/2025", "15-03-25", "2025-03-15", "ngày 15 tháng 3 năm 2025", or a serial typed as text; a
    time of day after the date is dropped, and so is the apostrophe a paste as text leaves in front."""
    text = text.lstrip("'‘’").strip()
    if m := _DMY.fullmatch(text):
        y = int(m.group(3))
        return _date(y + 2000 if y < 100 else y, int(m.group(2)), int(m.group(1)))
    if m := _ISO.fullmatch(text):
        return _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _WORDS.fullmatch(text):
        return _date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    if re.fullmatch(r"\d+(\.0+)?", text):
        return to_date(float(text))
    return None


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def to_int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer():
        return int(value)
    text = clean(value)
    m = re.search(r"\b(\d{4})\b", text)
    return int(m.group(1)) if m else None


def cell_text(value) -> str:
    if type(value) is str:
        return clean(value)
    if value == "" or value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%d/%m/%Y")
    return clean(value)
