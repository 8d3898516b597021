"""Acceptance corpus: returned workbooks and merge folders as commune clerks really send them.

Every file starts from the canonical blank workbook the province sends (``workbooks/bieu-mau-hungyen-xa.xlsx``),
is filled with openpyxl the way a clerk fills it, then damaged the way real people and real applications damage
it (LibreOffice re-saves, "Save As Excel 97-2003", old TCVN3/VNI fonts, dragged dropdowns, merged cells,
signature blocks...).  Each case keeps its *truth* (the tasks it wrote, with their real meaning) next to the
code that writes it; the expectations (counts, findings, register) are computed from that truth with the rules
of the README (section "Tệp trả về thường gặp"), never by running papi_xl.

``build_corpus(root)`` writes everything under ``root`` (single files in ``root/single``, merge folders in
``root/folders/<case>``, expected-unit lists in ``root/lists``) with one LibreOffice call per target format.

Everything is seeded: the same code writes the same corpus (apart from LibreOffice's own timestamps).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import random
import re
import shutil
import struct
import subprocess
import unicodedata
import uuid
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "workbooks" / "bieu-mau-hungyen-xa.xlsx"
PKG_DATA = ROOT / "papi_xl" / "data"
HERE_DATA = Path(__file__).parent / "data" / "corpus_returns"

E, W = "Lỗi", "Cảnh báo"
DONE, DOING, TODO, DROPPED = "Hoàn thành", "Đang thực hiện", "Chưa thực hiện", "Không thực hiện"
ACCEPTED, REJECTED, SUPERSEDED, MISSING, SKIPPED = "Đã nhận", "Từ chối", "Bị thay thế", "Chưa nộp", "Bỏ qua"
BUCKET = {DONE: "done", DOING: "in_progress", TODO: "not_started", DROPPED: "not_done"}
COUNT_KEYS = ("total", "done", "in_progress", "not_started", "not_done", "overdue", "unclassified")
# severities from decisions.md §1/§4 and the README rule table (only the codes this corpus names)
SEVERITY = {"invalid-status": E, "meta-missing": E, "conflicting-sheets": E, "required": E, "unknown-index": E,
            "unknown-sub": E, "no-tasks": E, "missing-column": E, "invalid-date": E, "done-no-result": E,
            "done-no-evidence": E, "done-no-date": E, "sub-mismatch": E, "year-mismatch": E}

# Canonical column order of the Nhiệm vụ sheet (header row 4) -> field key
HEADERS = {"TT": "tt", "Chỉ số nội dung": "index", "Nội dung thành phần": "sub", "Nhiệm vụ": "task",
           "Kết quả/sản phẩm": "output", "Đơn vị chủ trì": "lead", "Đơn vị phối hợp": "coord",
           "Thời gian thực hiện": "timeline", "Mã nhiệm vụ": "code", "Hạn hoàn thành": "due", "Tiến độ": "status",
           "Kết quả thực hiện": "result", "Minh chứng": "evidence", "Ngày hoàn thành": "done", "Ghi chú": "note"}
KEYS = list(HEADERS.values())
LETTER = {k: get_column_letter(i + 1) for i, k in enumerate(KEYS)}  # canonical letters: status -> K
HEADER_ROW, FIRST_ROW, TEMPLATE_LAST_ROW = 4, 6, 305


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


# -- reference data (catalog, units, task texts) -------------------------------------------------------------
def _catalog():
    index, sub = {}, {}
    with open(PKG_DATA / "catalog_hungyen_xa.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["level"] == "index":
                index[r["code"]] = r["name"]
            else:
                sub[r["code"]] = r["name"]
    return index, sub


INDEX_NAME, SUB_NAME = _catalog()
INDEX_LABEL = {c: f"{c}. {n}" for c, n in INDEX_NAME.items()}  # as in Danh mục column E: "1. Tham gia của người dân"
SUB_LABEL = {c: f"{c.split('.')[1]}) {n}" for c, n in SUB_NAME.items()}  # "a) Tri thức công dân"


def _units():
    """(written, abbreviation, canonical name) for commune-level units: the name and every unambiguous alias."""
    rows = list(csv.DictReader(open(PKG_DATA / "units.csv", encoding="utf-8")))[:21]
    seen: dict[str, int] = defaultdict(int)
    for r in rows:
        for a in [r["name"], *[x.strip() for x in r["aliases"].split(";") if x.strip()]]:
            seen[a.lower()] += 1
    out = []
    for r in rows:
        for a in [r["name"], *[x.strip() for x in r["aliases"].split(";") if x.strip()]]:
            if seen[a.lower()] == 1 and "/" not in a and "(" not in a:
                out.append((a, r["abbreviation"], r["name"]))
    return out


LEADS = _units()
UNIT_NAME = {abbr: name for _, abbr, name in LEADS}
ABBR = {name: abbr for _, abbr, name in LEADS}


def _pool():
    tt = json.loads((PKG_DATA / "examples" / "trung_trac_2023.json").read_text(encoding="utf-8"))["tasks"]
    seeds = json.loads((HERE_DATA / "seed_tasks.json").read_text(encoding="utf-8"))["tasks"]
    pool = [{"task": t["task"], "output": t["output"], "coord": t["coord"], "sub": t["sub"]} for t in tt]
    outputs = [t["output"] for t in tt if t["output"]]
    coords = [t["coord"] for t in tt if t["coord"]]
    for i, s in enumerate(seeds):
        pool.append({"task": s["task"], "output": outputs[i % len(outputs)], "coord": coords[(3 * i) % len(coords)],
                     "sub": s["sub"]})
    # the year of the 2023 plan must not leak into other years' task texts
    for p in pool:
        for k in ("task", "output"):
            p[k] = p[k].replace("năm 2023", "năm {y}").replace("Năm 2023", "Năm {y}")
    return pool


POOL = _pool()

COMMUNES = ["Xã Trung Trắc", "Xã Lạc Hồng", "Xã Như Quỳnh", "Xã Đại Đồng", "Xã Tân Quang", "Phường Mỹ Hào",
            "Xã Chỉ Đạo", "Xã Lương Tài", "Xã Minh Hải", "Xã Việt Hưng", "Phường Đường Hào", "Xã Nghĩa Trụ",
            "Xã Phụng Công", "Xã Long Hưng", "Xã Mễ Sở", "Xã Tân Tiến", "Xã Văn Giang", "Xã Hoàn Long",
            "Xã Phạm Ngũ Lão", "Xã Khoái Châu", "Xã Tiên Lữ", "Xã Ân Thi", "Phường Sơn Nam", "Xã Kim Động"]
AUTHORS = ["Nguyễn Thị Hà", "Trần Văn Minh", "Lê Thị Thu Hằng", "Phạm Đức Thắng", "Vũ Thị Lan", "Đỗ Văn Hùng"]

# Thời gian thực hiện -> (due date implied for the plan year y, ongoing).  The implied dates follow the README
# table (year -> 31/12, quarter -> last day of the quarter, month -> last day, date -> that date).
TIMELINES: list[tuple[str, Callable[[int], dt.date] | None]] = [
    ("Thường xuyên", None),
    ("Định kỳ, thường xuyên", None),
    ("Năm {y}", lambda y: dt.date(y, 12, 31)),
    ("Năm {y} và các năm tiếp theo", lambda y: dt.date(y, 12, 31)),
    ("Quý I năm {y}", lambda y: dt.date(y, 3, 31)),
    ("Quý II, III năm {y}", lambda y: dt.date(y, 9, 30)),
    ("Tháng 5 năm {y}", lambda y: dt.date(y, 5, 31)),
    ("6 tháng đầu năm {y}", lambda y: dt.date(y, 6, 30)),
    ("Trước ngày 15/4/{y}", lambda y: dt.date(y, 4, 15)),
    ("Quý III/{y}", lambda y: dt.date(y, 9, 30)),
]
DOCS = [("Kế hoạch", "KH-UBND"), ("Công văn", "UBND-VP"), ("Thông báo", "TB-UBND"), ("Quyết định", "QĐ-UBND"),
        ("Báo cáo", "BC-UBND")]
RESULTS_DONE = ["Đã ban hành văn bản triển khai tới các thôn.", "Đã tổ chức hội nghị tuyên truyền tại 8/8 thôn.",
                "Đã niêm yết công khai tại trụ sở UBND xã và nhà văn hóa các thôn.",
                "Đã đăng tải trên Cổng thông tin điện tử xã.", "Đã tổ chức tự kiểm tra, có biên bản kèm theo.",
                "Đã kiện toàn, ban hành quyết định."]
RESULTS_DOING = ["Đang dự thảo văn bản.", "Đã triển khai tại 5/8 thôn.", "Đang tổng hợp ý kiến của người dân.",
                 "Đang phối hợp với các đoàn thể thực hiện."]


# -- the truth of one task row --------------------------------------------------------------------------------
@dataclass
class T:
    """One task row: what it means (truth) and, in ``w``, anything written differently from that meaning."""

    index: str
    sub: str
    task: str
    output: str
    lead: str  # as written (Unicode)
    lead_abbr: str  # the unit it denotes
    coord: str
    timeline: str
    due: dt.date | None  # the task's effective due date (explicit Hạn, or implied by Thời gian thực hiện)
    write_due: bool  # True: J holds the due date; False: J is empty and ``due`` is implied by the timeline
    status: str | None  # canonical meaning; None = ambiguous (invalid-status, unclassified)
    cell_status: object  # what the Tiến độ cell holds
    result: str = ""
    evidence: str = ""
    done: dt.date | None = None
    code: str = ""
    note: str = ""
    w: dict = field(default_factory=dict)  # written overrides by field key (legacy text, label spellings, text dates)
    row: int = 0

    def is_open(self) -> bool:
        return self.status not in (DONE, DROPPED)

    def overdue(self, cutoff: dt.date) -> bool:
        return self.is_open() and self.due is not None and self.due < cutoff


@dataclass
class Meta:
    unit: str
    year: int = 2025
    period: str = "6 tháng"
    cutoff: dt.date | None = dt.date(2025, 6, 30)
    parent: str = "Tỉnh Hưng Yên"
    plan_number: str = "06/KH-UBND"
    plan_date: dt.date = dt.date(2025, 1, 20)
    author: str = "Nguyễn Thị Hà"
    phone: str = "0221 3865 123"
    w: dict = field(default_factory=dict)  # written overrides (e.g. the unit in TCVN3)

    def default_cutoff(self) -> dt.date:
        """decisions §3: half-year spellings -> 30/6, everything else (year) -> 31/12; explicit date wins."""
        if self.cutoff:
            return self.cutoff
        half = re.search(r"6\s*tháng|sáu tháng|nửa năm|\b6t\b|\bh1\b", self.period.lower())
        return dt.date(self.year, 6, 30) if half else dt.date(self.year, 12, 31)


def rng_for(name: str) -> random.Random:
    return random.Random(zlib.crc32(name.encode()))


def _doc(rng: random.Random, year: int, latest: dt.date) -> tuple[str, dt.date]:
    kind, sym = rng.choice(DOCS)
    day = dt.date(year, 1, 10) + dt.timedelta(days=rng.randrange(max(1, (latest - dt.date(year, 1, 10)).days)))
    return f"{kind} số {rng.randint(3, 180)}/{sym} ngày {day:%d/%m/%Y}", day


SAME = object()  # "the Tiến độ cell holds the canonical value itself"


def set_status(rng: random.Random, t: T, meaning: str | None, cell: object = SAME, year: int = 2025,
               latest: dt.date | None = None) -> T:
    """Give ``t`` a status meaning and the cell value that expresses it (None = a blank cell); fill what that
    status needs (a done task gets Kết quả thực hiện, Minh chứng and Ngày hoàn thành, none after the cut-off)."""
    latest = latest or dt.date(year, 6, 28)
    t.status, t.cell_status = meaning, (meaning if cell is SAME else cell)
    t.result = t.evidence = t.note = ""
    t.done = None
    if meaning == DONE:
        t.result = rng.choice(RESULTS_DONE)
        t.evidence, t.done = _doc(rng, year, latest)
    elif meaning == DOING:
        t.result = rng.choice(RESULTS_DOING)
    elif meaning == DROPPED:
        t.note = "Không thực hiện do cấp trên điều chỉnh nhiệm vụ."
    elif meaning is None:
        t.result = rng.choice(RESULTS_DOING)
    return t


def gen_tasks(rng: random.Random, n: int, year: int = 2025, statuses: list | None = None,
              latest: dt.date | None = None) -> list[T]:
    """``n`` plan tasks in plan order, varied per file (task texts, leads, timelines, statuses)."""
    picks = sorted(rng.sample(POOL, n), key=lambda p: (int(p["sub"].split(".")[0]), p["sub"]))
    per_sub: dict[str, int] = defaultdict(int)
    out = []
    weights = [(DONE, 4), (DOING, 4), (TODO, 2), (DROPPED, 1)]
    for i, p in enumerate(picks):
        sub = p["sub"]
        per_sub[sub] += 1
        written, abbr, _ = rng.choice(LEADS) if rng.random() < 0.6 else ("UBND xã", "UBND", "UBND xã")
        text, due_fn = rng.choice(TIMELINES)
        t = T(index=sub.split(".")[0], sub=sub, task=p["task"].format(y=year), output=p["output"].format(y=year),
              lead=written, lead_abbr=abbr, coord=p["coord"], timeline=text.format(y=year),
              due=due_fn(year) if due_fn else None, write_due=due_fn is not None, status=None, cell_status=None,
              code=f"{sub}.{per_sub[sub]:02d}")
        meaning = statuses[i] if statuses else rng.choices([s for s, _ in weights], [w for _, w in weights])[0]
        set_status(rng, t, meaning, year=year, latest=latest)
        out.append(t)
    return out


# -- expectations computed from the truth (decisions §2) -------------------------------------------------------
def tally(tasks: list[T], cutoff: dt.date) -> tuple[dict, dict, dict, dict]:
    """(totals, per index code, per lead abbreviation, per sub-content code) with the counting rule of §2."""
    def zero():
        return dict.fromkeys(COUNT_KEYS, 0)

    tot, by_index, by_lead, by_sub = zero(), defaultdict(zero), defaultdict(zero), defaultdict(zero)
    for t in tasks:
        for c in (tot, by_index[t.index], by_lead[t.lead_abbr], by_sub[t.sub]):
            c["total"] += 1
            c[BUCKET[t.status] if t.status else "unclassified"] += 1
            c["overdue"] += t.overdue(cutoff)
    return tot, dict(by_index), dict(by_lead), dict(by_sub)


@dataclass
class F:
    """A finding: code, where (sheet / A1 cell, or only the row), severity, substrings of its message."""

    code: str
    cell: str | None = None
    sheet: str | None = None
    row: int | None = None
    text: tuple[str, ...] = ()
    severity: str | None = None

    def __post_init__(self):
        if self.severity is None:
            self.severity = SEVERITY.get(self.code, W)

    def matches(self, issue: dict) -> bool:
        if issue.get("code") != self.code:
            return False
        if self.cell is not None and issue.get("cell") != self.cell:
            return False
        if self.sheet is not None and issue.get("sheet") != self.sheet:
            return False
        if self.row is not None and issue.get("row") != self.row:
            return False
        return all(s in (issue.get("message") or "") for s in self.text)

    def __str__(self):
        where = f" {self.sheet or ''}!{self.cell}" if self.cell else (f" dòng {self.row}" if self.row else "")
        return f"{self.code}{where}" + (f" ({self.severity})" if self.severity else "") + (
            f" message ⊇ {list(self.text)}" if self.text else "")


@dataclass
class Expect:
    """What papi-xl must say about one returned workbook (single-file case)."""

    exit: int
    meta: Meta
    tasks: list[T]
    present: list[F] = field(default_factory=list)
    absent: list[F] = field(default_factory=list)
    exactly: dict[str, int] = field(default_factory=dict)  # code -> number of findings with that code
    check: tuple[str, ...] = COUNT_KEYS  # which totals to compare (a conflicting copy leaves done/... open)
    leads: bool = True  # compare the per-lead-unit totals
    subs: bool = False  # compare the per-sub-content totals
    why: str = ""

    @property
    def cutoff(self) -> dt.date:
        return self.meta.default_cutoff()

    def counts(self):
        return tally(self.tasks, self.cutoff)


# -- writing workbooks ------------------------------------------------------------------------------------------
def xl_date(d: dt.date) -> dt.datetime:
    return dt.datetime(d.year, d.month, d.day)


def new_book(meta: Meta) -> openpyxl.Workbook:
    """The blank canonical workbook with Thông tin filled as a clerk fills it."""
    wb = openpyxl.load_workbook(TEMPLATE)
    ws = wb["Thông tin"]
    values = {"B3": meta.w.get("unit", meta.unit), "B4": meta.parent, "B5": meta.w.get("year", meta.year),
              "B6": meta.plan_number, "B7": xl_date(meta.plan_date), "B8": meta.period,
              "B9": xl_date(meta.cutoff) if meta.cutoff else None, "B10": meta.author, "B11": meta.phone}
    for ref, v in values.items():
        ws[ref] = v
        if isinstance(v, dt.datetime):
            ws[ref].number_format = "dd/mm/yyyy"
    return wb


def colmap(ws) -> dict[str, int]:
    """Field key -> column, by the exact canonical header text in row 4 (extra columns are ignored)."""
    out = {}
    for c in range(1, ws.max_column + 1):
        v = ws.cell(HEADER_ROW, c).value
        if isinstance(v, str) and v in HEADERS and HEADERS[v] not in out:
            out[HEADERS[v]] = c
    return out


def written(t: T, key: str, n: int):
    if key in t.w:
        return t.w[key]
    return {"tt": n, "index": INDEX_LABEL[t.index], "sub": SUB_LABEL[t.sub], "task": t.task, "output": t.output,
            "lead": t.lead, "coord": t.coord, "timeline": t.timeline, "code": t.code,
            "due": xl_date(t.due) if (t.due and t.write_due) else None, "status": t.cell_status,
            "result": t.result, "evidence": t.evidence, "done": xl_date(t.done) if t.done else None,
            "note": t.note}[key]


def fill(ws, tasks: list[T], rows: list[int] | None = None) -> None:
    cols = colmap(ws)
    rows = rows or list(range(FIRST_ROW, FIRST_ROW + len(tasks)))
    for n, (t, r) in enumerate(zip(tasks, rows, strict=True), 1):
        t.row = r
        for key, c in cols.items():
            v = written(t, key, n)
            cell = ws.cell(r, c)
            cell.value = v
            if isinstance(v, dt.datetime):
                cell.number_format = "dd/mm/yyyy"
            elif key == "status" and isinstance(v, float) and 0 < v < 1:
                cell.number_format = "0%"


def insert_column(ws, before: str, header: str) -> str:
    """Insert a column the way Excel does (data validations, title merges, widths and the Tổng hợp formulas that
    point at the Nhiệm vụ sheet move with it); returns the new column's letter."""
    idx = openpyxl.utils.column_index_from_string(before)
    titles = [str(m) for m in ws.merged_cells.ranges]
    for m in titles:
        ws.unmerge_cells(m)
    widths = {c: ws.column_dimensions[get_column_letter(c)].width for c in range(1, ws.max_column + 1)}
    ws.insert_cols(idx)
    for c, wdt in widths.items():
        ws.column_dimensions[get_column_letter(c + (c >= idx))].width = wdt
    ws.column_dimensions[before].width = 12

    def shift(ref: str) -> str:
        def one(m):
            col = openpyxl.utils.column_index_from_string(m.group(1))
            return get_column_letter(col + (col >= idx)) + m.group(2)
        return re.sub(r"\b([A-Z]{1,2})(\d+)\b", one, ref)

    for m in titles:
        ws.merge_cells(shift(m))
    for dv in ws.data_validations.dataValidation:
        dv.sqref = openpyxl.worksheet.cell_range.MultiCellRange(shift(str(dv.sqref)))
    ws.conditional_formatting = openpyxl.formatting.formatting.ConditionalFormattingList()
    ws.cell(HEADER_ROW, idx).value = header
    summary = ws.parent["Tổng hợp"]
    pat = re.compile(r"('Nhiệm vụ'!\$)([A-Z]{1,2})(\$)")
    for row in summary.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.value = pat.sub(lambda m: m.group(1) + get_column_letter(
                    openpyxl.utils.column_index_from_string(m.group(2)) + (
                        openpyxl.utils.column_index_from_string(m.group(2)) >= idx)) + m.group(3), cell.value)
    return before


