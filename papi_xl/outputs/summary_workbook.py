"""Write a merge result as the summary workbook.

xlsxwriter lays out every sheet (it is ~3x faster than openpyxl for a styled list);
the rows of the long Nhiệm vụ sheet are rendered by :mod:`.sheetdata` and spliced
into its package, in about a quarter of xlsxwriter's per-cell time.

Sheets: Tình hình nộp, Tổng hợp theo chỉ số, Xếp hạng, Nhiệm vụ, Kiểm tra,
Thông tin.  Every text that came from an input is written as a string cell
(xlsxwriter's ``write_string`` with strings never turned into formulas or
links; shared or inline strings in the spliced rows), so ``=HYPERLINK(...)``
or ``+cmd|...`` typed by a commune stays inert text.  The file is written to a
temporary name and renamed at the end.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Iterator
from operator import attrgetter
from pathlib import Path

import pandas as pd
import xlsxwriter
import xlsxwriter.worksheet

from papi_xl import messages as msg
from papi_xl.contract import summary as spec
from papi_xl.domain.period import period_of
from papi_xl.errors import OutputError
from papi_xl.fileio import atomic_path
from papi_xl.ooxml.escape import header_footer, legal
from papi_xl.ooxml.layout import lines_height, row_lines
from papi_xl.ooxml.refs import column_letter
from papi_xl.ooxml.sheetdata import DATE, NUM, STR, Column, SheetRows, render_rows, splice_sheets
from papi_xl.pipeline.load import count, text_lines
from papi_xl.pipeline.merge import MergeResult
from papi_xl.version import __version__
from papi_xl.vocab import Light, Severity, Submission

FONT = "Times New Roman"
STATUS_COLOUR = {Submission.ACCEPTED: "#C6EFCE", Submission.REJECTED: "#FFC7CE", Submission.MISSING: "#FFEB9C",
                 Submission.SUPERSEDED: "#D9D9D9", Submission.SKIPPED: "#EDEDED"}
LIGHT_COLOUR = {Light.RED: "#FFC7CE", Light.YELLOW: "#FFEB9C", Light.GREEN: "#C6EFCE"}
TASK_SHEET = spec.TASKS.name
SLICE = 2_000  # rows rendered at a time (a few MB of XML)
EXCEL_ROWS = 1_048_576  # a worksheet's last row


def _legal_deep(value):
    """``value`` with every string in it (also inside dicts and lists) cleared of XML-illegal characters."""
    if isinstance(value, str):
        return legal(value)
    if isinstance(value, dict):
        return {k: _legal_deep(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_legal_deep(v) for v in value)
    return value


def _legal_args(method):
    @functools.wraps(method)
    def call(*args, **kwargs):
        return method(*_legal_deep(args), **_legal_deep(kwargs))

    return call


class _Worksheet(xlsxwriter.worksheet.Worksheet):
    """Every text reaches the sheet through the one escaper (papi_xl.ooxml.escape): a character XML 1.0
    forbids (control characters, U+FFFE/U+FFFF, a lone surrogate from an undecodable file name) would
    make the part unreadable, or make xlsxwriter fail to encode it."""

    def _write_string(self, row, col, string, cell_format=None):  # write, write_string, merge_range
        return super()._write_string(row, col, legal(string), cell_format)

    def write_comment(self, row, col, comment, options=None):
        return super().write_comment(row, col, legal(comment), _legal_deep(options))


class _Workbook(xlsxwriter.Workbook):
    worksheet_class = _Worksheet

    def add_chart(self, options):
        chart = super().add_chart(options)
        for name in ("add_series", "set_title", "set_x_axis", "set_y_axis"):  # series names, titles
            setattr(chart, name, _legal_args(getattr(chart, name)))
        return chart


class _Writer:
    def __init__(self, target):
        options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
                   "in_memory": True, "default_date_format": "dd/mm/yyyy"}
        self.wb = _Workbook(target, options)
        self.wb.set_properties({"title": spec.KIND, "author": "papi-xl", "comments": spec.KIND})
        base = {"font_name": FONT, "font_size": 11, "valign": "top"}
        f = self.wb.add_format
        self.text = f({**base, "text_wrap": True, "border": 1})
        self.plain = f({**base, "border": 1})
        self.num = f({**base, "border": 1, "align": "center"})
        self.pct = f({**base, "border": 1, "align": "center", "num_format": "0%"})
        self.date = f({**base, "border": 1, "align": "center", "num_format": "dd/mm/yyyy"})
        self.datetime = f({**base, "border": 1, "align": "center", "num_format": "dd/mm/yyyy hh:mm"})
        self.head = f({**base, "bold": True, "text_wrap": True, "border": 1, "bg_color": "#DDEBF7", "align": "center",
                       "valign": "vcenter"})
        self.title = f({"font_name": FONT, "font_size": 14, "bold": True})
        self.italic = f({"font_name": FONT, "font_size": 11, "italic": True})
        self.bold = f({**base, "bold": True, "border": 1, "bg_color": "#E2EFDA", "align": "center"})
        self.bold_text = f({**base, "bold": True, "border": 1, "bg_color": "#E2EFDA", "text_wrap": True})
        self.bold_pct = f({**base, "bold": True, "border": 1, "bg_color": "#E2EFDA", "align": "center",
                           "num_format": "0%"})
        colours: dict[str, str] = {**{str(k): v for k, v in STATUS_COLOUR.items()},
                                   **{str(k): v for k, v in LIGHT_COLOUR.items()}}
        self.coloured = {k: f({**base, "border": 1, "align": "center", "bg_color": v}) for k, v in colours.items()}

    def sheet(self, name: str, title: str, subtitle: str, landscape: bool = True):
        ws = self.wb.add_worksheet(name)
        ws.set_paper(9)
        if landscape:
            ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.set_header(header_footer(f'&C&"{FONT},Regular"&10', title))  # <= 255 characters, & escaped
        ws.set_footer(f"&C&\"{FONT},Regular\"&10Trang &P / &N")
        ws.write_string(0, 0, title, self.title)
        ws.write_string(1, 0, subtitle, self.italic)
        return ws

    def value(self, ws, r: int, c: int, v, fmt=None) -> None:
        """Write one value by its type; strings always as strings."""
        if v is None or (isinstance(v, float) and pd.isna(v)):
            ws.write_blank(r, c, None, fmt or self.plain)
        elif isinstance(v, bool):
            ws.write_string(r, c, "x" if v else "", fmt or self.num)
        elif isinstance(v, dt.datetime):
            ws.write_datetime(r, c, v, fmt or self.datetime)
        elif isinstance(v, dt.date):
            ws.write_datetime(r, c, dt.datetime.combine(v, dt.time()), fmt or self.date)
        elif isinstance(v, (int, float)):
            ws.write_number(r, c, v, fmt or self.num)
        else:
            ws.write_string(r, c, legal(str(v)), fmt or self.text)

    def fit_height(self, ws, r: int, values, widths) -> None:
        """Make row ``r`` tall enough for its wrapped text (apps do not auto-fit on opening)."""
        lines = row_lines(zip(values, widths, strict=True))
        if lines > 1:
            ws.set_row(r, lines_height(lines))

    def header(self, ws, r: int, headers, widths) -> None:
        for c, (h, w) in enumerate(zip(headers, widths, strict=True)):
            ws.write_string(r, c, h, self.head)
            ws.set_column(c, c, w)
        ws.set_row(r, 30)
        ws.freeze_panes(r + 1, 0)
        ws.repeat_rows(r)


def write_summary_workbook(result: MergeResult, path: str | Path) -> Path:
    """Lay the summary out with xlsxwriter (in memory), then write it to a temporary file
    beside ``path`` with the task rows and the findings spliced in, and rename it over ``path``."""
    path = Path(path)
    if spec.HEADER_ROW + result.task_count > EXCEL_ROWS:
        n, limit = (f"{x:,}".replace(",", ".") for x in (result.task_count, EXCEL_ROWS))
        raise OutputError(msg.TOO_MANY_ROWS.format(rows=n, limit=limit), "too-many-rows")
    book = io.BytesIO()
    w = _Writer(book)
    cutoff = f"{result.cutoff:%d/%m/%Y}" if result.cutoff else "chưa xác định"
    level = result.unit or "các đơn vị"
    sub = f"Ngày chốt số liệu: {cutoff} · Tổng hợp lúc {result.merged_at:%H:%M %d/%m/%Y} · papi-xl {__version__}"
    _register(w, result, level, sub)
    _matrix(w, result, level, sub)
    _ranking(w, result, level, sub)
    task_columns, task_last = _tasks(w, result, level, sub)
    finding_columns, finding_last = _findings(w, result, level, sub)
    _info(w, result, cutoff)
    w.wb.close()
    with atomic_path(path) as tmp:
        splice_sheets(book.getvalue(), tmp, {
            TASK_SHEET: SheetRows(lambda sst: _task_rows(result, task_columns, sst), task_last),
            spec.FINDINGS.name: SheetRows(lambda sst: _finding_rows(result, finding_columns, sst), finding_last),
        })
    return path


def _register_values(n: int, e) -> dict:
    readable = e.status != Submission.MISSING and e.readable
    return {"n": n, "unit": e.unit, "parent": e.parent, "file": e.file, "received": e.received, "dated": e.dated,
            "date_source": e.date_source, "year": e.year, "version": e.version,
            "tasks": e.tasks if e.status != Submission.MISSING else None,
            "errors": e.errors if readable else None, "warnings": e.warnings if readable else None,
            "status": e.status, "reasons": " ".join(e.reasons), "unit_source": e.unit_source if e.file else ""}


def _register(w: _Writer, r: MergeResult, level: str, sub: str) -> None:
    sheet = spec.REGISTER
    ws = w.sheet(sheet.name, f"TÌNH HÌNH NỘP BÁO CÁO - {level}".upper(), sub)
    c = r.counts()
    year = msg.REG_YEAR_LINE.format(year=r.year.value or "?", basis=r.year.basis)
    ws.write_string(2, 0, f"Đã nhận: {c[Submission.ACCEPTED]} · Từ chối: {c[Submission.REJECTED]} · Chưa nộp: "
                          f"{c[Submission.MISSING]} · Bị thay thế (bản cũ): {c[Submission.SUPERSEDED]} · Bỏ qua "
                          f"(không phải báo cáo): {c[Submission.SKIPPED]} · {year}", w.italic)
    top = sheet.header_row - 1
    w.header(ws, top, sheet.headers, sheet.widths)
    status_col = sheet.index("status")
    for i, e in enumerate(r.register, start=1):
        values = [_register_values(i, e)[k] for k in sheet.keys]
        for col, v in enumerate(values):
            w.value(ws, top + i, col, v, w.coloured.get(e.status) if col == status_col else None)
        w.fit_height(ws, top + i, values, sheet.widths)
    ws.autofilter(top, 0, top + max(len(r.register), 1), len(sheet.columns) - 1)


def _fraction(pct) -> float | None:
    """A roll-up percentage (0..100, or None/NaN) as the fraction a % cell holds."""
    return None if pct is None or pd.isna(pct) else round(pct / 100, 4)


def _matrix(w: _Writer, r: MergeResult, level: str, sub: str) -> None:
    fixed = spec.MATRIX_FIXED
    ws = w.sheet(fixed.name, f"TỶ LỆ HOÀN THÀNH VÀ SỐ NHIỆM VỤ QUÁ HẠN THEO CHỈ SỐ - {level}".upper(), sub)
    indices = r.catalog.indices
    n = len(indices)
    first_pct = len(fixed.columns)
    first_od = first_pct + n
    top = fixed.header_row - 1
    ws.merge_range(top - 1, first_pct, top - 1, first_pct + n - 1, spec.MATRIX_PCT_GROUP, w.head)
    ws.merge_range(top - 1, first_od, top - 1, first_od + n - 1, spec.MATRIX_OVERDUE_GROUP, w.head)
    headers = [*fixed.headers, *[spec.matrix_index_header(i.code) for i in indices] * 2]
    widths = [*fixed.widths, *([spec.MATRIX_INDEX_WIDTH] * (2 * n))]
    w.header(ws, top, headers, widths)
    row = top + 1
    for i, rec in enumerate(r.matrix.to_dict("records"), start=1):
        values = {"n": i, **rec, "pct_done": _fraction(rec["pct_done"])}
        for c, col in enumerate(fixed.columns):
            w.value(ws, row, c, values[col.key], w.pct if col.kind == "pct" else None)
        for j, ind in enumerate(indices):
            w.value(ws, row, first_pct + j, _fraction(rec.get(f"pct_{ind.code}")), w.pct)
            w.value(ws, row, first_od + j, rec.get(f"overdue_{ind.code}"))
        row += 1
    # every accepted task together: the roll-up's totals (papi_xl.pipeline.rollup), never averaged
    total_row, t = row, r.totals
    ws.write_string(total_row, fixed.index("unit"), f"Toàn {level}", w.bold_text)
    for c, col in enumerate(fixed.columns):
        if col.key in ("total", "overdue"):
            w.value(ws, total_row, c, t.get(col.key, 0), w.bold)
        elif col.key == "pct_done":
            w.value(ws, total_row, c, _fraction(t.get("pct_done")), w.bold_pct)
        elif col.key != "unit":
            ws.write_blank(total_row, c, None, w.bold)
    for j, rec in enumerate(r.by_indicator.to_dict("records") if len(r.by_indicator) else []):
        w.value(ws, total_row, first_pct + j, _fraction(rec["pct_done"]), w.bold_pct)
        w.value(ws, total_row, first_od + j, rec["overdue"], w.bold)
    if row > top + 1:
        scale = {"type": "3_color_scale", "min_color": "#F8696B", "mid_color": "#FFEB84", "max_color": "#63BE7B",
                 "min_type": "num", "min_value": 0, "mid_type": "num", "mid_value": 0.5, "max_type": "num",
                 "max_value": 1}
        ws.conditional_format(top + 1, first_pct, row - 1, first_pct + n - 1, scale)
        pct_col = fixed.index("pct_done")
        ws.conditional_format(top + 1, pct_col, row - 1, pct_col, scale)
        ws.conditional_format(top + 1, first_od, row - 1, first_od + n - 1, {
            "type": "cell", "criteria": ">", "value": 0, "format": w.coloured[Light.RED]})
    legend = total_row + 2
    ws.write_string(legend, 1, "Chú giải chỉ số nội dung:", w.title)
    for j, ind in enumerate(indices, start=1):
        ws.write_string(legend + j, 1, f"{spec.matrix_index_header(ind.code)}: {ind.label}")
    chart = w.wb.add_chart({"type": "column"})
    chart.add_series({
        "name": f"% hoàn thành (toàn {level})",
        "categories": [fixed.name, top, first_pct, top, first_pct + n - 1],
        "values": [fixed.name, total_row, first_pct, total_row, first_pct + n - 1],
        "data_labels": {"value": True, "num_format": "0%"},
        "fill": {"color": "#4472C4"},
    })
    chart.set_title({"name": f"Tỷ lệ hoàn thành theo chỉ số nội dung - toàn {level}"})
    chart.set_y_axis({"min": 0, "max": 1, "num_format": "0%", "major_gridlines": {"visible": True}})
    chart.set_legend({"none": True})
    chart.set_size({"width": 760, "height": 320})
    ws.insert_chart(legend + n + 2, 1, chart)


def _ranking(w: _Writer, r: MergeResult, level: str, sub: str) -> None:
    sheet = spec.RANKING
    ws = w.sheet(sheet.name, f"XẾP HẠNG CÁC ĐƠN VỊ - {level}".upper(), sub)
    gap = len(sheet.columns) + 1
    top = sheet.header_row - 1
    ws.write_string(top - 1, 0, "Theo % hoàn thành (cao xuống thấp)", w.title)
    ws.write_string(top - 1, gap, "Theo số nhiệm vụ quá hạn (cần hỗ trợ trước)", w.title)
    w.header(ws, top, sheet.headers, sheet.widths)
    for c, col in enumerate(sheet.columns):
        ws.write_string(top, gap + c, col.header, w.head)
        ws.set_column(gap + c, gap + c, col.width)
    u = r.by_unit
    if not len(u):
        return
    u = u.assign(_pct=u["pct_done"].fillna(-1))
    by_pct = u.sort_values(["_pct", "overdue", "unit"], ascending=[False, True, True])
    by_od = u.sort_values(["overdue", "_pct", "unit"], ascending=[False, True, True])
    for offset, frame in ((0, by_pct), (gap, by_od)):
        for i, rec in enumerate(frame.to_dict("records"), start=1):
            values = {**rec, "n": i, "pct_done": _fraction(rec["pct_done"])}
            for c, col in enumerate(sheet.columns):
                v = values[col.key]
                fmt = w.pct if col.kind == "pct" else (w.coloured.get(v) if col.key == "light" else None)
                w.value(ws, top + i, offset + c, v, fmt)


def _tasks(w: _Writer, r: MergeResult, level: str, sub: str) -> tuple[list[Column], str]:
    """The Nhiệm vụ sheet's layout; its rows are rendered by :func:`_task_rows` and spliced in
    (ooxml/sheetdata.py: xlsxwriter's per-cell API is most of a merge's writing time).  Returns the
    columns (kind and cell style) and the last cell of the table."""
    sheet = spec.TASKS
    ws = w.sheet(sheet.name, f"DANH SÁCH NHIỆM VỤ CỦA CÁC ĐƠN VỊ - {level}".upper(), sub)
    top = sheet.header_row - 1
    w.header(ws, top, sheet.headers, sheet.widths)
    last_row = top + r.task_count  # 0-based
    ws.autofilter(top, 0, max(last_row, top + 1), len(sheet.columns) - 1)
    # the cell formats the spliced rows point at (registering them in the workbook's styles)
    style = {STR: w.text._get_xf_index(), NUM: w.num._get_xf_index(), DATE: w.date._get_xf_index()}
    kinds = [DATE if c.kind == "date" else NUM if c.kind == "number" else STR for c in sheet.columns]
    # the lines the other columns' text needs come with the rows (pipeline.load.text_lines); a flag is one letter
    wrapped = {"unit", "parent"}
    columns = [Column(k, style[k], c.width if k == STR and c.key in wrapped else None)
               for k, c in zip(kinds, sheet.columns, strict=True)]
    return columns, f"{column_letter(len(sheet.columns) - 1)}{max(last_row, top) + 1}"


def _task_rows(r: MergeResult, columns: list[Column], sst) -> Iterator[str]:
    """The task rows as XML, one input at a time (bounded memory when a large merge spilled
    them to disk), as column lists (no frame), a few thousand rows per chunk of XML."""
    first = spec.TASKS.header_row + 1
    row = first
    batch: list[list] = [[] for _ in spec.TASKS.keys]
    lines: list[int] = []
    for t in r.iter_columns():
        _extend(batch, t)
        lines.extend(t["_lines"] if "_lines" in t else text_lines(t))
        if len(lines) >= SLICE:
            yield render_rows(columns, batch, row, sst, lines)
            row += len(lines)
            batch, lines = [[] for _ in spec.TASKS.keys], []
    if lines:
        yield render_rows(columns, batch, row, sst, lines)
        row += len(lines)
    if row - first != r.task_count:
        raise AssertionError(f"{row - first} task rows written, {r.task_count} expected")


def _extend(batch: list[list], t) -> None:
    """Add one input's task columns to the batch, as the sheet shows them (an unreadable status as
    :data:`~papi_xl.contract.summary.INVALID_STATUS`, "ongoing" as its flag)."""
    n = count(t)
    for values, key in zip(batch, spec.TASKS.keys, strict=True):
        v = t.get(key)
        if v is None:
            values.extend([None] * n)
        elif key == "status":
            values.extend([spec.INVALID_STATUS if x is None else x for x in v])
        elif key == "ongoing":
            values.extend([spec.FLAG if x is True else "" for x in v])
        else:
            values.extend(v)


def _findings(w: _Writer, r: MergeResult, level: str, sub: str) -> tuple[list[Column], str]:
    """The Kiểm tra sheet's layout; its rows are rendered by :func:`_finding_rows` and spliced in (a merge of
    many communes lists ~30 findings per file).  Returns the columns and the last cell of the table."""
    sheet = spec.FINDINGS
    ws = w.sheet(sheet.name, f"KẾT QUẢ KIỂM TRA TỪNG TỆP - {level}".upper(), sub)
    top = sheet.header_row - 1
    w.header(ws, top, sheet.headers, sheet.widths)
    n = r.finding_count
    ws.autofilter(top, 0, top + max(n, 1), len(sheet.columns) - 1)
    text, error = w.text._get_xf_index(), w.coloured[Submission.REJECTED]._get_xf_index()
    columns = [Column(STR, text, width, styles={Severity.ERROR: error} if key == "severity" else None, empty=True)
               for key, width in zip(sheet.keys, sheet.widths, strict=True)]
    return columns, f"{column_letter(len(sheet.columns) - 1)}{top + n + 1}"


FINDING_FIELDS = {"file": attrgetter("file"), "sheet": attrgetter("sheet"), "cell": attrgetter("cell"),
                  "field": attrgetter("field"), "code": attrgetter("code"), "severity": attrgetter("severity"),
                  "message": attrgetter("message")}


def _finding_rows(r: MergeResult, columns: list[Column], sst) -> Iterator[str]:
    """Every finding as a row (unit, then the finding's fields), ``SLICE`` rows at a time."""
    row = spec.FINDINGS.header_row + 1
    batch: list = []
    for item in r.iter_findings():
        batch.append(item)
        if len(batch) == SLICE:
            yield _render_findings(batch, columns, row, sst)
            row += len(batch)
            batch = []
    if batch:
        yield _render_findings(batch, columns, row, sst)


def _render_findings(batch: list, columns: list[Column], row: int, sst) -> str:
    values = [[legal(str(unit)) for unit, _ in batch] if key == "unit" else [legal(str(FINDING_FIELDS[key](f))) for _, f in batch]
              for key in spec.FINDINGS.keys]
    return render_rows(columns, values, row, sst)


def _info(w: _Writer, r: MergeResult, cutoff: str) -> None:
    ws = w.wb.add_worksheet(spec.INFO_SHEET)
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 90)
    c = r.counts()
    values = {
        "kind": spec.KIND, "unit": r.unit, "merged_at": r.merged_at, "period": period_of(r.cutoff), "cutoff": r.cutoff,
        "year": r.year.value, "year_basis": r.year.basis, "catalog": r.catalog.key, "version": __version__,
        "inputs": len(r.inputs), "accepted": c[Submission.ACCEPTED], "rejected": c[Submission.REJECTED],
        "missing": c[Submission.MISSING], "superseded": c[Submission.SUPERSEDED], "skipped": c[Submission.SKIPPED],
        "expected": r.expected_file or "(không dùng)",
    }
    for i, (key, v) in enumerate(values.items()):
        ws.write_string(i, 0, spec.INFO_LABELS[key], w.bold_text)
        w.value(ws, i, 1, v, w.text if isinstance(v, str) else None)
    start = len(values) + 1
    ws.write_string(start, 0, spec.INFO_LABELS["files"], w.bold_text)
    for i, p in enumerate(r.inputs, start=start + 1):
        ws.write_string(i, 1, legal(p), w.text)
