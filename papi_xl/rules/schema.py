"""The specification of a task row as a pandera ``DataFrameModel``: the schema reads as the spec of
the *Nhiệm vụ* sheet's rows.  Cross-field and cross-row rules live in :mod:`papi_xl.rules.validate`.

:func:`papi_xl.rules.validate.schema_failures` makes the same checks without pandera (its fixed cost per
call, ~25 ms, was a fifth of a merge's reading time, and importing it a third of a button click); the tests
compare the two on many frames (:func:`pandera_failures`), so this class stays the spec.
"""

from __future__ import annotations

from typing import Optional  # noqa: UP035 - pandera reads Optional[Series[...]] as "column may be absent"

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series


class TaskRowSchema(pa.DataFrameModel):
    """Một dòng nhiệm vụ của sheet *Nhiệm vụ* (the specification of a row).

    Text columns are NFC-normalised and trimmed by the reader; dates are
    ``datetime.date`` or empty.  The four required columns must be present and
    non-empty on every task row; the others may be absent from a returned
    sheet (``Optional``) and are described here, checked by the cross-field
    rules in :func:`validate` (a done task has its evidence, dates against the
    cut-off, ...).
    """

    index: Series[str] = pa.Field(str_length={"min_value": 1}, description="Chỉ số nội dung (bắt buộc)")
    sub: Series[str] = pa.Field(str_length={"min_value": 1}, description="Nội dung thành phần (bắt buộc)")
    task: Series[str] = pa.Field(str_length={"min_value": 1}, description="Nhiệm vụ (bắt buộc)")
    lead: Series[str] = pa.Field(str_length={"min_value": 1}, description="Đơn vị chủ trì (bắt buộc)")
    due: Series[object] = pa.Field(nullable=True, description="Hạn hoàn thành (ngày hợp lệ, hoặc trống)")
    done_date: Series[object] = pa.Field(nullable=True, description="Ngày hoàn thành (ngày hợp lệ, hoặc trống)")
    output: Optional[Series[str]] = pa.Field(description="Kết quả/sản phẩm dự kiến")  # noqa: UP045
    coord: Optional[Series[str]] = pa.Field(description="Đơn vị phối hợp")  # noqa: UP045
    timeline: Optional[Series[str]] = pa.Field(description="Thời gian thực hiện (chữ; được phân tích thành hạn)")  # noqa: UP045
    code: Optional[Series[str]] = pa.Field(description="Mã nhiệm vụ (duy nhất: quy tắc duplicate-code)")  # noqa: UP045
    status: Optional[Series[str]] = pa.Field(description="Tiến độ: một trong danh sách, hoặc trống")  # noqa: UP045
    result: Optional[Series[str]] = pa.Field(description="Kết quả thực hiện (bắt buộc khi Hoàn thành)")  # noqa: UP045
    evidence: Optional[Series[str]] = pa.Field(description="Minh chứng: số, ký hiệu, ngày văn bản")  # noqa: UP045
    note: Optional[Series[str]] = pa.Field(description="Ghi chú")  # noqa: UP045

    @pa.dataframe_check(element_wise=False)
    def dates_are_dates(cls, df: pd.DataFrame) -> pd.Series:  # noqa: N805
        """A date cell holds a date: text that is not a date is an error."""
        ok = pd.Series(True, index=df.index)
        for key in ("due", "done_date"):
            raw = df[f"{key}_raw"].fillna("")
            ok &= ~((raw != "") & df[key].isna())
        return ok

    class Config:
        strict = False
        coerce = False  # the reader already gives text as str and dates as date objects
        name = "Nhiệm vụ"


# The columns the schema's checks read (the Optional, check-free columns are described, not re-checked).
SCHEMA_COLUMNS = ["index", "sub", "task", "lead", "due", "done_date", "due_raw", "done_date_raw"]

# pandera check name -> rule code (papi_xl.registry)
SCHEMA_RULES = {"str_length": "required", "dates_are_dates": "invalid-date"}


def pandera_failures(frame: pd.DataFrame) -> list[tuple[str, int, str]]:
    """(field, row position, rule code) of every cell the schema rejects, as
    :func:`papi_xl.rules.validate.schema_failures` reports them (a failing date row names each of its
    date cells that holds text but no date)."""
    from pandera.errors import SchemaErrors

    frame = frame.reset_index(drop=True)
    out: set[tuple[str, int, str]] = set()
    try:
        TaskRowSchema.validate(frame[SCHEMA_COLUMNS], lazy=True)
    except SchemaErrors as exc:
        for case in exc.failure_cases.itertuples():
            code = SCHEMA_RULES.get(str(case.check).split("(")[0])
            if code is None or pd.isna(case.index):
                continue
            i = int(case.index)
            if code == "required":
                out.add((str(case.column), i, code))
                continue
            for key in ("due", "done_date"):
                if (frame.loc[i, f"{key}_raw"] or "") and frame.loc[i, key] is None:
                    out.add((key, i, code))
    return sorted(out)
