"""Every rule broken once, each finding asserted by cell and code."""

from __future__ import annotations

import datetime as dt

import openpyxl
from builders import good_task, set_cells, write
from conftest import ROOT

from papi_xl.inputs.read import read_workbook
from papi_xl.registry import RULES
from papi_xl.rules.schema import TaskRowSchema
from papi_xl.rules.validate import validate
from papi_xl.vocab import Severity

D = dt.date
DONE = dict(status="Hoàn thành", result="Đã làm", evidence="Số 15/KH-UBND ngày 18/01/2025", done_date=D(2025, 2, 1))


def broken_tasks() -> list[dict]:
    return [
        good_task(1, index=None),                                          # row 6: index missing
        good_task(2, **DONE),                                              # row 7: a clean done task
        good_task(3, task=None),                                           # row 8: task missing
        good_task(4, lead=None),                                           # row 9: lead missing
        good_task(5, index="Tham gia cua nguoi dan"),                      # row 10: index without accents
        good_task(6, index="Chỉ số không có trong danh mục"),              # row 11
        good_task(7, sub="z) Nội dung lạ"),                                # row 12
        good_task(8, index="3", sub="b) Cơ hội tham gia"),                 # row 13: sub of index 1 under 3
        good_task(9, **{**DONE, "status": "xong"}),                        # row 14: understandable status
        good_task(10, status="Tạm dừng"),                                  # row 15
        good_task(11, status=None),                                        # row 16
        good_task(12, status="Hoàn thành"),                                # row 17: done, nothing else
        good_task(13, **DONE),                                             # row 18: invalid date (set below)
        good_task(14, **{**DONE, "done_date": D(2025, 7, 15)}),            # row 19: after cut-off
        good_task(15, **{**DONE, "done_date": D(2024, 5, 1)}),             # row 20: before plan year
        good_task(16, done_date=D(2025, 3, 1)),                            # row 21: date but in progress
        good_task(17, **{**DONE, "evidence": "Đã làm xong, có ảnh"}),      # row 22
        good_task(18, lead="Hợp tác xã Bình Minh"),                        # row 23
        good_task(19, code="T02"),                                         # row 24: duplicate of row 7
        good_task(20, code=None),                                          # row 25 (code written back below)
        good_task(21, timeline="khi nào rảnh thì làm"),                    # row 26
        good_task(22, timeline="Quý I năm 2025"),                          # row 27: due filled by template
        good_task(23, due=D(2025, 3, 15), status="Chưa thực hiện"),        # row 28: overdue
    ]


EXPECTED = {
    ("B6", "required"), ("D8", "required"), ("F9", "required"),
    ("B10", "index-approx"), ("B11", "unknown-index"), ("C12", "unknown-sub"), ("C13", "sub-mismatch"),
    ("K14", "status-approx"), ("K15", "invalid-status"), ("K16", "status-missing"),
    ("L17", "done-no-result"), ("M17", "done-no-evidence"), ("N17", "done-no-date"),
    ("N18", "invalid-date"), ("N19", "done-after-cutoff"), ("N20", "done-before-year"), ("N21", "date-not-done"),
    ("M22", "evidence-unparsed"), ("F23", "unknown-unit"), ("I24", "duplicate-code"), ("I25", "code-missing"),
    ("H26", "timeline-unparsed"), ("J27", "due-missing"), ("J27", "overdue"), ("J28", "overdue"),
    ("B3", "meta-missing"),
}


def build(tmp_path):
    path = write(tmp_path / "broken.xlsx", broken_tasks(), unit="")
    set_cells(path, "Nhiệm vụ", {"N18": "31/02/2025", "I25": None, "J27": None})
    return path


def test_every_rule_broken_once(tmp_path):
    v = validate(read_workbook(build(tmp_path)))
    got = {(f.cell, f.code) for f in v.findings}
    assert got == EXPECTED
    by = {(f.cell, f.code): f for f in v.findings}
    for (cell, code), f in by.items():
        assert f.severity == RULES[code].severity, code
        assert f.message and f.field, code
        assert f.sheet == ("Thông tin" if cell == "B3" else "Nhiệm vụ")
        assert f.row == int(cell[1:]) and f.column == cell[0]
    assert by[("B10", "index-approx")].message.count("1. Tham gia của người dân") == 1
    assert "Có phải là" in by[("B11", "unknown-index")].message
    assert "thuộc chỉ số 1" in by[("C13", "sub-mismatch")].message
    assert "dòng 7" in by[("I24", "duplicate-code")].message
    assert by[("J27", "overdue")].severity == Severity.WARNING  # progress, never a Lỗi
    assert not v.ok and v.errors == sum(1 for c in got if RULES[c[1]].severity == Severity.ERROR)


