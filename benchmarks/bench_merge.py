"""Benchmark: merging N returned workbooks.

    python benchmarks/bench_merge.py --n 170                                 # both scenarios, a, b, c x 3
    python benchmarks/bench_merge.py --n 3321 --scenario realistic --only c --repeat 1

Two sets of N returned workbooks (generated once, cached under ``--workdir``):

  realistic   the main one: every file different (benchmarks/realistic.py: distinct communes, their own
              task texts, results, evidence, dates; ~35 % of the task texts copied from the provincial
              plan; mistakes, Lỗi, unreadable files, an older duplicate; ~10 % re-saved by LibreOffice);
  duplicated  "one district, one plan": 24 generated variants copied with only the unit name changed
              (every file after the first few repeats the same texts: the best case for memo caches).

For each scenario, in the same run and each in a fresh process, interleaved (a, b, c, a, b, c, ...):

  (a) the floor: python-calamine reads every task sheet, xlsxwriter (constant memory, write_row) writes
      the same task rows unstyled;
  (b) a naive merge: pandas.read_excel(engine="openpyxl") per file, concat, to_excel with openpyxl;
  (c) papi-xl merge end to end (read, validate, decide, roll up, write the summary).

Time is measured inside the process around the work (imports of the work included); medians of the
repeats are compared, because single runs on a shared machine swing by 30 %.  Memory is the proportional
set size (Pss, /proc/<pid>/smaps_rollup) of the measured process and all its descendants (papi-xl's
worker processes, the forkserver), summed and sampled every 0.5 s over the whole run: the peak of the sum.

Prints a compact table and writes the figures to ``--json`` (default WORKDIR/bench-N.json).
``--profile`` instead runs one papi-xl merge under cProfile in one process (workers=1) and prints the top
functions by cumulative and own time (the .prof file is kept beside the output).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # this worktree's papi_xl, not an installed one
sys.path.insert(1, str(REPO / "benchmarks"))

PLACEHOLDER = "XAMAU0000"
VARIANTS = 24  # duplicated scenario: distinct generated workbooks; the rest are copies with another unit name
SCENARIOS = ("realistic", "duplicated")
LABELS = {"a": "(a) floor: calamine + xlsxwriter", "b": "(b) naive: pandas/openpyxl", "c": "(c) papi-xl merge"}


# -- the two sets -------------------------------------------------------------------------------------------
def generate_duplicated(workdir: Path, n: int, seed: int = 7) -> Path:
    from papi_xl.samples import sample_progress, trung_trac_tasks, write_returned

    folder = workdir / f"duplicated-{n}"
    marker = folder / ".complete"
    if marker.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    base = trung_trac_tasks()
    variants = []
    for v in range(min(VARIANTS, n)):
        size = rng.randint(60, 300)
        tasks = []
        for i in range(size):
            t = dict(base[i % len(base)])
            t["task"] = f"{t['task']} (đợt {i // len(base) + 1})"
            tasks.append(t)
        progress = sample_progress(tasks, rng, __import__("datetime").date(2023, 6, 30), broken=(v % 8 == 7))
        path = workdir / f"variant-{v:02d}.xlsx"
        write_returned(path, PLACEHOLDER, progress)
        variants.append(path.read_bytes())
    for i in range(n):
        data = variants[i % len(variants)]
        name = f"Xa Thu Nghiem {i:04d}"
        with zipfile.ZipFile(io.BytesIO(data)) as src, \
                zipfile.ZipFile(folder / f"xa-{i:04d}.xlsx", "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                part = src.read(info)
                if PLACEHOLDER.encode() in part:
                    part = part.replace(PLACEHOLDER.encode(), name.encode())
                dst.writestr(info, part)
    marker.write_text("ok")
    return folder


def generate_realistic(workdir: Path, n: int) -> Path:
    from realistic import generate

    return generate(workdir, n)


def scenario_folder(scenario: str, workdir: Path, n: int) -> Path:
    return {"realistic": generate_realistic, "duplicated": generate_duplicated}[scenario](workdir, n)


# -- the three measurements -----------------------------------------------------------------------------------
def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() == ".xlsx" and not p.name.startswith("."))


def run_floor(folder: Path, out: Path) -> dict:
    import python_calamine as pc
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    ws = wb.add_worksheet("Nhiệm vụ")
    r = skipped = 0
    for path in _files(folder):
        try:
            rows = pc.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Nhiệm vụ").to_python()
        except Exception:  # an unreadable return: skipped, as any merge must
            skipped += 1
            continue
        for row in rows[5:]:
            if len(row) > 3 and row[3]:
                ws.write_row(r, 0, row)
                r += 1
    wb.close()
    return {"rows": r, "skipped": skipped}


def run_naive(folder: Path, out: Path) -> dict:
    import pandas as pd

    frames, skipped = [], 0
    for p in _files(folder):
        try:
            frames.append(pd.read_excel(p, sheet_name="Nhiệm vụ", header=3, engine="openpyxl"))
        except Exception:
            skipped += 1
    pd.concat(frames, ignore_index=True).to_excel(out, engine="openpyxl", index=False)
    return {"skipped": skipped}


def run_papi(folder: Path, out: Path) -> dict:
    from papi_xl.api import merge_files

    result = merge_files([folder], out)
    return {"counts": result.counts()}


def profile(folder: Path, out: Path, top: int = 40) -> None:
    """cProfile one papi-xl merge, in one process (workers=1) so that the reading is profiled too."""
    import cProfile
    import pstats

    from papi_xl.outputs.summary_workbook import write_summary_workbook
    from papi_xl.pipeline.merge import merge
    from papi_xl.settings import Settings

    prof = cProfile.Profile()
    t = time.perf_counter()
    prof.enable()
    result = merge([folder], exclude=[out], settings=Settings(workers=1))
    try:
        write_summary_workbook(result, out)
    finally:
        result.close()
    prof.disable()
    print(f"papi-xl merge of {folder} in one process: {time.perf_counter() - t:.1f} s under cProfile")
    stats = pstats.Stats(prof)
    stats.dump_stats(str(out.with_suffix(".prof")))
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top // 2)


def child(mode: str, folder: Path, out: Path) -> None:
    fn = {"a": run_floor, "b": run_naive, "c": run_papi}[mode]
    t = time.perf_counter()
    extra = fn(folder, out)
    elapsed = time.perf_counter() - t
    import papi_xl

    print(json.dumps({"mode": mode, "seconds": elapsed, "main_maxrss_mb": resource.getrusage(
        resource.RUSAGE_SELF).ru_maxrss / 1024, "papi_xl": papi_xl.__file__, **extra}, ensure_ascii=False))


# -- memory: Pss of a process tree, sampled -------------------------------------------------------------------
def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(d))
    return kids


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_pss(root: int) -> tuple[int, int, int]:
    """(Pss of root + all descendants in kB, Pss of root alone, number of processes)."""
    kids = _children_map()
    todo, seen = [root], []
    while todo:
        pid = todo.pop()
        seen.append(pid)
        todo.extend(kids.get(pid, ()))
    sizes = {pid: _pss_kb(pid) for pid in seen}
    return sum(sizes.values()), sizes.get(root, 0), len(seen)


def measure(cmd: list[str], interval: float = 0.5) -> dict:
    """Run ``cmd``; sample the Pss of its process tree every ``interval`` s; return its JSON line + peaks."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = {"sum": 0, "main": 0, "procs": 0, "samples": 0}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            total, main, count = tree_pss(proc.pid)
            peak["sum"], peak["main"] = max(peak["sum"], total), max(peak["main"], main)
            peak["procs"] = max(peak["procs"], count)
            peak["samples"] += 1
            done.wait(interval)

    t = time.perf_counter()
    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    out, err = proc.communicate()
    done.set()
    thread.join()
    wall = time.perf_counter() - t
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-3000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    result.update(wall=wall, peak_pss_mb=peak["sum"] / 1024, peak_main_pss_mb=peak["main"] / 1024,
                  processes=peak["procs"], samples=peak["samples"])
    return result


