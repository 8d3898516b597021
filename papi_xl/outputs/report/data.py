"""What the report says, as plain data, computed before any word is drafted: the figures (taken from
the roll-up, the one place totals are computed), every task with its Kết quả thực hiện and Minh chứng
grouped by content index and sub-content, the open tasks by lead unit, a merge's coverage, and the
comparison with an earlier period (``--previous``).

From one commune workbook every task is kept (the appendix lists them all).  From a merged summary
(hundreds of units, tens of thousands of tasks) the tasks are streamed once and only what the text
can show is kept: a few per list, every overdue or cancelled task (the appendix), and counts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from papi_xl import messages as msg
from papi_xl.contract.summary import FLAG
from papi_xl.contract.workbook import Metadata
from papi_xl.domain.catalog import Catalog
from papi_xl.domain.period import HALF_YEAR_END, parse_period, period_of
from papi_xl.domain.text import clean, fold
from papi_xl.domain.units import unit_key
from papi_xl.errors import UsageError
from papi_xl.inputs.summary_reader import SummaryData
from papi_xl.outputs.report.wording import Body, body_of
from papi_xl.pipeline.load import index_code_of
from papi_xl.pipeline.merge import MergeResult
from papi_xl.pipeline.register import ACCEPTED, MISSING, REJECTED, SKIPPED, SUPERSEDED
from papi_xl.pipeline.rollup import Rollup, classify
from papi_xl.rules.validate import Validation
from papi_xl.vocab import Period, Status

COMMUNE, SUMMARY = "commune", "summary"
# How a task is listed (one class each, in this order): done, in progress, overdue (open and past its
# due date, whatever its status), not started, status unreadable, not carried out.
DONE, IN_PROGRESS, OVERDUE, NOT_STARTED, UNCLEAR, NOT_DONE = (
    "done", "in_progress", "overdue", "not_started", "unclear", "not_done")
CLASSES = (DONE, IN_PROGRESS, OVERDUE, NOT_STARTED, UNCLEAR, NOT_DONE)
# A summary keeps this many tasks per list (the text shows fewer); overdue and cancelled tasks are
# kept up to APPENDIX_MAX for the appendix.
SUMMARY_KEEP = 12
APPENDIX_MAX = 1000


@dataclass
class TaskItem:
    unit: str  # "" in a commune's own report
    unit_key: str
    code: str
    index_code: str | None
    sub_key: str  # the sub-content code, or its folded text when it is not in the catalog, or ""
    sub_label: str
    task: str
    lead: str
    due: dt.date | None
    ongoing: bool
    status: Status | None  # None: a status papi-xl could not read
    status_text: str  # what the clerk wrote
    overdue: bool
    result: str
    evidence: str
    done_date: dt.date | None
    note: str
    row: int
    finished_since: bool = False  # done now, not done in the previous period

    @property
    def cls(self) -> str:
        if self.status == Status.DONE:
            return DONE
        if self.status == Status.NOT_DONE:
            return NOT_DONE
        if self.overdue:
            return OVERDUE
        if self.status == Status.IN_PROGRESS:
            return IN_PROGRESS
        if self.status == Status.NOT_STARTED:
            return NOT_STARTED
        return UNCLEAR

    @property
    def is_open(self) -> bool:
        return self.status not in (Status.DONE, Status.NOT_DONE)


@dataclass
class Group:
    """The tasks of one sub-content (or of the whole index when the plan does not group them)."""

    key: str
    label: str
    items: dict[str, list[TaskItem]] = field(default_factory=lambda: defaultdict(list))
    counts: Counter = field(default_factory=Counter)  # per class, every task (items may be capped)


@dataclass
class IndexSection:
    code: str | None  # None: tasks whose content index is unknown
    name: str
    counts: dict  # the roll-up's record: total, done, in_progress, not_started, not_done, overdue, pct_done
    groups: list[Group]
    previous: dict | None = None  # the same record in the previous period
    units: list[dict] = field(default_factory=list)  # a summary: {unit, total, pct_done, overdue} per unit


@dataclass
class Coverage:
    """Which units the figures of a merged summary cover."""

    accepted: list[str]
    rejected: list[tuple[str, str]]  # (unit or file, reasons)
    missing: list[str]
    superseded: int
    skipped: int
    expected_known: bool  # a list of expected units was given (so "missing" is meaningful)

    @property
    def share(self) -> str:
        """"3/5" (accepted of the units that should report) or "3" without a list of expected units."""
        expected = len(self.accepted) + len({u for u, _ in self.rejected}) + len(self.missing)
        return f"{len(self.accepted):,}".replace(",", ".") + (f"/{expected:,}".replace(",", ".")
                                                              if self.expected_known else "")


@dataclass
class UnitOpen:
    unit: str
    open: int = 0
    overdue: int = 0
    next_due: dt.date | None = None  # the earliest due date on or after the cut-off


@dataclass
class Previous:
    """The earlier period, as far as the comparison needs it."""

    kind: str
    unit: str
    cutoff: dt.date | None
    year: int | None
    plan_number: str
    totals: dict
    by_indicator: dict[str, dict]
    by_unit: dict[str, dict]  # unit key -> record
    unit_names: dict[str, str]
    by_code: dict[tuple[str, str], tuple[int, object]]  # (unit key, code) -> (task id, status)
    by_text: dict[tuple[str, bytes], tuple[int, object]]  # (unit key, digest of the task text) -> ...
    n_tasks: int


@dataclass
class Changes:
    """What changed since the previous period."""

    previous: Previous
    by_code: bool  # tasks matched by Mã nhiệm vụ (same plan), else by task text only
    finished: list[TaskItem] = field(default_factory=list)
    finished_count: int = 0
    reopened: list[TaskItem] = field(default_factory=list)  # done then, not done now
    reopened_count: int = 0
    new_tasks: int = 0
    dropped_tasks: int = 0
    units_up: list[tuple[str, dict, dict]] = field(default_factory=list)  # (unit, before, now)
    units_down: list[tuple[str, dict, dict]] = field(default_factory=list)
    units_same: int = 0
    units_new: list[str] = field(default_factory=list)
    units_gone: list[str] = field(default_factory=list)


@dataclass
class ReportData:
    """Everything the report says, computed before any Word is written."""

    kind: str  # COMMUNE | SUMMARY
    unit: str
    body: Body
    parent: Body | None
    year: int | None
    cutoff: dt.date | None
    plan_number: str
    plan_date: dt.date | None
    source_name: str
    totals: dict
    by_indicator: list[dict]
    sections: list[IndexSection]
    lead_units: int
    tasks: list[TaskItem]  # a commune: every task, plan order; a summary: overdue and cancelled (appendix)
    appendix_more: int  # tasks left out of the appendix (a summary over APPENDIX_MAX)
    open_by_lead: list[tuple[str, list[TaskItem]]]  # a commune's open tasks by lead unit
    by_unit: list[dict] | None = None  # a summary: one record per accepted unit
    units_open: list[UnitOpen] = field(default_factory=list)
    coverage: Coverage | None = None
    changes: Changes | None = None
    empty_indices: list[str] = field(default_factory=list)  # catalog indices without any task
    period: Period | None = None  # the Kỳ báo cáo; None: the one the cut-off stands for

    @property
    def half_year(self) -> bool:
        return (self.period or period_of(self.cutoff)) == Period.HALF

    @property
    def period_text(self) -> str:
        """"6 tháng đầu năm 2023" or "năm 2023"."""
        return f"6 tháng đầu năm {self.year_value}" if self.half_year else f"năm {self.year_value}"

    @property
    def year_value(self) -> int:
        return self.year or (self.cutoff.year if self.cutoff else dt.date.today().year)

    @property
    def next_period_end(self) -> dt.date:
        """The end of the period the Phương hướng section plans for."""
        y = self.year_value
        return dt.date(y, 12, 31) if self.half_year else dt.date(y + 1, 12, 31)

    @property
    def next_period_text(self) -> str:
        return f"6 tháng cuối năm {self.year_value}" if self.half_year else f"năm {self.year_value + 1}"


# -- tasks ------------------------------------------------------------------------------------------------
def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else clean(value)


def _date(value: object) -> dt.date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _flag(value: object) -> bool:
    return value is True or value == FLAG or (not isinstance(value, str) and bool(value == True))  # noqa: E712


def _int(value: object) -> int:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return 0


def _status(value: object) -> Status | None:
    try:
        return Status(str(value)) if value else None
    except ValueError:
        return None


def _digest(task: str) -> bytes:
    return hashlib.blake2b(fold(task).encode(), digest_size=12).digest()


def _sub_key(code: object, text: str) -> str:
    code = _text(code)
    return code or (f"?{fold(text)}" if text else "")


def commune_tasks(v: Validation) -> list[TaskItem]:
    """Every task of a validated workbook, in sheet order, with what the clerk wrote."""
    t = classify(v.tasks, v.cutoff)
    raw = v.data.tasks.frame.set_index("_row")
    unit = v.data.meta.unit
    labels = {i.code: i.name for i in v.data.catalog.items}
    items = []
    for rec in t.to_dict("records"):
        row = int(rec["_row"])
        src: Any = raw.loc[row] if row in raw.index else {}
        sub_text = _text(rec.get("sub_text"))
        sub_code = _text(rec.get("sub_code"))
        items.append(TaskItem(
            unit="", unit_key=unit_key(unit), code=_text(rec.get("code")), index_code=_text(rec["index_code"]) or None,
            sub_key=_sub_key(sub_code, sub_text), sub_label=labels.get(sub_code, sub_text), task=_text(rec["task"]),
            lead=_text(rec.get("lead_unit")) or _text(rec.get("lead")), due=_date(rec.get("due")),
            ongoing=bool(rec.get("ongoing")), status=_status(rec.get("status")),
            status_text=_text(src.get("status", "")), overdue=bool(rec["overdue"]), result=_text(rec.get("result")),
            evidence=_text(rec.get("evidence")), done_date=_date(rec.get("done_date")), note=_text(src.get("note", "")),
            row=row))
    return items


def summary_tasks(result: MergeResult, labels: dict[str, str]) -> Iterable[TaskItem]:
    """The accepted tasks of a merge, one input at a time (a large merge keeps them on disk)."""
    for chunk in result.iter_tasks():
        for rec in chunk.to_dict("records"):
            index = _text(rec.get("index_code")) or index_code_of(_text(rec.get("index_label"))) or None
            sub_code = _text(rec.get("sub_code"))
            sub_text = _text(rec.get("sub_label"))
            unit = _text(rec.get("unit"))
            yield TaskItem(
                unit=unit, unit_key=_text(rec.get("unit_key")) or unit_key(unit), code=_text(rec.get("code")),
                index_code=index, sub_key=_sub_key(sub_code, sub_text), sub_label=labels.get(sub_code, sub_text),
                task=_text(rec.get("task")), lead=_text(rec.get("lead_unit")) or _text(rec.get("lead")),
                due=_date(rec.get("due")), ongoing=_flag(rec.get("ongoing")),
                status=_status(rec.get("status")), status_text=_text(rec.get("status")),
                overdue=rec.get("overdue_mark") == FLAG, result=_text(rec.get("result")),
                evidence=_text(rec.get("evidence")), done_date=_date(rec.get("done_date")),
                note=_text(rec.get("note")), row=_int(rec.get("row")))


# -- the comparison with an earlier period ---------------------------------------------------------------
def _previous(kind: str, unit: str, cutoff: dt.date | None, year: int | None, plan_number: str, totals: dict,
              by_indicator: pd.DataFrame, by_unit: pd.DataFrame | None, tasks: Iterable[TaskItem]) -> Previous:
    by_code: dict = {}
    by_text: dict = {}
    seen_code: Counter = Counter()
    seen_text: Counter = Counter()
    n = 0
    for n, t in enumerate(tasks, start=1):
        if t.code:
            key = (t.unit_key, fold(t.code))
            seen_code[key] += 1
            by_code[key] = (n, t.status)
        digest = (t.unit_key, _digest(t.task))
        seen_text[digest] += 1
        by_text[digest] = (n, t.status)
    # a code or a text that occurs twice identifies no task
    by_code = {k: v for k, v in by_code.items() if seen_code[k] == 1}
    by_text = {k: v for k, v in by_text.items() if seen_text[k] == 1}
    units = by_unit.to_dict("records") if by_unit is not None and len(by_unit) else []
    return Previous(kind, unit, cutoff, year, plan_number, dict(totals),
                    {r["code"]: r for r in by_indicator.to_dict("records")} if len(by_indicator) else {},
                    {unit_key(r["unit"]): r for r in units}, {unit_key(r["unit"]): r["unit"] for r in units},
                    by_code, by_text, n)


def previous_from_workbook(v: Validation, r: Rollup) -> Previous:
    meta = v.data.meta
    return _previous(COMMUNE, meta.unit, v.cutoff, meta.year, meta.plan_number, r.totals, r.by_indicator, None,
                     commune_tasks(v))


def previous_from_summary(result: MergeResult) -> Previous:
    return _previous(SUMMARY, result.unit, result.cutoff, _summary_year(result), "", result.totals,
                     result.by_indicator, result.by_unit, summary_tasks(result, {}))


def _check_previous(prev: Previous, kind: str, unit: str, cutoff: dt.date | None) -> None:
    if prev.kind != kind:
        raise UsageError(msg.REPORT_PREVIOUS_KIND)
    if unit_key(prev.unit) != unit_key(unit) and (kind == COMMUNE or (prev.unit and unit)):
        raise UsageError(msg.REPORT_PREVIOUS_UNIT.format(previous=prev.unit or "?", unit=unit or "?"))
    if prev.cutoff and cutoff and prev.cutoff >= cutoff:
        raise UsageError(msg.REPORT_PREVIOUS_NOT_EARLIER.format(previous=f"{prev.cutoff:%d/%m/%Y}",
                                                                current=f"{cutoff:%d/%m/%Y}"))


class _Matcher:
    """Finds each task's previous self: by Mã nhiệm vụ (only within the same plan), else by its text."""

    def __init__(self, prev: Previous, by_code: bool, keep: int | None):
        self.prev, self.by_code, self.keep = prev, by_code, keep
        self.changes = Changes(prev, by_code)
        self.matched: set[int] = set()

    def see(self, t: TaskItem) -> None:
        hit = self._previous_self(t)
        c = self.changes
        if hit is None:
            c.new_tasks += 1
            return
        self.matched.add(hit[0])
        was_done = hit[1] == Status.DONE
        if t.status == Status.DONE and not was_done:
            t.finished_since = True
            c.finished_count += 1
            self._list(c.finished, t)
        elif was_done and t.status != Status.DONE:
            c.reopened_count += 1
            self._list(c.reopened, t)

    def _previous_self(self, t: TaskItem) -> tuple[int, object] | None:
        """(task id, status) of the task in the previous period, None when it has none or when that one
        already matched another task."""
        hit = self.prev.by_code.get((t.unit_key, fold(t.code))) if self.by_code and t.code else None
        if hit is None or hit[0] in self.matched:
            hit = self.prev.by_text.get((t.unit_key, _digest(t.task)))
        return None if hit is None or hit[0] in self.matched else hit

    def _list(self, tasks: list[TaskItem], t: TaskItem) -> None:
        if self.keep is None or len(tasks) < self.keep:
            tasks.append(t)

    def finish(self, by_unit: list[dict] | None) -> Changes:
        """The changes, once every task was seen; ``by_unit`` (a summary): each unit compared too."""
        c = self.changes
        c.dropped_tasks = self.prev.n_tasks - len(self.matched)
        if by_unit is not None:
            self._compare_units(by_unit)
        return c

    def _compare_units(self, by_unit: list[dict]) -> None:
        """Sorts the units into improved (largest rise first), fell behind (largest fall first), unchanged,
        new this period and gone since."""
        c = self.changes
        now = {unit_key(u["unit"]): u for u in by_unit}
        for key, u in now.items():
            before = self.prev.by_unit.get(key)
            if before is None:
                c.units_new.append(u["unit"])
                continue
            trend = _trend(before, u)
            if trend > 0:
                c.units_up.append((u["unit"], before, u))
            elif trend < 0:
                c.units_down.append((u["unit"], before, u))
            else:
                c.units_same += 1
        c.units_gone = [name for key, name in self.prev.unit_names.items() if key not in now]
        c.units_up.sort(key=lambda x: -_pct_rise(x[1], x[2]))
        c.units_down.sort(key=lambda x: _pct_rise(x[1], x[2]))


