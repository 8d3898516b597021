"""Acceptance corpus "Read what clerks really send, and get every number right".

The corpus (tests/corpus_returns.py) is built once per session into a temporary folder.  papi-xl is run only
through its stable CLI JSON contracts (decisions.md §6), in-process.  Expectations come from each case's own
truth and the rules of decisions.md; a failing test names the case, the class and what was expected.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import corpus_returns as cr
import pytest
from typer.testing import CliRunner

RUNNER = CliRunner()
SINGLE_NAMES = [c.name for c in cr.SINGLES]
FOLDER_NAMES = [f.name for f in cr.FOLDERS]


def cli_app():
    """The only import of papi-xl's CLI in this corpus (it moves to papi_xl.adapters.cli after the restructure)."""
    from papi_xl.adapters.cli import app

    return app


def run_cli(*args) -> tuple[int, str, str]:
    r = RUNNER.invoke(cli_app(), [str(a) for a in args])
    return r.exit_code, r.stdout, r.stderr


@dataclass
class Corpus:
    root: Path
    singles: dict[str, cr.Single]
    folders: dict[str, cr.Folder]
    seconds: float


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Corpus:
    start = time.perf_counter()
    root = tmp_path_factory.mktemp("corpus-returns")
    singles, folders = cr.build_corpus(root)
    return Corpus(root, {c.name: c for c in singles}, {f.name: f for f in folders}, time.perf_counter() - start)