# -- the run ----------------------------------------------------------------------------------------------------
def run_scenario(scenario: str, args) -> dict:
    t = time.perf_counter()
    folder = scenario_folder(scenario, args.workdir, args.n)
    gen_seconds = time.perf_counter() - t
    files = _files(folder)
    info: dict = {"scenario": scenario, "n": args.n, "files": len(files), "folder": str(folder),
                  "generated_in_s": round(gen_seconds, 1)}
    marker = folder / ".complete"
    if scenario == "realistic":
        info["data"] = json.loads(marker.read_text(encoding="utf-8"))["stats"]
    print(f"[{scenario}] N = {args.n}: {len(files)} files in {folder} (ready in {gen_seconds:.0f} s)", flush=True)
    runs: dict[str, list[dict]] = {m: [] for m in args.only}
    for k in range(args.repeat):
        for mode in args.only:
            cmd = [sys.executable, __file__, "--child", mode, "--folder", str(folder),
                   "--out", str(args.workdir / f"out-{scenario}-{mode}.xlsx")]
            r = measure(cmd)
            runs[mode].append(r)
            print(f"  run {k + 1} {mode}: {r['seconds']:7.2f} s, peak Pss {r['peak_pss_mb']:6.0f} MB "
                  f"({r['processes']} processes, main {r['peak_main_pss_mb']:.0f} MB)", flush=True)
    info["rows"] = next((r["rows"] for r in runs.get("a", [])), info.get("data", {}).get("task_rows"))
    if "c" in runs:
        info["papi_counts"] = runs["c"][-1].get("counts")
    med = {m: statistics.median(r["seconds"] for r in rs) for m, rs in runs.items()}
    info["median_s"] = {m: round(v, 2) for m, v in med.items()}
    info["runs_s"] = {m: [round(r["seconds"], 2) for r in rs] for m, rs in runs.items()}
    info["runs"] = {m: [{k: round(v, 2) if isinstance(v, float) else v for k, v in r.items()
                         if k in ("seconds", "wall", "peak_pss_mb", "peak_main_pss_mb", "main_maxrss_mb", "processes",
                                  "samples")} for r in rs] for m, rs in runs.items()}
    info["load_average"] = os.getloadavg()
    info["peak_pss_mb"] = {m: round(max(r["peak_pss_mb"] for r in rs)) for m, rs in runs.items()}
    info["peak_main_pss_mb"] = {m: round(max(r["peak_main_pss_mb"] for r in rs)) for m, rs in runs.items()}
    if "a" in med and "c" in med:
        info["c_over_a"] = round(med["c"] / med["a"], 2)
    if "b" in med and "c" in med:
        info["b_over_c"] = round(med["b"] / med["c"], 2)
    return info


