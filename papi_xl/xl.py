"""Excel buttons (xlwings): Kiểm tra, Tổng hợp, Tổng hợp các đơn vị.

The entry points only move data between Excel and the library:

1. read each needed sheet's values **once**;
2. run the same functions as the CLI (:func:`papi_xl.read.read_rows`,
   :func:`papi_xl.validate.validate`, :func:`papi_xl.rollup.rollup`,
   :func:`papi_xl.api.merge_files`) and the same views (:mod:`papi_xl.views`);
3. write values, fill colours, number formats, hyperlinks, new or cleared
   sheets, and one message box - all computed before the first write, so an
   error never leaves a half-written sheet.

They use the portable xlwings API only (no ``.api``, nothing read back), so the
same code runs from VBA ``RunPython`` with a local Python and as xlwings Lite /
xlwings Server scripts.  The actions this produces for an Office.js client
are limited to :data:`OFFICEJS_ACTIONS` (tested); Office.js has no action for
cell notes, so the buttons colour cells and list every message on the Kiểm tra
sheet (the CLI's annotated copy also adds notes).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

from papi_xl.contract.workbook import INFO_BY_KEY, SEVERITY_ERROR, SHEET_CHECK, SHEET_INFO, SHEET_SUMMARY
from papi_xl.domain.text import fold
from papi_xl.inputs.read import ReadError, col_letter, read_rows
from papi_xl.outputs.views import CHECK_HEADERS, check_rows, check_summary, snapshot

# Actions the xlwings Office.js client implements (xlwings Server's xlwings.js); the
# entry points emit nothing else.
OFFICEJS_ACTIONS = frozenset({
    "setValues", "rangeClearContents", "rangeClearFormats", "rangeClear", "addSheet", "setSheetName",
    "setAutofit", "setRangeColor", "activateSheet", "addHyperlink", "setNumberFormat", "alert", "setRangeName",
    "namesAdd", "nameDelete", "runMacro", "rangeDelete", "rangeInsert", "rangeSelect", "copyRange",
    "sheetDelete", "sheetClear", "sheetClearFormats", "sheetClearContents", "freezePaneAtRange",
})
COLOURS = {SEVERITY_ERROR: "#FFC7CE", "Cảnh báo": "#FFEB9C"}
TITLE = "papi-xl"
SNAPSHOT_COLUMN = 12  # L: right of the live formulas, as the CLI writes it


def _caller(book):
    if book is not None:
        return book
    import xlwings as xw

    return xw.Book.caller()


def _values(sheet) -> list[list]:
    """A sheet's values as rows from A1 (one read), Excel dates given as serial numbers."""
    rng = sheet.used_range
    values = rng.value
    if values is None:
        return []
    if not isinstance(values, list):
        values = [[values]]
    elif values and not isinstance(values[0], list):
        values = [values]
    top, left = rng.row - 1, rng.column - 1
    rows = [[""] * (left + len(values[0])) for _ in range(top)]
    for row in values:
        rows.append([""] * left + [_cell(v) for v in row])
    return rows


def _cell(v):
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.date() if v.time() == dt.time() else v
    return v


def _read(book):
    sheets = {s.name: _values(s) for s in book.sheets}
    return read_rows(sheets, name=book.name)


def _alert(book, text: str) -> None:
    book.app.alert(text, title=TITLE)


def _sheet(book, name: str):
    """The sheet called ``name``, cleared; or a new one at the end."""
    for s in book.sheets:
        if s.name == name:
            s.clear()
            return s
    return book.sheets.add(name, after=book.sheets[len(book.sheets) - 1])


@contextlib.contextmanager
def _button(book, failed: str):
    """Every failure inside a button becomes a Vietnamese message box (never a traceback). The
    buttons compute everything before their first write, so a failure leaves the sheets as they were."""
    try:
        yield
    except ReadError as exc:
        _alert(book, f"{failed}: {exc.message}")
    except Exception as exc:  # noqa: BLE001 - a button shows a message, never a traceback
        _alert(book, f"Lỗi không mong đợi trong papi-xl ({type(exc).__name__}). Tệp chưa bị thay đổi.")


