"""Cell values as people type them: dates (Excel serials, date objects, "15/3/2025", "ngày 15 tháng 3
năm 2025"), years and cleaned text.  Pure functions, used by every reader."""

from __future__ import annotations

import datetime as dt
import re

from papi_xl.domain.text import clean

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 0 (Excel counts a 29/02/1900 that never was)


def to_date(value) -> dt.date | None:
    """Excel serial, date, datetime or text like 15/3/2025 -> date (else None)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        if 1 <= value < 2958466:  # 1900-01-01 .. 9999-12-31
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        return None
    text = clean(value)
    m = re.fullmatch(r"(?:ngày\s*)?(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})", text, re.IGNORECASE)
    if m:
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        y = y + 2000 if y < 100 else y
        try:
            return dt.date(y, mo, d)
        except ValueError:
            return None
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?", text)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    m = re.fullmatch(r"(?:ngày\s+)?(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", text, re.IGNORECASE)
    if m:
        try:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            return None
    if re.fullmatch(r"\d+(\.0+)?", text):
        return to_date(float(text))
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
