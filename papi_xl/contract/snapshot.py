"""The contract of the roll-up snapshot that ``papi-xl summarize`` (and the Tổng hợp button) writes
on the Tổng hợp sheet, right of the live formulas (columns A:J), as values: a title, a line naming
the unit and cut-off, then a table per content index / sub-content and a table per lead unit."""

from __future__ import annotations

from papi_xl.contract.spec import Column, SheetSpec
from papi_xl.vocab import Sheet

FIRST_COLUMN = 12  # 1-based: column L, right of the live formulas (A:J) and a spacer (K)
MARK = "SỐ LIỆU CHỐT BỞI PAPI-XL"  # the title starts with this
SNAPSHOT = SheetSpec(Sheet.SUMMARY, 5, (  # header row of the first table (title, info, note, table title)
    Column("code", "Mã", 7),
    Column("name", "Chỉ số nội dung / Nội dung thành phần", 50),
    Column("total", "Tổng số", 9, kind="number"),
    Column("done", "Hoàn thành", 10, kind="number"),
    Column("in_progress", "Đang thực hiện", 10, kind="number"),
    Column("not_started", "Chưa thực hiện", 10, kind="number"),
    Column("not_done", "Không thực hiện", 10, kind="number"),
    Column("overdue", "Quá hạn", 9, kind="number"),
    Column("pct_done", "% hoàn thành", 10, kind="pct"),
    Column("light", "Đánh giá", 9),
    Column("rows_with_errors", "Dòng có lỗi", 9, kind="number"),
))
INDEX_TABLE = "Theo chỉ số nội dung và nội dung thành phần"
UNIT_TABLE = "Theo đơn vị chủ trì"
CHART_TABLE = "Dữ liệu biểu đồ"
TOTAL = "Tổng cộng"
UNCLASSIFIED = "Chưa xác định được chỉ số / tiến độ"
