"""The workflow, composed: what the command line and the Excel buttons call (neither does any work of
its own).  Each function chains the steps — template, read, validate, roll up, merge, report — and
returns plain results; settings are resolved per call.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from papi_xl import messages as msg
from papi_xl.contract.workbook import Metadata
from papi_xl.domain.catalog import load_catalog
from papi_xl.domain.period import option_cutoff
from papi_xl.errors import UsageError
from papi_xl.fileio import backup
from papi_xl.inputs.read import ReadSession, read_workbook
from papi_xl.rules.validate import Validation, fixed_findings, validate
from papi_xl.settings import Settings

# Each command imports the machinery it uses where it uses it: a click (papi-xl validate, the Excel
# buttons) starts a new Python process, and importing the Word, merge and workbook writers (openpyxl,
# xlsxwriter, python-docx, pandas) for every command was two thirds of its time.
if TYPE_CHECKING:
    from papi_xl.inputs.docx import ImportReport
    from papi_xl.outputs.report.data import Previous, ReportData
    from papi_xl.pipeline.merge import MergeResult
    from papi_xl.pipeline.parallel import Progress
    from papi_xl.pipeline.rollup import Rollup


def period_cutoff(value: str | None, year: int | None) -> dt.date | None:
    """The ``--period`` option: ``6thang`` -> 30/6, ``nam`` -> 31/12 of ``year``, or an explicit date."""
    return option_cutoff(value, year)


def check_file(path: str | Path, cutoff: dt.date | None = None, period: str | None = None,
               settings: Settings | None = None) -> Validation:
    """Read and validate one workbook (raises an InputError when unreadable)."""
    data = read_workbook(path, session=ReadSession(settings))
    cutoff = cutoff or period_cutoff(period, data.meta.year)
    return validate(data, cutoff)


def default_output(path: Path, tag: str, suffix: str | None = None) -> Path:
    suffix = suffix or (path.suffix if path.suffix.lower() in (".xlsx", ".xlsm") else ".xlsx")
    stem = re.sub(rf"\.{tag}$", "", path.stem)
    return path.with_name(f"{stem}.{tag}{suffix}")


@dataclass
class Written:
    path: Path
    backup: Path | None = None


def _target(src: Path, out: str | Path | None, in_place: bool, tag: str, fmt: str) -> tuple[Path, Path | None]:
    if in_place:
        if fmt not in ("xlsx", "xlsm"):
            raise UsageError(msg.IN_PLACE_NOT_OOXML.format(suffix=src.suffix))
        return src, backup(src)
    dest = Path(out) if out else default_output(src, tag)
    if dest.resolve() == src.resolve():
        raise UsageError(msg.OUTPUT_IS_INPUT)
    return dest, None


def write_validation(v: Validation, out: str | Path | None = None, in_place: bool = False,
                     fix: bool = False) -> Written:
    """Write the annotated copy (or update in place, keeping a backup).  With ``fix``, every value papi-xl
    understood approximately is rewritten to the canonical dropdown value (listed on the Kiểm tra sheet)."""
    from papi_xl.outputs.annotate import annotate

    src = v.data.path
    dest, bak = _target(src, out, in_place, "kiem-tra", v.data.fmt)
    if fix:
        annotate(src, dest, fixed_findings(v), v.data.fmt, v.fixes)
    else:
        annotate(src, dest, v.findings, v.data.fmt)
    return Written(dest, bak)


def summarize_file(path: str | Path, period: str | None = None, cutoff: dt.date | None = None,
                   settings: Settings | None = None) -> tuple[Validation, Rollup]:
    from papi_xl.pipeline.rollup import rollup

    v = check_file(path, cutoff, period, settings)
    return v, rollup(v)


def write_summary(v: Validation, r: Rollup, out: str | Path | None = None, in_place: bool = False) -> Written:
    """Write the roll-up into the Tổng hợp sheet of a copy (or in place, with a backup)."""
    from papi_xl.outputs.snapshot import write_snapshot

    src = v.data.path
    dest, bak = _target(src, out, in_place, "tong-hop", v.data.fmt)
    write_snapshot(src, dest, v, r, v.data.fmt)  # .xls/.ods: a new .xlsx holding the snapshot
    return Written(dest, bak)


def merge_files(inputs: Iterable[str | Path], output: str | Path, expected: str | Path | None = None,
                period: str | None = None, unit: str = "", progress: Progress | None = None,
                settings: Settings | None = None, year: int | None = None) -> MergeResult:
    """Merge returned workbooks into ``output`` (written atomically). Returns the MergeResult."""
    from papi_xl.outputs.summary_workbook import write_summary_workbook
    from papi_xl.pipeline.merge import merge

    output = Path(output)
    result = merge(inputs, expected, period=period, unit=unit, exclude=[output], progress=progress,
                   settings=settings, year=year)
    try:
        result.path = write_summary_workbook(result, output)
    finally:
        result.close()
    return result


def import_plan(plan: str | Path, output: str | Path, unit: str = "", year: int | None = None,
                catalog: str = "hungyen-xa", force: bool = False) -> tuple[Path, Metadata, ImportReport]:
    """Word plan -> canonical workbook (a draft when the tasks were prose). Returns (path, metadata, import
    report); ``catalog`` may join families ("papi+par+sipas"), and a plan that tracks another family adds it."""
    from papi_xl.inputs.docx import import_docx
    from papi_xl.outputs.template import write_workbook

    output = Path(output)
    cat = load_catalog(catalog)  # UsageError for an unknown key
    if output.exists() and not force:
        raise UsageError(msg.OUTPUT_EXISTS.format(path=output))
    meta, tasks, report = import_docx(plan, cat)
    meta.unit = unit or meta.unit
    meta.year = year or meta.year
    path = write_workbook(output, meta, report.catalog_used or cat, tasks)
    return path, meta, report


def _report_source(source: Path, period: str | None, settings: Settings | None,
                   previous: Previous | None = None) -> ReportData:
    from papi_xl.inputs.summary_reader import is_summary, read_summary
    from papi_xl.outputs.report.data import report_data_from_summary, report_data_from_workbook
    from papi_xl.pipeline.merge import merge
    from papi_xl.pipeline.rollup import rollup

    if is_summary(source):
        summary = read_summary(source)
        level = summary.unit  # the report is issued by the level that merged
        result = merge([source], unit=level, period=period, settings=settings)
        try:
            return report_data_from_summary(result, previous, source.name, summary, period_given=bool(period))
        finally:
            result.close()
    v = check_file(source, period=period, settings=settings)
    return report_data_from_workbook(v, rollup(v), previous, source.name)


def _previous(source: Path, settings: Settings | None) -> Previous:
    """The earlier period's workbook or summary, at its own cut-off."""
    from papi_xl.inputs.summary_reader import is_summary, read_summary
    from papi_xl.outputs.report.data import previous_from_summary, previous_from_workbook
    from papi_xl.pipeline.merge import merge
    from papi_xl.pipeline.rollup import rollup

    if is_summary(source):
        result = merge([source], unit=read_summary(source).unit, settings=settings)
        try:
            return previous_from_summary(result)
        finally:
            result.close()
    v = check_file(source, settings=settings)
    return previous_from_workbook(v, rollup(v))


def report(source: str | Path, output: str | Path, period: str | None = None, previous: str | Path | None = None,
           settings: Settings | None = None) -> Path:
    """``papi-xl report``: a commune workbook or a merged summary -> the draft report (.docx); with
    ``previous`` (the earlier period's workbook or summary) every figure is compared with it."""
    from papi_xl.outputs.report.word import write_report

    prev = _previous(Path(previous), settings) if previous else None
    return write_report(_report_source(Path(source), period, settings, prev), output)
