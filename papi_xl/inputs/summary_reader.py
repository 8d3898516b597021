"""Read back a summary workbook written by ``papi-xl merge`` (a district summary merged again by the
province, or the summary a report is drafted from).  Columns are found by the headers declared in
:mod:`papi_xl.contract.summary`, the same declarations the writer uses."""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from papi_xl.contract import summary as spec
from papi_xl.contract.spec import SheetSpec
from papi_xl.domain.text import clean
from papi_xl.domain.values import to_date
from papi_xl.registry import Finding, restore_finding

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class SummaryData:
    info: dict[str, object]  # INFO_LABELS key -> value
    register: list[dict] = field(default_factory=list)  # REGISTER keys
    tasks: pd.DataFrame = field(default_factory=lambda: _frame([]))  # summary TASKS keys
    findings: list[tuple[str, Finding]] = field(default_factory=list)  # (unit, finding)

    @property
    def unit(self) -> str:
        """The unit that made the summary (a district, a province)."""
        return clean(self.info.get("unit", ""))

    @property
    def cutoff(self) -> dt.date | None:
        return to_date(self.info.get("cutoff"))


def is_summary(path: Path) -> bool:
    """A workbook written by ``papi-xl merge`` (its Thông tin sheet says so)."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return False
    try:  # cheap first: the sheet list, without parsing the workbook
        with zipfile.ZipFile(path) as zf:
            if spec.REGISTER.name.encode() not in zf.read("xl/workbook.xml")[:200_000]:
                return False
    except (zipfile.BadZipFile, KeyError, OSError):
        return False
    try:
        import python_calamine as pc

        book = pc.CalamineWorkbook.from_path(str(path))
        if spec.REGISTER.name not in book.sheet_names or spec.INFO_SHEET not in book.sheet_names:
            return False
        return _info(book).get("kind") == spec.KIND
    except Exception:
        return False


def _info(book) -> dict[str, object]:
    keys = {label: key for key, label in spec.INFO_LABELS.items()}
    out: dict[str, object] = {}
    for r in book.get_sheet_by_name(spec.INFO_SHEET).to_python():
        if len(r) > 1 and clean(r[0]) in keys:
            out[keys[clean(r[0])]] = r[1]
    return out


def _table(book, sheet: SheetSpec) -> list[dict]:
    """Rows of a table sheet as dicts keyed by the spec's keys (columns found by header)."""
    if sheet.name not in book.sheet_names:
        return []
    rows = book.get_sheet_by_name(sheet.name).to_python(skip_empty_area=False)
    headers = {c.header: c.key for c in sheet.columns}
    for i, r in enumerate(rows[:10]):
        texts = [clean(c) for c in r]
        if sheet.columns[0].header in texts and sheet.header("unit") in texts:
            col = {headers[h]: j for j, h in enumerate(texts) if h in headers}
            return [{k: (row[j] if j < len(row) else "") for k, j in col.items()} for row in rows[i + 1:]]
    return []


def read_summary(path: Path) -> SummaryData:
    """The register, the task rows and the findings of a summary (raises on a file calamine cannot open)."""
    import python_calamine as pc

    book = pc.CalamineWorkbook.from_path(str(path))
    data = SummaryData(_info(book))
    data.register = [r for r in _table(book, spec.REGISTER) if clean(r.get("unit"))]
    tasks = [r for r in _table(book, spec.TASKS) if clean(r.get("unit"))]
    data.tasks = _frame(tasks)
    for r in _table(book, spec.FINDINGS):
        g = {k: clean(v) for k, v in r.items()}
        if g.get("unit") or g.get("file"):
            data.findings.append((g.get("unit", ""), restore_finding(
                file=g.get("file", ""), sheet=g.get("sheet", ""), cell=g.get("cell", ""), field=g.get("field", ""),
                code=g.get("code", ""), severity=g.get("severity", ""), message=g.get("message", ""))))
    return data


def _frame(records: list[dict]) -> pd.DataFrame:
    import pandas as pd  # here: a merge's workers import this module to recognise summaries, and need no pandas

    return pd.DataFrame.from_records(records) if records else pd.DataFrame()
