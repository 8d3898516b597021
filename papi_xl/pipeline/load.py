"""One input of a merge: what is not a submission at all (:func:`triage`, :func:`own_summary`), and how
each submission becomes register entries, task rows and findings (:func:`load_input`: read and
validated with the same functions as ``papi-xl validate``).  A broken file becomes a rejected register
entry; it never stops the merge.  A summary written by papi-xl is recognised and its communes come
back as rows (the summary's own unit becoming their parent).

Not submissions (register status Bỏ qua, decisions §7), decided from the file names alone so they are
never opened: Office lock files (``~$x.xlsx``, ``.~lock.x.xlsx#``), backups (``x.bak-YYYYmmdd-HHMMSS.xlsx``
written by ``--in-place``, ``*.bak``, ``*.xlk``), temporary and hidden files, system files, the merge's
own output, and papi-xl's derived copies (``x.kiem-tra.xlsx``, ``x.tong-hop.xlsx``) when their original
``x.<ext>`` is among the inputs.  A summary made by the merging unit itself (an earlier run of this
merge) is recognised once read."""

from __future__ import annotations

import datetime as dt
import pickle
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from papi_xl import messages as msg
from papi_xl.contract import summary as summary_spec
from papi_xl.domain.catalog import Catalog, code_of_label
from papi_xl.domain.progress import read_status
from papi_xl.domain.text import clean
from papi_xl.domain.units import unit_from_filename, unit_key
from papi_xl.domain.values import to_date
from papi_xl.errors import InputError
from papi_xl.inputs.collect import file_time
from papi_xl.inputs.docdate import saved_date
from papi_xl.inputs.guard import sniff
from papi_xl.inputs.read import ReadSession, WorkbookData, read_workbook
from papi_xl.inputs.summary_reader import SummaryData, is_summary, read_summary
from papi_xl.ooxml.layout import wrapped_lines
from papi_xl.ooxml.sheetdata import MAX_CHARS
from papi_xl.pipeline.register import ACCEPTED, MISSING, REJECTED, SKIPPED, SUPERSEDED, Entry
from papi_xl.registry import Finding, error_finding, finding
from papi_xl.rules.validate import Validation, validate
from papi_xl.vocab import Sheet, Submission

if TYPE_CHECKING:
    import pandas as pd

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}
# the wide task columns kept for the summary's Nhiệm vụ sheet, and the slim ones the roll-up needs
WIDE = tuple(k for k in summary_spec.TASKS.keys if k != "overdue_mark")
SLIM = ("unit_key", "index_code", "sub_code", "status", "due", "ongoing", "has_error", "lead_unit")

UnitFinding = tuple[str, Finding]  # (unit, finding)
Columns = dict[str, list]  # task rows as one list per column (a frame per file cost more than the rules)


def count(columns: Columns) -> int:
    return len(next(iter(columns.values()))) if columns else 0


# the summary's Nhiệm vụ columns whose text may wrap, but unit and parent (the register may still rename
# them): the lines each row needs for them are counted where the rows are read (in parallel), not by the writer
PRE_WRAPPED = {c.key: c.width for c in summary_spec.TASKS.columns
               if c.kind not in ("date", "number", "flag") and c.key not in ("unit", "parent")}


def text_lines(t: Columns) -> list[int]:
    """The lines each row needs on the summary's Nhiệm vụ sheet for the text of :data:`PRE_WRAPPED` columns,
    as the writer renders them (layout.wrapped_lines of the cell's text; no cell, no line)."""
    lines = [1] * count(t)
    for key, width in PRE_WRAPPED.items():
        values = t.get(key)
        if values is None:
            continue
        if key == "status":
            values = [summary_spec.INVALID_STATUS if v is None else v for v in values]
        for i, v in enumerate(values):
            if not v:
                continue
            if not isinstance(v, str):
                v = str(v)
            if len(v) > width or "\n" in v:
                h = wrapped_lines(v[:MAX_CHARS], width)
                if h > lines[i]:
                    lines[i] = h
    return lines


