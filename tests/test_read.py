"""The reader on the layouts people actually produce."""

from __future__ import annotations

import datetime as dt
import unicodedata

import openpyxl
import pytest
from builders import good_task, write
from conftest import soffice
from hypothesis import given, settings
from hypothesis import strategies as st

from papi_xl.domain.values import to_date
from papi_xl.errors import InputError
from papi_xl.inputs.header import match_header
from papi_xl.inputs.read import ReadSession, read_workbook
from papi_xl.rules.validate import validate


def _rebuild_with_columns(src, dst, order: list[str], extra_at: int | None = None, renames: dict | None = None):
    """Copy the Nhiệm vụ sheet with columns reordered (by header), an extra column, renamed headers."""
    wb = openpyxl.load_workbook(src)
    ws = wb["Nhiệm vụ"]
    headers = [ws.cell(4, c).value for c in range(1, ws.max_column + 1)]
    rows = [[ws.cell(r, c).value for c in range(1, ws.max_column + 1)] for r in range(4, ws.max_row + 1)]
    new = wb.create_sheet("NV2", 2)
    cols = [headers.index(h) for h in order]
    for r, row in enumerate(rows, start=4):
        values = [row[i] for i in cols]
        if extra_at is not None:
            values.insert(extra_at, "Người theo dõi" if r == 4 else ("cán bộ A" if r > 5 else "(x)"))
        for c, v in enumerate(values, start=1):
            if r == 4 and renames and v in renames:
                v = renames[v]
            new.cell(r, c, v)
    del wb["Nhiệm vụ"]
    new.title = "Nhiệm vụ"
    wb.save(dst)
    return dst


def test_reordered_inserted_and_renamed_columns_still_map(progress_example, tmp_path):
    original = read_workbook(progress_example)
    order = ["TT", "Mã nhiệm vụ", "Nhiệm vụ", "Chỉ số nội dung", "Nội dung thành phần", "Tiến độ", "Kết quả/sản phẩm",
             "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện", "Hạn hoàn thành", "Kết quả thực hiện",
             "Minh chứng", "Ngày hoàn thành", "Ghi chú"]
    dst = _rebuild_with_columns(progress_example, tmp_path / "moved.xlsx", order, extra_at=3,
                                renames={"Kết quả/sản phẩm": "Kết quả / Sản phẩm", "Đơn vị chủ trì": "ĐƠN VỊ\nCHỦ TRÌ",
                                         "Thời gian thực hiện": "Thời gian thực hiện (dự kiến)"})
    data = read_workbook(dst)
    t = data.tasks
    assert t.letter("code") == "B" and t.letter("task") == "C" and t.letter("index") == "E"
    assert t.letter("status") == "G" and t.letter("lead") == "I" and t.letter("timeline") == "K"
    assert t.unmapped == [("D", "Người theo dõi")]
    assert any(f.code == "unmapped-column" and f.cell == "D4" for f in data.findings)
    cols = ["index", "sub", "task", "lead", "status", "evidence", "done_date"]
    assert t.frame[cols].equals(original.tasks.frame[cols])
    # findings name the true cells of the moved columns
    overdue = [f.cell for f in validate(data).findings if f.code == "overdue"]
    assert overdue == ["L10", "L27"]


@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_libreoffice_saved_xls_and_ods_read_like_the_xlsx(progress_example, tmp_path, fmt):
    converted = soffice(progress_example, fmt, tmp_path)
    a, b = read_workbook(progress_example), read_workbook(converted)
    assert b.fmt == fmt
    cols = ["_row", "index", "sub", "task", "lead", "status", "due", "done_date", "evidence"]
    assert b.tasks.frame[cols].equals(a.tasks.frame[cols])
    assert b.meta.unit == a.meta.unit and b.meta.cutoff == a.meta.cutoff and b.meta.year == 2023
    va, vb = validate(a), validate(b)
    assert [(f.cell, f.code) for f in vb.findings] == [(f.cell, f.code) for f in va.findings]


