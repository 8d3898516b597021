"""Validate a read workbook: a pandera schema for each task row plus cross-row
and cross-field rules.  Every finding names the sheet, the A1 cell, the field,
a rule code and a Vietnamese message saying what to do.

Severities: **Lỗi** blocks acceptance; **Cảnh báo** does not.  Overdue work is
a finding about progress, never a Lỗi.  The rule table is in the README
(generated from :data:`RULES`).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Optional  # noqa: UP035 - pandera reads Optional[Series[...]] as "column may be absent"

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors
from pandera.typing import Series

from papi_xl.contract.workbook import (
    DONE,
    INFO_BY_KEY,
    NOT_DONE,
    NOT_STARTED,
    SEVERITY_ERROR,
    SEVERITY_WARNING,
    SHEET_INFO,
    STATUSES,
    TASK_COLUMNS,
    Finding,
    Metadata,
)
from papi_xl.domain.catalog import Catalog
from papi_xl.domain.docnum import find_doc_numbers
from papi_xl.domain.text import best_match, clean, fold, one_line
from papi_xl.domain.timeline import parse_timeline
from papi_xl.inputs.read import WorkbookData

E, W = SEVERITY_ERROR, SEVERITY_WARNING

# code -> (severity, what the rule checks), in README order
RULES: dict[str, tuple[str, str]] = {
    "required": (E, "Ô bắt buộc (Chỉ số nội dung, Nội dung thành phần, Nhiệm vụ, Đơn vị chủ trì) không được trống"),
    "unknown-index": (E, "Chỉ số nội dung phải có trong danh mục của tệp (gợi ý tên gần nhất)"),
    "index-approx": (W, "Chỉ số nội dung ghi gần đúng (sai dấu, sai chính tả): đã hiểu theo danh mục"),
    "unknown-sub": (E, "Nội dung thành phần phải có trong danh mục (gợi ý tên gần nhất)"),
    "sub-approx": (W, "Nội dung thành phần ghi gần đúng: đã hiểu theo danh mục"),
    "sub-mismatch": (E, "Nội dung thành phần phải thuộc chỉ số nội dung ghi cùng dòng"),
    "invalid-status": (E, "Tiến độ phải là một trong: Chưa thực hiện / Đang thực hiện / Hoàn thành / Không thực hiện"),
    "status-approx": (W, "Tiến độ ghi khác danh sách nhưng hiểu được (ví dụ 'xong')"),
    "status-missing": (W, "Chưa chọn Tiến độ (được tính là Chưa thực hiện)"),
    "done-no-result": (E, "Nhiệm vụ Hoàn thành phải có Kết quả thực hiện"),
    "done-no-evidence": (E, "Nhiệm vụ Hoàn thành phải có Minh chứng"),
    "done-no-date": (E, "Nhiệm vụ Hoàn thành phải có Ngày hoàn thành"),
    "invalid-date": (E, "Ô ngày phải là ngày hợp lệ (dd/mm/yyyy)"),
    "done-after-cutoff": (E, "Ngày hoàn thành không được sau ngày chốt số liệu"),
    "done-before-year": (E, "Ngày hoàn thành không được trước năm kế hoạch"),
    "date-not-done": (W, "Có Ngày hoàn thành nhưng Tiến độ chưa là Hoàn thành"),
    "evidence-unparsed": (W, "Minh chứng nên trích số, ký hiệu và ngày văn bản theo NĐ 30/2020 (Số 15/KH-UBND ngày 18/01/2023)"),
    "unknown-unit": (W, "Đơn vị chủ trì không có trong danh mục đơn vị (kể cả tên viết tắt, tên gọi khác)"),
    "duplicate-code": (E, "Mã nhiệm vụ không được trùng"),
    "code-missing": (W, "Mã nhiệm vụ trống (cần để tổng hợp, đối chiếu giữa các kỳ)"),
    "timeline-unparsed": (W, "Không hiểu Thời gian thực hiện và không có Hạn hoàn thành: không xét được quá hạn"),
    "due-missing": (W, "Hạn hoàn thành trống dù Thời gian thực hiện cho biết hạn: sheet Tổng hợp cần ô này để tính quá hạn"),
    "overdue": (W, "Quá hạn: hạn đã qua ngày chốt mà nhiệm vụ chưa hoàn thành"),
    "meta-missing": (E, "Sheet Thông tin phải có Đơn vị, Năm kế hoạch, Kỳ báo cáo, Ngày chốt số liệu"),
    "cutoff-outside-year": (W, "Ngày chốt số liệu nên nằm trong năm kế hoạch"),
    "no-tasks": (E, "Bảng Nhiệm vụ phải có ít nhất một nhiệm vụ"),
    # reader findings (papi_xl.read)
    "missing-column": (E, "Bảng Nhiệm vụ phải có các cột bắt buộc (tìm theo tên tiêu đề)"),
    "unmapped-column": (W, "Cột không thuộc biểu mẫu: không được đọc"),
    "legacy-encoding": (W, "Chữ gõ bằng bảng mã cũ TCVN3/VNI: đã chuyển sang Unicode"),
    "template-version": (W, "Phiên bản biểu mẫu chưa biết: vẫn đọc theo tên cột"),
    "catalog-missing": (W, "Tệp không có sheet Danh mục: dùng bộ chỉ số mặc định"),
    "catalog-unreadable": (W, "Không đọc được sheet Danh mục: dùng bộ chỉ số mặc định"),
}


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


# The columns the schema's checks read (pandera costs ~1.5 ms per column per file, and a merge
# validates hundreds of files: the Optional, check-free columns are described, not re-checked).
SCHEMA_COLUMNS = ["index", "sub", "task", "lead", "due", "done_date", "due_raw", "done_date_raw"]


# pandera check name -> rule code
_SCHEMA_RULES = {"str_length": "required", "dates_are_dates": "invalid-date"}


@dataclass
class Validation:
    """Findings plus the task table enriched with what the rules resolved."""

    data: WorkbookData
    cutoff: dt.date | None
    findings: list[Finding]
    tasks: pd.DataFrame  # one row per task: resolved codes, status, due, flags

    @property
    def errors(self) -> int:
        return sum(f.is_error for f in self.findings)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def as_dict(self) -> dict:
        return {"file": str(self.data.path), "ok": self.ok, "errors": self.errors, "warnings": self.warnings,
                "issues": [f.as_dict() for f in self.findings]}


def _header(key: str) -> str:
    return next(c.header for c in TASK_COLUMNS if c.key == key)


def validate(data: WorkbookData, cutoff: dt.date | None = None) -> Validation:
    """Apply every rule to a read workbook. Pure: reads nothing, writes nothing."""
    meta = data.meta
    cutoff = cutoff or meta.effective_cutoff()
    table = data.tasks
    sheet = table.sheet
    frame = table.frame.copy()
    findings: list[Finding] = list(data.findings)

    def add(key: str, row: int | None, code: str, message: str, severity: str | None = None) -> None:
        letter = table.letter(key)
        findings.append(Finding(sheet, f"{letter}{row}" if letter and row else "", row, letter,
                                _header(key), code, severity or RULES[code][0], message))

    findings += _meta_findings(data, cutoff)
    if frame.empty:
        findings.append(Finding(sheet, f"A{table.header_row + 1}", table.header_row + 1, "", "Nhiệm vụ", "no-tasks",
                                E, "Bảng Nhiệm vụ chưa có nhiệm vụ nào. Hãy chép các nhiệm vụ từ Phụ lục của Kế hoạch."))
        return Validation(data, cutoff, _sorted(findings, data), _resolved_frame(frame))

    # 1. the schema: one row at a time (the reader gives every text column as str)
    try:
        TaskRowSchema.validate(frame[SCHEMA_COLUMNS], lazy=True)
    except SchemaErrors as exc:
        date_rows: set[int] = set()
        for case in exc.failure_cases.itertuples():
            code = _SCHEMA_RULES.get(str(case.check).split("(")[0])
            if code is None or pd.isna(case.index):
                continue
            idx = int(case.index)
            row = int(frame.loc[idx, "_row"])
            if code == "required":
                key = str(case.column)
                if key in table.columns:  # a missing column is reported once, by the reader
                    add(key, row, "required", f"Ô '{_header(key)}' đang trống. " + _REQUIRED_HELP.get(key, "Hãy điền."))
            elif code == "invalid-date" and idx not in date_rows:
                date_rows.add(idx)
                for key in ("due", "done_date"):
                    raw = frame.loc[idx, f"{key}_raw"] or ""
                    if raw and frame.loc[idx, key] is None:
                        add(key, row, "invalid-date",
                            f"'{raw}' không phải ngày hợp lệ. Nhập theo dạng ngày/tháng/năm, ví dụ 15/03/2025.")

    # 2. catalog, status, units, dates, evidence, codes, timeline
    resolved = []
    seen_codes: dict[str, int] = {}
    columns = {c: frame[c].tolist() for c in frame.columns}  # plain lists: pandas' to_dict boxes every cell
    for rec in (dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)):
        row = int(rec["_row"])
        out = {"_row": row, "index_code": None, "sub_code": None, "status": NOT_STARTED, "status_given": False,
               "due": None, "due_source": "", "timeline_kind": "", "ongoing": False, "lead_unit": "",
               "has_error": False, "task": rec["task"], "code": rec["code"], "lead": rec["lead"],
               "result": rec["result"], "evidence": rec["evidence"], "done_date": rec["done_date"],
               "index_text": rec["index"], "sub_text": rec["sub"]}
        _check_catalog(rec, out, data.catalog, add, row)
        _check_status(rec, out, data.catalog, add, row)
        _check_done(rec, out, meta, cutoff, add, row)
        _check_unit(rec, out, data.catalog, add, row)
        code = clean(rec["code"])
        if code:
            key = fold(code)
            if key in seen_codes:
                add("code", row, "duplicate-code",
                    f"Mã nhiệm vụ '{code}' trùng với dòng {seen_codes[key]}. Mỗi nhiệm vụ cần một mã riêng.")
            else:
                seen_codes[key] = row
        elif "code" in table.columns:
            add("code", row, "code-missing", "Mã nhiệm vụ trống. Hãy điền một mã riêng (ví dụ 1.a.01) để đối chiếu giữa các kỳ.")
        _check_timeline(rec, out, meta, cutoff, add, row, table)
        resolved.append(out)

    findings = _sorted(findings, data)
    tasks = _resolved_frame(pd.DataFrame(resolved))
    error_rows = {f.row for f in findings if f.is_error and f.sheet == sheet and f.row}
    tasks["has_error"] = tasks["_row"].isin(error_rows)
    return Validation(data, cutoff, findings, tasks)


_REQUIRED_HELP = {
    "index": "Chọn chỉ số nội dung từ danh sách (mỗi dòng đều phải ghi, không để trống dưới ô gộp).",
    "sub": "Chọn nội dung thành phần thuộc chỉ số đã chọn.",
    "task": "Ghi nội dung nhiệm vụ theo Phụ lục Kế hoạch, hoặc xóa hẳn dòng nếu không phải nhiệm vụ.",
    "lead": "Ghi đơn vị chủ trì (ví dụ: UBND xã, Công chức VP-TK).",
}


def _resolved_frame(df: pd.DataFrame) -> pd.DataFrame:
    cols = ["_row", "code", "task", "index_code", "sub_code", "index_text", "sub_text", "lead", "lead_unit",
            "status", "status_given", "due", "due_source", "timeline_kind", "ongoing", "result", "evidence",
            "done_date", "has_error"]
    for c in cols:
        if c not in df.columns:
            df[c] = pd.Series(dtype=object)
    return df[cols].reset_index(drop=True)


@functools.lru_cache(maxsize=4096)
def same_label(text: str, label: str) -> bool:
    """Equal as Excel's COUNTIFS compares: case-insensitive, accents and spacing exact."""
    return one_line(text).casefold() == one_line(label).casefold()


