"""Read any returned workbook (.xlsx, .xlsm, .xls, .ods) into plain data.

The task sheet and its header row are found by header *text*, not position;
columns may be inserted, moved or renamed slightly.  Index and sub-content
written once (merged, or left blank) are carried down.  Every value keeps its
true sheet row so findings can name the A1 cell.

:func:`read_workbook` raises :class:`ReadError` (a Vietnamese message) when a
file cannot be read at all; everything else becomes a :class:`Finding`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from papi_xl.contract.workbook import (
    INFO_FIELDS,
    KNOWN_TEMPLATE_VERSIONS,
    PERIOD_HALF,
    PERIOD_YEAR,
    SEVERITY_ERROR,
    SEVERITY_WARNING,
    SHEET_CATALOG,
    SHEET_INFO,
    SHEET_TASKS,
    STATUSES,
    TASK_COLUMNS,
    TASK_KEYS,
    Finding,
    Metadata,
)
from papi_xl.domain.catalog import CATALOGS, DEFAULT_CATALOG, Catalog, Item, Unit, load_catalog
from papi_xl.domain.text import best_match, clean, convert_legacy, fold, legacy_encoding
from papi_xl.inputs.guard import DEFAULT_LIMITS, Limits, check_package, check_size

HEADER_SCAN_ROWS = 40
_BEYOND_LATIN1 = re.compile(r"[^\x00-\xff]")  # legacy fonts only ever produce Latin-1 code points
EXCEL_EPOCH = dt.date(1899, 12, 30)


class ReadError(Exception):
    """The file cannot be read at all. ``reason`` is a short machine code."""

    def __init__(self, message: str, reason: str = "unreadable"):
        super().__init__(message)
        self.message = message
        self.reason = reason


@dataclass
class TaskTable:
    sheet: str
    header_row: int  # 1-based
    columns: dict[str, int]  # key -> 0-based column index
    frame: pd.DataFrame  # one row per task; TASK_KEYS + "_row" + "<date>_raw"
    unmapped: list[tuple[str, str]] = field(default_factory=list)  # (column letter, header text)

    def cell(self, key: str, row: int) -> str:
        """A1 address of a field on a sheet row; "" when the column is absent."""
        if key not in self.columns:
            return ""
        return f"{col_letter(self.columns[key])}{row}"

    def letter(self, key: str) -> str:
        return col_letter(self.columns[key]) if key in self.columns else ""


@dataclass
class WorkbookData:
    path: Path
    fmt: str
    sheet_names: list[str]
    meta: Metadata
    catalog: Catalog
    catalog_source: str  # "workbook" | "builtin"
    tasks: TaskTable
    findings: list[Finding] = field(default_factory=list)

    @property
    def has_info_sheet(self) -> bool:
        return SHEET_INFO in self.sheet_names or any(fold(s) == fold(SHEET_INFO) for s in self.sheet_names)


def col_letter(index: int) -> str:
    """0-based column index -> letters (0 -> A)."""
    s = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


# -- format sniffing ---------------------------------------------------------
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(path: Path) -> str:
    """Return "xlsx", "xlsm", "ods", "xls"; raise ReadError when not a spreadsheet."""
    try:
        head = path.open("rb").read(8)
    except IsADirectoryError as exc:
        raise ReadError(f"'{path.name}' là thư mục, không phải tệp bảng tính.", "not-a-file") from exc
    except OSError as exc:
        raise ReadError(f"Không mở được tệp '{path.name}': {exc.strerror or exc}.", "io-error") from exc
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
                if "mimetype" in names and b"opendocument.spreadsheet" in zf.read("mimetype")[:100]:
                    return "ods"
                norm = {n.replace("\\", "/").lower() for n in names}
                if "xl/workbook.bin" in norm:
                    return "xlsb"
                types = next((zf.read(n)[:20000] for n in names if n.lower() == "[content_types].xml"), b"")
                if "xl/workbook.xml" in norm or b"spreadsheetml.sheet.main" in types or b"macroEnabled.main" in types:
                    return "xlsm" if "xl/vbaproject.bin" in norm or path.suffix.lower() == ".xlsm" else "xlsx"
                if "word/document.xml" in norm:
                    raise ReadError(f"'{path.name}' là văn bản Word, không phải bảng tính Excel.", "not-a-spreadsheet")
        except zipfile.BadZipFile as exc:
            raise ReadError(f"Tệp '{path.name}' bị hỏng (không giải nén được). Hãy lưu lại tệp từ Excel rồi gửi lại.",
                            "corrupt") from exc
        raise ReadError(f"Tệp '{path.name}' là tệp nén nhưng không phải bảng tính Excel/ODS.", "not-a-spreadsheet")
    if head == OLE_MAGIC:
        with path.open("rb") as fh:
            blob = fh.read(1 << 20)
        if "EncryptedPackage".encode("utf-16-le") in blob:
            raise ReadError(f"Tệp '{path.name}' được đặt mật khẩu. Hãy gỡ mật khẩu (File > Info > Protect Workbook) "
                            "rồi gửi lại.", "password")
        if "workbook".encode("utf-16-le") in blob.lower() or "book".encode("utf-16-le") in blob.lower():
            return "xls"  # the BIFF stream is "Workbook" (or "Book"), any case
        raise ReadError(f"Tệp '{path.name}' là tệp Office cũ nhưng không phải bảng tính Excel.", "not-a-spreadsheet")
    low = head.lower()
    if low.startswith((b"<", b"\xef\xbb\xbf<")):
        raise ReadError(f"Tệp '{path.name}' thực chất là trang HTML/XML đổi đuôi thành bảng tính. Hãy mở bằng Excel và "
                        "lưu lại dạng .xlsx (File > Save As > Excel Workbook).", "html-disguised")
    raise ReadError(f"Tệp '{path.name}' không phải bảng tính Excel (.xlsx, .xlsm, .xls) hoặc .ods.", "not-a-spreadsheet")


# -- cell values ---------------------------------------------------------------
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


# -- header matching -------------------------------------------------------
def _column_keys() -> dict[str, str]:
    keys: dict[str, str] = {}
    for col in TASK_COLUMNS:
        for text in (col.header, *col.synonyms):
            keys.setdefault(fold(text), col.key)
    return keys


_COLUMN_KEYS = _column_keys()
_NUMBERING = re.compile(r"^\(?\s*\d{1,2}\s*\)?$")


def match_header(text: str) -> tuple[str, float] | None:
    """Map one header cell to a column key, with a confidence score."""
    if len(text) > 80:  # a header is short; long cells are data
        return None
    key = fold(text)
    if not key:
        return None
    key = re.sub(r"\s*\b\d{1,2}\b\s*$", "", key).strip()  # "Tiến độ (11)"
    if key in _COLUMN_KEYS:
        return _COLUMN_KEYS[key], 1.0
    found = best_match(key, _COLUMN_KEYS, cutoff=0.86)
    if found:
        return found.value, found.score
    # the longest known header contained in the cell ("Thời gian thực hiện (dự kiến)")
    words = f" {key} "
    contained = [(len(k), v) for k, v in _COLUMN_KEYS.items() if len(k) > 3 and f" {k} " in words]
    if contained:
        return max(contained)[1], 0.7
    return None


def map_header(cells: list) -> tuple[dict[str, int], list[tuple[int, str]]]:
    """Map a header row. Returns (key -> column index, unmapped [(index, text)])."""
    candidates: dict[str, tuple[float, int]] = {}
    unmapped: list[tuple[int, str]] = []
    for i, value in enumerate(cells):
        text = cell_text(value)
        if not text:
            continue
        found = match_header(text)
        if not found:
            unmapped.append((i, text))
            continue
        key, score = found
        if key in candidates and candidates[key][0] >= score:
            unmapped.append((i, text))
            continue
        if key in candidates:
            old = candidates[key][1]
            unmapped.append((old, cell_text(cells[old])))
        candidates[key] = (score, i)
    return {k: i for k, (_, i) in candidates.items()}, sorted(unmapped)


def find_header(rows: list[list]) -> tuple[int, dict[str, int], list[tuple[int, str]], int] | None:
    """Find the header row (0-based) in the first rows of a sheet.

    Only rows with at least two cells that are exactly a known header get the
    full (fuzzy) mapping; data rows are skipped cheaply.  Two-row headers
    ("Đơn vị" over "Chủ trì" | "Phối hợp") are combined.
    Returns (row, mapping, unmapped, rows used by the header) or None.
    """
    best = None
    for r in range(min(HEADER_SCAN_ROWS, len(rows))):
        row = rows[r]
        exact = sum(1 for v in row if isinstance(v, str) and len(v) <= 80 and fold(v) in _COLUMN_KEYS)
        if exact < 2:
            continue
        mapping, unmapped = map_header(row)
        used = 1
        if r + 1 < len(rows) and not is_numbering_row(rows[r + 1]):
            combined = [f"{cell_text(a)} {cell_text(b)}".strip() for a, b in zip(row, rows[r + 1], strict=False)]
            m2, u2 = map_header(combined)
            if len(m2) > len(mapping) + 1:
                mapping, unmapped, used = m2, u2, 2
        if "task" not in mapping or len(mapping) < 3:
            continue
        score = len(mapping) - 0.1 * len(unmapped)
        if best is None or score > best[0]:
            best = (score, r, mapping, unmapped, used)
        if len(mapping) == len(TASK_COLUMNS) and not unmapped:
            break  # a complete header cannot be beaten
    if best is None:
        return None
    return best[1], best[2], best[3], best[4]


def is_numbering_row(row: list) -> bool:
    texts = [cell_text(v) for v in row if cell_text(v)]
    return bool(texts) and all(_NUMBERING.match(t) for t in texts)


# -- the reader ----------------------------------------------------------------
def _open(path: Path, limits: Limits):
    import python_calamine as pc

    try:
        return pc.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several types
        text = str(exc)
        if "password" in text.lower() or "encrypt" in text.lower():
            raise ReadError(f"Tệp '{path.name}' được đặt mật khẩu. Hãy gỡ mật khẩu rồi gửi lại.", "password") from exc
        raise ReadError(f"Tệp '{path.name}' bị hỏng hoặc không đọc được ({text[:120]}). Hãy mở bằng Excel, "
                        "lưu lại rồi gửi lại.", "corrupt") from exc


class RowsBook:
    """Sheets already in memory (e.g. the values an Excel client sends to xlwings),
    read by the same pipeline as a file.  ``sheets`` maps a name to rows from A1."""

    def __init__(self, sheets: dict[str, list[list]], merged: dict[str, list] | None = None):
        self.sheets = sheets
        self.merged = merged or {}
        self.sheet_names = list(sheets)


def _sheet_rows(book, name: str, limits: Limits) -> tuple[list[list], list]:
    if isinstance(book, RowsBook):
        rows = [list(r) for r in book.sheets[name][: limits.max_rows]]
        return rows, list(book.merged.get(name, []))
    sheet = book.get_sheet_by_name(name)
    if sheet.total_height > limits.max_rows or sheet.total_width > limits.max_columns:
        raise ReadError(
            f"Sheet '{name}' khai báo {sheet.total_height:,} dòng × {sheet.total_width:,} cột, vượt giới hạn "
            f"{limits.max_rows:,} dòng × {limits.max_columns:,} cột. Hãy xóa các dòng/cột thừa rồi lưu lại.",
            "too-large",
        )
    rows = sheet.to_python(skip_empty_area=False)
    merged = sheet.merged_cell_ranges or []
    return rows, merged


def _pick_task_sheet(book, names: list[str], limits: Limits):
    ordered = sorted(names, key=lambda n: (fold(n) != fold(SHEET_TASKS), "nhiem vu" not in fold(n)))
    for name in ordered:
        if fold(name) in (fold(SHEET_INFO), fold(SHEET_CATALOG)):
            continue
        try:
            rows, merged = _sheet_rows(book, name, limits)
        except ReadError:
            raise
        except Exception:
            continue
        found = find_header(rows)
        if found:
            return name, rows, merged, found
    return None


def read_workbook(path: str | Path, catalog: Catalog | None = None, limits: Limits = DEFAULT_LIMITS) -> WorkbookData:
    """Read a workbook into :class:`WorkbookData`. Raises :class:`ReadError`."""
    path = Path(path)
    if not path.exists():
        raise ReadError(f"Không tìm thấy tệp '{path}'.", "not-found")
    if path.is_file():
        check_size(path, limits)
    fmt = sniff(path)
    check_package(path, fmt, limits)
    book = _open(path, limits)
    try:
        names = [m.name for m in book.sheets_metadata if str(m.typ).endswith("WorkSheet")] or list(book.sheet_names)
    except Exception:
        names = list(book.sheet_names)
    return _read_book(book, names, path, fmt, catalog, limits)


def read_rows(sheets: dict[str, list[list]], name: str = "Excel", catalog: Catalog | None = None,
              merged: dict[str, list] | None = None, limits: Limits = DEFAULT_LIMITS) -> WorkbookData:
    """Read sheets given as values (rows from A1), e.g. from the workbook open in Excel."""
    book = RowsBook(sheets, merged)
    return _read_book(book, book.sheet_names, Path(name), "excel", catalog, limits)


def _read_book(book, names: list[str], path: Path, fmt: str, catalog: Catalog | None, limits: Limits) -> WorkbookData:
    findings: list[Finding] = []
    try:
        picked = _pick_task_sheet(book, names, limits)
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(f"Không đọc được nội dung tệp '{path.name}' ({str(exc)[:120]}).", "corrupt") from exc
    if picked is None:
        raise ReadError(
            f"Không tìm thấy bảng nhiệm vụ trong tệp '{path.name}': không sheet nào có dòng tiêu đề gồm các cột "
            "'Nhiệm vụ', 'Chỉ số nội dung', 'Đơn vị chủ trì'... Hãy dùng biểu mẫu papi-xl (papi-xl new).",
            "no-task-sheet",
        )
    task_sheet, rows, merged, (header, mapping, unmapped, used) = picked

    meta, meta_findings = _read_info(book, names, limits)
    findings += meta_findings
    wb_catalog, cat_findings = _read_catalog(book, names, meta, limits)
    findings += cat_findings
    if catalog is None:
        catalog = wb_catalog or load_catalog(meta.catalog if meta.catalog in CATALOGS else DEFAULT_CATALOG)
    source = "workbook" if wb_catalog is not None else "builtin"

    frame, row_findings = _read_tasks(rows, merged, header + used, mapping, rows[header], task_sheet)
    findings += row_findings
    table = TaskTable(task_sheet, header + 1, mapping, frame,
                      [(col_letter(i), text) for i, text in unmapped])
    for letter, text in table.unmapped:
        findings.append(Finding(task_sheet, f"{letter}{header + 1}", header + 1, letter, text, "unmapped-column",
                                SEVERITY_WARNING,
                                f"Cột '{text}' không thuộc biểu mẫu nên không được đọc. Nếu đây là một cột của biểu "
                                "mẫu bị đổi tên, hãy đặt lại đúng tên tiêu đề."))
    for col in TASK_COLUMNS:
        if col.required and col.key not in mapping:
            findings.append(Finding(task_sheet, f"A{header + 1}", header + 1, "", col.header, "missing-column",
                                    SEVERITY_ERROR,
                                    f"Không tìm thấy cột '{col.header}' ở dòng tiêu đề {header + 1}. "
                                    "Hãy thêm lại cột này (đúng tên tiêu đề) theo biểu mẫu."))
    if meta.version and meta.version not in KNOWN_TEMPLATE_VERSIONS:
        findings.append(Finding(SHEET_INFO, meta.cells.get("version", ""), None, "B", "Phiên bản biểu mẫu",
                                "template-version", SEVERITY_WARNING,
                                f"Biểu mẫu phiên bản '{meta.version}' chưa được biết (phiên bản hiện hành: "
                                f"{KNOWN_TEMPLATE_VERSIONS[-1]}). Tệp vẫn được đọc theo tên cột; nên chuyển sang biểu "
                                "mẫu mới."))
    return WorkbookData(path, fmt, names, meta, catalog, source, table, findings)


def _carry_merged(rows: list[list], merged: list) -> None:
    """Copy the value of a merged range's top-left cell into the whole range."""
    for rng in merged:
        try:
            (r0, c0), (r1, c1) = rng
        except (TypeError, ValueError):
            continue
        if r1 - r0 > 5000 or c1 - c0 > 200:
            continue
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1 + 1, len(rows))):
            for c in range(c0, min(c1 + 1, len(rows[r]))):
                if rows[r][c] in ("", None):
                    rows[r][c] = value


