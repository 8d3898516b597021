"""Merge returned commune workbooks (or earlier summaries) into one summary.

Steps, each a plain function in a module of its own:

1. :func:`papi_xl.inputs.collect.collect` expands files, folders (recursive) and globs;
2. :func:`papi_xl.pipeline.load.triage` sets aside what is not a submission (lock files, backups,
   papi-xl's own outputs: register status Bỏ qua);
3. :func:`papi_xl.pipeline.load.load_input` reads and validates one file with the same functions as
   ``papi-xl validate`` (in worker processes: :mod:`papi_xl.pipeline.parallel`);
4. :func:`papi_xl.pipeline.register.merge_year` and :func:`~papi_xl.pipeline.register.decide` settle
   the plan year and the register;
5. :func:`papi_xl.pipeline.rollup.rollup_units` rolls accepted tasks up per unit and content index.

Writing the workbook is :mod:`papi_xl.outputs.summary_workbook`.
"""

from __future__ import annotations

import datetime as dt
import functools
import glob
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from papi_xl import messages as msg
from papi_xl.contract.summary import FLAG
from papi_xl.domain.catalog import DEFAULT_CATALOG, Catalog, is_catalog_key, load_catalog
from papi_xl.domain.period import option_cutoff
from papi_xl.errors import UnreadableInput
from papi_xl.inputs.collect import collect, display_name
from papi_xl.inputs.expected import load_expected
from papi_xl.pipeline.load import SLIM, Columns, Loaded, Spill, UnitFinding, as_skipped, count, own_summary, triage
from papi_xl.pipeline.parallel import Progress, load_all
from papi_xl.pipeline.register import (
    ACCEPTED,
    MISSING,
    REJECTED,
    SKIPPED,
    SUPERSEDED,
    Entry,
    MergeYear,
    decide,
    merge_year,
)
from papi_xl.pipeline.rollup import Tally, overdue
from papi_xl.settings import Settings


@dataclass
class Chunk:
    """One input's accepted task rows: in memory, or spilled to disk by a large merge."""

    columns: Columns | None  # every row of the input, wide and slim columns (None when spilled)
    spill: Spill | None
    owners: dict[str, Entry]  # origin -> accepted entry
    number: int  # the input's number: its rows' origin ("<number>:<unit key>" inside a summary)
    summary: bool
    rows: int  # accepted rows

    def _accepted(self, columns: Columns) -> tuple[Columns, list[Entry]]:
        """The accepted rows of ``columns`` and the entry each belongs to."""
        if not self.summary:
            return columns, [self.owners[str(self.number)]] * count(columns)
        origins = [f"{self.number}:{k}" for k in columns["unit_key"]]
        keep = [i for i, o in enumerate(origins) if o in self.owners]
        if len(keep) < len(origins):
            columns = {c: [v[i] for i in keep] for c, v in columns.items()}
        return columns, [self.owners[origins[i]] for i in keep]

    def slim(self) -> Columns:
        """The roll-up columns of the accepted rows, ``unit_key`` the accepted entry's."""
        columns = self.columns if self.columns is not None else self.spill.slim()  # type: ignore[union-attr]
        columns, owners = self._accepted(columns)
        return {**{c: columns[c] for c in SLIM if c in columns}, "unit_key": [e.key for e in owners]}

    def wide_columns(self, cutoff: dt.date | None) -> Columns:
        """Every column of the accepted rows, with the accepted entry's unit and parent and the overdue mark."""
        columns = self.columns if self.columns is not None else self.spill.full()  # type: ignore[union-attr]
        columns, owners = self._accepted(columns)
        marks = [FLAG if overdue(s, d, cutoff) else "" for s, d in zip(columns["status"], columns["due"], strict=True)]
        return {**columns, "unit": [e.unit for e in owners], "parent": [e.parent for e in owners],
                "overdue_mark": marks}

    def wide(self, cutoff: dt.date | None) -> pd.DataFrame:
        return pd.DataFrame(self.wide_columns(cutoff))


ROLLUP_BATCH = 50_000  # rows rolled up at a time (pandas' fixed cost per call, against memory)


