"""The contract of the summary workbook (``papi-xl merge``): its sheets and columns.

:mod:`papi_xl.outputs.summary_workbook` writes it; :mod:`papi_xl.inputs.summary_reader` reads it back
when a province merges district summaries, and the report reads it too.  Every header is declared
here once, so renaming one cannot make a merge of summaries silently yield zero units (a round-trip
test writes a summary and reads every column back).
"""

from __future__ import annotations

from papi_xl.contract.spec import Column, SheetSpec
from papi_xl.vocab import Sheet

KIND = "Bảng tổng hợp papi-xl"  # the Thông tin "Loại tệp" value that marks a summary
HEADER_ROW = 4  # every table sheet: title, subtitle, a line of counts or blank, then the header

REGISTER = SheetSpec(Sheet.REGISTER, HEADER_ROW, (
    Column("n", "STT", 5, kind="number"),
    Column("unit", "Đơn vị", 22),
    Column("parent", "Cấp trên", 16),
    Column("file", "Tệp", 30),
    Column("received", "Ngày nhận", 15, kind="datetime"),
    Column("dated", "Ngày của tệp", 15, kind="datetime"),
    Column("date_source", "Ngày dùng để so sánh", 22),
    Column("year", "Năm kế hoạch", 9, kind="number"),
    Column("version", "Phiên bản biểu mẫu", 9),
    Column("tasks", "Số nhiệm vụ", 9, kind="number"),
    Column("errors", "Lỗi", 6, kind="number"),
    Column("warnings", "Cảnh báo", 8, kind="number"),
    Column("status", "Trạng thái", 12),
    Column("reasons", "Lý do", 50),
    Column("unit_source", "Nhận diện đơn vị theo", 14),
))

MATRIX_FIXED = SheetSpec(Sheet.MATRIX, HEADER_ROW, (
    Column("n", "STT", 5, kind="number"),
    Column("unit", "Đơn vị", 22),
    Column("parent", "Cấp trên", 16),
    Column("total", "Số nhiệm vụ", 9, kind="number"),
    Column("pct_done", "% hoàn thành", 10, kind="pct"),
    Column("overdue", "Quá hạn", 8, kind="number"),
))
MATRIX_PCT_GROUP = "% hoàn thành theo chỉ số nội dung"
MATRIX_OVERDUE_GROUP = "Số nhiệm vụ quá hạn theo chỉ số nội dung"
MATRIX_INDEX_WIDTH = 7


def matrix_index_header(code: str) -> str:
    return f"CS {code}"


RANKING = SheetSpec(Sheet.RANKING, HEADER_ROW, (
    Column("n", "Hạng", 6, kind="number"),
    Column("unit", "Đơn vị", 22),
    Column("parent", "Cấp trên", 16),
    Column("total", "Số nhiệm vụ", 9, kind="number"),
    Column("done", "Hoàn thành", 9, kind="number"),
    Column("pct_done", "% hoàn thành", 10, kind="pct"),
    Column("overdue", "Quá hạn", 8, kind="number"),
    Column("not_done", "Không thực hiện", 9, kind="number"),
    Column("light", "Đánh giá", 9),
))

TASKS = SheetSpec(Sheet.TASKS, HEADER_ROW, (
    Column("unit", "Đơn vị", 18),
    Column("parent", "Cấp trên", 14),
    Column("code", "Mã nhiệm vụ", 9),
    Column("index_label", "Chỉ số nội dung", 22),
    Column("sub_label", "Nội dung thành phần", 22),
    Column("task", "Nhiệm vụ", 48),
    Column("output", "Kết quả/sản phẩm", 24),
    Column("lead", "Đơn vị chủ trì", 16),
    Column("coord", "Đơn vị phối hợp", 16),
    Column("timeline", "Thời gian thực hiện", 14),
    Column("due", "Hạn hoàn thành", 11, kind="date"),
    Column("status", "Tiến độ", 13),
    Column("overdue_mark", "Quá hạn", 7, kind="flag"),
    Column("result", "Kết quả thực hiện", 26),
    Column("evidence", "Minh chứng", 22),
    Column("done_date", "Ngày hoàn thành", 11, kind="date"),
    Column("note", "Ghi chú", 16),
    Column("file", "Tệp nguồn", 18),
    Column("row", "Dòng", 6, kind="number"),
    Column("sub_code", "Mã nội dung", 8),
    Column("ongoing", "Thường xuyên", 8, kind="flag"),
))
INVALID_STATUS = "(không hợp lệ)"  # what the Tiến độ column shows for a status papi-xl could not read
FLAG = "x"  # a true flag (Quá hạn, Thường xuyên)

FINDINGS = SheetSpec(Sheet.CHECK, HEADER_ROW, (
    Column("unit", "Đơn vị", 20),
    Column("file", "Tệp", 26),
    Column("sheet", "Sheet", 12),
    Column("cell", "Ô", 7),
    Column("field", "Trường", 18),
    Column("code", "Mã", 18),
    Column("severity", "Mức độ", 10),
    Column("message", "Nội dung", 80),
))

# The Thông tin sheet: label in column A, value in column B.
INFO_SHEET = Sheet.INFO
INFO_LABELS = {
    "kind": "Loại tệp",
    "unit": "Đơn vị tổng hợp",
    "merged_at": "Thời điểm tổng hợp",
    "period": "Kỳ báo cáo",
    "cutoff": "Ngày chốt số liệu",
    "year": "Năm kế hoạch",
    "year_basis": "Năm kế hoạch xác định theo",
    "catalog": "Bộ chỉ số",
    "version": "Phiên bản papi-xl",
    "inputs": "Số tệp đầu vào",
    "accepted": "Đã nhận",
    "rejected": "Từ chối",
    "missing": "Chưa nộp",
    "superseded": "Bị thay thế",
    "skipped": "Bỏ qua",
    "expected": "Danh sách đơn vị dự kiến",
    "files": "Các tệp đầu vào",
}
