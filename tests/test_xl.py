"""The Excel buttons, without Excel: an Office.js client's payload in, its actions replayed with openpyxl.

xlwings builds a book from the JSON an Excel client sends (xw.Book(json=...)); the entry point runs
on it; book.json() holds the actions Excel would apply.  Replaying them onto the file must give the
same coloured cells, Kiểm tra sheet and Tổng hợp values as the CLI.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # before xlwings is imported

import openpyxl  # noqa: E402
import pytest  # noqa: E402
import python_calamine as pc  # noqa: E402
import xlwings as xw  # noqa: E402
from builders import good_task, write  # noqa: E402
from openpyxl.styles import PatternFill  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from papi_xl import xl  # noqa: E402
from papi_xl.adapters.cli import app  # noqa: E402
from papi_xl.contract import snapshot as snapshot_spec  # noqa: E402
from papi_xl.domain.values import EXCEL_EPOCH  # noqa: E402

runner = CliRunner()


def payload(path) -> dict:
    """The JSON an Office.js client sends for a workbook: every sheet's values from A1."""
    book = pc.CalamineWorkbook.from_path(str(path))
    sheets = []
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        width = max((len(r) for r in rows), default=1)
        values = [[_office(v) for v in r] + [""] * (width - len(r)) for r in rows] or [[""]]
        sheets.append({"name": name, "values": values, "pictures": [], "tables": []})
    return {"client": "Office.js", "version": xw.__version__,
            "book": {"name": path.name, "active_sheet_index": 2, "selection": "A1"}, "names": [], "sheets": sheets}


def _office(v):
    if isinstance(v, dt.datetime):
        v = v.date()
    if isinstance(v, dt.date):
        return float((v - EXCEL_EPOCH).days)  # Office.js gives dates as serial numbers
    return v


def replay(actions: list[dict], path) -> list[str]:
    """Apply Office.js actions to the file with openpyxl; return the alert texts."""
    wb = openpyxl.load_workbook(path)
    alerts = []
    for a in actions:
        func, args = a["func"], a["args"]
        ws = wb.worksheets[a["sheet_position"]] if a.get("sheet_position") is not None else None

        def cells(a=a, ws=ws):
            for r in range(a["row_count"]):
                for c in range(a["column_count"]):
                    yield ws.cell(a["start_row"] + 1 + r, a["start_column"] + 1 + c)

        if func == "setValues":
            for r, row in enumerate(a["values"]):
                for c, v in enumerate(row):
                    cell = ws.cell(a["start_row"] + 1 + r, a["start_column"] + 1 + c)
                    cell.value = v
                    if isinstance(v, str):
                        cell.data_type = "s"
        elif func == "setRangeColor":
            for cell in cells():
                cell.fill = PatternFill("solid", fgColor="FF" + args[0].lstrip("#").upper())
        elif func == "rangeClear":
            for cell in cells():
                cell.value = None
                cell.style = "Normal"
        elif func == "setNumberFormat":
            for cell in cells():
                cell.number_format = args[0]
        elif func == "addHyperlink":
            for cell in cells():
                cell.hyperlink = args[0]
        elif func == "addSheet":
            wb.create_sheet(args[1], args[0])
        elif func == "sheetClear":
            for row in ws.iter_rows():
                for cell in row:
                    cell.value = None
                    cell.style = "Normal"
        elif func == "alert":
            alerts.append(args[0])
        else:
            raise AssertionError(f"unexpected action {func}")
    wb.save(path)
    return alerts


def run_button(entry, path):
    book = xw.Book(json=payload(path))
    entry(book)
    actions = book.json()["actions"]
    assert {a["func"] for a in actions} <= xl.OFFICEJS_ACTIONS  # only what the Office.js client implements
    return actions, replay(actions, path)


def _fills(path, sheet="Nhiệm vụ"):
    ws = openpyxl.load_workbook(path)[sheet]
    return {c.coordinate: c.fill.fgColor.rgb for row in ws.iter_rows() for c in row
            if c.fill.fgColor.rgb in ("FFFFC7CE", "FFFFEB9C")}


@pytest.fixture
def broken(tmp_path):
    return write(tmp_path / "x.xlsx", [good_task(1, status="Hoàn thành"), good_task(2, lead="Hợp tác xã"),
                                        good_task(3, timeline="Quý I năm 2025", status="Chưa thực hiện")])


