"""Merge returned commune workbooks (or earlier summaries) into one summary.

Steps, each a plain function:

1. :func:`collect` expands files, folders (recursive) and globs;
2. :func:`load_input` reads and validates one file with the same functions as
   ``papi-xl validate`` (a broken file becomes a rejected register entry, it
   never stops the merge); a summary written by papi-xl is recognised and its
   communes come back as rows, the summary's own unit becoming their parent;
3. :func:`decide` settles the register: the newest submission of a unit wins
   (the workbook's own date, then the file time), others are superseded;
   files with Lỗi are rejected; units outside ``--expected`` are rejected;
   expected units without a file are listed as missing;
4. :func:`summarise` rolls accepted tasks up per unit and content index.

Writing the workbook is :mod:`papi_xl.xlsx.summary`.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from papi_xl.contract.workbook import SEVERITY_ERROR, SEVERITY_WARNING
from papi_xl.domain.catalog import CATALOGS, DEFAULT_CATALOG, Catalog, load_catalog
from papi_xl.domain.text import clean, fold
from papi_xl.domain.units import ExpectedUnit, load_expected, match_expected, unit_from_filename, unit_key
from papi_xl.inputs.read import ReadError, read_workbook, sniff, to_date
from papi_xl.pipeline.rollup import classify, rollup_tasks
from papi_xl.rules.validate import validate

ACCEPTED, REJECTED, SUPERSEDED, MISSING = "Đã nhận", "Từ chối", "Bị thay thế", "Chưa nộp"
SUMMARY_KIND = "Bảng tổng hợp papi-xl"
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}

# Wide task columns kept for the summary's Nhiệm vụ sheet (key, Vietnamese header, width)
TASK_FIELDS: tuple[tuple[str, str, float], ...] = (
    ("unit", "Đơn vị", 18), ("parent", "Cấp trên", 14), ("code", "Mã nhiệm vụ", 9),
    ("index_label", "Chỉ số nội dung", 22), ("sub_label", "Nội dung thành phần", 22), ("task", "Nhiệm vụ", 48),
    ("output", "Kết quả/sản phẩm", 24), ("lead", "Đơn vị chủ trì", 16), ("coord", "Đơn vị phối hợp", 16),
    ("timeline", "Thời gian thực hiện", 14), ("due", "Hạn hoàn thành", 11), ("status", "Tiến độ", 13),
    ("overdue_mark", "Quá hạn", 7), ("result", "Kết quả thực hiện", 26), ("evidence", "Minh chứng", 22),
    ("done_date", "Ngày hoàn thành", 11), ("note", "Ghi chú", 16), ("file", "Tệp nguồn", 18), ("row", "Dòng", 6),
)
SLIM = ("unit_key", "index_code", "sub_code", "status", "due", "ongoing", "has_error", "lead_unit")


@dataclass
class Entry:
    """One row of the submission register (Tình hình nộp)."""

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
    origin: str = ""  # which input (and which unit inside a summary) the data comes from

    def as_dict(self) -> dict:
        d = asdict(self)
        for k in ("received", "dated", "cutoff"):
            d[k] = d[k].isoformat() if d[k] else None
        d["reasons"] = "; ".join(self.reasons)
        d.pop("origin")
        return d


@dataclass
class Loaded:
    """What one input file contributes."""

    path: Path
    entries: list[Entry]
    tasks: pd.DataFrame  # wide + slim columns, one row per task, with unit_key
    findings: list[dict]
    is_summary: bool = False
    spill: str | None = None  # the wide task rows, pickled to this file (large merges)
    catalog: Catalog | None = None  # the workbook's own catalog (its Danh mục sheet)


WIDE = tuple(k for k, _, _ in TASK_FIELDS if k != "overdue_mark") + ("sub_code", "ongoing")


@dataclass
class Chunk:
    """Accepted task rows of one input, in the order of the slim frame."""

    frame: pd.DataFrame | None  # the wide rows, or None when spilled
    spill: str | None
    owners: dict[str, Entry]  # origin -> accepted entry
    origins: list[str]  # the origin of each row of the input (before filtering)
    start: int  # position of this chunk's first kept row in the slim frame
    stop: int


@dataclass
class MergeResult:
    register: list[Entry]
    tasks: pd.DataFrame  # accepted tasks, wide + slim
    findings: list[dict]
    catalog: Catalog
    cutoff: dt.date | None
    by_unit: pd.DataFrame
    by_indicator: pd.DataFrame
    matrix: pd.DataFrame  # one row per accepted unit; pct_<code>, overdue_<code>
    inputs: list[str]
    merged_at: dt.datetime
    unit: str = ""
    expected_file: str = ""
    path: Path | None = None
    chunks: list[Chunk] = field(default_factory=list)
    spill_dir: object = None  # a TemporaryDirectory, removed by close()

    def iter_tasks(self) -> Iterable[pd.DataFrame]:
        """The accepted tasks with every column: one frame when they are in memory, one input at a time
        (bounded memory) when a large merge spilled them to disk."""
        overdue = self.tasks["overdue_mark"].tolist() if len(self.tasks) else []
        in_memory = []
        for c in self.chunks:
            wide = c.frame if c.frame is not None else pd.read_pickle(c.spill)
            keep = [o in c.owners for o in c.origins]
            if not all(keep):
                wide = wide[keep]
            owners = [c.owners[o] for o, k in zip(c.origins, keep, strict=True) if k]
            wide = wide.assign(unit=[e.unit for e in owners], parent=[e.parent for e in owners],
                               overdue_mark=overdue[c.start:c.stop])
            if c.spill:
                yield wide
            else:
                in_memory.append(wide)
        if in_memory:
            yield pd.concat(in_memory, ignore_index=True)

    def close(self) -> None:
        if self.spill_dir is not None:
            self.spill_dir.cleanup()
            self.spill_dir = None

    @property
    def accepted(self) -> int:
        return sum(e.status == ACCEPTED for e in self.register)

    def counts(self) -> dict[str, int]:
        c = Counter(e.status for e in self.register)
        return {s: c.get(s, 0) for s in (ACCEPTED, REJECTED, SUPERSEDED, MISSING)}

    def as_dict(self) -> dict:
        return {
            "unit": self.unit,
            "cutoff": self.cutoff.isoformat() if self.cutoff else None,
            "merged_at": self.merged_at.isoformat(timespec="seconds"),
            "counts": self.counts(),
            "register": [e.as_dict() for e in self.register],
            "by_unit": _records(self.by_unit),
            "by_indicator": _records(self.by_indicator),
            "output": str(self.path) if self.path else None,
        }


def _records(df: pd.DataFrame) -> list[dict]:
    out = []
    for r in df.to_dict("records"):
        out.append({k: (None if isinstance(v, float) and pd.isna(v) else v) for k, v in r.items()})
    return out


# -- 1. inputs --------------------------------------------------------------------
def collect(inputs: Iterable[str | Path], exclude: Iterable[Path] = ()) -> list[Path]:
    """Files, folders (recursive) and globs -> sorted unique file paths."""
    excluded = {Path(p).resolve() for p in exclude}
    found: list[Path] = []
    for item in inputs:
        item = str(item)
        paths = [Path(p) for p in sorted(glob.glob(item, recursive=True))] if glob.has_magic(item) else [Path(item)]
        if not paths:
            raise ReadError(f"Không có tệp nào khớp với '{item}'.", "not-found")
        for p in paths:
            if p.is_dir():
                for root, dirs, files in os.walk(p):
                    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                    for name in sorted(files):
                        if not name.startswith("."):
                            found.append(Path(root) / name)
            elif p.exists():
                found.append(p)
            else:
                raise ReadError(f"Không tìm thấy '{p}'.", "not-found")
    unique, seen = [], set()
    for p in found:
        r = p.resolve()
        if r in seen or r in excluded or ".bak-" in p.name or p.name.endswith(".tmp"):
            continue
        seen.add(r)
        unique.append(p)
    return unique


def workbook_date(path: Path) -> dt.datetime | None:
    """The workbook's own save date (docProps/core.xml or ODS meta.xml)."""
    try:
        with zipfile.ZipFile(path) as zf:
            for name, pattern in (("docProps/core.xml", rb"<dcterms:modified[^>]*>([^<]+)<"),
                                  ("meta.xml", rb"<dc:date>([^<]+)<")):
                if name in zf.namelist():
                    m = re.search(pattern, zf.read(name)[:20000])
                    if m:
                        text = m.group(1).decode().strip().rstrip("Z")
                        return dt.datetime.fromisoformat(text[:19])
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    return None


