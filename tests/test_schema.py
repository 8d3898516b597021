"""Every package papi-xl writes is valid, part by part, against the Office Open XML schemas
(tests/ooxml_audit.py): new forms (.xlsx, .xlsm with buttons), annotated copies (first run, re-run,
after the faults are fixed, of an .xlsm, of an .xls rebuilt), snapshots, merged summaries — and the
patched copies of inputs another application saved: an Excel-saved-looking workbook (x14 validations
in ``extLst``, ``x14ac`` attributes, ``mc:AlternateContent``, the submitter's notes, a drawing) and a
LibreOffice-saved one.  The .docx report is checked by its own tests."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from builders import good_task, write
from conftest import soffice
from excel_like import make_excel_like
from lxml import etree
from ooxml_audit import assert_schema_valid, schema_errors
from typer.testing import CliRunner

from papi_xl.adapters.cli import app
from papi_xl.ooxml.ns import MAIN
from papi_xl.outputs.xlsm import add_vba_and_buttons

runner = CliRunner()
TASKS = [good_task(1, status="Hoàn thành"), good_task(2, lead="Hợp tác xã"),
         good_task(3, timeline="Quý I năm 2025", status="Chưa thực hiện")]


def _cli(*args) -> None:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code in (0, 1), result.output


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("schema")
    out: dict[str, Path] = {}
    _cli("new", "-o", d / "new.xlsx", "--unit", "Xã A & B", "--year", 2025)
    _cli("new", "-o", d / "new.xlsm", "--unit", "Xã A", "--year", 2025, "--macros")
    out["new form"], out["new form with buttons"] = d / "new.xlsx", d / "new.xlsm"

    src = write(d / "x.xlsx", TASKS)
    _cli("validate", src, "-o", d / "x.kiem-tra.xlsx")
    _cli("summarize", src, "-o", d / "x.tong-hop.xlsx")
    out["annotated copy"], out["snapshot"] = d / "x.kiem-tra.xlsx", d / "x.tong-hop.xlsx"

    again = shutil.copy(src, d / "again.xlsx")
    for _ in range(2):
        _cli("validate", again, "--in-place")
        _cli("summarize", again, "--in-place")
    out["annotated and summarized twice in place"] = Path(again)

    fixed = shutil.copy(d / "x.kiem-tra.xlsx", d / "fixed.xlsx")
    wb = openpyxl.load_workbook(fixed)
    ws = wb["Nhiệm vụ"]
    for ref, value in {"L6": "Đã ban hành", "M6": "Số 1/KH-UBND ngày 02/01/2025", "N6": "02/01/2025",
                       "F7": "UBND xã", "J8": "31/12/2025"}.items():
        ws[ref] = value
    wb.save(fixed)
    _cli("validate", fixed, "--in-place")
    out["annotated again after every fault was fixed"] = Path(fixed)

    macro = add_vba_and_buttons(write(d / "m.xlsx", TASKS), d / "m.xlsm")
    _cli("validate", macro, "-o", d / "m.kiem-tra.xlsm")
    _cli("summarize", macro, "-o", d / "m.tong-hop.xlsm")
    out["annotated .xlsm"], out["snapshot .xlsm"] = d / "m.kiem-tra.xlsm", d / "m.tong-hop.xlsm"

    excel = make_excel_like(write(d / "e.xlsx", TASKS), {"F7": "HTX mới thành lập", "D6": "Ghi chú khác"})
    assert schema_errors(excel) == []  # the input itself is sound
    _cli("validate", excel, "-o", d / "e.kiem-tra.xlsx")
    _cli("summarize", d / "e.kiem-tra.xlsx", "-o", d / "e.tong-hop.xlsx")
    out["annotated copy of an Excel-saved input"] = d / "e.kiem-tra.xlsx"
    out["snapshot of an Excel-saved input"] = d / "e.tong-hop.xlsx"

    (d / "lo-src").mkdir()
    lo = soffice(write(d / "lo-src" / "l.xlsx", TASKS), "xlsx", d / "lo")
    _cli("validate", lo, "-o", d / "l.kiem-tra.xlsx")
    _cli("summarize", lo, "-o", d / "l.tong-hop.xlsx")
    out["annotated copy of a LibreOffice-saved input"] = d / "l.kiem-tra.xlsx"
    out["snapshot of a LibreOffice-saved input"] = d / "l.tong-hop.xlsx"

    xls = soffice(src, "xls", d / "xls")
    _cli("validate", xls, "-o", d / "xls.kiem-tra.xlsx")
    _cli("summarize", xls, "-o", d / "xls.tong-hop.xlsx")
    out["rebuilt annotated copy of an .xls"], out["snapshot of an .xls"] = d / "xls.kiem-tra.xlsx", d / "xls.tong-hop.xlsx"

    units = d / "units"
    units.mkdir()
    for i, name in enumerate(("Xã Một", "Xã Hai & Ba", "Xã Bốn")):
        write(units / f"u{i}.xlsx", TASKS[1:] if i else TASKS, unit=name)
    _cli("merge", units, "-o", d / "merged.xlsx", "--unit", "Tỉnh Hưng Yên")
    out["merged summary"] = d / "merged.xlsx"
    return out


KINDS = ["new form", "new form with buttons", "annotated copy", "snapshot", "annotated and summarized twice in place",
         "annotated again after every fault was fixed", "annotated .xlsm", "snapshot .xlsm",
         "annotated copy of an Excel-saved input", "snapshot of an Excel-saved input",
         "annotated copy of a LibreOffice-saved input", "snapshot of a LibreOffice-saved input",
         "rebuilt annotated copy of an .xls", "snapshot of an .xls", "merged summary"]


@pytest.mark.parametrize("kind", KINDS)
def test_every_part_is_schema_valid(outputs, kind):
    assert set(outputs) == set(KINDS)
    assert_schema_valid(outputs[kind])


def test_the_audit_catches_a_schema_error(outputs, tmp_path):
    """The check can fail: a worksheet with an element out of place, an undeclared attribute in styles."""
    src = outputs["annotated copy"]
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bad, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet3.xml":
                data = data.replace(b"</worksheet>", b"<sheetPr/></worksheet>")
            if info.filename == "xl/styles.xml":
                data = data.replace(b"<cellXfs ", b'<cellXfs papi="1" ', 1)
            zout.writestr(info, data)
    errors = schema_errors(bad)
    assert any("sheet3.xml" in e and "sheetPr" in e for e in errors), errors
    assert any("styles.xml" in e and "papi" in e for e in errors), errors


def test_what_excel_wrote_survives_in_the_patched_copies(outputs):
    """The annotated copy and the snapshot of the Excel-saved input keep its extensions and notes."""
    for kind in ("annotated copy of an Excel-saved input", "snapshot of an Excel-saved input"):
        with zipfile.ZipFile(outputs[kind]) as z:
            sheet = z.read("xl/worksheets/sheet3.xml").decode()
            assert 'x14ac:dyDescent="0.25"' in sheet and "x14:dataValidation " in sheet and "mc:Ignorable" in sheet
            assert "x15ac:absPath" in z.read("xl/workbook.xml").decode()
            assert "x14:slicerStyles" in z.read("xl/styles.xml").decode()
        ws = openpyxl.load_workbook(outputs[kind])["Nhiệm vụ"]
        assert ws["D6"].comment.text == "Cán bộ xã:\nGhi chú khác"  # a note on a sound cell: untouched
        f7 = ws["F7"].comment.text
        assert f7.startswith("Cán bộ xã:\nHTX mới thành lập") and f7.count("unknown-unit") == 1


def test_macro_workbook_sheets_all_have_code_names(outputs):
    for kind in ("annotated .xlsm", "snapshot .xlsm"):
        with zipfile.ZipFile(outputs[kind]) as z:
            names = []
            for n in z.namelist():
                if n.startswith("xl/worksheets/sheet"):
                    pr = etree.fromstring(z.read(n)).find(f"{{{MAIN}}}sheetPr")
                    names.append(pr.get("codeName") if pr is not None else None)
        assert None not in names and len(set(n.lower() for n in names)) == len(names), names
