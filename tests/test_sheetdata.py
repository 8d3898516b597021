"""Rows rendered as worksheet XML and spliced into an xlsxwriter workbook (the summary's
Nhiệm vụ sheet): every reader must get back exactly the values and styles written."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest
import python_calamine as pc
import xlsxwriter
from conftest import soffice

from papi_xl.ooxml.layout import lines_height
from papi_xl.ooxml.refs import column_letter
from papi_xl.ooxml.sheetdata import DATE, NUM, STR, Column, SharedStrings, render_rows, splice_rows

TRICKY = [
    "Hội nghị tiếp xúc cử tri",
    "  cách đầu và cuối  ",
    "a & b < c > d \"trích\" 'nháy'",
    "dòng 1\ndòng 2\tcó tab",
    "ký tự điều khiển \x01\x07\x1f ở giữa",
    "_x0041_ không phải chữ A",
    '=HYPERLINK("http://example.invalid","Bấm")',
    "+cmd|' /C calc'!A0",
    "x" * 40_000,  # longer than a cell may hold
]


def _book(sheet_first: bool = True) -> tuple[bytes, dict]:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False})
    text = wb.add_format({"font_name": "Times New Roman", "text_wrap": True, "border": 1})
    date = wb.add_format({"num_format": "dd/mm/yyyy", "border": 1})
    num = wb.add_format({"align": "center", "border": 1})
    if not sheet_first:
        wb.add_worksheet("Trước")
    ws = wb.add_worksheet("Bảng")
    ws.write_string(0, 0, "Tiêu đề")
    ws.write_string(1, 0, "Hội nghị tiếp xúc cử tri")  # already in the shared-string table
    styles = {STR: text._get_xf_index(), DATE: date._get_xf_index(), NUM: num._get_xf_index()}
    wb.close()
    return buf.getvalue(), styles


def _splice(tmp_path, values, budget=20_000_000, name="out.xlsx", before_splice=None):
    book, styles = _book()
    if before_splice:
        before_splice()
    columns = [Column(STR, styles[STR]), Column(NUM, styles[NUM]), Column(DATE, styles[DATE])]
    n = len(values[0])

    def rows(sst):
        sst.budget = budget
        yield render_rows(columns, [v[: n // 2] for v in values], 3, sst)
        yield render_rows(columns, [v[n // 2:] for v in values], 3 + n // 2, sst)

    return splice_rows(book, tmp_path / name, "Bảng", rows, f"C{2 + n}")


def _values():
    texts = [*TRICKY, "", None, "Hội nghị tiếp xúc cử tri"]
    n = len(texts)
    numbers = [i + 1 for i in range(n - 1)] + [None]
    dates = [dt.date(2023, 6, 30), None, dt.datetime(2024, 2, 29, 0, 0), dt.date(1900, 2, 28), dt.date(1900, 3, 1),
             dt.date(1900, 1, 1)] + [float("nan")] * (n - 6)
    return [texts, numbers, dates]


def _expected_text(v):
    if not v:
        return None
    return re.sub(r"[\x00-\x08\x0b-\x1f]", "", v[:32767])  # control characters are dropped


@pytest.mark.parametrize("budget", [20_000_000, 0], ids=["shared", "inline"])
def test_values_and_styles_come_back_in_openpyxl_and_calamine(tmp_path, budget):
    values = _values()
    out = _splice(tmp_path, values, budget=budget)
    ws = openpyxl.load_workbook(out)["Bảng"]
    assert ws["A1"].value == "Tiêu đề" and ws.dimensions == f"A1:C{2 + len(values[0])}"
    for i, text in enumerate(values[0]):
        r = 3 + i
        if budget == 0 and text and text.startswith("_x0041_"):
            # openpyxl does not decode Excel's _xHHHH_ escapes in inline strings (calamine,
            # LibreOffice and Excel do): it shows the escaped form
            assert ws.cell(r, 1).value == "_x005F" + text
            continue
        assert ws.cell(r, 1).value == _expected_text(text), r
        if text:
            assert ws.cell(r, 1).data_type == "s"
            assert ws.cell(r, 1).font.name == "Times New Roman" and ws.cell(r, 1).alignment.wrap_text
        assert ws.cell(r, 2).value == values[1][i]
    assert ws["C3"].value == dt.datetime(2023, 6, 30) and ws["C3"].number_format == "dd/mm/yyyy"
    assert ws["C4"].value is None and ws["C5"].value == dt.datetime(2024, 2, 29)
    # serials as Excel counts them (1 = 1900-01-01; 60 is Excel's phantom 29/02/1900)
    assert [ws[f"C{r}"].value for r in (6, 7, 8)] == [dt.datetime(1900, 2, 28), dt.datetime(1900, 3, 1),
                                                        dt.datetime(1900, 1, 1)]
    with zipfile.ZipFile(out) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert all(f'<c r="C{r}" s="2"><v>{n}</v></c>' in xml for r, n in ((3, 45107), (6, 59), (7, 61), (8, 1)))
    rows = pc.CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Bảng").to_python()
    assert [r[0] or None for r in rows[2:]] == [_expected_text(t) for t in values[0]]
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        sst = z.read("xl/sharedStrings.xml").decode()
    assert "<f>" not in sheet
    if budget == 0:
        # over budget: new strings go inline; one already in the table is still referenced
        assert '<c r="A3" s="1" t="s">' in sheet and sheet.count('t="s"') == 2 + 2  # + A1, A2
        assert sheet.count('t="inlineStr"') == len([t for t in values[0] if t]) - 2
    else:
        assert 't="inlineStr"' not in sheet
        # a string already in the table is re-used, not added twice
        assert sst.count("<t>Hội nghị tiếp xúc cử tri</t>") == 1
        table = SharedStrings.parse(sst.encode())
        assert table.references == sheet.count('t="s"') and len(set(table.strings)) == len(table.strings)


def test_libreoffice_reads_the_same_text(tmp_path):
    values = _values()
    out = _splice(tmp_path, values)
    text = soffice(out, "csv:Text - txt - csv (StarCalc)", tmp_path, "44,34,76").read_text("utf-8")  # 1st sheet
    got = [r[0] if r else "" for r in csv.reader(io.StringIO(text))][2:]
    assert got == [_expected_text(t) or "" for t in values[0]]


def test_zip64_only_for_a_part_that_needs_it(tmp_path, monkeypatch):
    normal = _splice(tmp_path, _values(), name="normal.xlsx")
    with zipfile.ZipFile(normal) as z:
        assert all(b"\x01\x00" not in (i.extra or b"")[:2] for i in z.infolist())  # no Zip64 extra field
    # as if the task sheet passed 2 GiB (set once xlsxwriter, which refuses Zip64, has laid the book out)
    large = _splice(tmp_path, _values(), name="large.xlsx",
                    before_splice=lambda: monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 1_000))
    with zipfile.ZipFile(large) as z:
        assert z.testzip() is None
        sheet = z.getinfo("xl/worksheets/sheet1.xml")
        assert sheet.file_size > 1_000 and sheet.extra[:2] == b"\x01\x00"  # the Zip64 extra field
    monkeypatch.undo()
    assert openpyxl.load_workbook(large)["Bảng"]["A3"].value == TRICKY[0]
    rows = pc.CalamineWorkbook.from_path(str(large)).get_sheet_by_name("Bảng").to_python()
    assert rows[2][0] == TRICKY[0]


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]


def test_a_sheet_after_another_and_the_header_kept(tmp_path):
    book, styles = _book(sheet_first=False)
    out = splice_rows(book, tmp_path / "b.xlsx", "Bảng",
                      lambda sst: [render_rows([Column(STR, styles[STR])], [["một", "hai"]], 3, sst)], "A4")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Trước", "Bảng"]
    assert [c.value for c in wb["Bảng"]["A"]] == ["Tiêu đề", "Hội nghị tiếp xúc cử tri", "một", "hai"]


def test_rows_are_tall_enough_for_wrapped_text():
    sst = SharedStrings()
    cols = [Column(STR, 1, wrap_width=10), Column(STR, 1)]
    xml = render_rows(cols, [["ngắn", "một\nhai\nba", "x" * 40], ["y" * 500, "", ""]], 5, sst)
    rows = re.findall(r"<row [^>]*>", xml)
    assert rows[0] == '<row r="5">'  # one line (the unwrapped column never counts)
    assert rows[1] == f'<row r="6" ht="{lines_height(3)}" customHeight="1">'  # three lines
    assert rows[2] == f'<row r="7" ht="{lines_height(4)}" customHeight="1">'  # 40 characters at 13 a line: four
    assert lines_height(3) == 46.9 and lines_height(1000) == 409.0  # Excel's largest row
