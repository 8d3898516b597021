"""Read any returned workbook (.xlsx, .xlsm, .xls, .ods) into plain data.

The task sheet and its header row are found by header *text*, not position
(:mod:`papi_xl.inputs.header`); columns may be inserted, moved or renamed slightly.  Index and
sub-content written once (merged, or left blank) are carried down.  Every value keeps its true sheet
row so findings can name the A1 cell.

:func:`read_workbook` raises an :class:`~papi_xl.errors.InputError` (a Vietnamese message) when a
file cannot be read at all; everything else becomes a :class:`~papi_xl.registry.Finding`.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from papi_xl import messages as msg
from papi_xl.contract.workbook import DATE_KEYS, INFO_FIELDS, TASK_COLUMNS, TASK_KEYS, TASKS, InfoField, Metadata
from papi_xl.domain.catalog import DEFAULT_CATALOG, Catalog, is_catalog_key, load_catalog
from papi_xl.domain.period import parse_period
from papi_xl.domain.text import TextMemo, decode_legacy, detect_legacy, fold, one_line
from papi_xl.domain.values import cell_text, to_date, to_int
from papi_xl.errors import InputError, InputTooLarge, UnreadableInput
from papi_xl.inputs.catalog_sheet import parse_catalog
from papi_xl.inputs.guard import check_package, check_size, sniff
from papi_xl.inputs.header import find_header
from papi_xl.inputs.marks import mark_columns, status_from_marks
from papi_xl.inputs.table import TableRows, carry_merged, classify, field_names
from papi_xl.ooxml.refs import column_letter
from papi_xl.registry import Finding, finding
from papi_xl.settings import Settings
from papi_xl.vocab import KNOWN_TEMPLATE_VERSIONS, Sheet

if TYPE_CHECKING:
    import pandas as pd


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

    def column_text(self, values: list) -> list[str]:
        """:meth:`cell_text` of a column's values (a text seen before costs one dict look-up)."""
        known, cell = self.texts.texts.get, self.cell_text
        return [t if type(v) is str and (t := known(v)) is not None else cell(v) for v in values]

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
    values: dict[str, list]  # one list per column of :attr:`frame` (what the rules read: no frame is built)
    unmapped: list[tuple[str, str]] = field(default_factory=list)  # (column letter, header text)

    @functools.cached_property
    def frame(self) -> pd.DataFrame:
        """One row per task; TASK_KEYS + "_row" + "<date>_raw" + "<date>_text" (built when first asked for)."""
        import pandas as pd  # here: checking a workbook needs no frame, and importing pandas is a third of a click

        frame = pd.DataFrame(self.values)
        for key in DATE_KEYS:
            frame[key] = frame[key].astype(object)
        return frame

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
SUFFIXES = {"xlsx": (".xlsx", ".xlsm"), "xlsm": (".xlsm", ".xlsx"), "xls": (".xls",), "ods": (".ods",),
            "xlsb": (".xlsb",)}
FORMAT_NAMES = {"xlsx": "Excel .xlsx", "xlsm": "Excel .xlsm", "xls": "Excel 97-2003 .xls", "ods": "OpenDocument .ods",
                "xlsb": "Excel .xlsb"}


def open_book(path: Path, fmt: str):
    """A calamine workbook, opened by the format of the content (an .xls renamed .xlsx opens as .xls)."""
    import python_calamine as pc  # imported where a file is opened: the Excel buttons read values without it

    try:
        if path.suffix.lower() in SUFFIXES.get(fmt, ()) and _utf8(str(path)):
            return pc.CalamineWorkbook.from_path(str(path))
        with path.open("rb") as fh:  # calamine picks the reader by the extension; the content decides here
            return pc.CalamineWorkbook.from_filelike(fh)
    except Exception as exc:  # calamine raises several types
        text = str(exc)
        if "password" in text.lower() or "encrypt" in text.lower():
            raise UnreadableInput(msg.PASSWORD.format(name=path.name), "password") from exc
        raise UnreadableInput(msg.CORRUPT.format(name=path.name, reason=text[:120]), "corrupt") from exc