DATE_KEYS = tuple(c.key for c in TASK_COLUMNS if c.kind == "date")


def _read_tasks(rows, merged, first, mapping, header_cells, sheet) -> tuple[pd.DataFrame, list[Finding]]:
    merged_index_cols = {mapping.get("index"), mapping.get("sub")} - {None}
    _carry_merged(rows, [m for m in merged if m[0][1] in merged_index_cols and m[1][1] in merged_index_cols])
    header_folds = {fold(cell_text(v)) for v in header_cells if cell_text(v)}
    body = rows[first:]
    n = len(body)
    keys = list(mapping)
    # 1. every column converted once: raw values and their cleaned text
    raw_cols = {k: [row[mapping[k]] if mapping[k] < len(row) else "" for row in body] for k in keys}
    text_cols = {k: list(map(cell_text, raw_cols[k])) for k in keys}
    findings: list[Finding] = []
    # 2. legacy (TCVN3/VNI) text: only cells made of Latin-1 characters can be legacy
    for k in keys:
        if k in DATE_KEYS:
            continue
        col = text_cols[k]
        for i, text in enumerate(col):
            if text and len(text) >= 4 and not _BEYOND_LATIN1.search(text):
                enc = legacy_encoding(text)
                if enc:
                    converted = convert_legacy(text, enc)
                    letter = col_letter(mapping[k])
                    r = first + i + 1
                    findings.append(Finding(
                        sheet, f"{letter}{r}", r, letter, _header_of(k), "legacy-encoding", SEVERITY_WARNING,
                        f"Chữ gõ bằng bảng mã cũ {enc} (phông .VnTime/VNI). " + (
                            f"Đã tự chuyển sang Unicode: '{converted[:60]}'. Hãy gõ lại bằng Unicode để chắc chắn."
                            if converted else "Hãy chuyển sang Unicode (Unikey: công cụ chuyển mã) rồi gửi lại.")))
                    col[i] = converted or text
    # 3. rows: skip blank, numbering and repeated header rows; group rows set the context
    content_keys = [k for k in keys if k not in ("index", "sub", "tt")]
    empty = [""] * n
    index_col, sub_col = text_cols.get("index", empty), text_cols.get("sub", empty)
    keep: list[int] = []
    carried_index, carried_sub = [], []
    prev_index = prev_sub = ""
    for i in range(n):
        present = [text_cols[k][i] for k in keys if text_cols[k][i]]
        if not present:
            continue
        if all(_NUMBERING.match(t) for t in present):
            continue
        if sum(1 for t in present if len(t) <= 80 and fold(t) in header_folds) >= 3:
            continue  # header repeated after a page break
        index, sub = index_col[i], sub_col[i]
        if not any(text_cols[k][i] for k in content_keys):
            # a group row: only an index / sub-content label (and maybe TT)
            if index:
                prev_index, prev_sub = index, ""
            if sub:
                prev_sub = sub
            continue
        same_index = not index or fold(index) == fold(prev_index)
        c_index = c_sub = False
        if index:
            prev_index = index
        elif prev_index:
            index, c_index = prev_index, True
        if sub:
            prev_sub = sub
        elif prev_sub and same_index:
            sub, c_sub = prev_sub, True
        if not same_index and not sub:
            prev_sub = ""
        if "index" in text_cols:
            index_col[i] = index
        if "sub" in text_cols:
            sub_col[i] = sub
        keep.append(i)
        carried_index.append(c_index)
        carried_sub.append(c_sub)
    # 4. the frame: the kept rows of every column
    data: dict[str, list] = {"_row": [first + i + 1 for i in keep]}
    for key in TASK_KEYS:
        if key in DATE_KEYS:
            raw = raw_cols.get(key)
            data[key] = [to_date(raw[i]) for i in keep] if raw else [None] * len(keep)
        else:
            col = text_cols.get(key)
            data[key] = [col[i] for i in keep] if col else [""] * len(keep)
    for key in DATE_KEYS:
        col = text_cols.get(key)
        data[f"{key}_raw"] = [col[i] for i in keep] if col else [""] * len(keep)
    data["_index_carried"] = carried_index
    data["_sub_carried"] = carried_sub
    frame = pd.DataFrame(data)
    for key in DATE_KEYS:
        frame[key] = frame[key].astype(object)
    return frame, findings


