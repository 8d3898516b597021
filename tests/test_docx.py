"""From the Word plan to the workbook (the Word report: tests/test_report*.py)."""

from __future__ import annotations

import datetime as dt

import docx
import openpyxl
import pytest
from conftest import ROOT
from make_seed002_docx import build
from typer.testing import CliRunner

from papi_xl.adapters.cli import app
from papi_xl.inputs.docx import import_docx
from papi_xl.inputs.read import read_workbook
from papi_xl.samples import trung_trac_tasks

runner = CliRunner()
PLAN = ("index", "sub", "task", "output", "lead", "coord", "timeline")


@pytest.fixture(scope="module")
def plan_docx(tmp_path_factory):
    return build(tmp_path_factory.mktemp("docx") / "ke-hoach-06.docx")


def test_fixture_reproduces_the_seed_tables(plan_docx):
    d = docx.Document(str(plan_docx))
    assert len(d.tables) == 17  # the appendix split over pages, header repeated in each piece
    first = d.tables[0]
    assert first.rows[0].cells[3].text == "Nhiệm vụ"
    assert first.rows[1].cells[2]._tc is first.rows[2].cells[2]._tc  # "a) … b) …" merged over two rows


def test_import_gives_the_example_rows(plan_docx):
    meta, tasks, report = import_docx(plan_docx)
    expected = trung_trac_tasks()
    assert len(tasks) == len(expected) == 30
    for got, want in zip(tasks, expected, strict=True):
        assert {k: got[k] or None for k in PLAN} == {k: want[k] for k in PLAN}
    assert (meta.unit, meta.year, meta.plan_number, meta.plan_date) == ("Xã Trung Trắc", 2023, "06/KH-UBND",
                                                                        dt.date(2023, 1, 19))
    assert report.tasks == 30 and report.tables == 17 and not report.unplaced
    lines = "\n".join(report.lines())
    assert "Nghiệm túc" in lines and "Nghiêm túc" in lines  # approximate names are reported
    assert "không có nhiệm vụ" in lines  # 6.c has no task: said, not dropped
    assert lines.count("lệch cột") == 4 and "ngắt trang" in lines


