"""Write a roll-up into the *Tổng hợp* sheet of a workbook.

Design: the live formulas of the canonical Tổng hợp sheet (columns A:J) are
kept; papi-xl writes its snapshot **next to them** (from column L) with the
same row order, so a person can compare the live count with the checked one.
The snapshot is values only, plus a table per lead unit and a native Excel bar
chart of % done per content index.  Re-running replaces the snapshot.

A workbook without a Tổng hợp sheet gets one (snapshot from column A).  An
.xls/.ods input gets a new .xlsx holding only the snapshot.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ..fileio import atomic_path
from ..model import SHEET_SUMMARY
from ..rollup import LIGHT_GREEN, LIGHT_RED, LIGHT_YELLOW, Rollup
from ..validate import Validation

SNAPSHOT_COL = 12  # column L, right of the live formulas (A:J) and a spacer
HEADERS = ("Mã", "Chỉ số nội dung / Nội dung thành phần", "Tổng số", "Hoàn thành", "Đang thực hiện",
           "Chưa thực hiện", "Không thực hiện", "Quá hạn", "% hoàn thành", "Đánh giá", "Dòng có lỗi")
FIELDS = ("code", "name", "total", "done", "in_progress", "not_started", "not_done", "overdue", "pct_done", "light",
          "rows_with_errors")
WIDTHS = (7, 50, 9, 10, 10, 10, 10, 9, 10, 9, 9)
FONT = "Times New Roman"
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
LIGHT_FILL = {LIGHT_RED: "FFC7CE", LIGHT_YELLOW: "FFEB9C", LIGHT_GREEN: "C6EFCE"}
MARK = "SỐ LIỆU CHỐT BỞI PAPI-XL"


def _clear(ws, first_col: int) -> None:
    for row in ws.iter_rows(min_col=first_col, max_col=first_col + 30):
        for cell in row:
            if type(cell).__name__ == "MergedCell":
                continue
            cell.value = None
            cell.style = "Normal"
    ws._charts = []


def write_rollup_sheet(src: Path, dest: Path, v: Validation, r: Rollup) -> Path:
    fmt = v.data.fmt
    if fmt in ("xlsx", "xlsm"):
        wb = load_workbook(src, keep_vba=(fmt == "xlsm"), rich_text=True)
        if SHEET_SUMMARY in wb.sheetnames:
            ws = wb[SHEET_SUMMARY]
            col = SNAPSHOT_COL if ws["A5"].value == "Mã" or ws.max_row > 5 else 1
        else:
            ws = wb.create_sheet(SHEET_SUMMARY)
            col = 1
    else:
        wb = Workbook()
        ws = wb.active
        ws.title = SHEET_SUMMARY
        col = 1
    _clear(ws, col)
    fill_snapshot(ws, col, r, v)
    with atomic_path(dest) as tmp:
        wb.save(tmp)
    return Path(dest)


def _cell(ws, row, col, value, bold=False, fill=None, fmt=None, align="center"):
    c = ws.cell(row, col, value)
    if isinstance(value, str):
        c.data_type = "s"  # values from inputs are text, never formulas
    c.font = Font(name=FONT, size=11, bold=bold)
    c.border = BORDER
    c.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
    if fill:
        c.fill = PatternFill("solid", fgColor=fill)
    if fmt:
        c.number_format = fmt
    return c


def _table(ws, top: int, col: int, title: str, rows: list[dict], bold_codes: set[str]) -> int:
    ws.cell(top, col, title).font = Font(name=FONT, size=12, bold=True)
    top += 1
    for i, h in enumerate(HEADERS):
        _cell(ws, top, col + i, h, bold=True, fill="DDEBF7")
    for rec in rows:
        top += 1
        bold = str(rec.get("code")) in bold_codes
        for i, key in enumerate(FIELDS):
            value = rec.get(key)
            if key == "pct_done":
                value = None if value is None else value / 100
            _cell(ws, top, col + i, value, bold=bold, fmt="0.0%" if key == "pct_done" else None,
                  fill=LIGHT_FILL.get(value) if key == "light" else ("E2EFDA" if bold else None),
                  align="left" if key == "name" else "center")
    return top


def fill_snapshot(ws, col: int, r: Rollup, v: Validation) -> None:
    for i, w in enumerate(WIDTHS):
        ws.column_dimensions[get_column_letter(col + i)].width = w
    cutoff = f"{r.cutoff:%d/%m/%Y}" if r.cutoff else "chưa xác định"
    ws.cell(1, col, f"{MARK} (giá trị, không phải công thức)").font = Font(name=FONT, size=13, bold=True)
    ws.cell(2, col, f"Đơn vị: {r.unit or '-'} · Ngày chốt: {cutoff} · Lập lúc {dt.datetime.now():%H:%M %d/%m/%Y} · "
                    f"{v.errors} lỗi, {v.warnings} cảnh báo").font = Font(name=FONT, size=11, italic=True)
    ws.cell(2, col).data_type = "s"
    if r.unclassified:
        ws.cell(3, col, f"Có {r.unclassified} nhiệm vụ không xác định được chỉ số hoặc tiến độ (xem sheet Kiểm tra / "
                        "papi-xl validate); chúng được tính ở dòng 'Chưa xác định'.").font = Font(
            name=FONT, size=11, bold=True, color="C00000")
    rows = []
    subs = r.by_subcontent.to_dict("records")
    for ind in r.by_indicator.to_dict("records"):
        rows.append(ind)
        rows.extend(s for s in subs if s["index_code"] == ind["code"])
    total = {"code": "", "name": "Tổng cộng", **r.totals}
    rows.append(total)
    if r.unclassified:
        rows.append({"code": "?", "name": "Chưa xác định được chỉ số / tiến độ", "total": r.unclassified})
    bold = {str(i) for i in r.by_indicator["code"]} | {""}
    end = _table(ws, 4, col, "Theo chỉ số nội dung và nội dung thành phần", rows, bold)
    end = _table(ws, end + 2, col, "Theo đơn vị chủ trì", r.by_unit.to_dict("records"), set())

    # chart data: % done per index, contiguous (a chart needs a plain range)
    data_top = end + 3
    ws.cell(data_top, col, "Dữ liệu biểu đồ").font = Font(name=FONT, size=11, bold=True)
    ws.cell(data_top + 1, col + 1, "Chỉ số nội dung")
    ws.cell(data_top + 1, col + 2, "% hoàn thành")
    for i, ind in enumerate(r.by_indicator.to_dict("records"), start=data_top + 2):
        ws.cell(i, col + 1, ind["name"]).data_type = "s"
        c = ws.cell(i, col + 2, (ind["pct_done"] or 0) / 100)
        c.number_format = "0%"
    last = data_top + 1 + len(r.by_indicator)
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = f"Tỷ lệ hoàn thành theo chỉ số nội dung (ngày chốt {cutoff})"
    chart.y_axis.title = "% hoàn thành"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.y_axis.number_format = "0%"
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    chart.legend = None
    chart.add_data(Reference(ws, min_col=col + 2, min_row=data_top + 1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=col + 1, min_row=data_top + 2, max_row=last))
    chart.dataLabels = DataLabelList()
    chart.dataLabels.showVal = True
    chart.height = 10
    chart.width = 24
    ws.add_chart(chart, f"{get_column_letter(col)}{last + 2}")
