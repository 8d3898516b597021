"""papi-xl merge over a folder of returned workbooks in every state."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import struct
import time
import unicodedata
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
from papi_xl.domain.units import ExpectedUnit, How, folded, match_unit, unit_key
from papi_xl.errors import UnreadableInput
from papi_xl.inputs.docdate import saved_date
from papi_xl.inputs.expected import load_expected
from papi_xl.ooxml.vba import write_cfb
from papi_xl.pipeline.load import skip_reason, triage
from papi_xl.pipeline.merge import ACCEPTED, MISSING, REJECTED, SKIPPED, SUPERSEDED, merge
from papi_xl.pipeline.register import Entry, MergeYear, decide, merge_year
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
    assert status == {ACCEPTED: 4, REJECTED: 5, SUPERSEDED: 1, MISSING: 1, SKIPPED: 1}
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
    assert reg[("", "~$xa-lac-hong.xlsx")]["status"] == SKIPPED  # an Excel lock file is no submission
    assert "Tệp khóa tạm của Excel" in reg[("", "~$xa-lac-hong.xlsx")]["reasons"]
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Tình hình nộp", "Tổng hợp theo chỉ số", "Xếp hạng", "Nhiệm vụ", "Kiểm tra", "Thông tin"]
    ws = wb["Tình hình nộp"]
    col = {k: REGISTER.index(k) + 1 for k in ("status", "unit", "file")}  # columns from the sheet's contract
    statuses = [ws.cell(r, col["status"]).value for r in range(5, ws.max_row + 1)
                if ws.cell(r, col["unit"]).value or ws.cell(r, col["file"]).value]
    assert Counter(statuses) == status
    assert ws.freeze_panes == "A5"


def same_unit(name: str) -> str:
    """The list spells "Nhu Quynh" where the file says "Xã Như Quỳnh": compare without accents here."""
    return folded(unit_key(name))


def independent_matrix(folder: Path, accepted_files: list[str], cutoff: dt.date) -> dict:  # keyed by same_unit
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
        out[same_unit(unit)] = counts
    return out


def test_matrix_equals_an_independent_count(merged):
    folder, out, payload, _ = merged
    files = [r["file"] for r in payload["register"] if r["status"] == ACCEPTED]
    expected = independent_matrix(folder, files, dt.date(2023, 6, 30))
    ws = openpyxl.load_workbook(out)["Tổng hợp theo chỉ số"]
    seen = 0
    for r in range(5, ws.max_row + 1):
        unit = same_unit(ws.cell(r, 2).value or "")
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
    hong = [r for r in payload["register"] if unit_key(r["unit"]) == "lạc hồng"]
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


# == the register's decisions, without files (Entry lists in, statuses out) ==========================================

D = dt.datetime


def sub(unit: str, file: str, dated: D | None = None, received: D = D(2025, 7, 1), year: int | None = 2025,
        errors: int = 0, status: str = "") -> Entry:
    """A readable submission as load.py makes it."""
    return Entry(unit=unit, key=unit_key(unit), file=file, dated=dated, received=received, year=year, errors=errors,
                 readable=True, status=status)


def statuses(register: list[Entry]) -> dict[str, str]:
    return {e.file or e.unit: e.status for e in register}


def reasons(register: list[Entry], file: str) -> str:
    return " ".join(next(e for e in register if e.file == file).reasons)


def test_parent_keys_fold_accents_and_drop_prefixes_and_abbreviations():
    from papi_xl.domain.units import parent_key

    same = ["Huyện Văn Lâm", "H. Văn Lâm", "huyen Van Lam", "UBND huyện Văn Lâm", "Uỷ ban nhân dân huyện Văn Lâm"]
    assert {parent_key(p) for p in same} == {"van lam"}
    assert parent_key("TX Mỹ Hào") == parent_key("Thị xã Mỹ Hào") == "my hao" and parent_key("Q. 1") == "1"
    assert parent_key("Huyện Hòa An") == "hoa an"  # "H" only as a word of its own


def test_unit_keys_keep_accents_and_drop_prefixes():
    assert unit_key("UBND xã Trung Trắc") == unit_key("  trung   TRẮC ") == "trung trắc"
    assert unit_key("Xã Đông Phong") != unit_key("Xã Đồng Phong")
    assert unit_key("Trung Trac") == "trung trac" != unit_key("Trung Trắc")
    assert unit_key("Xã Hòa Bình") == unit_key("xã Hoà Bình")  # old and new tone placement: one name
    assert unit_key("Ủy ban nhân dân phường Đường Hào") == unit_key("P. Đường Hào".replace("P.", "Phường"))
    assert unit_key("Xã Tịnh Sơn") == "tịnh sơn" and unit_key("Tỉnh Hưng Yên") == "hưng yên"
    assert unit_key("Xã Trung Trắc") == unit_key(unicodedata.normalize("NFD", "Xã Trung Trắc"))


def test_match_unit_folds_accents_only_when_one_unit_fits():
    known = ["Xã Đông Phong", "Xã Đồng Phong", "Xã Tân Tiến"]
    assert match_unit("xã Đồng Phong", known).how is How.EXACT
    assert match_unit("Xa Tan Tien", known) == match_unit("Xã Tân Tiên", known)  # one unit folds to it
    assert match_unit("Xa Tan Tien", known).name == "Xã Tân Tiến" and match_unit("Xa Tan Tien", known).how is How.FOLDED
    twins = match_unit("Xa Dong Phong", known)
    assert twins.how is How.AMBIGUOUS and twins.candidates == ("Xã Đông Phong", "Xã Đồng Phong")
    assert match_unit("Xã Dông Phong", known).how is How.AMBIGUOUS  # a wrong accent is no better
    assert match_unit("Xã Tân Tiếnn", known).how is How.TYPO
    assert match_unit("Xã Đông Phongg", known).how is How.AMBIGUOUS  # a typo of a twin: still two
    assert match_unit("Xã Ngoài Danh Sách", known).how is How.NONE


def test_newest_document_wins_over_a_newer_file_time():
    old = sub("Xã A", "bao-cao.xlsx", dated=D(2025, 6, 20, 8, 30), received=D(2025, 7, 3))
    new = sub("Xã A", "bao-cao-sua.xls", dated=D(2025, 6, 28, 16, 45), received=D(2025, 6, 1))
    reg = decide([old, new])
    assert statuses(reg) == {"bao-cao-sua.xls": ACCEPTED, "bao-cao.xlsx": SUPERSEDED}
    why = reasons(reg, "bao-cao.xlsx")
    assert "'bao-cao-sua.xls'" in why and "28/06/2025 16:45" in why and "20/06/2025 08:30" in why
    assert "ngày lưu ghi trong tệp" in why
    assert "Bản mới nhất trong 2 bản" in reasons(reg, "bao-cao-sua.xls")


def test_without_a_saved_date_the_file_time_counts_and_the_reason_says_so():
    saved = sub("Xã A", "a.xlsx", dated=D(2025, 6, 20), received=D(2025, 6, 21))
    undated = sub("Xã A", "a-moi.xlsx", dated=None, received=D(2025, 6, 25))
    reg = decide([saved, undated])
    assert statuses(reg) == {"a-moi.xlsx": ACCEPTED, "a.xlsx": SUPERSEDED}
    assert "ngày sửa tệp 25/06/2025" in reasons(reg, "a.xlsx")


def test_identical_dates_keep_one_copy_and_say_it_may_be_a_copy():
    a = sub("Xã A", "a.xlsx", dated=D(2025, 6, 20), received=D(2025, 6, 21))
    b = sub("Xã A", "a (1).xlsx", dated=D(2025, 6, 20), received=D(2025, 6, 21))
    reg = decide([a, b])
    assert sorted(statuses(reg).values()) == sorted([ACCEPTED, SUPERSEDED])
    loser = next(e for e in reg if e.status == SUPERSEDED)
    assert "bản sao" in " ".join(loser.reasons)


def _in(parent: str, e: Entry) -> Entry:
    e.parent = parent
    return e


def test_namesakes_of_different_districts_are_different_units():
    """Before July 2025 one province had several "Xã Tân Lập", one per district: two district summaries that
    each list one are two units (never one superseding the other), each row told why; a file naming no
    district belongs to neither (rejected, never guessed); a commune naming its province where a district
    summary names its district is still one unit."""
    one = _in("Huyện Văn Lâm", sub("Xã Tân Lập", "van-lam.xlsx", dated=D(2025, 6, 1)))
    two = _in("H. Văn Giang", sub("Xã Tân Lập", "van-giang.xlsx", dated=D(2025, 6, 9)))
    other = _in("Huyện Văn Lâm", sub("Xã Lạc Hồng", "lac-hong.xlsx", dated=D(2025, 6, 3)))
    reg = decide([one, two, other], merging="Tỉnh Hưng Yên")
    assert statuses(reg) == {"van-lam.xlsx": ACCEPTED, "van-giang.xlsx": ACCEPTED, "lac-hong.xlsx": ACCEPTED}
    assert len({e.key for e in reg}) == 3  # each counted as its own unit downstream
    assert "'H. Văn Giang'" in reasons(reg, "van-lam.xlsx") and "2 đơn vị khác nhau" in reasons(reg, "van-lam.xlsx")

    loose = sub("Xã Tân Lập", "tan-lap.xlsx", dated=D(2025, 6, 20))
    reg = decide([_in("Huyện Văn Lâm", sub("Xã Tân Lập", "a.xlsx")), _in("Huyện Văn Giang", sub("Xã Tân Lập", "b.xlsx")),
                  loose])
    assert statuses(reg) == {"a.xlsx": ACCEPTED, "b.xlsx": ACCEPTED, "tan-lap.xlsx": REJECTED}
    assert "không ghi Đơn vị cấp trên" in reasons(reg, "tan-lap.xlsx")

    same = [_in("Huyện Văn Lâm", sub("Xã Tân Lập", "huyen.xlsx", dated=D(2025, 6, 1))),
            _in("Tỉnh Hưng Yên", sub("Xã Tân Lập", "xa.xlsx", dated=D(2025, 6, 9))),
            _in("huyen Van Lam", sub("Xã Tân Lập", "xa-cu.xlsx", dated=D(2025, 5, 9)))]
    assert statuses(decide(same)) == {"xa.xlsx": ACCEPTED, "huyen.xlsx": SUPERSEDED, "xa-cu.xlsx": SUPERSEDED}


def test_namesakes_of_two_district_summaries_both_reach_the_province_summary(tmp_path):
    write_returned_set(tmp_path / "van-lam", ["Xã Trung Trắc", "Xã Lạc Hồng"], seed=1)
    write_returned_set(tmp_path / "van-giang", ["Xã Trung Trắc", "Xã Minh Hải"], seed=5)
    for folder, unit in (("van-lam", "Huyện Văn Lâm"), ("van-giang", "Huyện Văn Giang")):
        merge([tmp_path / folder], unit=unit)  # reads only
        runner.invoke(app, ["merge", str(tmp_path / folder), "-o", str(tmp_path / f"{folder}.xlsx"), "--unit", unit])
    result = runner.invoke(app, ["merge", str(tmp_path / "van-lam.xlsx"), str(tmp_path / "van-giang.xlsx"), "-o",
                                 str(tmp_path / "tinh.xlsx"), "--unit", "Tỉnh Hưng Yên", "--json"])
    province = json.loads(result.output)
    accepted = sorted((r["unit"], r["parent"]) for r in province["register"] if r["status"] == ACCEPTED)
    assert accepted == [("Xã Lạc Hồng", "Huyện Văn Lâm"), ("Xã Minh Hải", "Huyện Văn Giang"),
                        ("Xã Trung Trắc", "Huyện Văn Giang"), ("Xã Trung Trắc", "Huyện Văn Lâm")]
    by_unit = {(r["unit"], r["parent"]): r["total"] for r in province["by_unit"]}
    sides = [json.loads(runner.invoke(app, ["merge", str(tmp_path / f), "-o", str(tmp_path / f"{f}-2.xlsx"),
                                            "--json"]).output) for f in ("van-lam", "van-giang")]
    assert province["totals"]["total"] == sum(x["totals"]["total"] for x in sides)  # nothing dropped
    assert by_unit[("Xã Trung Trắc", "Huyện Văn Lâm")] == next(r["total"] for r in sides[0]["by_unit"]
                                                               if r["unit"] == "Xã Trung Trắc")


def test_the_newest_with_errors_is_rejected_and_the_older_stays_superseded():
    reg = decide([sub("Xã A", "cu.xlsx", dated=D(2025, 6, 1)), sub("Xã A", "moi.xlsx", dated=D(2025, 6, 9), errors=3)])
    assert statuses(reg) == {"moi.xlsx": REJECTED, "cu.xlsx": SUPERSEDED}
    assert "Có 3 lỗi" in reasons(reg, "moi.xlsx")


def test_accent_twins_are_two_units_and_an_unaccented_name_belongs_to_neither():
    a = sub("Xã Đông Phong", "BC PAPI Dong Phong.xlsx", dated=D(2025, 6, 24))
    b = sub("Xã Đồng Phong", "bao cao dong phong.xlsx", dated=D(2025, 6, 26))
    c = sub("Xa Dong Phong", "dong phong.xlsx", dated=D(2025, 6, 29))
    for expected in (None, [ExpectedUnit("Xã Đông Phong"), ExpectedUnit("Xã Đồng Phong")]):
        reg = decide([Entry(**{**x.__dict__, "reasons": []}) for x in (a, b, c)], expected)
        assert statuses(reg) == {"BC PAPI Dong Phong.xlsx": ACCEPTED, "bao cao dong phong.xlsx": ACCEPTED,
                                 "dong phong.xlsx": REJECTED}
        why = reasons(reg, "dong phong.xlsx")
        assert "'Xã Đông Phong', 'Xã Đồng Phong'" in why and "có dấu" in why


def test_an_unaccented_name_joins_its_only_accented_unit_without_a_list():
    reg = decide([sub("Xã Trung Trắc", "tt.xlsx", dated=D(2025, 6, 2)),
                  sub("Xa Trung Trac", "tt-sua.xlsx", dated=D(2025, 6, 9))])
    assert statuses(reg) == {"tt-sua.xlsx": ACCEPTED, "tt.xlsx": SUPERSEDED}
    accepted = next(e for e in reg if e.status == ACCEPTED)
    assert accepted.unit == "Xã Trung Trắc" and "được hiểu là 'Xã Trung Trắc'" in " ".join(accepted.reasons)


def test_expected_list_exact_folded_typo_stranger_and_missing():
    expected = [ExpectedUnit("UBND xã Phụng Công", "Tỉnh Hưng Yên"), ExpectedUnit("Xã Nghĩa Trụ"),
                ExpectedUnit("Xã Long Hưng"), ExpectedUnit("Xã Mễ Sở")]
    reg = decide([sub("Xã Phụng Công", "1.xlsx"), sub("Xa Nghia Tru", "2.xlsx"), sub("Xã Long Hưngg", "3.xlsx"),
                  sub("Xã Lạ", "4.xlsx")], expected)
    assert statuses(reg) == {"1.xlsx": ACCEPTED, "2.xlsx": ACCEPTED, "3.xlsx": ACCEPTED, "4.xlsx": REJECTED,
                             "Xã Mễ Sở": MISSING}
    by_file = {e.file: e for e in reg}
    assert by_file["1.xlsx"].unit == "UBND xã Phụng Công" and by_file["1.xlsx"].parent == "Tỉnh Hưng Yên"
    assert "trùng khi bỏ dấu" in reasons(reg, "2.xlsx") and "gần đúng" in reasons(reg, "3.xlsx")
    assert "không có trong danh sách" in reasons(reg, "4.xlsx")
    assert next(e for e in reg if e.status == MISSING).reasons == ["Chưa nhận được báo cáo."]


def test_a_workbook_of_another_plan_year_is_rejected_with_a_finding():
    entries = [sub(f"Xã {n}", f"{n}.xlsx") for n in ("A", "B", "C")] + [sub("Xã D", "D.xlsx", year=2024)]
    entries[-1].year_cell = "B5"
    year = merge_year(entries)
    assert year == MergeYear(2025, "năm kế hoạch của 3/4 tệp đọc được")
    reg = decide(entries, None, year)
    assert statuses(reg)["D.xlsx"] == REJECTED
    d = next(e for e in reg if e.file == "D.xlsx")
    assert "là 2024, khác năm đang tổng hợp 2025" in " ".join(d.reasons)
    assert [(f.code, f.severity, f.sheet, f.cell, f.file) for f in d.findings] == [
        ("year-mismatch", "Lỗi", "Thông tin", "B5", "D.xlsx")]
    assert "year_cell" not in d.as_dict() and "findings" not in d.as_dict()


def test_the_merge_year_option_period_and_majority():
    two_old = [sub("Xã A", "a", year=2024), sub("Xã B", "b", year=2024), sub("Xã C", "c", year=2025)]
    assert merge_year(two_old).value == 2024
    assert merge_year(two_old, year=2025) == MergeYear(2025, "theo --year")
    assert merge_year(two_old, period="30/06/2025") == MergeYear(2025, "theo ngày chốt --period 30/06/2025")
    assert merge_year(two_old, period="6thang").value == 2024  # a period without a year: the majority
    assert merge_year(two_old[1:]).value == 2025  # a tie: the later year
    assert merge_year([]).value is None


def test_skipped_entries_pass_through_and_every_decision_is_explained():
    skipped = Entry(unit="", key="", file="~$a.xlsx", status=SKIPPED, reasons=["Tệp khóa"], unit_source="")
    unreadable = Entry(unit="Xã E", key=unit_key("Xã E"), file="e.xlsx", status=REJECTED, reasons=["hỏng"])
    reg = decide([skipped, unreadable, sub("Xã A", "a.xlsx"), sub("Xã A", "a2.xlsx", dated=D(2025, 6, 1))],
                 [ExpectedUnit("Xã A"), ExpectedUnit("Xã E"), ExpectedUnit("Xã F")])
    assert [e.status for e in reg] == [ACCEPTED, REJECTED, MISSING, SUPERSEDED, SKIPPED]
    assert all(e.reasons for e in reg), [(e.file, e.status) for e in reg if not e.reasons]


def test_a_unit_a_district_listed_as_missing_is_no_longer_missing_once_it_sent():
    missing = Entry(unit="Xã A", key=unit_key("Xã A"), file="", status=MISSING, reasons=["Chưa nhận được báo cáo."])
    reg = decide([missing, sub("Xã A", "a.xlsx")])
    assert statuses(reg) == {"a.xlsx": ACCEPTED}


# == what a merge does not read =======================================================================================


def test_skip_rules_by_name(tmp_path):
    names = ["xa-a.xlsx", "xa-b.xls", "xa-a.kiem-tra.xlsx", "xa-b.tong-hop.xlsx", "xa-c.kiem-tra.xlsx",
             "xa-a.kiem-tra.tong-hop.xlsx", "~$xa-a.xlsx", ".~lock.xa-b.xls#", "xa-a.bak-20250626-101500.xlsx",
             "xa-a.bak-20250626-101500-1.xlsx", "~WRL0003.tmp", ".an.xlsx", "Thumbs.db", "bao-cao.bak",
             "ghi-chu.pdf"]
    paths = [tmp_path / n for n in names]
    present = {(p.parent, p.stem.casefold()): p.name for p in paths if p.suffix in (".xlsx", ".xls")}
    why = {p.name: skip_reason(p, present) for p in paths}
    read = {n for n, r in why.items() if r is None}
    assert read == {"xa-a.xlsx", "xa-b.xls", "xa-c.kiem-tra.xlsx", "ghi-chu.pdf"}  # xa-c's original is absent
    assert "'xa-b.xls'" in why["xa-b.tong-hop.xlsx"] and "'xa-a.xlsx'" in why["xa-a.kiem-tra.tong-hop.xlsx"]
    assert "'xa-b.xls'" in why[".~lock.xa-b.xls#"] and "'xa-a.xlsx'" in why["xa-a.bak-20250626-101500-1.xlsx"]
    assert "Excel" in why["~$xa-a.xlsx"] and "Tệp tạm" in why["~WRL0003.tmp"] and "ẩn" in why[".an.xlsx"]
    for p in paths:
        p.write_bytes(b"x")
    jobs, skips = triage(paths, {p: p.name for p in paths}, [tmp_path / "ghi-chu.pdf"])
    assert [name for _, name in jobs] == ["xa-a.xlsx", "xa-b.xls", "xa-c.kiem-tra.xlsx"]
    assert all(e.status == SKIPPED and e.reasons and not e.unit_source for e in skips)
    assert "chính lần tổng hợp này" in next(e for e in skips if e.file == "ghi-chu.pdf").reasons[0]


def test_a_summary_is_skipped_only_when_it_is_this_merges_own(tmp_path):
    """decisions §7: an earlier run of the same merge is skipped; another unit's summary is an input."""
    folder = tmp_path / "in"
    write_returned_set(folder, ["Xã Trung Trắc", "Xã Lạc Hồng"])
    earlier = folder / "tong-hop.xlsx"
    assert runner.invoke(app, ["merge", str(folder), "-o", str(earlier), "--unit", "Huyện Văn Lâm"]).exit_code == 0
    again = json.loads(runner.invoke(app, ["merge", str(folder), "-o", str(tmp_path / "b.xlsx"), "--unit",
                                           "huyện văn lâm", "--json"]).output)
    assert Counter(r["status"] for r in again["register"]) == {ACCEPTED: 2, SKIPPED: 1}
    # the province merging that district summary with another folder: the summary is an input
    province = json.loads(runner.invoke(app, ["merge", str(folder), "-o", str(tmp_path / "c.xlsx"), "--unit",
                                              "Tỉnh Hưng Yên", "--json"]).output)
    assert Counter(r["status"] for r in province["register"]) == {ACCEPTED: 2, SUPERSEDED: 2}
    # no unit named on either side: skipped because it was made from these very files
    unnamed = folder / "th-khong-ten.xlsx"
    earlier.unlink()
    assert runner.invoke(app, ["merge", str(folder), "-o", str(unnamed)]).exit_code == 0
    rerun = json.loads(runner.invoke(app, ["merge", str(folder), "-o", str(tmp_path / "d.xlsx"), "--json"]).output)
    assert Counter(r["status"] for r in rerun["register"]) == {ACCEPTED: 2, SKIPPED: 1}
    # the merge's own output found on a second run is listed, not read
    own = json.loads(runner.invoke(app, ["merge", str(folder), "-o", str(unnamed), "--json"]).output)
    assert "chính lần tổng hợp này" in next(r for r in own["register"] if r["file"] == unnamed.name)["reasons"]


