"""Validate a read workbook: the pandera schema of a task row (:mod:`papi_xl.rules.schema`) plus the
cross-field and cross-row rules below.  Every finding is made from a rule of
:mod:`papi_xl.registry` and names the sheet, the A1 cell, the field and what to do.

Severities: **Lỗi** blocks acceptance; **Cảnh báo** does not.  Overdue work is a finding about
progress, never a Lỗi.  What a status means and when a task is overdue is decided in
:mod:`papi_xl.domain.progress`; the cut-off in :mod:`papi_xl.domain.period`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from papi_xl.contract.workbook import INFO_BY_KEY, TASKS, Metadata
from papi_xl.domain.catalog import Catalog, Item
from papi_xl.domain.docnum import find_doc_numbers
from papi_xl.domain.period import effective_cutoff
from papi_xl.domain.progress import is_overdue, read_status
from papi_xl.domain.text import best_match, clean, fold, one_line, same_label
from papi_xl.domain.timeline import parse_timeline
from papi_xl.inputs.read import TaskTable, WorkbookData
from papi_xl.registry import Finding, finding
from papi_xl.vocab import STATUSES, Sheet, Status

if TYPE_CHECKING:
    import pandas as pd

Add = Callable[..., None]  # add(key, row, code, **params): one finding at a field's cell


@dataclass(frozen=True)
class Fix:
    """A value papi-xl understood approximately, and the canonical value ``--fix`` writes in its place
    (so that the workbook's own Tổng hợp formulas count the row as papi-xl does)."""

    sheet: str
    cell: str
    row: int
    key: str  # the field
    old: str
    new: object  # the dropdown text, or a date
    code: str  # the finding the fix resolves ("" when none was reported)
    why: str  # in words a clerk can check


FIX_WHY = {"index-approx": "tên chỉ số nội dung trong danh mục", "sub-approx": "tên nội dung thành phần trong danh mục",
           "status-approx": "tiến độ trong danh sách", "due-missing": "hạn theo Thời gian thực hiện",
           "lead": "tên đơn vị trong danh mục", "date": "ngày thật thay cho chữ"}


@dataclass
class Validation:
    """Findings plus the task table enriched with what the rules resolved."""

    data: WorkbookData
    cutoff: dt.date | None
    findings: list[Finding]
    resolved: dict[str, list]  # one list per column of :attr:`tasks` (RESOLVED_COLUMNS)
    fixes: list[Fix] = field(default_factory=list)  # what --fix would rewrite (papi_xl.outputs.annotate)

    @functools.cached_property
    def tasks(self) -> pd.DataFrame:
        """One row per task: resolved codes, status, due, flags (RESOLVED_COLUMNS); built when first asked for
        (a merge reads :meth:`task_columns`)."""
        import pandas as pd  # here: checking a workbook needs no frame, and importing pandas is a third of a click

        return pd.DataFrame({c: self.resolved[c] for c in RESOLVED_COLUMNS})

    def task_columns(self) -> dict[str, list]:
        """The task rows as one list per column: :attr:`resolved`, or :attr:`tasks` once a frame was made
        (and perhaps changed or replaced)."""
        frame = self.__dict__.get("tasks")
        if frame is None:
            return self.resolved
        return {c: frame[c].tolist() for c in frame.columns}

    @property
    def errors(self) -> int:
        return sum(f.is_error for f in self.findings)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def as_dict(self) -> dict:
        name = self.data.path.name
        return {"file": str(self.data.path), "ok": self.ok, "errors": self.errors, "warnings": self.warnings,
                "issues": [{**f.as_dict(), "file": f.file or name} for f in self.findings]}


RESOLVED_COLUMNS = ["_row", "code", "task", "index_code", "sub_code", "index_text", "sub_text", "lead", "lead_unit",
                    "status", "status_given", "due", "due_source", "timeline_kind", "ongoing", "result", "evidence",
                    "done_date", "has_error"]

REQUIRED_TEXT = ("index", "sub", "task", "lead")  # TaskRowSchema's non-optional text columns
_REQUIRED_HELP = {
    "index": "Chọn chỉ số nội dung từ danh sách (mỗi dòng đều phải ghi, không để trống dưới ô gộp).",
    "sub": "Chọn nội dung thành phần thuộc chỉ số đã chọn.",
    "task": "Ghi nội dung nhiệm vụ theo Phụ lục Kế hoạch, hoặc xóa hẳn dòng nếu không phải nhiệm vụ.",
    "lead": "Ghi đơn vị chủ trì (ví dụ: UBND xã, Công chức VP-TK).",
}


def validate(data: WorkbookData, cutoff: dt.date | None = None) -> Validation:
    """Apply every rule to a read workbook. Pure: reads nothing, writes nothing."""
    meta = data.meta
    cutoff = cutoff or effective_cutoff(meta.cutoff, meta.period, meta.year)
    table = data.tasks
    values = table.values
    findings: list[Finding] = list(data.findings)
    fixes: list[Fix] = []
    add = _adder(table, findings, fixes)
    findings += _meta_findings(data)
    if not values["_row"]:
        row = table.header_row + 1
        findings.append(finding("no-tasks", sheet=table.sheet, cell=f"A{row}", row=row, field=Sheet.TASKS))
        return Validation(data, cutoff, _sorted(findings, data), {c: [] for c in RESOLVED_COLUMNS})
    _schema_findings(values, table, add)
    items: dict[str, Item] = {}
    for item in data.catalog.items:
        items.setdefault(item.code, item)  # Catalog.get: the first item of a code
    resolved = [_check_row(rec, data, cutoff, add, items) for rec in _records(values)]
    _check_codes(values, table, add)
    findings = _sorted(findings, data)
    error_rows = {f.row for f in findings if f.is_error and f.sheet == table.sheet and f.row}
    columns = {c: [r[c] for r in resolved] for c in RESOLVED_COLUMNS if c != "has_error"}
    columns["has_error"] = [r in error_rows for r in columns["_row"]]
    return Validation(data, cutoff, findings, columns, fixes)


def _adder(table: TaskTable, findings: list[Finding], fixes: list[Fix]) -> Add:
    """add(key, row, code, **params) reports a finding at a field's cell; with ``fix=value`` (and ``old``)
    it also records the canonical value --fix writes there (``code`` "" records a fix alone)."""

    def add(key: str, row: int | None, code: str, fix: object = None, old: str = "", **params: Any) -> None:
        letter = table.letter(key)
        cell = f"{letter}{row}" if letter and row else ""
        if code:
            findings.append(finding(code, sheet=table.sheet, cell=cell, row=row, column=letter,
                                    field=TASKS.header(key), **params))
        if fix is not None and cell and row:
            why = FIX_WHY.get(code) or FIX_WHY["lead" if key == "lead" else "date"]
            fixes.append(Fix(table.sheet, cell, row, key, old, fix, code, why))
    return add


def _records(columns: dict[str, list]):
    """Rows as dicts, from the column lists."""
    return (dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True))