def merge_down(ws, key: str, r0: int, r1: int) -> None:
    """Merge one field's cells vertically over rows r0..r1 (value kept in the top cell), as Word-style plans do."""
    c = colmap(ws)[key]
    ws.merge_cells(start_row=r0, start_column=c, end_row=r1, end_column=c)


def letter(ws, key: str) -> str:
    return get_column_letter(colmap(ws)[key])


# -- legacy Vietnamese encodings (old .VnTime / VNI-Times fonts) -----------------------------------------------
def tcvn3(text: str) -> str:
    """Unicode -> what a cell typed with a .VnTime font holds: TCVN3 bytes (glibc iconv TCVN5712-1) read as
    Windows-1252 (Latin-1 for the few bytes cp1252 leaves undefined).  Uppercase toned letters have no TCVN3 byte
    (old fonts used a separate .VnTimeH font), so the corpus only converts texts without them."""
    done = subprocess.run(["iconv", "-f", "utf-8", "-t", "TCVN5712-1"], input=nfc(text).encode(), capture_output=True)
    raw = done.stdout
    if done.returncode or any((b < 0x20 and b != 0x0A) or 0x80 <= b <= 0xA0 for b in raw):
        raise ValueError(f"not expressible in TCVN3 (VN3) without the uppercase font: {text[:40]!r}")
    return raw.decode("cp1252")