@dataclass
class Loaded:
    """What one input file contributes."""

    path: Path
    entries: list[Entry]
    tasks: Columns  # wide + slim columns, one value per task row, with unit_key ({} when spilled)
    findings: list[UnitFinding]  # (empty when spilled)
    is_summary: bool = False
    spill: Spill | None = None  # the task rows and findings on disk (large merges)
    catalog: Catalog | None = None  # the workbook's own catalog (its Danh mục sheet)
    made_by: str = ""  # a summary: the unit that made it (its Thông tin "Đơn vị tổng hợp")
    sources: set[str] = field(default_factory=set)  # a summary: the file names its register lists

    @property
    def rows(self) -> int:
        return self.spill.rows if self.spill else count(self.tasks)


@dataclass(frozen=True)
class Spill:
    """One input's findings and task rows in a file of a large merge's spill folder: three pickles one
    after another (the findings, the roll-up columns, every column), each read without the others."""

    path: str
    rows: int
    findings: int
    slim_at: int  # where the roll-up columns start
    full_at: int  # where every column starts

    @classmethod
    def write(cls, folder: str, tasks: Columns, findings: list[UnitFinding]) -> Spill:
        path = str(Path(folder) / f"{uuid.uuid4().hex}.pkl")
        with open(path, "wb") as fh:
            pickle.dump(findings, fh, pickle.HIGHEST_PROTOCOL)
            slim_at = fh.tell()
            pickle.dump({c: tasks[c] for c in SLIM if c in tasks}, fh, pickle.HIGHEST_PROTOCOL)
            full_at = fh.tell()
            pickle.dump(tasks, fh, pickle.HIGHEST_PROTOCOL)
        return cls(path, count(tasks), len(findings), slim_at, full_at)

    def _read(self, at: int):
        with open(self.path, "rb") as fh:
            fh.seek(at)
            return pickle.load(fh)  # noqa: S301 - a file this merge wrote

    def read_findings(self) -> list[UnitFinding]:
        return self._read(0)

    def slim(self) -> Columns:
        return self._read(self.slim_at)

    def full(self) -> Columns:
        return self._read(self.full_at)


# -- what is not a submission --------------------------------------------------------------------------------
_BACKUP = re.compile(r"^(?P<stem>.+)\.bak-\d{8}-\d{6}(?:-\d+)?(?P<ext>\.[^.]+)$", re.IGNORECASE)
_DERIVED = re.compile(r"^(?P<stem>.+)\.(?P<tag>kiem-tra|tong-hop)$", re.IGNORECASE)
_SYSTEM = {"thumbs.db", "desktop.ini", "ehthumbs.db", ".ds_store"}
_OLD_COPY = (".bak", ".xlk", ".old")


def triage(paths: Iterable[Path], names: dict[Path, str], outputs: Iterable[Path] = ()
           ) -> tuple[list[tuple[Path, str]], list[Entry]]:
    """(the files to read as (path, shown name), a Bỏ qua register entry for every other one).
    ``outputs``: what this merge writes (found among the inputs on a second run)."""
    paths = list(paths)
    present = {(p.parent, p.stem.casefold()): p.name for p in paths if p.suffix.lower() in SPREADSHEET_SUFFIXES}
    own = {Path(p).resolve() for p in outputs}
    jobs, skips = [], []
    for p in paths:
        reason = msg.SKIP_OWN_OUTPUT if p.resolve() in own else skip_reason(p, present)
        if reason:
            skips.append(Entry(unit="", key="", file=names[p], received=file_time(p), status=SKIPPED,
                               reasons=[reason], unit_source=""))
        else:
            jobs.append((p, names[p]))
    return jobs, skips