def print_table(results: list[dict]) -> None:
    print()
    head = f"{'scenario':11s} {'N':>5s} {'rows':>8s} {'a s':>7s} {'b s':>7s} {'c s':>7s} {'c/a':>5s} {'b/c':>5s} " \
           f"{'Pss a':>6s} {'Pss b':>6s} {'Pss c':>6s} (MB, peak of main + children)"
    print(head)
    for r in results:
        m, p = r["median_s"], r["peak_pss_mb"]
        rows = f"{r['rows']:,}" if r.get("rows") is not None else "?"

        def cell(d, k, fmt):
            return format(d[k], fmt) if k in d else "-"

        print(f"{r['scenario']:11s} {r['n']:5d} {rows:>8s} {cell(m, 'a', '7.2f'):>7s} {cell(m, 'b', '7.2f'):>7s} "
              f"{cell(m, 'c', '7.2f'):>7s} {cell(r, 'c_over_a', '5.2f'):>5s} {cell(r, 'b_over_c', '5.2f'):>5s} "
              f"{cell(p, 'a', '6d'):>6s} {cell(p, 'b', '6d'):>6s} {cell(p, 'c', '6d'):>6s}")
    for r in results:
        if r["n"] <= 500 and "c_over_a" in r:
            print(f"[{r['scenario']}] c/a = {r['c_over_a']:.2f} (goal <= 1.5)"
                  + (f", b/c = {r['b_over_c']:.2f} (goal >= 3)" if "b_over_c" in r else ""))
        if r["n"] >= 3000 and "c" in r["median_s"]:
            print(f"[{r['scenario']}] c = {r['median_s']['c']:.0f} s (goal < 90 s), peak Pss {r['peak_pss_mb']['c']} MB "
                  "(goal < 400 MB)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=170)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/papi-xl-bench"))
    ap.add_argument("--scenario", choices=("realistic", "duplicated", "both"), default="both")
    ap.add_argument("--only", default="abc", help="which measurements to run (a, b, c)")
    ap.add_argument("--repeat", type=int, default=3, help="interleaved repetitions (medians are compared)")
    ap.add_argument("--json", type=Path, help="where to write the figures (default WORKDIR/bench-N.json)")
    ap.add_argument("--profile", action="store_true", help="cProfile one papi-xl merge (one process) and stop")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.folder, args.out)
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    scenarios = SCENARIOS if args.scenario == "both" else (args.scenario,)
    if args.profile:
        for s in scenarios:
            folder = scenario_folder(s, args.workdir, args.n)
            profile(folder, args.workdir / f"profile-{s}-{args.n}.xlsx")
        return
    results = [run_scenario(s, args) for s in scenarios]
    print_table(results)
    target = args.json or args.workdir / f"bench-{args.n}.json"
    target.write_text(json.dumps({"n": args.n, "repeat": args.repeat, "only": args.only, "python": sys.version,
                                  "cpus": os.cpu_count(), "scenarios": results}, ensure_ascii=False, indent=1),
                      encoding="utf-8")
    print(f"figures written to {target}")


if __name__ == "__main__":
    main()
