"""The canonical workbook (the *Biểu tổng hợp nhiệm vụ*), written by code.

Sheets, in order: Hướng dẫn, Thông tin, Nhiệm vụ, Tổng hợp, Danh mục.
The Tổng hợp sheet is live Excel formulas (COUNTIFS over the Nhiệm vụ sheet),
so it updates while staff type, with no Python and no macros.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from papi_xl.contract.workbook import (
    INFO_FIELDS,
    INFO_FIRST_ROW,
    SHEETS,
    TASK_COLUMNS,
    TASK_EMPTY_ROWS,
    TASK_FIRST_ROW,
    TASK_HEADER_ROW,
    TASK_NUMBER_ROW,
    Metadata,
)
from papi_xl.domain.catalog import Catalog, family_abbreviation, load_catalog
from papi_xl.domain.period import HALF_YEAR_END, YEAR_END
from papi_xl.domain.progress import CLOSED
from papi_xl.domain.text import clean
from papi_xl.domain.timeline import parse_timeline
from papi_xl.fileio import atomic_write
from papi_xl.ooxml.escape import header_footer, legal
from papi_xl.ooxml.layout import lines_height, row_lines
from papi_xl.vocab import PERIODS, TEMPLATE_VERSION, Light, Period, Status

SHEET_GUIDE, SHEET_INFO, SHEET_TASKS, SHEET_SUMMARY, SHEET_CATALOG = SHEETS
DONE, IN_PROGRESS, NOT_STARTED, NOT_DONE = Status.DONE, Status.IN_PROGRESS, Status.NOT_STARTED, Status.NOT_DONE
LIGHT_GREEN, LIGHT_YELLOW, LIGHT_RED = Light.GREEN, Light.YELLOW, Light.RED

FONT = "Times New Roman"
DATE_FORMAT = "dd/mm/yyyy"
LAST_FORMULA_ROW = 3000  # the Tổng hợp formulas look at Nhiệm vụ rows 6..3000

THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TRACK_FILL = PatternFill("solid", fgColor="FFF2CC")
INDEX_FILL = PatternFill("solid", fgColor="E2EFDA")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

# Conditional-format colours (also used in the README legend).
RED = PatternFill("solid", fgColor="FFC7CE", bgColor="FFC7CE")
ORANGE = PatternFill("solid", fgColor="F8CBAD", bgColor="F8CBAD")
GREEN = PatternFill("solid", fgColor="C6EFCE", bgColor="C6EFCE")
YELLOW = PatternFill("solid", fgColor="FFEB9C", bgColor="FFEB9C")
GREY = PatternFill("solid", fgColor="D9D9D9", bgColor="D9D9D9")


# Danh mục layout (header row 3, data from row 4).
CAT_HEADER_ROW = 3
CAT_ITEMS = {"code": "A", "level": "B", "name": "C", "parent": "D", "label": "E", "aliases": "F", "family": "G"}
CAT_INDEX_LIST = "H"
CAT_UNITS = {"name": "J", "abbreviation": "K", "aliases": "L"}
CAT_STATUS = "N"
CAT_PERIOD = "P"
LEVEL_INDEX, LEVEL_SUB = "Chỉ số nội dung", "Nội dung thành phần"

GUIDE_LINES = (
    ("HƯỚNG DẪN ĐIỀN BIỂU TỔNG HỢP NHIỆM VỤ NÂNG CAO CHỈ SỐ PAPI", True),
    ("", False),
    ("1. Sheet 'Thông tin': điền tên đơn vị, năm kế hoạch, số hiệu kế hoạch, kỳ báo cáo (6 tháng / Năm), "
     "ngày chốt số liệu, người lập và số điện thoại.", False),
    ("2. Sheet 'Nhiệm vụ': mỗi dòng là một nhiệm vụ. Các cột (1)-(8) chép theo Phụ lục của Kế hoạch; "
     "các cột (9)-(15) (nền vàng nhạt) là phần theo dõi thực hiện.", False),
    ("   - Chọn 'Chỉ số nội dung' và 'Nội dung thành phần' từ danh sách thả xuống (ô Nội dung thành phần chỉ hiện "
     "các nội dung của chỉ số đã chọn). Điền đủ chỉ số và nội dung trên MỌI dòng, không gộp ô.", False),
    ("   - 'Tiến độ': chọn Chưa thực hiện / Đang thực hiện / Hoàn thành / Không thực hiện.", False),
    ("   - Nhiệm vụ 'Hoàn thành' phải có Kết quả thực hiện, Minh chứng (ví dụ: Số 15/KH-UBND ngày 18/01/2023) "
     "và Ngày hoàn thành.", False),
    ("   - Ngày ghi theo dạng ngày/tháng/năm (dd/mm/yyyy). 'Hạn hoàn thành' được điền sẵn theo 'Thời gian thực hiện' "
     "khi có thể; sửa nếu cần.", False),
    ("   - Ô đỏ: hoàn thành nhưng thiếu minh chứng hoặc ngày hoàn thành. Ô cam: đã quá hạn mà chưa hoàn thành.", False),
    ("3. Sheet 'Tổng hợp' tự tính số nhiệm vụ theo từng chỉ số (không cần sửa). "
     "Sheet 'Danh mục' chứa danh sách chỉ số, đơn vị, tiến độ dùng cho các ô chọn.", False),
    ("4. Không đổi tên sheet, không xóa cột. Có thể chèn thêm dòng trong bảng.", False),
    ("5. Kiểm tra trước khi gửi: nút 'Kiểm tra' (nếu có) hoặc lệnh: papi-xl validate <tệp>.xlsx", False),
    ("", False),
    ("Ý nghĩa màu ở cột 'Đánh giá' (sheet Tổng hợp): Đỏ = có nhiệm vụ quá hạn hoặc không thực hiện; "
     "Vàng = còn nhiệm vụ chưa thực hiện; Xanh = các nhiệm vụ đều đã hoặc đang thực hiện, không quá hạn.", False),
)


def _font(bold: bool = False, size: int = 12, italic: bool = False) -> Font:
    return Font(name=FONT, size=size, bold=bold, italic=italic)


def info_cell(key: str) -> str:
    """A1 address of a metadata value on the Thông tin sheet."""
    for i, f in enumerate(INFO_FIELDS):
        if f.key == key:
            return f"B{INFO_FIRST_ROW + i}"
    raise KeyError(key)


def _ref(sheet: str, cell: str) -> str:
    return f"{quote_sheetname(sheet)}!{cell}"


def task_col(key: str) -> str:
    for i, c in enumerate(TASK_COLUMNS, start=1):
        if c.key == key:
            return get_column_letter(i)
    raise KeyError(key)


def task_codes(tasks: Iterable[Mapping], catalog: Catalog | None = None) -> list[str]:
    """Stable task codes: ``<sub-content code>.<nn>`` numbered within each sub-content.  Only a catalog code
    makes a task code: a name the catalog lacks never does ("NV.01")."""
    counter: Counter[str] = Counter()
    codes = []
    for t in tasks:
        sub, index = str(t.get("sub") or ""), str(t.get("index") or "")
        known = (lambda c: catalog.get(c) is not None) if catalog is not None else (lambda c: len(c) <= 12)
        base = sub if sub and known(sub) else index if index and known(index) else "NV"
        counter[base] += 1
        codes.append(f"{base}.{counter[base]:02d}")
    return codes


def build_workbook(
    meta: Metadata,
    catalog: Catalog | None = None,
    tasks: Sequence[Mapping] | None = None,
    min_rows: int = TASK_EMPTY_ROWS,
) -> Workbook:
    """Build the canonical workbook in memory.

    ``tasks`` are mappings with the keys of :data:`TASK_COLUMNS`; ``index`` and
    ``sub`` may be catalog codes (``"1"``, ``"1.a"``) and are written as the
    catalog labels.  ``due`` is filled from the timeline text when absent.
    """
    catalog = catalog or load_catalog()
    texts: dict[str, Any] = {k: legal(v) for k, v in vars(meta).items() if isinstance(v, str)}
    meta = dataclasses.replace(meta, **texts)  # no character XML 1.0 forbids (U+FFFE, a lone surrogate...)
    tasks = list(tasks or [])
    wb = Workbook()
    wb.remove(wb.active)
    for name in (SHEET_GUIDE, SHEET_INFO, SHEET_TASKS, SHEET_SUMMARY, SHEET_CATALOG):
        wb.create_sheet(name)
    _write_catalog(wb[SHEET_CATALOG], catalog)
    _define_names(wb, catalog)
    _write_guide(wb[SHEET_GUIDE])
    _write_info(wb[SHEET_INFO], meta, catalog)
    rows = max(min_rows, len(tasks) + 50)
    _write_tasks(wb[SHEET_TASKS], meta, catalog, tasks, rows)
    _write_summary(wb[SHEET_SUMMARY], catalog)
    wb.active = wb.sheetnames.index(SHEET_TASKS)
    wb.properties.creator = "papi-xl"
    wb.properties.title = f"Biểu tổng hợp nhiệm vụ PAPI {meta.unit} {meta.year or ''}".strip()
    wb.properties.version = TEMPLATE_VERSION
    wb.custom_doc_props.append(StringProperty(name="PapiXLTemplateVersion", value=TEMPLATE_VERSION))
    wb.custom_doc_props.append(StringProperty(name="PapiXLCatalog", value=catalog.key))
    # Pin the package timestamps so the same inputs give the same bytes-level content.
    stamp = dt.datetime(2025, 1, 1)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    return wb


def write_workbook(path: str | os.PathLike, meta: Metadata, catalog: Catalog | None = None,
                   tasks: Sequence[Mapping] | None = None, min_rows: int = TASK_EMPTY_ROWS):
    """Build and save the canonical workbook atomically. Returns the path."""
    wb = build_workbook(meta, catalog, tasks, min_rows)
    return atomic_write(path, lambda tmp: wb.save(tmp))


# -- sheets -----------------------------------------------------------------
def _write_guide(ws) -> None:
    ws.column_dimensions["A"].width = 150
    for i, (line, bold) in enumerate(GUIDE_LINES, start=1):
        cell = ws.cell(i, 1, line)
        cell.font = _font(bold=bold, size=14 if bold else 12)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.sheet_view.showGridLines = False
    _print_setup(ws, landscape=True)


def _write_info(ws, meta: Metadata, catalog: Catalog) -> None:
    ws["A1"] = "THÔNG TIN CHUNG"
    ws["A1"].font = _font(True, 14)
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 60
    hints = {
        "unit": "Tên xã/phường, ví dụ: Xã Trung Trắc",
        "parent": "Huyện (trước 7/2025) hoặc tỉnh",
        "year": "Ví dụ: 2025",
        "plan_number": "Ví dụ: 06/KH-UBND",
        "plan_date": "dd/mm/yyyy",
        "period": "Chọn: 6 tháng / Năm",
        "cutoff": "dd/mm/yyyy - bắt buộc khi báo cáo (thường là 30/6 hoặc 31/12)",
        "version": "Do phần mềm điền, không sửa",
        "catalog": "Do phần mềm điền, không sửa",
        "folder": "Cấp tỉnh/huyện: thư mục chứa các biểu xã gửi về (cho nút 'Tổng hợp các đơn vị')",
        "expected": "Cấp tỉnh/huyện: tệp .csv/.xlsx liệt kê các đơn vị phải nộp (để biết đơn vị nào chưa nộp)",
    }
    values = {
        "unit": meta.unit, "parent": meta.parent, "year": meta.year, "plan_number": meta.plan_number,
        "plan_date": meta.plan_date, "period": meta.period, "cutoff": meta.cutoff, "author": meta.author,
        "phone": meta.phone, "version": TEMPLATE_VERSION, "catalog": catalog.key, "note": meta.note,
        "folder": meta.folder, "expected": meta.expected,
    }
    for i, f in enumerate(INFO_FIELDS):
        r = INFO_FIRST_ROW + i
        label = ws.cell(r, 1, f.label)
        label.font = _font(True)
        label.border = BORDER
        value = ws.cell(r, 2, values.get(f.key) or None)
        value.font = _font()
        value.border = BORDER
        value.alignment = Alignment(wrap_text=True, vertical="top")
        if f.key == "phone":
            value.number_format = "@"
        if f.kind == "date":
            value.number_format = DATE_FORMAT
        hint = ws.cell(r, 3, hints.get(f.key, ""))
        hint.font = _font(italic=True, size=10)
    ws.cell(2, 1, "Mục").font = _font(True)
    ws.cell(2, 2, "Giá trị").font = _font(True)
    ws.cell(2, 3, "Ghi chú").font = _font(True)
    period_dv = DataValidation(type="list", formula1="DS_Ky", allow_blank=True, showErrorMessage=True,
                               errorTitle="Kỳ báo cáo", error="Chọn '6 tháng' hoặc 'Năm'.")
    period_dv.add(info_cell("period"))
    year_dv = DataValidation(type="whole", operator="between", formula1="2000", formula2="2100",
                             showErrorMessage=True, errorTitle="Năm kế hoạch", error="Nhập năm 4 chữ số, ví dụ 2025.")
    year_dv.add(info_cell("year"))
    date_dv = _date_validation("Ngày")
    date_dv.add(info_cell("plan_date"))
    date_dv.add(info_cell("cutoff"))
    for dv in (period_dv, year_dv, date_dv):
        ws.add_data_validation(dv)
    ws.freeze_panes = "A3"
    _print_setup(ws, landscape=False)


def _date_validation(title: str) -> DataValidation:
    return DataValidation(
        type="date", operator="between", formula1="DATE(2000,1,1)", formula2="DATE(2100,12,31)",
        allow_blank=True, showErrorMessage=True, errorTitle=title,
        error="Nhập ngày theo dạng ngày/tháng/năm, ví dụ 15/03/2025.",
    )


def _write_tasks(ws, meta: Metadata, catalog: Catalog, tasks: list[Mapping], rows: int) -> None:
    ncol = len(TASK_COLUMNS)
    last_col = get_column_letter(ncol)
    last_row = TASK_FIRST_ROW + rows - 1
    ws.merge_cells(f"A1:{last_col}1")
    ws["A1"] = "BIỂU TỔNG HỢP NHIỆM VỤ NÂNG CAO CHỈ SỐ HIỆU QUẢ QUẢN TRỊ VÀ HÀNH CHÍNH CÔNG (PAPI)"
    ws["A1"].font = _font(True, 14)
    ws["A1"].alignment = CENTER
    ws.merge_cells(f"A2:{last_col}2")
    unit_ref, year_ref = _ref(SHEET_INFO, "$" + info_cell("unit")), _ref(SHEET_INFO, "$" + info_cell("year"))
    ws["A2"] = f'="Đơn vị: "&{unit_ref}&" - Năm kế hoạch: "&{year_ref}'
    ws["A2"].font = _font(italic=True)
    ws["A2"].alignment = CENTER
    ws.merge_cells(f"A3:{get_column_letter(8)}3")
    ws["A3"] = "Theo Phụ lục của Kế hoạch (cột 1-8)"
    ws.merge_cells(f"{get_column_letter(9)}3:{last_col}3")
    ws[f"{get_column_letter(9)}3"] = "Theo dõi thực hiện (cột 9-15)"
    for cell in (ws["A3"], ws[f"{get_column_letter(9)}3"]):
        cell.font = _font(True, 11)
        cell.alignment = CENTER
    ws[f"{get_column_letter(9)}3"].fill = TRACK_FILL
    for i, col in enumerate(TASK_COLUMNS, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = col.width
        h = ws.cell(TASK_HEADER_ROW, i, col.header)
        h.font = _font(True, 11)
        h.alignment = CENTER
        h.border = BORDER
        h.fill = HEADER_FILL if i <= 8 else TRACK_FILL
        n = ws.cell(TASK_NUMBER_ROW, i, f"({i})")
        n.font = _font(italic=True, size=10)
        n.alignment = CENTER
        n.border = BORDER
    ws.row_dimensions[TASK_HEADER_ROW].height = 32

    codes = task_codes(tasks, catalog)
    data_font = _font(size=11)
    for r in range(TASK_FIRST_ROW, last_row + 1):
        t = tasks[r - TASK_FIRST_ROW] if r - TASK_FIRST_ROW < len(tasks) else None
        values = _task_values(t, codes[r - TASK_FIRST_ROW], r - TASK_FIRST_ROW + 1, catalog, meta) if t else {}
        for i, col in enumerate(TASK_COLUMNS, start=1):
            cell = ws.cell(r, i, values.get(col.key))
            cell.font = data_font
            cell.border = BORDER
            cell.alignment = WRAP_TOP
            if col.kind == "date":
                cell.number_format = DATE_FORMAT
            elif col.key in ("tt", "code"):
                cell.number_format = "@" if col.key == "code" else "General"
        if t:
            ws.row_dimensions[r].height = row_height(values, TASK_COLUMNS)
    _task_validations(ws, last_row)
    _task_conditional_formats(ws, last_row)
    ws.freeze_panes = f"A{TASK_FIRST_ROW}"
    ws.auto_filter.ref = f"A{TASK_HEADER_ROW}:{last_col}{last_row}"
    ws.print_title_rows = f"{TASK_HEADER_ROW}:{TASK_NUMBER_ROW}"
    ws.print_area = f"A1:{last_col}{TASK_FIRST_ROW + max(len(tasks), 1) - 1 if tasks else last_row}"
    _print_setup(ws, landscape=True, unit=meta.unit, year=meta.year)


def row_height(values: Mapping, columns, font_size: int = 11, max_lines: int = 30) -> float:
    """Estimate the height (points) a wrapped row needs (see :func:`views.wrapped_lines`)."""
    return lines_height(row_lines((values.get(c.key), c.width) for c in columns), font_size, max_lines)


def _task_values(t: Mapping, code: str, n: int, catalog: Catalog, meta: Metadata) -> dict:
    values = {k: t.get(k) for k in (c.key for c in TASK_COLUMNS)}
    for key in ("index", "sub"):
        item = catalog.get(str(values.get(key) or ""))
        if item is not None:
            values[key] = item.label
    if not values.get("sub") and t.get("sub") is None and values.get("index") is None:
        values["sub"] = None
    values["tt"] = values.get("tt") or n
    values["code"] = values.get("code") or code
    values["due"] = values.get("due") or _implied_due(values.get("timeline"), meta.year)
    for key, value in list(values.items()):
        if isinstance(value, str):
            values[key] = legal(clean(value)) or None  # no character XML 1.0 forbids (U+FFFE...)
    return values


def _implied_due(timeline: object, year: int | None):
    """The due date the Thời gian thực hiện text implies (the Tổng hợp formulas need it in Hạn hoàn thành)."""
    if not year:
        return None
    tl = parse_timeline(clean(timeline or ""), year)
    return tl.due if tl.due and tl.kind != "unspecified" else None


def _task_validations(ws, last_row: int) -> None:
    first = TASK_FIRST_ROW
    col_index, col_sub = task_col("index"), task_col("sub")
    index_dv = DataValidation(type="list", formula1="DS_ChiSo", allow_blank=True, showErrorMessage=True,
                              errorTitle="Chỉ số nội dung", error="Chọn chỉ số nội dung trong danh sách.")
    index_dv.add(f"{col_index}{first}:{col_index}{last_row}")
    # sub-content: only the sub-contents of the index chosen on the same row.  Only defined
    # names are referenced, so Excel keeps the rule in the standard part (a direct reference
    # to another sheet would be moved into extLst, which some tools drop).
    sub_formula = (
        f"OFFSET(DM_NhanDau,MATCH(${col_index}{first},DM_ThuocChiSo,0)-1,0,"
        f"MAX(1,COUNTIF(DM_ThuocChiSo,${col_index}{first})),1)"
    )
    sub_dv = DataValidation(type="list", formula1=sub_formula, allow_blank=True, showErrorMessage=True,
                            errorTitle="Nội dung thành phần",
                            error="Chọn nội dung thành phần thuộc chỉ số nội dung đã chọn ở cột (2).")
    sub_dv.add(f"{col_sub}{first}:{col_sub}{last_row}")
    lead_dv = DataValidation(type="list", formula1="DS_DonVi", allow_blank=True, showErrorMessage=True,
                             errorStyle="warning", errorTitle="Đơn vị chủ trì",
                             error="Đơn vị không có trong danh mục. Vẫn giữ giá trị này?")
    lead_dv.add(f"{task_col('lead')}{first}:{task_col('lead')}{last_row}")
    status_dv = DataValidation(type="list", formula1="DS_TienDo", allow_blank=True, showErrorMessage=True,
                               errorTitle="Tiến độ",
                               error="Chọn: Chưa thực hiện / Đang thực hiện / Hoàn thành / Không thực hiện.")
    status_dv.add(f"{task_col('status')}{first}:{task_col('status')}{last_row}")
    date_dv = _date_validation("Ngày")
    for key in ("due", "done_date"):
        date_dv.add(f"{task_col(key)}{first}:{task_col(key)}{last_row}")
    for dv in (index_dv, sub_dv, lead_dv, status_dv, date_dv):
        ws.add_data_validation(dv)


def _task_conditional_formats(ws, last_row: int) -> None:
    f = TASK_FIRST_ROW
    st, ev, dd, due = (task_col(k) for k in ("status", "evidence", "done_date", "due"))
    rng = lambda c: f"{c}{f}:{c}{last_row}"  # noqa: E731
    done = f'${st}{f}="{DONE}"'
    ws.conditional_formatting.add(rng(ev), FormulaRule(formula=[f"AND({done},LEN(TRIM(${ev}{f}))=0)"], fill=RED))
    ws.conditional_formatting.add(rng(dd), FormulaRule(formula=[f"AND({done},${dd}{f}=\"\")"], fill=RED))
    still_open = ",".join(f'${st}{f}<>"{s}"' for s in CLOSED)  # papi_xl.domain.progress.is_open
    overdue = f"AND(ISNUMBER(${due}{f}),${due}{f}<NgayChot,{still_open})"
    ws.conditional_formatting.add(f"{due}{f}:{st}{last_row}", FormulaRule(formula=[overdue], fill=ORANGE))
    ws.conditional_formatting.add(rng(st), CellIsRule(operator="equal", formula=[f'"{DONE}"'], fill=GREEN))
    ws.conditional_formatting.add(rng(st), CellIsRule(operator="equal", formula=[f'"{IN_PROGRESS}"'], fill=YELLOW))
    ws.conditional_formatting.add(rng(st), CellIsRule(operator="equal", formula=[f'"{NOT_DONE}"'], fill=GREY))


SUMMARY_HEADERS = ("Mã", "Chỉ số nội dung / Nội dung thành phần", "Tổng số nhiệm vụ", "Hoàn thành",
                   "Đang thực hiện", "Chưa thực hiện", "Không thực hiện", "Quá hạn", "% hoàn thành", "Đánh giá")
SUMMARY_HEADER_ROW = 5
SUMMARY_CUTOFF_CELL = "C3"


UNCLASSIFIED_LABEL = ("Nhiệm vụ chưa xác định được chỉ số hoặc tiến độ (xem sheet Kiểm tra, hoặc chạy papi-xl validate "
                      "--fix)")


def _criteria(item, column: bool = False) -> str:
    """An array constant of every spelling of a catalog item papi-xl accepts exactly — its label, its
    name (as pasted from the plan, without "1. "), its aliases — for COUNTIFS: wildcards escaped, a row
    array for the index and a column array for the sub-content, so that a sub-content row counts the
    pairs."""
    seen, values = set(), []
    for text in (item.label, item.name, *item.aliases):
        key = " ".join(text.split()).casefold()
        if key and key not in seen:
            seen.add(key)
            values.append(re.sub(r"([~*?])", r"~\1", text).replace('"', '""'))
    return "{" + (";" if column else ",").join(f'"{v}"' for v in values) + "}"


def summary_rows(catalog: Catalog) -> list:
    """Row order of the Tổng hợp sheet: each index followed by its sub-contents."""
    rows = []
    for index in catalog.indices:
        rows.append(index)
        rows.extend(catalog.subs_of(index.code))
    return rows


def _write_summary(ws, catalog: Catalog) -> None:
    ws["A1"] = "TỔNG HỢP TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ THEO CHỈ SỐ (tự động tính từ sheet Nhiệm vụ)"
    ws["A1"].font = _font(True, 14)
    ws.merge_cells("A1:J1")
    info = lambda k: _ref(SHEET_INFO, "$" + info_cell(k).replace("B", "B$"))  # noqa: E731
    ws["A3"] = "Ngày chốt số liệu:"
    ws["A3"].font = _font(True)
    ws.merge_cells("A3:B3")
    ws[SUMMARY_CUTOFF_CELL] = (
        f'=IF(ISNUMBER({info("cutoff")}),{info("cutoff")},'
        f'IFERROR(IF({info("period")}="{Period.HALF}",DATE({info("year")},{HALF_YEAR_END[0]},{HALF_YEAR_END[1]}),'
        f'DATE({info("year")},{YEAR_END[0]},{YEAR_END[1]})),""))'
    )
    ws[SUMMARY_CUTOFF_CELL].number_format = DATE_FORMAT
    ws[SUMMARY_CUTOFF_CELL].font = _font(True)
    ws["D3"] = "(lấy từ sheet Thông tin; nếu chưa điền ngày chốt thì tạm dùng cuối kỳ báo cáo)"
    ws["D3"].font = _font(italic=True, size=10)
    for i, h in enumerate(SUMMARY_HEADERS, start=1):
        c = ws.cell(SUMMARY_HEADER_ROW, i, h)
        c.font = _font(True, 11)
        c.alignment = CENTER
        c.border = BORDER
        c.fill = HEADER_FILL
    widths = (7, 60, 11, 11, 11, 11, 11, 10, 11, 10)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    nv = quote_sheetname(SHEET_TASKS)
    r0, r1 = TASK_FIRST_ROW, LAST_FORMULA_ROW
    col = lambda k: f"{nv}!${task_col(k)}${r0}:${task_col(k)}${r1}"  # noqa: E731
    cutoff = f"${SUMMARY_CUTOFF_CELL[0]}${SUMMARY_CUTOFF_CELL[1:]}"
    status = col("status")
    still_open = ",".join(f'{status},"<>{s}"' for s in CLOSED)  # papi_xl.domain.progress.is_open
    r = SUMMARY_HEADER_ROW + 1
    index_rows = []
    index_names = ""
    for item in summary_rows(catalog):
        ws.cell(r, 1, item.code)
        label = ws.cell(r, 2, item.label)
        # every spelling papi-xl accepts exactly (the label, the name pasted from the plan, the aliases):
        # COUNTIFS compares case-insensitively, as papi-xl does
        if item.is_index:
            index_names = _criteria(item)
            crit = f"{col('index')},{index_names}"
            index_rows.append(r)
        else:
            crit = f"{col('index')},{index_names},{col('sub')},{_criteria(item, column=True)}"
        base = crit + "," + col("task") + ',"<>"'

        _summary_formulas(ws, r, base, status, still_open, col("due"), cutoff)
        for c in range(1, 11):
            cell = ws.cell(r, c)
            cell.font = _font(bold=item.is_index, size=11)
            cell.border = BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="left" if c == 2 else "center")
            if item.is_index:
                cell.fill = INDEX_FILL
        ws.cell(r, 9).number_format = "0%"
        label.alignment = Alignment(wrap_text=True, vertical="center", indent=0 if item.is_index else 2)
        r += 1
    _summary_totals(ws, r, index_rows, col("task"))
    ws.freeze_panes = f"A{SUMMARY_HEADER_ROW + 1}"
    _print_setup(ws, landscape=True)


CATALOG_HEADERS = {CAT_ITEMS["code"]: "Mã", CAT_ITEMS["level"]: "Cấp", CAT_ITEMS["name"]: "Tên",
                   CAT_ITEMS["parent"]: "Thuộc chỉ số", CAT_ITEMS["label"]: "Nhãn", CAT_ITEMS["aliases"]: "Tên khác",
                   CAT_ITEMS["family"]: "Họ chỉ số", CAT_INDEX_LIST: "Chỉ số nội dung", CAT_UNITS["name"]: "Đơn vị",
                   CAT_UNITS["abbreviation"]: "Viết tắt", CAT_UNITS["aliases"]: "Tên gọi khác", CAT_STATUS: "Tiến độ",
                   CAT_PERIOD: "Kỳ báo cáo"}
CATALOG_WIDTHS = {"A": 6, "B": 18, "C": 50, "D": 30, "E": 50, "F": 30, "G": 12, "H": 50, "I": 2, "J": 34, "K": 12,
                  "L": 60, "M": 2, "N": 18, "O": 2, "P": 12}


def _summary_totals(ws, total: int, index_rows: list[int], tasks: str) -> None:
    """The Tổng cộng row (the sum of the index rows) and the row of tasks in no status column."""
    ws.cell(total, 2, "Tổng cộng (các chỉ số)")
    for c in range(3, 9):
        letter = get_column_letter(c)
        ws.cell(total, c, "=" + "+".join(f"{letter}{i}" for i in index_rows))
    ws.cell(total, 9, f'=IF(C{total}=0,"",D{total}/C{total})')
    ws.cell(total, 10, _light_formula(total))
    unclassified = total + 1
    ws.cell(unclassified, 2, UNCLASSIFIED_LABEL)
    # every task not in one of the four status columns: no known index, or a status papi-xl cannot read
    ws.cell(unclassified, 3, f'=COUNTIFS({tasks},"<>")-D{total}-E{total}-F{total}-G{total}')
    for rr in (total, unclassified):
        for c in range(1, 11):
            cell = ws.cell(rr, c)
            cell.font = _font(bold=True, size=11)
            cell.border = BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="left" if c == 2 else "center")
    ws.cell(total, 9).number_format = "0%"
    light = f"J{SUMMARY_HEADER_ROW + 1}:J{total}"
    for text, fill in ((LIGHT_RED, RED), (LIGHT_YELLOW, YELLOW), (LIGHT_GREEN, GREEN)):
        ws.conditional_formatting.add(light, CellIsRule(operator="equal", formula=[f'"{text}"'], fill=fill))


def _summary_formulas(ws, r: int, base: str, status: str, still_open: str, due: str, cutoff: str) -> None:
    """The live counts of one Tổng hợp row (C:J), each over the rows ``base`` selects."""

    def count(extra: str = "") -> str:
        return f"SUMPRODUCT(COUNTIFS({base}{extra}))"

    def having(value: str) -> str:
        return "," + status + ',"' + value + '"'

    ws.cell(r, 3, "=" + count())
    ws.cell(r, 4, "=" + count(having(DONE)))
    ws.cell(r, 5, "=" + count(having(IN_PROGRESS)))
    # not started: "Chưa thực hiện" or blank (papi-xl counts a blank status as not started); an invalid
    # status is in none of the four columns, as in papi-xl's roll-up
    ws.cell(r, 6, "=" + count(having(NOT_STARTED)) + f"+C{r}-" + count(having("<>")))
    ws.cell(r, 7, "=" + count(having(NOT_DONE)))
    ws.cell(r, 8, "=" + count("," + due + ',"<"&' + cutoff + "," + still_open))
    ws.cell(r, 9, f'=IF(C{r}=0,"",D{r}/C{r})')
    ws.cell(r, 10, _light_formula(r))


def _light_formula(r: int) -> str:
    """papi_xl.domain.progress.light over a Tổng hợp row: C total, D done, E in progress, F not started,
    G not done, H overdue; C-D-E-F-G are the tasks whose status cannot be read (never Xanh)."""
    return (f'=IF(C{r}=0,"",IF(OR(H{r}>0,G{r}>0),"{LIGHT_RED}",'
            f'IF(OR(F{r}>0,C{r}-D{r}-E{r}-F{r}-G{r}>0),"{LIGHT_YELLOW}","{LIGHT_GREEN}")))')


def _write_catalog(ws, catalog: Catalog) -> None:
    ws["A1"] = f"DANH MỤC - {catalog.title}"
    ws["A1"].font = _font(True, 14)
    ws["A2"] = ("Có thể sửa danh mục này (thêm/bớt chỉ số, đơn vị); mỗi nội dung thành phần nằm ngay dưới chỉ số "
                "của nó. Cột 'Nhãn' là giá trị hiện trong ô chọn; cột 'Họ chỉ số' cho biết chỉ số thuộc bộ nào (PAPI, "
                "PAR INDEX, SIPAS).")
    ws["A2"].font = _font(italic=True, size=10)
    for letter, text in CATALOG_HEADERS.items():
        c = ws[f"{letter}{CAT_HEADER_ROW}"]
        c.value = text
        c.font = _font(True, 11)
        c.fill = HEADER_FILL
        c.border = BORDER
    for letter, w in CATALOG_WIDTHS.items():
        ws.column_dimensions[letter].width = w
    _catalog_items(ws, catalog)
    _catalog_lists(ws, catalog)
    for row in ws.iter_rows(min_row=CAT_HEADER_ROW + 1):
        for cell in row:
            if cell.value is not None:
                cell.font = _font(size=11)
                cell.alignment = Alignment(wrap_text=False, vertical="top")
    ws.freeze_panes = f"A{CAT_HEADER_ROW + 1}"
    _print_setup(ws, landscape=True)


def _catalog_items(ws, catalog: Catalog) -> None:
    """Each content index, then its sub-contents right below it (the dropdown formulas rely on the order)."""
    parents = {i.code: i.label for i in catalog.indices}
    for r, item in enumerate(catalog.items, start=CAT_HEADER_ROW + 1):
        values = {"code": item.code, "level": LEVEL_INDEX if item.is_index else LEVEL_SUB, "name": item.name,
                  "parent": None if item.is_index else parents.get(item.index_code), "label": item.label,
                  "aliases": "; ".join(item.aliases) or None,
                  "family": family_abbreviation(item.family) if item.family else None}
        for key, letter in CAT_ITEMS.items():
            ws[f"{letter}{r}"] = values[key]


def _catalog_lists(ws, catalog: Catalog) -> None:
    """The dropdown lists: content indices, units (with abbreviations and other names), statuses, periods."""
    first = CAT_HEADER_ROW + 1
    for i, item in enumerate(catalog.indices):
        ws[f"{CAT_INDEX_LIST}{first + i}"] = item.label
    for i, unit in enumerate(catalog.units):
        ws[f"{CAT_UNITS['name']}{first + i}"] = unit.name
        ws[f"{CAT_UNITS['abbreviation']}{first + i}"] = unit.abbreviation or None
        ws[f"{CAT_UNITS['aliases']}{first + i}"] = "; ".join(unit.aliases) or None
    for i, status in enumerate(catalog.statuses):
        ws[f"{CAT_STATUS}{first + i}"] = status
    for i, period in enumerate(PERIODS):
        ws[f"{CAT_PERIOD}{first + i}"] = period


def _define_names(wb: Workbook, catalog: Catalog) -> None:
    cat = quote_sheetname(SHEET_CATALOG)
    first = CAT_HEADER_ROW + 1

    def dynamic(letter: str) -> str:
        # grows when the province adds rows to the catalog
        return f"OFFSET({cat}!${letter}${first},0,0,MAX(1,COUNTA({cat}!${letter}${first}:${letter}$1000)),1)"

    names = {
        "DS_ChiSo": dynamic(CAT_INDEX_LIST),
        "DS_DonVi": dynamic(CAT_UNITS["name"]),
        "DS_TienDo": dynamic(CAT_STATUS),
        "DS_Ky": dynamic(CAT_PERIOD),
        "DM_NhanDau": f"{cat}!${CAT_ITEMS['label']}$1",
        "DM_ThuocChiSo": f"{cat}!${CAT_ITEMS['parent']}:${CAT_ITEMS['parent']}",
        "NgayChot": f"{quote_sheetname(SHEET_SUMMARY)}!${SUMMARY_CUTOFF_CELL[0]}${SUMMARY_CUTOFF_CELL[1:]}",
    }
    for name, ref in names.items():
        wb.defined_names[name] = DefinedName(name, attr_text=ref)


def _print_setup(ws, landscape: bool, unit: str = "", year: int | None = None) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    # Excel refuses a header past 255 characters (codes and "&&" escapes included): a long unit name is
    # cut with "…", the year kept
    tail = f" - năm {year}" if unit and year else ""
    header = header_footer(f'&C&"{FONT},Regular"&10 ', unit or "Biểu tổng hợp nhiệm vụ PAPI", tail)
    ws.oddHeader.center.text = header.removeprefix("&C")  # openpyxl writes the "&C" itself
    ws.oddFooter.center.text = "Trang &P / &N"
    ws.oddFooter.center.font = f"{FONT},Regular"
    ws.oddFooter.center.size = 10