def skip_reason(path: Path, present: dict[tuple[Path, str], str]) -> str | None:
    """Why a file is not a submission (its name says so), or None.  ``present``: (folder, stem) of the
    spreadsheets among the inputs (-> file name), to know whether a derived copy's original came too."""
    name, low = path.name, path.name.casefold()
    if name.startswith("~$"):
        return msg.SKIP_EXCEL_LOCK
    if name.startswith(".~lock.") and name.endswith("#"):
        return msg.SKIP_LIBREOFFICE_LOCK.format(original=name[len(".~lock."):-1])
    if low in _SYSTEM:
        return msg.SKIP_SYSTEM
    if name.startswith("."):
        return msg.SKIP_HIDDEN
    if low.endswith(".tmp"):
        return msg.SKIP_TEMP
    m = _BACKUP.match(name)
    if m:
        return msg.SKIP_BACKUP.format(original=m["stem"] + m["ext"])
    if low.endswith(_OLD_COPY):
        return msg.SKIP_OLD_COPY.format(suffix=path.suffix)
    derived = derived_from(path)
    if derived:
        stem, kind = derived
        for candidate in reversed(_ancestors(stem)):  # the first original, not a copy skipped itself
            original = present.get((path.parent, candidate.casefold()))
            if original:
                return msg.SKIP_DERIVED.format(kind=kind, original=original)
    return None