def test_merged_index_cells_and_group_rows_are_carried_down(tmp_path):
    path = write(tmp_path / "m.xlsx", [good_task(i, sub="1.a" if i < 3 else "1.b") for i in range(1, 6)])
    wb = openpyxl.load_workbook(path)
    ws = wb["Nhiệm vụ"]
    for r in range(7, 11):
        ws[f"B{r}"] = None
    ws.merge_cells("B6:B10")  # index written once, merged over the rows
    ws["C7"] = None
    ws.merge_cells("C6:C7")
    ws["C9"] = None  # left blank below "b)" (no merge)
    ws.insert_rows(8)  # a separator row: only a group label
    ws["B8"] = "1. Tham gia của người dân"
    wb.save(path)
    data = read_workbook(path)
    f = data.tasks.frame
    assert len(f) == 5
    assert f["index"].tolist() == ["1. Tham gia của người dân"] * 5
    assert f["sub"].tolist() == ["a) Tri thức công dân"] * 2 + ["b) Cơ hội tham gia"] * 3
    assert f["_row"].tolist() == [6, 7, 9, 10, 11]
    v = validate(data)
    assert not [x for x in v.findings if x.code in ("required", "index-approx", "sub-approx")], v.findings


def test_repeated_header_numbering_blank_rows_and_text_values(tmp_path):
    path = write(tmp_path / "r.xlsx", [good_task(i) for i in range(1, 4)])
    wb = openpyxl.load_workbook(path)
    ws = wb["Nhiệm vụ"]
    ws.insert_rows(8, 3)
    for c in range(1, 16):  # header + numbering repeated after a page break, then a blank row
        ws.cell(8, c, ws.cell(4, c).value)
        ws.cell(9, c, f"({c})")
    ws["N6"] = "15/3/2025"  # a date typed as text
    ws["N7"] = 45731  # an Excel serial
    ws["A6"] = "1"  # number stored as text
    ws["D7"] = "- Dòng một\n•  Dòng hai  "  # bullets and line breaks inside a cell
    wb.save(path)
    f = read_workbook(path).tasks.frame
    assert f["_row"].tolist() == [6, 7, 11]
    assert f.loc[0, "done_date"] == dt.date(2025, 3, 15) and f.loc[1, "done_date"] == dt.date(2025, 3, 15)
    assert f.loc[1, "task"] == "- Dòng một\n• Dòng hai"


def test_nfd_text_is_normalised(tmp_path):
    path = write(tmp_path / "n.xlsx", [good_task(1)])
    nfd = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731
    from builders import set_cells

    set_cells(path, "Nhiệm vụ", {"B6": nfd("1. Tham gia của người dân"), "C6": nfd("a) Tri thức công dân"),
                                 "F6": nfd("Công chức Văn hóa - Xã hội"), "K6": nfd("Hoàn thành"),
                                 "L6": nfd("Đã xong"), "M6": nfd("Số 15/KH-UBND ngày 18/01/2025"), "N6": "20/01/2025"})
    set_cells(path, "Thông tin", {"B3": nfd("Xã Thử Nghiệm")})
    data = read_workbook(path)
    row = data.tasks.frame.iloc[0]
    assert row["index"] == "1. Tham gia của người dân" and unicodedata.is_normalized("NFC", row["lead"])
    assert data.meta.unit == "Xã Thử Nghiệm"
    v = validate(data)
    assert v.findings == [], v.findings
    assert v.tasks.loc[0, "status"] == "Hoàn thành"


def test_legacy_tcvn3_text_is_detected_and_converted(tmp_path):
    from builders import set_cells

    path = write(tmp_path / "l.xlsx", [good_task(1)])
    set_cells(path, "Nhiệm vụ", {"D6": "Tuyªn truyÒn phæ biÕn ph¸p luËt cho nh©n d©n"})
    data = read_workbook(path)
    assert data.tasks.frame.loc[0, "task"] == "Tuyên truyền phổ biến pháp luật cho nhân dân"
    f = [x for x in data.findings if x.code == "legacy-encoding"]
    assert [(x.cell, x.severity) for x in f] == [("D6", "Cảnh báo")] and "TCVN3" in f[0].message


