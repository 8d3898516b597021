"""Two lines for a data analyst::

    report = papi_xl.check("xa-trung-trac.xlsx")          # one workbook
    report.ok, report.findings, report.tasks, report.rollup.by_indicator

    with papi_xl.check_folder("tra-ve/", expected="don-vi.csv") as folder:   # a folder of returns
        folder.register, folder.tasks, folder.findings, folder.by_unit, folder.totals

Every table is a pandas DataFrame checked against a pandera model of :mod:`papi_xl.contract.frames`.
Nothing is written; the same functions as the command line do the work.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from papi_xl.api import check_file
from papi_xl.contract.frames import FindingFrame, RegisterFrame, TaskFrame
from papi_xl.pipeline.merge import MergeResult, merge
from papi_xl.pipeline.rollup import Rollup, classify, rollup
from papi_xl.registry import Finding
from papi_xl.rules.validate import Validation
from papi_xl.settings import Settings

_FINDING_COLUMNS = list(FindingFrame.to_schema().columns)


def _findings(items: list[tuple[str, Finding]], file: str = "") -> pd.DataFrame:
    rows = [{**f.as_dict(), "file": f.file or file, "severity": str(f.severity), "unit": unit} for unit, f in items]
    frame = pd.DataFrame(rows, columns=_FINDING_COLUMNS)
    frame["row"] = frame["row"].astype(float)
    return FindingFrame.validate(frame)


@dataclass
class FileReport:
    """One workbook checked: ``findings`` and ``tasks`` as DataFrames, ``rollup`` per index and unit."""

    validation: Validation
    rollup: Rollup
    findings: pd.DataFrame = field(init=False)
    tasks: pd.DataFrame = field(init=False)

    def __post_init__(self) -> None:
        v = self.validation
        self.findings = _findings([(v.data.meta.unit, f) for f in v.findings], v.data.path.name)
        t = classify(v.tasks, v.cutoff)
        tasks = v.tasks.assign(unit=v.data.meta.unit, overdue=t["overdue"].astype(bool))
        self.tasks = TaskFrame.validate(tasks)

    @property
    def ok(self) -> bool:
        return self.validation.ok

    @property
    def errors(self) -> int:
        return self.validation.errors

    @property
    def warnings(self) -> int:
        return self.validation.warnings

    @property
    def cutoff(self) -> dt.date | None:
        return self.validation.cutoff


def check(path: str | Path, period: str | None = None, cutoff: dt.date | None = None,
          settings: Settings | None = None) -> FileReport:
    """Read, validate and roll up one workbook (raises :class:`papi_xl.errors.InputError` if unreadable)."""
    v = check_file(path, cutoff, period, settings)
    return FileReport(v, rollup(v))


@dataclass
class FolderReport:
    """A folder of returned workbooks merged (nothing written).  Use it as a context manager (a large merge
    keeps task rows in a temporary folder until :meth:`close`)."""

    result: MergeResult

    def __enter__(self) -> FolderReport:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.result.close()

    @property
    def register(self) -> pd.DataFrame:
        rows = [e.as_dict() for e in self.result.register]
        return RegisterFrame.validate(pd.DataFrame(rows, columns=list(rows[0]) if rows else ["unit", "file",
                                                                                               "status", "reasons"]))

    @property
    def tasks(self) -> pd.DataFrame:
        """Every accepted task with its unit (read again from disk when a large merge spilled them)."""
        frames = list(self.result.iter_tasks())
        t = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["unit", "task"])
        for col in ("index_code", "sub_code", "status", "due", "lead_unit"):
            if col not in t:
                t[col] = None
        return TaskFrame.validate(t.assign(overdue=t.get("overdue_mark", pd.Series(dtype=str)).eq("x")))

    @property
    def findings(self) -> pd.DataFrame:
        return _findings(self.result.findings)

    @property
    def by_unit(self) -> pd.DataFrame:
        return self.result.by_unit

    @property
    def by_indicator(self) -> pd.DataFrame:
        return self.result.by_indicator

    @property
    def totals(self) -> dict:
        return self.result.totals


def check_folder(folder: str | Path, expected: str | Path | None = None, period: str | None = None,
                 unit: str = "", settings: Settings | None = None) -> FolderReport:
    """Read, validate and merge every returned workbook under ``folder``."""
    return FolderReport(merge([folder], expected, unit=unit, period=period, settings=settings))