def _schema_findings(values: dict[str, list], table: TaskTable, add: Add) -> None:
    """The checks of :class:`~papi_xl.rules.schema.TaskRowSchema` (the readable spec of a row), made here
    without pandera: its fixed cost per call (~25 ms) was a fifth of a merge's reading time, and a button
    click would import it (~0.3 s).  tests/test_validate.py keeps the two in agreement."""
    rows = values["_row"]
    for key, position, code in schema_failures(values):
        if code == "required":
            if key in table.columns:  # a missing column is reported once, by the reader
                add(key, rows[position], "required", help=_REQUIRED_HELP.get(key, "Hãy điền."))
        else:
            add(key, rows[position], "invalid-date", text=values[f"{key}_raw"][position])


def schema_failures(columns: Mapping[str, Iterable]) -> list[tuple[str, int, str]]:
    """(field, row position, rule code) of every cell that breaks :class:`TaskRowSchema`'s checks: a required
    text empty (``str_length`` >= 1: "required"); a date cell holding text that is not a date
    (``dates_are_dates``: "invalid-date").  ``columns``: the reader's column lists, or a frame."""
    out = []
    for key in REQUIRED_TEXT:
        out += [(key, i, "required") for i, v in enumerate(columns[key]) if v == ""]
    for key in ("due", "done_date"):
        raw = list(columns[f"{key}_raw"])
        out += [(key, i, "invalid-date") for i, v in enumerate(columns[key]) if v is None and raw[i]]
    return out