def validate(book=None) -> None:
    """Button **Kiểm tra**: colour the faulty cells and refresh the Kiểm tra sheet."""
    book = _caller(book)
    with _button(book, "Không kiểm tra được"):
        from papi_xl.rules.validate import validate as run_rules

        previous = []
        for s in book.sheets:
            if s.name == SHEET_CHECK:
                previous = [(r[2], r[3]) for r in _values(s)[2:] if len(r) > 3 and r[2] and r[3] not in ("", "-")]
        data = _read(book)
        v = run_rules(data)
        # everything is computed; now write
        sheets = {s.name: s for s in book.sheets}
        for sheet, cell in previous:  # last run's colours go (annotations are replaced, not stacked)
            if sheet in sheets:
                sheets[sheet].range(cell).color = "#FFFFFF"  # Office.js cannot set "no fill"
        worst: dict[tuple[str, str], str] = {}
        for f in v.findings:
            if f.cell and f.sheet in sheets:
                key = (f.sheet, f.cell)
                if worst.get(key) != SEVERITY_ERROR:
                    worst[key] = f.severity
        for (sheet, cell), severity in worst.items():
            sheets[sheet].range(cell).color = COLOURS[severity]
        check = _sheet(book, SHEET_CHECK)
        rows = check_rows(v.findings)
        check["A1"].value = check_summary(v.findings)
        check["A2"].value = [list(CHECK_HEADERS), *rows]
        for f, row in zip(v.findings, rows, strict=True):
            r = row[0] + 2
            check[f"B{r}"].color = COLOURS[f.severity]
            if f.cell and f.sheet in sheets:
                check[f"D{r}"].add_hyperlink(f"#'{f.sheet}'!{f.cell}", f.cell, f"Đến ô {f.cell}")
        verdict = "Có thể gửi báo cáo." if v.ok else "Hãy sửa các ô tô đỏ rồi bấm Kiểm tra lại."
        _alert(book, f"Kiểm tra xong: {v.errors} lỗi, {v.warnings} cảnh báo. {verdict} Chi tiết ở sheet Kiểm tra.")


def summarize(book=None) -> None:
    """Button **Tổng hợp**: the roll-up as values beside the live formulas of the Tổng hợp sheet."""
    book = _caller(book)
    with _button(book, "Không tổng hợp được"):
        from papi_xl.pipeline.rollup import rollup
        from papi_xl.rules.validate import validate as run_rules

        v = run_rules(_read(book))
        r = rollup(v)
        snap = snapshot(r, v.errors, v.warnings)
        sheets = {s.name: s for s in book.sheets}
        target = sheets.get(SHEET_SUMMARY)
        col = SNAPSHOT_COLUMN
        if target is None:
            target, col = _sheet(book, SHEET_SUMMARY), 1
        first = col_letter(col - 1)
        last = col_letter(col + snap.width - 2)
        old = _values(target)
        height = max(len(old), len(snap.grid)) + 2
        target[f"{first}1:{last}{height}"].clear()  # last run's snapshot goes (the live formulas stay)
        target[f"{first}1"].value = snap.grid
        for i, j, _, style in snap.styled_cells():  # the portable API has fills and number formats
            cell = target[f"{col_letter(col + j - 1)}{i + 1}"]
            if style.fill:
                cell.color = f"#{style.fill}"
            if style.pct:
                cell.number_format = "0.0%"
        t = r.totals
        pct = "-" if t["pct_done"] is None else f"{t['pct_done']:.1f}%"
        _alert(book, f"Tổng hợp xong: {t['total']} nhiệm vụ, hoàn thành {t['done']} ({pct}), quá hạn {t['overdue']}. "
                     f"Xem sheet {SHEET_SUMMARY}, từ cột {first}.")


FOLDER_LABEL = INFO_BY_KEY["folder"].label  # "Thư mục báo cáo trả về"


def merge(book=None, folder: str | None = None) -> None:
    """Button **Tổng hợp các đơn vị**: merge the folder of returned workbooks named on the Thông tin
    sheet (label "Thư mục báo cáo trả về"; a relative path is taken from the workbook's folder) into
    ``tong-hop-cac-don-vi.xlsx`` beside that folder."""
    book = _caller(book)
    with _button(book, "Không tổng hợp được"):
        from papi_xl.api import merge_files

        if folder is None:
            for s in book.sheets:
                if s.name == SHEET_INFO:
                    for row in _values(s):
                        if len(row) > 1 and fold(str(row[0])) == fold(FOLDER_LABEL) and row[1]:
                            folder = str(row[1]).strip()
        if not folder:
            raise ReadError(f"Chưa có đường dẫn thư mục: ghi ở sheet {SHEET_INFO}, dòng '{FOLDER_LABEL}' "
                            "(ví dụ D:\\PAPI\\2025\\tra-ve).", "bad-argument")
        path = Path(folder)
        if not path.is_absolute():
            try:
                path = Path(book.fullname).parent / path
            except Exception:  # noqa: BLE001 - a browser-hosted book has no folder
                pass
        if not path.is_dir():
            raise ReadError(f"Không tìm thấy thư mục '{path}'.", "not-found")
        result = merge_files([path], path.parent / "tong-hop-cac-don-vi.xlsx")
        c = result.counts()
        _alert(book, f"Đã tổng hợp {len(result.inputs)} tệp: {c['Đã nhận']} đã nhận, {c['Từ chối']} từ chối, "
                     f"{c['Chưa nộp']} chưa nộp. Bảng tổng hợp: {result.path}")