def _header_of(key: str) -> str:
    return next(c.header for c in TASK_COLUMNS if c.key == key)


def _find_sheet(names: list[str], wanted: str) -> str | None:
    for n in names:
        if fold(n) == fold(wanted):
            return n
    return None


def _read_info(book, names, limits) -> tuple[Metadata, list[Finding]]:
    meta = Metadata()
    name = _find_sheet(names, SHEET_INFO)
    if name is None:
        return meta, []
    rows, _ = _sheet_rows(book, name, limits)
    labels = {}
    for f in INFO_FIELDS:
        for text in (f.label, *f.synonyms):
            labels.setdefault(fold(text), f)
    findings: list[Finding] = []
    for r, row in enumerate(rows[:200]):
        for c, value in enumerate(row[:6]):
            key = fold(cell_text(value))
            f = labels.get(key.rstrip(" :"))
            if f is None:
                continue
            vc = c + 1  # the value sits right of its label
            if getattr(meta, f.key) not in ("", None):
                break  # the first occurrence wins
            meta.cells[f.key] = f"{col_letter(vc)}{r + 1}"
            value = row[vc] if vc < len(row) else ""
            if f.kind == "year":
                meta.year = to_int(value)
            elif f.kind == "date":
                setattr(meta, f.key, to_date(value))
                if cell_text(value) and to_date(value) is None:
                    findings.append(Finding(name, meta.cells[f.key], r + 1, col_letter(vc), f.label, "invalid-date",
                                            SEVERITY_ERROR,
                                            f"'{cell_text(value)}' không phải ngày hợp lệ. Nhập theo dạng dd/mm/yyyy."))
            elif f.kind == "period":
                meta.period = _period(cell_text(value))
            else:
                setattr(meta, f.key, cell_text(value))
            break
    return meta, findings