_TONE_VNI = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_CIRC_VNI = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_BREVE_VNI = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
_I_VNI = {"": "i", "\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def vni(text: str) -> str:
    """Unicode -> VNI-Windows as it shows in a cell (base letter + mark characters of cp1252), from the published
    VNI layout: ă=aê â=aâ ê=eâ ô=oâ ơ=ô ư=ö đ=ñ; tones ù ø û õ ï; ỉ ĩ ị = æ ó ò; ỵ = î."""
    out = []
    for ch in nfc(text):
        d = unicodedata.normalize("NFD", ch)
        if ch in "đĐ":
            out.append("ñ" if ch == "đ" else "Ñ")
            continue
        base, marks = d[0], d[1:]
        if not marks or not base.isalpha():
            out.append(ch)
            continue
        upper = base.isupper()
        b = base.lower()
        shape = next((m for m in marks if m in "\u0302\u0306\u031b"), "")
        tone = next((m for m in marks if m in _TONE_VNI), "")
        if b == "i":
            s = _I_VNI[tone]
        elif b == "y" and tone == "\u0323":
            s = "î"
        elif shape == "\u0302":
            s = b + _CIRC_VNI[tone]
        elif shape == "\u0306":
            s = b + _BREVE_VNI[tone]
        elif shape == "\u031b":
            s = {"o": "ô", "u": "ö"}[b] + _TONE_VNI.get(tone, "")
        else:
            s = b + _TONE_VNI[tone]
        out.append(s.upper() if upper else s)
    return "".join(out)


def cp1258_bytes(text: str) -> bytes:
    """What Excel's "CSV" writes on Vietnamese Windows (code page 1258): a letter the code page has precomposed
    stays one byte (â ê ô ơ ư ă đ, and á à é ...); the other toned letters become base + combining tone mark."""
    out = bytearray()
    tones = "\u0300\u0301\u0303\u0309\u0323"
    for ch in nfc(text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        base = nfc("".join(m for m in d if m not in tones))
        out += base.encode("cp1258") + "".join(m for m in d if m in tones).encode("cp1258")
    return bytes(out)


# -- document dates and file times ---------------------------------------------------------------------------
def rezip(path: Path, edit: Callable[[str, bytes], bytes]) -> None:
    """Rewrite a zip package part by part (the ODS ``mimetype`` stays first and stored)."""
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    tmp = path.with_suffix(path.suffix + ".part")
    with zipfile.ZipFile(tmp, "w") as z:
        for info, data in items:
            z.writestr(info, edit(info.filename, data), compress_type=info.compress_type)
    tmp.replace(path)


def set_xlsx_saved(path: Path, when: dt.datetime) -> None:
    """docProps/core.xml dcterms:modified, as Excel writes it on save."""
    def edit(name, data):
        if name != "docProps/core.xml":
            return data
        return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>" + f"{when:%Y-%m-%dT%H:%M:%SZ}".encode() + rb"\2",
                      data)
    rezip(path, edit)


def set_ods_saved(path: Path, when: dt.datetime) -> None:
    """meta.xml dc:date, as LibreOffice writes it on save."""
    def edit(name, data):
        if name != "meta.xml":
            return data
        stamp = f"{when:%Y-%m-%dT%H:%M:%S}".encode()
        if b"<dc:date>" in data:
            return re.sub(rb"<dc:date>[^<]*</dc:date>", b"<dc:date>" + stamp + b"</dc:date>", data)
        return data.replace(b"</office:meta>", b"<dc:date>" + stamp + b"</dc:date></office:meta>")
    rezip(path, edit)


def set_xls_saved(path: Path, when: dt.datetime) -> None:
    """OLE SummaryInformation PIDSI_LASTSAVE_DTM (13), the FILETIME LibreOffice and Excel write on save."""
    import olefile

    ole = olefile.OleFileIO(str(path), write_mode=True)
    name = "\x05SummaryInformation"
    data = bytearray(ole.openstream(name).read())
    section = struct.unpack_from("<I", data, 44)[0]
    count = struct.unpack_from("<I", data, section + 4)[0]
    for i in range(count):
        pid, off = struct.unpack_from("<II", data, section + 8 + 8 * i)
        if pid == 13:
            vt = struct.unpack_from("<I", data, section + off)[0]
            assert vt == 64, "LastSaveTime is not a FILETIME"
            ticks = int((when - dt.datetime(1601, 1, 1)).total_seconds() * 10_000_000)
            struct.pack_into("<Q", data, section + off + 4, ticks)
            break
    else:
        raise AssertionError(f"{path.name}: no LastSaveTime in SummaryInformation")
    ole.write_stream(name, bytes(data))
    ole.close()


def set_saved(path: Path, when: dt.datetime) -> None:
    """The document's own 'last saved' date, in whatever format the file really is."""
    head = path.read_bytes()[:8]
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        set_xls_saved(path, when)
    elif zipfile.is_zipfile(path) and "meta.xml" in zipfile.ZipFile(path).namelist():
        set_ods_saved(path, when)
    else:
        set_xlsx_saved(path, when)


def set_mtime(path: Path, when: dt.datetime) -> None:
    ts = when.timestamp()
    os.utime(path, (ts, ts))


# -- the build: openpyxl now, LibreOffice in one batch per format, post-steps after -----------------------------
@dataclass
class Conversion:
    staged: Path
    fmt: str  # xls | ods | xlsx (re-saved by LibreOffice)
    final: Path
    post: list[Callable[[Path], None]]


class Build:
    def __init__(self, root: Path):
        self.root = root
        self.stage = root / "_stage"
        self.stage.mkdir(parents=True, exist_ok=True)
        self.conversions: list[Conversion] = []
        self.posts: list[tuple[Path, Callable[[Path], None]]] = []

    def save(self, wb: openpyxl.Workbook, final: Path, via: str | None = None,
             post: list[Callable[[Path], None]] | None = None) -> Path:
        """Save ``wb`` as ``final``.  ``via`` = a format LibreOffice saves it in first (the final name may carry
        another extension: that is how the wrong-extension cases are made)."""
        final.parent.mkdir(parents=True, exist_ok=True)
        if via is None:
            wb.save(final)
            for p in post or []:
                p(final)
            return final
        staged = self.stage / via / f"{uuid.uuid4().hex[:10]}.xlsx"
        staged.parent.mkdir(parents=True, exist_ok=True)
        wb.save(staged)
        self.conversions.append(Conversion(staged, via, final, list(post or [])))
        return final

    def later(self, path: Path, step: Callable[[Path], None]) -> None:
        """A step to run once every file exists (after the LibreOffice batch)."""
        self.posts.append((path, step))

    def finish(self) -> None:
        exe = shutil.which("soffice") or shutil.which("libreoffice")
        assert exe, "LibreOffice (soffice) is required to build the corpus"
        filters = {"xls": "xls:MS Excel 97", "ods": "ods", "xlsx": "xlsx:Calc MS Excel 2007 XML"}
        procs = []
        for fmt in sorted({c.fmt for c in self.conversions}):
            files = [str(c.staged) for c in self.conversions if c.fmt == fmt]
            out = self.stage / f"out-{fmt}"
            profile = self.stage / f"lo-profile-{fmt}"
            procs.append((fmt, subprocess.Popen(
                [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to",
                 filters[fmt], "--outdir", str(out), *files],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE)))
        for fmt, p in procs:
            _, err = p.communicate(timeout=240)
            assert p.returncode == 0, f"LibreOffice ({fmt}) failed: {err.decode(errors='replace')[-500:]}"
        for c in self.conversions:
            produced = self.stage / f"out-{c.fmt}" / f"{c.staged.stem}.{c.fmt}"
            assert produced.exists(), f"LibreOffice did not write {produced} for {c.final}"
            shutil.move(produced, c.final)
            for p in c.post:
                p(c.final)
        for path, step in self.posts:
            step(path)
        shutil.rmtree(self.stage, ignore_errors=True)


# -- case registries -------------------------------------------------------------------------------------------
@dataclass
class Single:
    name: str
    klass: int
    file: str
    make: Callable[[random.Random, Build, Path], Expect]
    expect: Expect | None = None
    path: Path | None = None


@dataclass
class Reg:
    """One expected register row of a merge: found by file name (or by unit for Chưa nộp)."""

    status: str
    file: str | None = None
    unit: str | None = None
    reason: str | None = None  # a substring the reasons must contain
    not_status: tuple[str, ...] = ()  # statuses it must not have (when the exact one is not pinned)


@dataclass
class MergeExpect:
    args: list[str]  # inputs and options after "merge" (the -o and --json are added by the test)
    register: list[Reg] = field(default_factory=list)
    by_unit: dict[str, dict] = field(default_factory=dict)  # unit name -> {total, done, overdue}
    counts: dict[str, int] = field(default_factory=dict)  # register status -> number of rows
    exit: int = 0
    message: tuple[str, ...] = ()  # substrings of the error message (exit 2)
    prepare: list[list[str]] = field(default_factory=list)  # CLI runs that make the folder (earlier outputs)
    why: str = ""
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # unit -> other accepted spellings


@dataclass
class Folder:
    name: str
    klass: int
    make: Callable[[random.Random, Build, Path], MergeExpect]
    expect: MergeExpect | None = None
    path: Path | None = None


SINGLES: list[Single] = []
FOLDERS: list[Folder] = []


def single(klass: int, file: str):
    def deco(fn):
        SINGLES.append(Single(fn.__name__.removeprefix("case_").replace("_", "-"), klass, file, fn))
        return fn
    return deco


def folder(klass: int):
    def deco(fn):
        FOLDERS.append(Folder(fn.__name__.removeprefix("folder_").replace("_", "-"), klass, fn))
        return fn
    return deco


def build_corpus(root: Path) -> tuple[list[Single], list[Folder]]:
    b = Build(root)
    for c in SINGLES:
        c.path = root / "single" / c.file
        c.expect = c.make(rng_for(c.name), b, c.path)
    for f in FOLDERS:
        f.path = root / "folders" / f.name
        f.path.mkdir(parents=True, exist_ok=True)
        f.expect = f.make(rng_for(f.name), b, f.path)
    b.finish()
    return SINGLES, FOLDERS


def base(rng: random.Random, unit: str | None = None, n: int = 14, **meta) -> tuple[Meta, list[T]]:
    m = Meta(unit=unit or rng.choice(COMMUNES), author=rng.choice(AUTHORS),
             plan_number=f"{rng.randint(2, 40):02d}/KH-UBND", **meta)
    m.plan_date = dt.date(m.year, 1, rng.randint(8, 28))
    return m, gen_tasks(rng, n, m.year)


# ==============================================================================================================
# 1. Status meaning (decisions §1)
# ==============================================================================================================
def _status_case(rng, b, path, variants, via=None, extra_canonical=4, unit=None) -> Expect:
    """Tasks whose Tiến độ holds ``variants`` [(cell, meaning, code)] plus a few canonical ones."""
    m, tasks = base(rng, unit, n=len(variants) + extra_canonical)
    order = list(range(len(tasks)))
    rng.shuffle(order)
    present, absent = [], []
    chosen = order[:len(variants)]
    for i, (cell, meaning, _code) in zip(chosen, variants, strict=True):
        set_status(rng, tasks[i], meaning, cell)
    wb = new_book(m)
    fill(wb["Nhiệm vụ"], tasks)
    for i, (_cell, meaning, code) in zip(chosen, variants, strict=True):
        ref = f"K{tasks[i].row}"
        if code == "status-approx":
            present.append(F("status-approx", ref, "Nhiệm vụ", text=(f"đã hiểu là '{meaning}'",)))
            absent.append(F("invalid-status", ref))
        elif code == "invalid-status":
            present.append(F("invalid-status", ref, "Nhiệm vụ"))
        elif code == "status-missing":
            present.append(F("status-missing", ref, "Nhiệm vụ"))
            absent.append(F("invalid-status", ref))
        else:  # exact canonical spelling: no finding at all on that cell
            absent += [F("status-approx", ref), F("invalid-status", ref), F("status-missing", ref)]
    b.save(wb, path, via)
    errors = any(code == "invalid-status" for _, _, code in variants)
    return Expect(1 if errors else 0, m, tasks, present, absent)


@single(1, "xa-trang-thai-hoan-thanh.xlsx")
def case_status_done_spellings(rng, b, path):
    a = "status-approx"
    return _status_case(rng, b, path, [
        ("Đã hoàn thành", DONE, a), ("Hoàn thành 100%", DONE, a), ("100%", DONE, a), ("Đã thực hiện", DONE, a),
        ("Đã xong", DONE, a), ("Xong", DONE, a), ("Đã thực hiện xong", DONE, a), ("hoan thanh", DONE, a),
        ("HT", DONE, a), (1, DONE, a), (100, DONE, a), ("Hoan Thanh", DONE, a)])


@single(1, "xa-trang-thai-dang-thuc-hien.xlsx")
def case_status_in_progress_spellings(rng, b, path):
    a = "status-approx"
    return _status_case(rng, b, path, [
        ("Đang thực hiện (đạt 70%)", DOING, a), ("đang triển khai", DOING, a), ("Đang làm", DOING, a),
        ("50%", DOING, a), ("Đạt 60%", DOING, a), ("Hoàn thành 80%", DOING, a), ("Đã thực hiện được 60%", DOING, a),
        ("Hoàn thành một phần", DOING, a), ("Đang tiếp tục thực hiện", DOING, a), (0.7, DOING, a), (45, DOING, a),
        ("Đang thực hiện, đạt khoảng 40%", DOING, a)], via="xlsx")


@single(1, "xa-trang-thai-phu-dinh.xlsx")
def case_status_negations_not_started_cancelled(rng, b, path):
    """'Chưa hoàn thành'/'chưa xong' are read as in progress, and the message must tell the clerk to pick
    'Chưa thực hiện' if nothing has started (decisions §1)."""
    a = "status-approx"
    exp = _status_case(rng, b, path, [
        ("Chưa hoàn thành", DOING, a), ("chưa xong", DOING, a), ("chưa thực hiện xong", DOING, a),
        ("CHƯA HOÀN THÀNH", DOING, a), ("Chưa triển khai", TODO, a), ("Chưa làm", TODO, a), ("0%", TODO, a),
        ("Chưa", TODO, a), (0, TODO, a), ("Hủy", DROPPED, a), ("Không triển khai", DROPPED, a),
        ("Dừng thực hiện", DROPPED, a), ("Huỷ", DROPPED, a)])
    for f in exp.present:
        t = next(t for t in exp.tasks if f"K{t.row}" == f.cell)
        if isinstance(t.cell_status, str) and t.cell_status.lower().startswith("chưa") and t.status == DOING:
            f.text = (*f.text, "Chưa thực hiện")
    return exp


@single(1, "xa-trang-thai-mo-ho.xlsx")
def case_status_ambiguous(rng, b, path):
    i = "invalid-status"
    return _status_case(rng, b, path, [
        ("Tạm dừng", None, i), ("Cơ bản hoàn thành", None, i), ("Không hoàn thành", None, i),
        ("Đang hoàn thiện hồ sơ?", None, i), ("x", None, i), ("OK", None, i), (dt.datetime(2025, 5, 20), None, i),
        ("Hoàn thành/Chưa hoàn thành", None, i), ("Đã xong", DONE, "status-approx")])


@single(1, "xa-trang-thai-dung-chuan.ods")
def case_status_exact_forms_and_blanks(rng, b, path):
    """Case, spaces and NFD are not spelling mistakes (no finding); a blank is Chưa thực hiện + status-missing."""
    ok = "exact"
    return _status_case(rng, b, path, [
        ("hoàn thành", DONE, ok), ("HOÀN THÀNH", DONE, ok), ("  Đang thực hiện ", DOING, ok),
        ("Chưa  thực hiện", TODO, ok), (unicodedata.normalize("NFD", "Hoàn thành"), DONE, ok),
        (unicodedata.normalize("NFD", "Không thực hiện"), DROPPED, ok), ("đang thực hiện", DOING, ok),
        (None, TODO, "status-missing"), (None, TODO, "status-missing")], via="ods")


# ==============================================================================================================
# 2. Header ambiguity: an exact header beats a near one; each column is claimed once (decisions §4)
# ==============================================================================================================
def _extra_column(rng, b, path, before: str, header: str, values: Callable[[T], object], via=None) -> Expect:
    m, tasks = base(rng, n=13)
    wb = new_book(m)
    ws = wb["Nhiệm vụ"]
    col = insert_column(ws, before, header)
    fill(ws, tasks)
    for t in tasks:
        ws[f"{col}{t.row}"] = values(t)
    b.save(wb, path, via)
    status_col = letter(ws, "status")
    present = [F("unmapped-column", f"{col}{HEADER_ROW}", "Nhiệm vụ")]
    absent = [F("unmapped-column", f"{letter(ws, k)}{HEADER_ROW}") for k in KEYS]
    absent += [F("status-approx", f"{status_col}{t.row}") for t in tasks]
    absent += [F("invalid-status"), F("done-no-result"), F("done-no-evidence"), F("missing-column")]
    return Expect(0, m, tasks, present, absent, why=f"extra column '{header}' at {col}")


def _pct(t: T):
    """What a clerk types in a helper '%' column: numbers that disagree with the status on purpose."""
    return {DONE: 90, DOING: 100, TODO: 50, DROPPED: 0}[t.status]


@single(2, "xa-ghi-chu-2-ben-phai.xlsx")
def case_header_ghi_chu_2_right(rng, b, path):
    return _extra_column(rng, b, path, "P", "Ghi chú 2", lambda t: "Đã báo cáo Đảng ủy" if t.status == DONE else "")


@single(2, "xa-ghi-chu-2-ben-trai.xlsx")
def case_header_ghi_chu_2_left(rng, b, path):
    return _extra_column(rng, b, path, "O", "Ghi chú (2)", lambda t: "Bổ sung minh chứng sau" if t.status else "",
                         via="xlsx")


@single(2, "xa-tien-do-phan-tram-trai.xlsx")
def case_header_tien_do_pct_left(rng, b, path):
    return _extra_column(rng, b, path, "K", "Tiến độ (%)", _pct)


@single(2, "xa-tien-do-phan-tram-phai.ods")
def case_header_tien_do_pct_right(rng, b, path):
    return _extra_column(rng, b, path, "L", "Tiến độ %", lambda t: _pct(t) / 100, via="ods")


@single(2, "xa-hai-cot-ket-qua.xls")
def case_header_second_ket_qua(rng, b, path):
    """A 'Kết quả' column after Kết quả thực hiện, empty on done rows: if it took the result field, every done
    task would lose its result (done-no-result)."""
    return _extra_column(rng, b, path, "M", "Kết quả",
                         lambda t: "" if t.status == DONE else ("Chưa đạt" if t.status == TODO else "Đạt một phần"),
                         via="xls")


# ==============================================================================================================
# 3. Where the table ends: footers, signature blocks, dragged dropdowns
# ==============================================================================================================
def _footer(ws, r: int, n_tasks: int, style: int) -> int:
    """Write a footer from row r the way clerks do; returns the last row written."""
    if style == 0:
        ws[f"A{r}"] = f"Tổng cộng: {n_tasks} nhiệm vụ"
        ws.merge_cells(f"A{r}:C{r}")
        ws[f"L{r}"] = f"Hoàn thành {max(1, n_tasks // 3)}/{n_tasks}"
        ws[f"A{r + 2}"] = "Ghi chú: Số liệu tính đến hết ngày 30/6/2025; các nhiệm vụ thường xuyên tiếp tục thực hiện."
        ws.merge_cells(f"A{r + 2}:O{r + 2}")
        rows = [("Nơi nhận:", "NGƯỜI LẬP BIỂU", "TM. ỦY BAN NHÂN DÂN"), ("- Như trên;", "", "CHỦ TỊCH"),
                ("- Lưu: VT.", "(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)"), ("", "", ""), ("", "", ""),
                ("", "Nguyễn Thị Hà", "Trần Văn Quyết")]
        start = r + 4
    else:
        ws[f"B{r}"] = "Tổng cộng"
        ws[f"L{r}"] = f"{n_tasks} nhiệm vụ"
        rows = [("", "Người lập biểu", "KT. CHỦ TỊCH"), ("", "(ký, ghi rõ họ tên)", "PHÓ CHỦ TỊCH"), ("", "", ""),
                ("", "Lê Thị Thu Hằng", "Phạm Văn Đông")]
        start = r + 2
    for i, (left, mid, right) in enumerate(rows):
        rr = start + i
        if left:
            ws[f"A{rr}"] = left
        if mid:
            ws[f"C{rr}"] = mid
        if right:
            ws[f"L{rr}"] = right
            ws.merge_cells(f"L{rr}:O{rr}")
    return start + len(rows) - 1


@single(3, "xa-chu-ky-cuoi-bang.xlsx")
def case_end_footer_signature(rng, b, path):
    m, tasks = base(rng, n=15)
    wb = new_book(m)
    ws = wb["Nhiệm vụ"]
    fill(ws, tasks)
    first = tasks[-1].row + 2  # one blank row, then the footer
    _footer(ws, first, len(tasks), 0)
    b.save(wb, path)
    return Expect(0, m, tasks, [F("below-table", row=first, sheet="Nhiệm vụ")], [F("required")],
                  exactly={"below-table": 1, "rows-ignored": 0})


@single(3, "xa-keo-tien-do-den-305.xlsx")
def case_end_dragged_status(rng, b, path):
    """The clerk dragged 'Chưa thực hiện' from the last task down to row 305 (the end of the dropdown range)."""
    m, tasks = base(rng, n=14)
    wb = new_book(m)
    ws = wb["Nhiệm vụ"]
    fill(ws, tasks)
    first = tasks[-1].row + 1
    for r in range(first, TEMPLATE_LAST_ROW + 1):
        ws[f"K{r}"] = TODO
    b.save(wb, path)
    return Expect(0, m, tasks, [F("rows-ignored", row=first, sheet="Nhiệm vụ")], [F("required")],
                  exactly={"rows-ignored": 1})


@single(3, "xa-keo-chi-so-va-dong-trong.xls")
def case_end_dragged_index_and_gap(rng, b, path):
    """Index and sub-content labels dragged down to 305, and inside the table a row whose task text was deleted
    but whose Tiến độ stayed: two separate blocks, two rows-ignored findings."""
    m, tasks = base(rng, n=16)
    rows = list(range(FIRST_ROW, FIRST_ROW + 8)) + list(range(FIRST_ROW + 9, FIRST_ROW + 17))
    wb = new_book(m)
    ws = wb["Nhiệm vụ"]
    fill(ws, tasks, rows)
    gap = FIRST_ROW + 8
    ws[f"K{gap}"] = DOING
    ws[f"B{gap}"] = INDEX_LABEL[tasks[7].index]
    first = rows[-1] + 1
    for r in range(first, TEMPLATE_LAST_ROW + 1):
        ws[f"B{r}"] = INDEX_LABEL[tasks[-1].index]
        ws[f"C{r}"] = SUB_LABEL[tasks[-1].sub]
    b.save(wb, path, "xls")
    return Expect(0, m, tasks, [F("rows-ignored", row=gap, sheet="Nhiệm vụ"),
                                F("rows-ignored", row=first, sheet="Nhiệm vụ")],
                  [F("required"), F("unknown-index")], exactly={"rows-ignored": 2})


@single(3, "xa-keo-roi-ky-ten.xlsx")
def case_end_dragged_then_signature(rng, b, path):
    m, tasks = base(rng, n=12)
    wb = new_book(m)
    ws = wb["Nhiệm vụ"]
    fill(ws, tasks)
    first = tasks[-1].row + 1
    for r in range(first, 121):
        ws[f"K{r}"] = TODO
        ws[f"F{r}"] = "UBND xã"
    _footer(ws, 123, len(tasks), 1)
    b.save(wb, path, "xlsx")
    return Expect(0, m, tasks, [F("rows-ignored", row=first, sheet="Nhiệm vụ"),
                                F("below-table", row=123, sheet="Nhiệm vụ")],
                  [F("required")], exactly={"rows-ignored": 1, "below-table": 1})


@single(3, "xa-tong-cong-sat-bang.xls")
def case_end_footer_no_blank_line(rng, b, path):
    """'Tổng cộng' written in the Chỉ số column right under the last task, signature in lower case."""
    m, tasks = base(rng, n=11)
    wb = new_book(m)
    ws = wb["Nhiệm vụ"]
    fill(ws, tasks)
    first = tasks[-1].row + 1
    _footer(ws, first, len(tasks), 1)
    b.save(wb, path, "xls")
    return Expect(0, m, tasks, [F("below-table", row=first, sheet="Nhiệm vụ")],
                  [F("required"), F("unknown-index")], exactly={"below-table": 1, "rows-ignored": 0})


# ==============================================================================================================
# 4. Merged cells in any column (Word-style plans pasted into the sheet)
# ==============================================================================================================
def _merged_case(rng, b, path, plan: list[tuple[str, int, int]], via=None, implied_due_rows=()) -> Expect:
    """``plan``: (field, first task index, number of rows) merges; every task of a merged block carries the
    block's value (lead unit, coordinating unit, timeline, output)."""
    m, tasks = base(rng, n=15)
    for key, i0, n in plan:
        top = tasks[i0]
        for t in tasks[i0:i0 + n]:
            if key == "lead":
                t.lead, t.lead_abbr = top.lead, top.lead_abbr
            elif key == "coord":
                t.coord = top.coord
            elif key == "output":
                t.output = top.output
            elif key == "timeline":
                t.timeline, t.due, t.write_due = top.timeline, top.due, top.write_due
    for i0, n, text, due in implied_due_rows:  # timeline merged and J left empty: the due date comes from H
        for t in tasks[i0:i0 + n]:
            t.timeline, t.due, t.write_due = text, due, False
    wb = new_book(m)
    ws = wb["Nhiệm vụ"]
    fill(ws, tasks)
    absent = []
    for key, i0, n in plan:
        merge_down(ws, key, tasks[i0].row, tasks[i0 + n - 1].row)
        if key == "lead":
            absent += [F("required", f"F{t.row}") for t in tasks[i0 + 1:i0 + n]]
            absent += [F("unknown-unit", f"F{t.row}") for t in tasks[i0 + 1:i0 + n]]
    for i0, n, _, _ in implied_due_rows:
        merge_down(ws, "timeline", tasks[i0].row, tasks[i0 + n - 1].row)
        absent += [F("timeline-unparsed", f"H{t.row}") for t in tasks[i0:i0 + n]]
    b.save(wb, path, via)
    return Expect(0, m, tasks, [], absent + [F("required")])


@single(4, "xa-gop-o-don-vi.xlsx")
def case_merged_lead_and_coord(rng, b, path):
    return _merged_case(rng, b, path, [("lead", 0, 3), ("lead", 5, 2), ("coord", 8, 4), ("lead", 10, 5)])


@single(4, "xa-gop-o-thoi-gian.xlsx")
def case_merged_timeline_implied_due(rng, b, path):
    """H merged over 5 rows with Hạn hoàn thành empty: each row is due 31/3 (Quý I) and overdue if open."""
    return _merged_case(rng, b, path, [("output", 6, 2), ("lead", 6, 2)],
                        implied_due_rows=[(0, 5, "Quý I năm 2025", dt.date(2025, 3, 31)),
                                          (9, 3, "Tháng 4 năm 2025", dt.date(2025, 4, 30))])


@single(4, "xa-gop-o-tu-word.xlsx")
def case_merged_everything_libreoffice(rng, b, path):
    return _merged_case(rng, b, path, [("lead", 0, 4), ("coord", 0, 4), ("output", 0, 2), ("timeline", 4, 3),
                                       ("lead", 7, 3), ("coord", 11, 4), ("output", 12, 3)], via="xlsx")


@single(4, "xa-gop-o-97-2003.xls")
def case_merged_xls(rng, b, path):
    return _merged_case(rng, b, path, [("lead", 2, 5), ("coord", 2, 5), ("lead", 9, 2)], via="xls",
                        implied_due_rows=[(11, 4, "6 tháng đầu năm 2025", dt.date(2025, 6, 30))])


# ==============================================================================================================
# 5. Old fonts: TCVN3 (.VnTime) and VNI text
# ==============================================================================================================
LEGACY_LEADS = [("Công chức Văn phòng - Thống kê", "VP-TK"), ("Công an xã", "CA xã"),
                ("Công chức Tư pháp - Hộ tịch", "TP-HT"), ("Công chức Văn hóa - Xã hội", "VH-XH"),
                ("Công chức Địa chính - Xây dựng", "ĐC-XD"), ("Trạm Y tế xã", "TYT"), ("Ban Thanh tra nhân dân",
                                                                                        "Ban TTND")]


def _legacy_case(rng, b, path, enc: Callable[[str], str], unit: str, rows_legacy: int | None, via=None) -> Expect:
    m, tasks = base(rng, unit=unit, n=12)
    m.w["unit"] = enc(unit)
    legacy = tasks if rows_legacy is None else tasks[:rows_legacy]
    for t in legacy:
        t.lead, t.lead_abbr = rng.choice(LEGACY_LEADS)
        t.w["lead"] = enc(t.lead)
        t.w["sub"] = enc(SUB_LABEL[t.sub])
        try:
            t.w["task"] = enc(t.task)
        except ValueError:  # a task text with an uppercase toned letter stays in Unicode (pasted from elsewhere)
            pass
    wb = new_book(m)
    fill(wb["Nhiệm vụ"], tasks)
    b.save(wb, path, via)
    present = [F("legacy-encoding", "B3", "Thông tin"), F("legacy-encoding", sheet="Nhiệm vụ")]
    absent = [F("unknown-unit", f"F{t.row}") for t in legacy] + [F("unknown-sub"), F("sub-mismatch")]
    return Expect(0, m, tasks, present, absent, subs=True)


@single(5, "xa-tcvn3.xlsx")
def case_legacy_tcvn3(rng, b, path):
    return _legacy_case(rng, b, path, tcvn3, "Xã Trung Trắc", None)


@single(5, "xa-vni.xlsx")
def case_legacy_vni(rng, b, path):
    return _legacy_case(rng, b, path, vni, "Xã Lạc Hồng", None)


@single(5, "xa-tcvn3-cu.xls")
def case_legacy_tcvn3_xls(rng, b, path):
    return _legacy_case(rng, b, path, tcvn3, "Xã Đại Đồng", 6, via="xls")


@single(5, "xa-vni-tron-unicode.xlsx")
def case_legacy_vni_mixed(rng, b, path):
    return _legacy_case(rng, b, path, vni, "Xã Mễ Sở", 5, via="xlsx")


# ==============================================================================================================
# 6. Wrong extension: read by content, format-mismatch Cảnh báo, never "corrupt"
# ==============================================================================================================
def _wrong_ext(rng, b, path, via) -> Expect:
    m, tasks = base(rng, n=10)
    wb = new_book(m)
    fill(wb["Nhiệm vụ"], tasks)
    b.save(wb, path, via)
    return Expect(0, m, tasks, [F("format-mismatch")], [])


@single(6, "xa-xls-doi-ten.xlsx")
def case_ext_xls_named_xlsx(rng, b, path):
    return _wrong_ext(rng, b, path, "xls")


@single(6, "xa-xlsx-doi-ten.xls")
def case_ext_xlsx_named_xls(rng, b, path):
    return _wrong_ext(rng, b, path, None)


@single(6, "xa-ods-doi-ten.xlsx")
def case_ext_ods_named_xlsx(rng, b, path):
    return _wrong_ext(rng, b, path, "ods")


@single(6, "xa-xls-doi-ten.ods")
def case_ext_xls_named_ods(rng, b, path):
    return _wrong_ext(rng, b, path, "xls")


# ==============================================================================================================
# 7. Two task sheets
# ==============================================================================================================
def _two_sheets(rng, b, path, copy_name: str, differ: bool, via=None) -> Expect:
    m, tasks = base(rng, n=12)
    wb = new_book(m)
    ws = wb["Nhiệm vụ"]
    fill(ws, tasks)
    cp = wb.copy_worksheet(ws)
    cp.title = copy_name
    wb.move_sheet(cp, offset=wb.sheetnames.index("Nhiệm vụ") + 1 - wb.sheetnames.index(copy_name))
    if differ:  # the clerk updated progress in the copy only
        for t in tasks[:4]:
            if t.status != DONE:
                cp[f"K{t.row}"] = DOING
                cp[f"L{t.row}"] = "Cập nhật tháng 6: đang triển khai."
    b.save(wb, path, via)
    if differ:
        return Expect(1, m, tasks, [F("conflicting-sheets", text=(copy_name,))], [F("duplicate-sheet")],
                      check=("total",), leads=False,
                      why="the copy differs: which sheet counts is the clerk's choice, only the total is fixed")
    return Expect(0, m, tasks, [F("duplicate-sheet", text=(copy_name,))], [F("conflicting-sheets")],
                  exactly={"duplicate-sheet": 1})


@single(7, "xa-hai-sheet-giong.xlsx")
def case_sheets_identical_copy_excel(rng, b, path):
    return _two_sheets(rng, b, path, "Nhiệm vụ (2)", False)


@single(7, "xa-hai-sheet-giong-lo.ods")
def case_sheets_identical_copy_libreoffice(rng, b, path):
    return _two_sheets(rng, b, path, "Nhiệm vụ_2", False, via="ods")


@single(7, "xa-hai-sheet-khac.xlsx")
def case_sheets_conflicting_copy(rng, b, path):
    return _two_sheets(rng, b, path, "Nhiệm vụ (2)", True)


# ==============================================================================================================
# 8. Reporting period and the default cut-off (decisions §3)
# ==============================================================================================================
def _period_case(rng, b, path, period: str, year: int, cutoff: dt.date | None = None, via=None) -> Expect:
    """Open tasks due 31/3, 30/6, 30/9 and 31/12: the cut-off decides which are overdue (due < cut-off)."""
    m = Meta(unit=rng.choice(COMMUNES), year=year, period=period, cutoff=cutoff, author=rng.choice(AUTHORS),
             plan_number=f"{rng.randint(2, 40):02d}/KH-UBND", plan_date=dt.date(year, 1, 15))
    tasks = gen_tasks(rng, 14, year, latest=dt.date(year, 6, 28))
    dues = [dt.date(year, 3, 31), dt.date(year, 6, 30), dt.date(year, 9, 30), dt.date(year, 12, 31),
            dt.date(year, 8, 15)]
    for i, t in enumerate(tasks[:10]):
        t.due, t.write_due = dues[i % len(dues)], True
        t.timeline = f"Trước ngày {t.due.day}/{t.due.month}/{year}"
        if t.status in (DONE, DROPPED) and i < 8:
            set_status(rng, t, rng.choice([DOING, TODO]), year=year)
    wb = new_book(m)
    fill(wb["Nhiệm vụ"], tasks)
    b.save(wb, path, via)
    present = [] if cutoff else [F("meta-missing", "B9", "Thông tin")]
    return Expect(0 if cutoff else 1, m, tasks, present, [F("cutoff-outside-year")],
                  why=f"Kỳ báo cáo '{period}' -> cut-off {m.default_cutoff():%d/%m/%Y}")


@single(8, "xa-ky-nam-2026.xlsx")
def case_period_nam_2026(rng, b, path):
    return _period_case(rng, b, path, "Năm 2026", 2026)


@single(8, "xa-bao-cao-nam-2016.xls")
def case_period_bao_cao_nam_2016(rng, b, path):
    return _period_case(rng, b, path, "Báo cáo năm 2016", 2016, via="xls")


@single(8, "xa-ca-nam.xlsx")
def case_period_ca_nam(rng, b, path):
    return _period_case(rng, b, path, "Cả năm", 2025)


@single(8, "xa-6-thang-dau-nam.xlsx")
def case_period_6_thang_dau_nam(rng, b, path):
    return _period_case(rng, b, path, "6 tháng đầu năm", 2025)


@single(8, "xa-sau-thang.ods")
def case_period_sau_thang(rng, b, path):
    return _period_case(rng, b, path, "Sáu tháng", 2025, via="ods")


@single(8, "xa-nua-nam.xlsx")
def case_period_nua_nam(rng, b, path):
    return _period_case(rng, b, path, "nửa năm", 2025)


@single(8, "xa-nam-chot-30-9.xlsx")
def case_period_explicit_cutoff_wins(rng, b, path):
    return _period_case(rng, b, path, "Năm", 2025, cutoff=dt.date(2025, 9, 30))


# ==============================================================================================================
# 9. Overdue agreement (decisions §2: an explicit Hạn always wins, also for Thường xuyên)
# ==============================================================================================================
@single(9, "xa-qua-han-tien-do-sai.xlsx")
def case_overdue_invalid_status(rng, b, path):
    """An ambiguous status is open: with a past Hạn the task is overdue AND invalid-status."""
    m, tasks = base(rng, n=13)
    bad = ["Tạm dừng", "Cơ bản hoàn thành", "x", "Không hoàn thành"]
    for t, cell, due in zip(tasks[:4], bad, [dt.date(2025, 3, 31), dt.date(2025, 5, 15), dt.date(2025, 4, 30),
                                             dt.date(2025, 9, 30)], strict=True):
        set_status(rng, t, None, cell)
        t.due, t.write_due, t.timeline = due, True, f"Trước ngày {due.day}/{due.month}/2025"
    wb = new_book(m)
    fill(wb["Nhiệm vụ"], tasks)
    b.save(wb, path)
    present = [F("invalid-status", f"K{t.row}", "Nhiệm vụ") for t in tasks[:4]]
    present += [F("overdue", row=t.row) for t in tasks[:3]]
    return Expect(1, m, tasks, present, [F("overdue", row=tasks[3].row)])


@single(9, "xa-thuong-xuyen-co-han.xlsx")
def case_overdue_ongoing_with_explicit_due(rng, b, path):
    m, tasks = base(rng, n=12)
    for i, t in enumerate(tasks[:8]):
        t.timeline = ["Thường xuyên", "Định kỳ, thường xuyên", "Thường xuyên", "theo nhiệm kỳ"][i % 4]
        set_status(rng, t, [DOING, TODO][i % 2])
        if i < 4:  # explicit past Hạn: overdue
            t.due, t.write_due = [dt.date(2025, 3, 31), dt.date(2025, 5, 31), dt.date(2025, 6, 15),
                                  dt.date(2025, 4, 10)][i], True
        else:  # none: never overdue
            t.due, t.write_due = None, False
    wb = new_book(m)
    fill(wb["Nhiệm vụ"], tasks)
    b.save(wb, path, "xlsx")
    present = [F("overdue", row=t.row) for t in tasks[:4]]
    absent = [F("overdue", row=t.row) for t in tasks[4:8]]
    return Expect(0, m, tasks, present, absent)


@single(9, "xa-ngay-dang-chu.xlsx")
def case_overdue_text_dates(rng, b, path):
    """Hạn and Ngày hoàn thành typed as text in several spellings, or left as bare Excel serial numbers."""
    m, tasks = base(rng, n=12)
    spellings = [lambda d: f"{d.day}/{d.month}/{d.year}", lambda d: f"{d:%d-%m-%Y}",
                 lambda d: f"ngày {d.day} tháng {d.month} năm {d.year}", lambda d: (d - dt.date(1899, 12, 30)).days,
                 lambda d: f"{d:%d/%m/%Y}", lambda d: f"{d:%d.%m.%Y}"]
    dues = [dt.date(2025, 3, 15), dt.date(2025, 3, 15), dt.date(2025, 3, 15), dt.date(2025, 3, 15),
            dt.date(2025, 9, 15), dt.date(2025, 5, 20)]
    for i, (t, sp, due) in enumerate(zip(tasks[:6], spellings, dues, strict=True)):
        set_status(rng, t, DOING if i % 2 else TODO)
        t.due, t.write_due, t.timeline = due, True, "Quý I năm 2025" if due.month == 3 else "Năm 2025"
        t.w["due"] = sp(due)
    for i, t in enumerate(tasks[6:10]):
        set_status(rng, t, DONE)
        t.w["done"] = spellings[i](t.done)
    wb = new_book(m)
    fill(wb["Nhiệm vụ"], tasks)
    b.save(wb, path)
    present = [F("overdue", row=t.row) for t in tasks[:6] if t.overdue(m.default_cutoff())]
    absent = [F("invalid-date", f"J{t.row}") for t in tasks[:6]] + [F("invalid-date", f"N{t.row}") for t in tasks[6:10]]
    absent += [F("done-no-date")]
    return Expect(0, m, tasks, present, absent)


# ==============================================================================================================
# 10. Pasted labels (index / sub-content written without the catalog's numbering, or in national PAPI wording)
# ==============================================================================================================
def _labels_case(rng, b, path, index_w: Callable[[str], str | None], sub_w: Callable[[str], str | None],
                 via=None) -> Expect:
    m, tasks = base(rng, n=14)
    present, absent = [], []
    wb = new_book(m)
    for t in tasks:
        iw, sw = index_w(t.index), sub_w(t.sub)
        if iw is not None:
            t.w["index"] = iw
        if sw is not None:
            t.w["sub"] = sw
    fill(wb["Nhiệm vụ"], tasks)
    for t in tasks:
        if "index" in t.w:
            present.append(F("index-approx", f"B{t.row}", "Nhiệm vụ"))
        if "sub" in t.w:
            present.append(F("sub-approx", f"C{t.row}", "Nhiệm vụ"))
    absent += [F("unknown-index"), F("unknown-sub"), F("sub-mismatch")]
    b.save(wb, path, via)
    return Expect(0, m, tasks, present, absent, subs=True)


PAPI_WORDING = {"1": "Tham gia của người dân ở cấp cơ sở", "3": "Công khai, minh bạch trong việc ra quyết định ở địa phương"}


@single(10, "xa-nhan-khong-so.xlsx")
def case_labels_without_numbering(rng, b, path):
    return _labels_case(rng, b, path, lambda i: INDEX_NAME[i], lambda s: SUB_NAME[s])


@single(10, "xa-nhan-papi-toan-quoc.xlsx")
def case_labels_national_papi(rng, b, path):
    return _labels_case(rng, b, path, lambda i: PAPI_WORDING.get(i, INDEX_NAME[i]),
                        lambda s: f"{s.split('.')[1]}. {SUB_NAME[s]}" if s.endswith(("a", "c")) else None,
                        via="xlsx")


@single(10, "xa-nhan-chu-hoa.ods")
def case_labels_upper_case_pasted(rng, b, path):
    return _labels_case(rng, b, path, lambda i: INDEX_NAME[i].upper() if int(i) % 2 else None,
                        lambda s: SUB_NAME[s] if s.endswith("b") else None, via="ods")


# ==============================================================================================================
# 11. Kitchen sinks: several damages in one file, saved by LibreOffice
# ==============================================================================================================
@single(11, "xa-tong-hop-loi-1.xls")
def case_kitchen_legacy_drag_status_merge(rng, b, path):
    """TCVN3 leads + understood statuses + merged lead cells + Tiến độ dragged to 305, saved as Excel 97-2003."""
    m, tasks = base(rng, n=14)
    for t in tasks[:4]:
        t.lead, t.lead_abbr = rng.choice(LEGACY_LEADS)
        t.w["lead"] = tcvn3(t.lead)
    for t in tasks[5:8]:
        t.lead, t.lead_abbr = tasks[5].lead, tasks[5].lead_abbr
    variants = [("Đã xong", DONE), ("50%", DOING), ("chưa xong", DOING), ("Hủy", DROPPED)]
    for t, (cell, meaning) in zip(tasks[8:12], variants, strict=True):
        set_status(rng, t, meaning, cell)
    wb = new_book(m)
    ws = wb["Nhiệm vụ"]
    fill(ws, tasks)
    merge_down(ws, "lead", tasks[5].row, tasks[7].row)
    first = tasks[-1].row + 1
    for r in range(first, TEMPLATE_LAST_ROW + 1):
        ws[f"K{r}"] = TODO
    b.save(wb, path, "xls")
    present = [F("legacy-encoding", sheet="Nhiệm vụ"), F("rows-ignored", row=first)]
    present += [F("status-approx", f"K{t.row}") for t in tasks[8:12]]
    return Expect(0, m, tasks, present, [F("required"), F("invalid-status")], exactly={"rows-ignored": 1})


@single(11, "xa-tong-hop-loi-2.ods")
def case_kitchen_header_footer_labels_dates(rng, b, path):
    """'Ghi chú 2' column + pasted labels + text dates + signature block, saved as .ods."""
    m, tasks = base(rng, n=13)
    for t in tasks[:5]:
        t.w["index"] = INDEX_NAME[t.index]
    for t in tasks[5:9]:
        set_status(rng, t, DOING)
        t.due, t.write_due = dt.date(2025, 4, 15), True
        t.w["due"] = "15/4/2025" if t is tasks[5] else "ngày 15 tháng 4 năm 2025"
    wb = new_book(m)
    ws = wb["Nhiệm vụ"]
    insert_column(ws, "P", "Ghi chú 2")
    fill(ws, tasks)
    for t in tasks[::3]:
        ws[f"P{t.row}"] = "Đề nghị cấp trên hỗ trợ kinh phí"
    first = tasks[-1].row + 2
    _footer(ws, first, len(tasks), 0)
    b.save(wb, path, "ods")
    present = [F("unmapped-column", "P4"), F("below-table", row=first)]
    present += [F("index-approx", f"B{t.row}") for t in tasks[:5]]
    present += [F("overdue", row=t.row) for t in tasks[5:9]]
    return Expect(0, m, tasks, present, [F("required"), F("invalid-date"), F("unmapped-column", "O4")],
                  exactly={"below-table": 1})


@single(11, "xa-tong-hop-loi-3.xlsx")
def case_kitchen_xls_renamed_duplicate_sheet_period(rng, b, path):
    """An .xls renamed .xlsx, with an identical 'Nhiệm vụ (2)', Kỳ 'Cả năm' and no cut-off, and VNI unit name."""
    m, tasks = base(rng, unit="Xã Tân Quang", n=12, period="Cả năm", cutoff=None)
    m.w["unit"] = vni(m.unit)
    for t in tasks[:3]:
        set_status(rng, t, DOING, "Đang thực hiện (đạt 70%)")
    wb = new_book(m)
    ws = wb["Nhiệm vụ"]
    fill(ws, tasks)
    cp = wb.copy_worksheet(ws)
    cp.title = "Nhiệm vụ (2)"
    b.save(wb, path, "xls")
    present = [F("format-mismatch"), F("duplicate-sheet", text=("Nhiệm vụ (2)",)), F("meta-missing", "B9"),
               F("legacy-encoding", "B3", "Thông tin")]
    present += [F("status-approx", f"K{t.row}") for t in tasks[:3]]
    return Expect(1, m, tasks, present, [F("conflicting-sheets")])


# ==============================================================================================================
# 18. Sweep of returned-workbook damage (sweep-returns): split rows, merged status, status marks, sub-totals,
#     dates with a time or an apostrophe, and layouts that already read right (hidden rows, swapped columns)
# ==============================================================================================================
@single(4, "xa-dan-bang-word-tach-dong.xlsx")
def case_sweep_word_paste_split_rows(rng, b, path):
    """A Word table pasted into Excel: a task cell of two paragraphs becomes two rows and every other cell of
    the row (TT, Tiến độ, Đơn vị...) is merged over both.  One task, not two (the second is not 'not started')."""
    m, tasks = base(rng, n=9)
    split = (1, 5)
    rows, r = [], FIRST_ROW
    for i in range(len(tasks)):
        rows.append(r)
        r += 2 if i in split else 1
    wb = new_book(m)
    ws = wb["Nhiệm vụ"]
    fill(ws, tasks, rows)
    present = []
    for i in split:
        t = tasks[i]
        ws[f"D{t.row + 1}"] = "- Báo cáo kết quả thực hiện về UBND xã."
        for col in "ABCEFGHIJKLMNO":
            ws.merge_cells(f"{col}{t.row}:{col}{t.row + 1}")
        present.append(F("rows-joined", f"D{t.row + 1}", "Nhiệm vụ"))
    b.save(wb, path, "xlsx")
    return Expect(0, m, tasks, present, [F("status-missing"), F("required")], exactly={"rows-joined": 2},
                  why="rows of one task split by a Word paste are joined")


@single(4, "xa-gop-o-tien-do.xlsx")
def case_sweep_merged_status_over_tasks(rng, b, path):
    """Tiến độ, Kết quả, Minh chứng and Ngày hoàn thành merged over three tasks done by one document: each is
    done (not 'Hoàn thành' once and 'Chưa thực hiện' twice)."""
    m, tasks = base(rng, n=11)
    group = tasks[3:6]
    set_status(rng, group[0], DONE)
    for t in group[1:]:
        set_status(rng, t, DONE)
        t.result, t.evidence, t.done = group[0].result, group[0].evidence, group[0].done
    wb = new_book(m)
    ws = wb["Nhiệm vụ"]
    fill(ws, tasks)
    for col in "KLMN":
        ws.merge_cells(f"{col}{group[0].row}:{col}{group[-1].row}")
    b.save(wb, path, "xlsx")
    absent = [F(code, f"{c}{t.row}") for t in group[1:] for code, c in
              (("status-missing", "K"), ("done-no-result", "L"), ("done-no-evidence", "M"), ("done-no-date", "N"))]
    return Expect(0, m, tasks, [], absent + [F("rows-joined")], why="a merged status applies to each task it covers")


def _marks_case(rng, b, path, two_rows: bool, via=None) -> Expect:
    """Tiến độ as an 'x' under columns named Hoàn thành / Đang thực hiện / Chưa thực hiện (a task with no mark,
    here the cancelled ones, or two marks, is not guessed: invalid-status and Chưa xác định)."""
    m, tasks = base(rng, n=12)
    wb = new_book(m)
    ws = wb["Nhiệm vụ"]
    insert_column(ws, "L", "Đang thực hiện")
    insert_column(ws, "M", "Chưa thực hiện")
    if two_rows:
        ws["K4"], ws["L4"], ws["M4"] = "Tiến độ", None, None
        ws.merge_cells("K4:M4")
        ws["K5"], ws["L5"], ws["M5"] = "Hoàn thành", "Đang thực hiện", "Chưa thực hiện"
        for c in "ABCDEFGHIJNOPQ":
            ws[f"{c}5"] = None
            ws.merge_cells(f"{c}4:{c}5")
    else:
        ws["K4"] = "Hoàn thành"
    fill(ws, tasks)
    col = {DONE: "K", DOING: "L", TODO: "M", DROPPED: None}
    present, twice = [F("status-marks", "K4", "Nhiệm vụ")], tasks[-1]
    for t in tasks:
        ws[f"K{t.row}"] = None
        if col[t.status]:
            ws[f"{col[t.status]}{t.row}"] = "x" if t.row % 2 else "✓"
        else:  # no column for 'Không thực hiện': no mark, not guessed
            t.status = None
            present.append(F("invalid-status", f"K{t.row}", "Nhiệm vụ"))
    if twice.status is not None:  # marked in two columns
        other = "L" if col[twice.status] != "L" else "K"
        ws[f"{other}{twice.row}"] = "x"
        twice.status = None
        present.append(F("invalid-status", f"K{twice.row}", "Nhiệm vụ"))
    b.save(wb, path, via)
    absent = [F("status-missing"), F("unmapped-column", "L4"), F("unmapped-column", "M4")]
    return Expect(1, m, tasks, present, absent, why="status read from the column holding the mark")


@single(1, "xa-tien-do-danh-dau-x.xlsx")
def case_sweep_status_marks(rng, b, path):
    return _marks_case(rng, b, path, False)


@single(1, "xa-tien-do-danh-dau-hai-dong.ods")
def case_sweep_status_marks_two_row_header(rng, b, path):
    return _marks_case(rng, b, path, True, via="ods")


@single(3, "xa-cong-tung-chi-so.xlsx")
def case_sweep_subtotal_per_index(rng, b, path):
    """'Cộng chỉ số 1' rows inserted after each index's tasks (TT..Nội dung merged, a count in Nhiệm vụ and
    'done/total' in Tiến độ): lines inside the table, not tasks."""
    m, tasks = base(rng, n=12)
    rows, r, subs = [], FIRST_ROW, []
    for i, t in enumerate(tasks):
        if i and t.index != tasks[i - 1].index:
            subs.append((r, tasks[i - 1].index))
            r += 1
        rows.append(r)
        r += 1
    subs.append((r, tasks[-1].index))
    wb = new_book(m)
    ws = wb["Nhiệm vụ"]
    fill(ws, tasks, rows)
    for rr, idx in subs:
        n = sum(t.index == idx for t in tasks)
        ws[f"A{rr}"] = f"Cộng chỉ số {idx}"
        ws.merge_cells(f"A{rr}:C{rr}")
        ws[f"D{rr}"] = f"{n} nhiệm vụ"
        ws[f"K{rr}"] = f"{sum(t.index == idx and t.status == DONE for t in tasks)}/{n}"
    b.save(wb, path, "xlsx")
    present = [F("below-table", row=rr, sheet="Nhiệm vụ") for rr, _ in subs]
    return Expect(0, m, tasks, present, [F("required"), F("invalid-status")],
                  exactly={"below-table": len(subs)}, why="sub-total rows are not tasks")


@single(9, "xa-han-co-gio.xlsx")
def case_sweep_due_with_time_or_apostrophe(rng, b, path):
    """Hạn hoàn thành with a time of day (a datetime, a fractional serial, text '30/6/2025 17:00') or pasted
    as text with its apostrophe ("'15/04/2025"), and 2-digit years: the date is the date."""
    m, tasks = base(rng, n=12)
    dues = [dt.date(2025, 6, 30), dt.date(2025, 6, 29), dt.date(2025, 3, 31), dt.date(2025, 7, 1),
            dt.date(2025, 5, 5), dt.date(2025, 6, 30), dt.date(2025, 4, 15)]
    for i, (t, due) in enumerate(zip(tasks, dues, strict=False)):
        set_status(rng, t, DOING if i % 2 else TODO)
        t.due, t.write_due = due, True
    wb = new_book(m)
    ws = wb["Nhiệm vụ"]
    fill(ws, tasks)
    written = [dt.datetime(2025, 6, 30, 17, 30), (dt.date(2025, 6, 29) - dt.date(1899, 12, 30)).days + 0.75,
               "31/03/25", "2025-07-01 00:00:00", "05/05/2025 08:00", "30/6/2025 17:00", "'15/04/2025"]
    for t, v in zip(tasks, written, strict=False):
        ws[f"J{t.row}"] = v
    b.save(wb, path)
    cutoff = m.default_cutoff()
    present = [F("overdue", row=t.row) for t in tasks[:7] if t.overdue(cutoff)]
    absent = [F("invalid-date")] + [F("overdue", row=t.row) for t in tasks[:7] if not t.overdue(cutoff)]
    return Expect(0, m, tasks, present, absent)


@single(2, "xa-loc-an-dong-doi-cot.ods")
def case_sweep_hidden_rows_swapped_columns(rng, b, path):
    """Autofilter left on with the done rows hidden, and Hạn / Tiến độ swapped (header and data together),
    saved by LibreOffice: hidden rows still count, columns are found by their headers."""
    m, tasks = base(rng, n=12)
    wb = new_book(m)
    ws = wb["Nhiệm vụ"]
    fill(ws, tasks)
    for r in range(HEADER_ROW, tasks[-1].row + 1):
        a, k = ws[f"J{r}"], ws[f"K{r}"]
        a.value, k.value = k.value, a.value
        a.number_format, k.number_format = k.number_format, a.number_format
    ws.data_validations.dataValidation = []
    ws.conditional_formatting = openpyxl.formatting.formatting.ConditionalFormattingList()
    ws.auto_filter.ref = f"A{HEADER_ROW}:O{tasks[-1].row}"
    for t in tasks:
        if t.status == DONE:
            ws.row_dimensions[t.row].hidden = True
    b.save(wb, path, "ods")
    return Expect(0, m, tasks, [], [F("unmapped-column"), F("missing-column"), F("status-approx")])


@single(1, "xa-tien-do-dau-cau.xlsx")
def case_sweep_status_punctuation_invisible_spaces(rng, b, path):
    """Statuses with trailing punctuation, a tick, non-breaking and zero-width spaces, a BOM: read by meaning."""
    a = "status-approx"
    return _status_case(rng, b, path, [
        ("Hoàn thành.", DONE, a), ("Hoàn thành ✓", DONE, a), ("Đang thực hiện;", DOING, a),
        ("Chưa thực hiện!", TODO, a), ("- Hoàn thành", DONE, a), ("Chưa\u00a0hoàn\u00a0thành", DOING, a),
        ("Chưa\u200bhoàn thành", DOING, a),
        ("\ufeffĐang thực hiện", DOING, a), ("✓", None, "invalid-status")])


# ==============================================================================================================
# Folder (merge) cases
# ==============================================================================================================
def returned(rng: random.Random, b: Build, path: Path, unit: str, n: int = 8, year: int = 2025,
             via: str | None = None, saved: dt.datetime | None = None, mtime: dt.datetime | None = None,
             tasks: list[T] | None = None, meta: Meta | None = None) -> tuple[Meta, list[T]]:
    """A clean returned workbook of ``unit`` (its document date and file time set as asked)."""
    m = meta or Meta(unit=unit, year=year, cutoff=dt.date(year, 6, 30), plan_date=dt.date(year, 1, 16),
                     author=rng.choice(AUTHORS), plan_number=f"{rng.randint(2, 40):02d}/KH-UBND")
    tasks = tasks or gen_tasks(rng, n, year)
    wb = new_book(m)
    fill(wb["Nhiệm vụ"], tasks)
    posts = []
    if saved:
        posts.append(lambda p: set_saved(p, saved))
    if mtime:
        posts.append(lambda p: set_mtime(p, mtime))
    b.save(wb, path, via, posts)
    return m, tasks


def unit_totals(tasks: list[T], cutoff: dt.date = dt.date(2025, 6, 30)) -> dict:
    tot = tally(tasks, cutoff)[0]
    return {k: tot[k] for k in ("total", "done", "overdue")}


# -- 13. submission date of .xls / .ods ------------------------------------------------------------------------
def _two_versions(rng, b, path, old_via, new_via, old_name, new_name, old_saved, new_saved) -> MergeExpect:
    """The same unit sends two versions; the newer *document* wins although its file time is older."""
    unit = rng.choice(COMMUNES)
    _, old = returned(rng, b, path / old_name, unit, via=old_via, saved=old_saved,
                      mtime=dt.datetime(2025, 7, 3, 9, 0))  # misleading: the older document has the newest mtime
    new = gen_tasks(rng, 8, 2025)
    for t in new[:3]:  # the correction: progress moved on
        if t.status != DONE:
            set_status(rng, t, DONE)
    returned(rng, b, path / new_name, unit, via=new_via, saved=new_saved, mtime=dt.datetime(2025, 6, 1, 9, 0),
             tasks=new)
    other = rng.choice([c for c in COMMUNES if c != unit])
    _, other_tasks = returned(rng, b, path / "xa-khac.xlsx", other, saved=dt.datetime(2025, 6, 26, 8))
    return MergeExpect([str(path)], [Reg(ACCEPTED, new_name), Reg(SUPERSEDED, old_name), Reg(ACCEPTED, "xa-khac.xlsx")],
                       {unit: unit_totals(new), other: unit_totals(other_tasks)},
                       {ACCEPTED: 2, SUPERSEDED: 1, REJECTED: 0},
                       why=f"{new_name} saved {new_saved:%d/%m} > {old_name} saved {old_saved:%d/%m}; mtimes reversed")


@folder(13)
def folder_date_xls_newer(rng, b, path):
    return _two_versions(rng, b, path, None, "xls", "bao-cao.xlsx", "bao-cao-sua.xls",
                         dt.datetime(2025, 6, 20, 8, 30), dt.datetime(2025, 6, 28, 16, 45))


@folder(13)
def folder_date_ods_newer(rng, b, path):
    return _two_versions(rng, b, path, None, "ods", "bieu-papi.xlsx", "bieu-papi-lan-2.ods",
                         dt.datetime(2025, 6, 18, 10, 0), dt.datetime(2025, 6, 29, 7, 15))


@folder(13)
def folder_date_xlsx_newer_than_xls(rng, b, path):
    return _two_versions(rng, b, path, "xls", None, "bao-cao-cu.xls", "bao-cao.xlsx",
                         dt.datetime(2025, 6, 10, 14, 0), dt.datetime(2025, 6, 25, 9, 30))


@folder(13)
def folder_date_two_xls(rng, b, path):
    return _two_versions(rng, b, path, "xls", "xls", "PAPI 6 thang.xls", "PAPI 6 thang (sua).xls",
                         dt.datetime(2025, 6, 12, 8, 0), dt.datetime(2025, 6, 27, 17, 20))


# -- 14. plan year -----------------------------------------------------------------------------------------------
@folder(14)
def folder_year_2024_among_2025(rng, b, path):
    units = rng.sample(COMMUNES, 5)
    by_unit, regs = {}, []
    for i, u in enumerate(units[:4]):
        _, t = returned(rng, b, path / f"xa-{i + 1}.xlsx", u)
        by_unit[u] = unit_totals(t)
        regs.append(Reg(ACCEPTED, f"xa-{i + 1}.xlsx"))
    returned(rng, b, path / "xa-nam-truoc.xlsx", units[4], year=2024)  # last year's workbook sent by mistake
    regs.append(Reg(REJECTED, "xa-nam-truoc.xlsx", reason="2024"))
    return MergeExpect([str(path)], regs, by_unit, {ACCEPTED: 4, REJECTED: 1})


@folder(14)
def folder_year_2024_with_period(rng, b, path):
    units = rng.sample(COMMUNES, 3)
    _, t0 = returned(rng, b, path / "a.xlsx", units[0])
    _, t1 = returned(rng, b, path / "b.ods", units[1], via="ods")
    returned(rng, b, path / "c.xls", units[2], year=2024, via="xls")
    return MergeExpect([str(path), "--period", "30/06/2025"],
                       [Reg(ACCEPTED, "a.xlsx"), Reg(ACCEPTED, "b.ods"), Reg(REJECTED, "c.xls", reason="2024")],
                       {units[0]: unit_totals(t0), units[1]: unit_totals(t1)}, {ACCEPTED: 2, REJECTED: 1})


# -- 15. accent twins --------------------------------------------------------------------------------------------
DONG, DONG2 = "Xã Đông Phong", "Xã Đồng Phong"


def _twins(rng, b, path, expected: Path | None, third: bool) -> MergeExpect:
    # file names lose the accents, as clerks type them: both fold to "dong phong"
    _, a = returned(rng, b, path / "BC PAPI Dong Phong.xlsx", DONG, saved=dt.datetime(2025, 6, 24, 8))
    _, c = returned(rng, b, path / "bao cao papi xa dong phong 6 thang.xlsx", DONG2, saved=dt.datetime(2025, 6, 26, 8))
    regs = [Reg(ACCEPTED, "BC PAPI Dong Phong.xlsx"), Reg(ACCEPTED, "bao cao papi xa dong phong 6 thang.xlsx")]
    counts = {ACCEPTED: 2, SUPERSEDED: 0}
    if third:  # typed without accents, saved last: giving it to either twin would supersede that twin silently
        m = Meta(unit="Xa Dong Phong", author=rng.choice(AUTHORS))
        returned(rng, b, path / "dong phong.xlsx", "Xa Dong Phong", saved=dt.datetime(2025, 6, 29, 8), meta=m)
        regs.append(Reg(REJECTED, "dong phong.xlsx", not_status=(ACCEPTED, SUPERSEDED)))
    args = [str(path)] + (["--expected", str(expected)] if expected else [])
    return MergeExpect(args, regs, {DONG: unit_totals(a), DONG2: unit_totals(c)}, counts,
                       why="'Đông' and 'Đồng' are two communes (decisions §5)")


def _write_list(path: Path, names: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("Đơn vị,Cấp trên\n" + "".join(f"{n},Tỉnh Hưng Yên\n" for n in names), encoding="utf-8")
    return path


@folder(15)
def folder_twins_no_list(rng, b, path):
    return _twins(rng, b, path, None, False)


@folder(15)
def folder_twins_expected_both(rng, b, path):
    lst = _write_list(path.parent.parent / "lists" / "twins.csv", [DONG, DONG2, "Xã Tân Tiến"])
    exp = _twins(rng, b, path, lst, False)
    exp.register.append(Reg(MISSING, unit="Xã Tân Tiến"))
    exp.counts[MISSING] = 1
    return exp


@folder(15)
def folder_twins_unaccented_third(rng, b, path):
    lst = _write_list(path.parent.parent / "lists" / "twins-3.csv", [DONG, DONG2])
    return _twins(rng, b, path, lst, True)


# -- 16. the expected-units list in every shape Excel and LibreOffice write -------------------------------------
LIST_UNITS = ["UBND xã Phụng Công", "Xã Nghĩa Trụ", "xã Long Hưng", "Xã Mễ Sở"]  # the last one never sends


_LIST_UNITS_BUILT: dict[Path, tuple[Path, dict]] = {}


def _list_folder(rng, b, path, list_path: Path) -> MergeExpect:
    """The same three returned workbooks (one folder, written once) merged against each shape of the list."""
    root = path.parent
    if root not in _LIST_UNITS_BUILT:
        shared = root / "_danh-sach-don-vi"
        shared.mkdir(parents=True, exist_ok=True)
        own = rng_for("list-units")
        by_unit = {}
        for i, u in enumerate(["Xã Phụng Công", "Xã Nghĩa Trụ", "Xã Long Hưng"]):
            _, t = returned(own, b, shared / f"bao-cao-{i + 1}.xlsx", u)
            by_unit[u] = unit_totals(t)
        _LIST_UNITS_BUILT[root] = (shared, by_unit)
    shared, by_unit = _LIST_UNITS_BUILT[root]
    shutil.rmtree(path, ignore_errors=True)
    regs = [Reg(ACCEPTED, f"bao-cao-{i + 1}.xlsx") for i in range(3)] + [Reg(MISSING, unit="Xã Mễ Sở")]
    return MergeExpect([str(shared), "--expected", str(list_path)], regs, dict(by_unit),
                       {ACCEPTED: 3, MISSING: 1, REJECTED: 0}, why=f"expected list {list_path.name}",
                       aliases={"Xã Phụng Công": ("UBND xã Phụng Công",), "Xã Long Hưng": ("xã Long Hưng",)})


def _lists_dir(path: Path) -> Path:
    d = path.parent.parent / "lists"
    d.mkdir(parents=True, exist_ok=True)
    return d


def _list_rows() -> list[list[str]]:
    return [["STT", "Đơn vị", "Cấp trên"]] + [[str(i + 1), n, "Tỉnh Hưng Yên"] for i, n in enumerate(LIST_UNITS)]


@folder(16)
def folder_list_csv_utf8(rng, b, path):
    lst = _lists_dir(path) / "don-vi-utf8.csv"
    lst.write_text("\n".join(",".join(r) for r in _list_rows()) + "\n", encoding="utf-8")
    return _list_folder(rng, b, path, lst)


@folder(16)
def folder_list_csv_utf8_bom_semicolon(rng, b, path):
    lst = _lists_dir(path) / "don-vi-bom.csv"
    lst.write_bytes(("\r\n".join(";".join(r) for r in _list_rows()) + "\r\n").encode("utf-8-sig"))
    return _list_folder(rng, b, path, lst)


@folder(16)
def folder_list_utf16_unicode_text(rng, b, path):
    """Excel 'Unicode Text (*.txt)' saved as .csv: UTF-16LE with BOM, tab-separated, CRLF."""
    lst = _lists_dir(path) / "don-vi-unicode.csv"
    lst.write_bytes(("\r\n".join("\t".join(r) for r in _list_rows()) + "\r\n").encode("utf-16"))
    return _list_folder(rng, b, path, lst)


@folder(16)
def folder_list_csv_cp1258(rng, b, path):
    """Excel 'CSV (Comma delimited)' on Vietnamese Windows: code page 1258 with combining tone marks."""
    lst = _lists_dir(path) / "don-vi-1258.csv"
    data = cp1258_bytes("\r\n".join(",".join(r) for r in _list_rows()) + "\r\n")
    assert b"\xcc" in data or b"\xf2" in data or b"\xde" in data, "the list must hold combining tone marks"
    lst.write_bytes(data)
    return _list_folder(rng, b, path, lst)


def _list_book(title_rows: bool = True) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    if title_rows:
        ws["A1"] = "DANH SÁCH ĐƠN VỊ CẤP XÃ GỬI BÁO CÁO PAPI 6 THÁNG ĐẦU NĂM 2025"
        ws.merge_cells("A1:C1")
        ws.append([])
    ws.append(["STT", "Tên đơn vị", "Ghi chú"])
    for i, n in enumerate(LIST_UNITS):
        ws.append([i + 1, n, "Sáp nhập từ 01/7/2025" if i == 1 else None])
    ws.append([f"Tổng số: {len(LIST_UNITS)} đơn vị"])
    return wb


@folder(16)
def folder_list_xlsx_title_rows(rng, b, path):
    lst = _lists_dir(path) / "danh-sach.xlsx"
    b.save(_list_book(), lst)
    return _list_folder(rng, b, path, lst)


@folder(16)
def folder_list_xls_title_rows(rng, b, path):
    lst = _lists_dir(path) / "danh-sach.xls"
    b.save(_list_book(), lst, "xls")
    return _list_folder(rng, b, path, lst)


@folder(16)
def folder_list_ods_title_rows(rng, b, path):
    lst = _lists_dir(path) / "danh-sach.ods"
    b.save(_list_book(), lst, "ods")
    return _list_folder(rng, b, path, lst)


@folder(16)
def folder_list_without_unit_column(rng, b, path):
    """A list of contact people: no 'Đơn vị'-like column.  Guessing the first column would be wrong."""
    lst = _lists_dir(path) / "nguoi-lien-he.csv"
    lst.write_text("STT,Họ và tên,Chức vụ,Điện thoại\n1,Nguyễn Văn An,Công chức VP-TK,0912000111\n"
                   "2,Trần Thị Bình,Công chức Tư pháp - Hộ tịch,0912000222\n", encoding="utf-8")
    exp = _list_folder(rng, b, path, lst)
    return MergeExpect(exp.args, exit=2, message=("Đơn vị",), why="no unit column in the expected list")


# -- 17. files a merge skips (decisions §7) ------------------------------------------------------------------------
def excel_lock_file(user: str = "nguyen") -> bytes:
    """An Excel owner file (~$name.xlsx): 165 bytes, the user name as a counted ANSI string padded with spaces,
    then again as UTF-16."""
    ansi = bytes([len(user)]) + user.encode("ascii").ljust(53, b" ")
    wide = bytes([len(user), 0]) + user.encode("utf-16-le")
    data = ansi + wide
    return data + b" \x00" * ((165 - len(data)) // 2) + b" " * ((165 - len(data)) % 2)


@folder(17)
def folder_skip_lock_backup_derived_summary(rng, b, path):
    units = rng.sample(COMMUNES, 3)
    by_unit = {}
    for name, u in zip(("xa-a.xlsx", "xa-b.xlsx", "xa-c.xlsx"), units, strict=True):
        _, t = returned(rng, b, path / name, u, saved=dt.datetime(2025, 6, 27, 8))
        by_unit[u] = unit_totals(t)
    # an older state of xa-a kept by papi-xl --in-place (different numbers: it must not count)
    returned(rng, b, path / "xa-a.bak-20250626-101500.xlsx", units[0], saved=dt.datetime(2025, 6, 26, 10, 15))
    lock = excel_lock_file()
    assert len(lock) == 165
    (path / "~$xa-a.xlsx").write_bytes(lock)
    (path / ".~lock.xa-b.xlsx#").write_text(",Nguyen Van An,may-tinh-xa,29.06.2025 08:12,file:///C:/Users/an/"
                                           "AppData/Roaming/LibreOffice/4;", encoding="utf-8")
    (path / "~WRL0003.tmp").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 508)
    summary = path / "tong-hop-tinh.xlsx"
    prepare = [["validate", str(path / "xa-b.xlsx")],  # writes xa-b.kiem-tra.xlsx beside its original
               ["summarize", str(path / "xa-c.xlsx")],  # writes xa-c.tong-hop.xlsx beside its original
               ["merge", str(path), "-o", str(summary), "--unit", "Tỉnh Hưng Yên"]]  # last week's run of this merge
    regs = [Reg(ACCEPTED, "xa-a.xlsx"), Reg(ACCEPTED, "xa-b.xlsx"), Reg(ACCEPTED, "xa-c.xlsx"),
            Reg(SKIPPED, "xa-a.bak-20250626-101500.xlsx"), Reg(SKIPPED, "~$xa-a.xlsx"),
            Reg(SKIPPED, ".~lock.xa-b.xlsx#"), Reg(SKIPPED, "~WRL0003.tmp"), Reg(SKIPPED, "xa-b.kiem-tra.xlsx"),
            Reg(SKIPPED, "xa-c.tong-hop.xlsx"), Reg(SKIPPED, "tong-hop-tinh.xlsx")]
    return MergeExpect([str(path), "--unit", "Tỉnh Hưng Yên"], regs, by_unit,
                       {ACCEPTED: 3, SKIPPED: 7, REJECTED: 0, SUPERSEDED: 0}, prepare=prepare)


@folder(17)
def folder_skip_derived_copy_without_original(rng, b, path):
    """Only the annotated copy of xa-e came back (the clerk sent papi-xl's .kiem-tra.xlsx): it is the submission."""
    units = rng.sample(COMMUNES, 2)
    _, t = returned(rng, b, path / "xa-d.xlsx", units[0])
    outside = path.parent / f"{path.name}-goc" / "xa-e.xlsx"
    _, te = returned(rng, b, outside, units[1])
    (path / "~$xa-d.xlsx").write_bytes(excel_lock_file("tuphap"))
    prepare = [["validate", str(outside), "-o", str(path / "xa-e.kiem-tra.xlsx")]]
    return MergeExpect([str(path)], [Reg(ACCEPTED, "xa-d.xlsx"), Reg(ACCEPTED, "xa-e.kiem-tra.xlsx"),
                                     Reg(SKIPPED, "~$xa-d.xlsx")],
                       {units[0]: unit_totals(t), units[1]: unit_totals(te)}, {ACCEPTED: 2, SKIPPED: 1},
                       prepare=prepare)