def derived_from(path: Path) -> tuple[str, str] | None:
    """("x", what kind of copy) for papi-xl's ``x.kiem-tra.xlsx`` / ``x.tong-hop.xlsx``, else None."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    m = _DERIVED.match(path.stem)
    return (m["stem"], msg.DERIVED_KIND[m["tag"].lower()]) if m else None


def _ancestors(stem: str) -> list[str]:
    """"x.kiem-tra" -> ["x.kiem-tra", "x"]: a copy of a copy counts its original too."""
    out = [stem]
    while (m := _DERIVED.match(out[-1])) is not None:
        out.append(m["stem"])
    return out


def own_summary(item: Loaded, unit: str, names: set[str]) -> str | None:
    """Why a summary found among the inputs is this merge's own earlier output (Bỏ qua), or None:
    made by the merging unit itself, or (neither naming a unit) made from these very files."""
    if not item.is_summary:
        return None
    if unit and unit_key(item.made_by) == unit_key(unit):
        return msg.SKIP_OWN_SUMMARY.format(unit=item.made_by)
    if not unit and not item.made_by and item.sources & names:
        return msg.SKIP_EARLIER_RUN
    return None


def as_skipped(item: Loaded, name: str, reason: str) -> Loaded:
    """The input as a single Bỏ qua entry, contributing nothing else."""
    e = Entry(unit="", key="", file=name, received=file_time(item.path), status=SKIPPED, reasons=[reason],
              unit_source="")
    return Loaded(item.path, [e], {}, [], is_summary=item.is_summary)


def load_batch(jobs: list[tuple[Path, str]], session: ReadSession, spill_dir: str | None = None) -> list[Loaded]:
    """Several inputs read with one session (its memo caches serve the whole batch)."""
    return [load_input(path, name, session, spill_dir) for path, name in jobs]


def load_input(path: Path, name: str | None = None, session: ReadSession | None = None,
               spill_dir: str | None = None) -> Loaded:
    """Read and validate one input; never raises for a bad file.  ``name`` is how the file is shown
    (its path relative to the folder given).  With ``spill_dir`` its task rows and findings go to a
    file there (:class:`Spill`): a merge of every commune of the country then holds no row in memory."""
    item = _load(path, name or path.name, session or ReadSession())
    if spill_dir and item.tasks:
        item.spill = Spill.write(spill_dir, item.tasks, item.findings)
        item.tasks, item.findings = {}, []
    return item


def _rejected(path: Path, name: str, received, reason: str, findings: list[UnitFinding], unit: str = "",
              source: str = "Thông tin") -> Loaded:
    e = Entry(unit=unit, key=unit_key(unit) if unit else "", file=name, received=received, status=REJECTED,
              reasons=[reason], unit_source=source)
    return Loaded(path, [e], {}, findings)


def _load(path: Path, name: str, session: ReadSession) -> Loaded:
    received = file_time(path)
    if path.suffix.lower() not in SPREADSHEET_SUFFIXES:
        try:
            sniff(path)
        except InputError as exc:
            return _rejected(path, name, received, exc.message, [("", error_finding(exc, file=name))])
    try:
        if is_summary(path):
            return _from_summary(path, name, read_summary(path))
        data = read_workbook(path, session=session)
    except InputError as exc:
        guess = unit_from_filename(path)
        return _rejected(path, name, received, exc.message, [(guess, error_finding(exc, file=name))], guess,
                         "tên tệp")
    except Exception as exc:  # noqa: BLE001 - one broken file must never stop a merge
        return _rejected(path, name, received, f"Lỗi không mong đợi khi đọc tệp ({type(exc).__name__}).", [])
    return _from_workbook(path, name, received, data, validate(data, None))


def _from_workbook(path: Path, name: str, received, data: WorkbookData, v: Validation) -> Loaded:
    meta = data.meta
    unit, source = meta.unit, "Thông tin"
    findings = [replace(f, file=name) for f in v.findings]
    if not unit:
        unit, source = unit_from_filename(path), "tên tệp"
        findings.append(finding("unit-from-filename", file=name, sheet=Sheet.INFO, cell=meta.cells.get("unit", ""),
                                field="Đơn vị", unit=unit))
    dated, fmt = saved_date(path)
    e = Entry(unit=unit, key=unit_key(unit), parent=meta.parent, file=name, received=received,
              dated=dated, version=meta.version, tasks=len(v.task_columns()["_row"]), errors=v.errors,
              warnings=v.warnings, unit_source=source, readable=True, catalog=data.catalog.key,
              cutoff=v.cutoff, year=meta.year, year_cell=meta.cells.get("year", ""),
              date_source=msg.DATE_SOURCE_SAVED.format(fmt=f".{fmt}") if dated else msg.DATE_SOURCE_FILE)
    derived = derived_from(path)
    if derived:
        e.reasons.append(msg.DERIVED_USED.format(kind=derived[1], original=derived[0]))
    return Loaded(path, [e], wide_columns(v, data, e), [(unit, f) for f in findings], catalog=data.catalog)


def wide_tasks(v: Validation, data: WorkbookData, e: Entry) -> pd.DataFrame:
    """:func:`wide_columns` as a frame."""
    import pandas as pd  # here: the merge's workers read and validate without pandas (a faster start, less memory)

    return pd.DataFrame(wide_columns(v, data, e))


def wide_columns(v: Validation, data: WorkbookData, e: Entry) -> Columns:
    """The accepted rows as the summary's Nhiệm vụ sheet shows them, plus the columns the roll-up needs."""
    t = v.task_columns()
    src = data.tasks.values
    rows = t["_row"]
    if src["_row"] != rows:  # validate keeps the reader's rows, in order
        at = {r: i for i, r in enumerate(src["_row"])}
        src = {k: [src[k][at[r]] for r in rows] for k in ("output", "coord", "timeline", "note")}
    labels = {i.code: i.label for i in data.catalog.items}
    n = len(rows)
    wide = {
        "unit": [e.unit] * n, "parent": [e.parent] * n, "unit_key": [e.key] * n,
        "code": t["code"],
        "index_code": t["index_code"], "sub_code": t["sub_code"],
        "index_label": [labels.get(c, x) if c else x for c, x in zip(t["index_code"], t["index_text"], strict=True)],
        "sub_label": [labels.get(c, x) if c else x for c, x in zip(t["sub_code"], t["sub_text"], strict=True)],
        "task": t["task"],
        "output": src["output"], "lead": t["lead"],
        "coord": src["coord"], "timeline": src["timeline"],
        "due": t["due"], "status": t["status"], "ongoing": t["ongoing"],
        "result": t["result"], "evidence": t["evidence"], "done_date": t["done_date"],
        "note": src["note"], "file": [e.file] * n, "row": rows,
        "has_error": t["has_error"], "lead_unit": t["lead_unit"],
    }
    wide["_lines"] = text_lines(wide)
    return wide


