"""The contract of the canonical workbook: sheets, columns, metadata fields,
statuses, and the plain data types passed between the workflow steps."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

TEMPLATE_VERSION = "1.0"
KNOWN_TEMPLATE_VERSIONS = ("1.0",)

# Sheet names, in workbook order.
SHEET_GUIDE = "Hướng dẫn"
SHEET_INFO = "Thông tin"
SHEET_TASKS = "Nhiệm vụ"
SHEET_SUMMARY = "Tổng hợp"
SHEET_CATALOG = "Danh mục"
SHEET_CHECK = "Kiểm tra"
SHEETS = (SHEET_GUIDE, SHEET_INFO, SHEET_TASKS, SHEET_SUMMARY, SHEET_CATALOG)

# Progress statuses (Tiến độ).
DONE = "Hoàn thành"
IN_PROGRESS = "Đang thực hiện"
NOT_STARTED = "Chưa thực hiện"
NOT_DONE = "Không thực hiện"
STATUSES = (NOT_STARTED, IN_PROGRESS, DONE, NOT_DONE)

PERIOD_HALF = "6 tháng"
PERIOD_YEAR = "Năm"
PERIODS = (PERIOD_HALF, PERIOD_YEAR)

SEVERITY_ERROR = "Lỗi"
SEVERITY_WARNING = "Cảnh báo"


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # Vietnamese header written in the template
    width: float
    synonyms: tuple[str, ...] = ()  # other headers people write (matched folded)
    required: bool = False
    kind: str = "text"  # text | date | status | index | sub | unit


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
    # where each field was found: key -> A1 cell on the Thông tin sheet
    cells: dict[str, str] = field(default_factory=dict)

    def effective_cutoff(self) -> dt.date | None:
        """Cut-off date: explicit, else the end of the reporting period."""
        if self.cutoff:
            return self.cutoff
        if self.year:
            if self.period == PERIOD_HALF:
                return dt.date(self.year, 6, 30)
            return dt.date(self.year, 12, 31)
        return None


@dataclass(frozen=True)
class Finding:
    """One validation finding, addressed to a cell a person can click."""

    sheet: str
    cell: str  # A1, "" when the finding is about the whole file
    row: int | None
    column: str  # column letter, "" when not about a column
    field: str  # Vietnamese field label
    code: str
    severity: str  # SEVERITY_ERROR | SEVERITY_WARNING
    message: str

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def is_error(self) -> bool:
        return self.severity == SEVERITY_ERROR