def test_validate_button_matches_the_cli(broken, tmp_path):
    cli_out = tmp_path / "cli.xlsx"
    assert runner.invoke(app, ["validate", str(broken), "-o", str(cli_out)]).exit_code == 1
    button = tmp_path / "button.xlsx"
    shutil.copy(broken, button)
    _, alerts = run_button(xl.validate, button)
    assert _fills(button) == _fills(cli_out) and _fills(button)
    a = openpyxl.load_workbook(button)["Kiểm tra"]
    b = openpyxl.load_workbook(cli_out)["Kiểm tra"]
    assert [[c.value for c in r] for r in a.iter_rows()] == [[c.value for c in r] for r in b.iter_rows()]
    assert a["D3"].hyperlink.target == "#'Nhiệm vụ'!L6" and a["B3"].fill.fgColor.rgb == "FFFFC7CE"
    from papi_xl.api import check_file

    v = check_file(broken)
    assert alerts == [f"Kiểm tra xong: {v.errors} lỗi, {v.warnings} cảnh báo. Hãy sửa các ô tô đỏ rồi bấm Kiểm tra "
                      "lại. Chi tiết ở sheet Kiểm tra."] and v.errors == 3


def test_validate_button_twice_replaces_its_annotations(broken):
    run_button(xl.validate, broken)
    wb = openpyxl.load_workbook(broken)
    wb["Nhiệm vụ"]["F7"] = "UBND xã"  # the clerk fixes one cell
    wb.save(broken)
    run_button(xl.validate, broken)
    wb = openpyxl.load_workbook(broken)
    assert wb.sheetnames.count("Kiểm tra") == 1
    assert wb["Nhiệm vụ"]["F7"].fill.fgColor.rgb == "FFFFFFFF"  # last run's colour is gone
    assert "F7" not in [r[3].value for r in wb["Kiểm tra"].iter_rows(min_row=3)]


def test_validate_button_writes_the_same_fixes_as_the_cli(tmp_path):
    src = write(tmp_path / "x.xlsx", [good_task(1, status="Đã xong"), good_task(2, status="hoan thanh"),
                                       good_task(3, lead="Công chức VP-TK")])
    cli_out = tmp_path / "cli.xlsx"
    runner.invoke(app, ["validate", str(src), "--fix", "-o", str(cli_out)])
    button = tmp_path / "button.xlsx"
    shutil.copy(src, button)
    _, alerts = run_button(xl.validate, button)
    a, b = openpyxl.load_workbook(button)["Nhiệm vụ"], openpyxl.load_workbook(cli_out)["Nhiệm vụ"]
    status, lead = (get_column_letter(c) for c in (11, 6))
    assert [a[f"{status}{r}"].value for r in (6, 7)] == ["Hoàn thành", "Hoàn thành"]
    assert a[f"{lead}8"].value == "Công chức Văn phòng - Thống kê"
    assert [[c.value for c in r] for r in a.iter_rows()] == [[c.value for c in r] for r in b.iter_rows()]
    assert "Đã sửa 3 giá trị ghi gần đúng" in alerts[0]


def test_summarize_button_matches_the_cli(progress_example, tmp_path):
    cli_out = tmp_path / "cli.xlsx"
    assert runner.invoke(app, ["summarize", str(progress_example), "-o", str(cli_out)]).exit_code == 0
    _, alerts = run_button(xl.summarize, progress_example)
    a = openpyxl.load_workbook(progress_example)["Tổng hợp"]
    b = openpyxl.load_workbook(cli_out)["Tổng hợp"]
    grid = lambda ws: [[ws.cell(r, c).value for c in range(12, 23)] for r in range(1, 70) if r != 2]  # noqa: E731
    assert grid(a) == grid(b)
    assert a["C6"].value.startswith("=SUMPRODUCT(COUNTIFS(")  # the live formulas stay
    assert a["T6"].number_format == "0.0%" and a["U7"].fill.fgColor.rgb in ("FFFFEB9C", "FFC6EFCE", "FFFFC7CE")
    assert alerts and alerts[0].startswith("Tổng hợp xong: 30 nhiệm vụ, hoàn thành 11 (36.7%), quá hạn 2")