# == the document's own saved date ===================================================================================


def _filetime(when: dt.datetime) -> int:
    return int((when - dt.datetime(1601, 1, 1)).total_seconds() * 10_000_000)


def _summary_information(when: dt.datetime | None, pad: int = 0) -> bytes:
    """A \\x05SummaryInformation property set with PIDSI_LASTSAVE_DTM (13) = ``when`` (UTC), and a title."""
    props = [(2, struct.pack("<II", 30, 6) + b"Bieu\x00\x00")]  # PIDSI_TITLE, VT_LPSTR
    if when is not None:
        props.append((13, struct.pack("<IQ", 64, _filetime(when))))
    props.append((0x7777, struct.pack("<II", 30, pad) + b"x" * pad))  # bulk, to push past the mini stream
    offset, table, body = 8 + 8 * len(props), b"", b""
    for pid, value in props:
        table += struct.pack("<II", pid, offset + len(body))
        body += value
    section = struct.pack("<II", 8 + len(table) + len(body), len(props)) + table + body
    fmtid = bytes.fromhex("e0859ff2f94f6810ab9108002b27b3d9")
    return struct.pack("<HHI16sI", 0xFFFE, 0, 0x20006, b"\0" * 16, 1) + fmtid + struct.pack("<I", 48) + section


