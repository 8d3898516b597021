"""Progress (Tiến độ): what a status cell means, when a task is open or overdue, and the traffic
light.  The one place these are decided; validation, the roll-up, the merge, the report, the Excel
buttons and the template's COUNTIFS formulas are all built from it.

Counting rules (README "Cách đếm"):

* a status is read by **meaning**, never by the nearest spelling (:func:`read_status`): "Chưa hoàn
  thành" is not done, "Đã xong" and "100%" are done, "đạt 70%" is in progress; a value that stays
  ambiguous is not guessed (``status=None``: counted in the total and as unclassified, and reported);
* **open** = not ``Hoàn thành`` and not ``Không thực hiện`` — a blank, an unknown or an invalid status is
  open (:data:`CLOSED`, :func:`is_open`);
* **overdue** = open and due before the cut-off (:func:`is_overdue`); the due date is the explicit
  Hạn hoàn thành when given (also for a "Thường xuyên" task), else the date the Thời gian thực hiện
  text implies; ongoing work without an explicit date is never overdue;
* **traffic light**: Đỏ when any task is overdue or not carried out; else Vàng when any task is not
  started; else Xanh (:func:`light`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from papi_xl.domain.text import fold, one_line, strip_accents
from papi_xl.vocab import STATUSES, Light, Status

CLOSED: tuple[Status, ...] = (Status.DONE, Status.NOT_DONE)


def is_open(status: object) -> bool:
    """Not done and not cancelled (a blank, unknown or invalid status is open)."""
    return status not in CLOSED


def is_overdue(status: object, due: dt.date | None, cutoff: dt.date | None) -> bool:
    return cutoff is not None and due is not None and due < cutoff and is_open(status)


def light(counts: dict) -> str:
    """Đỏ / Vàng / Xanh from counts with total, overdue, not_done, not_started, unclassified ("" for no
    task).  Xanh only when every task is known to be done or in progress: a status papi-xl cannot read
    (``unclassified``) keeps the light at Vàng at best, as a task not started does."""
    if not counts.get("total"):
        return ""
    if counts.get("overdue") or counts.get("not_done"):
        return Light.RED
    if counts.get("not_started") or counts.get("unclassified"):
        return Light.YELLOW
    return Light.GREEN


# -- what a status cell means ----------------------------------------------------------------------
@dataclass(frozen=True)
class StatusReading:
    """The meaning of one status cell.  ``status`` None: ambiguous (never guessed).  ``exact``: the cell
    holds a dropdown value.  ``why``: what was understood, in words a clerk can check."""

    status: Status | None
    exact: bool = False
    why: str = ""


_EXACT = {one_line(s).casefold(): Status(s) for s in STATUSES}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_PERCENT = re.compile(r"(\d{1,3}(?:[.,]\d+)?)\s*(?:%|phan tram)")
_DONE_WORDS = re.compile(
    r"\b(?:hoan thanh|hoan tat|xong|ht|da thuc hien|da trien khai|da lam|da to chuc|da ban hanh|da thuc hien xong)\b")
_NEGATED_DONE = re.compile(r"\b(?:chua|khong)\s+(?:\w+\s+){0,2}?(?:hoan thanh|hoan tat|xong)\b")
_NOT_STARTED = re.compile(r"^(?:chua|chua (?:thuc hien|trien khai|lam|bat dau|co|to chuc|ban hanh)\b.*)$")
_CANCELLED = re.compile(r"\b(?:khong thuc hien|khong trien khai|huy|huy bo|dung thuc hien|ngung thuc hien)\b")
_GOING = re.compile(r"\b(?:dang|tiep tuc|mot phan|buoc dau|duoc \d+)\b")
_UNSURE = re.compile(r"\bco ban\b|\btam dung\b|\bkhong hoan thanh\b|\bdu kien\b")


def read_status(value: object) -> StatusReading:
    """The meaning of a Tiến độ cell (see the module docstring).  ``value`` is the raw cell value."""
    if isinstance(value, bool) or value is None:
        return StatusReading(None)
    if isinstance(value, (int, float)):
        return _number(float(value))
    text = one_line(str(value))
    exact = _EXACT.get(text.casefold())
    if exact is not None:
        return StatusReading(exact, exact=True)
    if _NUMBER.fullmatch(text):
        return _number(float(text.replace(",", ".")))
    return _meaning(text, fold(text))


def _number(x: float) -> StatusReading:
    if x != x:  # NaN
        return StatusReading(None)
    if x in (1.0, 100.0):
        return StatusReading(Status.DONE, why=" (100%)")
    if x == 0:
        return StatusReading(Status.NOT_STARTED, why=" (0%)")
    pct = x * 100 if 0 < x < 1 else x
    if 0 < pct < 100:
        return StatusReading(Status.IN_PROGRESS, why=f" ({pct:g}%)")
    return StatusReading(None, why=f" (số {x:g} không phải tỷ lệ phần trăm)")


def _meaning(text: str, key: str) -> StatusReading:
    """Text that is not a dropdown value, read in order: what cannot be decided, then what a word or a
    percentage says (a negated completion before a percentage, a percentage before plain words)."""
    if not key:
        return StatusReading(None)
    for step in (_undecidable, _cancelled, _negated_done, _percentage, _words):
        reading = step(text, key)
        if reading is not None:
            return reading
    return StatusReading(None)


def _undecidable(text: str, key: str) -> StatusReading | None:
    """Two statuses at once ("Hoàn thành/Chưa hoàn thành"), a question, "cơ bản", "tạm dừng"..."""
    parts = [fold(p) for p in text.split("/") if fold(p)]
    if len(parts) > 1 and sum(any(w.search(p) for w in (_DONE_WORDS, _NOT_STARTED, _GOING, _CANCELLED))
                              for p in parts) > 1:
        return StatusReading(None, why=" (ghi hai tiến độ cùng lúc)")
    if "?" in text or _UNSURE.search(key):
        return StatusReading(None)
    return None


def _cancelled(text: str, key: str) -> StatusReading | None:
    return StatusReading(Status.NOT_DONE, why=" (không thực hiện)") if _CANCELLED.search(key) else None


def _negated_done(text: str, key: str) -> StatusReading | None:
    if _NEGATED_DONE.search(key):
        return StatusReading(Status.IN_PROGRESS, why=" (chưa xong; nếu chưa bắt đầu, chọn 'Chưa thực hiện')")
    return None


def _percentage(text: str, key: str) -> StatusReading | None:
    percents = [float(p.replace(",", ".")) for p in _PERCENT.findall(strip_accents(text.lower()))]
    if not percents:
        return None
    p = max(percents)
    if p >= 100:
        return StatusReading(Status.DONE, why=f" ({p:g}%)")
    if p == 0:
        return StatusReading(Status.NOT_STARTED, why=" (0%)")
    return StatusReading(Status.IN_PROGRESS, why=f" (đạt {p:g}%, chưa xong)")


def _words(text: str, key: str) -> StatusReading | None:
    if _NOT_STARTED.match(key):
        return StatusReading(Status.NOT_STARTED, why=" (chưa bắt đầu)")
    if _GOING.search(key):
        return StatusReading(Status.IN_PROGRESS, why=" (đang làm, chưa xong)")
    if _DONE_WORDS.search(key):
        return StatusReading(Status.DONE, why=" (đã xong)")
    return None