# -- a summary read back -----------------------------------------------------------------------------------
_STATUSES: dict[str, Submission] = {s: s for s in (ACCEPTED, REJECTED, SUPERSEDED, MISSING)}


def _from_summary(path: Path, name: str, data: SummaryData) -> Loaded:
    """A summary written by papi-xl: its units come back as register entries and rows; the unit that
    made the summary becomes their parent."""
    level, cutoff = data.unit, data.cutoff
    entries = [_summary_entry(r, name, level, cutoff, clean(data.info.get("catalog", ""))) for r in data.register]
    records = [_summary_task(r, name, level) for r in data.tasks.to_dict("records")] if len(data.tasks) else []
    tasks = {k: [r[k] for r in records] for k in records[0]} if records else {}
    if tasks:
        tasks["_lines"] = text_lines(tasks)
    findings = [(unit, replace(f, file=f"{name} › {f.file}")) for unit, f in data.findings]
    sources = {clean(r.get("file")).rsplit(" › ", 1)[-1] for r in data.register if clean(r.get("file"))}
    return Loaded(path, entries, tasks, findings, is_summary=True, made_by=level, sources=sources)


def _summary_entry(r: dict, name: str, level: str, cutoff, catalog: str) -> Entry:
    unit = clean(r.get("unit"))
    status = _STATUSES.get(clean(r.get("status")), REJECTED)
    return Entry(
        unit=unit, key=unit_key(unit), parent=level or clean(r.get("parent")),
        file=f"{name} › {clean(r.get('file'))}", version=clean(r.get("version")),
        received=_datetime(r.get("received")), dated=_datetime(r.get("dated")),
        tasks=int(r.get("tasks") or 0), errors=int(r.get("errors") or 0), warnings=int(r.get("warnings") or 0),
        status=status, reasons=[x for x in [clean(r.get("reasons"))] if x],
        readable=status in (ACCEPTED, SUPERSEDED), unit_source=f"bảng tổng hợp {level}".strip(),
        date_source=clean(r.get("date_source")) or msg.DATE_SOURCE_SUMMARY.format(name=name),
        cutoff=cutoff, year=int(r["year"]) if isinstance(r.get("year"), (int, float)) and r["year"] else
        (cutoff.year if cutoff else None), catalog=catalog)


def _summary_task(r: dict, name: str, level: str) -> dict:
    rec = {key: r.get(key, "") for key in summary_spec.TASKS.keys}
    for key in ("due", "done_date"):
        rec[key] = to_date(rec[key])
    for key in summary_spec.TASKS.keys:
        if key not in ("due", "done_date", "row") and not isinstance(rec[key], str):
            rec[key] = clean(rec[key])
    rec["parent"] = level or clean(rec["parent"])
    rec["unit_key"] = unit_key(rec["unit"])
    rec["index_code"] = index_code_of(rec["index_label"]) or None
    rec["sub_code"] = clean(rec["sub_code"]) or None
    status = clean(rec["status"])
    rec["status"] = read_status(status).status if status and status != summary_spec.INVALID_STATUS else None
    rec["ongoing"] = clean(rec["ongoing"]) == summary_spec.FLAG
    rec["has_error"] = False
    rec["lead_unit"] = clean(rec["lead"])
    rec["file"] = f"{name} › {clean(rec['file'])}"
    return rec


def index_code_of(label: str) -> str:
    """"1. Tham gia của người dân" -> "1", "PAR INDEX 3. …" -> "par-3" (the summary writes the catalog label)."""
    return code_of_label(label)


def _datetime(value) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    d = to_date(value)
    return dt.datetime.combine(d, dt.time()) if d else None