def _local(utc: dt.datetime) -> dt.datetime:
    return utc.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def test_xls_saved_date_is_read_from_the_ole_summary(tmp_path):
    import olefile

    when = dt.datetime(2025, 6, 28, 16, 45)
    for pad in (0, 5000):  # in the mini stream, and in regular sectors
        f = tmp_path / f"a{pad}.xls"
        f.write_bytes(write_cfb({"Workbook": b"\x09\x08" + b"\0" * 5000, "\x05SummaryInformation":
                                 _summary_information(when, pad)}))
        assert olefile.OleFileIO(str(f)).get_metadata().last_saved_time == when  # the file is what we meant
        assert saved_date(f) == (_local(when), "xls")
    # an embedded object's own summary is not the workbook's
    nested = tmp_path / "nested.xls"
    nested.write_bytes(write_cfb({"Workbook": b"\0" * 4096, "MBD0001": {
        "\x05SummaryInformation": _summary_information(dt.datetime(2030, 1, 1))}}))
    assert saved_date(nested) == (None, "")
    undated = tmp_path / "undated.xls"
    undated.write_bytes(write_cfb({"Workbook": b"\0" * 4096, "\x05SummaryInformation": _summary_information(None)}))
    assert saved_date(undated) == (None, "")


def test_a_real_libreoffice_xls_and_ods_carry_the_date_they_were_saved_with(tmp_path):
    import olefile

    src = write_returned(tmp_path / "a.xlsx", "Xã Trung Trắc", trung_trac_tasks()[:3])
    set_saved_date(src, dt.datetime(2025, 6, 20, 8, 30))
    xls, ods = soffice(src, "xls", tmp_path), soffice(src, "ods", tmp_path)
    written = olefile.OleFileIO(str(xls)).get_metadata().last_saved_time
    assert saved_date(xls) == (_local(written), "xls")
    meta = zipfile.ZipFile(ods).read("meta.xml").decode()
    stamp = dt.datetime.fromisoformat(meta.split("<dc:date>")[1].split("<")[0][:19])
    assert saved_date(ods) == (stamp, "ods")  # no zone written: local time as it stands
    assert saved_date(src) == (_local(dt.datetime(2025, 6, 20, 8, 30)), "xlsx")


