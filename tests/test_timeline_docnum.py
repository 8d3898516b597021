import datetime as dt
import json

import pytest
from conftest import DATA
from hypothesis import given, settings
from hypothesis import strategies as st

from papi_xl.domain.docnum import find_doc_numbers
from papi_xl.domain.timeline import parse_timeline

D = dt.date


def seed_phrases():
    for line in (DATA / "timeline_phrases.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "|" not in line:
            continue
        phrase, _, meaning = (p.strip() for p in line.split("|", 2))
        yield ("" if phrase == "(empty cell)" else phrase), json.loads(meaning)


@pytest.mark.parametrize(("phrase", "meaning"), list(seed_phrases()))
def test_every_seed_phrase_parses(phrase, meaning):
    t = parse_timeline(phrase, 2023)
    assert t.understood, phrase
    # where the domain file gives an end date, the due date agrees with it
    if meaning.get("end") and meaning["kind"] in ("quarters", "year_range", "period"):
        assert t.due == D.fromisoformat(meaning["end"])
    if meaning.get("due_before"):
        assert t.due == D.fromisoformat(meaning["due_before"])
    if meaning["kind"] in ("ongoing", "event_triggered", "statutory", "relative_deadline"):
        assert t.due is None


@pytest.mark.parametrize(("text", "kind", "due"), [
    ("Thường xuyên", "ongoing", None),
    ("Năm 2023 và các năm tiếp theo", "year_open_ended", D(2023, 12, 31)),
    ("Quý II, III năm 2023", "quarters", D(2023, 9, 30)),
    ("Quý I/2024", "quarters", D(2024, 3, 31)),
    ("Trong năm học.", "school_year", D(2023, 5, 31)),
    ("Năm học 2023-2024", "school_year", D(2024, 5, 31)),
    ("Năm 2023-2025", "year_range", D(2025, 12, 31)),
    ("Sau khi QHKHSDD được cơ quan nhà nước có thẩm quyền phê duyệt.", "event_triggered", None),
    ("15/3/2025", "date", D(2025, 3, 15)),
    ("trước ngày 30/6/2023", "date", D(2023, 6, 30)),
    ("Tháng 6 năm 2023", "month", D(2023, 6, 30)),
    ("Tháng 10 - 12/2023", "month_range", D(2023, 12, 31)),  # months, not the date 10/12/2023
    ("Tháng 3-5/2023", "month_range", D(2023, 5, 31)),
    ("tháng 3 - 5 năm 2023", "month_range", D(2023, 5, 31)),
    ("Từ tháng 3 đến tháng 5/2023", "month_range", D(2023, 5, 31)),
    ("Tháng 12-3/2024", "month_range", D(2024, 3, 31)),
    ("Ngày 15-20/10/2023", "date", D(2023, 10, 20)),
    ("Trước ngày 15/10", "date_no_year", D(2023, 10, 15)),  # the plan year's
    ("Tháng 6 và tháng 12", "month_no_year", D(2023, 12, 31)),
    ("31/2", "unknown", None),
    ("6 tháng đầu năm", "half_year", D(2023, 6, 30)),
    ("- Năm 2023;\n- 6 tháng, năm", "year+report_points", D(2023, 12, 31)),
    ("", "unspecified", D(2023, 12, 31)),
    ("khi nào rảnh thì làm", "unknown", None),
])
def test_timeline_meanings(text, kind, due):
    t = parse_timeline(text, 2023)
    assert (t.kind, t.due) == (kind, due)


def test_a_day_without_a_year_needs_the_plan_year():
    assert parse_timeline("Trước ngày 15/10", None).kind == "unknown"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.one_of(st.none(), st.integers(min_value=1900, max_value=2100)))
def test_timeline_never_raises(text, year):
    parse_timeline(text, year)


@pytest.mark.parametrize(("text", "symbol", "date"), [
    ("Số 15/KH-UBND ngày 18/01/2023", "15/KH-UBND", D(2023, 1, 18)),
    ("Nghị định số 42/2022/NĐ-CP ngày 24/6/2022", "42/2022/NĐ-CP", D(2022, 6, 24)),
    ("Quyết định 468/QĐ-TTg ngày 27/3/2021", "468/QĐ-TTg", D(2021, 3, 27)),
    ("Thông tư 36/2017/TT-BGDĐT", "36/2017/TT-BGDĐT", None),
    ("Luật số 72/2025/QH15 ngày 16 tháng 6 năm 2025", "72/2025/QH15", D(2025, 6, 16)),
    ("Công văn 25/UBND-VP ngày 3/2/2023", "25/UBND-VP", D(2023, 2, 3)),
])
def test_document_numbers(text, symbol, date):
    found = find_doc_numbers(text)
    assert found and found[0].symbol == symbol and found[0].date == date


def test_dates_and_fractions_are_not_document_numbers():
    assert find_doc_numbers("Báo cáo ngày 18/01/2023, đạt 3/4 chỉ tiêu") == []
    assert find_doc_numbers("Số: /KH-UBND") == []


def test_every_seed_document_number_parses():
    import csv

    for row in csv.DictReader((DATA / "doc_numbers_found.csv").open(encoding="utf-8")):
        if row["number"]:
            found = find_doc_numbers(row["raw"])
            assert found and found[0].number == int(row["number"]), row["raw"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_doc_numbers_never_raise(text):
    find_doc_numbers(text)