def test_header_matching_is_tolerant():
    assert match_header("ĐƠN VỊ\nCHỦ  TRÌ")[0] == "lead"
    assert match_header("Đơn vị phối hợp thực hiện")[0] == "coord"
    assert match_header("Kết quả")[0] == "output"
    assert match_header("Kết quả thực hiện")[0] == "result"
    assert match_header("Chi số nội dung")[0] == "index"  # seed 002 typo
    assert match_header("Mã nhiệm vụ")[0] == "code"
    assert match_header("Người theo dõi") is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_header_matching_never_raises(text):
    match_header(text)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=40), st.integers(), st.floats(allow_nan=True), st.none(), st.dates()))
def test_to_date_never_raises(value):
    to_date(value)


@pytest.mark.parametrize(("content", "reason"), [
    (b"hello, this is text", "not-a-spreadsheet"),
    (b"<html><table><tr><td>1</td></tr></table></html>", "html-disguised"),
    (b"PK\x03\x04broken zip", "corrupt"),
])
def test_unreadable_files_raise_read_error_with_a_reason(tmp_path, content, reason):
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    with pytest.raises(InputError) as exc:
        read_workbook(path)
    assert exc.value.code == reason and exc.value.message


def test_workbook_without_task_table(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Bảng lương tháng 3"
    wb.save(tmp_path / "other.xlsx")
    with pytest.raises(InputError) as exc:
        read_workbook(tmp_path / "other.xlsx")
    assert exc.value.code == "no-task-sheet" and "Nhiệm vụ" in exc.value.message


_cells = st.one_of(st.text(max_size=30), st.integers(-5, 50000), st.floats(allow_nan=True), st.dates(), st.just(""),
                   st.sampled_from(["Nhiệm vụ", "Chỉ số nội dung", "Đơn vị chủ trì", "Tiến độ", "Hoàn thành",
                                    "1. Tham gia của người dân", "a) Tri thức công dân", "Thường xuyên", "(1)"]))


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["Nhiệm vụ", "Thông tin", "Danh mục", "Sheet1"]),
                       st.lists(st.lists(_cells, max_size=16), max_size=25), min_size=1))
def test_the_reader_and_validator_never_raise_anything_but_read_error(sheets):
    from papi_xl.inputs.read import read_rows

    try:
        data = read_rows(sheets)
    except InputError:
        return
    validate(data)


def test_clean_memo_gives_the_same_text_and_stays_bounded():
    from papi_xl.domain.text import TextMemo

    memo = TextMemo(max_chars=90)  # characters
    raw = "  Hội  nghị\r\n tiếp xúc\x07 cử tri  "
    nfd = unicodedata.normalize("NFD", "Xã Trung Trắc")
    for _ in range(2):  # the second pass is answered by the memo
        assert memo.clean(raw) == "Hội nghị\ntiếp xúc cử tri"
        assert memo.clean(nfd) == "Xã Trung Trắc" and unicodedata.is_normalized("NFC", memo.clean(nfd))
        assert memo.clean("đã sạch") == "đã sạch"
    assert raw in memo.texts and len(memo.texts) == 3 and memo.chars == 32 + 24 + 16 + 13 + 7
    memo.clean("bốn")  # past 90 characters kept: the memo is emptied first, never grows past its bound
    assert memo.texts == {"bốn": "bốn"} and memo.chars == 3
    long = " x" * 2000
    assert memo.clean(long) == long.strip() and long not in memo.texts


def test_the_catalog_memo_never_serves_another_workbooks_danh_muc(tmp_path):
    a = write(tmp_path / "a.xlsx", [good_task(1)])
    b = write(tmp_path / "b.xlsx", [good_task(1)])
    wb = openpyxl.load_workbook(b)
    ws = wb["Danh mục"]
    assert (ws["A4"].value, ws["C4"].value) == ("1", "Tham gia của người dân")
    ws["C4"] = "Tên chỉ số đã sửa ở tỉnh"  # the province renames content index 1
    wb.save(b)
    session = ReadSession()  # the memo belongs to the reader, not to the module
    first, again, edited = (read_workbook(p, session=session) for p in (a, a, b))
    assert again.catalog is first.catalog  # the same sheet content: parsed once
    assert read_workbook(a).catalog is not first.catalog  # another reader parses its own
    assert edited.catalog is not first.catalog
    assert "1. Tên chỉ số đã sửa ở tỉnh" in [i.label for i in edited.catalog.items]
    assert "1. Tham gia của người dân" in [i.label for i in first.catalog.items]