def test_missing_required_value_is_reported_at_the_empty_cell(tmp_path):
    v = validate(read_workbook(build(tmp_path)))
    wb = openpyxl.load_workbook(tmp_path / "broken.xlsx")
    for f in v.findings:
        if f.code in ("required", "done-no-result", "done-no-evidence", "done-no-date"):
            assert wb[f.sheet][f.cell].value is None, f


def test_validation_is_deterministic(tmp_path):
    path = build(tmp_path)
    assert validate(read_workbook(path)).findings == validate(read_workbook(path)).findings


def test_info_sheet_rules(tmp_path):
    path = write(tmp_path / "i.xlsx", [good_task(1)], year=None, period="", cutoff=None)
    codes = {(f.cell, f.code) for f in validate(read_workbook(path)).findings}
    assert {("B5", "meta-missing"), ("B8", "meta-missing"), ("B9", "meta-missing")} <= codes
    path = write(tmp_path / "j.xlsx", [good_task(1)], cutoff=D(2024, 12, 31))
    assert ("B9", "cutoff-outside-year") in {(f.cell, f.code) for f in validate(read_workbook(path)).findings}
    path = write(tmp_path / "k.xlsx", [good_task(1)], year=25)  # "25" typed for 2025
    found = {(f.cell, f.code, f.severity) for f in validate(read_workbook(path)).findings}
    assert ("B5", "year-invalid", "Lỗi") in found and not any(code == "cutoff-outside-year" for _, code, _ in found)


def test_empty_template_and_missing_column(tmp_path):
    v = validate(read_workbook(ROOT / "workbooks" / "bieu-mau-hungyen-xa.xlsx"))
    assert "no-tasks" in {f.code for f in v.findings}
    path = write(tmp_path / "c.xlsx", [good_task(1)])
    wb = openpyxl.load_workbook(path)
    wb["Nhiệm vụ"].delete_cols(6)  # Đơn vị chủ trì
    wb.save(path)
    v = validate(read_workbook(path))
    assert [(f.cell, f.code, f.severity) for f in v.findings if f.code == "missing-column"] == [
        ("A4", "missing-column", "Lỗi")]
    assert "Đơn vị chủ trì" in next(f.message for f in v.findings if f.code == "missing-column")


def test_unknown_template_version_is_read_and_reported(tmp_path):
    path = write(tmp_path / "v.xlsx", [good_task(1)])
    set_cells(path, "Thông tin", {"B12": "0.7"})
    v = validate(read_workbook(path))
    assert [(f.cell, f.code) for f in v.findings] == [("B12", "template-version")]


def test_schema_reads_like_the_sheet_specification():
    fields = TaskRowSchema.to_schema().columns
    assert {"index", "sub", "task", "lead", "status", "evidence", "due", "done_date"} <= set(fields)
    assert "bắt buộc" in fields["task"].description


def _random_frame(rng, n: int):
    """Task rows as the reader gives them: texts (some empty), dates or None with their raw cell text."""
    import pandas as pd

    texts = ["", "", "Tham gia", "1. Tham gia của người dân", "a) Cơ hội", "Nhiệm vụ", "UBND xã", " ", "0"]
    raws = ["", "", "15/03/2025", "ngày 32/13/2025", "Quý II", "x", "45000"]
    data: dict[str, list] = {"_row": [6 + i for i in range(n)]}
    for key in ("index", "sub", "task", "lead"):
        data[key] = [rng.choice(texts) for _ in range(n)]
    for key in ("due", "done_date"):
        raw = [rng.choice(raws) for _ in range(n)]
        data[f"{key}_raw"] = raw
        data[key] = [D(2025, 3, 15) if r and rng.random() < 0.5 else None for r in raw]
    frame = pd.DataFrame(data)
    for key in ("due", "done_date"):
        frame[key] = frame[key].astype(object)
    return frame


def test_the_schema_checks_without_pandera_agree_with_the_schema(tmp_path):
    """validate() makes TaskRowSchema's checks in plain Python (pandera's fixed cost per call was a fifth of a
    merge's reading time); on many frames, including every broken case above, both find the same cells."""
    import random

    from papi_xl.rules.schema import pandera_failures
    from papi_xl.rules.validate import schema_failures

    rng = random.Random(5)
    frames = [_random_frame(rng, n) for n in (1, 2, 3, 7, 20, 60) for _ in range(6)]
    frames.append(read_workbook(build(tmp_path)).tasks.frame)
    found = 0
    for frame in frames:
        plain = sorted(schema_failures(frame))
        assert plain == pandera_failures(frame)
        found += len(plain)
    assert found > 100  # the frames do break both checks


def test_readme_lists_every_rule():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code, rule in RULES.items():
        assert f"| `{code}` | {rule.severity} | {rule.title} |" in readme, code