def _check_label(add, key: str, row: int, text: str, label: str) -> None:
    """Understood, but not the catalog's exact label (which the live Tổng hợp formulas count)."""
    if not same_label(text, label):
        add(key, row, f"{key}-approx",
            f"Ghi '{one_line(text)[:60]}' chưa đúng danh mục; đã hiểu là '{label}'. Hãy chọn lại từ danh sách "
            "(sheet Tổng hợp chỉ đếm đúng tên trong danh mục).")


def _check_catalog(rec, out, catalog: Catalog, add, row) -> None:
    index_text, sub_text = rec["index"], rec["sub"]
    if index_text:
        m = catalog.match_index(index_text)
        if m is None:
            near = best_match(index_text, {fold(i.label): i.label for i in catalog.indices}, cutoff=0.4)
            add("index", row, "unknown-index",
                f"'{one_line(index_text)[:80]}' không có trong danh mục chỉ số nội dung."
                + (f" Có phải là '{near.value}'?" if near else "") + " Hãy chọn từ danh sách thả xuống.")
        else:
            out["index_code"] = m.value
            if not rec["_index_carried"]:
                _check_label(add, "index", row, index_text, catalog.get(m.value).label)
    if sub_text:
        m = catalog.match_sub(sub_text, out["index_code"]) if out["index_code"] else None
        if m is None:
            anywhere = catalog.match_sub_anywhere(sub_text)
            if anywhere and out["index_code"] and anywhere.exact:
                item = catalog.get(anywhere.value)
                add("sub", row, "sub-mismatch",
                    f"'{item.label}' thuộc chỉ số {item.index_code}, không thuộc chỉ số {out['index_code']} ghi ở cột "
                    "Chỉ số nội dung. Sửa một trong hai ô cho khớp.")
            elif not out["index_code"] and anywhere:
                out["sub_code"] = anywhere.value
            else:
                pool = catalog.subs_of(out["index_code"]) if out["index_code"] else catalog.items
                near = best_match(sub_text, {fold(i.label): i.label for i in pool if not i.is_index}, cutoff=0.4)
                add("sub", row, "unknown-sub",
                    f"'{one_line(sub_text)[:80]}' không có trong danh mục nội dung thành phần"
                    + (f" của chỉ số {out['index_code']}" if out["index_code"] else "") + "."
                    + (f" Có phải là '{near.value}'?" if near else "") + " Hãy chọn từ danh sách thả xuống.")
        else:
            out["sub_code"] = m.value
            if not rec["_sub_carried"]:
                _check_label(add, "sub", row, sub_text, catalog.get(m.value).label)