@dataclass
class MergeResult:
    register: list[Entry]
    catalog: Catalog
    cutoff: dt.date | None
    by_unit: pd.DataFrame
    by_indicator: pd.DataFrame
    matrix: pd.DataFrame  # one row per accepted unit; pct_<code>, overdue_<code>
    totals: dict  # every accepted task together (papi_xl.pipeline.rollup)
    inputs: list[str]
    merged_at: dt.datetime
    unit: str = ""
    expected_file: str = ""
    year: MergeYear = field(default_factory=lambda: MergeYear(None, ""))  # the plan year merged, and why
    path: Path | None = None
    chunks: list[Chunk] = field(default_factory=list)
    spill_dir: tempfile.TemporaryDirectory | None = None  # removed by close()
    task_count: int = 0  # accepted task rows
    finding_sources: list[list[UnitFinding] | Spill] = field(default_factory=list)  # per input, then the register's

    def iter_columns(self) -> Iterator[Columns]:
        """:meth:`iter_tasks` as column lists, one input at a time."""
        for c in self.chunks:
            yield c.wide_columns(self.cutoff)

    def iter_tasks(self) -> Iterable[pd.DataFrame]:
        """The accepted tasks with every column and the overdue mark: one frame when they are in memory,
        one input at a time (bounded memory) when a large merge spilled them to disk."""
        in_memory = []
        for c in self.chunks:
            wide = c.wide(self.cutoff)
            if c.spill:
                yield wide
            else:
                in_memory.append(wide)
        if in_memory:
            yield pd.concat(in_memory, ignore_index=True)

    @functools.cached_property
    def tasks(self) -> pd.DataFrame:
        """The accepted tasks' roll-up columns and overdue mark, in one frame (a spilled merge's rows are
        read back from disk for it: code that may meet a large merge iterates :meth:`iter_tasks`)."""
        if not self.chunks:
            return pd.DataFrame(columns=[*SLIM, "overdue_mark"])
        return _frame([{**c.slim(), "overdue_mark": c.wide_columns(self.cutoff)["overdue_mark"]} for c in self.chunks])

    def iter_findings(self) -> Iterator[UnitFinding]:
        """Every finding (unit, finding): each input's in order, then the register's; spilled ones read back."""
        for source in self.finding_sources:
            yield from (source.read_findings() if isinstance(source, Spill) else source)

    @property
    def findings(self) -> list[UnitFinding]:
        return list(self.iter_findings())

    @property
    def finding_count(self) -> int:
        return sum(s.findings if isinstance(s, Spill) else len(s) for s in self.finding_sources)

    def close(self) -> None:
        if self.spill_dir is not None:
            self.spill_dir.cleanup()
            self.spill_dir = None

    @property
    def accepted(self) -> int:
        return sum(e.status == ACCEPTED for e in self.register)

    def counts(self) -> dict[str, int]:
        c = Counter(e.status for e in self.register)
        return {s: c.get(s, 0) for s in (ACCEPTED, REJECTED, SUPERSEDED, MISSING, SKIPPED)}

    def as_dict(self) -> dict:
        return {
            "unit": self.unit,
            "cutoff": self.cutoff.isoformat() if self.cutoff else None,
            "year": self.year.value,
            "year_basis": self.year.basis,
            "merged_at": self.merged_at.isoformat(timespec="seconds"),
            "counts": self.counts(),
            "register": [e.as_dict() for e in self.register],
            "by_unit": _records(self.by_unit),
            "by_indicator": _records(self.by_indicator),
            "totals": self.totals,
            "output": str(self.path) if self.path else None,
        }


def _records(df: pd.DataFrame) -> list[dict]:
    return [{k: (None if isinstance(v, float) and pd.isna(v) else v) for k, v in r.items()}
            for r in df.to_dict("records")]