def test_merge_button(tmp_path):
    from papi_xl.samples import write_returned_set

    write_returned_set(tmp_path / "tra-ve", ["Xã Trung Trắc", "Xã Lạc Hồng"])
    host = write(tmp_path / "tinh.xlsx", [good_task(1)])
    wb = openpyxl.load_workbook(host)
    assert wb["Thông tin"]["A15"].value == xl.FOLDER_LABEL  # the template has the row
    wb["Thông tin"]["B15"] = str(tmp_path / "tra-ve")
    wb.save(host)
    _, alerts = run_button(xl.merge, host)
    assert (tmp_path / "tong-hop-cac-don-vi.xlsx").exists()
    assert alerts[0].startswith("Đã tổng hợp 2 tệp: 2 đã nhận, 0 từ chối, 0 chưa nộp")


def test_merge_button_takes_the_expected_units_from_the_sheet(tmp_path):
    """What the command line takes as --expected, the button reads on the Thông tin sheet: the summary names
    the unit that has not returned its workbook."""
    from papi_xl.samples import write_returned_set

    write_returned_set(tmp_path / "tra-ve", ["Xã Trung Trắc", "Xã Lạc Hồng"])
    (tmp_path / "don-vi.csv").write_text("Đơn vị\nXã Trung Trắc\nXã Lạc Hồng\nXã Minh Hải\n", encoding="utf-8")
    host = write(tmp_path / "tinh.xlsx", [good_task(1)])
    wb = openpyxl.load_workbook(host)
    info = wb["Thông tin"]
    assert info["A16"].value == xl.EXPECTED_LABEL  # the template has the row
    info["B15"], info["B16"] = str(tmp_path / "tra-ve"), str(tmp_path / "don-vi.csv")
    wb.save(host)
    _, alerts = run_button(xl.merge, host)
    assert alerts[0].startswith("Đã tổng hợp 2 tệp: 2 đã nhận, 0 từ chối, 1 chưa nộp"), alerts
    register = pc.CalamineWorkbook.from_path(str(tmp_path / "tong-hop-cac-don-vi.xlsx"))
    text = str(register.get_sheet_by_name(register.sheet_names[0]).to_python())
    assert "Xã Minh Hải" in text and "Chưa nộp" in text
    info["B16"] = str(tmp_path / "khong-co.csv")
    wb.save(host)
    actions, alerts = run_button(xl.merge, host)
    assert [a["func"] for a in actions] == ["alert"] and "Không tìm thấy tệp danh sách đơn vị" in alerts[0]


def test_a_path_on_the_sheet_is_taken_from_the_workbooks_folder(tmp_path):
    class Book:  # Excel gives the workbook's full name; a browser-hosted book has none
        fullname = str(tmp_path / "tinh.xlsx")

    class Browser:
        @property
        def fullname(self):
            raise RuntimeError("no folder")

    assert xl._beside(Book(), "tra-ve") == tmp_path / "tra-ve"
    assert xl._beside(Book(), f' "{tmp_path / "don-vi.csv"}" ') == tmp_path / "don-vi.csv"  # pasted with quotes
    assert xl._beside(Book(), str(tmp_path / "x.csv")) == tmp_path / "x.csv"
    assert xl._beside(Browser(), "tra-ve").as_posix() == "tra-ve"


def test_errors_become_a_message_and_nothing_is_written(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Bảng lương"
    wb.save(tmp_path / "other.xlsx")
    actions, alerts = run_button(xl.validate, tmp_path / "other.xlsx")
    assert [a["func"] for a in actions] == ["alert"]
    assert alerts[0].startswith("Không kiểm tra được: Không tìm thấy bảng nhiệm vụ")
    actions, alerts = run_button(xl.merge, tmp_path / "other.xlsx")
    assert [a["func"] for a in actions] == ["alert"] and "Chưa có đường dẫn thư mục" in alerts[0]


def test_entry_points_use_only_the_portable_api():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(xl))
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "api"]
    for name in ("validate", "summarize", "merge"):
        assert "book=None" in str(inspect.signature(getattr(xl, name)))
    assert get_column_letter(snapshot_spec.FIRST_COLUMN) == "L"


def test_vba_module_calls_the_three_entry_points():
    from conftest import ROOT

    source = (ROOT / "macros" / "PapiXL.bas").read_bytes().decode("ascii")  # VBA source must be ASCII
    for sub, call in (("KiemTra", "papi_xl.xl.validate()"), ("TongHop", "papi_xl.xl.summarize()"),
                      ("TongHopCacDonVi", "papi_xl.xl.merge()")):
        assert f"Sub {sub}()" in source and f'RunPapi "import papi_xl.xl; {call}"' in source
    assert source.startswith('Attribute VB_Name = "PapiXL"')
