"""The xlwings Lite route: papi-xl installed from its wheel's URL into Pyodide (Python in the browser).

Pyodide has no build of python-calamine, and a browser has no use for typer and rich: the wheel must
not require them there, and the Kiểm tra and Tổng hợp buttons must run without them.  Here the wheel is
built from the source, its metadata is evaluated as micropip evaluates it under Pyodide, and the two
buttons run from the unpacked wheel, in a fresh interpreter where importing those three raises
ImportError, on the payload an Office.js client sends.  Their actions must equal those of a normal run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from email.parser import Parser
from importlib import metadata
from pathlib import Path

import pytest
from builders import good_task, write
from conftest import ROOT
from packaging.markers import default_environment
from packaging.requirements import Requirement
from test_xl import payload, replay, run_button

from papi_xl import xl

BLOCKED = ("python_calamine", "typer", "rich")
NOT_FOR_PYODIDE = {"python-calamine", "typer", "rich"}
# compiled packages Pyodide builds and serves itself (its package repository, anaconda.org/pyodide):
# micropip takes them from there; xlwings is xlwings Lite's own
PYODIDE_BUILT = {"numpy", "pandas", "lxml", "pydantic-core"}
LITE_PROVIDED = {"xlwings"}
PURE_NOT_INSTALLED_HERE = {"tzdata"}  # pure-Python wheels on PyPI that this machine does not have

PYODIDE = {**default_environment(), "sys_platform": "emscripten", "platform_system": "Emscripten",
           "platform_machine": "wasm32", "os_name": "posix"}


def _name(n: str) -> str:
    return n.lower().replace("_", "-").replace(".", "-")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """papi-xl's wheel, built with pip from a copy of the source (the worktree stays clean)."""
    src = tmp_path_factory.mktemp("src")
    shutil.copytree(ROOT / "papi_xl", src / "papi_xl", ignore=shutil.ignore_patterns("__pycache__"))
    for f in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / f, src / f)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(src)],
                   check=True, capture_output=True, timeout=600)
    (built,) = out.glob("papi_xl-*-py3-none-any.whl")
    return built


def _requires(wheel: Path) -> list[Requirement]:
    with zipfile.ZipFile(wheel) as z:
        meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        return [Requirement(r) for r in Parser().parsestr(z.read(meta).decode()).get_all("Requires-Dist")]


def _needed(reqs, env) -> set[str]:
    return {_name(r.name) for r in reqs if r.marker is None or r.marker.evaluate({**env, "extra": ""})}


def test_wheel_needs_no_calamine_typer_or_rich_under_pyodide(wheel):
    reqs = _requires(wheel)
    desktop = _needed(reqs, default_environment())
    assert NOT_FOR_PYODIDE <= desktop  # pip install papi-xl still gives the full command line
    pyodide = _needed(reqs, PYODIDE)
    assert not pyodide & NOT_FOR_PYODIDE
    # everything micropip would fetch, with its own dependencies, is a pure-Python wheel or one Pyodide
    # (or xlwings Lite) provides
    seen: dict[str, str] = {}
    todo = sorted(pyodide)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if name in PYODIDE_BUILT | LITE_PROVIDED:
            seen[name] = "pyodide"
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            assert name in PURE_NOT_INSTALLED_HERE, f"{name}: needed under Pyodide, unknown here"
            seen[name] = "pure"
            continue
        assert "Root-Is-Purelib: true" in (dist.read_text("WHEEL") or ""), f"{name} is not pure Python"
        seen[name] = "pure"
        for r in map(Requirement, dist.requires or []):
            if r.marker is None or r.marker.evaluate({**PYODIDE, "extra": ""}):
                todo.append(_name(r.name))
    assert not set(seen) & NOT_FOR_PYODIDE
    assert {"pandas", "pandera", "openpyxl", "lxml", "pydantic-core"} <= set(seen)


RUNNER = """
import importlib.abc, json, os, sys
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
sys.path.insert(0, {unpacked!r})
BLOCKED = {blocked!r}

class NotInPyodide(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError("no " + name + " in Pyodide")
        return None

sys.meta_path.insert(0, NotInPyodide())
for name in BLOCKED:
    try:
        __import__(name)
    except ImportError:
        continue
    raise SystemExit(name + " was importable")
import xlwings as xw
import papi_xl
from papi_xl import xl
assert papi_xl.__file__.startswith({unpacked!r}), papi_xl.__file__
out = {{}}
for entry in ("validate", "summarize"):
    book = xw.Book(json=json.load(open({payload!r}, encoding="utf-8")))
    getattr(xl, entry)(book)
    out[entry] = book.json()["actions"]
sys.platform = "emscripten"  # as in xlwings Lite
book = xw.Book(json=json.load(open({payload!r}, encoding="utf-8")))
xl.merge(book)
out["merge"] = book.json()["actions"]
out["imported"] = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
json.dump(out, open({result!r}, "w", encoding="utf-8"), ensure_ascii=False)
"""


def test_buttons_run_from_the_wheel_without_calamine_typer_and_rich(wheel, tmp_path):
    unpacked = tmp_path / "site"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(unpacked)
    book = write(tmp_path / "x.xlsx", [good_task(1, status="Hoàn thành"), good_task(2, lead="Hợp tác xã"),
                                       good_task(3, timeline="Quý I năm 2025", status="Chưa thực hiện")])
    data = tmp_path / "payload.json"
    data.write_text(json.dumps(payload(book), ensure_ascii=False, default=str), encoding="utf-8")
    result = tmp_path / "actions.json"
    script = tmp_path / "run.py"
    script.write_text(RUNNER.format(unpacked=str(unpacked), blocked=BLOCKED, payload=str(data), result=str(result)),
                      encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(result.read_text(encoding="utf-8"))
    assert out["imported"] == []
    for entry in ("validate", "summarize"):
        lite, normal = tmp_path / f"lite-{entry}.xlsx", tmp_path / f"normal-{entry}.xlsx"
        shutil.copy(book, lite)
        shutil.copy(book, normal)
        assert {a["func"] for a in out[entry]} <= xl.OFFICEJS_ACTIONS
        lite_alerts = replay(out[entry], lite)
        _, normal_alerts = run_button(getattr(xl, entry), normal)
        assert lite_alerts == normal_alerts and len(lite_alerts) == 1
        assert _cells(lite) == _cells(normal)
    merge_alerts = [a["args"][0] for a in out["merge"] if a["func"] == "alert"]
    assert len(merge_alerts) == 1 and "papi-xl merge" in merge_alerts[0] and "trình duyệt" in merge_alerts[0]


def _cells(path: Path) -> dict:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): (c.value, c.fill.fgColor.rgb if c.fill.fill_type else None)
            for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None or c.fill.fill_type}


def test_the_merge_button_in_a_browser_says_what_to_do_instead(tmp_path, monkeypatch):
    book = write(tmp_path / "x.xlsx", [good_task(1)])
    monkeypatch.setattr(sys, "platform", "emscripten")
    _, alerts = run_button(xl.merge, book)
    assert alerts == ["Không tổng hợp được: Nút Tổng hợp các đơn vị cần Python cài trên máy tính (để đọc thư mục báo "
                      "cáo trả về); trong xlwings Lite Python chạy trong trình duyệt. Hãy dùng lệnh papi-xl merge "
                      "trên máy tính."]