def _trend(before: dict, now: dict) -> int:
    """+1: the unit improved (its % done rose, by 0.1 point or more); -1: it fell behind (its % done fell,
    or, % done unchanged or unknown, more of its tasks are overdue); 0: neither."""
    p0, p1 = before.get("pct_done"), now.get("pct_done")
    rise = round(p1 - p0, 1) if p0 is not None and p1 is not None else 0.0
    if rise > 0:
        return 1
    if rise < 0:
        return -1
    return -1 if int(now.get("overdue") or 0) > int(before.get("overdue") or 0) else 0


def _pct_rise(before: dict, now: dict) -> float:
    """The change of % done (an unknown % counted as 0): the order of the improved and fell-behind lists."""
    return (now.get("pct_done") or 0) - (before.get("pct_done") or 0)


# -- grouping --------------------------------------------------------------------------------------------
# the roll-up's field for each status (None: a status papi-xl could not read)
_STATUS_FIELDS: dict[Status | None, str] = {Status.DONE: "done", Status.IN_PROGRESS: "in_progress",
                                            Status.NOT_STARTED: "not_started", Status.NOT_DONE: "not_done"}


class _Collector:
    """Sorts tasks into index sections and sub-content groups, keeping at most ``keep`` per list
    (None: all), every overdue / cancelled task for the appendix, and per-unit open counts."""

    def __init__(self, catalog: Catalog, keep: int | None, group_subs: bool, matcher: _Matcher | None):
        self.catalog, self.keep, self.group_subs, self.matcher = catalog, keep, group_subs, matcher
        self.groups: dict[str | None, dict[str, Group]] = defaultdict(dict)
        self.unknown_counts: Counter = Counter()
        self.all: list[TaskItem] = []
        self.appendix: list[TaskItem] = []
        self.appendix_more = 0
        self.units: dict[str, UnitOpen] = {}
        self.leads: set[str] = set()

    def add(self, t: TaskItem) -> None:
        if self.matcher is not None:
            self.matcher.see(t)
        cls = t.cls
        g = self._group(t)
        g.counts[cls] += 1
        if t.index_code is None:
            self._count_unknown(t)
        if self.keep is None or len(g.items[cls]) < self.keep:
            g.items[cls].append(t)
        if t.lead:
            self.leads.add(fold(t.lead))
        if self.keep is None:
            self.all.append(t)
        elif cls in (OVERDUE, NOT_DONE):
            self._keep_for_appendix(t)
        if t.unit and t.is_open:
            self._count_open(t)

    def _group(self, t: TaskItem) -> Group:
        """The task's sub-content group in its index (the index's only group when sub-contents are not
        grouped), made on its first task."""
        key = t.sub_key if self.group_subs else ""
        groups = self.groups[t.index_code]
        g = groups.get(key)
        if g is None:
            g = groups[key] = Group(key, t.sub_label if key else "")
        return g

    def _count_unknown(self, t: TaskItem) -> None:
        """Counts a task of no known index as the roll-up counts the others: by status, overdue across
        statuses (the roll-up has no record for these)."""
        c = self.unknown_counts
        c["total"] += 1
        c["overdue"] += t.overdue
        status = _STATUS_FIELDS.get(t.status)
        if status:
            c[status] += 1

    def _keep_for_appendix(self, t: TaskItem) -> None:
        if len(self.appendix) < APPENDIX_MAX:
            self.appendix.append(t)
        else:
            self.appendix_more += 1

    def _count_open(self, t: TaskItem) -> None:
        """A summary's open tasks per unit: how many, how many overdue, the nearest due date still ahead."""
        u = self.units.setdefault(t.unit, UnitOpen(t.unit))
        u.open += 1
        u.overdue += t.overdue
        if t.due and not t.overdue and (u.next_due is None or t.due < u.next_due):
            u.next_due = t.due

    def sections(self, by_indicator: list[dict]) -> tuple[list[IndexSection], list[str]]:
        order = {item.code: n for n, item in enumerate(self.catalog.items)}
        out, empty = [], []
        for rec in by_indicator:
            if not rec.get("total"):
                empty.append(str(rec.get("name", "")))
                continue
            groups = sorted(self.groups.get(str(rec["code"]), {}).values(),
                            key=lambda g: (g.key == "", order.get(g.key, len(order)), g.key))
            out.append(IndexSection(str(rec["code"]), _index_name(self.catalog, str(rec["code"]), rec), rec, groups))
        if None in self.groups:  # counted as the roll-up counts (by status; overdue across statuses)
            c = self.unknown_counts
            counts: dict[str, Any] = {k: c[k] for k in ("total", "done", "in_progress", "not_started", "not_done",
                                                        "overdue")}
            counts["pct_done"] = round(100.0 * counts["done"] / counts["total"], 1) if counts["total"] else None
            out.append(IndexSection(None, "Nhiệm vụ chưa xác định chỉ số nội dung", counts,
                                    list(self.groups[None].values())))
        return out, empty