def _check_status(rec, out, catalog: Catalog, add, row) -> None:
    text = rec["status"]
    if not text:
        add("status", row, "status-missing",
            "Chưa chọn Tiến độ; tạm tính là 'Chưa thực hiện'. Hãy chọn từ danh sách thả xuống.")
        return
    out["status_given"] = True
    if text in STATUSES:
        out["status"] = text
        return
    m = catalog.match_status(text)
    if m:
        out["status"] = m.value
        add("status", row, "status-approx", f"Ghi '{text}'; đã hiểu là '{m.value}'. Hãy chọn từ danh sách thả xuống.")
    else:
        add("status", row, "invalid-status",
            f"'{one_line(text)[:40]}' không phải tiến độ hợp lệ. Chọn: {' / '.join(STATUSES)}.")
        out["status"] = None  # cannot classify


def _check_done(rec, out, meta: Metadata, cutoff, add, row) -> None:
    done_date = rec["done_date"]
    if out["status"] == DONE:
        if not clean(rec["result"]):
            add("result", row, "done-no-result", "Nhiệm vụ đã Hoàn thành nhưng chưa ghi Kết quả thực hiện. Hãy ghi kết quả cụ thể.")
        if not clean(rec["evidence"]):
            add("evidence", row, "done-no-evidence",
                "Nhiệm vụ đã Hoàn thành nhưng chưa có Minh chứng. Ghi văn bản chứng minh, ví dụ: "
                "Số 15/KH-UBND ngày 18/01/2023.")
        if done_date is None and not rec["done_date_raw"]:
            add("done_date", row, "done-no-date", "Nhiệm vụ đã Hoàn thành nhưng chưa có Ngày hoàn thành (dd/mm/yyyy).")
    elif done_date is not None and out["status"] is not None:
        add("done_date", row, "date-not-done",
            f"Có Ngày hoàn thành {done_date:%d/%m/%Y} nhưng Tiến độ là '{out['status']}'. Nếu đã xong, chọn 'Hoàn thành'.")
    if done_date is not None:
        if cutoff and done_date > cutoff:
            add("done_date", row, "done-after-cutoff",
                f"Ngày hoàn thành {done_date:%d/%m/%Y} sau ngày chốt số liệu {cutoff:%d/%m/%Y}. Kiểm tra lại ngày, "
                "hoặc để sang kỳ báo cáo sau.")
        if meta.year and done_date < dt.date(meta.year, 1, 1):
            add("done_date", row, "done-before-year",
                f"Ngày hoàn thành {done_date:%d/%m/%Y} trước năm kế hoạch {meta.year}. Kiểm tra lại năm.")
    evidence = clean(rec["evidence"])
    if evidence:
        numbers = find_doc_numbers(evidence)
        if not numbers:
            add("evidence", row, "evidence-unparsed",
                "Minh chứng chưa trích số, ký hiệu văn bản theo NĐ 30/2020. Ghi theo dạng: Số 15/KH-UBND ngày 18/01/2023.")
        elif not any(n.date for n in numbers):
            add("evidence", row, "evidence-unparsed",
                f"Minh chứng có số văn bản {numbers[0].symbol} nhưng thiếu ngày ban hành. Thêm 'ngày dd/mm/yyyy'.")