def _file_time(path: Path) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
    except OSError:
        return None


def _finding(unit: str, file: str, sheet: str, cell: str, field: str, code: str, severity: str, message: str) -> dict:
    return {"unit": unit, "file": file, "sheet": sheet, "cell": cell, "field": field, "code": code,
            "severity": severity, "message": message}


# -- 2. one input -------------------------------------------------------------------
def load_input(path: Path, name: str | None = None, spill_dir: str | None = None) -> Loaded:
    """Read and validate one input; never raises for a bad file.  ``name`` is
    how the file is shown (its path relative to the folder given).  With
    ``spill_dir`` the wide task rows go to a file there and only the columns
    the roll-up needs stay in the returned frame."""
    item = _load_input(path, name)
    if spill_dir and len(item.tasks):
        import uuid

        target = str(Path(spill_dir) / f"{uuid.uuid4().hex}.pkl")
        item.tasks[[c for c in WIDE if c in item.tasks.columns]].to_pickle(target)
        item.spill = target
        item.tasks = item.tasks[[c for c in SLIM if c in item.tasks.columns]].copy()
    return item


def _load_input(path: Path, name: str | None = None) -> Loaded:
    received = _file_time(path)
    name = name or path.name
    if name.startswith("~$"):
        e = Entry(unit="", key="", file=name, received=received, status=REJECTED,
                  reasons=["Tệp tạm của Excel (~$...), không phải báo cáo"])
        return Loaded(path, [e], pd.DataFrame(), [])
    if path.suffix.lower() not in SPREADSHEET_SUFFIXES:
        try:
            sniff(path)
        except ReadError as exc:
            e = Entry(unit="", key="", file=name, received=received, status=REJECTED, reasons=[exc.message])
            return Loaded(path, [e], pd.DataFrame(), [_finding("", name, "", "", "", exc.reason, SEVERITY_ERROR,
                                                                 exc.message)])
    try:
        if _is_summary(path):
            return _load_summary(path, name)
        data = read_workbook(path)
    except ReadError as exc:
        guess = unit_from_filename(path)
        e = Entry(unit=guess, key=unit_key(guess), file=name, received=received, status=REJECTED,
                  reasons=[exc.message], unit_source="tên tệp")
        return Loaded(path, [e], pd.DataFrame(),
                      [_finding(guess, name, "", "", "", exc.reason, SEVERITY_ERROR, exc.message)])
    except Exception as exc:  # noqa: BLE001 - one broken file must never stop a merge
        e = Entry(unit="", key="", file=name, received=received, status=REJECTED,
                  reasons=[f"Lỗi không mong đợi khi đọc tệp ({type(exc).__name__})"])
        return Loaded(path, [e], pd.DataFrame(), [])
    v = validate(data, None)
    meta = data.meta
    unit, source = meta.unit, "Thông tin"
    findings = [_finding(unit, name, f.sheet, f.cell, f.field, f.code, f.severity, f.message) for f in v.findings]
    if not unit:
        unit, source = unit_from_filename(path), "tên tệp"
        findings.append(_finding(unit, name, "Thông tin", meta.cells.get("unit", ""), "Đơn vị", "unit-from-filename",
                                 SEVERITY_WARNING, f"Sheet Thông tin không ghi tên đơn vị; đoán là '{unit}' theo tên "
                                 "tệp. Hãy điền ô Đơn vị."))
    e = Entry(unit=unit, key=unit_key(unit), parent=meta.parent, file=name, received=received,
              dated=workbook_date(path), version=meta.version, tasks=len(v.tasks), errors=v.errors,
              warnings=v.warnings, unit_source=source, readable=True, catalog=data.catalog.key,
              cutoff=v.cutoff, year=meta.year)
    tasks = _wide_tasks(v, data, e)
    return Loaded(path, [e], tasks, findings, catalog=data.catalog)