def _index_name(catalog: Catalog, code: str, rec: dict) -> str:
    for item in catalog.indices:
        if item.code == code:
            return item.name
    name = str(rec.get("name", ""))
    return name.split(". ", 1)[1] if name.startswith(f"{code}. ") else name


def _open_by_lead(tasks: list[TaskItem]) -> list[tuple[str, list[TaskItem]]]:
    """Open tasks per lead unit: units with most open tasks first; inside, overdue first, then by due
    date, ongoing and undated last."""
    groups: dict[str, list[TaskItem]] = defaultdict(list)
    names: dict[str, str] = {}
    for t in tasks:
        if t.is_open:
            key = fold(t.lead)
            names.setdefault(key, t.lead or "(chưa ghi đơn vị chủ trì)")
            groups[key].append(t)
    far = dt.date.max
    out = [(names[k], sorted(v, key=lambda t: (not t.overdue, t.due or far, t.row))) for k, v in groups.items()]
    out.sort(key=lambda x: (-len(x[1]), fold(x[0])))
    return out


def _consistent(period: Period | None, cutoff: dt.date | None) -> Period | None:
    """The stated period, unless the cut-off contradicts it (a half-year with data after 30/6)."""
    if period == Period.HALF and cutoff and (cutoff.month, cutoff.day) > HALF_YEAR_END:
        return None
    return period


