"""The submission register (Tình hình nộp): one :class:`Entry` per file read (or per unit inside a
summary read back), and :func:`decide`, which settles each entry's status:

* units are matched to the expected list (``--expected``) when there is one; units outside it are
  rejected;
* per unit the newest submission wins (the document's own saved date, then the file time); older
  readable ones are superseded;
* the winner is accepted unless it has Lỗi (then rejected, with the count);
* expected units without any file are listed as missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from papi_xl.domain.text import fold
from papi_xl.domain.units import ExpectedUnit, match_expected, unit_key
from papi_xl.vocab import Submission

ACCEPTED, REJECTED, SUPERSEDED, MISSING, SKIPPED = (Submission.ACCEPTED, Submission.REJECTED, Submission.SUPERSEDED,
                                                    Submission.MISSING, Submission.SKIPPED)


@dataclass
class Entry:
    """One row of the submission register."""

    unit: str
    key: str
    parent: str = ""
    file: str = ""
    received: dt.datetime | None = None  # file time
    dated: dt.datetime | None = None  # the workbook's own date (document properties)
    version: str = ""
    tasks: int = 0
    errors: int = 0
    warnings: int = 0
    status: str = ""
    reasons: list[str] = field(default_factory=list)
    unit_source: str = "Thông tin"
    readable: bool = False
    catalog: str = ""
    cutoff: dt.date | None = None
    year: int | None = None
    date_source: str = ""  # which date ordered this submission against the unit's others
    origin: str = ""  # which input (and which unit inside a summary) the data comes from

    def as_dict(self) -> dict:
        d = asdict(self)
        for k in ("received", "dated", "cutoff"):
            d[k] = d[k].isoformat() if d[k] else None
        d["reasons"] = "; ".join(self.reasons)
        d.pop("origin")
        return d


def decide(entries: list[Entry], expected: list[ExpectedUnit] | None) -> list[Entry]:
    """Settle statuses: newest wins per unit; errors and strangers rejected; missing listed."""
    by_key, loose = _group(entries, expected)
    out: list[Entry] = []
    for group in by_key.values():
        out.extend(_settle(group, expected is not None))
    out.extend(loose)
    if expected is not None:
        out.extend(_missing(out, expected))
    order = {ACCEPTED: 0, REJECTED: 1, MISSING: 2, SUPERSEDED: 3, SKIPPED: 4}
    out.sort(key=lambda e: (order.get(e.status, 9), fold(e.parent), fold(e.unit), e.file))
    return out


def _group(entries: list[Entry], expected: list[ExpectedUnit] | None) -> tuple[dict[str, list[Entry]], list[Entry]]:
    """Entries by unit key (matched to the expected list when there is one); entries without a unit apart."""
    by_key: dict[str, list[Entry]] = {}
    loose: list[Entry] = []
    for e in entries:
        if expected is not None and e.key:
            match, exact = match_expected(e.unit, expected)
            if match is not None:
                if not exact:
                    e.reasons.append(f"Tên đơn vị '{e.unit}' được hiểu là '{match.name}'")
                e.unit, e.key = match.name, unit_key(match.name)
                e.parent = e.parent or match.parent
            elif e.status != MISSING and e.readable:
                e.status = REJECTED
                e.reasons.append("Đơn vị không có trong danh sách đơn vị dự kiến (--expected)")
        if e.key:
            by_key.setdefault(e.key, []).append(e)
        else:
            loose.append(e)
    return by_key, loose


def _settle(group: list[Entry], with_expected: bool) -> list[Entry]:
    """One unit's entries: the newest readable submission wins."""
    data = [e for e in group if e.readable and not (e.status == REJECTED and not e.tasks and e.errors == 0)]
    data.sort(key=lambda e: (e.dated or dt.datetime.min, e.received or dt.datetime.min), reverse=True)
    winner = next((e for e in data if e.status not in (REJECTED, MISSING) or e.errors), None)
    if with_expected and winner is not None and winner.status == REJECTED and not winner.errors:
        winner = None  # outside the expected list
    for e in group:
        if e is winner:
            continue
        if e.status == MISSING and winner is not None:
            continue  # an older register said "missing"; now there is a file
        if e.readable and winner is not None and e.status != REJECTED:
            e.status = SUPERSEDED
            e.reasons.append(f"Đã có bản mới hơn: {winner.file}")
        elif not e.status:
            e.status = REJECTED
    if winner is not None:
        if winner.errors:
            winner.status = REJECTED
            winner.reasons.append(f"Có {winner.errors} lỗi: sửa theo sheet Kiểm tra rồi gửi lại")
        else:
            winner.status = ACCEPTED
    return [e for e in group if not (e.status == MISSING and winner is not None)]


def _missing(out: list[Entry], expected: list[ExpectedUnit]) -> list[Entry]:
    present = {e.key for e in out if e.status != MISSING}
    listed = {e.key for e in out if e.status == MISSING}
    missing = []
    for u in expected:
        k = unit_key(u.name)
        if k not in present and k not in listed:
            missing.append(Entry(unit=u.name, key=k, parent=u.parent, status=MISSING,
                                 reasons=["Chưa nhận được báo cáo"]))
            present.add(k)
    return missing
