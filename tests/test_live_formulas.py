"""The workbook without Python: the live Tổng hợp formulas (recalculated by a real client,
LibreOffice) and papi-xl's roll-up count the same rows the same way — pasted catalog names, aliases,
blank and unreadable statuses included — and ``validate --fix`` makes them agree on what papi-xl only
understood approximately."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest
from conftest import soffice
from typer.testing import CliRunner

from papi_xl.adapters.cli import app
from papi_xl.contract.workbook import Metadata
from papi_xl.domain.catalog import load_catalog
from papi_xl.inputs.read import read_workbook
from papi_xl.outputs.template import SUMMARY_HEADER_ROW, UNCLASSIFIED_LABEL, write_workbook
from papi_xl.pipeline.rollup import rollup
from papi_xl.rules.validate import validate
from papi_xl.vocab import Period

D = dt.date
runner = CliRunner()
META = Metadata(unit="Xã Thử Nghiệm", parent="Tỉnh Hưng Yên", year=2025, period=Period.HALF, cutoff=D(2025, 6, 30))


def task(n: int, index: str, sub: str, status: str | None, due: object = None, timeline: str = "Quý I/2025",
         lead: str = "UBND xã", **more) -> dict:
    done = status == "Hoàn thành"
    return {"index": index, "sub": sub, "task": f"Nhiệm vụ thử số {n}", "lead": lead, "timeline": timeline,
            "status": status, "due": due, "code": f"T{n:02d}",
            "result": "Đã làm" if done else None, "evidence": "Số 15/KH-UBND ngày 18/01/2025" if done else None,
            "done_date": D(2025, 2, 1) if done else None, **more}


AS_FILLED = [
    task(1, "1. Tham gia của người dân", "a) Tri thức công dân", "Hoàn thành", D(2025, 3, 31)),
    task(2, "Tham gia của người dân", "Tri thức công dân", "Đang thực hiện", D(2025, 3, 31)),  # pasted names
    task(3, "THAM GIA CỦA NGƯỜI DÂN", "b) Cơ hội tham gia", None, D(2025, 3, 31)),  # blank status: not started
    task(4, "1. Tham gia của người dân", "Chất lượng bầu cử trường thôn, tổ trưởng dân phố",  # an alias
         "Tạm dừng", D(2025, 3, 31)),  # unreadable status: in no column, open, overdue
    task(5, "3. Công khai, minh bạch trong việc ra quyết định", "a) Tiếp cận thông tin", "Không thực hiện",
         D(2025, 3, 31)),
    task(6, "Công khai, minh bạch trong việc ra quyết định", "Tiếp cận thông tin", "Chưa thực hiện",
         D(2025, 12, 31), "Năm 2025"),
    task(7, "6. Thủ tục hành chính công", "c) Dịch vụ hành chính cấp xã", "Đang thực hiện", D(2025, 5, 1),
         "Thường xuyên"),  # an explicit past due wins over "Thường xuyên"
    task(8, "6. Thủ tục hành chính công", "c) Dịch vụ hành chính cấp xã", "Chưa thực hiện", None, "Thường xuyên"),
    task(9, "Chỉ số không có", "a) Không rõ", "Hoàn thành", D(2025, 3, 31)),  # unknown index: unclassified
    task(10, "8. Quản trị môi trường", "a) Nghiêm túc trong bảo vệ môi trường", "Đang thực hiện", D(2025, 12, 31),
         "Năm 2025"),
    task(11, "8. Quản trị môi trường", "a) Nghiêm túc trong bảo vệ môi trường", "Tạm dừng", D(2025, 12, 31),
         "Năm 2025"),  # unreadable, not yet due: the index is not Xanh (its status is not known)
]


def _live(path, tmp_path) -> tuple[dict, int]:
    """Recalculated Tổng hợp rows by code (total, done, in progress, not started, not done, overdue, light),
    and the unclassified row."""
    recalculated = soffice(path, "xlsx", tmp_path / "lo")
    ws = openpyxl.load_workbook(recalculated, data_only=True)["Tổng hợp"]
    rows, unclassified = {}, None
    for row in ws.iter_rows(min_row=SUMMARY_HEADER_ROW + 1, values_only=True):
        if row[0]:
            rows[str(row[0])] = [*(int(x or 0) for x in row[2:8]), row[9] or ""]
        elif row[1] == UNCLASSIFIED_LABEL:
            unclassified = int(row[2])
    return rows, unclassified


def _python(path) -> tuple[dict, int]:
    r = rollup(validate(read_workbook(path)))
    recs = [*r.by_indicator.to_dict("records"), *r.by_subcontent.to_dict("records")]
    keys = ("total", "done", "in_progress", "not_started", "not_done", "overdue")
    return {str(x["code"]): [*(int(x[k]) for k in keys), x["light"]] for x in recs if "?" not in str(x["code"])}, \
        r.unclassified


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    path = tmp_path_factory.mktemp("f") / "da-dien.xlsx"
    write_workbook(path, META, load_catalog(), AS_FILLED)
    return path


def test_live_formulas_and_the_rollup_agree_on_pasted_names_and_unreadable_statuses(filled, tmp_path):
    live, live_unclassified = _live(filled, tmp_path)
    python, unclassified = _python(filled)
    assert live == python
    assert live_unclassified == unclassified == 3  # the unknown index, the unreadable statuses
    assert python["1"] == [4, 1, 1, 1, 0, 3, "Đỏ"]  # the blank status counts as not started; 3 overdue
    assert python["8"] == [2, 0, 1, 0, 0, 0, "Vàng"]  # in progress + unreadable, nothing overdue: not Xanh
    assert python["6"][5] == 1  # "Thường xuyên" with an explicit past due date is overdue


APPROXIMATE = [
    task(1, "1. Tham gia cua nguoi dan", "a) Tri thuc cong dan", "Đã xong", D(2025, 3, 31)),  # accents lost
    task(2, "1.Tham gia của người dân", "a) Tri thức công dân", "50%", "15/3/2025"),  # a date typed as text
    task(3, "1. Tham gia của người dân", "b) Cơ hội tham gia", "Chưa hoàn thành", None, "Quý I năm 2025"),
    task(4, "3. Công khai minh bạch trong việc ra quyết định", "a) Tiếp cận thông tin", "xong", D(2025, 3, 31),
         lead="Công chức VP-TK"),
]


def test_fix_rewrites_what_was_understood_approximately_and_then_the_live_sheet_agrees(tmp_path):
    src = tmp_path / "gan-dung.xlsx"
    write_workbook(src, META, load_catalog(), APPROXIMATE)
    wb = openpyxl.load_workbook(src)
    wb["Nhiệm vụ"]["J8"] = None  # the clerk cleared the due date the template derived from "Quý I năm 2025"
    wb.save(src)
    before, _ = _live(src, tmp_path / "before")
    python, _ = _python(src)
    assert before != python  # the live sheet does not understand "Đã xong" or "1.Tham gia..."
    out = tmp_path / "da-sua.xlsx"
    result = runner.invoke(app, ["validate", str(src), "--fix", "-o", str(out), "--json"])
    payload = json.loads(result.output)
    fixed = {(f["cell"], f["new"]) for f in payload["fixed"]}
    assert ("B6", "1. Tham gia của người dân") in fixed and ("C6", "a) Tri thức công dân") in fixed
    assert ("K6", "Hoàn thành") in fixed and ("K7", "Đang thực hiện") in fixed and ("J7", "2025-03-15") in fixed
    assert ("J8", "2025-03-31") in fixed and ("F9", "Công chức Văn phòng - Thống kê") in fixed  # due from the timeline
    after, _ = _live(out, tmp_path / "after")
    assert after == python == _python(out)[0]  # the copy counts, live and in papi-xl, as the original did
    ws = openpyxl.load_workbook(out)["Nhiệm vụ"]
    assert ws["K6"].value == "Hoàn thành" and ws["J7"].value.date() == D(2025, 3, 15)
    assert ws["J7"].number_format.lower() in ("dd/mm/yyyy", "d/m/yyyy", "mm-dd-yy")
    check = openpyxl.load_workbook(out)["Kiểm tra"]
    listed = [(row[3], row[5]) for row in check.iter_rows(min_row=3, values_only=True)]
    assert ("K6", "value-fixed") in listed and ("B6", "index-approx") not in listed
    again = validate(read_workbook(out))
    assert not [f for f in again.findings if f.code.endswith("-approx") or f.code == "due-missing"]
    assert not again.fixes