def merge(
    inputs: Iterable[str | Path],
    expected: str | Path | None = None,
    cutoff: dt.date | None = None,
    unit: str = "",
    exclude: Iterable[Path] = (),
    period: str | None = None,
    progress: Progress | None = None,
    settings: Settings | None = None,
    spill: bool | None = None,
    year: int | None = None,
) -> MergeResult:
    """Read, validate and merge every input. Reads files; writes nothing.  ``exclude``: the files this
    merge writes (listed as skipped when found among the inputs); ``year``: the plan year merged (else
    the year of a ``period`` date, else the most common plan year of the inputs)."""
    settings = settings or Settings.from_env()
    paths, jobs, skips, asked = _inputs([str(x) for x in inputs], exclude)
    expected_units = load_expected(expected) if expected else None
    spill_dir = _spill_dir(spill, len(jobs), settings)
    loaded = _load(jobs, settings, progress, spill_dir.name if spill_dir else None, unit, asked)
    entries = [e for item in loaded for e in item.entries] + skips
    plan_year = merge_year(entries, year, period)
    register = decide(entries, expected_units, plan_year, merging=unit)
    chunks = _chunks(loaded, register)
    cutoff = cutoff or _common_cutoff(register, period, plan_year.value)
    catalog = _common_catalog(loaded, register)
    by_unit, by_indicator, matrix, totals = _roll_up(chunks, register, catalog, cutoff)
    findings = _finding_sources(loaded, register)
    return MergeResult(register, catalog, cutoff, by_unit, by_indicator, matrix, totals, [str(p) for p in paths],
                       dt.datetime.now().replace(microsecond=0), unit, str(expected) if expected else "",
                       plan_year, chunks=chunks, spill_dir=spill_dir, task_count=sum(c.rows for c in chunks),
                       finding_sources=findings)


def _spill_dir(spill: bool | None, files: int, settings: Settings) -> tempfile.TemporaryDirectory | None:
    """Where the inputs' rows are spilled to disk: when asked, else when the merge reads at least
    ``settings.spill_min_files`` files (None: the rows stay in memory)."""
    use_spill = spill if spill is not None else files >= settings.spill_min_files
    return tempfile.TemporaryDirectory(prefix="papi-xl-merge-") if use_spill else None


def _roll_up(chunks: list[Chunk], register: list[Entry], catalog: Catalog, cutoff: dt.date | None
             ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict]:
    """(by unit, by content index, the unit matrix, the totals) of the accepted rows, fed to a
    :class:`Tally` a batch at a time; by index and totals are empty when no row was accepted."""
    tally = Tally(cutoff)
    for batch in _batches(chunks):
        tally.add(batch)
    accepted = [(e.key, e.unit, e.parent) for e in register if e.status == ACCEPTED]
    by_unit, matrix = tally.units(accepted, catalog)
    overall = tally.rollup(catalog) if tally.rows else None
    return by_unit, overall.by_indicator if overall else pd.DataFrame(), matrix, overall.totals if overall else {}


def _finding_sources(loaded: list[Loaded], register: list[Entry]) -> list[list[UnitFinding] | Spill]:
    """Each input's findings (in memory, or its spill file), then the register's own."""
    findings: list[list[UnitFinding] | Spill] = [item.spill if item.spill else item.findings for item in loaded]
    findings.append([(e.unit, f) for e in register for f in e.findings])
    return findings


def _inputs(inputs: list[str], exclude: Iterable[Path]
            ) -> tuple[list[Path], list[tuple[Path, str]], list[Entry], set[Path]]:
    """(every file found, the ones to read as (path, shown name), Bỏ qua entries for the others, the
    files named one by one rather than found in a folder or by a pattern)."""
    paths = collect(inputs)
    roots = [Path(x) for x in inputs if Path(x).is_dir()]
    jobs, skips = triage(paths, {p: display_name(p, roots) for p in paths}, exclude)
    if not jobs:
        raise UnreadableInput(msg.NOTHING_TO_MERGE, "not-found")
    asked = {Path(x).resolve() for x in inputs if not glob.has_magic(x) and Path(x).is_file()}
    return paths, jobs, skips, asked


