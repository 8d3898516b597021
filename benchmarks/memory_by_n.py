"""Benchmark: does a merge's memory grow with N?  papi-xl merge (bench_merge's measurement c) of the first
K files (by name) of a folder, for several K, each in a fresh process; peak Pss of the process and its
children, as in bench_merge.

    python benchmarks/memory_by_n.py /tmp/papi-xl-bench/realistic-3321 500 1500 3321

The files are linked (not copied) into a temporary folder per K.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_merge  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("sizes", type=int, nargs="+")
    args = ap.parse_args()
    files = sorted(p for p in args.folder.iterdir() if p.is_file() and not p.name.startswith("."))
    print(f"{'files':>6} {'seconds':>8} {'peak Pss MB':>12} {'main Pss MB':>12}")
    for k in args.sizes:
        with tempfile.TemporaryDirectory(prefix="papi-xl-memory-") as tmp:
            sub = Path(tmp) / "in"
            sub.mkdir()
            for f in files[:k]:
                (sub / f.name).symlink_to(f.resolve())
            r = bench_merge.measure([sys.executable, bench_merge.__file__, "--child", "c", "--folder", str(sub),
                                     "--out", str(Path(tmp) / "out.xlsx")])
            print(f"{min(k, len(files)):>6} {r['seconds']:>8.1f} {r['peak_pss_mb']:>12.0f} {r['peak_main_pss_mb']:>12.0f}",
                  flush=True)


if __name__ == "__main__":
    main()
