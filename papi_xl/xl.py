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

In xlwings Lite (Pyodide, Python in the browser) this module and everything the Kiểm tra and Tổng hợp
buttons import run without python-calamine, typer and rich (the wheel does not require them on
``sys_platform == "emscripten"``; tests/test_lite.py): install papi-xl from its wheel's URL in the
xlwings Lite requirements.txt, and call ``validate(book)`` / ``summarize(book)`` from ``@script``
functions of main.py.  The Tổng hợp các đơn vị button needs a computer's folder: in the browser it says
so and points to ``papi-xl merge``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from pathlib import Path

from papi_xl import messages as msg
from papi_xl.contract import snapshot as snapshot_spec
from papi_xl.contract.check_sheet import CHECK, NO_CELL
from papi_xl.contract.workbook import INFO_BY_KEY
from papi_xl.errors import PapiError, UsageError
from papi_xl.inputs.read import read_info, read_rows
from papi_xl.ooxml.refs import column_letter
from papi_xl.outputs.views import check_rows, check_summary, snapshot
from papi_xl.pipeline.rollup import rollup
from papi_xl.rules.validate import fixed_findings
from papi_xl.rules.validate import validate as run_rules
from papi_xl.vocab import Severity, Sheet

# Actions the xlwings Office.js client implements (xlwings Server's xlwings.js); the
# entry points emit nothing else.
OFFICEJS_ACTIONS = frozenset({
    "setValues", "rangeClearContents", "rangeClearFormats", "rangeClear", "addSheet", "setSheetName",
    "setAutofit", "setRangeColor", "activateSheet", "addHyperlink", "setNumberFormat", "alert", "setRangeName",
    "namesAdd", "nameDelete", "runMacro", "rangeDelete", "rangeInsert", "rangeSelect", "copyRange",
    "sheetDelete", "sheetClear", "sheetClearFormats", "sheetClearContents", "freezePaneAtRange",
})
COLOURS = {Severity.ERROR: "#FFC7CE", Severity.WARNING: "#FFEB9C"}
NO_FILL = "#FFFFFF"  # Office.js cannot set "no fill"


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
    book.app.alert(text, title=msg.XL_TITLE)


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
    except PapiError as exc:
        _alert(book, f"{failed}: {exc.message}")
    except Exception as exc:  # noqa: BLE001 - a button shows a message, never a traceback
        _alert(book, msg.XL_INTERNAL.format(kind=type(exc).__name__))


def validate(book=None) -> None:
    """Button **Kiểm tra**: colour the faulty cells and refresh the Kiểm tra sheet."""
    book = _caller(book)
    with _button(book, msg.XL_CANNOT_CHECK):
        previous = _previous_cells(book)
        v = run_rules(_read(book))
        findings = fixed_findings(v)  # the values understood approximately are rewritten below
        # everything is computed; now write
        sheets = {s.name: s for s in book.sheets}
        _write_fixes(sheets, v.fixes)
        _colour_cells(sheets, previous, findings)
        _write_check_sheet(book, sheets, findings)
        verdict = msg.XL_VERDICT_OK if v.ok else msg.XL_VERDICT_FIX
        fixed = msg.XL_FIXED.format(n=len(v.fixes)) if v.fixes else ""
        _alert(book, msg.XL_CHECKED.format(errors=v.errors, warnings=len(findings) - v.errors, verdict=verdict)
               + fixed)


def _previous_cells(book) -> list[tuple[str, str]]:
    """The (sheet, cell) pairs the last Kiểm tra sheet listed: their colours are ours to remove."""
    cell_col, sheet_col = CHECK.index("cell"), CHECK.index("sheet")
    for s in book.sheets:
        if s.name == Sheet.CHECK:
            return [(r[sheet_col], r[cell_col]) for r in _values(s)[CHECK.header_row:]
                    if len(r) > cell_col and r[sheet_col] and r[cell_col] not in ("", NO_CELL)]
    return []


def _write_fixes(sheets: dict, fixes) -> None:
    """The values understood approximately, rewritten in their canonical form."""
    for fx in fixes:
        if fx.sheet in sheets:
            cell = sheets[fx.sheet].range(fx.cell)
            if isinstance(fx.new, dt.date):
                cell.value = dt.datetime.combine(fx.new, dt.time())
                cell.number_format = "dd/mm/yyyy"
            else:
                cell.value = str(fx.new)


def _colour_cells(sheets: dict, previous: list[tuple[str, str]], findings) -> None:
    """Last run's colours go (annotations are replaced, not stacked); each faulty cell gets the colour
    of its worst finding."""
    for sheet, cell in previous:
        if sheet in sheets:
            sheets[sheet].range(cell).color = NO_FILL
    worst: dict[tuple[str, str], Severity] = {}
    for f in findings:
        if f.cell and f.sheet in sheets and worst.get((f.sheet, f.cell)) != Severity.ERROR:
            worst[(f.sheet, f.cell)] = f.severity
    for (sheet, cell), severity in worst.items():
        sheets[sheet].range(cell).color = COLOURS[severity]