def _check_unit(rec, out, catalog: Catalog, add, row) -> None:
    text = rec["lead"]
    if not text:
        return
    m = catalog.match_unit(text)
    if m:
        out["lead_unit"] = m.value
    else:
        out["lead_unit"] = one_line(text)
        add("lead", row, "unknown-unit",
            f"Không nhận ra đơn vị chủ trì '{one_line(text)[:60]}'. Chọn từ danh sách, hoặc bổ sung đơn vị (và tên gọi "
            "khác) vào sheet Danh mục.")


def _check_timeline(rec, out, meta: Metadata, cutoff, add, row, table) -> None:
    tl = parse_timeline(rec["timeline"], meta.year)
    out["timeline_kind"] = tl.kind
    out["ongoing"] = tl.ongoing
    if rec["due"] is not None:
        out["due"], out["due_source"] = rec["due"], "explicit"
    elif tl.due is not None:
        out["due"], out["due_source"] = tl.due, "timeline"
        if tl.kind != "unspecified" and "due" in table.columns:
            add("due", row, "due-missing",
                f"Hạn hoàn thành trống; theo '{one_line(rec['timeline'])[:50]}' là {tl.due:%d/%m/%Y}. "
                "Điền ngày này để sheet Tổng hợp tính đúng số quá hạn.")
    elif not tl.understood:
        add("timeline", row, "timeline-unparsed",
            f"Không hiểu thời gian '{one_line(rec['timeline'])[:50]}'. Ghi rõ hơn (ví dụ: Quý II/2025, trước 30/6/2025, "
            "Thường xuyên) hoặc điền Hạn hoàn thành.")
    due = out["due"]
    if cutoff and due and due < cutoff and out["status"] not in (DONE, NOT_DONE):
        key = "due" if out["due_source"] == "explicit" or "due" in table.columns else "timeline"
        add(key, row, "overdue",
            f"Quá hạn: hạn {due:%d/%m/%Y} đã qua ngày chốt {cutoff:%d/%m/%Y} mà nhiệm vụ chưa hoàn thành "
            f"(tiến độ: {out['status'] or 'chưa rõ'}). Cập nhật tiến độ, hoặc ghi lý do ở Ghi chú.")


