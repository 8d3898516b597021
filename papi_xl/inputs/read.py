"""Read any returned workbook (.xlsx, .xlsm, .xls, .ods) into plain data.

The task sheet and its header row are found by header *text*, not position
(:mod:`papi_xl.inputs.header`); columns may be inserted, moved or renamed slightly.  Index and
sub-content written once (merged, or left blank) are carried down.  Every value keeps its true sheet
row so findings can name the A1 cell.

:func:`read_workbook` raises an :class:`~papi_xl.errors.InputError` (a Vietnamese message) when a
file cannot be read at all; everything else becomes a :class:`~papi_xl.registry.Finding`.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from papi_xl import messages as msg
from papi_xl.contract.workbook import DATE_KEYS, INFO_FIELDS, TASK_COLUMNS, TASK_KEYS, TASKS, Metadata
from papi_xl.domain.catalog import DEFAULT_CATALOG, Catalog, is_catalog_key, load_catalog
from papi_xl.domain.period import parse_period
from papi_xl.domain.text import TextMemo, convert_legacy, fold, legacy_encoding
from papi_xl.domain.values import to_date, to_int
from papi_xl.errors import InputError, InputTooLarge, UnreadableInput
from papi_xl.inputs.catalog_sheet import parse_catalog
from papi_xl.inputs.guard import check_package, check_size, sniff
from papi_xl.inputs.header import NUMBERING, find_header
from papi_xl.ooxml.refs import column_letter
from papi_xl.registry import Finding, finding
from papi_xl.settings import Settings
from papi_xl.vocab import KNOWN_TEMPLATE_VERSIONS, Sheet

_BEYOND_LATIN1 = re.compile(r"[^\x00-\xff]")  # legacy fonts only ever produce Latin-1 code points


class ReadSession:
    """What a reader keeps between files: the settings and bounded memo caches (cleaned texts, parsed
    Danh mục sheets).  A merge worker keeps one session for every file it reads; a single read makes
    its own."""

    def __init__(self, settings: Settings | None = None, catalogs: int = 16):
        self.settings = settings or Settings.from_env()
        self.texts = TextMemo()
        self._catalogs: OrderedDict[tuple, tuple[Catalog | None, list[Finding]]] = OrderedDict()
        self._max_catalogs = catalogs

    def cell_text(self, value: object) -> str:
        if type(value) is str:
            return self.texts.clean(value)
        if value == "" or value is None:
            return ""
        if hasattr(value, "strftime"):
            return value.strftime("%d/%m/%Y")
        return self.texts.clean(value)

    def catalog(self, rows: tuple[tuple[str, ...], ...], name: str, declared: str):
        """A Danh mục sheet parsed once per distinct content (callers must not mutate the result)."""
        key = (rows, name, declared)
        found = self._catalogs.get(key)
        if found is None:
            found = self._catalogs[key] = parse_catalog(rows, name, declared)
            if len(self._catalogs) > self._max_catalogs:
                self._catalogs.popitem(last=False)
        return found


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
        return f"{column_letter(self.columns[key])}{row}"

    def letter(self, key: str) -> str:
        return column_letter(self.columns[key]) if key in self.columns else ""


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
        return any(fold(s) == fold(Sheet.INFO) for s in self.sheet_names)


# -- books -----------------------------------------------------------------------------------------------
def _open(path: Path):
    import python_calamine as pc

    try:
        return pc.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several types
        text = str(exc)
        if "password" in text.lower() or "encrypt" in text.lower():
            raise UnreadableInput(msg.PASSWORD.format(name=path.name), "password") from exc
        raise UnreadableInput(msg.CORRUPT.format(name=path.name, reason=text[:120]), "corrupt") from exc


class RowsBook:
    """Sheets already in memory (e.g. the values an Excel client sends to xlwings),
    read by the same pipeline as a file.  ``sheets`` maps a name to rows from A1."""

    def __init__(self, sheets: dict[str, list[list]], merged: dict[str, list] | None = None):
        self.sheets = sheets
        self.merged = merged or {}
        self.sheet_names = list(sheets)


def _sheet_rows(book, name: str, session: ReadSession) -> tuple[list[list], list]:
    limits = session.settings.limits
    if isinstance(book, RowsBook):
        rows = [list(r) for r in book.sheets[name][: limits.max_rows]]
        return rows, list(book.merged.get(name, []))
    sheet = book.get_sheet_by_name(name)
    if sheet.total_height > limits.max_rows or sheet.total_width > limits.max_columns:
        raise InputTooLarge(msg.TOO_BIG_SHEET.format(sheet=name, rows=sheet.total_height, columns=sheet.total_width,
                                                     max_rows=limits.max_rows, max_columns=limits.max_columns))
    rows = sheet.to_python(skip_empty_area=False)
    merged = sheet.merged_cell_ranges or []
    return rows, merged


def _pick_task_sheet(book, names: list[str], session: ReadSession):
    ordered = sorted(names, key=lambda n: (fold(n) != fold(Sheet.TASKS), "nhiem vu" not in fold(n)))
    for name in ordered:
        if fold(name) in (fold(Sheet.INFO), fold(Sheet.CATALOG)):
            continue
        try:
            rows, merged = _sheet_rows(book, name, session)
        except InputError:
            raise
        except Exception:
            continue
        found = find_header(rows)
        if found:
            return name, rows, merged, found
    return None


def read_workbook(path: str | Path, catalog: Catalog | None = None, session: ReadSession | None = None) -> WorkbookData:
    """Read a workbook into :class:`WorkbookData`. Raises :class:`~papi_xl.errors.InputError`."""
    session = session or ReadSession()
    limits = session.settings.limits
    path = Path(path)
    if not path.exists():
        raise UnreadableInput(msg.NOT_FOUND.format(path=path), "not-found")
    if path.is_file():
        check_size(path, limits)
    fmt = sniff(path)
    check_package(path, fmt, limits)
    book = _open(path)
    try:
        names = [m.name for m in book.sheets_metadata if str(m.typ).endswith("WorkSheet")] or list(book.sheet_names)
    except Exception:
        names = list(book.sheet_names)
    return _read_book(book, names, path, fmt, catalog, session)


def read_rows(sheets: dict[str, list[list]], name: str = "Excel", catalog: Catalog | None = None,
              merged: dict[str, list] | None = None, session: ReadSession | None = None) -> WorkbookData:
    """Read sheets given as values (rows from A1), e.g. from the workbook open in Excel."""
    book = RowsBook(sheets, merged)
    return _read_book(book, book.sheet_names, Path(name), "excel", catalog, session or ReadSession())


def _read_book(book, names: list[str], path: Path, fmt: str, catalog: Catalog | None,
               session: ReadSession) -> WorkbookData:
    findings: list[Finding] = []
    try:
        picked = _pick_task_sheet(book, names, session)
    except InputError:
        raise
    except Exception as exc:
        raise UnreadableInput(msg.CORRUPT_CONTENT.format(name=path.name, reason=str(exc)[:120]), "corrupt") from exc
    if picked is None:
        raise UnreadableInput(msg.NO_TASK_SHEET.format(name=path.name), "no-task-sheet")
    task_sheet, rows, merged, (header, mapping, unmapped, used) = picked

    meta, meta_findings = _read_info(book, names, session)
    findings += meta_findings
    wb_catalog, cat_findings = _read_catalog(book, names, meta, session)
    findings += cat_findings
    if catalog is None:
        catalog = wb_catalog or load_catalog(meta.catalog if is_catalog_key(meta.catalog) else DEFAULT_CATALOG)
    source = "workbook" if wb_catalog is not None else "builtin"

    frame, row_findings = _read_tasks(rows, merged, header + used, mapping, rows[header], task_sheet, session)
    findings += row_findings
    table = TaskTable(task_sheet, header + 1, mapping, frame, [(column_letter(i), text) for i, text in unmapped])
    findings += _table_findings(table, meta)
    return WorkbookData(path, fmt, names, meta, catalog, source, table, findings)


def _table_findings(table: TaskTable, meta: Metadata) -> list[Finding]:
    row = table.header_row
    out = [finding("unmapped-column", sheet=table.sheet, cell=f"{letter}{row}", row=row, column=letter, field=text,
                   text=text) for letter, text in table.unmapped]
    out += [finding("missing-column", sheet=table.sheet, cell=f"A{row}", row=row, field=col.header,
                    header=col.header, header_row=row) for col in TASK_COLUMNS if col.required and col.key not in table.columns]
    if meta.version and meta.version not in KNOWN_TEMPLATE_VERSIONS:
        out.append(finding("template-version", sheet=Sheet.INFO, cell=meta.cells.get("version", ""), column="B",
                           field="Phiên bản biểu mẫu", version=meta.version, current=KNOWN_TEMPLATE_VERSIONS[-1]))
    return out


# -- the task rows ---------------------------------------------------------------------------------------
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


def _read_tasks(rows, merged, first, mapping, header_cells, sheet, session) -> tuple[pd.DataFrame, list[Finding]]:
    merged_index_cols = {mapping.get("index"), mapping.get("sub")} - {None}
    _carry_merged(rows, [m for m in merged if m[0][1] in merged_index_cols and m[1][1] in merged_index_cols])
    header_folds = {fold(session.cell_text(v)) for v in header_cells if session.cell_text(v)}
    body = rows[first:]
    keys = list(mapping)
    # 1. every column converted once: raw values and their cleaned text
    raw_cols = {k: [row[mapping[k]] if mapping[k] < len(row) else "" for row in body] for k in keys}
    text_cols = {k: list(map(session.cell_text, raw_cols[k])) for k in keys}
    findings = _decode_legacy(text_cols, mapping, first, sheet)
    keep, carried_index, carried_sub = _task_rows(text_cols, keys, len(body), header_folds)
    return _frame(raw_cols, text_cols, keep, first, carried_index, carried_sub), findings


def _decode_legacy(text_cols: dict[str, list[str]], mapping: dict[str, int], first: int, sheet: str) -> list[Finding]:
    """TCVN3 / VNI text (old .VnTime fonts) converted in place; one finding per cell.  Only cells made of
    Latin-1 characters can be legacy."""
    findings = []
    for k, col in text_cols.items():
        if k in DATE_KEYS:
            continue
        for i, text in enumerate(col):
            if text and len(text) >= 4 and not _BEYOND_LATIN1.search(text):
                enc = legacy_encoding(text)
                if enc:
                    converted = convert_legacy(text, enc)
                    letter = column_letter(mapping[k])
                    r = first + i + 1
                    findings.append(finding("legacy-encoding", sheet=sheet, cell=f"{letter}{r}", row=r, column=letter,
                                            field=TASKS.header(k), variant=None if converted else "unconverted",
                                            encoding=enc, converted=(converted or "")[:60]))
                    col[i] = converted or text
    return findings


def _task_rows(text_cols: dict[str, list[str]], keys: list[str], n: int, header_folds: set[str]):
    """Which rows are tasks: skip blank, numbering and repeated header rows; group rows (only an index /
    sub-content label) set the context that later rows carry down.  Returns (kept row positions,
    index carried?, sub carried?) and writes the carried labels into the index / sub columns."""
    content_keys = [k for k in keys if k not in ("index", "sub", "tt")]
    empty = [""] * n
    index_col, sub_col = text_cols.get("index", empty), text_cols.get("sub", empty)
    keep: list[int] = []
    carried_index, carried_sub = [], []
    prev_index = prev_sub = ""
    for i in range(n):
        present = [text_cols[k][i] for k in keys if text_cols[k][i]]
        if not present or all(NUMBERING.match(t) for t in present):
            continue
        if sum(1 for t in present if len(t) <= 80 and fold(t) in header_folds) >= 3:
            continue  # header repeated after a page break
        index, sub = index_col[i], sub_col[i]
        if not any(text_cols[k][i] for k in content_keys):
            if index:  # a group row: only an index / sub-content label (and maybe TT)
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
    return keep, carried_index, carried_sub


def _frame(raw_cols, text_cols, keep: list[int], first: int, carried_index, carried_sub) -> pd.DataFrame:
    """The kept rows of every column (dates parsed, their raw text kept for the date rules)."""
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
    return frame


# -- Thông tin and Danh mục -------------------------------------------------------------------------------
def _find_sheet(names: list[str], wanted: str) -> str | None:
    for n in names:
        if fold(n) == fold(wanted):
            return n
    return None


_INFO_LABELS = {fold(text): f for f in INFO_FIELDS for text in (f.label, *f.synonyms)}


def _read_info(book, names, session: ReadSession) -> tuple[Metadata, list[Finding]]:
    name = _find_sheet(names, Sheet.INFO)
    if name is None:
        return Metadata(), []
    rows, _ = _sheet_rows(book, name, session)
    return read_info(rows, name, session)


def read_info(rows: list[list], name: str = Sheet.INFO, session: ReadSession | None = None,
              ) -> tuple[Metadata, list[Finding]]:
    """The Thông tin sheet's rows: each label (or a synonym) found in the first columns, its value right
    of it."""
    session = session or ReadSession()
    meta = Metadata()
    findings: list[Finding] = []
    for r, row in enumerate(rows[:200]):
        for c, value in enumerate(row[:6]):
            f = _INFO_LABELS.get(fold(session.cell_text(value)).rstrip(" :"))
            if f is None:
                continue
            vc = c + 1  # the value sits right of its label
            if getattr(meta, f.key) not in ("", None):
                break  # the first occurrence wins
            letter = column_letter(vc)
            meta.cells[f.key] = f"{letter}{r + 1}"
            value = row[vc] if vc < len(row) else ""
            text = session.cell_text(value)
            if f.kind == "year":
                meta.year = to_int(value)
            elif f.kind == "date":
                setattr(meta, f.key, to_date(value))
                if text and to_date(value) is None:
                    findings.append(finding("invalid-date", sheet=name, cell=meta.cells[f.key], row=r + 1,
                                            column=letter, field=f.label, text=text))
            elif f.kind == "period":
                meta.period = parse_period(text) or text
            else:
                setattr(meta, f.key, text)
            break
    return meta, findings


def _read_catalog(book, names, meta: Metadata, session: ReadSession) -> tuple[Catalog | None, list[Finding]]:
    name = _find_sheet(names, Sheet.CATALOG)
    if name is None:
        return None, [finding("catalog-missing", sheet=Sheet.CATALOG, field=Sheet.CATALOG,
                              catalog=meta.catalog or DEFAULT_CATALOG)]
    rows, _ = _sheet_rows(book, name, session)
    return session.catalog(tuple(tuple(session.cell_text(v) for v in row) for row in rows), name, meta.catalog)
