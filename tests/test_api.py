"""The public API a data analyst uses in two lines."""

from __future__ import annotations

import subprocess
import sys

import papi_xl
from papi_xl.samples import SAMPLE_COMMUNES, write_returned_set


def test_check_one_workbook(progress_example):
    report = papi_xl.check(progress_example)
    assert report.ok and report.errors == 0 and report.warnings == len(report.findings) == 2
    assert set(report.findings["code"]) == {"overdue"} and report.findings["file"].eq(progress_example.name).all()
    assert len(report.tasks) == 30 and report.tasks["overdue"].sum() == report.rollup.totals["overdue"] == 2
    assert report.rollup.by_indicator["total"].sum() == 30


def test_check_a_folder(tmp_path):
    write_returned_set(tmp_path / "in", list(SAMPLE_COMMUNES[:3]), broken={1})
    with papi_xl.check_folder(tmp_path / "in") as folder:
        register = folder.register
        assert sorted(register["status"]) == ["Từ chối", "Đã nhận", "Đã nhận"]
        assert len(folder.tasks) == folder.totals["total"] == 60
        assert set(folder.tasks["unit"]) == set(register.loc[register["status"] == "Đã nhận", "unit"])
        assert (folder.findings["severity"] == "Lỗi").sum() >= 2 and "unit" in folder.findings
    assert not list(tmp_path.glob("*.xlsx"))  # nothing written


def test_importing_papi_xl_loads_no_pandas_until_the_api_is_used():
    code = "import sys, papi_xl, papi_xl.new; assert 'pandas' not in sys.modules; papi_xl.check; " \
           "assert 'pandas' in sys.modules; print(papi_xl.__all__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "check_folder" in out


def test_reading_and_validating_a_workbook_loads_no_pandas(tmp_path):
    """What a merge worker and the Kiểm tra button do per file: no DataFrame, so pandas is not even imported
    (its import is a third of a click; a frame per file was a fifth of a merge's reading time)."""
    from conftest import ROOT

    example = ROOT / "workbooks" / "examples" / "trung-trac-2023-tien-do-6-thang.xlsx"
    code = ("import sys; from papi_xl.inputs.read import read_workbook; from papi_xl.rules.validate import validate; "
            f"v = validate(read_workbook({str(example)!r})); "
            "assert 'pandas' not in sys.modules and 'pandera' not in sys.modules, 'pandas imported'; print(len(v.findings))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-500:]
