"""papi-xl summarize: the roll-up equals an independent count, is written with a chart."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections import Counter, defaultdict

import openpyxl
from builders import good_task, write
from conftest import pdf_pages, sha256, soffice
from lxml import etree
from typer.testing import CliRunner

from papi_xl.adapters.cli import app

runner = CliRunner()


def independent_count(path, cutoff: dt.date) -> dict:
    """Count straight from the cells with openpyxl, without papi-xl's reader."""
    ws = openpyxl.load_workbook(path, data_only=True)["Nhiệm vụ"]
    counts: dict[str, Counter] = defaultdict(Counter)
    for row in ws.iter_rows(min_row=6, values_only=True):
        if not row[3]:
            continue
        code = row[1].split(".")[0]
        status = row[10] or "Chưa thực hiện"
        c = counts[code]
        c["total"] += 1
        c[{"Hoàn thành": "done", "Đang thực hiện": "in_progress", "Chưa thực hiện": "not_started",
           "Không thực hiện": "not_done"}[status]] += 1
        due = row[9].date() if isinstance(row[9], dt.datetime) else row[9]
        if due and due < cutoff and status in ("Chưa thực hiện", "Đang thực hiện"):
            c["overdue"] += 1
    return counts


def test_json_rollup_equals_an_independent_count(progress_example):
    result = runner.invoke(app, ["summarize", str(progress_example), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["unit"] == "Xã Trung Trắc" and payload["cutoff"] == "2023-06-30"
    expected = independent_count(progress_example, dt.date(2023, 6, 30))
    for rec in payload["by_indicator"]:
        e = expected[rec["code"]]
        for key in ("total", "done", "in_progress", "not_started", "not_done", "overdue"):
            assert rec[key] == e[key], (rec["code"], key)
        assert rec["pct_done"] == round(100 * e["done"] / e["total"], 1)
        assert set(rec) >= {"code", "name", "total", "done", "in_progress", "not_started", "not_done", "overdue",
                            "pct_done", "light"}
    assert [r["light"] for r in payload["by_indicator"]] == ["Vàng", "Đỏ", "Vàng", "Xanh", "Đỏ", "Xanh", "Đỏ",
                                                             "Xanh", "Vàng"]
    assert sum(r["total"] for r in payload["by_subcontent"]) == 30
    assert sum(r["total"] for r in payload["by_unit"]) == 30
    assert payload["by_unit"][0]["name"] == "UBND xã" and payload["by_unit"][0]["total"] == 18
    assert payload["unclassified"] == 0


def test_period_option_changes_the_cutoff(progress_example):
    payload = json.loads(runner.invoke(app, ["summarize", str(progress_example), "--json", "--period", "nam"]).output)
    assert payload["cutoff"] == "2023-12-31"
    # at the year end the quarter II-III school inspection and every 31/12 task are still not overdue (31/12 < 31/12 is false)
    assert sum(r["overdue"] for r in payload["by_indicator"]) == 3
    payload = json.loads(runner.invoke(app, ["summarize", str(progress_example), "--json", "--period",
                                             "31/03/2023"]).output)
    assert payload["cutoff"] == "2023-03-31"
    assert runner.invoke(app, ["summarize", str(progress_example), "--period", "quy 5"]).exit_code == 2


def test_summary_sheet_has_values_and_a_native_chart(progress_example, tmp_path):
    before = sha256(progress_example)
    out = tmp_path / "tong-hop.xlsx"
    result = runner.invoke(app, ["summarize", str(progress_example), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sha256(progress_example) == before
    wb = openpyxl.load_workbook(out)
    ws = wb["Tổng hợp"]
    assert ws["L1"].value.startswith("SỐ LIỆU CHỐT BỞI PAPI-XL")
    assert ws["C6"].value.startswith("=SUMPRODUCT(COUNTIFS(")  # the live formulas stay
    rows = {ws.cell(r, 12).value: [ws.cell(r, c).value for c in range(12, 23)] for r in range(6, 60)}
    assert rows["2"][2:8] == [4, 1, 2, 1, 0, 1] and rows["2"][9] == "Đỏ"
    assert abs(rows["2"][8] - 0.25) < 1e-9
    with zipfile.ZipFile(out) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert charts and any(n.startswith("xl/drawings/drawing") for n in z.namelist())
        chart = z.read(charts[0]).decode()
        root = etree.fromstring(chart.encode())
        c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
        assert root.find(f".//{c}barChart/{c}barDir").get("val") == "bar" and "'Tổng hợp'" in chart
    pdf = soffice(out, "pdf", tmp_path)
    text = "\n".join(pdf_pages(pdf))
    assert "Tỷ lệ hoàn thành theo chỉ số nội dung" in text  # the chart title is rendered


def test_in_place_keeps_a_backup_and_reruns_replace(progress_example):
    before = sha256(progress_example)
    for _ in range(2):
        assert runner.invoke(app, ["summarize", str(progress_example), "--in-place"]).exit_code == 0
    backups = list(progress_example.parent.glob("trung-trac.bak-*.xlsx"))
    assert before in {sha256(b) for b in backups}
    wb = openpyxl.load_workbook(progress_example)
    with zipfile.ZipFile(progress_example) as z:
        assert len([n for n in z.namelist() if n.startswith("xl/charts/chart")]) == 1
    assert wb["Tổng hợp"]["L1"].value.startswith("SỐ LIỆU CHỐT")


def test_rows_with_errors_are_counted_not_dropped(tmp_path):
    path = write(tmp_path / "e.xlsx", [good_task(1), good_task(2, status="Tạm dừng"), good_task(3, index="Không rõ"),
                                       good_task(4, status="Hoàn thành")])
    payload = json.loads(runner.invoke(app, ["summarize", str(path), "--json"]).output)
    assert payload["unclassified"] == 2
    assert payload["totals"]["total"] == 4 and payload["totals"]["rows_with_errors"] == 3
    ind1 = payload["by_indicator"][0]
    assert ind1["total"] == 3 and ind1["rows_with_errors"] == 2 and ind1["unclassified"] == 1


def test_summarize_keeps_buttons_vba_and_everything_else(tmp_path):
    """The snapshot is written by patching the package: a workbook with buttons keeps them."""
    from builders import X14_DV, add_excel_only_parts

    xlsm = tmp_path / "nut.xlsm"
    assert runner.invoke(app, ["new", "--macros", "-o", str(xlsm), "--unit", "Xã A", "--year", "2025"]).exit_code == 0
    add_excel_only_parts(xlsm, "xl/worksheets/sheet3.xml")  # an extLst validation, a shape, a picture
    with zipfile.ZipFile(xlsm) as z:
        before = {n: z.read(n) for n in z.namelist()}
    for _ in range(2):
        result = runner.invoke(app, ["summarize", str(xlsm), "--in-place"])
        assert result.exit_code == 1, result.output  # a blank form has Lỗi (no task yet); it is still written
    assert list(tmp_path.glob("nut.bak-*.xlsm"))
    with zipfile.ZipFile(xlsm) as z:
        after = {n: z.read(n) for n in z.namelist()}
    changed = {"xl/worksheets/sheet4.xml", "xl/styles.xml", "[Content_Types].xml",
               "xl/worksheets/_rels/sheet4.xml.rels"}
    for name, data in before.items():
        if name not in changed:
            assert after[name] == data, name  # buttons (VML), VBA, shapes, pictures: byte for byte
    assert X14_DV.split("<xm:sqref>")[0][-40:] in after["xl/worksheets/sheet3.xml"].decode()
    assert len([n for n in after if n.startswith("xl/charts/chart")]) == 1  # the re-run replaced its chart
    ws = openpyxl.load_workbook(xlsm, keep_vba=True)["Tổng hợp"]
    assert ws["L1"].value.startswith("SỐ LIỆU CHỐT BỞI PAPI-XL") and ws["C6"].value.startswith("=SUMPRODUCT(COUNTIFS(")


def test_summarize_an_xls_gives_a_new_xlsx_with_the_snapshot(progress_example, tmp_path):
    from conftest import sha256, soffice

    xls = soffice(progress_example, "xls", tmp_path)
    before = sha256(xls)
    out = tmp_path / "th.xlsx"
    assert runner.invoke(app, ["summarize", str(xls), "-o", str(out)]).exit_code == 0
    assert sha256(xls) == before
    ws = openpyxl.load_workbook(out)["Tổng hợp"]
    assert ws["A1"].value.startswith("SỐ LIỆU CHỐT BỞI PAPI-XL") and ws._charts
    rows = {ws.cell(r, 1).value: [ws.cell(r, c).value for c in range(1, 12)] for r in range(6, 60)}
    assert rows["2"][2:8] == [4, 1, 2, 1, 0, 1]
    assert runner.invoke(app, ["summarize", str(xls), "--in-place"]).exit_code == 2  # an .xls is not rewritten


def test_summarize_with_errors_exits_1_and_says_the_figures_may_be_wrong(tmp_path):
    src = write(tmp_path / "x.xlsx", [good_task(1, status="Hoàn thành"), good_task(2, status="Không rõ")])
    result = runner.invoke(app, ["summarize", str(src), "-o", str(tmp_path / "out.xlsx")])
    assert result.exit_code == 1
    assert "lỗi: số liệu trên có thể chưa đúng" in " ".join(result.output.split())
    assert openpyxl.load_workbook(tmp_path / "out.xlsx")["Tổng hợp"]["L1"].value  # written anyway
    clean = write(tmp_path / "ok.xlsx", [good_task(1)])
    result = runner.invoke(app, ["summarize", str(clean), "-o", str(tmp_path / "ok-out.xlsx")])
    assert result.exit_code == 0 and "chưa đúng" not in result.output
