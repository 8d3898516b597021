"""Benchmark: what one button click costs, the Python process start included.

    python benchmarks/bench_click.py                 # 7 interleaved rounds, medians
    python benchmarks/bench_click.py --importtime    # and what the imports of a click cost, largest first

A commune's 300-row workbook (built once with papi_xl.samples, cached under ``--workdir``) is checked the
ways a clerk does it; each run is a fresh ``python`` process timed from outside (wall clock, interpreter
start and imports included), from this worktree:

  kiem-tra    the Kiểm tra button: ``python -c "import papi_xl.xl; ... papi_xl.xl.validate(xw.Book(json=...))"``
  tong-hop    the Tổng hợp button (``papi_xl.xl.summarize``) on the same payload
  validate    ``papi-xl validate FILE --json --no-copy``
  summarize   ``papi-xl summarize FILE --json``
  import-xl   ``python -c "import papi_xl.xl"`` (what the buttons import before any work)
  xlwings     ``python -c "import xlwings"`` (the part of a click that is xlwings' own)
  python      ``python -c "pass"`` (the interpreter alone)

The xlwings payload is what an Office.js client sends (every sheet's values from A1, dates as serial
numbers), as in tests/test_xl.py; ``book.json()`` holds the actions Excel would apply.  Rounds are
interleaved (each round runs every case once) so that the load of a shared machine falls on all cases
alike; the medians are reported with the load average.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # this worktree's papi_xl, not an installed one
ROWS = 300

CHILD = {
    "kiem-tra": "import json, os; os.environ.setdefault('XLWINGS_LICENSE_KEY', 'noncommercial'); import xlwings as xw; "
                "import papi_xl.xl as xl; book = xw.Book(json=json.load(open({payload!r}, encoding='utf-8'))); "
                "xl.validate(book); print(len(book.json()['actions']))",
    "tong-hop": "import json, os; os.environ.setdefault('XLWINGS_LICENSE_KEY', 'noncommercial'); import xlwings as xw; "
                "import papi_xl.xl as xl; book = xw.Book(json=json.load(open({payload!r}, encoding='utf-8'))); "
                "xl.summarize(book); print(len(book.json()['actions']))",
    "import-xl": "import papi_xl.xl",
    "xlwings": "import os; os.environ.setdefault('XLWINGS_LICENSE_KEY', 'noncommercial'); import xlwings",
    "python": "pass",
}
CLI = {"validate": ["validate", "{file}", "--json", "--no-copy"], "summarize": ["summarize", "{file}", "--json"]}
CASES = ("kiem-tra", "tong-hop", "validate", "summarize", "import-xl", "xlwings", "python")


def workbook(workdir: Path) -> tuple[Path, Path]:
    """The 300-row workbook and its Office.js payload (made once)."""
    from papi_xl.samples import sample_progress, trung_trac_tasks, write_returned

    path, payload = workdir / f"xa-{ROWS}-dong.xlsx", workdir / f"xa-{ROWS}-dong.payload.json"
    if path.exists() and payload.exists():
        return path, payload
    rng = random.Random(300)
    base = trung_trac_tasks()
    tasks = []
    for i in range(ROWS):
        t = dict(base[i % len(base)])
        t["task"] = f"{t['task']} (đợt {i // len(base) + 1})"
        tasks.append(t)
    write_returned(path, "Xã Trung Trắc", sample_progress(tasks, rng, dt.date(2023, 6, 30)))
    payload.write_text(json.dumps(office_payload(path), ensure_ascii=False), encoding="utf-8")
    return path, payload


def office_payload(path: Path) -> dict:
    """The JSON an Office.js client sends for a workbook: every sheet's values from A1 (tests/test_xl.py)."""
    import python_calamine as pc

    from papi_xl.domain.values import EXCEL_EPOCH

    def office(v):
        if isinstance(v, dt.datetime):
            v = v.date()
        if isinstance(v, dt.date):
            return float((v - EXCEL_EPOCH).days)  # Office.js gives dates as serial numbers
        return v

    book = pc.CalamineWorkbook.from_path(str(path))
    sheets = []
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        width = max((len(r) for r in rows), default=1)
        values = [[office(v) for v in r] + [""] * (width - len(r)) for r in rows] or [[""]]
        sheets.append({"name": name, "values": values, "pictures": [], "tables": []})
    return {"client": "Office.js", "version": "0.33.0", "book": {"name": path.name, "active_sheet_index": 2,
            "selection": "A1"}, "names": [], "sheets": sheets}


