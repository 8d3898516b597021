"""The canonical workbook: sheets and their contract, dropdowns, formulas,
print setup, committed files, and what LibreOffice makes of it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT, pdf_page_sizes, pdf_pages, soffice
from typer.testing import CliRunner

from papi_xl.adapters.cli import app
from papi_xl.contract.workbook import SHEETS, TASK_COLUMNS, TASK_FIRST_ROW, TASK_HEADER_ROW
from papi_xl.domain.catalog import load_catalog
from papi_xl.inputs.read import read_workbook
from papi_xl.outputs.template import SUMMARY_HEADER_ROW
from papi_xl.pipeline.rollup import rollup
from papi_xl.rules.validate import validate
from papi_xl.samples import canonical_files, trung_trac_tasks
from papi_xl.vocab import TEMPLATE_VERSION


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("blank") / "b.xlsx"
    result = CliRunner().invoke(app, ["new", "-o", str(path), "--unit", "Xã Trung Trắc", "--parent",
                                      "Huyện Văn Lâm", "--year", "2025"])
    assert result.exit_code == 0, result.output
    return path


def test_sheets_in_order_and_metadata(blank):
    wb = openpyxl.load_workbook(blank)
    assert wb.sheetnames == list(SHEETS) == ["Hướng dẫn", "Thông tin", "Nhiệm vụ", "Tổng hợp", "Danh mục"]
    info = {wb["Thông tin"].cell(r, 1).value: wb["Thông tin"].cell(r, 2).value for r in range(3, 16)}
    assert info["Đơn vị"] == "Xã Trung Trắc" and info["Đơn vị cấp trên"] == "Huyện Văn Lâm"
    assert info["Năm kế hoạch"] == 2025 and info["Phiên bản biểu mẫu"] == TEMPLATE_VERSION
    for label in ("Số hiệu kế hoạch", "Ngày ban hành", "Kỳ báo cáo", "Ngày chốt số liệu", "Người lập", "Điện thoại"):
        assert label in info
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    assert props["PapiXLTemplateVersion"] == TEMPLATE_VERSION


def test_task_sheet_contract(blank):
    ws = openpyxl.load_workbook(blank)["Nhiệm vụ"]
    headers = [ws.cell(TASK_HEADER_ROW, i + 1).value for i in range(len(TASK_COLUMNS))]
    assert headers[:8] == ["TT", "Chỉ số nội dung", "Nội dung thành phần", "Nhiệm vụ", "Kết quả/sản phẩm",
                           "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện"]
    assert headers[8:] == ["Mã nhiệm vụ", "Hạn hoàn thành", "Tiến độ", "Kết quả thực hiện", "Minh chứng",
                           "Ngày hoàn thành", "Ghi chú"]
    assert ws.freeze_panes == f"A{TASK_FIRST_ROW}"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$4:$5"
    assert "Xã Trung Trắc" in ws.oddHeader.center.text and "&P" in ws.oddFooter.center.text
    # >= 300 formatted empty rows, Times New Roman, wrap, dd/mm/yyyy dates
    last = TASK_FIRST_ROW + 299
    assert ws.cell(last, 4).font.name == "Times New Roman" and ws.cell(last, 4).alignment.wrap_text
    assert ws.cell(last, 10).number_format == "dd/mm/yyyy" and ws.cell(last, 14).number_format == "dd/mm/yyyy"
    assert ws.cell(last, 4).border.left.style == "thin"


def test_dropdowns_point_at_the_catalog(blank):
    wb = openpyxl.load_workbook(blank)
    ws = wb["Nhiệm vụ"]
    dvs = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    assert dvs["B6"].formula1 == "DS_ChiSo" and dvs["B6"].type == "list"
    assert "MATCH($B6,DM_ThuocChiSo,0)" in dvs["C6"].formula1 and "OFFSET(DM_NhanDau" in dvs["C6"].formula1
    assert dvs["F6"].formula1 == "DS_DonVi" and dvs["F6"].errorStyle == "warning"
    assert dvs["K6"].formula1 == "DS_TienDo" and dvs["K6"].errorStyle in (None, "stop")
    assert dvs["J6"].type == "date" and "N6" in str(dvs["J6"].sqref)
    names = wb.defined_names
    assert "Danh mục" in names["DS_ChiSo"].attr_text and "$H$4" in names["DS_ChiSo"].attr_text
    cat = wb["Danh mục"]
    indices = [cat[f"H{r}"].value for r in range(4, 13)]
    assert indices == [i.label for i in load_catalog().indices]
    statuses = [cat[f"N{r}"].value for r in range(4, 8)]
    assert statuses == ["Chưa thực hiện", "Đang thực hiện", "Hoàn thành", "Không thực hiện"]
    # each sub-content row names its index in column D, right below the index row
    rows = {cat[f"A{r}"].value: r for r in range(4, 60) if cat[f"A{r}"].value}
    assert cat[f"D{rows['1.c']}"].value == "1. Tham gia của người dân"
    assert cat[f"E{rows['1.c']}"].value == "c) Chất lượng bầu cử trưởng thôn, tổ trưởng tổ dân phố"


def test_conditional_formats_flag_missing_evidence_and_overdue(blank):
    ws = openpyxl.load_workbook(blank)["Nhiệm vụ"]
    rules = {str(rng.sqref): [r.formula for r in rng.rules] for rng in ws.conditional_formatting}
    ev = next(f for rng, fs in rules.items() if rng.startswith("M6") for f in fs)
    assert 'AND($K6="Hoàn thành",LEN(TRIM($M6))=0)' in ev[0]
    overdue = next(f for rng, fs in rules.items() if rng.startswith("J6") for f in fs if f and "NgayChot" in f[0])
    assert "$J6<NgayChot" in overdue[0]


def test_summary_formulas_are_live(blank):
    ws = openpyxl.load_workbook(blank)["Tổng hợp"]
    row = SUMMARY_HEADER_ROW + 1
    assert ws.cell(row, 2).value == "1. Tham gia của người dân"
    # every accepted spelling of the index counts: the label and the name pasted from the plan
    assert ws.cell(row, 3).value.startswith(
        "=SUMPRODUCT(COUNTIFS('Nhiệm vụ'!$B$6:$B$3000,{\"1. Tham gia của người dân\",\"Tham gia của người dân\"}")
    assert "Hoàn thành" in ws.cell(row, 4).value
    assert '"<"&$C$3' in ws.cell(row, 8).value
    assert ws["C3"].value.startswith("=IF(ISNUMBER('Thông tin'!$B$9)")


def test_papi_catalog_option(tmp_path):
    path = tmp_path / "p.xlsx"
    result = CliRunner().invoke(app, ["new", "-o", str(path), "--catalog", "papi"])
    assert result.exit_code == 0
    wb = openpyxl.load_workbook(path)
    assert wb["Danh mục"]["H4"].value == "1. Tham gia của người dân ở cấp cơ sở"
    assert wb["Thông tin"]["B13"].value == "papi"


def test_new_refuses_to_overwrite(blank):
    result = CliRunner().invoke(app, ["new", "-o", str(blank)])
    assert result.exit_code == 2 and "đã có" in result.output
    result = CliRunner().invoke(app, ["new", "-o", str(blank) + "x.xlsx", "--catalog", "khong-co"])
    assert result.exit_code == 2


def fingerprint(path: Path) -> dict:
    """Everything a user sees or relies on, cell by cell (not the zip bytes)."""
    wb = openpyxl.load_workbook(path)
    out = {"sheets": wb.sheetnames, "names": {n: d.attr_text for n, d in wb.defined_names.items()}}
    for ws in wb:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None or c.has_style:
                    cells[c.coordinate] = (c.value, c.number_format, c.font.name, c.font.b, c.fill.fgColor.rgb)
        out[ws.title] = {
            "cells": cells,
            "merged": sorted(str(m) for m in ws.merged_cells.ranges),
            "dv": sorted((str(d.sqref), d.type, d.formula1) for d in ws.data_validations.dataValidation),
            "cf": sorted((str(r.sqref), str([x.formula for x in r.rules])) for r in ws.conditional_formatting),
            "freeze": ws.freeze_panes, "print": (ws.print_title_rows, ws.page_setup.orientation),
            "widths": {k: v.width for k, v in ws.column_dimensions.items()},
            "heights": {k: v.height for k, v in ws.row_dimensions.items() if v.height},
        }
    return out


@pytest.mark.parametrize("relpath", [str(p.relative_to(ROOT / "workbooks")) for p in canonical_files(ROOT / "workbooks")])
def test_committed_workbooks_equal_what_the_code_writes(relpath, tmp_path):
    committed = ROOT / "workbooks" / relpath
    assert committed.exists(), f"{committed} is missing: run python -m papi_xl.samples"
    fresh = tmp_path / Path(relpath).name
    canonical_files(tmp_path)[tmp_path / relpath](fresh)
    assert fingerprint(fresh) == fingerprint(committed)


def test_example_holds_every_appendix_task():
    data = read_workbook(ROOT / "workbooks/examples/trung-trac-2023-ke-hoach.xlsx")
    frame = data.tasks.frame
    assert len(frame) == 30 == len(trung_trac_tasks())
    assert (frame["index"] != "").all() and (frame["sub"] != "").all()  # filled on every row
    assert frame["sub"].tolist().count("a) Nghiêm túc trong bảo vệ môi trường") == 2
    first = frame.iloc[0]
    assert first["task"].startswith("- Triển khai thực hiện các văn bản hướng dẫn của tỉnh, huyện về bầu cử")
    assert first["timeline"] == ("Thường xuyên khi có công tác bầu cử hoặc các văn bản của cấp có thẩm quyền chỉ "
                                 "đạo thực hiện.")
    row_2b = frame[frame["sub"].str.startswith("b) Công khai những việc")].iloc[0]
    assert "hợp đồng làm việc, thay đổi chức danh" in row_2b["task"]  # page-split sentence joined
    row_4c = frame[frame["sub"] == "c) Tiếp cận dịch vụ tư pháp"].iloc[0]  # a row the Word table shifted left
    assert row_4c["lead"] == "Công chức Tư pháp xã" and row_4c["timeline"] == "Thường xuyên"
    assert data.meta.plan_number == "06/KH-UBND" and data.meta.plan_date == dt.date(2023, 1, 19)
    assert validate(data).errors == 0


def test_progress_example_is_labelled_sample_data():
    data = read_workbook(ROOT / "workbooks/examples/trung-trac-2023-tien-do-6-thang.xlsx")
    assert "DỮ LIỆU MẪU" in data.meta.note
    assert data.meta.cutoff == dt.date(2023, 6, 30)


# -- a real client: LibreOffice -------------------------------------------------
@pytest.fixture(scope="module")
def lo_recalculated(tmp_path_factory):
    src = ROOT / "workbooks/examples/trung-trac-2023-tien-do-6-thang.xlsx"
    out = tmp_path_factory.mktemp("lo")
    return src, soffice(src, "xlsx", out)


def test_libreoffice_formulas_equal_python_counts(lo_recalculated):
    src, recalculated = lo_recalculated
    ws = openpyxl.load_workbook(recalculated, data_only=True)["Tổng hợp"]
    assert ws["C3"].value.date() == dt.date(2023, 6, 30)
    r = rollup(validate(read_workbook(src)))
    python = {rec["code"]: rec for rec in [*r.by_indicator.to_dict("records"), *r.by_subcontent.to_dict("records")]}
    seen = 0
    for row in ws.iter_rows(min_row=SUMMARY_HEADER_ROW + 1, values_only=True):
        code = row[0]
        if code not in python:
            continue
        p = python[code]
        assert list(row[2:8]) == [p["total"], p["done"], p["in_progress"], p["not_started"], p["not_done"],
                                  p["overdue"]], code
        assert (row[9] or "") == p["light"], code
        seen += 1
    assert seen == len(python) == 9 + 29
    total_row = next(row for row in ws.iter_rows(values_only=True) if row[1] == "Tổng cộng (các chỉ số)")
    assert list(total_row[2:8]) == [30, 11, 13, 5, 1, 2]


def test_pdf_render_of_tasks_is_one_page_wide_landscape_with_repeated_header(plan_example, tmp_path):
    # print only the task sheet: move it first and hide nothing else; LibreOffice prints all sheets
    pdf = soffice(plan_example, "pdf", tmp_path)
    pages = pdf_pages(pdf)
    sizes = pdf_page_sizes(pdf)
    # the numbering row "(1) ... (15)" under the header exists only on the Nhiệm vụ sheet
    task_pages = [i for i, text in enumerate(pages) if all(f"({n})" in text for n in (1, 5, 12, 13, 15))]
    assert len(task_pages) >= 3, "30 long tasks should span several pages"
    for i in task_pages:
        text = pages[i]
        # one page wide: the first and the last column headers share every page
        assert re.search(r"\bTT\b", text) and "Chỉ số nội" in text and "Ghi chú" in text, i
        w, h = sizes[i]
        assert w > h, "landscape"
        assert abs(w - 841.9) < 2 and abs(h - 595.3) < 2, "A4"
    assert any("Trang" in pages[i] for i in task_pages)


def test_guide_sheet_fits_one_screen_and_says_what_to_do(blank):
    ws = openpyxl.load_workbook(blank)["Hướng dẫn"]
    lines = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value]
    assert 8 <= len(lines) <= 20  # one screen
    text = "\n".join(lines)
    for phrase in ("Thông tin", "Nhiệm vụ", "Tiến độ", "Minh chứng", "dd/mm/yyyy", "Tổng hợp", "Danh mục",
                   "papi-xl validate", "Đỏ", "Vàng", "Xanh"):
        assert phrase in text, phrase
    assert ws["A1"].font.name == "Times New Roman" and ws["A1"].font.b


def test_info_sheet_contract(blank):
    ws = openpyxl.load_workbook(blank)["Thông tin"]
    labels = [ws.cell(r, 1).value for r in range(3, 18) if ws.cell(r, 1).value]
    assert labels == ["Đơn vị", "Đơn vị cấp trên", "Năm kế hoạch", "Số hiệu kế hoạch", "Ngày ban hành", "Kỳ báo cáo",
                      "Ngày chốt số liệu", "Người lập", "Điện thoại", "Phiên bản biểu mẫu", "Bộ chỉ số", "Ghi chú",
                      "Thư mục báo cáo trả về", "Danh sách đơn vị phải nộp"]
    dvs = {str(d.sqref): d for d in ws.data_validations.dataValidation}
    assert dvs["B8"].formula1 == "DS_Ky" and dvs["B5"].type == "whole"
    assert ws["B9"].number_format == "dd/mm/yyyy" and ws["B11"].number_format == "@"