def test_a_damaged_file_has_no_saved_date_and_never_raises(tmp_path):
    good = write_cfb({"Workbook": b"\0" * 4096, "\x05SummaryInformation": _summary_information(dt.datetime(2025, 1, 1))})
    cases = {"truncated.xls": good[:700], "garbage.xls": good[:512] + os.urandom(3000),
             "loop.xls": good[:76] + struct.pack("<I", 0) + good[80:],  # the FAT is its own sector 0...
             "zip.xlsx": b"PK\x03\x04" + os.urandom(200), "text.xlsx": b"hello", "empty.xls": b""}
    for name, data in cases.items():
        f = tmp_path / name
        f.write_bytes(data)
        when, _ = saved_date(f)
        assert when is None or when.year == 2025, name


# == the expected-units list in every form a province has ===========================================================

LIST = ["UBND xã Phụng Công", "Xã Nghĩa Trụ", "xã Long Hưng", "Xã Mễ Sở", "Phường Đường Hào"]


def _rows(header=("STT", "Đơn vị", "Cấp trên")) -> list[list[str]]:
    return [list(header)] + [[str(i + 1), n, "Tỉnh Hưng Yên"] for i, n in enumerate(LIST)]


def _cp1258(text: str) -> bytes:
    """As Excel writes CSV on Vietnamese Windows: precomposed where code page 1258 has the letter, else the
    base letter and a combining tone mark (written independently of papi-xl's decoder)."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", ch)
            tone = [m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323"]
            out += unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in tone)).encode("cp1258")
            out += "".join(tone).encode("cp1258")
    return out


@pytest.mark.parametrize("form", ["utf8", "utf8-bom-semicolon", "utf16-tab", "utf16le-no-bom", "cp1258", "xlsx",
                                  "xls", "ods"])
def test_expected_list_forms(tmp_path, form):
    text = lambda sep, nl="\n": nl.join(sep.join(r) for r in _rows()) + nl  # noqa: E731
    f = tmp_path / ("ds.xlsx" if form in ("xlsx", "xls", "ods") else "ds.csv")
    if form == "utf8":
        f.write_text(text(","), encoding="utf-8")
    elif form == "utf8-bom-semicolon":
        f.write_bytes(text(";", "\r\n").encode("utf-8-sig"))
    elif form == "utf16-tab":
        f.write_bytes(text("\t", "\r\n").encode("utf-16"))
    elif form == "utf16le-no-bom":
        f.write_bytes(text("\t", "\r\n").encode("utf-16-le"))
    elif form == "cp1258":
        data = _cp1258(text(",", "\r\n"))
        assert b"\xde" in data or b"\xd2" in data  # really combining tone marks (ã, ễ, ở)
        f.write_bytes(data)
    else:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws["A1"] = "DANH SÁCH ĐƠN VỊ CẤP XÃ GỬI BÁO CÁO PAPI NĂM 2025"
        ws.append([])
        ws.append(["STT", "Tên đơn vị (xã, phường)", "Huyện/thị xã", "Ghi chú"])
        for i, n in enumerate(LIST):
            ws.append([i + 1, n, "Tỉnh Hưng Yên", None])
        ws.append([None, "Tổng cộng: 5 đơn vị"])
        ws.append([None, None, None, "NGƯỜI LẬP BIỂU"])
        wb.save(f)
        if form != "xlsx":
            f = soffice(f, form, tmp_path)
    units = load_expected(f)
    assert [u.name for u in units] == LIST
    assert all(unicodedata.is_normalized("NFC", u.name) for u in units)
    assert {u.parent for u in units} == {"Tỉnh Hưng Yên"}


def test_expected_list_without_a_unit_column_is_a_clear_error(tmp_path):
    f = tmp_path / "nguoi-lien-he.csv"
    f.write_text("STT,Họ và tên,Chức vụ\n1,Nguyễn Văn An,Công chức VP-TK\n", encoding="utf-8")
    with pytest.raises(UnreadableInput) as err:
        load_expected(f)
    assert "nguoi-lien-he.csv" in err.value.message and "'Đơn vị'" in err.value.message
    assert "'Họ và tên'" in err.value.message  # what it found instead
    result = runner.invoke(app, ["merge", str(f.parent), "-o", str(tmp_path / "o.xlsx"), "--expected", str(f)])
    assert result.exit_code == 2


def test_expected_list_plain_names_and_repeated_units(tmp_path):
    f = tmp_path / "ds.txt"
    f.write_text("Xã Trung Trắc\nXã Lạc Hồng\nUBND xã Trung Trắc\nPhường Mỹ Hào\n", encoding="utf-8")
    assert [u.name for u in load_expected(f)] == ["Xã Trung Trắc", "Xã Lạc Hồng", "Phường Mỹ Hào"]
    other = tmp_path / "so.csv"
    other.write_text("1\n2\n3\n", encoding="utf-8")
    with pytest.raises(UnreadableInput):
        load_expected(other)


# == the plan year, in the register and the summary ==================================================================
def test_year_option_rejects_last_years_workbooks_and_the_summary_says_which_year(tmp_path):
    folder = tmp_path / "in"
    for unit, year in (("Xã Trung Trắc", 2025), ("Xã Lạc Hồng", 2024), ("Xã Đại Đồng", 2024)):
        write_returned(folder / f"{unit_key(unit)}.xlsx", unit, trung_trac_tasks()[:4], year=year)
    out = tmp_path / "th.xlsx"
    majority = json.loads(runner.invoke(app, ["merge", str(folder), "-o", str(out), "--json"]).output)
    assert majority["year"] == 2024 and "2/3" in majority["year_basis"]
    result = runner.invoke(app, ["merge", str(folder), "-o", str(out), "--year", "2025", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["year"] == 2025 and payload["year_basis"] == "theo --year"
    assert {r["unit"]: (r["status"], r["year"]) for r in payload["register"]} == {
        "Xã Trung Trắc": (ACCEPTED, 2025), "Xã Lạc Hồng": (REJECTED, 2024), "Xã Đại Đồng": (REJECTED, 2024)}
    wb = openpyxl.load_workbook(out)
    info = {r[0].value: r[1].value for r in wb["Thông tin"].iter_rows() if r[0].value}
    assert info["Năm kế hoạch"] == 2025 and info["Năm kế hoạch xác định theo"] == "theo --year"
    ws = wb["Tình hình nộp"]
    assert "Năm tổng hợp: 2025 (theo --year)" in ws["A3"].value
    col = {k: REGISTER.index(k) + 1 for k in ("unit", "year", "reasons", "date_source")}
    rows = {ws.cell(r, col["unit"]).value: r for r in range(5, ws.max_row + 1)}
    assert ws.cell(rows["Xã Lạc Hồng"], col["year"]).value == 2024
    assert "khác năm đang tổng hợp 2025" in ws.cell(rows["Xã Lạc Hồng"], col["reasons"]).value
    assert ws.cell(rows["Xã Trung Trắc"], col["date_source"]).value == "Ngày lưu ghi trong tệp (.xlsx)"
    checks = [[c.value for c in r] for r in wb["Kiểm tra"].iter_rows(min_row=5)]
    assert sum(r[5] == "year-mismatch" and r[6] == "Lỗi" for r in checks) == 2


def test_a_workbook_nobody_can_attribute_is_rejected_with_a_reason():
    anonymous = Entry(unit="", key="", file="2025.xlsx", readable=True)
    reg = decide([anonymous, sub("Xã A", "a.xlsx")])
    assert statuses(reg) == {"a.xlsx": ACCEPTED, "2025.xlsx": REJECTED}
    assert "không ghi tên đơn vị" in reasons(reg, "2025.xlsx")
