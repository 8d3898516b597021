"""Benchmark: merging N returned workbooks.

    python benchmarks/bench_merge.py --n 170            # the issue's first goal
    python benchmarks/bench_merge.py --n 3321 --only c  # every commune of the country

Generates N realistic returned workbooks once (the canonical template, 60-300
task rows of Vietnamese text, progress, some files broken) under
``--workdir``, then times in the same run, each in a fresh process:

  (a) the floor: python-calamine reads every task sheet, xlsxwriter
      (constant memory) writes the same rows unstyled;
  (b) a naive merge: pandas.read_excel(engine="openpyxl") per file, concat,
      to_excel with openpyxl;
  (c) papi-xl merge end to end (read, validate, decide, roll up, write).

Peak memory is the process's own, plus for (c) twice its largest worker (an upper bound of the
total).  Each measurement is repeated ``--repeat`` times, interleaved (a, b, c, a, b, c, ...), and the
medians are compared, because single runs on a shared machine swing by 30 %.  Prints N, every
time, the medians, c/a, b/c and the peak memory of each process.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

PLACEHOLDER = "XAMAU0000"
VARIANTS = 24  # distinct generated workbooks; the rest are copies with another unit name


def generate(workdir: Path, n: int, seed: int = 7) -> Path:
    from papi_xl.samples import sample_progress, trung_trac_tasks, write_returned

    folder = workdir / f"returned-{n}"
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
        with zipfile.ZipFile(__import__("io").BytesIO(data)) as src, \
                zipfile.ZipFile(folder / f"xa-{i:04d}.xlsx", "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                part = src.read(info)
                if PLACEHOLDER.encode() in part:
                    part = part.replace(PLACEHOLDER.encode(), name.encode())
                dst.writestr(info, part)
    marker.write_text("ok")
    return folder


def run_floor(folder: Path, out: Path) -> None:
    import python_calamine as pc
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    ws = wb.add_worksheet("Nhiệm vụ")
    r = 0
    for path in sorted(folder.glob("*.xlsx")):
        rows = pc.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Nhiệm vụ").to_python()
        for row in rows[5:]:
            if row[3]:
                for c, v in enumerate(row):
                    if v != "":
                        ws.write(r, c, v)
                r += 1
    wb.close()


def run_naive(folder: Path, out: Path) -> None:
    import pandas as pd

    frames = [pd.read_excel(p, sheet_name="Nhiệm vụ", header=3, engine="openpyxl") for p in sorted(folder.glob("*.xlsx"))]
    pd.concat(frames, ignore_index=True).to_excel(out, engine="openpyxl", index=False)


def run_papi(folder: Path, out: Path) -> None:
    from papi_xl.api import merge_files

    merge_files([folder], out)


def child(mode: str, folder: Path, out: Path) -> None:
    fn = {"a": run_floor, "b": run_naive, "c": run_papi}[mode]
    t = time.perf_counter()
    fn(folder, out)
    elapsed = time.perf_counter() - t
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest worker process
    workers = 2 if mode == "c" else 0
    print(json.dumps({"mode": mode, "seconds": elapsed, "peak_mb": peak_mb + workers * worker_mb,
                      "main_mb": peak_mb, "worker_mb": worker_mb}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=170)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/papi-xl-bench"))
    ap.add_argument("--only", default="abc", help="which measurements to run (a, b, c)")
    ap.add_argument("--repeat", type=int, default=3, help="interleaved repetitions (medians are compared)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.child:
        child(args.child, generate(args.workdir, args.n), args.workdir / f"out-{args.child}.xlsx")
        return
    t = time.perf_counter()
    folder = generate(args.workdir, args.n)
    rows = 0
    import python_calamine as pc

    for p in sorted(folder.glob("*.xlsx"))[: min(args.n, VARIANTS)]:
        rows += sum(1 for r in pc.CalamineWorkbook.from_path(str(p)).get_sheet_by_name("Nhiệm vụ").to_python()[5:]
                    if r[3])
    avg = rows / min(args.n, VARIANTS)
    print(f"N = {args.n} workbooks, ~{avg * args.n:,.0f} task rows (generated in {time.perf_counter() - t:.0f} s)")
    import statistics

    times: dict[str, list[float]] = {m: [] for m in args.only}
    peaks: dict[str, float] = {}
    labels = {"a": "(a) floor: calamine + xlsxwriter", "b": "(b) naive: pandas/openpyxl", "c": "(c) papi-xl merge"}
    for _ in range(args.repeat):
        for mode in args.only:
            proc = subprocess.run([sys.executable, __file__, "--n", str(args.n), "--workdir", str(args.workdir),
                                   "--child", mode], capture_output=True, text=True, check=True)
            result = json.loads(proc.stdout.strip().splitlines()[-1])
            times[mode].append(result["seconds"])
            peaks[mode] = max(peaks.get(mode, 0), result["peak_mb"])  # main + 2 x the largest worker (c)
    med = {m: statistics.median(t) for m, t in times.items()}
    for mode in args.only:
        runs = ", ".join(f"{t:.1f}" for t in times[mode])
        print(f"{labels[mode]:36s} median {med[mode]:6.2f} s  (runs: {runs})  peak {peaks[mode]:5.0f} MB")
    if "a" in med and "c" in med:
        print(f"c/a = {med['c'] / med['a']:.2f}  (goal <= 1.5)")
    if "b" in med and "c" in med:
        print(f"b/c = {med['b'] / med['c']:.2f}  (goal >= 2.5)")


if __name__ == "__main__":
    main()
