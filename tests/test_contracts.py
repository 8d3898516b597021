"""Every file format papi-xl writes and later reads back has one declaration (papi_xl/contract/); a
write -> read round trip per declaration proves the writer and the reader agree on it."""

from __future__ import annotations

import datetime as dt

import openpyxl
from builders import good_task, write

from papi_xl import api
from papi_xl.contract import check_sheet, snapshot, summary
from papi_xl.contract.workbook import INFO_FIELDS, TASK_COLUMNS
from papi_xl.inputs.read import read_workbook
from papi_xl.inputs.snapshot_reader import read_snapshot
from papi_xl.inputs.summary_reader import is_summary, read_summary
from papi_xl.outputs.views import check_rows
from papi_xl.samples import SAMPLE_COMMUNES, write_returned_set
from papi_xl.vocab import Sheet


def test_canonical_workbook_round_trip(tmp_path):
    tasks = [good_task(1, output="Kế hoạch", due=dt.date(2025, 3, 31), result="Đang làm", note="ghi chú"),
             good_task(2, index="3", sub="3.a", coord="Đài truyền thanh", timeline="Quý II/2025")]
    path = write(tmp_path / "w.xlsx", tasks, plan_number="06/KH-UBND", author="Người lập")
    data = read_workbook(path)
    assert set(data.tasks.columns) == {c.key for c in TASK_COLUMNS}  # every declared column found by its header
    f = data.tasks.frame
    assert f["task"].tolist() == ["Nhiệm vụ số 1", "Nhiệm vụ số 2"] and f.loc[0, "due"] == dt.date(2025, 3, 31)
    assert f.loc[1, "coord"] == "Đài truyền thanh" and f.loc[0, "note"] == "ghi chú"
    m = data.meta
    assert (m.unit, m.year, m.plan_number, m.author) == ("Xã Thử Nghiệm", 2025, "06/KH-UBND", "Người lập")
    assert set(m.cells) >= {f.key for f in INFO_FIELDS if f.required}


def test_summary_workbook_round_trip(tmp_path):
    paths = write_returned_set(tmp_path / "in", list(SAMPLE_COMMUNES[:4]), broken={1})
    out = tmp_path / "tong-hop.xlsx"
    result = api.merge_files([tmp_path / "in"], out, unit="Tỉnh Thử")
    assert is_summary(out) and len(paths) == 4
    back = read_summary(out)
    assert back.unit == "Tỉnh Thử" and back.info["kind"] == summary.KIND
    assert back.cutoff == result.cutoff and set(back.info) == set(summary.INFO_LABELS)
    written = [(e.unit, e.status, e.file, e.year, e.tasks, "; ".join(e.reasons)) for e in result.register]
    read = [(r["unit"], r["status"], r["file"], r["year"], r["tasks"], r["reasons"]) for r in back.register]
    assert read == written and set(back.register[0]) == set(summary.REGISTER.keys)
    assert len(back.tasks) == len(result.tasks) and set(back.tasks.columns) == set(summary.TASKS.keys)
    assert len(back.findings) == len(result.findings)
    assert [u for u, _ in back.findings] == [u for u, _ in result.findings]


def test_check_sheet_round_trip(tmp_path):
    path = write(tmp_path / "x.xlsx", [good_task(1, status="Tạm dừng"), good_task(2, lead=None)])
    v = api.check_file(path)
    out = api.write_validation(v).path
    ws = openpyxl.load_workbook(out)[Sheet.CHECK]
    header = [c.value for c in ws[check_sheet.CHECK.header_row]]
    assert header == list(check_sheet.CHECK.headers)
    body = [list(r) for r in ws.iter_rows(min_row=check_sheet.CHECK.header_row + 1, values_only=True)]
    assert body == check_rows(v.findings)


def test_snapshot_round_trip(tmp_path, progress_example):
    v, r = api.summarize_file(progress_example)
    out = api.write_summary(v, r).path
    back = {rec["code"]: rec for rec in read_snapshot(out)}
    keys = [k for k in snapshot.SNAPSHOT.keys if k not in ("code", "name")]

    def value(x):
        return None if x in ("", None) or x != x else x  # blank, None and NaN: no value

    for rec in [*r.by_indicator.to_dict("records"), *r.by_subcontent.to_dict("records")]:
        got = back[str(rec["code"])]
        assert [value(got[k]) for k in keys] == [value(rec[k]) for k in keys], rec["code"]
    assert back[""]["total"] == r.totals["total"]  # the Tổng cộng row