def _wide_tasks(v, data, e: Entry) -> pd.DataFrame:
    t = v.tasks
    src = data.tasks.frame
    rows = t["_row"]
    if src["_row"].tolist() != rows.tolist():  # validate keeps the reader's rows, in order
        src = src.set_index("_row").loc[rows].reset_index()
    cat = data.catalog
    labels = {i.code: i.label for i in cat.items}
    wide = pd.DataFrame({
        "unit": e.unit, "parent": e.parent, "unit_key": e.key,
        "code": t["code"].values,
        "index_code": t["index_code"].values, "sub_code": t["sub_code"].values,
        "index_label": [labels.get(c, x) if c else x for c, x in zip(t["index_code"], t["index_text"], strict=True)],
        "sub_label": [labels.get(c, x) if c else x for c, x in zip(t["sub_code"], t["sub_text"], strict=True)],
        "task": t["task"].values,
        "output": src["output"].values, "lead": t["lead"].values,
        "coord": src["coord"].values, "timeline": src["timeline"].values,
        "due": t["due"].values, "status": t["status"].values, "ongoing": t["ongoing"].values,
        "result": t["result"].values, "evidence": t["evidence"].values, "done_date": t["done_date"].values,
        "note": src["note"].values, "file": e.file, "row": rows.values,
        "has_error": t["has_error"].values, "lead_unit": t["lead_unit"].values,
    })
    return wide


