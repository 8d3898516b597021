"""The domain rules, without files: the reporting period, what a status means, open / overdue, the
traffic light, and validation and roll-up agreeing on the same rows."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from papi_xl.domain.period import (
    default_cutoff,
    describe,
    effective_cutoff,
    option_cutoff,
    parse_period,
    period_of,
    resolve_option,
)
from papi_xl.domain.progress import is_open, is_overdue, light, read_status
from papi_xl.errors import UsageError
from papi_xl.pipeline.rollup import classify
from papi_xl.vocab import Period, Status

D = dt.date
DONE, DOING, TODO, DROPPED = Status.DONE, Status.IN_PROGRESS, Status.NOT_STARTED, Status.NOT_DONE


@pytest.mark.parametrize(("text", "period"), [
    ("6 tháng", Period.HALF), ("6 tháng đầu năm 2025", Period.HALF), ("Sáu tháng", Period.HALF),
    ("nửa năm", Period.HALF), ("6T", Period.HALF), ("H1", Period.HALF), ("6thang", Period.HALF),
    ("Năm", Period.YEAR), ("Cả năm", Period.YEAR), ("Năm 2026", Period.YEAR), ("Báo cáo năm 2016", Period.YEAR),
    ("nam", Period.YEAR), ("năm 2006", Period.YEAR), ("", None), ("Quý 5", None),
])
def test_the_period_named_by_a_cell_or_an_option(text, period):
    # "Năm 2026" was read as a half-year (a test for the digit 6): the digits of a year never decide
    assert parse_period(text) == period


def test_cutoff_defaults_and_an_explicit_date_wins():
    assert default_cutoff(Period.HALF, 2025) == D(2025, 6, 30)
    assert default_cutoff(Period.YEAR, 2026) == D(2026, 12, 31)
    assert default_cutoff("Năm 2026", 2026) == D(2026, 12, 31) and default_cutoff(None, None) is None
    assert effective_cutoff(D(2025, 9, 30), Period.HALF, 2025) == D(2025, 9, 30)
    assert resolve_option("6thang", 2025) == (D(2025, 6, 30), "")
    assert resolve_option("31/12/2025", None) == (D(2025, 12, 31), "")
    assert resolve_option("nam", None) == (None, "no-year") and resolve_option("quý 5", 2025) == (None, "unknown")
    assert period_of(D(2025, 6, 30)) == Period.HALF and period_of(D(2025, 12, 31)) == Period.YEAR
    assert option_cutoff("6thang", 2025) == D(2025, 6, 30) and option_cutoff(None, 2025) is None
    with pytest.raises(UsageError, match="quý 5"):
        option_cutoff("quý 5", 2025)  # the command line, the buttons and a merge say the same
    with pytest.raises(UsageError, match="nam"):
        option_cutoff("nam", None)
    assert describe(D(2025, 6, 30), 2025) == "6 tháng đầu năm 2025" and describe(None, 2025) == "năm 2025"


@pytest.mark.parametrize(("value", "status", "exact"), [
    ("Hoàn thành", DONE, True), ("hoàn thành", DONE, True), ("  Đang   thực hiện ", DOING, True),
    ("Đã hoàn thành", DONE, False), ("Hoàn thành 100%", DONE, False), ("100%", DONE, False),
    ("Đã thực hiện", DONE, False), ("Đã xong", DONE, False), ("xong", DONE, False), ("hoan thanh", DONE, False),
    (1.0, DONE, False), (100, DONE, False),
    ("Chưa hoàn thành", DOING, False), ("chưa xong", DOING, False), ("chưa thực hiện xong", DOING, False),
    ("Đang thực hiện (đạt 70%)", DOING, False), ("đang triển khai", DOING, False), ("50%", DOING, False),
    ("Hoàn thành 80%", DOING, False), ("Đã thực hiện được 60%", DOING, False), (0.7, DOING, False),
    ("Chưa triển khai", TODO, False), ("0%", TODO, False), ("Chưa", TODO, False), (0, TODO, False),
    ("Hủy", DROPPED, False), ("Không triển khai", DROPPED, False), ("Dừng thực hiện", DROPPED, False),
    ("Tạm dừng", None, False), ("Cơ bản hoàn thành", None, False), ("Không hoàn thành", None, False),
    ("Hoàn thành/Chưa hoàn thành", None, False), ("x", None, False), ("15/3/2025", None, False),
    ("Đang hoàn thiện hồ sơ?", None, False),
])
def test_a_status_is_read_by_meaning_never_by_nearest_spelling(value, status, exact):
    reading = read_status(value)
    assert reading.status == status and reading.exact == exact, value
    if status is not None and not exact:
        assert reading.why  # the message says what was understood


def test_open_overdue_and_the_light():
    cutoff = D(2025, 6, 30)
    assert is_open(None) and is_open(TODO) and is_open(DOING) and not is_open(DONE) and not is_open(DROPPED)
    assert is_overdue(None, D(2025, 3, 1), cutoff)  # an unreadable status is open: overdue when past due
    assert not is_overdue(DONE, D(2025, 3, 1), cutoff) and not is_overdue(DOING, None, cutoff)
    assert not is_overdue(DOING, D(2025, 6, 30), cutoff)  # due on the cut-off day is not overdue
    assert light({"total": 3, "overdue": 1}) == "Đỏ" and light({"total": 3, "not_done": 1}) == "Đỏ"
    assert light({"total": 3, "not_started": 1}) == "Vàng" and light({"total": 3}) == "Xanh"
    assert light({"total": 0}) == ""
    assert light({"total": 2, "in_progress": 1, "unclassified": 1}) == "Vàng"  # an unreadable status: never Xanh


def test_rollup_counts_overdue_exactly_as_validation_decides():
    """Validation (is_overdue per row) and the roll-up (classify, vectorised) agree on every row,
    invalid statuses included (they disagreed: 3 overdue findings, 2 in the roll-up)."""
    cutoff = D(2025, 6, 30)
    rows = [(DONE, D(2025, 1, 1)), (DOING, D(2025, 1, 1)), (TODO, D(2025, 1, 1)), (None, D(2025, 1, 1)),
            (DROPPED, D(2025, 1, 1)), (DOING, None), (None, D(2025, 12, 1)), (TODO, D(2025, 6, 30))]
    frame = pd.DataFrame({"status": [s for s, _ in rows], "due": [d for _, d in rows], "ongoing": False,
                          "has_error": False})
    assert classify(frame, cutoff)["overdue"].tolist() == [is_overdue(s, d, cutoff) for s, d in rows]
    assert classify(frame, cutoff)["overdue"].sum() == 3


def test_fold_is_the_readable_definition():
    """fold() is one str.translate for speed; it must equal its definition (clean, lower, tone marks to the
    new style, accents stripped, runs of anything but [0-9a-z] -> one space, trimmed) on any text."""
    import random
    import re

    from papi_xl.domain.text import _TONE_OLD_NEW, clean, fold, strip_accents

    def definition(value: str) -> str:
        text = clean(value).lower()
        for old, new in _TONE_OLD_NEW.items():
            text = text.replace(old, new)
        return re.sub(r"[^0-9a-z]+", " ", strip_accents(text)).strip()

    alphabet = [*"aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ0189 ,.-_/\t\n\r\x0b\x00\x7f\u00a0\u200b",
                *"\u0301\u0300\u0303\u0309\u0323ÒÓÕỎỌòóõỏọüßİǅ１Ð한", "_x000D_", "òa", "oà", "uỷ", "ủy", "Hoàn thành"]
    rng = random.Random(7)
    for _ in range(20000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert fold(s) == definition(s), repr(s)
