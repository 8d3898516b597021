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
import io
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import xlsxwriter

from papi_xl import __version__
from papi_xl.fileio import atomic_path
from papi_xl.inputs.read import ReadError
from papi_xl.ooxml.sheetdata import DATE, NUM, STR, Column, column_letter, render_rows, splice_rows
from papi_xl.outputs.views import lines_height, row_lines
from papi_xl.pipeline.merge import ACCEPTED, MISSING, REJECTED, SUMMARY_KIND, SUPERSEDED, TASK_FIELDS, MergeResult
from papi_xl.pipeline.rollup import LIGHT_GREEN, LIGHT_RED, LIGHT_YELLOW

FONT = "Times New Roman"
STATUS_COLOUR = {ACCEPTED: "#C6EFCE", REJECTED: "#FFC7CE", MISSING: "#FFEB9C", SUPERSEDED: "#D9D9D9"}
LIGHT_COLOUR = {LIGHT_RED: "#FFC7CE", LIGHT_YELLOW: "#FFEB9C", LIGHT_GREEN: "#C6EFCE"}
TASK_SHEET = "Nhiệm vụ"
SLICE = 5_000  # task rows rendered at a time
EXCEL_ROWS = 1_048_576  # a worksheet's last row


class _Writer:
    def __init__(self, target):
        options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
                   "in_memory": True, "default_date_format": "dd/mm/yyyy"}
        self.wb = xlsxwriter.Workbook(target, options)
        self.wb.set_properties({"title": "Bảng tổng hợp papi-xl", "author": "papi-xl", "comments": SUMMARY_KIND})
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
        self.coloured = {k: f({**base, "border": 1, "align": "center", "bg_color": v})
                         for k, v in {**STATUS_COLOUR, **LIGHT_COLOUR}.items()}

    def sheet(self, name: str, title: str, subtitle: str, landscape: bool = True):
        ws = self.wb.add_worksheet(name)
        ws.set_paper(9)
        if landscape:
            ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.set_header(f"&C&\"{FONT},Regular\"&10{title}")
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
            ws.write_string(r, c, str(v), fmt or self.text)

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
    beside ``path`` with the task rows spliced in, and rename it over ``path``."""
    path = Path(path)
    if 4 + len(result.tasks) > EXCEL_ROWS:
        n, limit = (f"{x:,}".replace(",", ".") for x in (len(result.tasks), EXCEL_ROWS))
        raise ReadError(
            f"Các đơn vị được nhận có tổng cộng {n} nhiệm vụ, vượt số dòng tối đa của một sheet Excel ({limit} "
            "dòng): không thể ghi sheet Nhiệm vụ. Hãy tổng hợp riêng từng nhóm đơn vị (ví dụ theo vùng) thành "
            "nhiều bảng tổng hợp.", "too-large")
    book = io.BytesIO()
    w = _Writer(book)
    cutoff = f"{result.cutoff:%d/%m/%Y}" if result.cutoff else "chưa xác định"
    level = result.unit or "các đơn vị"
    sub = f"Ngày chốt số liệu: {cutoff} · Tổng hợp lúc {result.merged_at:%H:%M %d/%m/%Y} · papi-xl {__version__}"
    _register(w, result, level, sub)
    _matrix(w, result, level, sub)
    _ranking(w, result, level, sub)
    columns, last_cell = _tasks(w, result, level, sub)
    _findings(w, result, level, sub)
    _info(w, result, cutoff)
    w.wb.close()
    with atomic_path(path) as tmp:
        splice_rows(book.getvalue(), tmp, TASK_SHEET, lambda sst: _task_rows(result, columns, sst), last_cell)
    return path


REGISTER_HEADERS = ("STT", "Đơn vị", "Cấp trên", "Tệp", "Ngày nhận", "Ngày của tệp", "Phiên bản biểu mẫu",
                    "Số nhiệm vụ", "Lỗi", "Cảnh báo", "Trạng thái", "Lý do", "Nhận diện đơn vị theo")
REGISTER_WIDTHS = (5, 22, 16, 30, 15, 15, 9, 9, 6, 8, 12, 50, 14)


def _register(w: _Writer, r: MergeResult, level: str, sub: str) -> None:
    ws = w.sheet("Tình hình nộp", f"TÌNH HÌNH NỘP BÁO CÁO - {level}".upper(), sub)
    c = r.counts()
    ws.write_string(2, 0, f"Đã nhận: {c[ACCEPTED]} · Từ chối: {c[REJECTED]} · Chưa nộp: {c[MISSING]} · "
                          f"Bị thay thế (bản cũ): {c[SUPERSEDED]}", w.italic)
    w.header(ws, 3, REGISTER_HEADERS, REGISTER_WIDTHS)
    for i, e in enumerate(r.register, start=1):
        row = 3 + i
        values = (i, e.unit, e.parent, e.file, e.received, e.dated, e.version, e.tasks if e.status != MISSING else None,
                  e.errors if e.readable else None, e.warnings if e.readable else None, e.status,
                  "; ".join(e.reasons), e.unit_source if e.file else "")
        for col, v in enumerate(values):
            w.value(ws, row, col, v, w.coloured.get(e.status) if col == 10 else None)
        w.fit_height(ws, row, values, REGISTER_WIDTHS)
    ws.autofilter(3, 0, 3 + max(len(r.register), 1), len(REGISTER_HEADERS) - 1)


def _matrix(w: _Writer, r: MergeResult, level: str, sub: str) -> None:
    ws = w.sheet("Tổng hợp theo chỉ số", f"TỶ LỆ HOÀN THÀNH VÀ SỐ NHIỆM VỤ QUÁ HẠN THEO CHỈ SỐ - {level}".upper(), sub)
    indices = r.catalog.indices
    n = len(indices)
    fixed = ("STT", "Đơn vị", "Cấp trên", "Số nhiệm vụ", "% hoàn thành", "Quá hạn")
    first_pct = len(fixed)
    first_od = first_pct + n
    ws.merge_range(2, first_pct, 2, first_pct + n - 1, "% hoàn thành theo chỉ số nội dung", w.head)
    ws.merge_range(2, first_od, 2, first_od + n - 1, "Số nhiệm vụ quá hạn theo chỉ số nội dung", w.head)
    headers = [*fixed, *(f"CS {i.code}" for i in indices), *(f"CS {i.code}" for i in indices)]
    widths = [5, 22, 16, 9, 10, 8, *([7] * (2 * n))]
    w.header(ws, 3, headers, widths)
    m = r.matrix
    row = 4
    for i, rec in enumerate(m.to_dict("records"), start=1):
        w.value(ws, row, 0, i)
        w.value(ws, row, 1, rec["unit"])
        w.value(ws, row, 2, rec["parent"])
        w.value(ws, row, 3, rec["total"])
        w.value(ws, row, 4, None if rec["pct_done"] is None else round(rec["pct_done"] / 100, 4), w.pct)
        w.value(ws, row, 5, rec["overdue"])
        for j, ind in enumerate(indices):
            pct = rec.get(f"pct_{ind.code}")
            w.value(ws, row, first_pct + j, None if pct is None or pd.isna(pct) else round(pct / 100, 4), w.pct)
            w.value(ws, row, first_od + j, rec.get(f"overdue_{ind.code}"))
        row += 1
    # totals over every accepted unit (computed from all tasks, not averaged)
    total_row = row
    ws.write_string(total_row, 1, f"Toàn {level}", w.bold_text)
    ws.write_blank(total_row, 0, None, w.bold)
    ws.write_blank(total_row, 2, None, w.bold)
    t = r.by_indicator
    all_tasks = int(t["total"].sum()) if len(t) else 0
    done = int(t["done"].sum()) if len(t) else 0
    w.value(ws, total_row, 3, all_tasks, w.bold)
    w.value(ws, total_row, 4, done / all_tasks if all_tasks else None, w.bold_pct)
    w.value(ws, total_row, 5, int(t["overdue"].sum()) if len(t) else 0, w.bold)
    for j, rec in enumerate(t.to_dict("records") if len(t) else []):
        w.value(ws, total_row, first_pct + j, None if rec["pct_done"] is None or pd.isna(rec["pct_done"])
                else round(rec["pct_done"] / 100, 4), w.bold_pct)
        w.value(ws, total_row, first_od + j, rec["overdue"], w.bold)
    if row > 4:
        ws.conditional_format(4, first_pct, row - 1, first_pct + n - 1, {
            "type": "3_color_scale", "min_color": "#F8696B", "mid_color": "#FFEB84", "max_color": "#63BE7B",
            "min_type": "num", "min_value": 0, "mid_type": "num", "mid_value": 0.5, "max_type": "num", "max_value": 1})
        ws.conditional_format(4, 4, row - 1, 4, {
            "type": "3_color_scale", "min_color": "#F8696B", "mid_color": "#FFEB84", "max_color": "#63BE7B",
            "min_type": "num", "min_value": 0, "mid_type": "num", "mid_value": 0.5, "max_type": "num", "max_value": 1})
        ws.conditional_format(4, first_od, row - 1, first_od + n - 1, {
            "type": "cell", "criteria": ">", "value": 0, "format": w.coloured[LIGHT_RED]})
    legend = total_row + 2
    ws.write_string(legend, 1, "Chú giải chỉ số nội dung:", w.title)
    for j, ind in enumerate(indices, start=1):
        ws.write_string(legend + j, 1, f"CS {ind.code}: {ind.label}")
    chart = w.wb.add_chart({"type": "column"})
    chart.add_series({
        "name": f"% hoàn thành (toàn {level})",
        "categories": ["Tổng hợp theo chỉ số", 3, first_pct, 3, first_pct + n - 1],
        "values": ["Tổng hợp theo chỉ số", total_row, first_pct, total_row, first_pct + n - 1],
        "data_labels": {"value": True, "num_format": "0%"},
        "fill": {"color": "#4472C4"},
    })
    chart.set_title({"name": f"Tỷ lệ hoàn thành theo chỉ số nội dung - toàn {level}"})
    chart.set_y_axis({"min": 0, "max": 1, "num_format": "0%", "major_gridlines": {"visible": True}})
    chart.set_legend({"none": True})
    chart.set_size({"width": 760, "height": 320})
    ws.insert_chart(legend + n + 2, 1, chart)


def _ranking(w: _Writer, r: MergeResult, level: str, sub: str) -> None:
    ws = w.sheet("Xếp hạng", f"XẾP HẠNG CÁC ĐƠN VỊ - {level}".upper(), sub)
    headers = ("Hạng", "Đơn vị", "Cấp trên", "Số nhiệm vụ", "Hoàn thành", "% hoàn thành", "Quá hạn",
               "Không thực hiện", "Đánh giá")
    widths = (6, 22, 16, 9, 9, 10, 8, 9, 9)
    gap = len(headers) + 1
    ws.write_string(2, 0, "Theo % hoàn thành (cao xuống thấp)", w.title)
    ws.write_string(2, gap, "Theo số nhiệm vụ quá hạn (cần hỗ trợ trước)", w.title)
    w.header(ws, 3, headers, widths)
    for c, (h, wd) in enumerate(zip(headers, widths, strict=True)):
        ws.write_string(3, gap + c, h, w.head)
        ws.set_column(gap + c, gap + c, wd)
    u = r.by_unit
    if not len(u):
        return
    u = u.assign(_pct=u["pct_done"].fillna(-1))
    by_pct = u.sort_values(["_pct", "overdue", "unit"], ascending=[False, True, True])
    by_od = u.sort_values(["overdue", "_pct", "unit"], ascending=[False, True, True])
    for offset, frame in ((0, by_pct), (gap, by_od)):
        for i, rec in enumerate(frame.to_dict("records"), start=1):
            row = 3 + i
            values = (i, rec["unit"], rec["parent"], rec["total"], rec["done"],
                      None if rec["pct_done"] is None or pd.isna(rec["pct_done"]) else round(rec["pct_done"] / 100, 4),
                      rec["overdue"], rec["not_done"], rec["light"])
            for c, v in enumerate(values):
                fmt = w.pct if c == 5 else (w.coloured.get(v) if c == 8 else None)
                w.value(ws, row, offset + c, v, fmt)


def _tasks(w: _Writer, r: MergeResult, level: str, sub: str) -> tuple[list[Column], str]:
    """The Nhiệm vụ sheet's layout; its rows are rendered by :func:`_task_rows` and spliced in
    (sheetdata.py: xlsxwriter's per-cell API is most of a merge's writing time).  Returns the
    columns (kind and cell style) and the last cell of the table."""
    ws = w.sheet(TASK_SHEET, f"DANH SÁCH NHIỆM VỤ CỦA CÁC ĐƠN VỊ - {level}".upper(), sub)
    headers = [h for _, h, _ in TASK_FIELDS] + ["Mã nội dung", "Thường xuyên"]
    widths = [wd for _, _, wd in TASK_FIELDS] + [8, 8]
    w.header(ws, 3, headers, widths)
    last_row = 3 + len(r.tasks)  # 0-based
    ws.autofilter(3, 0, max(last_row, 4), len(headers) - 1)
    # the cell formats the spliced rows point at (registering them in the workbook's styles)
    style = {STR: w.text._get_xf_index(), NUM: w.num._get_xf_index(), DATE: w.date._get_xf_index()}
    kinds = [DATE if k in ("due", "done_date") else NUM if k == "row" else STR for k, _, _ in TASK_FIELDS] + [STR, STR]
    columns = [Column(k, style[k], wd if k == STR else None) for k, wd in zip(kinds, widths, strict=True)]
    return columns, f"{column_letter(len(headers) - 1)}{max(last_row, 3) + 1}"


def _task_rows(r: MergeResult, columns: list[Column], sst) -> Iterator[str]:
    """The task rows as XML, one input at a time (bounded memory when a large merge spilled
    them to disk) and in slices of ``SLICE`` rows."""
    keys = [k for k, _, _ in TASK_FIELDS]
    row = 5  # 1-based: title, subtitle, blank, header
    for t in r.iter_tasks():
        values = []
        for key in keys:
            v = t[key].tolist() if key in t.columns else [None] * len(t)
            if key == "status":
                v = ["(không hợp lệ)" if x is None else x for x in v]
            values.append(v)
        values.append(t["sub_code"].tolist())
        values.append(["x" if x is True else "" for x in t["ongoing"].tolist()])
        for start in range(0, len(t), SLICE):
            yield render_rows(columns, [v[start:start + SLICE] for v in values], row + start, sst)
        row += len(t)
    if row - 5 != len(r.tasks):
        raise AssertionError(f"{row - 5} task rows written, {len(r.tasks)} expected")


FINDING_HEADERS = ("Đơn vị", "Tệp", "Sheet", "Ô", "Trường", "Mã", "Mức độ", "Nội dung")
FINDING_WIDTHS = (20, 26, 12, 7, 18, 18, 10, 80)


def _findings(w: _Writer, r: MergeResult, level: str, sub: str) -> None:
    ws = w.sheet("Kiểm tra", f"KẾT QUẢ KIỂM TRA TỪNG TỆP - {level}".upper(), sub)
    w.header(ws, 3, FINDING_HEADERS, FINDING_WIDTHS)
    keys = ("unit", "file", "sheet", "cell", "field", "code", "severity", "message")
    for i, f in enumerate(r.findings, start=1):
        for c, k in enumerate(keys):
            fmt = w.coloured[REJECTED] if k == "severity" and f[k] == "Lỗi" else None
            w.value(ws, 3 + i, c, f[k], fmt)
        w.fit_height(ws, 3 + i, [f[k] for k in keys], FINDING_WIDTHS)
    ws.autofilter(3, 0, 3 + max(len(r.findings), 1), len(FINDING_HEADERS) - 1)


def _info(w: _Writer, r: MergeResult, cutoff: str) -> None:
    ws = w.wb.add_worksheet("Thông tin")
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 90)
    c = r.counts()
    rows = [
        ("Loại tệp", SUMMARY_KIND),
        ("Đơn vị tổng hợp", r.unit),
        ("Thời điểm tổng hợp", r.merged_at),
        ("Kỳ báo cáo", "6 tháng" if r.cutoff and (r.cutoff.month, r.cutoff.day) == (6, 30) else "Năm"),
        ("Ngày chốt số liệu", r.cutoff),
        ("Bộ chỉ số", r.catalog.key),
        ("Phiên bản papi-xl", __version__),
        ("Số tệp đầu vào", len(r.inputs)),
        ("Đã nhận", c[ACCEPTED]), ("Từ chối", c[REJECTED]), ("Chưa nộp", c[MISSING]), ("Bị thay thế", c[SUPERSEDED]),
        ("Danh sách đơn vị dự kiến", r.expected_file or "(không dùng)"),
    ]
    for i, (k, v) in enumerate(rows):
        ws.write_string(i, 0, k, w.bold_text)
        w.value(ws, i, 1, v, w.text if isinstance(v, str) else None)
    start = len(rows) + 1
    ws.write_string(start, 0, "Các tệp đầu vào", w.bold_text)
    for i, p in enumerate(r.inputs, start=start + 1):
        ws.write_string(i, 1, p, w.text)