# -- summaries as inputs -------------------------------------------------------------
def _is_summary(path: Path) -> bool:
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return False
    try:  # cheap first: the sheet list, without parsing the workbook
        with zipfile.ZipFile(path) as zf:
            if "Tình hình nộp".encode() not in zf.read("xl/workbook.xml")[:200_000]:
                return False
    except (zipfile.BadZipFile, KeyError, OSError):
        return False
    try:
        import python_calamine as pc

        book = pc.CalamineWorkbook.from_path(str(path))
        if "Tình hình nộp" not in book.sheet_names or "Thông tin" not in book.sheet_names:
            return False
        rows = book.get_sheet_by_name("Thông tin").to_python()
        return any(clean(r[1]) == SUMMARY_KIND for r in rows[:10] if len(r) > 1)
    except Exception:
        return False


def _table(book, sheet: str) -> tuple[list[str], list[list]]:
    rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    for i, r in enumerate(rows[:10]):
        texts = [clean(c) for c in r]
        if "Đơn vị" in texts:
            return texts, rows[i + 1:]
    return [], []


def _load_summary(path: Path, name: str) -> Loaded:
    """A summary written by papi-xl: its communes come back as rows."""
    import python_calamine as pc

    book = pc.CalamineWorkbook.from_path(str(path))
    info = {clean(r[0]): r[1] for r in book.get_sheet_by_name("Thông tin").to_python() if len(r) > 1 and r[0]}
    level = clean(info.get("Đơn vị tổng hợp", ""))  # the district that made it becomes its communes' parent
    cutoff = to_date(info.get("Ngày chốt số liệu"))
    header, body = _table(book, "Tình hình nộp")
    col = {h: i for i, h in enumerate(header)}
    get = lambda r, h: r[col[h]] if h in col and col[h] < len(r) else ""  # noqa: E731
    status_map = {ACCEPTED: ACCEPTED, REJECTED: REJECTED, SUPERSEDED: SUPERSEDED, MISSING: MISSING}
    entries = []
    for r in body:
        unit = clean(get(r, "Đơn vị"))
        if not unit:
            continue
        status = status_map.get(clean(get(r, "Trạng thái")), REJECTED)
        received = get(r, "Ngày nhận")
        dated = get(r, "Ngày của tệp")
        entries.append(Entry(
            unit=unit, key=unit_key(unit), parent=level or clean(get(r, "Cấp trên")),
            file=f"{name} › {clean(get(r, 'Tệp'))}", version=clean(get(r, "Phiên bản biểu mẫu")),
            received=received if isinstance(received, dt.datetime) else _dt(received),
            dated=dated if isinstance(dated, dt.datetime) else _dt(dated),
            tasks=int(get(r, "Số nhiệm vụ") or 0), errors=int(get(r, "Lỗi") or 0),
            warnings=int(get(r, "Cảnh báo") or 0), status=status,
            reasons=[x for x in clean(get(r, "Lý do")).split("; ") if x],
            readable=status in (ACCEPTED, SUPERSEDED), unit_source=f"bảng tổng hợp {level}".strip(),
            cutoff=cutoff, year=cutoff.year if cutoff else None, catalog=clean(info.get("Bộ chỉ số", "")),
        ))
    header, body = _table(book, "Nhiệm vụ")
    col = {h: i for i, h in enumerate(header)}
    records = []
    for r in body:
        rec = {key: (r[col[label]] if label in col and col[label] < len(r) else "") for key, label, _ in TASK_FIELDS}
        if not clean(rec["unit"]):
            continue
        for key in ("due", "done_date"):
            rec[key] = to_date(rec[key])
        for key, _, _ in TASK_FIELDS:
            if key not in ("due", "done_date", "row") and not isinstance(rec[key], str):
                rec[key] = clean(rec[key])
        rec["parent"] = level or clean(rec["parent"])
        rec["unit_key"] = unit_key(rec["unit"])
        rec["index_code"] = clean(get_code(rec["index_label"])) or None
        rec["sub_code"] = clean(r[col["Mã nội dung"]]) if "Mã nội dung" in col and col["Mã nội dung"] < len(r) else None
        rec["sub_code"] = rec["sub_code"] or None
        rec["status"] = clean(rec["status"]) or None
        rec["ongoing"] = clean(r[col["Thường xuyên"]]) == "x" if "Thường xuyên" in col else False
        rec["has_error"] = False
        rec["lead_unit"] = clean(rec["lead"])
        rec["file"] = f"{name} › {clean(rec['file'])}"
        records.append(rec)
    tasks = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    header, body = _table(book, "Kiểm tra")
    col = {h: i for i, h in enumerate(header)}
    findings = []
    for r in body:
        g = lambda h, r=r: clean(r[col[h]]) if h in col and col[h] < len(r) else ""  # noqa: E731
        if g("Đơn vị") or g("Tệp"):
            findings.append(_finding(g("Đơn vị"), f"{name} › {g('Tệp')}", g("Sheet"), g("Ô"), g("Trường"),
                                     g("Mã"), g("Mức độ"), g("Nội dung")))
    return Loaded(path, entries, tasks, findings, is_summary=True)


