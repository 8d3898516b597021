"""Word plans of every layout (tests/corpus_docx.py) and the three prose seeds (tests/make_prose_seed_docx.py) through
`papi-xl import-docx PLAN.docx -o OUT.xlsx --json` (decisions §8): the rows, the metadata, and nothing lost.

The import tests are written against the §8 contract before the importer implements it. The corpus checks (each
document opens, holds the expected text, converts with LibreOffice) and the walker's own tests pass on their own.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from conftest import SHARED
from corpus_docx import (
    DATA,
    FIELDS,
    LAYOUTS,
    absent_everywhere,
    build_corpus,
    compare_meta,
    compare_rows,
    docx_blocks,
    docx_plain_text,
    from_tcvn3,
    norm,
    nothing_lost,
    set_cell_xml,
    soffice_batch,
    strip_label,
    to_tcvn3,
    workbook_rows,
    x_del,
    x_ins,
    x_run,
)
from make_prose_seed_docx import SEEDS, build_all, seed_lines
from typer.testing import CliRunner


def cli_app():
    """The one place that imports the CLI: papi_xl.cli today, papi_xl.adapters.cli after the restructuring."""
    from papi_xl.adapters.cli import app

    return app


def seed_expected(seed: str) -> dict:
    return json.loads((DATA / f"seed{seed}.expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> dict[str, Path]:
    return build_corpus(tmp_path_factory.mktemp("corpus-docx"))


@pytest.fixture(scope="session")
def seed_docs(tmp_path_factory) -> dict[str, Path]:
    return build_all(tmp_path_factory.mktemp("seeds-docx"))


@pytest.fixture(scope="session")
def imported(tmp_path_factory):
    """import-docx --json, once per document: (report, workbook)."""
    cache: dict[Path, tuple[dict, Path]] = {}
    outdir = tmp_path_factory.mktemp("imported")

    def run(plan: Path, catalog: str) -> tuple[dict, Path]:
        if plan not in cache:
            out = outdir / f"{plan.stem}.xlsx"
            result = CliRunner().invoke(cli_app(), ["import-docx", str(plan), "-o", str(out), "--json",
                                                    "--catalog", catalog, "--force"])
            assert result.exit_code == 0, result.output
            text = result.stdout
            try:
                report = json.loads(text)
            except json.JSONDecodeError:
                report = json.loads(text[text.index("{"):text.rindex("}") + 1])
            assert out.exists(), "no workbook written"
            cache[plan] = (report, out)
        return cache[plan]
    return run


def report_shape(report: dict, workbook: Path) -> list[str]:
    """The §8 JSON shape, and rows that are where the report says in the workbook."""
    problems = [f"missing key {k!r}" for k in ("file", "output", "unit", "year", "plan_number", "plan_date", "tasks",
                                                "rows", "skipped", "approximate", "notes") if k not in report]
    rows = report.get("rows", [])
    if report.get("tasks") != len(rows):
        problems.append(f"tasks = {report.get('tasks')} but {len(rows)} rows")
    for i, row in enumerate(rows):
        missing = [k for k in ("row", "source", "from_prose", "family", *FIELDS) if k not in row]
        if missing:
            problems.append(f"row {i + 1} lacks {missing}")
    if [r.get("row") for r in rows] != list(range(6, 6 + len(rows))):
        problems.append(f"sheet rows {[r.get('row') for r in rows]}, expected 6…{5 + len(rows)}")
    sheet = workbook_rows(workbook)
    for row in rows:
        cell = sheet.get(row.get("row"), {}).get("Nhiệm vụ", "")
        if norm(cell) != norm(str(row.get("task"))):
            problems.append(f"workbook row {row.get('row')} Nhiệm vụ is '{cell[:50]}', the report says "
                            f"'{norm(str(row.get('task')))[:50]}'")
    written = [r for r, cells in sheet.items() if r >= 6 and cells.get("Nhiệm vụ")]  # row 5: the numbering (1)…(15)
    if len(written) != len(rows):
        problems.append(f"the workbook has {len(written)} task rows, the report {len(rows)}")
    for s in report.get("skipped", []):
        if not {"where", "text", "reason"} <= set(s):
            problems.append(f"skipped entry {s} lacks where/text/reason")
    return problems


# --------------------------------------------------------------------------------------------------------------------
# the importer on every layout


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_layout_rows(name, corpus, imported):
    lay = LAYOUTS[name]
    report, workbook = imported(corpus[name], lay.catalog)
    problems = (report_shape(report, workbook) + compare_meta(lay.meta, report)
                + compare_rows(lay.rows, report.get("rows", []), lay.catalog, workbook_rows(workbook))
                + absent_everywhere(lay.absent, report))
    assert not problems, f"{name}: {lay.description}\n" + "\n".join(problems)


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_layout_nothing_lost(name, corpus, imported):
    lay = LAYOUTS[name]
    report, workbook = imported(corpus[name], lay.catalog)
    problems = nothing_lost(corpus[name], report, workbook, lay.sections)
    assert not problems, f"{name}: {lay.description}\n" + "\n".join(problems)


@pytest.mark.parametrize("seed", SEEDS)
def test_prose_seed_rows(seed, seed_docs, imported):
    expected = seed_expected(seed)
    report, workbook = imported(seed_docs[seed], expected["catalog"])
    rows = [{**r, "from_prose": True} for r in expected["rows"]]
    problems = (report_shape(report, workbook) + compare_meta(expected["meta"], report)
                + compare_rows(rows, report.get("rows", []), expected["catalog"], workbook_rows(workbook)))
    assert not problems, f"seed {seed}\n" + "\n".join(problems)


@pytest.mark.parametrize("seed", SEEDS)
def test_prose_seed_nothing_lost(seed, seed_docs, imported):
    expected = seed_expected(seed)
    report, workbook = imported(seed_docs[seed], expected["catalog"])
    problems = nothing_lost(seed_docs[seed], report, workbook, expected["task_sections"])
    assert not problems, f"seed {seed}\n" + "\n".join(problems)


# --------------------------------------------------------------------------------------------------------------------
# the corpus itself (independent of papi_xl)


def test_corpus_size_and_coverage():
    assert len(LAYOUTS) >= 20
    assert sum(1 for lay in LAYOUTS.values() if lay.resave_of) >= 3
    assert sum(1 for lay in LAYOUTS.values() if lay.rows and lay.rows[0].get("from_prose")) >= 3
    families = {r.get("family") for lay in LAYOUTS.values() for r in lay.rows}
    assert {"par", "sipas", "papi"} <= families
    assert {lay.catalog for lay in LAYOUTS.values()} == {"hungyen-xa", "papi"}


def test_every_document_opens_and_holds_its_expected_text(corpus, seed_docs):
    """python-docx opens each file; the text Word shows (changes accepted, TCVN3 decoded) holds every expected task
    and unit, and none of the texts that must not be imported."""
    for name, lay in LAYOUTS.items():
        d = docx.Document(str(corpus[name]))
        assert d.tables, name
        text = norm(docx_plain_text(corpus[name]))
        for row in lay.rows:
            for part in row["task"] if isinstance(row["task"], list) else [row["task"]]:
                assert strip_label(part) in text, (name, part)
            for unit in row["lead"] + row["coord"]:
                assert norm(unit) in text, (name, unit)
        for gone in lay.absent:
            assert norm(gone) not in text, (name, gone)
    for seed, path in seed_docs.items():
        text = norm(docx_plain_text(path))
        for row in seed_expected(seed)["rows"]:
            for part in row["task"] if isinstance(row["task"], list) else [row["task"]]:
                assert part in text, (seed, part[:60])


def test_the_documents_really_hold_what_they_claim(corpus):
    xml = {name: docx.Document(str(path)).element.xml for name, path in corpus.items()}
    assert "<w:ins " in xml["tracked-changes"] and "<w:delText" in xml["tracked-changes"]
    assert xml["content-controls"].count("<w:sdt>") >= 6 and "<w:dropDownList>" in xml["content-controls"]
    assert re.search(r"<w:sdtContent>\s*<w:tr[ >]", xml["content-controls"])  # a row inside a content control
    assert "<w:tblHeader/>" in xml["page-split-repeated-header"]
    assert xml["text-boxes"].count("<w:txbxContent>") == 4  # two boxes, each with its VML fallback
    assert xml["autonumbered-stt"].count("<w:numPr>") == 5 and "<w:delText" in xml["prose-bullets-tracked"]
    assert xml["prose-bullets-tracked"].count("<w:numPr>") == 5
    assert 'w:val="restart"' in xml["vertical-merges"] and "<w:gridSpan" in xml["two-row-header"]
    assert xml["nested-table"].count("<w:tbl>") >= 4  # heading, signature, frame, the nested task table
    assert 'w:ascii=".VnTime"' in xml["tcvn3-vntime"] and 'w:ascii=".VnTimeH"' in xml["tcvn3-vntime"]
    raw = "".join(p.text for t in docx.Document(str(corpus["tcvn3-vntime"])).tables for r in t.rows
                  for c in r.cells for p in c.paragraphs)
    assert "Tæ chøc" in raw and "Tổ chức" not in raw  # TCVN3 bytes, not Unicode
    comments = docx.Document(str(corpus["comments"])).comments
    assert len(list(comments)) == 3
    for name in (n for n, lay in LAYOUTS.items() if lay.resave_of):
        with zipfile.ZipFile(corpus[name]) as z:
            assert "LibreOffice" in z.read("docProps/app.xml").decode("utf-8"), name


def test_a_sample_converts_with_libreoffice(corpus, seed_docs, tmp_path):
    sample = [corpus[n] for n in ("appendix-8col", "two-row-header", "tracked-changes", "content-controls",
                                  "prose-multi-family", "nested-table")] + [seed_docs["003"]]
    pdfs = soffice_batch(sample, "pdf", tmp_path)
    import subprocess

    for src, pdf in zip(sample, pdfs, strict=True):
        text = norm(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
        assert "KẾ HOẠCH" in text, src.name
    seed_text = norm(subprocess.run(["pdftotext", str(pdfs[-1]), "-"], capture_output=True, text=True,
                                    check=True).stdout)
    assert "Phùng Chí Kiên" in seed_text and "Quản trị điện tử" in seed_text


def test_seed_rows_are_the_task_paragraphs_of_the_seed_text():
    """Each expected task is in the seed text as extracted (hard wraps and page breaks collapsed), and every labelled
    non-heading paragraph of the task sections of the .docx source is one expected row (title lines joined)."""
    for seed in SEEDS:
        expected = seed_expected(seed)
        original = next((SHARED / "seeds").glob(f"{seed}_*.txt")).read_text(encoding="utf-8")
        flat = norm(original.replace("*", ""))
        for row in expected["rows"]:
            for part in row["task"] if isinstance(row["task"], list) else [row["task"]]:
                assert norm(part) in flat, (seed, row["where"], part[:60])
        lines = seed_lines(seed)
        sec = expected["task_sections"][0]
        start = next(i for i, x in enumerate(lines) if sec["start"] in x)
        end = next(i for i, x in enumerate(lines) if sec["end"] in x and i > start)
        tasks = [x for x in lines[start:end] if not x.startswith(("@h ", "@title ", "@pagebreak"))
                 and re.match(r"^([a-zđ]\)|-|\d+\.)", x)]
        titles = [x for x in lines[start:end] if x.startswith("@hi ")]
        assert len(tasks) + len(titles) == len(expected["rows"]), seed
        assert [r["n"] for r in expected["rows"]] == list(range(1, len(expected["rows"]) + 1))
    assert {s: len(seed_expected(s)["rows"]) for s in SEEDS} == {"000": 37, "003": 34, "004": 38}


# --------------------------------------------------------------------------------------------------------------------
# the walker and the comparison, on hand-made documents and reports (so that they can fail)


@pytest.fixture
def tiny(tmp_path) -> Path:
    d = docx.Document()
    for text in ("Kế hoạch thử", "II. NỘI DUNG", "a) Việc một", "b) Việc hai", "III. TỔ CHỨC THỰC HIỆN",
                 "c) Ngoài phạm vi"):
        d.add_paragraph(text)
    t = d.add_table(rows=3, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "Nhiệm vụ", "Chủ trì"
    set_cell_xml(t.cell(1, 0), x_run("Việc ") + x_del("cũ") + x_ins("ba"))
    t.cell(1, 1).text = "Công an xã"
    t.cell(2, 0).text = "- Việc bốn"
    t.cell(2, 0).add_paragraph("- Việc năm")
    d.save(tmp_path / "tiny.docx")
    return tmp_path / "tiny.docx"


SECTIONS = [{"start": "II. NỘI DUNG", "end": "III. TỔ CHỨC"}]


def tiny_report() -> dict:
    def row(n, task, lead=""):
        return {"row": n, "source": "x", "from_prose": False, "family": "papi", "index": "1", "sub": "", "task": task,
                "output": "", "lead": lead, "coord": "", "timeline": ""}
    return {"rows": [row(6, "Việc một"), row(7, "Việc hai"), row(8, "Việc ba", "Công an xã"), row(9, "Việc bốn"),
                     row(10, "Việc năm")],
            "skipped": [{"where": "đoạn 2", "text": "II. NỘI DUNG", "reason": "tiêu đề mục"},
                        {"where": "bảng 1, dòng 1", "text": "Nhiệm vụ | Chủ trì", "reason": "dòng tiêu đề"}]}


def test_walker_accepts_a_complete_report(tiny):
    assert nothing_lost(tiny, tiny_report(), None, SECTIONS) == []


def test_walker_finds_a_lost_paragraph_and_a_lost_cell(tiny):
    report = tiny_report()
    del report["rows"][1]  # "Việc hai"
    report["rows"][1]["lead"] = ""  # "Công an xã"
    problems = nothing_lost(tiny, report, None, SECTIONS)
    assert len(problems) == 2
    assert "Việc hai" in problems[0] and "đoạn 4" in problems[0]
    assert "Công an xã" in problems[1] and "bảng 1, dòng 2, ô 2" in problems[1]


def test_walker_reads_tracked_changes_accepted_and_splits_cells_by_paragraph(tiny):
    report = tiny_report()
    report["rows"][2]["task"] = "Việc cũ"  # the deleted word instead of the inserted one
    assert any("Việc ba" in p for p in nothing_lost(tiny, report, None, SECTIONS))
    report = tiny_report()
    del report["rows"][4]  # "- Việc năm", the second paragraph of a cell imported as two rows
    problems = nothing_lost(tiny, report, None, SECTIONS)
    assert len(problems) == 1 and "Việc năm" in problems[0]


def test_walker_wants_a_reason_and_ignores_paragraphs_outside_the_sections(tiny):
    report = tiny_report()
    report["skipped"][0]["reason"] = " "
    problems = nothing_lost(tiny, report, None, SECTIONS)
    assert problems == ["skipped without a reason: đoạn 2 'II. NỘI DUNG'"]
    report = tiny_report()
    assert nothing_lost(tiny, report, None, [{"start": "Kế hoạch thử", "end": None}]) != []  # now c) counts too
    assert all("Ngoài phạm vi" not in p for p in nothing_lost(tiny, report, None, SECTIONS))


def test_walker_looks_into_the_workbook_row(tiny, tmp_path):
    report = tiny_report()
    report["rows"][2]["lead"] = ""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Nhiệm vụ"
    for c, h in enumerate(("TT", "Nhiệm vụ", "Đơn vị chủ trì", "Ghi chú"), start=1):
        ws.cell(4, c, h)
    ws.cell(8, 2, "Việc ba")
    ws.cell(8, 4, "Công an xã")
    wb.save(tmp_path / "wb.xlsx")
    assert nothing_lost(tiny, report, tmp_path / "wb.xlsx", SECTIONS) == []
    assert workbook_rows(tmp_path / "wb.xlsx")[8] == {"Nhiệm vụ": "Việc ba", "Ghi chú": "Công an xã"}


def test_docx_blocks_order_and_sections(tiny):
    blocks = docx_blocks(tiny, SECTIONS)
    paragraphs = [(b.text, b.in_section) for b in blocks if b.kind == "p"]
    assert paragraphs[:5] == [("Kế hoạch thử", False), ("II. NỘI DUNG", True), ("a) Việc một", True),
                              ("b) Việc hai", True), ("III. TỔ CHỨC THỰC HIỆN", False)]
    cells = [b.text for b in blocks if b.kind == "cell"]
    assert cells == ["Nhiệm vụ", "Chủ trì", "Việc ba", "Công an xã", "- Việc bốn - Việc năm", ""]


def test_tcvn3_table_matches_a_known_sample():
    # the extraction sample of notes.md §3: "Céng hoµ x· héi" is TCVN3 for "Cộng hoà xã hội"
    assert from_tcvn3("Céng hoµ x· héi") == "Cộng hoà xã hội"
    assert to_tcvn3("Tổ chức tuyên truyền") == "Tæ chøc tuyªn truyÒn"
    assert from_tcvn3(to_tcvn3("ủy ban nhân dân"), upper=True) == "ỦY BAN NHÂN DÂN"
    with pytest.raises(ValueError):
        to_tcvn3("Ủy ban")  # no accented capitals in TCVN3
    assert unicodedata.is_normalized("NFC", from_tcvn3(to_tcvn3("Quản trị điện tử")))


def test_compare_rows_can_fail():
    good = [{"index": "6", "sub": [None, "6.1"], "task": ["Tiêu đề", "Nội dung việc."], "output": None,
             "lead": ["Công chức Văn hóa - Xã hội"], "coord": [], "timeline": ["hằng năm", "hàng năm"],
             "family": [None, "par"], "absent": {"coord": ["Phòng Văn hóa - Xã hội"]}},
            {"index": None, "heading": "1. Lĩnh vực cải cách thể chế", "family": "par", "sub": None, "task": "Việc",
             "output": None, "lead": [], "coord": [], "timeline": []}]
    got = [{"index": "6. Cung ứng dịch vụ công", "sub": "", "task": "a) Tiêu đề: Nội dung việc.", "lead":
            "Công chức Văn hóa Xã hội", "coord": "Ban Văn hóa - Xã hội HĐND", "timeline": "Hàng năm", "family": ""},
           {"index": "Lĩnh vực cải cách thể chế", "sub": None, "task": "- Việc", "family": "par"}]
    assert compare_rows(good, got, "papi") == []
    bad = [dict(got[0], sub="6.2", coord="Phòng Văn hóa - Xã hội", family="papi", task="Tiêu đề"),
           dict(got[1], index="1")]
    problems = "\n".join(compare_rows(good, bad, "papi"))
    for needle in ("sub '6.2'", "must not contain", "family 'papi'", "task is 'Tiêu đề'", "placed under catalog "
                   "index 1"):
        assert needle in problems
    assert compare_rows(good, got[:1], "papi")[0] == "1 rows imported, 2 expected"
    assert compare_meta({"unit": "Xã Tân Quang", "year": 2026, "plan_number": "07/KH-UBND", "plan_date": "2026-01-15"},
                        {"unit": "xã Tân Quang", "year": 2026, "plan_number": "07 /KH-UBND",
                         "plan_date": "15/01/2026"}) == []
    assert len(compare_meta({"plan_number": None, "plan_date": None},
                            {"plan_number": "/KH-UBND", "plan_date": "2024-12-01"})) == 2


# --------------------------------------------------------------------------------------------------------------------
# what a fresh import is: a workbook ready to fill, a report a clerk can act on (decisions §8, the "must show")


def _complete(lay) -> bool:
    """Every expected row names a catalog index and sub-content and a lead: the plan gives every required field."""
    return all(isinstance(r.get("index"), str) and ":" not in r["index"] and isinstance(r.get("sub"), str)
               and r.get("lead") for r in lay.rows)


COMPLETE = [name for name, lay in LAYOUTS.items() if _complete(lay)]


def validate_json(workbook: Path) -> dict:
    result = CliRunner().invoke(cli_app(), ["validate", str(workbook), "--json", "--no-copy"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_complete_layouts_are_most_of_the_corpus():
    assert len(COMPLETE) >= 15, COMPLETE


@pytest.mark.parametrize("name", COMPLETE)
def test_a_fresh_import_has_no_error(name, corpus, imported):
    """A plan that gives index, sub-content and lead for every task imports with no Lỗi: Kỳ báo cáo and Ngày chốt are
    a prompt (meta-pending) until progress is entered."""
    _, workbook = imported(corpus[name], LAYOUTS[name].catalog)
    v = validate_json(workbook)
    errors = [i for i in v["issues"] if i["severity"] == "Lỗi"]
    assert v["ok"] and not errors, errors[:5]
    pending = sorted(i["field"] for i in v["issues"] if i["code"] == "meta-pending")
    assert pending == ["Kỳ báo cáo", "Ngày chốt số liệu"]


def test_progress_makes_the_period_required(corpus, imported, tmp_path):
    _, workbook = imported(corpus["appendix-8col"], "hungyen-xa")
    wb = openpyxl.load_workbook(workbook)
    wb["Nhiệm vụ"]["K6"] = "Đang thực hiện"
    wb.save(tmp_path / "with-progress.xlsx")
    codes = {(i["code"], i["field"]) for i in validate_json(tmp_path / "with-progress.xlsx")["issues"]}
    assert {("meta-missing", "Kỳ báo cáo"), ("meta-missing", "Ngày chốt số liệu")} <= codes
    assert not any(c == "meta-pending" for c, _ in codes)


def test_findings_have_the_one_shape(corpus, imported):
    for name, code in (("tracked-changes", "import-tracked-changes"), ("comments", "import-comments"),
                       ("tcvn3-vntime", "legacy-encoding")):
        report, _ = imported(corpus[name], LAYOUTS[name].catalog)
        findings = report["findings"]
        assert any(f["code"] == code for f in findings), name
        for f in findings:
            assert set(f) >= {"file", "sheet", "cell", "code", "severity", "message"} and f["sheet"] == ""
            assert f["file"] == f"{name}.docx" and f["severity"] in ("Lỗi", "Cảnh báo")
        skipped = [f for f in findings if f["code"] == "import-skipped"]
        assert len(skipped) == len(report["skipped"])
        assert all(re.fullmatch(r"(bảng \d+(, dòng \d+(, ô \d+)?)?|đoạn \d+)", f["cell"]) for f in skipped)
    report, _ = imported(corpus["comments"], "hungyen-xa")
    assert "3 nhận xét" in json.dumps(report["findings"], ensure_ascii=False)


def test_a_prose_import_is_a_draft(seed_docs, imported):
    report, workbook = imported(seed_docs["000"], "papi")
    assert report["findings"][0]["code"] == "import-prose" and "6–42" in report["findings"][0]["message"]
    wb = openpyxl.load_workbook(workbook)
    info = " ".join(str(c.value) for row in wb["Thông tin"].iter_rows() for c in row if c.value)
    assert "BẢN NHÁP" in info and "37 nhiệm vụ (dòng 6–42)" in info
    sheet = workbook_rows(workbook)
    assert all("cần rà soát" in sheet[r]["Ghi chú"] for r in range(6, 43))
    # the two sections the catalog lacks keep their heading in the index cell, never in the task code
    unplaced = [r for r in range(6, 43) if sheet[r]["Chỉ số nội dung"] in ("Công tác thông tin, tuyên truyền",
                                                                          "Kiểm tra, giám sát việc thực hiện Kế hoạch")]
    assert len(unplaced) == 8
    assert [sheet[r]["Mã nhiệm vụ"] for r in unplaced] == [f"NV.{i:02d}" for i in range(1, 9)]
    codes = [sheet[r]["Mã nhiệm vụ"] for r in range(6, 43)]
    assert len(set(codes)) == len(codes)


def test_seed004_rolls_up_by_family(seed_docs, imported):
    report, workbook = imported(seed_docs["004"], "papi")
    assert report["catalog"] == "papi+par"
    result = CliRunner().invoke(cli_app(), ["summarize", str(workbook), "--json"])
    rollup = json.loads(result.stdout)
    rows = rollup["by_indicator"]
    assert [r["family"] for r in rows] == ["papi"] * 8 + ["par"] * 8  # family, then index
    totals = {r["code"]: r["total"] for r in rows}
    assert totals["par-1"] == 4 and totals["par-2"] == 4 and totals["par-3"] == 3 and totals["par-7"] == 3
    assert sum(v for k, v in totals.items() if not k.startswith("par-")) == 19
    assert rollup["unclassified"] == 2  # the two tasks under the heading that names two PAR indices
