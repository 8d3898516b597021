"""The annotated copy: coloured cells, notes, Kiểm tra sheet; nothing of the input lost; idempotent."""

from __future__ import annotations

import json
import shutil
import zipfile

import openpyxl
from builders import DRAWING, PNG, add_excel_only_parts, good_task, write
from conftest import sha256, soffice
from typer.testing import CliRunner

from papi_xl.adapters.cli import app
from papi_xl.inputs.read import read_workbook
from papi_xl.rules.validate import validate

runner = CliRunner()


def _broken(tmp_path):
    return write(tmp_path / "x.xlsx", [good_task(1, status="Hoàn thành"), good_task(2, lead="Hợp tác xã"),
                                        good_task(3)])


def test_annotated_copy_colours_notes_and_lists(tmp_path):
    src = _broken(tmp_path)
    before = sha256(src)
    result = runner.invoke(app, ["validate", str(src)])
    assert result.exit_code == 1, result.output
    assert sha256(src) == before  # the input is never touched
    out = tmp_path / "x.kiem-tra.xlsx"
    wb = openpyxl.load_workbook(out)
    ws = wb["Nhiệm vụ"]
    assert ws["L6"].fill.fgColor.rgb == "FFFFC7CE"  # Lỗi: done without result
    assert "Kết quả thực hiện" in ws["L6"].comment.text and ws["L6"].comment.author == "papi-xl"
    assert ws["F7"].fill.fgColor.rgb == "FFFFEB9C"  # Cảnh báo: unknown unit
    assert ws["F7"].value == "Hợp tác xã"  # the value itself is untouched
    assert ws["D8"].fill.fgColor.rgb != "FFFFC7CE"  # a clean cell keeps its style
    check = wb["Kiểm tra"]
    assert check["A1"].value.startswith("Kết quả kiểm tra: 3 lỗi")
    rows = [[c.value for c in r] for r in check.iter_rows(min_row=3)]
    assert [r[3] for r in rows] == ["L6", "M6", "N6", "F7"]
    assert check["D3"].hyperlink.location == "'Nhiệm vụ'!L6"
    assert wb.sheetnames[-1] == "Kiểm tra"


def test_excel_only_parts_survive_annotation(tmp_path):
    src = add_excel_only_parts(_broken(tmp_path))
    runner.invoke(app, ["validate", str(src), "-o", str(tmp_path / "out.xlsx")])
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(tmp_path / "out.xlsx") as b:
        names_a, names_b = set(a.namelist()), set(b.namelist())
        assert names_a <= names_b
        assert b.read("xl/media/image99.png") == PNG
        assert b.read("xl/drawings/drawing99.xml").decode() == DRAWING
        sheet = b.read("xl/worksheets/sheet3.xml").decode()
        assert "x14:dataValidation " in sheet and "$N$4:$N$7" in sheet and '<drawing r:id="rIdDrw1"/>' in sheet
        unchanged = [n for n in names_a if n not in ("xl/worksheets/sheet3.xml", "xl/styles.xml", "xl/workbook.xml",
                                                       "[Content_Types].xml", "xl/_rels/workbook.xml.rels",
                                                       "xl/worksheets/_rels/sheet3.xml.rels")]
        for n in unchanged:
            assert a.read(n) == b.read(n), n
    # a real client opens it and keeps the picture and the shape
    pdf = soffice(tmp_path / "out.xlsx", "xlsx", tmp_path / "lo")
    with zipfile.ZipFile(pdf) as z:
        assert any(n.startswith("xl/media/") for n in z.namelist())


def test_running_twice_replaces_annotations(tmp_path):
    src = _broken(tmp_path)
    work = tmp_path / "w.xlsx"
    shutil.copy(src, work)
    for _ in range(2):
        result = runner.invoke(app, ["validate", str(work), "--in-place"])
        assert result.exit_code == 1
    wb = openpyxl.load_workbook(work)
    assert wb["Nhiệm vụ"]["L6"].comment.text.count("Kết quả thực hiện") == 1
    assert wb.sheetnames.count("Kiểm tra") == 1 and wb["Kiểm tra"].max_row == 6
    # the findings of the annotated file are the findings of the original
    assert validate(read_workbook(work)).findings == validate(read_workbook(src)).findings
    backups = sorted(tmp_path.glob("w.bak-*.xlsx"))
    assert len(backups) == 2 and sha256(src) in {sha256(b) for b in backups}  # the first backup is the original
    # fixing the problem and re-running clears its colour and note
    wb = openpyxl.load_workbook(work)
    wb["Nhiệm vụ"]["F7"] = "UBND xã"
    wb.save(work)
    runner.invoke(app, ["validate", str(work), "--in-place"])
    ws = openpyxl.load_workbook(work)["Nhiệm vụ"]
    assert ws["F7"].comment is None and ws["F7"].fill.fgColor.rgb != "FFFFEB9C"


def test_json_output_and_exit_codes(tmp_path, progress_example):
    result = runner.invoke(app, ["validate", str(progress_example), "--json", "--no-copy"])
    assert result.exit_code == 0
    payload = json.loads(result.output)
    assert payload["ok"] is True and payload["errors"] == 0 and payload["warnings"] == 2
    assert payload["issues"][0] == {"file": progress_example.name, "sheet": "Nhiệm vụ", "cell": "J10", "row": 10, "column": "J",
                                    "field": "Hạn hoàn thành", "code": "overdue", "severity": "Cảnh báo",
                                    "message": payload["issues"][0]["message"]}
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    result = runner.invoke(app, ["validate", str(bad)])
    assert result.exit_code == 2 and "Không xử lý được" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["validate", str(tmp_path / "missing.xlsx")])
    assert result.exit_code == 2 and "Không tìm thấy" in result.output


def test_xls_input_gets_a_rebuilt_xlsx_copy(tmp_path, progress_example):
    xls = soffice(progress_example, "xls", tmp_path)
    before = sha256(xls)
    result = runner.invoke(app, ["validate", str(xls)])
    assert result.exit_code == 0, result.output
    assert sha256(xls) == before
    out = tmp_path / "trung-trac.kiem-tra.xlsx"
    wb = openpyxl.load_workbook(out)
    assert wb["Nhiệm vụ"]["J10"].fill.fgColor.rgb == "FFFFEB9C" and wb["Nhiệm vụ"]["J10"].comment
    assert "Kiểm tra" in wb.sheetnames
    assert runner.invoke(app, ["validate", str(xls), "--in-place"]).exit_code == 2