def _utf8(name: str) -> bool:
    """A path calamine can open by name (a file name that is not UTF-8 is opened as a file object)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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


@dataclass
class _Candidate:
    """A sheet whose header row maps the task columns."""

    name: str
    rows: list[list]
    merged: list
    header: int  # 0-based row of the header
    mapping: dict[str, int]
    unmapped: list[tuple[int, str]]
    used: int  # rows the header takes (a two-row header: 2)
    joined: list[tuple[int, int]] = field(default_factory=list)  # (top row, row joined into it), 0-based
    marks: dict[int, str] = field(default_factory=dict)  # Tiến độ given as marks: column -> status it means


_NOT_TASK_SHEETS = {fold(s) for s in (Sheet.INFO, Sheet.CATALOG, Sheet.CHECK, Sheet.GUIDE)}
_SUMMARY = fold(Sheet.SUMMARY)


def _task_sheets(book, names: list[str], session: ReadSession) -> list[_Candidate]:
    """Every sheet with a task table, the canonical "Nhiệm vụ" first (a clerk's copy "Nhiệm vụ (2)" after)."""
    ordered = sorted(names, key=lambda n: (fold(n) != fold(Sheet.TASKS), "nhiem vu" not in fold(n)))
    found: list[_Candidate] = []
    for name in ordered:
        if fold(name) in _NOT_TASK_SHEETS:
            continue
        if found and fold(name) == _SUMMARY:
            continue  # the form's Tổng hợp sheet: never compared with the task sheet read (_read_book), not parsed
        try:
            rows, merged = _sheet_rows(book, name, session)
        except InputError:
            raise
        except Exception:
            continue
        header = find_header(rows)
        if header:
            found.append(_Candidate(name, rows, merged, *header))
    return found


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
    book = open_book(path, fmt)
    try:
        names = [m.name for m in book.sheets_metadata if str(m.typ).endswith("WorkSheet")] or list(book.sheet_names)
    except Exception:
        names = list(book.sheet_names)
    data = _read_book(book, names, path, fmt, catalog, session)
    if path.suffix.lower() not in SUFFIXES.get(fmt, ()):
        data.findings.insert(0, finding("format-mismatch", suffix=path.suffix or "(không có đuôi)",
                                        actual=FORMAT_NAMES.get(fmt, fmt)))
    return data


def read_rows(sheets: dict[str, list[list]], name: str = "Excel", catalog: Catalog | None = None,
              merged: dict[str, list] | None = None, session: ReadSession | None = None) -> WorkbookData:
    """Read sheets given as values (rows from A1), e.g. from the workbook open in Excel."""
    book = RowsBook(sheets, merged)
    return _read_book(book, book.sheet_names, Path(name), "excel", catalog, session or ReadSession())


def _read_book(book, names: list[str], path: Path, fmt: str, catalog: Catalog | None,
               session: ReadSession) -> WorkbookData:
    candidates = _candidates(book, names, path, session)
    info_name = _find_sheet(names, Sheet.INFO)
    info_rows = _sheet_rows(book, info_name, session)[0] if info_name else []
    first = candidates[0]
    columns = _columns(first, session)
    # one legacy-font decision for the whole file: its cells together say which table was used
    encoding = detect_legacy([t for col in columns[1].values() for t in col]
                             + [session.cell_text(v) for row in info_rows[:200] for v in row[:6]])
    meta, findings = read_info(info_rows, info_name or Sheet.INFO, session, encoding) if info_name \
        else (Metadata(), [])
    wb_catalog, cat_findings = _read_catalog(book, names, meta, session)
    findings += cat_findings
    if catalog is None:
        catalog = wb_catalog or load_catalog(meta.catalog if is_catalog_key(meta.catalog) else DEFAULT_CATALOG)
    source = "workbook" if wb_catalog is not None else "builtin"
    table, table_findings = _table(first, columns, encoding)
    findings += table_findings
    findings += _table_findings(table, meta)
    findings += _other_tables(table, candidates[1:], session, encoding)
    return WorkbookData(path, fmt, names, meta, catalog, source, table, findings)


def _candidates(book, names: list[str], path: Path, session: ReadSession) -> list[_Candidate]:
    """The task sheets of a book (:func:`_task_sheets`); an :class:`UnreadableInput` when a sheet cannot be
    read or none has a task table."""
    try:
        candidates = _task_sheets(book, names, session)
    except InputError:
        raise
    except Exception as exc:
        raise UnreadableInput(msg.CORRUPT_CONTENT.format(name=path.name, reason=str(exc)[:120]), "corrupt") from exc
    if not candidates:
        raise UnreadableInput(msg.NO_TASK_SHEET.format(name=path.name), "no-task-sheet")
    return candidates


def _other_tables(table: TaskTable, others: list[_Candidate], session: ReadSession,
                  encoding: str | None) -> list[Finding]:
    """The task sheets after the one read: each real second task table compared with it (:func:`_compare_sheets`)."""
    findings = []
    for other in others:
        copy = _table(other, _columns(other, session), encoding)[0]
        if copy.values["_row"] and fold(other.name) != _SUMMARY:  # a real second task table
            findings.append(_compare_sheets(table, copy))
    return findings


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
def _columns(c: _Candidate, session: ReadSession) -> tuple[dict[str, list], dict[str, list[str]]]:
    """Every mapped column of the body once: raw values and their cleaned text (merged values applied)."""
    c.joined = carry_merged(c.rows, c.merged, c.mapping)
    _read_marks(c)
    body = c.rows[c.header + c.used:]
    raw = {k: [row[i] if i < len(row) else "" for row in body] for k, i in c.mapping.items()}
    return raw, {k: session.column_text(values) for k, values in raw.items()}


def _read_marks(c: _Candidate) -> None:
    """Tiến độ given as marks under status-named columns (:mod:`papi_xl.inputs.marks`): the status
    column of each task row holds the status its mark says; the mark columns are part of the form."""
    columns = mark_columns(c.rows, c.header, c.mapping)
    if not columns:
        return
    below = c.rows[c.header + 1] if c.header + 1 < len(c.rows) else []
    if any(i < len(below) and cell_text(below[i]) for i in columns):
        c.used = max(c.used, 2)  # the status names sit under a "Tiến độ" header
    target = c.mapping.setdefault("status", min(columns))
    status_from_marks(c.rows, c.header + c.used, columns, target, c.mapping.get("task"))
    c.unmapped = [(i, t) for i, t in c.unmapped if i not in columns]
    c.marks = columns


def _table(c: _Candidate, columns: tuple[dict[str, list], dict[str, list[str]]], encoding: str | None,
           ) -> tuple[TaskTable, list[Finding]]:
    raw_cols, text_cols = columns
    first = c.header + c.used  # 0-based row of the first body row
    findings = _decode_legacy(text_cols, c.mapping, first, c.name, encoding) if encoding else []
    header_folds = {fold(str(v)) for v in c.rows[c.header] if v not in ("", None)}
    rows = classify(text_cols, len(raw_cols[next(iter(raw_cols))]) if raw_cols else 0, header_folds)
    findings += _left_out(rows, first, c)
    if c.marks:
        letters = ", ".join(f"{column_letter(i)} ({name})" for i, name in sorted(c.marks.items()))
        findings.append(finding("status-marks", sheet=c.name, cell=f"{column_letter(min(c.marks))}{c.header + 1}",
                                row=c.header + 1, column=column_letter(min(c.marks)), field=TASKS.header("status"),
                                columns=letters))
    values = _values(raw_cols, text_cols, rows, first)
    table = TaskTable(c.name, c.header + 1, c.mapping, values, [(column_letter(i), t) for i, t in c.unmapped])
    return table, findings


def _left_out(rows: TableRows, first: int, c: _Candidate) -> list[Finding]:
    """One finding per run of rows that are not tasks (dragged dropdown values, lines under the table)."""
    task_col = column_letter(c.mapping.get("task", 0))

    def span(a: int, b: int) -> str:
        return f"Dòng {first + a + 1}" if a == b else f"Dòng {first + a + 1}–{first + b + 1}"

    out = [finding("rows-ignored", sheet=c.name, cell=f"{task_col}{first + a + 1}", row=first + a + 1,
                   column=task_col, field=TASKS.header("task"), rows=span(a, b), fields=field_names(what))
           for a, b, what in rows.ignored]
    out += [finding("below-table", sheet=c.name, cell=f"A{first + a + 1}", row=first + a + 1, column="A",
                    rows=span(a, b), text=one_line(text)[:40]) for a, b, text in rows.below]
    out += [finding("rows-joined", sheet=c.name, cell=f"{task_col}{r + 1}", row=r + 1, column=task_col,
                    field=TASKS.header("task"), joined=r + 1, top=top + 1) for top, r in c.joined]
    return out


def _decode_legacy(text_cols: dict[str, list[str]], mapping: dict[str, int], first: int, sheet: str,
                   encoding: str) -> list[Finding]:
    """TCVN3 / VNI text (old .VnTime fonts) converted in place; one finding per cell."""
    findings = []
    for k, col in text_cols.items():
        if k in DATE_KEYS:
            continue
        for i, text in enumerate(col):
            converted = decode_legacy(text, encoding)
            if converted:
                letter = column_letter(mapping[k])
                r = first + i + 1
                findings.append(finding("legacy-encoding", sheet=sheet, cell=f"{letter}{r}", row=r, column=letter,
                                        field=TASKS.header(k), encoding=encoding, converted=converted[:60]))
                col[i] = converted
    return findings


def _values(raw_cols, text_cols, rows: TableRows, first: int) -> dict[str, list]:
    """The task rows of every column (dates parsed, their raw text kept for the date rules)."""
    keep = rows.tasks
    data: dict[str, list] = {"_row": [first + i + 1 for i in keep]}
    for key in TASK_KEYS:
        if key in DATE_KEYS:
            raw = raw_cols.get(key)
            data[key] = [to_date(raw[i]) for i in keep] if raw else [None] * len(keep)
        else:
            col = text_cols.get(key)
            data[key] = [col[i] for i in keep] if col else [""] * len(keep)
    for key in DATE_KEYS:
        col, raw = text_cols.get(key), raw_cols.get(key)
        data[f"{key}_raw"] = [col[i] for i in keep] if col else [""] * len(keep)
        # a date typed as text ("15/3/2025"): understood, but Excel (and the Tổng hợp formulas) see text
        data[f"{key}_text"] = [isinstance(raw[i], str) and bool(raw[i].strip()) for i in keep] if raw \
            else [False] * len(keep)
    data["_index_carried"] = rows.index_carried
    data["_sub_carried"] = rows.sub_carried
    return data


_COMPARED = ("task", "index", "sub", "lead", "status", "result", "evidence", "due", "done_date")


def _compare_sheets(read: TaskTable, other: TaskTable) -> Finding:
    """A second task sheet: identical to the one read (a Cảnh báo), or different (a Lỗi saying how)."""
    a, b = read.frame, other.frame
    rows_a = [tuple(str(a[k].iloc[i]) if k in a else "" for k in _COMPARED) for i in range(len(a))]
    rows_b = [tuple(str(b[k].iloc[i]) if k in b else "" for k in _COMPARED) for i in range(len(b))]
    if rows_a == rows_b:
        return finding("duplicate-sheet", sheet=other.sheet, read=read.sheet, other=other.sheet)
    if len(rows_a) != len(rows_b):
        difference = f"{len(rows_a)} và {len(rows_b)} nhiệm vụ"
    else:
        changed = [i for i, (x, y) in enumerate(zip(rows_a, rows_b, strict=True)) if x != y]
        i = changed[0]
        fields = field_names({k for k, x, y in zip(_COMPARED, rows_a[i], rows_b[i], strict=True) if x != y})
        difference = (f"{len(changed)} nhiệm vụ khác nhau, ví dụ dòng {int(a['_row'].iloc[i])} / "
                      f"{int(b['_row'].iloc[i])}: {fields}")
    return finding("conflicting-sheets", sheet=other.sheet, read=read.sheet, other=other.sheet,
                   difference=difference)


# -- Thông tin and Danh mục -------------------------------------------------------------------------------
def _find_sheet(names: list[str], wanted: str) -> str | None:
    for n in names:
        if fold(n) == fold(wanted):
            return n
    return None


_INFO_LABELS = {fold(text): f for f in INFO_FIELDS for text in (f.label, *f.synonyms)}


def read_info(rows: list[list], name: str = Sheet.INFO, session: ReadSession | None = None,
              encoding: str | None = None) -> tuple[Metadata, list[Finding]]:
    """The Thông tin sheet's rows: each label (or a synonym) found in the first columns, its value right
    of it (text typed in a legacy font converted when ``encoding`` says the file uses one)."""
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
            converted = decode_legacy(text, encoding) if encoding and f.kind in ("text", "period") else None
            if converted:
                findings.append(finding("legacy-encoding", sheet=name, cell=meta.cells[f.key], row=r + 1,
                                        column=letter, field=f.label, encoding=encoding, converted=converted[:60]))
                text = converted
            if not _store_info(meta, f, value, text):
                findings.append(finding("invalid-date", sheet=name, cell=meta.cells[f.key], row=r + 1,
                                        column=letter, field=f.label, text=text))
            break
    return meta, findings


def _store_info(meta: Metadata, f: InfoField, value: object, text: str) -> bool:
    """Store one Thông tin value by its field's kind (a year, a date, a period or text); False when a date
    field holds text that is not a date."""
    if f.kind == "year":
        meta.year = to_int(value)
    elif f.kind == "date":
        setattr(meta, f.key, to_date(value))
        if text and to_date(value) is None:
            return False
    elif f.kind == "period":
        meta.period = parse_period(text) or text
    else:
        setattr(meta, f.key, text)
    return True


def _read_catalog(book, names, meta: Metadata, session: ReadSession) -> tuple[Catalog | None, list[Finding]]:
    name = _find_sheet(names, Sheet.CATALOG)
    if name is None:
        return None, [finding("catalog-missing", sheet=Sheet.CATALOG, field=Sheet.CATALOG,
                              catalog=meta.catalog or DEFAULT_CATALOG)]
    rows, _ = _sheet_rows(book, name, session)
    return session.catalog(tuple(tuple(session.cell_text(v) for v in row) for row in rows), name, meta.catalog)
