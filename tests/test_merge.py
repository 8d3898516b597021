"""papi-xl merge over a folder of returned workbooks in every state."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from builders import set_cells
from conftest import pdf_pages, sha256, soffice
from typer.testing import CliRunner

from papi_xl.adapters.cli import app
from papi_xl.contract.summary import REGISTER
from papi_xl.domain.units import unit_key
from papi_xl.pipeline.merge import ACCEPTED, MISSING, REJECTED, SUPERSEDED, merge
from papi_xl.samples import SAMPLE_COMMUNES, trung_trac_tasks, write_returned, write_returned_set

runner = CliRunner()
INJECT = ['=HYPERLINK("http://example.invalid/x","Bấm vào đây")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
          "-2+3+cmd|' /C notepad'!A0"]


def set_saved_date(path: Path, when: dt.datetime) -> None:
    """Set docProps/core.xml dcterms:modified, as Excel does on save."""
    import re

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    core = parts["docProps/core.xml"].decode()
    core = re.sub(r"(<dcterms:modified[^>]*>)[^<]+(<)", rf"\g<1>{when:%Y-%m-%dT%H:%M:%S}Z\g<2>", core)
    parts["docProps/core.xml"] = core.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)


@pytest.fixture(scope="module")
def returned(tmp_path_factory) -> Path:
    """A folder as a district receives it."""
    root = tmp_path_factory.mktemp("merge")
    folder = root / "tra-ve"
    # Trung Trắc clean, Lạc Hồng with errors, Như Quỳnh sent twice, Đại Đồng saved as .xls, Tân Quang injection
    units = list(SAMPLE_COMMUNES[:5])
    paths = write_returned_set(folder, units, broken={1})
    for p in paths:
        set_saved_date(p, dt.datetime(2023, 6, 25, 8, 0))
    # 2: an older copy of the same unit, in a sub-folder, file time a week earlier
    old = folder / "thu-cu" / paths[2].name
    old.parent.mkdir()
    shutil.copy(paths[2], old)
    set_cells(old, "Nhiệm vụ", {"K6": "Chưa thực hiện"})
    set_saved_date(old, dt.datetime(2023, 6, 20, 8, 0))  # Excel's own "last saved" a week before the final one
    set_saved_date(paths[2], dt.datetime(2023, 6, 27, 8, 0))
    past = time.time() - 7 * 86400
    os.utime(old, (past, past))
    # 3: saved by LibreOffice as .xls
    xls = soffice(paths[3], "xls", folder)
    paths[3].unlink()
    assert xls.exists()
    # 4: formula-injection text in a commune's cells
    set_cells(paths[4], "Nhiệm vụ", {"L6": INJECT[0], "M7": INJECT[1], "O8": INJECT[2], "O9": INJECT[3]})
    wb = openpyxl.load_workbook(paths[4])
    for ref in ("L6", "M7", "O8", "O9"):
        wb["Nhiệm vụ"][ref].data_type = "s"  # typed as text (as with a leading apostrophe)
    wb.save(paths[4])
    # an unexpected unit, a corrupt file, a non-workbook, an Excel lock file
    write_returned(folder / "la.xlsx", "Xã Ngoài Danh Sách", trung_trac_tasks()[:3])
    (folder / "hong.xlsx").write_bytes(b"PK\x03\x04" + os.urandom(300))
    (folder / "ghi-chu.docx").write_bytes(b"PK\x03\x04 not really a word file")
    (folder / "doc-truoc.pdf").write_bytes(b"%PDF-1.4 scanned plan")
    (folder / "~$xa-lac-hong.xlsx").write_bytes(b"lock")
    # expected: the five units + one that never answered, spelled the way a clerk types
    expected = root / "danh-sach.csv"
    names = ["UBND xã Trung Trắc", "xã Lạc Hồng", "Nhu Quynh", "Xã Đại Đồng", "Xã Tân Quang", "Phường Mỹ Hào"]
    expected.write_text("Đơn vị,Cấp trên\n" + "".join(f"{n},Tỉnh Hưng Yên\n" for n in names), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def merged(returned, tmp_path_factory):
    hashes = {p: sha256(p) for p in returned.rglob("*") if p.is_file()}
    out = tmp_path_factory.mktemp("out") / "tong-hop.xlsx"
    result = runner.invoke(app, ["merge", str(returned), "-o", str(out), "--expected",
                                 str(returned.parent / "danh-sach.csv"), "--unit", "Tỉnh Hưng Yên", "--json"])
    assert result.exit_code == 0, result.output
    return returned, out, json.loads(result.output), hashes


def test_register(merged):
    _, out, payload, _ = merged
    reg = {(r["unit"], r["file"]): r for r in payload["register"]}
    status = Counter(r["status"] for r in payload["register"])
    assert status == {ACCEPTED: 4, REJECTED: 6, SUPERSEDED: 1, MISSING: 1}
    # names matched to the expected list, whatever the clerk typed there
    assert reg[("UBND xã Trung Trắc", "xa-trung-trac.xlsx")]["status"] == ACCEPTED
    assert reg[("xã Lạc Hồng", "xa-lac-hong.xlsx")]["status"] == REJECTED
    assert "lỗi" in reg[("xã Lạc Hồng", "xa-lac-hong.xlsx")]["reasons"]
    assert reg[("Nhu Quynh", "thu-cu/xa-nhu-quynh.xlsx")]["status"] == SUPERSEDED
    assert reg[("Nhu Quynh", "xa-nhu-quynh.xlsx")]["status"] == ACCEPTED
    assert reg[("Xã Đại Đồng", "xa-dai-dong.xls")]["status"] == ACCEPTED  # the .xls
    assert reg[("Phường Mỹ Hào", "")]["status"] == MISSING
    rejected = {r["file"]: r["reasons"] for r in payload["register"] if r["status"] == REJECTED}
    assert "không có trong danh sách" in rejected["la.xlsx"]
    assert "hỏng" in rejected["hong.xlsx"]
    assert "hỏng" in rejected["ghi-chu.docx"]
    assert "không phải bảng tính" in rejected["doc-truoc.pdf"]
    assert "Tệp tạm" in rejected["~$xa-lac-hong.xlsx"]
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Tình hình nộp", "Tổng hợp theo chỉ số", "Xếp hạng", "Nhiệm vụ", "Kiểm tra", "Thông tin"]
    ws = wb["Tình hình nộp"]
    col = {k: REGISTER.index(k) + 1 for k in ("status", "unit", "file")}  # columns from the sheet's contract
    statuses = [ws.cell(r, col["status"]).value for r in range(5, ws.max_row + 1)
                if ws.cell(r, col["unit"]).value or ws.cell(r, col["file"]).value]
    assert Counter(statuses) == status
    assert ws.freeze_panes == "A5"


def independent_matrix(folder: Path, accepted_files: list[str], cutoff: dt.date) -> dict:  # keyed by unit_key
    """Count per unit and index straight from the accepted files' cells (calamine, not papi-xl's reader)."""
    import python_calamine as pc

    out = {}
    for name in accepted_files:
        book = pc.CalamineWorkbook.from_path(str(folder / name))
        unit = book.get_sheet_by_name("Thông tin").to_python()[2][1]
        counts = {}
        for row in book.get_sheet_by_name("Nhiệm vụ").to_python()[5:]:
            if not row[3]:
                continue
            code = str(row[1]).split(".")[0]
            c = counts.setdefault(code, Counter())
            c["total"] += 1
            c["done"] += row[10] == "Hoàn thành"
            due = row[9]
            c["overdue"] += bool(due) and due < cutoff and row[10] in ("Chưa thực hiện", "Đang thực hiện")
        out[unit_key(unit)] = counts
    return out


def test_matrix_equals_an_independent_count(merged):
    folder, out, payload, _ = merged
    files = [r["file"] for r in payload["register"] if r["status"] == ACCEPTED]
    expected = independent_matrix(folder, files, dt.date(2023, 6, 30))
    ws = openpyxl.load_workbook(out)["Tổng hợp theo chỉ số"]
    seen = 0
    for r in range(5, ws.max_row + 1):
        unit = unit_key(ws.cell(r, 2).value or "")
        if unit not in expected:
            continue
        seen += 1
        counts = expected[unit]
        for j in range(9):
            c = counts.get(str(j + 1), Counter())
            pct = ws.cell(r, 7 + j).value
            assert pct == pytest.approx(round(c["done"] / c["total"], 3), abs=1e-3), (unit, j)
            assert ws.cell(r, 16 + j).value == c["overdue"], (unit, j)
        assert ws.cell(r, 4).value == sum(c["total"] for c in counts.values())
    assert seen == 4
    total = next(r for r in range(5, ws.max_row + 1) if ws.cell(r, 2).value == "Toàn Tỉnh Hưng Yên")
    assert ws.cell(total, 4).value == 120


def test_injection_text_stays_text(merged):
    _, out, _, _ = merged
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = z.read(name).decode()
                assert "<f>" not in xml and "HYPERLINK(" not in xml.split("<sheetData>")[0], name
        assert not any("externalLink" in n for n in z.namelist())
    ws = openpyxl.load_workbook(out)["Nhiệm vụ"]
    values = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for text in INJECT:
        assert text in values
    for row in ws.iter_rows():
        for c in row:
            if c.value in INJECT:
                assert c.data_type == "s"


def test_inputs_are_byte_for_byte_unchanged(merged):
    folder, _, _, hashes = merged
    assert {p: sha256(p) for p in hashes} == hashes
    assert sorted(p for p in folder.rglob("*") if p.is_file()) == sorted(hashes)


def test_findings_and_tasks_sheets(merged):
    _, out, _, _ = merged
    wb = openpyxl.load_workbook(out)
    ws = wb["Kiểm tra"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=5)]
    assert any(r[0] == "Xã Lạc Hồng" and r[3] == "M6" and r[5] == "done-no-evidence" for r in rows)
    assert any(r[1] == "hong.xlsx" and r[6] == "Lỗi" for r in rows)
    tasks = wb["Nhiệm vụ"]
    units = Counter(tasks.cell(r, 1).value for r in range(5, tasks.max_row + 1))
    assert units == {"UBND xã Trung Trắc": 30, "Nhu Quynh": 30, "Xã Đại Đồng": 30, "Xã Tân Quang": 30}
    assert tasks.auto_filter.ref.startswith("A4")
    info = {r[0].value: r[1].value for r in wb["Thông tin"].iter_rows() if r[0].value}
    assert info["Ngày chốt số liệu"].date() == dt.date(2023, 6, 30) and info["Đã nhận"] == 4


def test_rerun_with_a_corrected_file_replaces_that_unit(merged, tmp_path):
    folder, _, _, _ = merged
    work = tmp_path / "in"
    shutil.copytree(folder, work)
    fixed = work / "xa-lac-hong-da-sua.xlsx"  # Lạc Hồng sends a corrected file
    write_returned(fixed, "Xã Lạc Hồng", trung_trac_tasks())
    set_saved_date(fixed, dt.datetime(2023, 7, 2, 9, 0))
    out = tmp_path / "s.xlsx"
    result = runner.invoke(app, ["merge", str(work), "-o", str(out), "--json"])
    payload = json.loads(result.output)
    hong = [r for r in payload["register"] if unit_key(r["unit"]) == "lac hong"]
    assert sorted(r["status"] for r in hong) == sorted([ACCEPTED, SUPERSEDED])
    assert merge([work]).register[0].unit  # the library call gives the same register
    again = json.loads(runner.invoke(app, ["merge", str(work), "-o", str(out), "--json"]).output)
    assert again["register"] == payload["register"]
    ws = openpyxl.load_workbook(out)["Nhiệm vụ"]
    assert Counter(ws.cell(r, 1).value for r in range(5, ws.max_row + 1))["Xã Lạc Hồng"] == 30


def test_district_summaries_merge_into_a_province_summary(tmp_path):
    a = write_returned_set(tmp_path / "van-lam", ["Xã Trung Trắc", "Xã Lạc Hồng"], seed=1)
    b = write_returned_set(tmp_path / "my-hao", ["Phường Bạch Sam", "Xã Dương Quang"], seed=5)
    assert a and b
    runner.invoke(app, ["merge", str(tmp_path / "van-lam"), "-o", str(tmp_path / "s1.xlsx"), "--unit", "Huyện Văn Lâm"])
    runner.invoke(app, ["merge", str(tmp_path / "my-hao"), "-o", str(tmp_path / "s2.xlsx"), "--unit", "Thị xã Mỹ Hào"])
    direct = json.loads(runner.invoke(app, ["merge", str(tmp_path / "van-lam"), str(tmp_path / "my-hao"), "-o",
                                            str(tmp_path / "direct.xlsx"), "--json"]).output)
    result = runner.invoke(app, ["merge", str(tmp_path / "s1.xlsx"), str(tmp_path / "s2.xlsx"), "-o",
                                 str(tmp_path / "tinh.xlsx"), "--unit", "Tỉnh Hưng Yên", "--json"])
    assert result.exit_code == 0, result.output
    province = json.loads(result.output)
    units = {r["unit"]: r["parent"] for r in province["register"] if r["status"] == ACCEPTED}
    assert units == {"Xã Trung Trắc": "Huyện Văn Lâm", "Xã Lạc Hồng": "Huyện Văn Lâm",
                     "Phường Bạch Sam": "Thị xã Mỹ Hào", "Xã Dương Quang": "Thị xã Mỹ Hào"}
    strip = lambda rows: sorted((r["unit"], r["total"], r["done"], r["overdue"], r["pct_done"]) for r in rows)  # noqa: E731
    assert strip(province["by_unit"]) == strip(direct["by_unit"])
    assert province["by_indicator"] == direct["by_indicator"]
    wb = openpyxl.load_workbook(tmp_path / "tinh.xlsx")
    assert wb.sheetnames == ["Tình hình nộp", "Tổng hợp theo chỉ số", "Xếp hạng", "Nhiệm vụ", "Kiểm tra", "Thông tin"]
    ws = wb["Nhiệm vụ"]
    assert {ws.cell(r, 2).value for r in range(5, ws.max_row + 1)} == {"Huyện Văn Lâm", "Thị xã Mỹ Hào"}


def test_a_failing_write_leaves_the_previous_summary(merged, tmp_path, monkeypatch):
    folder, out, _, _ = merged
    target = tmp_path / "keep.xlsx"
    shutil.copy(out, target)
    before = sha256(target)
    import papi_xl.outputs.summary_workbook as summary

    def boom(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(summary, "_tasks", boom)
    result = runner.invoke(app, ["merge", str(folder), "-o", str(target)])
    assert result.exit_code == 130 and "nguyên vẹn" in result.output
    assert sha256(target) == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_ranking_sheet(merged):
    _, out, payload, _ = merged
    ws = openpyxl.load_workbook(out)["Xếp hạng"]
    pcts = [ws.cell(r, 6).value for r in range(5, 9)]
    assert pcts == sorted(pcts, reverse=True)
    overdue = [ws.cell(r, 17).value for r in range(5, 9)]
    assert overdue == sorted(overdue, reverse=True)


def test_summary_prints_landscape_one_page_wide(merged, tmp_path):
    _, out, _, _ = merged
    ws = openpyxl.load_workbook(out)["Nhiệm vụ"]
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth in (None, 1)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
    pdf = soffice(out, "pdf", tmp_path)
    assert pdf.stat().st_size > 10_000
    # rows are tall enough for their wrapped text: the end of the longest task is printed, not clipped
    fits = [r for r in range(5, ws.max_row + 1) if len(ws.cell(r, 6).value or "") <= 1000]  # within 409 pt
    longest = max(fits, key=lambda r: len(ws.cell(r, 6).value))
    assert max(ws.row_dimensions[r].height or 0 for r in range(5, ws.max_row + 1)) <= 409  # Excel's maximum
    text = ws.cell(longest, 6).value
    assert text.count("\n") >= 3 and ws.row_dimensions[longest].height >= 15 * (text.count("\n") + 1)
    printed = " ".join(" ".join(pdf_pages(pdf)).split())
    assert " ".join(text.split("\n")[-1].split()[-6:]) in printed


def test_large_merges_spill_task_rows_to_disk_with_the_same_result(merged, tmp_path):
    from papi_xl.outputs.summary_workbook import write_summary_workbook

    folder, _, _, _ = merged
    outputs = []
    for spill in (False, True):
        result = merge([folder], spill=spill)
        assert bool(result.spill_dir) == spill and all((c.spill is not None) == spill for c in result.chunks)
        out = write_summary_workbook(result, tmp_path / f"{spill}.xlsx")
        spill_dir = result.spill_dir.name if result.spill_dir else None
        result.close()
        if spill_dir:
            assert not Path(spill_dir).exists()  # temporary rows are removed
        ws = openpyxl.load_workbook(out)["Nhiệm vụ"]
        outputs.append([[c.value for c in row] for row in ws.iter_rows(min_row=4)])
    assert outputs[0] == outputs[1] and len(outputs[0]) == 1 + 4 * 30 + 3  # header, 4 units, the stranger


def test_a_catalog_edited_in_the_workbooks_reaches_the_summary(tmp_path):
    """A province adds a 10th content index to its Danh mục; the summary counts it."""
    from papi_xl.contract.workbook import Metadata
    from papi_xl.domain.catalog import Item, load_catalog
    from papi_xl.outputs.template import write_workbook

    base = load_catalog()
    edited = type(base)(base.key, base.title, [*base.items, Item("10", "Chuyển đổi số cộng đồng"),
                                                Item("10.a", "Tổ công nghệ số cộng đồng")], base.units)
    folder = tmp_path / "in"
    for unit in ("Xã Một", "Xã Hai"):
        tasks = [{"index": "10", "sub": "10.a", "task": "Thành lập tổ công nghệ số", "lead": "UBND xã",
                  "timeline": "Thường xuyên", "status": "Hoàn thành", "result": "Đã lập",
                  "evidence": "Quyết định số 12/QĐ-UBND ngày 02/03/2025", "done_date": dt.date(2025, 3, 2)}]
        write_workbook(folder / f"{unit_key(unit)}.xlsx", Metadata(unit=unit, year=2025, period="6 tháng",
                                                                    cutoff=dt.date(2025, 6, 30)), edited, tasks)
    result = merge([folder])
    assert [i.code for i in result.catalog.indices][-1] == "10"
    row = result.by_indicator.set_index("code").loc["10"]
    assert row["total"] == 2 and row["done"] == 2
    assert result.matrix["pct_10"].tolist() == [100.0, 100.0]


def test_task_rows_keep_their_own_output_timeline_and_note(progress_example):
    """The summary's wide task rows take output/coord/timeline/note from the reader's rows by
    position; if validated rows ever came back in another order they are matched by row number."""
    from papi_xl.inputs.read import read_workbook
    from papi_xl.pipeline.load import wide_tasks as _wide_tasks
    from papi_xl.pipeline.register import Entry
    from papi_xl.rules.validate import validate

    data = read_workbook(progress_example)
    v = validate(data)
    e = Entry(unit="Xã Trung Trắc", key="trung trac", file="x.xlsx")
    by_row = data.tasks.frame.set_index("_row")
    straight = _wide_tasks(v, data, e)
    v.tasks = v.tasks.iloc[::-1].reset_index(drop=True)  # another order than the reader's
    reversed_ = _wide_tasks(v, data, e)
    for wide in (straight, reversed_):
        assert len(wide) == 30
        for rec in wide.to_dict("records"):
            src = by_row.loc[rec["row"]]
            assert (rec["output"], rec["coord"], rec["timeline"], rec["note"]) == (
                src["output"], src["coord"], src["timeline"], src["note"])
    assert reversed_["row"].tolist() == straight["row"].tolist()[::-1]


def test_more_task_rows_than_a_sheet_holds_is_a_clear_error(merged, tmp_path, monkeypatch):
    import papi_xl.outputs.summary_workbook as summary

    folder, _, _, _ = merged
    target = tmp_path / "s.xlsx"
    monkeypatch.setattr(summary, "EXCEL_ROWS", 100)  # 123 accepted task rows + 4 heading rows
    result = runner.invoke(app, ["merge", str(folder), "-o", str(target)])
    assert result.exit_code == 4 and "vượt số dòng tối đa của một sheet Excel" in result.output  # cannot write
    assert "tổng cộng 123 nhiệm vụ, vượt" in result.output and "(100 dòng)" in result.output
    assert not target.exists()