POOL_MIN_FILES = 24  # below this, starting worker processes costs more than it saves
SPILL_MIN_FILES = int(os.environ.get("PAPI_XL_SPILL_MIN_FILES", 500))  # from here, task rows wait on disk


def _load_all(paths: list[Path], names: list[str], workers: int | None, progress,
              spill_dir: str | None = None) -> Iterable[Loaded]:
    """Load inputs in order; with two or more cores and enough files, in worker
    processes ("spawn": the notes measured "fork" hanging with some libraries)."""
    total = len(paths)
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    if workers > 1 and total >= POOL_MIN_FILES:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # forkserver: workers fork from a clean single-threaded server that imported papi-xl once (plain
        # "fork" from this process was measured hanging with some libraries); spawn where unavailable
        default = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        ctx = multiprocessing.get_context(os.environ.get("PAPI_XL_MP_START", default))
        if ctx.get_start_method() == "forkserver":
            ctx.set_forkserver_preload(["papi_xl.pipeline.merge"])
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            spills = [spill_dir] * total
            for i, item in enumerate(pool.map(load_input, paths, names, spills, chunksize=8)):
                if progress:
                    progress(i + 1, total, paths[i].name)
                yield item
        return
    for i, (p, name) in enumerate(zip(paths, names, strict=True)):
        if progress:
            progress(i, total, p.name)
        yield load_input(p, name, spill_dir)
    if progress:
        progress(total, total, "")


def _display_name(path: Path, roots: list[Path]) -> str:
    for root in roots:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            continue
    return path.name


def get_code(label: str) -> str:
    m = re.match(r"\s*(\d{1,2})[.)]", clean(label))
    return m.group(1) if m else ""


def _dt(value) -> dt.datetime | None:
    d = to_date(value)
    return dt.datetime.combine(d, dt.time()) if d else None


