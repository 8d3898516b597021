"""Reading a merge's inputs, in worker processes when there are enough of them.

Workers start with "forkserver" (papi-xl preloaded once; plain "fork" from the main process was
measured hanging with some libraries), "spawn" where forkserver is unavailable; the start method,
the number of workers and the pool threshold come from :class:`~papi_xl.settings.Settings`.  Inputs
go to the workers in batches; a worker reads every batch with one
:class:`~papi_xl.inputs.read.ReadSession` (the plan's texts and the Danh mục recur from commune to
commune), whose memo caches are bounded by their own limits.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from papi_xl.inputs.read import ReadSession
from papi_xl.pipeline.load import Loaded, load_batch
from papi_xl.settings import Settings

Progress = Callable[[int, int, str], None]
BATCH = 8  # files per worker task: pickling a task costs as much as reading a small file


_SESSION: list[ReadSession] = []  # the worker's session (one per process)


def _batch(jobs: list[tuple[Path, str]], settings: Settings, spill_dir: str | None) -> list[Loaded]:
    if not _SESSION or _SESSION[0].settings != settings:
        _SESSION[:] = [ReadSession(settings)]
    return load_batch(jobs, _SESSION[0], spill_dir)


def load_all(jobs: list[tuple[Path, str]], settings: Settings, progress: Progress | None = None,
             spill_dir: str | None = None) -> Iterator[Loaded]:
    """Load inputs, in order."""
    total = len(jobs)
    workers = settings.workers or min(2, os.cpu_count() or 1)
    if workers > 1 and total >= settings.pool_min_files:
        default = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        ctx = multiprocessing.get_context(settings.mp_start or default)
        if ctx.get_start_method() == "forkserver":
            ctx.set_forkserver_preload(["papi_xl.pipeline.parallel"])
        batches = [jobs[i:i + BATCH] for i in range(0, total, BATCH)]
        done = 0
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            for items in pool.map(_batch, batches, itertools.repeat(settings), itertools.repeat(spill_dir)):
                for item in items:
                    done += 1
                    if progress:
                        progress(done, total, item.path.name)
                    yield item
        return
    session = ReadSession(settings)
    for i, (path, name) in enumerate(jobs):
        if progress:
            progress(i, total, path.name)
        yield load_batch([(path, name)], session, spill_dir)[0]
    if progress:
        progress(total, total, "")