def _meta_findings(data: WorkbookData, cutoff) -> list[Finding]:
    meta = data.meta
    out = []
    if not data.has_info_sheet:
        return [Finding(SHEET_INFO, "", None, "", "Thông tin", "meta-missing", E,
                        "Tệp không có sheet 'Thông tin' (đơn vị, năm, kỳ báo cáo, ngày chốt). Hãy dùng biểu mẫu "
                        "papi-xl hoặc thêm sheet này.")]
    for key in ("unit", "year", "period", "cutoff"):
        if getattr(meta, key) in ("", None):
            f = INFO_BY_KEY[key]
            cell = meta.cells.get(key, "")
            out.append(Finding(SHEET_INFO, cell, int(cell[1:]) if cell[1:].isdigit() else None, cell[:1], f.label,
                               "meta-missing", E, f"Chưa điền '{f.label}' ở sheet Thông tin. Hãy điền trước khi gửi."))
    if meta.cutoff and meta.year and meta.cutoff.year != meta.year:
        cell = meta.cells.get("cutoff", "")
        out.append(Finding(SHEET_INFO, cell, int(cell[1:]) if cell[1:].isdigit() else None, cell[:1],
                           "Ngày chốt số liệu", "cutoff-outside-year", W,
                           f"Ngày chốt {meta.cutoff:%d/%m/%Y} không thuộc năm kế hoạch {meta.year}. Kiểm tra lại."))
    return out


def _sorted(findings: list[Finding], data: WorkbookData) -> list[Finding]:
    order = {name: i for i, name in enumerate(data.sheet_names)}

    def key(f: Finding):
        col = f.column or ""
        return (order.get(f.sheet, -1), f.row or 0, len(col), col, f.code)

    unique = list(dict.fromkeys(findings))
    return sorted(unique, key=key)