def _summary_year(result: MergeResult) -> int | None:
    """The plan year most accepted units give (else most units, else the cut-off's)."""
    years = [e.year for e in result.register if e.status == ACCEPTED and e.year] or \
        [e.year for e in result.register if e.year]
    return Counter(years).most_common(1)[0][0] if years else (result.cutoff.year if result.cutoff else None)


def _with_previous(sections: list[IndexSection], prev: Previous | None) -> None:
    if prev is None:
        return
    for s in sections:
        if s.code is not None:
            s.previous = prev.by_indicator.get(s.code)


# -- the two sources ---------------------------------------------------------------------------------------
def report_data_from_workbook(v: Validation, r: Rollup, previous: Previous | None = None,
                              source_name: str = "") -> ReportData:
    """From one validated commune workbook and its roll-up (and the previous period's, if given)."""
    meta = v.data.meta
    if previous is not None:
        _check_previous(previous, COMMUNE, meta.unit, v.cutoff)
    matcher = _Matcher(previous, _same_plan(previous, meta), None) if previous is not None else None
    collector = _Collector(v.data.catalog, None, True, matcher)
    tasks = commune_tasks(v)
    for t in tasks:
        collector.add(t)
    by_indicator = r.by_indicator.to_dict("records")
    sections, empty = collector.sections(by_indicator)
    _with_previous(sections, previous)
    return ReportData(
        COMMUNE, meta.unit, body_of(meta.unit, v.cutoff), body_of(meta.parent, v.cutoff) if meta.parent else None,
        meta.year, v.cutoff, meta.plan_number, meta.plan_date, source_name, dict(r.totals), by_indicator, sections,
        len(collector.leads), tasks, 0, _open_by_lead(tasks), empty_indices=empty,
        changes=matcher.finish(None) if matcher else None, period=_commune_period(meta, v.cutoff))