def _check_row(rec: dict, data: WorkbookData, cutoff: dt.date | None, add: Add, items: dict[str, Item]) -> dict:
    row = int(rec["_row"])
    out = {"_row": row, "index_code": None, "sub_code": None, "status": Status.NOT_STARTED, "status_given": False,
           "due": None, "due_source": "", "timeline_kind": "", "ongoing": False, "lead_unit": "",
           "has_error": False, "task": rec["task"], "code": rec["code"], "lead": rec["lead"],
           "result": rec["result"], "evidence": rec["evidence"], "done_date": rec["done_date"],
           "index_text": rec["index"], "sub_text": rec["sub"]}
    _check_catalog(rec, out, data.catalog, add, row, items)
    _check_status(rec, out, add, row)
    _check_done(rec, out, data.meta, cutoff, add, row)
    _check_evidence(rec, add, row)
    _check_unit(rec, out, data.catalog, add, row)
    _check_timeline(rec, out, data.meta, cutoff, add, row, data.tasks)
    _check_text_dates(rec, add, row)
    return out


def _check_codes(values: dict[str, list], table: TaskTable, add: Add) -> None:
    seen: dict[str, int] = {}
    for row, raw in zip(values["_row"], values["code"], strict=True):
        code = clean(raw)
        if code:
            key = fold(code)
            if key in seen:
                add("code", row, "duplicate-code", value=code, other=seen[key])
            else:
                seen[key] = row
        elif "code" in table.columns:
            add("code", row, "code-missing")


def _check_label(add: Add, key: str, row: int, text: str, item) -> None:
    """Understood, but not the dropdown's label (the live Tổng hợp formulas also count the catalog name and
    aliases exactly; anything else only after --fix writes the label)."""
    if not same_label(text, item.label):
        add(key, row, f"{key}-approx", fix=item.label, old=text, text=one_line(text)[:60], label=item.label)


def _suggest(text: str, labels: list[str]) -> str:
    near = best_match(text, {fold(label): label for label in labels}, cutoff=0.4)
    return f" Có phải là '{near.value}'?" if near else ""


def _check_catalog(rec: dict, out: dict, catalog: Catalog, add: Add, row: int, items: dict[str, Item]) -> None:
    index_text, sub_text = rec["index"], rec["sub"]
    if index_text:
        m = catalog.match_index(index_text)
        if m is None:
            add("index", row, "unknown-index", text=one_line(index_text)[:80],
                suggestion=_suggest(index_text, [i.label for i in catalog.indices]))
        else:
            out["index_code"] = m.value
            if not rec["_index_carried"]:
                _check_label(add, "index", row, index_text, items[m.value])
    if sub_text:
        _check_sub(rec, out, catalog, add, row, sub_text, items)


def _check_sub(rec: dict, out: dict, catalog: Catalog, add: Add, row: int, sub_text: str,
               items: dict[str, Item]) -> None:
    index_code = out["index_code"]
    m = catalog.match_sub(sub_text, index_code) if index_code else None
    if m is not None:
        out["sub_code"] = m.value
        if not rec["_sub_carried"]:
            _check_label(add, "sub", row, sub_text, items[m.value])
        return
    anywhere = catalog.match_sub_anywhere(sub_text)
    if anywhere and index_code and anywhere.exact:
        item = items[anywhere.value]
        add("sub", row, "sub-mismatch", label=item.label, owner=item.index_code, index=index_code)
    elif not index_code and anywhere:
        out["sub_code"] = anywhere.value
    else:
        pool = catalog.subs_of(index_code) if index_code else catalog.items
        add("sub", row, "unknown-sub", text=one_line(sub_text)[:80],
            of_index=f" của chỉ số {index_code}" if index_code else "",
            suggestion=_suggest(sub_text, [i.label for i in pool if not i.is_index]))