# -- 3. the register -------------------------------------------------------------------
def decide(entries: list[Entry], expected: list[ExpectedUnit] | None) -> list[Entry]:
    """Settle statuses: newest wins per unit; errors and strangers rejected; missing listed."""
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
    out: list[Entry] = []
    for _key, group in by_key.items():
        data = [e for e in group if e.readable and not (e.status == REJECTED and not e.tasks and e.errors == 0)]
        data.sort(key=lambda e: (e.dated or dt.datetime.min, e.received or dt.datetime.min), reverse=True)
        winner = next((e for e in data if e.status not in (REJECTED, MISSING) or e.errors), None)
        if expected is not None and winner is not None and winner.status == REJECTED and not winner.errors:
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
        out.extend(e for e in group if not (e.status == MISSING and winner is not None))
    out.extend(loose)
    present = {e.key for e in out if e.status != MISSING}
    if expected is not None:
        for u in expected:
            k = unit_key(u.name)
            if k not in present and not any(e.key == k and e.status == MISSING for e in out):
                out.append(Entry(unit=u.name, key=k, parent=u.parent, status=MISSING,
                                 reasons=["Chưa nhận được báo cáo"]))
                present.add(k)
    order = {ACCEPTED: 0, REJECTED: 1, MISSING: 2, SUPERSEDED: 3}
    out.sort(key=lambda e: (order.get(e.status, 9), fold(e.parent), fold(e.unit), e.file))
    return out


# -- 4. the roll-up ---------------------------------------------------------------------
def summarise(tasks: pd.DataFrame, register: list[Entry], catalog: Catalog, cutoff: dt.date | None):
    """Per-unit totals, per-index totals, and the units x indices matrix."""
    from papi_xl.pipeline.rollup import EMPTY, FLAGS, count_by, finish

    accepted = [e for e in register if e.status == ACCEPTED]
    t = classify(tasks, cutoff) if len(tasks) else tasks.assign(**{f: False for f in FLAGS})
    if len(t):
        t["unclassified"] = ~t["classified"]
    per_unit = count_by(t, "unit_key")
    per_cell = count_by(t, ["unit_key", "index_code"])
    unit_rows, matrix_rows = [], []
    for e in accepted:
        totals = finish(per_unit.get(e.key, EMPTY))
        unit_rows.append({"unit": e.unit, "parent": e.parent, **{k: totals[k] for k in (
            "total", "done", "in_progress", "not_started", "not_done", "overdue", "pct_done", "light")}})
        m = {"unit": e.unit, "parent": e.parent, "total": totals["total"], "pct_done": totals["pct_done"],
             "overdue": totals["overdue"]}
        for index in catalog.indices:
            c = finish(per_cell.get((e.key, index.code), EMPTY))
            m[f"pct_{index.code}"] = c["pct_done"]
            m[f"overdue_{index.code}"] = c["overdue"]
            m[f"total_{index.code}"] = c["total"]
        matrix_rows.append(m)
    overall = rollup_tasks(tasks, catalog, cutoff) if len(tasks) else None
    by_indicator = overall.by_indicator if overall else pd.DataFrame()
    return pd.DataFrame(unit_rows), by_indicator, pd.DataFrame(matrix_rows)


def _slim(tasks: pd.DataFrame) -> pd.DataFrame:
    for col in SLIM:
        if col not in tasks.columns:
            tasks[col] = None
    return tasks