def _commune_period(meta: Metadata, cutoff: dt.date | None) -> Period | None:
    """The workbook's Kỳ báo cáo, unless --period moved the cut-off away from its Ngày chốt, or the two
    disagree ("6 tháng" with data to 31/12: the cut-off tells)."""
    stated = parse_period(str(meta.period)) if not meta.cutoff or meta.cutoff == cutoff else None
    return _consistent(stated, cutoff)


def _same_plan(previous: Previous, meta: Metadata) -> bool:
    """Whether the previous period is of the same plan (year and plan number agree where both are
    known), so that a Mã nhiệm vụ means the same task in both."""
    same_year = not previous.year or not meta.year or previous.year == meta.year
    return same_year and (not previous.plan_number or not meta.plan_number
                          or fold(previous.plan_number) == fold(meta.plan_number))


def report_data_from_summary(result: MergeResult, previous: Previous | None = None, source_name: str = "",
                             summary: SummaryData | None = None, period_given: bool = False) -> ReportData:
    """From a merge result: a fresh merge, or a summary workbook merged again (then ``summary`` is what
    its Thông tin sheet says: the list of expected units, the Kỳ báo cáo, the cut-off and year, used
    where the accepted units say nothing; ``period_given``: ``--period`` set the cut-off)."""
    unit = result.unit
    info = summary.info if summary is not None else {}
    cutoff = result.cutoff or (summary.cutoff if summary is not None else None)
    if previous is not None:
        _check_previous(previous, SUMMARY, unit, cutoff)
    by_unit = _records(result.by_unit)
    matcher = _Matcher(previous, True, SUMMARY_KEEP) if previous is not None else None
    collector = _Collector(result.catalog, SUMMARY_KEEP, False, matcher)
    for t in summary_tasks(result, {i.code: i.name for i in result.catalog.items}):
        collector.add(t)
    by_indicator = _summary_by_indicator(result)
    sections, empty = collector.sections(by_indicator)
    _with_previous(sections, previous)
    _with_units(sections, _records(result.matrix))
    # the Kỳ báo cáo of the summary's Thông tin sheet, unless --period set the cut-off
    period = None if period_given else parse_period(info.get("period"))
    units_open = sorted(collector.units.values(), key=lambda u: (-u.overdue, -u.open, fold(u.unit)))
    return ReportData(
        SUMMARY, unit, body_of(unit, cutoff), None, _summary_report_year(result, info, cutoff), cutoff, "", None,
        source_name, dict(result.totals), by_indicator, sections, len(collector.leads), collector.appendix,
        collector.appendix_more, [], by_unit=by_unit, units_open=units_open, coverage=_coverage(result, info),
        empty_indices=empty, changes=matcher.finish(by_unit) if matcher else None,
        period=_consistent(period, cutoff))


