"""Library entry points used by the CLI and the Excel buttons alike.

Each function is a thin composition of the workflow steps (read -> validate ->
roll up -> write) and returns plain results; neither shell does any work of
its own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from papi_xl.fileio import backup
from papi_xl.inputs.read import ReadError, read_workbook
from papi_xl.pipeline.rollup import Rollup, rollup
from papi_xl.rules.validate import Validation, validate


def parse_period(value: str | None, year: int | None) -> dt.date | None:
    """``6thang`` -> 30/6, ``nam`` -> 31/12 of ``year``; or an explicit date."""
    if not value:
        return None
    from papi_xl.domain.text import fold

    key = fold(value).replace(" ", "")
    if key in ("6thang", "6t", "sauthang", "h1"):
        if not year:
            raise ReadError("Không biết năm kế hoạch để tính ngày chốt 30/6: hãy điền Năm kế hoạch ở sheet Thông tin.",
                            "bad-argument")
        return dt.date(year, 6, 30)
    if key in ("nam", "canam", "year"):
        if not year:
            raise ReadError("Không biết năm kế hoạch để tính ngày chốt 31/12: hãy điền Năm kế hoạch ở sheet Thông tin.",
                            "bad-argument")
        return dt.date(year, 12, 31)
    from papi_xl.inputs.read import to_date

    d = to_date(value)
    if d is None:
        raise ReadError(f"'{value}' không phải kỳ báo cáo hợp lệ. Dùng: 6thang, nam, hoặc một ngày dd/mm/yyyy.",
                        "bad-argument")
    return d


def check_file(path: str | Path, cutoff: dt.date | None = None, period: str | None = None) -> Validation:
    """Read and validate one workbook (raises ReadError when unreadable)."""
    data = read_workbook(path)
    cutoff = cutoff or parse_period(period, data.meta.year)
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
            raise ReadError(f"Không sửa trực tiếp được tệp {src.suffix}: hãy bỏ --in-place để ghi bản sao .xlsx.",
                            "bad-argument")
        return src, backup(src)
    dest = Path(out) if out else default_output(src, tag)
    if dest.resolve() == src.resolve():
        raise ReadError("Tệp kết quả trùng tệp đầu vào; dùng --in-place nếu muốn sửa trực tiếp (có bản lưu).",
                        "bad-argument")
    return dest, None


def write_validation(v: Validation, out: str | Path | None = None, in_place: bool = False) -> Written:
    """Write the annotated copy (or update in place, keeping a backup)."""
    from papi_xl.outputs.annotate import annotate

    src = v.data.path
    dest, bak = _target(src, out, in_place, "kiem-tra", v.data.fmt)
    annotate(src, dest, v.findings, v.data.fmt)
    return Written(dest, bak)


def summarize_file(path: str | Path, period: str | None = None, cutoff: dt.date | None = None) -> tuple[Validation, Rollup]:
    v = check_file(path, cutoff, period)
    return v, rollup(v)


def write_summary(v: Validation, r: Rollup, out: str | Path | None = None, in_place: bool = False) -> Written:
    """Write the roll-up into the Tổng hợp sheet of a copy (or in place, with a backup)."""
    from papi_xl.outputs.snapshot import patch_rollup_sheet
    from papi_xl.outputs.snapshot_rebuilt import write_rollup_sheet

    src = v.data.path
    dest, bak = _target(src, out, in_place, "tong-hop", v.data.fmt)
    if v.data.fmt in ("xlsx", "xlsm"):
        patch_rollup_sheet(src, dest, v, r)  # keeps every part of the file
    else:
        write_rollup_sheet(src, dest, v, r)  # .xls/.ods: a new .xlsx holding the snapshot
    return Written(dest, bak)


def merge_files(inputs, output: str | Path, expected=None, period: str | None = None, unit: str = "",
                progress=None):
    """Merge returned workbooks into ``output`` (written atomically). Returns the MergeResult."""
    from papi_xl.outputs.summary_workbook import write_summary_workbook
    from papi_xl.pipeline.merge import merge

    output = Path(output)
    result = merge(inputs, expected, period=period, unit=unit, exclude=[output], progress=progress)
    try:
        result.path = write_summary_workbook(result, output)
    finally:
        result.close()
    return result


def import_plan(plan: str | Path, output: str | Path, unit: str = "", year: int | None = None,
                catalog: str = "hungyen-xa"):
    """Word plan -> canonical workbook. Returns (path, metadata, import report)."""
    from papi_xl.domain.catalog import CATALOGS, load_catalog
    from papi_xl.inputs.docx_plan import import_docx
    from papi_xl.outputs.template import write_workbook

    if catalog not in CATALOGS:
        raise ReadError(f"Không có bộ chỉ số '{catalog}'. Chọn: {', '.join(CATALOGS)}.", "bad-argument")
    cat = load_catalog(catalog)
    meta, tasks, report = import_docx(plan, cat)
    meta.unit = unit or meta.unit
    meta.year = year or meta.year
    meta.note = f"Nhập từ {Path(plan).name}: {report.tasks} nhiệm vụ."
    path = write_workbook(output, meta, cat, tasks)
    return path, meta, report