def _period(text: str) -> str:
    k = fold(text)
    if not k:
        return ""
    if "6" in k or "sau thang" in k or "nua" in k:
        return PERIOD_HALF
    if "nam" in k:
        return PERIOD_YEAR
    return text


def _read_catalog(book, names, meta, limits) -> tuple[Catalog | None, list[Finding]]:
    name = _find_sheet(names, SHEET_CATALOG)
    if name is None:
        return None, [Finding(SHEET_CATALOG, "", None, "", "Danh mục", "catalog-missing", SEVERITY_WARNING,
                              "Tệp không có sheet 'Danh mục'; dùng bộ chỉ số mặc định "
                              f"'{meta.catalog or DEFAULT_CATALOG}' để kiểm tra.")]
    rows, _ = _sheet_rows(book, name, limits)
    return _parse_catalog(tuple(tuple(cell_text(v) for v in row) for row in rows), name, meta.catalog)


@functools.lru_cache(maxsize=16)
def _parse_catalog(rows: tuple[tuple[str, ...], ...], name: str, declared: str) -> tuple[Catalog | None, list[Finding]]:
    """The Danh mục sheet's cell texts -> a Catalog.  Memoised: a merge reads the same catalog
    from every returned workbook (callers must not mutate the result)."""
    header = None
    for r, row in enumerate(rows[:20]):
        folded = [fold(v) for v in row]
        if "ma" in folded and "ten" in folded:
            header = (r, folded)
            break
    if header is None:
        return None, [Finding(name, "A1", None, "", "Danh mục", "catalog-unreadable", SEVERITY_WARNING,
                              "Không đọc được bảng danh mục (thiếu cột 'Mã' và 'Tên'); dùng bộ chỉ số mặc định.")]
    r0, folded = header
    col = {k: folded.index(k) for k in ("ma", "ten", "ten khac", "don vi", "viet tat", "ten goi khac", "tien do")
           if k in folded}
    items, units, statuses = [], [], []
    for row in rows[r0 + 1:]:
        def get(k: str, row=row) -> str:
            return row[col[k]] if k in col and col[k] < len(row) else ""

        code, name_ = get("ma"), get("ten")
        if code and name_ and re.fullmatch(r"\d{1,2}(\.[a-z0-9]{1,3})?", code):
            aliases = tuple(a.strip() for a in get("ten khac").split(";") if a.strip())
            items.append(Item(code, name_, aliases))
        if get("don vi"):
            units.append(Unit(get("don vi"), get("viet tat"),
                              tuple(a.strip() for a in get("ten goi khac").split(";") if a.strip())))
        if get("tien do"):
            statuses.append(get("tien do"))
    if not items:
        return None, [Finding(name, "A1", None, "", "Danh mục", "catalog-unreadable", SEVERITY_WARNING,
                              "Sheet 'Danh mục' không có chỉ số nào; dùng bộ chỉ số mặc định.")]
    key = declared if declared in CATALOGS else "workbook"
    builtin_units = load_catalog().units
    return Catalog(key, f"Danh mục trong tệp ({name})", items, units or builtin_units,
                   tuple(statuses) if set(statuses) >= set(STATUSES) else STATUSES), []