def _records(frame: pd.DataFrame) -> list[dict]:
    return frame.to_dict("records") if len(frame) else []


def _summary_by_indicator(result: MergeResult) -> list[dict]:
    """The merge's per-index records; with no task accepted, every index of the catalog at zero."""
    if len(result.by_indicator):
        return result.by_indicator.to_dict("records")
    return [{"code": i.code, "name": i.label, "total": 0} for i in result.catalog.indices]


def _summary_report_year(result: MergeResult, info: dict, cutoff: dt.date | None) -> int | None:
    """The units' plan year, else the year the summary's Thông tin sheet gives, else the cut-off's."""
    return _summary_year(result) or _int(info.get("year")) or (cutoff.year if cutoff else None)


def _with_units(sections: list[IndexSection], matrix: list[dict]) -> None:
    """Each index's figures per unit, from the merge matrix (units without a task of the index left out)."""
    for s in sections:
        if s.code is None:
            continue
        s.units = [{"unit": m["unit"], "total": int(m.get(f"total_{s.code}") or 0), "pct_done": m.get(f"pct_{s.code}"),
                    "overdue": int(m.get(f"overdue_{s.code}") or 0)} for m in matrix if m.get(f"total_{s.code}")]


def _coverage(result: MergeResult, info: dict) -> Coverage:
    """Who the figures cover, units in alphabetical order (accents folded)."""
    reg = result.register
    return Coverage(
        accepted=sorted((e.unit for e in reg if e.status == ACCEPTED), key=fold),
        rejected=_rejected(result),
        missing=sorted((e.unit for e in reg if e.status == MISSING), key=fold),
        superseded=sum(e.status == SUPERSEDED for e in reg), skipped=sum(e.status == SKIPPED for e in reg),
        expected_known=_expected_known(result, info))


def _rejected(result: MergeResult) -> list[tuple[str, str]]:
    """(unit or file, reasons) of each rejected submission, except a unit whose other submission was
    accepted: its figures are in."""
    accepted_keys = {e.key for e in result.register if e.status == ACCEPTED}
    rejected = [(e.unit or e.file, "; ".join(e.reasons)) for e in result.register
                if e.status == REJECTED and not (e.key and e.key in accepted_keys)]
    return sorted(rejected, key=lambda x: fold(x[0]))


def _expected_known(result: MergeResult, info: dict) -> bool:
    """Whether a list of the units that should report was given (so "missing" means something): to this
    merge, or to the merge that made the summary (its Thông tin sheet lists them; "(…)" says none was)."""
    if result.expected_file or any(e.status == MISSING for e in result.register):
        return True
    listed = clean(info.get("expected", ""))
    return bool(listed) and not listed.startswith("(")
