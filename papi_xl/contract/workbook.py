"""The contract of the canonical workbook (the Biểu tổng hợp nhiệm vụ that communes fill in): its
sheets in order, the task table's columns with the headers people write, the Thông tin fields, the
layout rows, and :class:`Metadata`, the Thông tin values as plain data.

The template writer lays the workbook out from these declarations and the reader finds the same
columns by header text, so a column added here appears in both."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from papi_xl.contract.spec import Column, SheetSpec
from papi_xl.vocab import Sheet

# Sheets, in workbook order.
SHEETS = (Sheet.GUIDE, Sheet.INFO, Sheet.TASKS, Sheet.SUMMARY, Sheet.CATALOG)

# The task matrix.  Plan columns first, tracking columns after.
TASK_COLUMNS: tuple[Column, ...] = (
    Column("tt", "TT", 4, ("stt", "so tt", "so thu tu")),
    Column("index", "Chỉ số nội dung", 16, ("chi so", "chi so noi dung", "linh vuc", "noi dung chi so"), True, "index"),
    Column("sub", "Nội dung thành phần", 18, ("noi dung thanh phan", "chi so thanh phan", "tieu chi", "noi dung"), True, "sub"),
    Column("task", "Nhiệm vụ", 42, ("nhiem vu", "nhiem vu cu the", "nhiem vu giai phap", "giai phap", "cong viec"), True),
    Column("output", "Kết quả/sản phẩm", 26, ("ket qua", "san pham", "ket qua san pham", "ket qua du kien", "san pham dau ra")),
    Column("lead", "Đơn vị chủ trì", 14, ("chu tri", "don vi chu tri", "co quan chu tri", "nguoi chu tri"), True, "unit"),
    Column("coord", "Đơn vị phối hợp", 16, ("phoi hop", "don vi phoi hop", "don vi phoi hop thuc hien", "co quan phoi hop")),
    Column("timeline", "Thời gian thực hiện", 13, ("thoi gian", "thoi gian thuc hien", "thoi han", "thoi gian hoan thanh")),
    Column("code", "Mã nhiệm vụ", 8, ("ma", "ma nhiem vu", "ma nv")),
    Column("due", "Hạn hoàn thành", 11, ("han", "han hoan thanh", "han chot", "deadline"), False, "date"),
    Column("status", "Tiến độ", 12, ("tien do", "tinh trang", "trang thai", "tien do thuc hien"), False, "status"),
    Column("result", "Kết quả thực hiện", 24, ("ket qua thuc hien", "ket qua dat duoc", "ket qua da thuc hien")),
    Column("evidence", "Minh chứng", 20, ("minh chung", "tai lieu minh chung", "van ban minh chung", "can cu")),
    Column("done_date", "Ngày hoàn thành", 11, ("ngay hoan thanh", "thoi gian hoan thanh thuc te", "ngay thuc hien xong"), False, "date"),
    Column("note", "Ghi chú", 14, ("ghi chu",)),
)
COLUMN_BY_KEY = {c.key: c for c in TASK_COLUMNS}
TASK_KEYS = tuple(c.key for c in TASK_COLUMNS)

# Layout of the canonical Nhiệm vụ sheet (1-based rows).
TASK_HEADER_ROW = 4
TASK_NUMBER_ROW = 5
TASK_FIRST_ROW = 6
TASK_EMPTY_ROWS = 300
TASKS = SheetSpec(Sheet.TASKS, TASK_HEADER_ROW, TASK_COLUMNS)
DATE_KEYS = tuple(c.key for c in TASK_COLUMNS if c.kind == "date")


@dataclass(frozen=True)
class InfoField:
    key: str
    label: str
    kind: str = "text"  # text | date | year | period
    required: bool = False
    synonyms: tuple[str, ...] = ()


INFO_FIELDS: tuple[InfoField, ...] = (
    InfoField("unit", "Đơn vị", required=True, synonyms=("ten don vi", "don vi bao cao", "xa phuong")),
    InfoField("parent", "Đơn vị cấp trên", synonyms=("cap tren", "don vi quan ly")),
    InfoField("year", "Năm kế hoạch", "year", True, ("nam",)),
    InfoField("plan_number", "Số hiệu kế hoạch", synonyms=("so ke hoach", "so hieu")),
    InfoField("plan_date", "Ngày ban hành", "date", synonyms=("ngay ban hanh ke hoach",)),
    InfoField("period", "Kỳ báo cáo", "period", True, ("ky",)),
    InfoField("cutoff", "Ngày chốt số liệu", "date", True, ("ngay chot", "chot so lieu")),
    InfoField("author", "Người lập", synonyms=("nguoi lap bieu", "can bo lap")),
    InfoField("phone", "Điện thoại", synonyms=("so dien thoai", "dt")),
    InfoField("version", "Phiên bản biểu mẫu", synonyms=("phien ban", "version")),
    InfoField("catalog", "Bộ chỉ số", synonyms=("danh muc chi so",)),
    InfoField("note", "Ghi chú", synonyms=()),
    InfoField("folder", "Thư mục báo cáo trả về", synonyms=("thu muc tra ve",)),
    InfoField("expected", "Danh sách đơn vị phải nộp", synonyms=("don vi phai nop", "danh sach don vi")),
)
INFO_BY_KEY = {f.key: f for f in INFO_FIELDS}
INFO_FIRST_ROW = 3  # row of the first label on the Thông tin sheet


@dataclass
class Metadata:
    unit: str = ""
    parent: str = ""
    year: int | None = None
    plan_number: str = ""
    plan_date: dt.date | None = None
    period: str = ""
    cutoff: dt.date | None = None
    author: str = ""
    phone: str = ""
    version: str = ""
    catalog: str = ""
    note: str = ""
    folder: str = ""  # where returned workbooks are collected (the merge button reads it)
    expected: str = ""  # the list of units that must return a workbook (.csv/.xlsx; the merge button reads it)
    # where each field was found: key -> A1 cell on the Thông tin sheet
    cells: dict[str, str] = field(default_factory=dict)