def test_import_docx_command_writes_the_canonical_workbook(plan_docx, tmp_path):
    out = tmp_path / "tt.xlsx"
    result = runner.invoke(app, ["import-docx", str(plan_docx), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "nhập 30 nhiệm vụ" in result.output and "Khớp gần đúng" in result.output
    data = read_workbook(out)
    assert data.meta.unit == "Xã Trung Trắc" and data.meta.plan_number == "06/KH-UBND"
    example = read_workbook(ROOT / "workbooks/examples/trung-trac-2023-ke-hoach.xlsx")
    cols = ["index", "sub", "task", "output", "lead", "coord", "timeline", "due"]
    assert data.tasks.frame[cols].equals(example.tasks.frame[cols])


def test_cells_that_cannot_be_placed_are_reported(plan_docx, tmp_path):
    d = docx.Document(str(plan_docx))
    table = d.tables[-1]
    row = table.add_row()
    row.cells[6].text = "Một đơn vị phối hợp không gắn với nhiệm vụ nào"
    path = tmp_path / "extra.docx"
    d.save(path)
    _, tasks, report = import_docx(path)
    assert len(tasks) == 30
    assert any("Một đơn vị phối hợp không gắn" in u for u in report.unplaced)


def _with_footnote(d, paragraph, text: str) -> None:
    """A real footnote (python-docx cannot write one): the part Word writes, related from the document, and
    its reference at the end of ``paragraph``."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    xml = (f'<w:footnotes {ns}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
           f'</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
           f'</w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:footnote>'
           f'</w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml", xml.encode(),
                d.part.package)
    d.part.relate_to(part, RT.FOOTNOTES)
    paragraph._p.append(parse_xml(f'<w:r {ns}><w:footnoteReference w:id="1"/></w:r>'))


def test_a_footnote_is_listed_in_the_report_never_lost(plan_docx, tmp_path):
    d = docx.Document(str(plan_docx))
    _with_footnote(d, d.paragraphs[3], "Riêng thôn Đông hoàn thành trước 30/9/2025.")
    path = tmp_path / "chu-thich.docx"
    d.save(path)
    import zipfile

    assert "word/footnotes.xml" in zipfile.ZipFile(path).namelist()
    _, tasks, report = import_docx(path)
    assert len(tasks) == 30  # a footnote is never a task
    assert [(s.where, s.text) for s in report.skipped if "footnote" in s.reason] == \
        [("Chú thích cuối trang 1", "Riêng thôn Đông hoàn thành trước 30/9/2025.")]


def test_a_document_without_a_task_table(tmp_path):
    d = docx.Document()
    d.add_paragraph("Công văn về việc khác")
    d.save(tmp_path / "cv.docx")
    result = runner.invoke(app, ["import-docx", str(tmp_path / "cv.docx"), "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2 and "Không tìm thấy bảng nhiệm vụ" in result.output
    (tmp_path / "fake.docx").write_bytes(b"not a word file")
    assert runner.invoke(app, ["import-docx", str(tmp_path / "fake.docx"), "-o", str(tmp_path / "y.xlsx")]).exit_code == 2



def test_import_docx_json_for_the_table_plan(plan_docx, tmp_path):
    import json

    out = tmp_path / "tt.xlsx"
    result = runner.invoke(app, ["import-docx", str(plan_docx), "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["unit"], report["year"], report["plan_number"], report["plan_date"], report["tasks"]) == (
        "Xã Trung Trắc", 2023, "06/KH-UBND", "2023-01-19", 30)
    assert [r["row"] for r in report["rows"]] == list(range(6, 36))
    assert not any(r["from_prose"] for r in report["rows"]) and {r["family"] for r in report["rows"]} == {"papi"}
    assert report["rows"][0]["source"] == "bảng 1, dòng 2" and report["rows"][0]["index"] == "1. Tham gia của người dân"
    assert all(s["reason"] for s in report["skipped"])
    assert any(a["text"].startswith("a) Nghiệm túc") for a in report["approximate"])
    assert not any(f["code"] == "import-prose" for f in report["findings"])


def test_new_workbook_with_three_families(tmp_path):
    out = tmp_path / "ba-bo.xlsx"
    result = runner.invoke(app, ["new", "-o", str(out), "--catalog", "papi+par+sipas", "--unit", "Phường A"])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["Danh mục"]
    header = [c.value for c in ws[3]]
    family_col = header.index("Họ chỉ số") + 1
    code_col = header.index("Mã") + 1
    families = {ws.cell(r, code_col).value: ws.cell(r, family_col).value for r in range(4, ws.max_row + 1)
                if ws.cell(r, code_col).value}
    assert families["1"] == "PAPI" and families["par-3"] == "PAR INDEX" and families["sipas-1.1"] == "SIPAS"
    data = read_workbook(out)
    assert data.catalog.key == "papi+par+sipas" and data.catalog.families == ["papi", "par", "sipas"]
    assert data.catalog.get("par-3").label == "PAR INDEX 3. Cải cách thủ tục hành chính"
    assert data.catalog.get("par-3.4").label.startswith("PAR INDEX 3.4. Số hóa hồ sơ")
    assert len(data.catalog.indices) == 8 + 8 + 2
    for bad in ("hungyen-xa+papi", "papi+khong-co"):
        result = runner.invoke(app, ["new", "-o", str(tmp_path / "x.xlsx"), "--catalog", bad])
        assert result.exit_code == 2 and "bộ chỉ số" in result.output.lower(), result.output


def test_a_combined_workbook_rolls_up_family_by_family(tmp_path):
    from papi_xl.api import summarize_file
    from papi_xl.contract.workbook import Metadata
    from papi_xl.domain.catalog import load_catalog
    from papi_xl.outputs.template import write_workbook

    done = {"status": "Hoàn thành", "result": "Xong", "evidence": "Số 10/BC-UBND ngày 10/03/2026",
            "done_date": dt.date(2026, 3, 10)}
    tasks = [{"index": "1", "sub": "1.1", "task": "Tuyên truyền", "lead": "CC VH-XH", **done},
             {"index": "par-3", "sub": "par-3.1", "task": "Niêm yết TTHC", "lead": "Trung tâm Phục vụ hành chính công",
              **done},
             {"index": "par-3", "sub": "par-3.4", "task": "Số hóa hồ sơ", "lead": "TTPVHCC", "status": "Đang thực hiện"},
             {"index": "sipas-1", "sub": "sipas-1.1", "task": "Ghế ngồi, nước uống", "lead": "Văn phòng HĐND và UBND",
              "status": "Chưa thực hiện"}]
    meta = Metadata(unit="Phường A", year=2026, period="6 tháng", cutoff=dt.date(2026, 6, 30))
    path = write_workbook(tmp_path / "ba-bo.xlsx", meta, load_catalog("papi+par+sipas"), tasks)
    v, r = summarize_file(path)
    assert v.ok, [f.message for f in v.findings if f.is_error]
    rows = {rec["code"]: rec for rec in r.by_indicator.to_dict("records")}
    assert (rows["1"]["family"], rows["1"]["done"]) == ("papi", 1)
    assert (rows["par-3"]["family"], rows["par-3"]["total"], rows["par-3"]["done"]) == ("par", 2, 1)
    assert (rows["sipas-1"]["family"], rows["sipas-1"]["not_started"]) == ("sipas", 1)
    subs = {rec["code"]: rec for rec in r.by_subcontent.to_dict("records")}
    assert subs["par-3.4"]["family"] == "par" and subs["par-3.4"]["in_progress"] == 1
    units = {rec["name"]: rec["total"] for rec in r.by_unit.to_dict("records")}
    assert units["Trung tâm Phục vụ hành chính công xã"] == 2  # the full name and "TTPVHCC" are one unit


def _variant_prose(path):
    """Part titles 'Phần II. …' as Heading 1, content names as Heading 2, '+' bullets and List Bullet items."""
    d = docx.Document()
    for text in ("ỦY BAN NHÂN DÂN XÃ HÒA BÌNH", "Số: 5/KH-UBND", "Hòa Bình, ngày 3 tháng 2 năm 2026"):
        d.add_paragraph(text)
    d.add_paragraph().add_run("KẾ HOẠCH").bold = True
    d.add_paragraph().add_run("Nâng cao chỉ số PAPI năm 2026").bold = True
    d.add_heading("Phần I. MỤC ĐÍCH, YÊU CẦU", level=1)
    d.add_paragraph("+ Nâng cao chất lượng phục vụ người dân.")
    d.add_heading("Phần II. NHIỆM VỤ TRỌNG TÂM", level=1)
    d.add_heading("1. Tham gia của người dân ở cấp cơ sở", level=2)
    d.add_paragraph("+ Tuyên truyền Luật thực hiện dân chủ ở cơ sở; giao Đài truyền thanh xã thực hiện hằng quý.")
    d.add_paragraph("+ Tổ chức hội nghị đối thoại; Công an xã chủ trì, phối hợp với Hội Nông dân; hoàn thành trước ngày "
                    "30/9/2026.")
    d.add_heading("2. Quản trị điện tử", level=2)
    d.add_paragraph("Hướng dẫn người dân sử dụng dịch vụ công trực tuyến.", style="List Bullet")
    d.add_paragraph("Cập nhật Trang thông tin điện tử xã.", style="List Bullet")
    d.add_heading("Phần III. TỔ CHỨC THỰC HIỆN", level=1)
    d.add_paragraph("Công chức Văn phòng - Thống kê theo dõi, tổng hợp.")
    d.save(path)
    return path


def test_a_prose_plan_in_word_styles(tmp_path):
    meta, tasks, report = import_docx(_variant_prose(tmp_path / "a.docx"))
    assert (meta.unit, meta.plan_number, meta.plan_date, meta.year) == ("Xã Hòa Bình", "5/KH-UBND",
                                                                         dt.date(2026, 2, 3), 2026)
    assert [(t["index"], t["task"][:20], t["lead"], t["coord"], t["timeline"]) for t in tasks] == [
        ("1", "Tuyên truyền Luật th", "Đài truyền thanh xã", "", "Hằng quý"),
        ("1", "Tổ chức hội nghị đối", "Công an xã", "Hội Nông dân", "trước ngày 30/9/2026"),
        ("9", "Hướng dẫn người dân ", "", "", ""),
        ("9", "Cập nhật Trang thông", "", "", "")]
    reasons = {s.text: s.reason for s in report.skipped}
    assert reasons["Phần III. TỔ CHỨC THỰC HIỆN"] == "tiêu đề phần tổ chức thực hiện"
    assert "mục đích" in reasons["+ Nâng cao chất lượng phục vụ người dân."]
    assert report.from_prose == 4 and not report.unplaced


def test_a_table_with_numbered_section_rows_and_a_total(tmp_path):
    d = docx.Document()
    d.add_paragraph("UBND XÃ AN HÒA")
    t = d.add_table(rows=7, cols=6)
    for c, h in enumerate(["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành",
                           "Sản phẩm"]):
        t.cell(0, c).text = h
    t.cell(1, 0).merge(t.cell(1, 5)).text = "1. Tham gia của người dân"
    rows = [["1", "Tuyên truyền Luật dân chủ cơ sở", "CC VH-XH", "Đài TT xã", "Quý I/2026", "Tin bài"],
            ["2", "Hội nghị lấy ý kiến quy hoạch", "CC ĐC-XD", "MTTQ", "Quý II/2026", "Biên bản"]]
    for r, values in enumerate(rows, start=2):
        for c, x in enumerate(values):
            t.cell(r, c).text = x
    t.cell(4, 0).merge(t.cell(4, 5)).text = "2. Công khai, minh bạch trong việc ra quyết định"
    for c, x in enumerate(["3", "Niêm yết danh sách hộ nghèo", "CC VH-XH", "Trưởng thôn", "Tháng 11/2026", "Danh sách"]):
        t.cell(5, c).text = x
    t.cell(6, 0).merge(t.cell(6, 5)).text = "Tổng cộng: 3 nhiệm vụ"
    d.save(tmp_path / "b.docx")
    meta, tasks, report = import_docx(tmp_path / "b.docx")
    assert meta.unit == "Xã An Hòa"
    assert [(t["index"], t["task"], t["lead"], t["output"]) for t in tasks] == [
        ("1", "Tuyên truyền Luật dân chủ cơ sở", "CC VH-XH", "Tin bài"),
        ("1", "Hội nghị lấy ý kiến quy hoạch", "CC ĐC-XD", "Biên bản"),
        ("3", "Niêm yết danh sách hộ nghèo", "CC VH-XH", "Danh sách")]  # the name, not the plan's number 2
    total = next(s for s in report.skipped if s.text.startswith("Tổng cộng"))
    assert total.where == "bảng 1, dòng 7" and "tổng cộng" in total.reason


def test_families_survive_a_merge_and_a_summary_read_back(tmp_path):
    from papi_xl.api import merge_files
    from papi_xl.contract.workbook import Metadata
    from papi_xl.domain.catalog import load_catalog
    from papi_xl.outputs.template import write_workbook

    cat = load_catalog("papi+par+sipas")
    for unit in ("Xã A", "Xã B"):
        tasks = [{"index": "par-3", "sub": "par-3.1", "task": "Niêm yết TTHC", "lead": "TTPVHCC", "status": "Đang thực hiện"},
                 {"index": "1", "sub": "1.1", "task": "Tuyên truyền", "lead": "CC VH-XH", "status": "Chưa thực hiện"}]
        meta = Metadata(unit=unit, year=2026, period="6 tháng", cutoff=dt.date(2026, 6, 30))
        write_workbook(tmp_path / f"{unit}.xlsx", meta, cat, tasks)
    first = merge_files([tmp_path / "Xã A.xlsx", tmp_path / "Xã B.xlsx"], tmp_path / "tinh.xlsx", unit="Tỉnh X")
    again = merge_files([tmp_path / "tinh.xlsx"], tmp_path / "bo.xlsx", unit="Bộ Y")  # labels read back from the summary
    for result in (first, again):
        rows = {r["code"]: r for r in result.as_dict()["by_indicator"]}
        assert (rows["par-3"]["family"], rows["par-3"]["total"], rows["par-3"]["in_progress"]) == ("par", 2, 2)
        assert (rows["1"]["family"], rows["1"]["total"]) == ("papi", 2)
        assert result.totals["unclassified"] == 0
