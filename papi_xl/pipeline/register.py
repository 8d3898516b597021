"""The submission register (Tình hình nộp): one :class:`Entry` per file found (or per unit inside a
summary read back), and :func:`decide`, which settles each entry's status.  Every decision is written
in the entry's reasons, in words a province officer understands:

* files that are not submissions (lock files, backups, papi-xl's own outputs) come in already
  ``Bỏ qua`` and stay so (:mod:`papi_xl.pipeline.load` decides them);
* a workbook whose plan year is not the merge's year is rejected (rule ``year-mismatch``);
* unit names: the exact name (accents included) first; an accent-folded or misspelt name only when
  it fits exactly one unit: "Xã Đông Phong" and "Xã Đồng Phong" are two communes, and a file saying
  "Xa Dong Phong" belongs to neither (rejected, naming both).  With an expected list (``--expected``)
  the names are matched to it and units outside it are rejected; without one, a name typed without
  accents is matched to the accented names of the other files;
* per unit the newest submission wins: the document's own saved date, else its file time; older
  readable ones are superseded;
* the winner is accepted unless it has Lỗi (then rejected, with the count);
* expected units without any file are listed as missing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import asdict, dataclass, field

from papi_xl import messages as msg
from papi_xl.domain.text import fold
from papi_xl.domain.units import ExpectedUnit, How, UnitMatcher, has_accents, parent_key, unit_key
from papi_xl.domain.values import to_date
from papi_xl.registry import Finding, finding
from papi_xl.vocab import Sheet, Submission

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
    dated: dt.datetime | None = None  # the document's own saved date (core.xml, meta.xml, OLE summary)
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
    date_source: str = ""  # which date orders this submission against the unit's others
    origin: str = ""  # which input (and which unit inside a summary) the data comes from
    year_cell: str = ""  # where the plan year was read (Thông tin), for the year-mismatch finding
    findings: list[Finding] = field(default_factory=list)  # register decisions that are rule findings

    def as_dict(self) -> dict:
        d = asdict(self)
        for k in ("received", "dated", "cutoff"):
            d[k] = d[k].isoformat() if d[k] else None
        d["reasons"] = " ".join(self.reasons)
        for k in ("origin", "year_cell", "findings"):
            d.pop(k)
        return d


@dataclass(frozen=True)
class MergeYear:
    """The plan year a merge is for, and how it was determined (shown in the register and Thông tin)."""

    value: int | None
    basis: str


def is_candidate(e: Entry) -> bool:
    """A readable submission still in the running (not rejected, skipped or superseded already)."""
    return e.readable and e.status in ("", ACCEPTED)


def merge_year(entries: list[Entry], year: int | None = None, period: str | None = None) -> MergeYear:
    """``--year``; else the year of a ``--period`` date; else the most common plan year of the readable
    submissions (the later year on a tie)."""
    if year:
        return MergeYear(year, msg.YEAR_FROM_OPTION)
    cutoff = to_date(period) if period else None
    if cutoff is not None:
        return MergeYear(cutoff.year, msg.YEAR_FROM_PERIOD.format(value=period))
    years = Counter(e.year for e in entries if is_candidate(e) and e.year)
    if not years:
        return MergeYear(None, msg.YEAR_UNKNOWN)
    best, n = max(years.items(), key=lambda kv: (kv[1], kv[0]))
    return MergeYear(best, msg.YEAR_FROM_FILES.format(n=n, total=sum(years.values())))


def decide(entries: list[Entry], expected: list[ExpectedUnit] | None = None,
           year: MergeYear | None = None, merging: str = "") -> list[Entry]:
    """Settle every entry's status (see the module docstring); returns the register in display order.
    ``merging``: the unit that merges (a parent equal to it, or a province, tells no namesakes apart)."""
    skipped = [e for e in entries if e.status == SKIPPED]
    subs = [e for e in entries if e.status != SKIPPED]
    if year is not None and year.value:
        _other_years(subs, year)
    if expected is not None:
        _to_expected(subs, expected)
    else:
        _accentless_to_accented(subs)
    groups: dict[str, list[Entry]] = {}
    out: list[Entry] = []
    for e in subs:
        if e.key:
            groups.setdefault(e.key, []).append(e)
        else:
            out.append(e)
    for e in out:
        if not e.status:  # read, but nobody knows whose it is
            e.status = REJECTED
            e.reasons.append(msg.REG_NO_UNIT)
    for group in groups.values():
        for unit in _namesakes(group, merging):
            out.extend(_settle(unit))
    if expected is not None:
        out.extend(_missing(out, expected))
    out.extend(skipped)
    order: dict[str, int] = {ACCEPTED: 0, REJECTED: 1, MISSING: 2, SUPERSEDED: 3, SKIPPED: 4}
    out.sort(key=lambda e: (order.get(e.status, 9), fold(e.parent), fold(e.unit), e.file))
    return out


def _other_years(subs: list[Entry], year: MergeYear) -> None:
    """Reject readable submissions of another plan year (a 2024 workbook in a 2025 merge)."""
    for e in subs:
        if is_candidate(e) and e.year and e.year != year.value:
            f = finding("year-mismatch", file=e.file, sheet=Sheet.INFO, cell=e.year_cell, field="Năm kế hoạch",
                        year=e.year, merge_year=year.value, basis=year.basis)
            e.status = REJECTED
            e.reasons.append(f.message)
            e.findings.append(f)


def _to_expected(subs: list[Entry], expected: list[ExpectedUnit]) -> None:
    """Give each entry the expected unit it names (exact, else unambiguous folded or typo); reject
    the others that are still in the running."""
    matcher = UnitMatcher(u.name for u in expected)
    parents = {unit_key(u.name): u.parent for u in expected}
    for e in subs:
        if not e.key or e.status == MISSING:
            continue
        m = matcher.match(e.unit)
        if m.found:
            _rename(e, m.name, m.how)
            e.parent = e.parent or parents.get(e.key, "")
        elif not is_candidate(e):
            continue  # already rejected for its own reason
        elif m.how is How.AMBIGUOUS:
            _ambiguous(e, m.candidates)
        else:
            e.status = REJECTED
            e.reasons.append(msg.REG_NOT_EXPECTED.format(unit=e.unit, expected="--expected"))


def _accentless_to_accented(subs: list[Entry]) -> None:
    """Without an expected list: a name typed without accents joins the one accented name of another
    file that folds to it; when several do (accent twins), it is rejected."""
    accented = sorted({e.unit for e in subs if e.key and has_accents(e.key)})
    if not accented:
        return
    matcher = UnitMatcher(accented)
    for e in subs:
        if not e.key or has_accents(e.key):
            continue
        m = matcher.match(e.unit, typos=False)
        if m.how is How.FOLDED:
            _rename(e, m.name, m.how)
        elif m.how is How.AMBIGUOUS and is_candidate(e):
            _ambiguous(e, m.candidates)


def _rename(e: Entry, name: str, how: How) -> None:
    if how is How.FOLDED:
        e.reasons.append(msg.REG_MATCHED_FOLDED.format(unit=e.unit, name=name))
    elif how is How.TYPO:
        e.reasons.append(msg.REG_MATCHED_TYPO.format(unit=e.unit, name=name))
    e.unit, e.key = name, unit_key(name)


def _ambiguous(e: Entry, candidates: tuple[str, ...]) -> None:
    e.status = REJECTED
    e.reasons.append(msg.REG_AMBIGUOUS.format(unit=e.unit, candidates=", ".join(f"'{c}'" for c in candidates)))
    e.key = ""  # it belongs to no unit: it must neither stand for one nor mark one as having sent


NAMESAKE_SEPARATOR = " | "  # a unit key qualified by its parent's: "tân lập | văn lâm"
def _parent_key(parent: str, merging: str) -> str:
    """What tells two units of one name apart: their parents' :func:`~papi_xl.domain.units.parent_key`; ""
    for none, a province (a commune's own file may name its province where a district summary names the
    district) or the merging unit itself."""
    if not parent or fold(parent).startswith("tinh "):
        return ""
    key = parent_key(parent)
    return "" if merging and key == _parent_key(merging, "") else key


def _namesakes(group: list[Entry], merging: str) -> list[list[Entry]]:
    """The entries of one unit name, as the units they are: one, unless they name different parents of the
    same level ("Xã Tân Lập" of two districts, each in its district's summary): then one unit per parent,
    each told why (the register shows both with their parents; nothing is superseded across them), and an
    entry naming no parent belongs to none of them (rejected, never guessed)."""
    by_parent: dict[str, list[Entry]] = {}
    loose: list[Entry] = []
    for e in group:
        p = _parent_key(e.parent, merging)
        if p:
            by_parent.setdefault(p, []).append(e)
        else:
            loose.append(e)
    if len(by_parent) <= 1:
        return [group]
    parents = {p: entries[0].parent for p, entries in by_parent.items()}
    for p, entries in by_parent.items():
        others = ", ".join(f"'{name}'" for q, name in parents.items() if q != p)
        for e in entries:
            e.key = f"{e.key}{NAMESAKE_SEPARATOR}{p}"
            e.reasons.append(msg.REG_NAMESAKE.format(others=others, n=len(parents)))
    for e in loose:
        if is_candidate(e):
            e.status = REJECTED
            e.reasons.append(msg.REG_NAMESAKE_NO_PARENT.format(n=len(parents), unit=e.unit,
                                                               parents=", ".join(parents.values())))
        e.key = ""  # it stands for none of them
    return [*by_parent.values(), loose]


def _when(e: Entry) -> dt.datetime:
    """The date that orders a unit's submissions: the document's own saved date, else the file time."""
    return e.dated or e.received or dt.datetime.min


def _basis(e: Entry) -> str:
    return msg.DATE_SAVED if e.dated else msg.DATE_FILE


def _stamp(e: Entry) -> str:
    when = e.dated or e.received
    return f"{when:%d/%m/%Y %H:%M}" if when else "?"


def _settle(group: list[Entry]) -> list[Entry]:
    """One unit's entries: the newest candidate wins; the other candidates are superseded."""
    candidates = sorted((e for e in group if is_candidate(e)),
                        key=lambda e: (_when(e), e.received or dt.datetime.min, e.file), reverse=True)
    if not candidates:
        return group
    winner = candidates[0]
    for e in candidates[1:]:
        _supersede(e, winner)
    if len(candidates) > 1:
        bases = sorted({_basis(e) for e in candidates})
        winner.reasons.append(msg.REG_NEWEST.format(n=len(candidates), basis=" / ".join(bases)))
    if winner.errors:
        winner.status = REJECTED
        winner.reasons.append(msg.REG_ERRORS.format(errors=winner.errors))
    else:
        winner.status = ACCEPTED
        note = msg.REG_ACCEPTED_WARNINGS.format(warnings=winner.warnings) if winner.warnings else msg.REG_ACCEPTED
        if not any(note in r for r in winner.reasons):  # a summary read back brings its own words
            winner.reasons.append(note)
    # a unit a district summary listed as missing has now sent a file
    return [e for e in group if e.status != MISSING]


def _supersede(e: Entry, winner: Entry) -> None:
    e.status = SUPERSEDED
    if _when(e) == _when(winner):
        e.reasons.append(msg.REG_SAME_DATE.format(basis=_basis(e), date=_stamp(e), winner=winner.file))
    else:
        e.reasons.append(msg.REG_SUPERSEDED.format(winner=winner.file, winner_basis=_basis(winner),
                                                   winner_date=_stamp(winner), basis=_basis(e), date=_stamp(e)))


def _missing(out: list[Entry], expected: list[ExpectedUnit]) -> list[Entry]:
    present = {e.key.split(NAMESAKE_SEPARATOR)[0] for e in out}
    missing = []
    for u in expected:
        k = unit_key(u.name)
        if k and k not in present:
            missing.append(Entry(unit=u.name, key=k, parent=u.parent, status=MISSING, reasons=[msg.REG_MISSING],
                                 unit_source=""))
            present.add(k)
    return missing