_read_status = functools.lru_cache(maxsize=4096)(read_status)  # a workbook has a handful of distinct statuses


def _check_status(rec: dict, out: dict, add: Add, row: int) -> None:
    text = rec["status"]
    if not text:
        add("status", row, "status-missing")
        return
    out["status_given"] = True
    reading = _read_status(text)
    out["status"] = reading.status  # None: ambiguous, never guessed
    if reading.status is None:
        add("status", row, "invalid-status", text=one_line(text)[:40], why=reading.why, choices=" / ".join(STATUSES))
    elif not reading.exact:
        add("status", row, "status-approx", fix=str(reading.status), old=text, text=one_line(text)[:60],
            status=reading.status, why=reading.why)


def _check_done(rec: dict, out: dict, meta: Metadata, cutoff: dt.date | None, add: Add, row: int) -> None:
    done_date = rec["done_date"]
    if out["status"] == Status.DONE:
        if not clean(rec["result"]):
            add("result", row, "done-no-result")
        if not clean(rec["evidence"]):
            add("evidence", row, "done-no-evidence")
        if done_date is None and not rec["done_date_raw"]:
            add("done_date", row, "done-no-date")
    elif done_date is not None and out["status"] is not None:
        add("done_date", row, "date-not-done", date=f"{done_date:%d/%m/%Y}", status=out["status"])
    if done_date is not None:
        if cutoff and done_date > cutoff:
            add("done_date", row, "done-after-cutoff", date=f"{done_date:%d/%m/%Y}", cutoff=f"{cutoff:%d/%m/%Y}")
        if meta.year and done_date < dt.date(meta.year, 1, 1):
            add("done_date", row, "done-before-year", date=f"{done_date:%d/%m/%Y}", year=meta.year)


def _check_evidence(rec: dict, add: Add, row: int) -> None:
    evidence = clean(rec["evidence"])
    if evidence:
        numbers = find_doc_numbers(evidence)
        if not numbers:
            add("evidence", row, "evidence-unparsed")
        elif not any(n.date for n in numbers):
            add("evidence", row, "evidence-unparsed", variant="no-date", symbol=numbers[0].symbol)


def _check_unit(rec: dict, out: dict, catalog: Catalog, add: Add, row: int) -> None:
    text = rec["lead"]
    if not text:
        return
    m = catalog.match_unit(text)
    if m:
        out["lead_unit"] = m.value
        if fold(text) in catalog.unit_choices() and not same_label(text, m.value):  # an abbreviation or alias
            add("lead", row, "", fix=m.value, old=text)
    else:
        out["lead_unit"] = one_line(text)
        add("lead", row, "unknown-unit", text=one_line(text)[:60])


def _check_text_dates(rec: dict, add: Add, row: int) -> None:
    """Dates typed as text that papi-xl read ("15/3/2025"): --fix writes real dates."""
    for key in ("due", "done_date"):
        if rec.get(f"{key}_text") and rec[key] is not None:
            add(key, row, "", fix=rec[key], old=rec[f"{key}_raw"])


def _check_timeline(rec: dict, out: dict, meta: Metadata, cutoff: dt.date | None, add: Add, row: int,
                    table: TaskTable) -> None:
    tl = parse_timeline(rec["timeline"], meta.year)
    out["timeline_kind"] = tl.kind
    out["ongoing"] = tl.ongoing
    if rec["due"] is not None:
        out["due"], out["due_source"] = rec["due"], "explicit"
    elif tl.due is not None:
        out["due"], out["due_source"] = tl.due, "timeline"
        if tl.kind != "unspecified" and "due" in table.columns:
            add("due", row, "due-missing", fix=tl.due, old="", timeline=one_line(rec["timeline"])[:50],
                due=f"{tl.due:%d/%m/%Y}")
    elif not tl.understood:
        add("timeline", row, "timeline-unparsed", timeline=one_line(rec["timeline"])[:50])
    due = out["due"]
    if is_overdue(out["status"], due, cutoff):
        key = "due" if out["due_source"] == "explicit" or "due" in table.columns else "timeline"
        add(key, row, "overdue", due=f"{due:%d/%m/%Y}", cutoff=f"{cutoff:%d/%m/%Y}", status=out["status"] or "chưa rõ")