def _load(jobs, settings: Settings, progress: Progress | None, spill_dir: str | None, unit: str,
          asked: set[Path]) -> list[Loaded]:
    """Every input, each entry tagged with its origin (input number, and unit inside a summary); a
    summary found in a folder that is this merge's own earlier output is set aside (one named on the
    command line, as ``papi-xl report`` does, is read).  Catalogs equal in content are kept once."""
    loaded: list[Loaded] = []
    names = {name for _, name in jobs}
    catalogs: dict[tuple, Catalog] = {}
    for i, (item, (path, name)) in enumerate(zip(load_all(jobs, settings, progress, spill_dir), jobs, strict=True)):
        reason = own_summary(item, unit, names) if path.resolve() not in asked else None
        if reason:
            item = as_skipped(item, name, reason)
        for e in item.entries:
            e.origin = f"{i}:{e.key}" if item.is_summary else str(i)
        if item.catalog is not None:
            c = item.catalog
            item.catalog = catalogs.setdefault((c.key, c.title, tuple(c.items), tuple(c.units), c.statuses), c)
        loaded.append(item)
    return loaded


def _chunks(loaded: list[Loaded], register: list[Entry]) -> list[Chunk]:
    """Per input with accepted rows, where its rows are and whose they are."""
    accepted = {e.origin: e for e in register if e.status == ACCEPTED}
    chunks = []
    for i, item in enumerate(loaded):
        if not item.rows:
            continue
        owners, rows = _owners(i, item, accepted)
        if rows:
            chunks.append(Chunk(item.tasks if item.spill is None else None, item.spill, owners, i, item.is_summary,
                                rows))
    return chunks


def _owners(i: int, item: Loaded, accepted: dict[str, Entry]) -> tuple[dict[str, Entry], int]:
    """Which accepted entries own input ``i``'s rows (origin -> entry), and how many of its rows they
    own: a summary's rows unit by unit, a workbook's all or none."""
    if item.is_summary:
        keys = (item.tasks if item.spill is None else item.spill.slim())["unit_key"]
        counts = Counter(f"{i}:{k}" for k in keys)
        owners = {o: accepted[o] for o in counts if o in accepted}
        return owners, sum(n for o, n in counts.items() if o in owners)
    owners = {str(i): accepted[str(i)]} if str(i) in accepted else {}
    return owners, item.rows if owners else 0


def _frame(parts: list[Columns]) -> pd.DataFrame:
    """One frame of several inputs' column lists (a column one of them lacks is None there)."""
    keys = list(dict.fromkeys(k for p in parts for k in p))
    return pd.DataFrame({k: [v for p in parts for v in p.get(k, [None] * count(p))] for k in keys})


def _batches(chunks: list[Chunk]) -> Iterator[pd.DataFrame]:
    """The accepted rows' roll-up columns, about :data:`ROLLUP_BATCH` rows at a time."""
    parts: list[Columns] = []
    size = 0
    for c in chunks:
        parts.append(c.slim())
        size += c.rows
        if size >= ROLLUP_BATCH:
            yield _frame(parts)
            parts, size = [], 0
    if parts:
        yield _frame(parts)


def _common_cutoff(register: list[Entry], period: str | None, year: int | None) -> dt.date | None:
    """The option (a date, or a period of the plan year), else the accepted workbooks' most frequent one."""
    if period:
        return option_cutoff(period, year)
    cutoffs = Counter(e.cutoff for e in register if e.status == ACCEPTED and e.cutoff)
    return cutoffs.most_common(1)[0][0] if cutoffs else None


def _common_catalog(loaded: list[Loaded], register: list[Entry]) -> Catalog:
    """The catalog the accepted workbooks carry (a province may have edited its Danh mục); else built-in."""
    catalogs = Counter(e.catalog for e in register if e.status == ACCEPTED and e.catalog)
    key = catalogs.most_common(1)[0][0] if catalogs else DEFAULT_CATALOG
    catalog = next((item.catalog for item in loaded if item.catalog is not None and item.entries
                    and item.entries[0].status == ACCEPTED and item.entries[0].catalog == key), None)
    return catalog or load_catalog(key if is_catalog_key(key) else DEFAULT_CATALOG)