def _write_check_sheet(book, sheets: dict, findings) -> None:
    """The Kiểm tra sheet: summary line, one row per finding, coloured severity, a link to the cell."""
    check = _sheet(book, Sheet.CHECK)
    rows = check_rows(findings)
    check["A1"].value = check_summary(findings)
    check[f"A{CHECK.header_row}"].value = [list(CHECK.headers), *rows]
    severity_col = column_letter(CHECK.index("severity"))
    link_col = column_letter(CHECK.index("cell"))
    for f, row in zip(findings, rows, strict=True):
        r = row[0] + CHECK.header_row
        check[f"{severity_col}{r}"].color = COLOURS[f.severity]
        if f.cell and f.sheet in sheets:
            check[f"{link_col}{r}"].add_hyperlink(f"#'{f.sheet}'!{f.cell}", f.cell, f"Đến ô {f.cell}")


def summarize(book=None) -> None:
    """Button **Tổng hợp**: the roll-up as values beside the live formulas of the Tổng hợp sheet."""
    book = _caller(book)
    with _button(book, msg.XL_CANNOT_SUMMARIZE):
        v = run_rules(_read(book))
        r = rollup(v)
        snap = snapshot(r, v.errors, v.warnings)
        sheets = {s.name: s for s in book.sheets}
        target = sheets.get(Sheet.SUMMARY)
        col = snapshot_spec.FIRST_COLUMN
        if target is None:
            target, col = _sheet(book, Sheet.SUMMARY), 1
        first = column_letter(col - 1)
        last = column_letter(col + snap.width - 2)
        height = max(len(_values(target)), len(snap.grid)) + 2
        target[f"{first}1:{last}{height}"].clear()  # last run's snapshot goes (the live formulas stay)
        target[f"{first}1"].value = snap.grid
        for i, j, _, style in snap.styled_cells():  # the portable API has fills and number formats
            cell = target[f"{column_letter(col + j - 1)}{i + 1}"]
            if style.fill:
                cell.color = f"#{style.fill}"
            if style.pct:
                cell.number_format = "0.0%"
        t = r.totals
        pct = "-" if t["pct_done"] is None else f"{t['pct_done']:.1f}%"
        _alert(book, msg.XL_SUMMARIZED.format(total=t["total"], done=t["done"], pct=pct, overdue=t["overdue"],
                                              sheet=Sheet.SUMMARY, column=first))


FOLDER_LABEL = INFO_BY_KEY["folder"].label  # "Thư mục báo cáo trả về"
EXPECTED_LABEL = INFO_BY_KEY["expected"].label  # "Danh sách đơn vị phải nộp"


def merge(book=None, folder: str | None = None) -> None:
    """Button **Tổng hợp các đơn vị**: merge the folder of returned workbooks named on the Thông tin
    sheet (label "Thư mục báo cáo trả về" or a synonym; a relative path is taken from the workbook's
    folder) into ``tong-hop-cac-don-vi.xlsx`` beside that folder.  The same sheet gives what the command
    line takes as ``--unit`` and ``--expected``: the merging unit (Đơn vị) and the list of units that must
    return a workbook (Danh sách đơn vị phải nộp), so that the summary names who has not.  The plan year
    is the returned workbooks' own, as without ``--year`` (a year left over in this sheet must not reject
    a whole province's returns)."""
    book = _caller(book)
    with _button(book, msg.XL_CANNOT_SUMMARIZE):
        if sys.platform == "emscripten":  # xlwings Lite: Python in the browser sees no folder of the computer
            raise UsageError(msg.XL_MERGE_IN_BROWSER)
        from papi_xl.api import merge_files  # the other buttons do not pay for the merge machinery

        info = next((s for s in book.sheets if s.name == Sheet.INFO), None)
        meta = read_info(_values(info))[0] if info is not None else None
        folder = folder if folder is not None else (meta.folder if meta else "")
        if not folder:
            raise UsageError(msg.NO_FOLDER.format(sheet=Sheet.INFO, label=FOLDER_LABEL))
        path = _beside(book, folder)
        if not path.is_dir():
            raise UsageError(msg.FOLDER_NOT_FOUND.format(path=path))
        expected = _beside(book, meta.expected) if meta and meta.expected else None
        if expected is not None and not expected.is_file():
            raise UsageError(msg.EXPECTED_NOT_FOUND.format(path=expected, sheet=Sheet.INFO, label=EXPECTED_LABEL))
        result = merge_files([path], path.parent / "tong-hop-cac-don-vi.xlsx", expected=expected,
                             unit=meta.unit if meta else "")
        c = result.counts()
        _alert(book, msg.XL_MERGED.format(files=len(result.inputs), accepted=c["Đã nhận"], rejected=c["Từ chối"],
                                          missing=c["Chưa nộp"], path=result.path))


def _beside(book, text: str) -> Path:
    """A path typed on the Thông tin sheet; a relative one is taken from the workbook's folder."""
    path = Path(text.strip().strip('"'))
    if not path.is_absolute():
        try:
            path = Path(book.fullname).parent / path
        except Exception:  # noqa: BLE001 - a browser-hosted book has no folder
            pass
    return path