def command(case: str, file: Path, payload: Path) -> list[str]:
    if case in CLI:
        return [sys.executable, "-m", "papi_xl.adapters.cli", *(a.format(file=file) for a in CLI[case])]
    return [sys.executable, "-c", CHILD[case].format(payload=str(payload))]


def run(cmd: list[str]) -> float:
    t = time.perf_counter()
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if done.returncode not in (0, 1):  # validate exits 1 when the file has Lỗi
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed


def importtime(top: int = 25) -> list[tuple[str, float, float]]:
    """(module, own ms, cumulative ms) of ``import papi_xl.xl`` + xlwings, the top-level packages first."""
    code = "import os; os.environ.setdefault('XLWINGS_LICENSE_KEY', 'noncommercial'); import xlwings; import papi_xl.xl"
    err = subprocess.run([sys.executable, "-X", "importtime", "-c", code], cwd=REPO, capture_output=True,
                         text=True).stderr
    rows = []
    for line in err.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, name = line[len("import time:"):].split("|")
        rows.append((name.rstrip(), int(own) / 1000, int(cumulative) / 1000))
    wanted = [r for r in rows if r[0].strip() in ("pandas", "numpy", "pandera", "xlwings", "openpyxl", "xlsxwriter",
                                                  "python_calamine", "docx", "lxml", "typer", "rich", "viparse",
                                                  "papi_xl.xl", "papi_xl.inputs.read", "papi_xl.rules.validate",
                                                  "papi_xl.pipeline.rollup", "papi_xl.outputs.views")]
    return sorted(wanted, key=lambda r: -r[2])[:top]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/papi-xl-bench"))
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--cases", default=",".join(CASES))
    ap.add_argument("--importtime", action="store_true")
    ap.add_argument("--json", type=Path, help="where to write the figures (default WORKDIR/bench-click.json)")
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    file, payload = workbook(args.workdir)
    cases = args.cases.split(",")
    runs: dict[str, list[float]] = {c: [] for c in cases}
    load = [os.getloadavg()[0]]
    for _ in range(args.repeat):
        for c in cases:
            runs[c].append(run(command(c, file, payload)))
        load.append(os.getloadavg()[0])
    med = {c: statistics.median(v) for c, v in runs.items()}
    print(f"{ROWS}-row workbook {file}; {args.repeat} interleaved rounds; load average {min(load):.2f}–{max(load):.2f}")
    print(f"{'case':10s} {'median s':>9s} {'min s':>7s} {'max s':>7s}")
    for c in cases:
        print(f"{c:10s} {med[c]:9.2f} {min(runs[c]):7.2f} {max(runs[c]):7.2f}"
              + ("   (goal < 1 s)" if c in ("kiem-tra", "tong-hop", "validate", "summarize") else ""))
    result = {"rows": ROWS, "repeat": args.repeat, "load_average": [min(load), max(load)], "median_s": med,
              "runs_s": runs}
    if args.importtime:
        print("\nimport costs of a click (python -X importtime; ms, own and cumulative):")
        rows = importtime()
        for name, own, cumulative in rows:
            print(f"  {name.strip():28s} {own:7.1f} {cumulative:8.1f}")
        result["importtime_ms"] = {name.strip(): cumulative for name, _, cumulative in rows}
    target = args.json or args.workdir / "bench-click.json"
    target.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"figures written to {target}")


if __name__ == "__main__":
    main()
