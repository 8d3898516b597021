"""`papi-xl report`: what the drafted Báo cáo says.

Expectations are read from the workbooks with openpyxl (the cells the clerk filled) and from the
decisions (docs/plan: counting rules), not from papi-xl's answer; the figures are also checked against
the roll-up and the merge, which the report must repeat exactly.  How the report looks (NĐ 30 layout,
schema validity, pages) is tests/test_report_format.py.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
import unicodedata
from pathlib import Path

import docx
import openpyxl
import pytest
from conftest import ROOT
from typer.testing import CliRunner

from papi_xl.adapters.cli import app
from papi_xl.domain.catalog import load_catalog
from papi_xl.outputs.template import write_workbook
from papi_xl.samples import trung_trac_progress_meta, trung_trac_progress_tasks, trung_trac_tasks, write_returned

runner = CliRunner()
EXAMPLE = ROOT / "workbooks" / "examples" / "trung-trac-2023-tien-do-6-thang.xlsx"
CUTOFF = dt.date(2023, 6, 30)


# -- reading what was written ---------------------------------------------------------------------------
def body_texts(path: Path) -> list[str]:
    """Every paragraph of the document body in order (table cells included), spaces normalised."""
    d = docx.Document(str(path))
    out: list[str] = []
    for el in d.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append("".join(t.text or "" for t in el.iter(docx.oxml.ns.qn("w:t"))))
        elif tag == "tbl":
            for p in el.iter(docx.oxml.ns.qn("w:p")):
                out.append("".join(t.text or "" for t in p.iter(docx.oxml.ns.qn("w:t"))))
    return [re.sub(r"\s+", " ", t.replace("\u00a0", " ")).strip() for t in out]


def full_text(path: Path) -> str:
    return "\n".join(body_texts(path))


def section(texts: list[str], start: str, end: str | None) -> list[str]:
    """The paragraphs from the one starting with ``start`` up to (not including) ``end``."""
    i = next(n for n, t in enumerate(texts) if t.startswith(start))
    j = next((n for n, t in enumerate(texts[i + 1:], start=i + 1) if end and t.startswith(end)), len(texts))
    return texts[i:j]


def tables(path: Path) -> list[list[list[str]]]:
    d = docx.Document(str(path))
    return [[[c.text.replace("\u00a0", " ") for c in row.cells] for row in t.rows] for t in d.tables]


def sheet_tasks(path: Path) -> list[dict]:
    """The task rows as the clerk filled them (openpyxl; header on row 4, tasks from row 6)."""
    ws = openpyxl.load_workbook(path, data_only=True)["Nhiệm vụ"]
    col = {c.value: c.column for c in ws[4] if c.value}
    keys = {"index": "Chỉ số nội dung", "sub": "Nội dung thành phần", "task": "Nhiệm vụ", "lead": "Đơn vị chủ trì",
            "code": "Mã nhiệm vụ", "due": "Hạn hoàn thành", "status": "Tiến độ", "result": "Kết quả thực hiện",
            "evidence": "Minh chứng", "note": "Ghi chú"}
    rows = []
    for r in range(6, ws.max_row + 1):
        rec = {k: ws.cell(r, col[h]).value for k, h in keys.items()}
        if rec["task"]:
            rec["due"] = rec["due"].date() if isinstance(rec["due"], dt.datetime) else rec["due"]
            rows.append(rec)
    return rows


def report(*args: str | Path) -> None:
    result = runner.invoke(app, ["report", *map(str, args)])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def commune(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("commune") / "bao-cao.docx"
    report(EXAMPLE, "-o", out)
    return out


# -- one commune -------------------------------------------------------------------------------------------
def test_opening_cites_the_plan_period_and_cutoff(commune):
    texts = body_texts(commune)
    opening = [t for t in texts[texts.index("BÁO CÁO") + 1:] if t][1]  # after the title
    assert opening.startswith("Thực hiện Kế hoạch số 06/KH-UBND ngày 19/01/2023 của UBND xã Trung Trắc về nâng cao")
    assert "UBND xã Trung Trắc báo cáo kết quả thực hiện 6 tháng đầu năm 2023 (số liệu tính đến ngày 30/06/2023)" \
        in opening
    assert "UBND xã ban hành Kế hoạch số 06/KH-UBND ngày 19/01/2023 với 30 nhiệm vụ thuộc 9 chỉ số nội dung" \
        in full_text(commune)


def test_every_result_and_evidence_of_a_done_task_is_in_the_text(commune):
    text = full_text(commune)
    done = [t for t in sheet_tasks(EXAMPLE) if t["status"] == "Hoàn thành"]
    assert len(done) == 11
    body = text[:text.index("II. KHÓ KHĂN")]  # in the results section itself, not only the appendix
    for t in done:
        assert t["result"].rstrip(".") in body, t["result"]
        assert t["evidence"] in body, t["evidence"]  # "Kế hoạch số 12/KH-UBND ngày 10/02/2023"


def test_figures_are_the_rollups(commune):
    from papi_xl.api import summarize_file

    _, r = summarize_file(EXAMPLE)
    rows = tables(commune)[1]  # 0: the heading
    assert rows[0][:8] == ["Chỉ số nội dung", "Tổng số", "Hoàn thành", "Đang thực hiện", "Chưa thực hiện",
                           "Không thực hiện", "Quá hạn", "Tỷ lệ hoàn thành"]
    for got, want in zip(rows[1:-1], r.by_indicator.to_dict("records"), strict=True):
        assert got[0] == want["name"]
        assert got[1:7] == [str(want[k]) for k in ("total", "done", "in_progress", "not_started", "not_done",
                                                   "overdue")]
    assert rows[-1][:7] == ["Tổng cộng", "30", "11", "13", "5", "1", "2"] == \
        ["Tổng cộng", *(str(r.totals[k]) for k in ("total", "done", "in_progress", "not_started", "not_done",
                                                    "overdue"))]
    assert rows[-1][7] == "36,7%"
    # and independently, from the cells: status counts per content index
    tasks = sheet_tasks(EXAMPLE)
    for got in rows[1:-1]:
        index = got[0].split(".")[0]
        mine = [t for t in tasks if str(t["index"]).split(".")[0] == index]
        assert int(got[1]) == len(mine)
        assert int(got[2]) == sum(t["status"] == "Hoàn thành" for t in mine)
        assert int(got[5]) == sum(t["status"] == "Không thực hiện" for t in mine)
        overdue = sum(t["status"] not in ("Hoàn thành", "Không thực hiện") and isinstance(t["due"], dt.date)
                      and t["due"] < CUTOFF for t in mine)
        assert int(got[6]) == overdue
    text = full_text(commune)
    assert ("Đến ngày 30/06/2023, trong tổng số 30 nhiệm vụ của Kế hoạch: đã hoàn thành 11 (36,7%), đang thực "
            "hiện 13, chưa thực hiện 5, không thực hiện 1; trong đó 2 nhiệm vụ quá hạn.") in text


def test_each_index_lists_its_tasks_by_sub_content(commune):
    texts = body_texts(commune)
    one = section(texts, "3.1. Chỉ số 1: Tham gia của người dân", "3.2.")
    assert one[1] == "Kế hoạch đề ra 4 nhiệm vụ: đã hoàn thành 2 (50%), đang thực hiện 1, chưa thực hiện 1."
    assert [t for t in one if re.match(r"^[a-d]\) ", t)] == [
        "a) Tri thức công dân", "b) Cơ hội tham gia", "c) Chất lượng bầu cử trưởng thôn, tổ trưởng tổ dân phố",
        "d) Đóng góp tự nguyện"]
    two = section(texts, "3.2. Chỉ số 2", "3.3.")
    # the overdue task: its due date, its lead unit and what it has reached
    assert any("(quá hạn từ 31/03/2023; UBND xã chủ trì): Đang dự thảo Quy chế làm việc." in t for t in two)
    # tasks not started: their lead unit and due date
    tasks = sheet_tasks(EXAMPLE)
    not_started = [t for t in tasks if t["status"] == "Chưa thực hiện"]
    lines = [t for t in texts if "(chưa thực hiện;" in t and " chủ trì" in t]
    assert len(lines) == len(not_started) == 5
    assert any("(không thực hiện; Thanh tra huyện chủ trì): Nhiệm vụ do Thanh tra huyện chủ trì; huyện chưa triển "
               "khai trong kỳ." in t for t in texts)


def test_outlook_lists_every_open_task_by_lead_unit_and_due_date(commune):
    texts = body_texts(commune)
    outlook = section(texts, "III. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2023", "IV. ĐỀ XUẤT, KIẾN NGHỊ")
    open_tasks = [t for t in sheet_tasks(EXAMPLE) if t["status"] not in ("Hoàn thành", "Không thực hiện")]
    assert len(open_tasks) == 18
    assert outlook[1].startswith("Tiếp tục thực hiện 18 nhiệm vụ chưa hoàn thành của Kế hoạch, trong đó 2 nhiệm vụ "
                                 "đã quá hạn cần hoàn thành ngay")
    heads = [re.match(r"^\d+\. (.+) \((\d+) nhiệm vụ\)$", t) for t in outlook]
    counts = {m.group(1): int(m.group(2)) for m in heads if m}
    assert sum(counts.values()) == 18 and counts["UBND xã"] == 11
    items = [t for t in outlook if t.startswith("- ") and not t.startswith("- …")]
    assert len(items) + sum(int(m.group(1)) for t in outlook if (m := re.match(r"^- … và (\d+) nhiệm vụ khác", t))) \
        == 18
    ubnd = section(outlook, "1. UBND xã", "2. ")
    assert ubnd[1].endswith("(quá hạn từ 31/03/2023, cần hoàn thành ngay).")  # overdue first, then by due date
    assert ubnd[2].endswith("(hạn 30/09/2023).")


def test_difficulties_proposals_and_what_only_a_person_writes(commune):
    texts = body_texts(commune)
    hard = section(texts, "II. KHÓ KHĂN, VƯỚNG MẮC", "III.")
    assert "- Còn 2 nhiệm vụ quá hạn chưa hoàn thành (nêu tại mục I.3 và mục III)." in hard
    assert "- 5 nhiệm vụ chưa triển khai thực hiện." in hard
    assert hard[-1] == "[…] (Nêu khó khăn, vướng mắc và nguyên nhân)"
    proposals = section(texts, "IV. ĐỀ XUẤT, KIẾN NGHỊ", "Trên đây")
    assert proposals[1].startswith("[…] (Ghi đề xuất, kiến nghị với UBND huyện Văn Lâm")
    assert "Trên đây là báo cáo kết quả thực hiện Kế hoạch nâng cao Chỉ số PAPI 6 tháng đầu năm 2023 của UBND xã " \
           "Trung Trắc./." in texts


def test_running_text_markers_and_recipients(commune):
    texts = body_texts(commune)
    text = "\n".join(texts)
    heading_cells = 8  # the heading table's paragraphs
    running = texts[heading_cells:texts.index("Nơi nhận:")]
    assert not [t for t in running if "Xã Trung Trắc" in t or "UBND Xã" in t]  # "xã Trung Trắc" in running text
    assert not [t for t in texts if re.match(r"^[-+•]\s*([-+•]|\d+\.|[a-z]\))\s", t)]  # no "- 1." or "- -"
    assert "(Ký, ghi rõ họ tên, đóng dấu)" not in text and "─" not in text
    recipients = section(texts, "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN")
    assert recipients == ["Nơi nhận:", "- UBND huyện Văn Lâm;", "- Phòng Nội vụ huyện Văn Lâm;",
                          "- TT Đảng ủy, HĐND xã;", "- Chủ tịch, các PCT UBND xã;", "- Lưu: VT."]
    assert texts[texts.index("TM. ỦY BAN NHÂN DÂN") + 1] == "CHỦ TỊCH"


def test_appendix_lists_every_task_with_its_result(commune):
    texts = body_texts(commune)
    assert "Phụ lục" in texts and "(Kèm theo Báo cáo số […]/BC-UBND ngày […] của UBND xã Trung Trắc)" in texts
    rows = tables(commune)[-1]
    assert rows[0] == ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Tiến độ", "Kết quả thực hiện", "Minh chứng"]
    task_rows = [r for r in rows[1:] if r[0].isdigit()]
    groups = [r[0] for r in rows[1:] if not r[0].isdigit()]
    assert [r[0] for r in task_rows] == [str(n) for n in range(1, 31)]
    assert groups == [i.label for i in load_catalog("hungyen-xa").indices]
    tasks = sheet_tasks(EXAMPLE)
    for row, t in zip(task_rows, tasks, strict=True):
        assert row[5] == (t["result"] or "") and row[6] == (t["evidence"] or "")
        assert row[4].startswith({"Hoàn thành": "Hoàn thành", "Không thực hiện": "Không thực hiện"}.get(
            t["status"], "Quá hạn" if isinstance(t["due"], dt.date) and t["due"] < CUTOFF else t["status"]))


def test_long_lists_are_capped_and_the_appendix_has_them_all(tmp_path):
    tasks = trung_trac_progress_tasks()
    extra = []
    for n in range(15):  # fifteen more finished tasks of 1.a
        t = copy.deepcopy(tasks[0])
        t.update(task=f"Tuyên truyền chuyên đề số {n + 1} về bầu cử trưởng thôn", result=f"Đã tổ chức buổi số {n + 1}.",
                 evidence=f"Báo cáo số {n + 40}/BC-UBND ngày 15/03/2023", code=None)
        extra.append(t)
    path = write_workbook(tmp_path / "nhieu.xlsx", trung_trac_progress_meta(), load_catalog("hungyen-xa"),
                          [tasks[0], *extra, *tasks[1:]])
    out = tmp_path / "bc.docx"
    report(path, "-o", out)
    texts = body_texts(out)
    tri_thuc = section(texts, "a) Tri thức công dân", "b) ")
    shown = [t for t in tri_thuc if t.startswith("- ") and not t.startswith("- …")]
    assert len(shown) == 8
    assert tri_thuc[-1] == "- … và 8 nhiệm vụ khác đã hoàn thành (xem Phụ lục)."
    appendix = [r for r in tables(out)[-1] if r[0].isdigit()]
    assert len(appendix) == 45
    for n in range(15):
        assert any(r[5] == f"Đã tổ chức buổi số {n + 1}." for r in appendix)


def test_a_commune_reporting_after_july_2025_sends_to_the_province(tmp_path):
    tasks = [dict(t, status="Đang thực hiện") for t in trung_trac_tasks()]
    path = write_returned(tmp_path / "xa.xlsx", "Xã Nghĩa Trụ", tasks, year=2025, cutoff=dt.date(2025, 12, 31),
                          parent="Tỉnh Hưng Yên")
    out = tmp_path / "bc.docx"
    report(path, "-o", out)
    texts = body_texts(out)
    assert section(texts, "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN") == [
        "Nơi nhận:", "- UBND tỉnh Hưng Yên;", "- Sở Nội vụ tỉnh Hưng Yên;", "- TT Đảng ủy, HĐND xã;",
        "- Chủ tịch, các PCT UBND xã;", "- Lưu: VT."]
    assert "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026" in texts  # a year report plans for the next year
    assert "huyện" not in "\n".join(section(texts, "Nơi nhận:", "TM."))


# -- a merged summary ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    from papi_xl.samples import write_returned_set

    root = tmp_path_factory.mktemp("merged")
    write_returned_set(root / "in", ["Xã Trung Trắc", "Xã Lạc Hồng", "Xã Đại Đồng", "Xã Như Quỳnh"], broken={3})
    expected = root / "ds.csv"
    expected.write_text("Đơn vị\nXã Trung Trắc\nXã Lạc Hồng\nXã Đại Đồng\nXã Như Quỳnh\nXã Tân Quang\n",
                        encoding="utf-8")
    summary = root / "th.xlsx"
    result = runner.invoke(app, ["merge", str(root / "in"), "-o", str(summary), "--expected", str(expected),
                                 "--unit", "Huyện Văn Lâm", "--json"])
    import json

    merge_json = json.loads(result.output)
    out = root / "bc.docx"
    report(summary, "-o", out, "--period", "6thang")
    return summary, merge_json, out


def test_summary_states_its_coverage_exactly(merged):
    _, m, out = merged
    texts = body_texts(out)
    register = {e["unit"]: e for e in m["register"]}
    accepted = sorted((u for u, e in register.items() if e["status"] == "Đã nhận"),
                      key=lambda u: unicodedata.normalize("NFD", u.replace("Đ", "D")))
    rejected = [(u, e["reasons"]) for u, e in register.items() if e["status"] == "Từ chối"]
    missing = [u for u, e in register.items() if e["status"] == "Chưa nộp"]
    assert (len(accepted), len(rejected), missing) == (3, 1, ["Xã Tân Quang"])
    cover = section(texts, "1. Tình hình báo cáo của các đơn vị", "2. Kết quả chung")
    names = ", ".join(u.replace("Xã ", "xã ") for u in accepted)
    assert cover[1] == (f"UBND huyện nhận được báo cáo hợp lệ của 3/5 đơn vị: {names}. Các số liệu trong báo cáo "
                        f"này chỉ tính 3 đơn vị nêu trên.")
    (unit, reasons), = rejected
    assert f"- {unit}: {reasons.rstrip('.')}." in cover
    assert "Chưa gửi báo cáo: 1 đơn vị (xã Tân Quang)." in cover
    captions = [t for t in texts if t.startswith("Bảng ")]
    assert captions == ["Bảng 1. Kết quả thực hiện theo chỉ số nội dung - số liệu của 3/5 đơn vị",
                        "Bảng 2. Kết quả thực hiện theo đơn vị (xếp theo tỷ lệ hoàn thành) - số liệu của 3/5 đơn vị"]
    t = m["totals"]
    assert (f"Đến ngày 30/06/2023, trong tổng số {t['total']} nhiệm vụ của 3 đơn vị: đã hoàn thành {t['done']}"
            in "\n".join(texts))


def test_summary_ranks_units_and_names_those_needing_help_first(merged):
    summary, m, out = merged
    ws = openpyxl.load_workbook(summary)["Xếp hạng"]
    ranked = [ws.cell(r, 2).value for r in range(5, 8)]
    unit_rows = tables(out)[2]
    assert [r[1] for r in unit_rows[1:]] == ranked  # Bảng 2 ranked like the summary's Xếp hạng sheet
    units = m["by_unit"]
    overall = m["totals"]["pct_done"]
    need = [u for u in units if u["overdue"] or u["not_done"] or (u["pct_done"] or 0) < overall]
    need.sort(key=lambda u: (-u["overdue"], u["pct_done"], -u["not_done"]))
    texts = body_texts(out)
    start = next(n for n, t in enumerate(texts) if t.startswith("Các đơn vị cần tập trung đôn đốc, hỗ trợ trước"))
    listed = [texts[start + 1 + i].split(":")[0][2:] for i in range(len(need))]
    assert listed == [u["unit"] for u in need]
    first = need[0]
    assert texts[start + 1].startswith(f"- {first['unit']}: {first['overdue']} nhiệm vụ quá hạn")


def test_summary_lines_name_their_unit_and_point_to_the_full_list(merged):
    _, m, out = merged
    texts = body_texts(out)
    one = section(texts, "3.1. Chỉ số 1", "3.2.")
    assert one[1].startswith("Các đơn vị có 12 nhiệm vụ: ")
    assert "đơn vị hoàn thành toàn bộ nhiệm vụ của chỉ số" in one[2]
    items = [t for t in one if t.startswith("- ") and not t.startswith("- …")]
    assert items and all(re.search(r"\((xã [^;)]+)", t) for t in items)
    more = [t for t in one if t.startswith("- …")]
    assert all(t.endswith("(xem sheet Nhiệm vụ của bảng tổng hợp th.xlsx).") for t in more if "quá hạn" not in t)
    outlook = section(texts, "III. PHƯƠNG HƯỚNG", "IV.")
    assert outlook[1].startswith("1. Đôn đốc các đơn vị hoàn thành")
    assert "2. Yêu cầu 2 đơn vị chưa gửi hoặc có báo cáo bị từ chối hoàn thiện, gửi báo cáo: xã Tân Quang, xã Như " \
           "Quỳnh." in outlook
    rec = section(texts, "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN")
    assert rec[1:3] == ["- UBND tỉnh;", "- Sở Nội vụ;"] and "- UBND các xã, thị trấn;" in rec


# -- --previous ----------------------------------------------------------------------------------------------
def _earlier(tmp_path: Path, cutoff: dt.date, edit=None, meta_edit=None) -> Path:
    """The Trung Trắc example as it stood at ``cutoff``: tasks finished later were still in progress."""
    meta = trung_trac_progress_meta()
    meta.cutoff = cutoff
    if meta_edit:
        meta_edit(meta)
    tasks = trung_trac_progress_tasks()
    for t in tasks:
        if t["done_date"] and t["done_date"] > cutoff:
            t.update(status="Đang thực hiện", evidence=None, done_date=None)
        if edit:
            edit(t)
    return write_workbook(tmp_path / f"ky-truoc-{cutoff:%m%d}.xlsx", meta, load_catalog("hungyen-xa"), tasks)


def test_previous_period_compares_every_figure_and_lists_tasks_finished_since(tmp_path):
    q1 = _earlier(tmp_path, dt.date(2023, 3, 31))
    before = [t for t in sheet_tasks(q1) if t["status"] == "Hoàn thành"]
    now = [t for t in sheet_tasks(EXAMPLE) if t["status"] == "Hoàn thành"]
    finished = [t for t in now if t["code"] not in {b["code"] for b in before}]
    assert (len(before), len(now), len(finished)) == (5, 11, 6)
    out = tmp_path / "bc.docx"
    report(EXAMPLE, "-o", out, "--previous", q1)
    texts = body_texts(out)
    text = "\n".join(texts)
    p0, p1 = round(100 * 5 / 30, 1), round(100 * 11 / 30, 1)
    assert (f"So với kỳ báo cáo trước (số liệu đến ngày 31/03/2023): số nhiệm vụ hoàn thành tăng 6 (từ 5 lên 11); "
            f"tỷ lệ hoàn thành tăng 20 điểm % (từ {p0:.1f}% lên {p1:.1f}%)".replace(".", ",", 2)) in text
    listed = section(texts, "Từ kỳ báo cáo trước đến nay đã hoàn thành thêm 6 nhiệm vụ:", "Kết quả theo từng")
    assert len(listed) == 7
    for t in finished:
        first = re.sub(r"^[-\s]+", "", t["task"].split("\n")[0])[:40]
        assert any(first in line for line in listed), first
    rows = tables(out)[1]
    assert rows[0][-2:] == ["Tỷ lệ kỳ trước", "Tăng, giảm (điểm %)"]
    assert rows[-1][-3:] == ["36,7%", "16,7%", "+20"]
    marks = [t for t in texts if "(hoàn thành trong kỳ)" in t]
    assert len(marks) == 6
    assert "Kế hoạch đề ra 4 nhiệm vụ: đã hoàn thành 2 (50%), đang thực hiện 1, chưa thực hiện 1. So với kỳ trước: " \
           "số nhiệm vụ hoàn thành không đổi (2); tỷ lệ hoàn thành không đổi (50%)." in texts


def test_previous_tasks_are_matched_by_code_else_by_text(tmp_path):
    def reword(t):  # the clerk rewrote every task's text; codes unchanged
        t["task"] = "Sửa lời: " + t["task"]

    out = tmp_path / "a.docx"
    report(EXAMPLE, "-o", out, "--previous", _earlier(tmp_path, dt.date(2023, 3, 31), reword))
    text = full_text(out)
    assert "đã hoàn thành thêm 6 nhiệm vụ" in text and "nhiệm vụ không có trong kỳ trước" not in text

    def uncode(t):  # no Mã nhiệm vụ in the earlier workbook: matched by text
        t["code"] = None

    out = tmp_path / "b.docx"
    report(EXAMPLE, "-o", out, "--previous", _earlier(tmp_path, dt.date(2023, 4, 30), uncode))
    text = full_text(out)
    assert "đã hoàn thành thêm 5 nhiệm vụ" in text and "nhiệm vụ không có trong kỳ trước" not in text

    def last_year(meta):  # another plan: codes mean nothing across plans, texts still match
        meta.year = 2022

    out = tmp_path / "c.docx"
    report(EXAMPLE, "-o", out, "--previous", _earlier(tmp_path, dt.date(2023, 3, 31), reword, last_year))
    text = full_text(out)
    assert "các nhiệm vụ được đối chiếu theo nội dung, không theo Mã nhiệm vụ" in text
    assert "Có 30 nhiệm vụ không có trong kỳ trước (nhiệm vụ mới hoặc đã sửa nội dung); 30 nhiệm vụ của kỳ trước " \
           "không còn trong kỳ này." in text


def test_previous_must_be_the_same_kind_unit_and_earlier(tmp_path, merged):
    summary, _, _ = merged
    other = tmp_path / "khac.xlsx"
    shutil.copy(EXAMPLE, other)
    wb = openpyxl.load_workbook(other)
    wb["Thông tin"]["B3"] = "Xã Lạc Hồng"
    wb.save(other)
    cases = [(other, "không phải của"), (summary, "phải cùng loại"),
             (_earlier(tmp_path, dt.date(2023, 9, 30)), "không trước ngày chốt của kỳ này")]
    for previous, message in cases:
        result = runner.invoke(app, ["report", str(EXAMPLE), "-o", str(tmp_path / "x.docx"), "--previous",
                                     str(previous)])
        assert result.exit_code == 2 and message in result.output, result.output
        assert not (tmp_path / "x.docx").exists()


def _unit_set(folder: Path, cutoff: dt.date, done: dict[str, int], late: dict[str, int]) -> None:
    """Three communes with ``done[unit]`` finished tasks and ``late[unit]`` open tasks due 30/04/2023."""
    for unit in done:
        tasks = []
        for n, t in enumerate(trung_trac_tasks()):
            t = dict(t, status="Đang thực hiện", due=dt.date(2023, 12, 31))
            if n < done[unit]:
                t.update(status="Hoàn thành", result="Đã xong.", evidence="Báo cáo số 01/BC-UBND ngày 01/03/2023",
                         done_date=dt.date(2023, 3, 1))
            elif n < done[unit] + late[unit]:
                t["due"] = dt.date(2023, 4, 30)
            tasks.append(t)
        write_returned(folder / f"{unit}.xlsx", unit, tasks, cutoff=cutoff)


def test_previous_summary_names_units_that_improved_or_fell_behind(tmp_path):
    units = ["Xã Lạc Hồng", "Xã Đại Đồng", "Xã Như Quỳnh"]
    _unit_set(tmp_path / "q1", dt.date(2023, 3, 31), dict(zip(units, (5, 5, 5), strict=True)),
              dict(zip(units, (0, 3, 0), strict=True)))
    _unit_set(tmp_path / "h1", dt.date(2023, 6, 30), dict(zip(units, (11, 5, 5), strict=True)),
              dict(zip(units, (0, 3, 0), strict=True)))
    for period in ("q1", "h1"):
        result = runner.invoke(app, ["merge", str(tmp_path / period), "-o", str(tmp_path / f"{period}.th.xlsx"),
                                     "--unit", "Huyện Văn Lâm"])
        assert result.exit_code == 0, result.output
    out = tmp_path / "bc.docx"
    report(tmp_path / "h1.th.xlsx", "-o", out, "--previous", tmp_path / "q1.th.xlsx")
    texts = body_texts(out)
    units_part = section(texts, "So với kỳ trước, theo đơn vị:", "3. Kết quả")
    assert units_part[1] == "- 1 đơn vị tiến bộ: xã Lạc Hồng (tỷ lệ hoàn thành tăng 20 điểm % (từ 16,7% lên 36,7%))."
    # Đại Đồng: the same tasks done, but three of them went past their due date (30/04) since 31/03
    assert units_part[2] == ("- 1 đơn vị chậm lại (tỷ lệ hoàn thành giảm hoặc thêm nhiệm vụ quá hạn): xã Đại Đồng "
                             "(tỷ lệ hoàn thành không đổi (16,7%), quá hạn tăng 3 (từ 0 lên 3)).")
    assert units_part[3] == "- 1 đơn vị không thay đổi."
    assert "Từ kỳ báo cáo trước đến nay đã hoàn thành thêm 6 nhiệm vụ:" in texts
    assert tables(out)[2][1][-3:] == ["36,7%", "16,7%", "+20"]  # Bảng 2: Lạc Hồng first, with its change


# -- the words ---------------------------------------------------------------------------------------------
def test_issuing_bodies_and_their_recipients():
    from papi_xl.outputs.report.wording import body_of, recipients

    before, after = dt.date(2023, 6, 30), dt.date(2025, 12, 31)
    xa = body_of("UBND Xã Trung Trắc", before)
    assert (xa.kind, xa.in_text, xa.authority, xa.place, xa.heading(), xa.symbol()) == (
        "commune", "xã Trung Trắc", "UBND xã Trung Trắc", "Trung Trắc", ("ỦY BAN NHÂN DÂN", "XÃ TRUNG TRẮC"),
        "BC-UBND")
    assert recipients(xa, body_of("Huyện Văn Lâm", before), before)[:2] == ["UBND huyện Văn Lâm",
                                                                          "Phòng Nội vụ huyện Văn Lâm"]
    assert recipients(xa, body_of("Tỉnh Hưng Yên", after), after)[:2] == ["UBND tỉnh Hưng Yên",
                                                                        "Sở Nội vụ tỉnh Hưng Yên"]
    # a district named as parent after 1/7/2025 no longer exists: the province, unnamed
    assert recipients(xa, body_of("Huyện Văn Lâm", after), after)[:2] == ["UBND tỉnh", "Sở Nội vụ"]
    phuong = body_of("Phường Phùng Chí Kiên", before)
    assert recipients(phuong, None, before)[2:4] == ["TT Đảng ủy, HĐND phường", "Chủ tịch, các PCT UBND phường"]
    tinh = body_of("Tỉnh Hưng Yên", after)
    assert recipients(tinh, None, after) == ["Bộ Nội vụ", "TT Tỉnh ủy, HĐND tỉnh", "Chủ tịch, các PCT UBND tỉnh",
                                             "Sở Nội vụ", "UBND các xã, phường, đặc khu", "Lưu: VT"]
    assert body_of("Thành phố Hưng Yên", before).kind == "district"
    assert body_of("Thành phố Hưng Yên", after).kind == "province" == body_of("Thành phố Hà Nội", before).kind
    snv = body_of("Sở Nội vụ tỉnh Hưng Yên", after)
    assert (snv.kind, snv.heading(), snv.symbol(), snv.signer(), snv.place) == (
        "agency", ("UBND TỈNH HƯNG YÊN", "SỞ NỘI VỤ"), "BC-SNV", ("GIÁM ĐỐC",), "Hưng Yên")  # a parent line


def test_evidence_is_cited_as_document_numbers():
    from papi_xl.outputs.report.wording import evidence_text, task_title

    assert evidence_text("KH số 12/KH-UBND ngày 10/2/2023") == "Kế hoạch số 12/KH-UBND ngày 10/02/2023"
    assert evidence_text("- QĐ 45/QĐ-UBND, 28/06/2023\n- Công văn số 40/UBND-VP ngày 02/06/2023") == \
        "Quyết định số 45/QĐ-UBND ngày 28/06/2023; Công văn số 40/UBND-VP ngày 02/06/2023"
    assert evidence_text("Chương trình 3/CTr-UBND") == "Chương trình số 03/CTr-UBND"
    # more than numbers: the clerk's words are kept
    assert evidence_text("Kế hoạch số 12/KH-UBND ngày 10/02/2023 về tuyên truyền bầu cử") == \
        "Kế hoạch số 12/KH-UBND ngày 10/02/2023 về tuyên truyền bầu cử"
    assert evidence_text("Ảnh chụp buổi tuyên truyền") == "minh chứng: Ảnh chụp buổi tuyên truyền"
    assert evidence_text("") == ""
    assert task_title("- Nhiệm vụ: hướng dẫn, triển khai kiện toàn Ban thanh tra nhân dân\n- Việc khác") == \
        "Hướng dẫn, triển khai kiện toàn Ban thanh tra nhân dân"
    assert task_title("Công khai những nội dung sau:\n1. Chủ trương, chính sách.\n2. Kế hoạch.") == \
        "Công khai những nội dung sau: Chủ trương, chính sách"


def test_readme_shows_a_page_of_the_draft():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"!\[[^\]]*\]\((docs/[^)]+\.png)\)", text)
    assert links and all((ROOT / link).stat().st_size > 20_000 for link in links)