YEARS = (2000, 2100)  # a plan year papi-xl believes


def _meta_findings(data: WorkbookData) -> list[Finding]:
    meta = data.meta
    if not data.has_info_sheet:
        return [finding("meta-missing", sheet=Sheet.INFO, field=Sheet.INFO, variant="no-sheet")]
    out = []
    for key in ("unit", "year", "period", "cutoff"):
        if getattr(meta, key) in ("", None):
            f = INFO_BY_KEY[key]
            cell = meta.cells.get(key, "")
            # a fresh plan (just imported, no progress yet): the period comes later
            pending = key in ("period", "cutoff") and not _has_progress(data.tasks.values)
            code = "meta-pending" if pending else "meta-missing"
            out.append(finding(code, sheet=Sheet.INFO, cell=cell, row=_row_of(cell), column=cell[:1],
                               field=f.label, label=f.label))
    if meta.year is not None and not YEARS[0] <= meta.year <= YEARS[1]:  # "25" for 2025: never compared as a year
        cell = meta.cells.get("year", "")
        out.append(finding("year-invalid", sheet=Sheet.INFO, cell=cell, row=_row_of(cell), column=cell[:1],
                           field=INFO_BY_KEY["year"].label, year=meta.year))
    elif meta.cutoff and meta.year and meta.cutoff.year != meta.year:
        cell = meta.cells.get("cutoff", "")
        out.append(finding("cutoff-outside-year", sheet=Sheet.INFO, cell=cell, row=_row_of(cell), column=cell[:1],
                           field="Ngày chốt số liệu", cutoff=f"{meta.cutoff:%d/%m/%Y}", year=meta.year))
    return out


def _has_progress(values: dict[str, list]) -> bool:
    """Any tracking cell filled: Tiến độ, Kết quả thực hiện, Minh chứng, Ngày hoàn thành (the reader's column
    lists: asked only when a Kỳ báo cáo or Ngày chốt is missing, and no frame is built for it)."""
    return any(str(v).strip() != "" for key in ("status", "result", "evidence", "done_date_raw")
               for v in values.get(key, ()))


def _row_of(cell: str) -> int | None:
    return int(cell[1:]) if cell[1:].isdigit() else None


def _sorted(findings: list[Finding], data: WorkbookData) -> list[Finding]:
    """Unique findings in sheet, row, column order."""
    order = {name: i for i, name in enumerate(data.sheet_names)}

    def key(f: Finding):
        col = f.column or ""
        return (order.get(f.sheet, -1), f.row or 0, len(col), col, f.code)

    return sorted(dict.fromkeys(findings), key=key)


def fixed_findings(v: Validation) -> list[Finding]:
    """The findings of a copy whose approximate values ``--fix`` rewrote: each resolved finding becomes a
    ``value-fixed`` note at the same cell; a fix that resolved no finding (an abbreviation, a date typed
    as text) is listed too."""
    by_cell = {(f.sheet, f.cell, f.code): f for f in v.fixes}
    out = [f for f in v.findings if (f.sheet, f.cell, f.code) not in by_cell]
    for fx in v.fixes:
        new = f"{fx.new:%d/%m/%Y}" if isinstance(fx.new, dt.date) else str(fx.new)
        out.append(finding("value-fixed", sheet=fx.sheet, cell=fx.cell, row=fx.row,
                           column=fx.cell.rstrip("0123456789"), field=TASKS.header(fx.key),
                           old=one_line(fx.old)[:60], new=new, why=fx.why))
    return _sorted(out, v.data)
