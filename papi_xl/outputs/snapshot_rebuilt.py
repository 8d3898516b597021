"""Write a roll-up into a new workbook for .xls/.ods inputs (an .xlsx/.xlsm is patched in place
by :mod:`papi_xl.xlsx.rollup_patch`, which keeps every part of the file).

Design: the live formulas of the canonical Tổng hợp sheet (columns A:J) are
kept; papi-xl writes its snapshot **next to them** (from column L) with the
same row order, so a person can compare the live count with the checked one.
The snapshot is values only, plus a table per lead unit and a native Excel bar
chart of % done per content index.  Re-running replaces the snapshot.

A workbook without a Tổng hợp sheet gets one (snapshot from column A).  An
.xls/.ods input gets a new .xlsx holding only the snapshot.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from papi_xl.contract.workbook import SHEET_SUMMARY
from papi_xl.fileio import atomic_path
from papi_xl.outputs.views import snapshot
from papi_xl.pipeline.rollup import Rollup
from papi_xl.rules.validate import Validation

SNAPSHOT_COL = 12  # column L, right of the live formulas (A:J) and a spacer
WIDTHS = (7, 50, 9, 10, 10, 10, 10, 9, 10, 9, 9)
FONT = "Times New Roman"
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def write_rollup_sheet(src: Path, dest: Path, v: Validation, r: Rollup) -> Path:
    """A new .xlsx holding the snapshot (for .xls/.ods inputs, which cannot be patched)."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_SUMMARY
    fill_snapshot(ws, 1, r, v)
    with atomic_path(dest) as tmp:
        wb.save(tmp)
    return Path(dest)


def bar_chart(ws, col: int, first: int, last: int, cutoff: str) -> BarChart:
    """The % done per content index chart over the snapshot's chart table (rows first..last, 0-based)."""
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
    chart.add_data(Reference(ws, min_col=col + 2, min_row=first, max_row=last + 1), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=col + 1, min_row=first + 1, max_row=last + 1))
    chart.dataLabels = DataLabelList()
    chart.dataLabels.showVal = True
    chart.height = 10
    chart.width = 24
    return chart


def fill_snapshot(ws, col: int, r: Rollup, v: Validation) -> None:
    """Render :func:`papi_xl.views.snapshot` at column ``col`` with styles and a native bar chart."""
    snap = snapshot(r, v.errors, v.warnings)
    for i, w in enumerate(WIDTHS):
        ws.column_dimensions[get_column_letter(col + i)].width = w
    for i, j, value, style in snap.styled_cells():
        c = ws.cell(i + 1, col + j, value)
        if isinstance(value, str):
            c.data_type = "s"  # values from inputs are text, never formulas
        c.font = Font(name=FONT, size=style.size, bold=style.bold, italic=style.italic, color=style.color)
        if style.border:
            c.border = BORDER
        if style.align:
            c.alignment = Alignment(horizontal=style.align, vertical="center", wrap_text=True)
        if style.fill:
            c.fill = PatternFill("solid", fgColor=style.fill)
        if style.pct:
            c.number_format = "0.0%"
    first, last = snap.chart_rows
    cutoff = f"{r.cutoff:%d/%m/%Y}" if r.cutoff else "chưa xác định"
    ws.add_chart(bar_chart(ws, col, first, last, cutoff), f"{get_column_letter(col)}{last + 3}")
