"""The words papi-xl's files and users share: sheet names, statuses, severities, periods, traffic
lights and register statuses, each an enum whose value is the Vietnamese text written in the
workbooks.  Members are ``str`` (``StrEnum``): they compare equal to the cell text, go into pandas
columns, JSON and spreadsheet cells as that text.
"""

from __future__ import annotations

from enum import StrEnum

TEMPLATE_VERSION = "1.0"
KNOWN_TEMPLATE_VERSIONS = ("1.0",)


class Sheet(StrEnum):
    """Sheet names of the canonical workbook and of the summary workbook."""

    GUIDE = "Hướng dẫn"
    INFO = "Thông tin"
    TASKS = "Nhiệm vụ"
    SUMMARY = "Tổng hợp"
    CATALOG = "Danh mục"
    CHECK = "Kiểm tra"
    # the summary workbook (papi-xl merge) adds these
    REGISTER = "Tình hình nộp"
    MATRIX = "Tổng hợp theo chỉ số"
    RANKING = "Xếp hạng"


class Status(StrEnum):
    """Tiến độ of a task: the four values of the dropdown, in dropdown order."""

    NOT_STARTED = "Chưa thực hiện"
    IN_PROGRESS = "Đang thực hiện"
    DONE = "Hoàn thành"
    NOT_DONE = "Không thực hiện"


STATUSES: tuple[str, ...] = tuple(Status)


class Severity(StrEnum):
    """Lỗi blocks acceptance of a workbook; Cảnh báo does not."""

    ERROR = "Lỗi"
    WARNING = "Cảnh báo"


class Period(StrEnum):
    """Kỳ báo cáo."""

    HALF = "6 tháng"
    YEAR = "Năm"


PERIODS: tuple[str, ...] = tuple(Period)


class Light(StrEnum):
    """The traffic light of a group of tasks (see :mod:`papi_xl.domain.progress`)."""

    RED = "Đỏ"
    YELLOW = "Vàng"
    GREEN = "Xanh"


class Submission(StrEnum):
    """A file's (or unit's) status in the merge register (Tình hình nộp)."""

    ACCEPTED = "Đã nhận"
    REJECTED = "Từ chối"
    SUPERSEDED = "Bị thay thế"
    MISSING = "Chưa nộp"
    SKIPPED = "Bỏ qua"