def merge(
    inputs: Iterable[str | Path],
    expected: str | Path | None = None,
    cutoff: dt.date | None = None,
    unit: str = "",
    exclude: Iterable[Path] = (),
    period: str | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    workers: int | None = None,
    spill: bool | None = None,
) -> MergeResult:
    """Read, validate and merge every input. Reads files; writes nothing."""
    paths = collect(inputs, exclude)
    if not paths:
        raise ReadError("Không có tệp nào để tổng hợp.", "not-found")
    expected_units = load_expected(expected) if expected else None
    roots = [Path(str(x)) for x in inputs if Path(str(x)).is_dir()]
    names = [_display_name(p, roots) for p in paths]
    spill_dir = None
    if spill if spill is not None else len(paths) >= SPILL_MIN_FILES:
        import tempfile

        spill_dir = tempfile.TemporaryDirectory(prefix="papi-xl-merge-")
    loaded: list[Loaded] = []
    for i, item in enumerate(_load_all(paths, names, workers, progress, spill_dir.name if spill_dir else None)):
        for e in item.entries:
            e.origin = f"{i}:{e.key}" if item.is_summary else str(i)
        if len(item.tasks):
            item.tasks["origin"] = [f"{i}:{k}" for k in item.tasks["unit_key"]] if item.is_summary else str(i)
        loaded.append(item)
    entries, findings = [], []
    for item in loaded:
        entries.extend(item.entries)
        findings.extend(item.findings)
    register = decide(entries, expected_units)
    accepted = {e.origin: e for e in register if e.status == ACCEPTED}
    frames, chunks, offset = [], [], 0
    for item in loaded:
        t = item.tasks
        if not len(t):
            continue
        origins = t["origin"].tolist()
        keep = t["origin"].isin(accepted)
        if not keep.any():
            continue
        slim = t.loc[keep, [c for c in SLIM if c in t.columns]].copy()
        slim["unit_key"] = [accepted[o].key for o in t.loc[keep, "origin"]]
        frames.append(slim)
        wide = None if item.spill else t.drop(columns=["origin"])
        chunks.append(Chunk(wide, item.spill, {o: accepted[o] for o in set(origins) if o in accepted}, origins,
                            offset, offset + len(slim)))
        offset += len(slim)
    tasks = _slim(pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(SLIM)))
    # a common cut-off: the option (a date, or 6thang/nam of the plan year), else the most frequent one
    if cutoff is None and period:
        from papi_xl.api import parse_period

        years = Counter(e.year for e in register if e.readable and e.year)
        cutoff = parse_period(period, years.most_common(1)[0][0] if years else None)
    if cutoff is None:
        cutoffs = Counter(e.cutoff for e in register if e.status == ACCEPTED and e.cutoff)
        cutoff = cutoffs.most_common(1)[0][0] if cutoffs else None
    # the catalog the accepted workbooks carry (a province may have edited its Danh mục); else built-in
    catalogs = Counter(e.catalog for e in register if e.status == ACCEPTED and e.catalog)
    key = catalogs.most_common(1)[0][0] if catalogs else DEFAULT_CATALOG
    catalog = next((item.catalog for item in loaded if item.catalog is not None and item.entries
                    and item.entries[0].status == ACCEPTED and item.entries[0].catalog == key), None)
    catalog = catalog or load_catalog(key if key in CATALOGS else DEFAULT_CATALOG)
    if len(tasks):
        flags = classify(tasks, cutoff)
        tasks["overdue_mark"] = flags["overdue"].map(lambda b: "x" if b else "")
    else:
        tasks["overdue_mark"] = pd.Series(dtype=object)
    by_unit, by_indicator, matrix = summarise(tasks, register, catalog, cutoff)
    return MergeResult(register, tasks, findings, catalog, cutoff, by_unit, by_indicator, matrix,
                       [str(p) for p in paths], dt.datetime.now().replace(microsecond=0), unit,
                       str(expected) if expected else "", chunks=chunks, spill_dir=spill_dir)


def demo_merge(folder: Path) -> MergeResult:
    """The demo's last step: sample returned workbooks (one with errors, one sent twice), an
    expected list with one unit that never answered, merged into a summary."""
    import os
    import time

    from papi_xl.api import merge_files
    from papi_xl.samples import SAMPLE_COMMUNES, write_returned_set

    returned = Path(folder) / "tra-ve"
    units = list(SAMPLE_COMMUNES[:8])
    paths = write_returned_set(returned, units, broken={2})
    older = returned / "cu" / paths[1].name
    older.parent.mkdir(exist_ok=True)
    older.write_bytes(paths[1].read_bytes())
    past = time.time() - 7 * 86400
    os.utime(older, (past, past))  # the same unit, sent a week earlier
    expected = Path(folder) / "danh-sach-don-vi.csv"
    expected.write_text("Đơn vị,Cấp trên\n" + "".join(f"{u},Tỉnh Hưng Yên\n" for u in SAMPLE_COMMUNES[:9]),
                        encoding="utf-8")
    return merge_files([returned], Path(folder) / "tong-hop-cac-don-vi.xlsx", expected, unit="Tỉnh Hưng Yên")