class Runs:
    """Each CLI run once per session."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.cache: dict[tuple, tuple[int, str, str]] = {}

    def get(self, *args) -> tuple[int, str, str]:
        if args not in self.cache:
            self.cache[args] = run_cli(*args)
        return self.cache[args]

    def validate(self, name: str):
        return self.get("validate", self.corpus.singles[name].path, "--json", "--no-copy")

    def summarize(self, name: str):
        return self.get("summarize", self.corpus.singles[name].path, "--json")


@pytest.fixture(scope="session")
def runs(corpus) -> Runs:
    return Runs(corpus)


def _json(name: str, what: str, code: int, out: str, err: str) -> dict:
    try:
        return json.loads(out)
    except ValueError:
        pytest.fail(f"[{name}] {what} printed no JSON (exit {code}). stderr: {err.strip()[:400]}")


def _label(c: cr.Single) -> str:
    return f"[{c.name} | lớp {c.klass} | {c.file}{' | ' + c.expect.why if c.expect.why else ''}]"


def _issue_line(i: dict) -> str:
    return f"{i.get('code')} {i.get('sheet')}!{i.get('cell')} ({i.get('severity')}): {(i.get('message') or '')[:90]}"


# -- the corpus itself ------------------------------------------------------------------------------------------
def test_corpus_shape(corpus):
    singles, folders = corpus.singles, corpus.folders
    assert len(singles) >= 30 and len(folders) >= 10 and len(singles) + len(folders) >= 40, (len(singles), len(folders))
    assert {c.klass for c in singles.values()} == set(range(1, 12)), "every single-file damage class 1-11"
    assert {f.klass for f in folders.values()} == set(range(13, 18)), "every folder class 13-17"
    assert corpus.seconds < 120, f"corpus build took {corpus.seconds:.0f} s"
    for c in singles.values():
        assert c.path.exists(), c.name
        assert c.expect.tasks, c.name


def _kind(path: Path) -> str:
    head = path.read_bytes()[:8]
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    if zipfile.is_zipfile(path):
        names = zipfile.ZipFile(path).namelist()
        return "ods" if "mimetype" in names else "xlsx"
    return "?"


def test_files_are_what_the_cases_claim(corpus):
    """The wrong-extension files really are another format; LibreOffice outputs really are .xls/.ods."""
    kinds = {name: _kind(c.path) for name, c in corpus.singles.items()}
    assert kinds["ext-xls-named-xlsx"] == "xls"
    assert kinds["ext-xlsx-named-xls"] == "xlsx"
    assert kinds["ext-ods-named-xlsx"] == "ods"
    assert kinds["ext-xls-named-ods"] == "xls"
    assert kinds["kitchen-xls-renamed-duplicate-sheet-period"] == "xls"
    wrong = [(name, kinds[name], c.path.name) for name, c in corpus.singles.items()
             if c.klass != 6 and name != "kitchen-xls-renamed-duplicate-sheet-period"
             and kinds[name] != c.path.suffix.lstrip(".")]
    assert not wrong, wrong


def test_document_dates_were_written(corpus):
    """The saved dates the merge must compare are really inside the files (OLE, meta.xml, core.xml)."""
    import olefile

    f = corpus.folders["date-xls-newer"].path
    assert olefile.OleFileIO(str(f / "bao-cao-sua.xls")).get_metadata().last_saved_time == dt.datetime(2025, 6, 28,
                                                                                                      16, 45)
    assert (f / "bao-cao-sua.xls").stat().st_mtime < (f / "bao-cao.xlsx").stat().st_mtime
    ods = corpus.folders["date-ods-newer"].path / "bieu-papi-lan-2.ods"
    assert b"<dc:date>2025-06-29T07:15:00</dc:date>" in zipfile.ZipFile(ods).read("meta.xml")
    core = zipfile.ZipFile(corpus.folders["date-ods-newer"].path / "bieu-papi.xlsx").read("docProps/core.xml")
    assert b"2025-06-18T10:00:00Z" in core


def test_legacy_encoders_match_the_published_tables():
    assert cr.tcvn3("Công chức Văn phòng - Thống kê") == "C«ng chøc V¨n phßng - Thèng kª"
    assert cr.tcvn3("Xã Đông Phong") == "X· §«ng Phong"
    assert cr.vni("Công chức Văn phòng - Thống kê") == "Coâng chöùc Vaên phoøng - Thoáng keâ"
    assert cr.vni("Đội ngũ cán bộ, thị trấn Mỹ") == "Ñoäi nguõ caùn boä, thò traán Myõ"
    raw = cr.cp1258_bytes("Xã Mễ Sở")
    assert raw == b"Xa\xde M\xea\xde S\xf5\xd2"  # ã ễ ở are not in cp1258: base letter + combining tone
    assert unicodedata.normalize("NFC", raw.decode("cp1258")) == "Xã Mễ Sở"
    assert len(cr.excel_lock_file()) == 165


# -- single files ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", SINGLE_NAMES)
def test_validate_exit_code(corpus, runs, name):
    c = corpus.singles[name]
    code, out, err = runs.validate(name)
    payload = _json(name, "validate", code, out, err) if code in (0, 1) else {}
    errors = [_issue_line(i) for i in payload.get("issues", []) if i.get("severity") == cr.E]
    want = c.expect.exit
    assert code == want, f"{_label(c)} validate exit {code}, expected {want}; Lỗi: {errors[:8]}; stderr: {err.strip()[:300]}"


@pytest.mark.parametrize("name", SINGLE_NAMES)
def test_findings(corpus, runs, name):
    c = corpus.singles[name]
    exp = c.expect
    code, out, err = runs.validate(name)
    assert code in (0, 1), f"{_label(c)} validate could not read the file (exit {code}): {err.strip()[:300]}"
    issues = _json(name, "validate", code, out, err)["issues"]
    problems = []
    for f in exp.present:
        if not any(f.matches(i) and i.get("severity") == f.severity for i in issues):
            near = [_issue_line(i) for i in issues if i.get("code") == f.code][:3]
            problems.append(f"thiếu {f}" + (f" (có: {near})" if near else ""))
    for f in exp.absent:
        hits = [_issue_line(i) for i in issues if f.matches(i)]
        if hits:
            problems.append(f"không được có {f}: {hits[:3]}")
    for code_, n in exp.exactly.items():
        got = sum(i.get("code") == code_ for i in issues)
        if got != n:
            problems.append(f"{code_}: {got} phát hiện, cần đúng {n}")
    unexpected = [_issue_line(i) for i in issues if i.get("severity") == cr.E
                  and not any(f.matches(i) for f in exp.present)]
    if unexpected:
        problems.append(f"Lỗi không mong đợi: {unexpected[:6]}")
    assert not problems, f"{_label(c)}\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("name", SINGLE_NAMES)
def test_counts(corpus, runs, name):
    c = corpus.singles[name]
    exp = c.expect
    code, out, err = runs.summarize(name)
    data = _json(name, "summarize", code, out, err)
    tot, by_index, by_lead, by_sub = exp.counts()
    problems = []
    got = {k: data.get("totals", {}).get(k) for k in cr.COUNT_KEYS}
    got["unclassified"] = data.get("unclassified")
    for k in exp.check:
        if got[k] != tot[k]:
            problems.append(f"tổng {k}: {got[k]}, cần {tot[k]}")
    if data.get("cutoff") != exp.cutoff.isoformat():
        problems.append(f"ngày chốt {data.get('cutoff')}, cần {exp.cutoff.isoformat()}")
    if data.get("unit") != exp.meta.unit:
        problems.append(f"đơn vị {data.get('unit')!r}, cần {exp.meta.unit!r}")
    if exp.check == cr.COUNT_KEYS:
        rows = {r.get("code"): r for r in data.get("by_indicator", [])}
        for code_ in map(str, range(1, 10)):
            want = by_index.get(code_, dict.fromkeys(cr.COUNT_KEYS, 0))
            have = rows.get(code_, {})
            for k in ("total", "done", "overdue"):
                if (have.get(k) or 0) != want[k]:
                    problems.append(f"chỉ số {code_} {k}: {have.get(k)}, cần {want[k]}")
    if exp.leads:
        units = data.get("by_unit", [])
        for abbr, want in by_lead.items():
            rec = next((u for u in units if u.get("code") == abbr or u.get("name") == cr.UNIT_NAME.get(abbr)), None)
            if rec is None or rec.get("total") != want["total"]:
                problems.append(f"đơn vị chủ trì {abbr}: {rec and rec.get('total')}, cần {want['total']}")
    if exp.subs:
        rows = {r.get("code"): r for r in data.get("by_subcontent", [])}
        for sub, want in by_sub.items():
            if (rows.get(sub) or {}).get("total") != want["total"]:
                problems.append(f"nội dung {sub}: {(rows.get(sub) or {}).get('total')}, cần {want['total']}")
    assert not problems, f"{_label(c)}\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("name", SINGLE_NAMES)
def test_summarize_exit_code(corpus, runs, name):
    """Class 12: summarize exits 1 on a file with Lỗi, and still prints the roll-up."""
    c = corpus.singles[name]
    code, out, err = runs.summarize(name)
    data = _json(name, "summarize", code, out, err)
    assert "totals" in data, f"{_label(c)} summarize printed no roll-up"
    want = 1 if c.expect.exit == 1 else 0
    assert code == want, f"{_label(c)} summarize exit {code}, expected {want} (validate exit {c.expect.exit})"


# -- folders (merge) -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", FOLDER_NAMES)
def test_merge(corpus, name):
    f = corpus.folders[name]
    exp = f.expect
    label = f"[{name} | lớp {f.klass}{' | ' + exp.why if exp.why else ''}]"
    for step in exp.prepare:
        code, _, err = run_cli(*step)
        assert code in (0, 1), f"{label} preparing with {step[0]} failed (exit {code}): {err.strip()[:300]}"
    for reg in exp.register:
        if reg.file:
            assert any(p.name == reg.file for p in Path(exp.args[0]).iterdir()), f"{label} {reg.file} was not made"
    out = corpus.root / "merge-out" / f"{name}-ket-qua.xlsx"
    out.parent.mkdir(exist_ok=True)
    code, stdout, err = run_cli("merge", *exp.args, "-o", out, "--json")
    if exp.exit == 2:
        text = stdout + err
        assert code == 2, f"{label} merge exit {code}, expected 2 ({text.strip()[:300]})"
        for s in exp.message:
            assert s in text, f"{label} the message must say {s!r}: {text.strip()[:300]}"
        return
    assert code == exp.exit, f"{label} merge exit {code}: {err.strip()[:300]}"
    payload = _json(name, "merge", code, stdout, err)
    register = payload.get("register", [])
    problems = []
    for reg in exp.register:
        if reg.file:
            rows = [e for e in register if Path(e.get("file") or "").name == reg.file]
            what = reg.file
        else:
            rows = [e for e in register if e.get("unit") == reg.unit and not e.get("file")]
            what = reg.unit
        if len(rows) != 1:
            problems.append(f"{what}: {len(rows)} dòng trong sổ, cần 1")
            continue
        e = rows[0]
        if e.get("status") != reg.status:
            problems.append(f"{what}: '{e.get('status')}' ({e.get('reasons')}), cần '{reg.status}'")
        if e.get("status") in reg.not_status:
            problems.append(f"{what}: không được là '{e.get('status')}'")
        if reg.reason and reg.reason not in (e.get("reasons") or ""):
            problems.append(f"{what}: lý do '{e.get('reasons')}' phải có '{reg.reason}'")
    counts = Counter(e.get("status") for e in register)
    for status, n in exp.counts.items():
        if counts.get(status, 0) != n:
            problems.append(f"số dòng '{status}': {counts.get(status, 0)}, cần {n}")
    by_unit = payload.get("by_unit", [])
    for unit, want in exp.by_unit.items():
        names = (unit, *exp.aliases.get(unit, ()))
        rec = next((r for r in by_unit if r.get("unit") in names), None)
        if rec is None:
            problems.append(f"{unit}: không có trong tổng hợp theo đơn vị ({[r.get('unit') for r in by_unit]})")
            continue
        for k, v in want.items():
            if rec.get(k) != v:
                problems.append(f"{unit} {k}: {rec.get(k)}, cần {v}")
    assert not problems, f"{label}\n  " + "\n  ".join(problems)
