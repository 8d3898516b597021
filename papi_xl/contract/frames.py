"""The tables papi-xl hands to a data analyst (``papi_xl.check`` / ``papi_xl.check_folder``), as pandera
models: the schema is the documentation of each column."""

from __future__ import annotations

from typing import Optional  # noqa: UP035 - pandera reads Optional[Series[...]] as "column may be absent"

import pandera.pandas as pa
from pandera.typing import Series

from papi_xl.vocab import STATUSES, Severity, Submission


class FindingFrame(pa.DataFrameModel):
    """One row per finding (the shape of :class:`papi_xl.registry.Finding`)."""

    file: Series[str] = pa.Field(description="Tệp")
    sheet: Series[str] = pa.Field(description="Sheet")
    cell: Series[str] = pa.Field(description="Ô (A1), trống khi nói về cả tệp")
    row: Series[float] = pa.Field(nullable=True, description="Dòng")
    column: Series[str] = pa.Field(description="Cột (chữ)")
    field: Series[str] = pa.Field(description="Trường (tiêu đề tiếng Việt)")
    code: Series[str] = pa.Field(description="Mã quy tắc (papi_xl.registry)")
    severity: Series[str] = pa.Field(isin=[str(s) for s in Severity], description="Lỗi / Cảnh báo")
    message: Series[str] = pa.Field(description="Nội dung và cách sửa")
    unit: Optional[Series[str]] = pa.Field(description="Đơn vị (tổng hợp nhiều tệp)")  # noqa: UP045

    class Config:
        strict = False
        coerce = True


class TaskFrame(pa.DataFrameModel):
    """One row per task, as papi-xl understood it (resolved index, sub-content, status, due date)."""

    unit: Series[str] = pa.Field(description="Đơn vị")
    task: Series[str] = pa.Field(description="Nhiệm vụ")
    index_code: Series[str] = pa.Field(nullable=True, description="Mã chỉ số nội dung (None: không xác định)")
    sub_code: Series[str] = pa.Field(nullable=True, description="Mã nội dung thành phần")
    status: Series[str] = pa.Field(nullable=True, isin=list(STATUSES),
                                   description="Tiến độ đã hiểu (None: không đọc được)")
    due: Series[object] = pa.Field(nullable=True, description="Hạn (ngày), ghi rõ hoặc suy từ Thời gian thực hiện")
    overdue: Series[bool] = pa.Field(description="Quá hạn tại ngày chốt")
    lead_unit: Series[str] = pa.Field(nullable=True, description="Đơn vị chủ trì (tên trong danh mục)")

    class Config:
        strict = False
        coerce = False


class RegisterFrame(pa.DataFrameModel):
    """The submission register of a folder: one row per file (or unit inside a summary, or missing unit)."""

    unit: Series[str] = pa.Field(description="Đơn vị")
    file: Series[str] = pa.Field(description="Tệp")
    status: Series[str] = pa.Field(isin=[str(s) for s in Submission], description="Trạng thái")
    reasons: Series[str] = pa.Field(description="Lý do")

    class Config:
        strict = False
        coerce = True
