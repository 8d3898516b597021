"""From the Word plan to the workbook (the Word report: tests/test_report*.py)."""

from __future__ import annotations

import datetime as dt

import docx
import pytest
from conftest import ROOT
from make_seed002_docx import build
from typer.testing import CliRunner

from papi_xl.adapters.cli import app
from papi_xl.inputs.docx_plan import import_docx
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


def test_a_document_without_a_task_table(tmp_path):
    d = docx.Document()
    d.add_paragraph("Công văn về việc khác")
    d.save(tmp_path / "cv.docx")
    result = runner.invoke(app, ["import-docx", str(tmp_path / "cv.docx"), "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2 and "Không tìm thấy bảng nhiệm vụ" in result.output
    (tmp_path / "fake.docx").write_bytes(b"not a word file")
    assert runner.invoke(app, ["import-docx", str(tmp_path / "fake.docx"), "-o", str(tmp_path / "y.xlsx")]).exit_code == 2
