"""Roll up task status per content index, per sub-content and per lead unit: the one place totals
are computed (the merge's matrix and the report read them from here).

What a status means, when a task is open or overdue and the traffic light are decided in
:mod:`papi_xl.domain.progress`; this module counts:

* **total** = task rows; **done / in progress / not started / not carried out** by status (a blank
  status counts as not started);
* **overdue** = open and due before the cut-off (an invalid status is open);
* **ongoing** tasks (*thường xuyên*) without an explicit due date are never overdue; one with no
  progress reported in the period (not started) is counted in ``ongoing_no_progress``;
* **% done** = done / total;
* rows whose index or status cannot be determined are counted in ``unclassified`` (never dropped);
  rows with a Lỗi are counted where they can be classified and also in ``rows_with_errors``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from papi_xl.domain.catalog import Catalog
from papi_xl.domain.progress import CLOSED, light
from papi_xl.rules.validate import Validation
from papi_xl.vocab import Status

COUNT_FIELDS = ("total", "done", "in_progress", "not_started", "not_done", "overdue", "ongoing_no_progress",
                "rows_with_errors")


@dataclass
class Rollup:
    unit: str
    cutoff: dt.date | None
    by_indicator: pd.DataFrame
    by_subcontent: pd.DataFrame
    by_unit: pd.DataFrame
    totals: dict
    unclassified: int  # rows whose index or status could not be determined

    def as_dict(self) -> dict:
        def records(df: pd.DataFrame) -> list[dict]:
            return [{k: (None if (isinstance(v, float) and pd.isna(v)) else v) for k, v in r.items()}
                    for r in df.to_dict("records")]

        return {
            "unit": self.unit,
            "cutoff": self.cutoff.isoformat() if self.cutoff else None,
            "by_indicator": records(self.by_indicator),
            "by_subcontent": records(self.by_subcontent),
            "by_unit": records(self.by_unit),
            "totals": self.totals,
            "unclassified": self.unclassified,
        }


def classify(tasks: pd.DataFrame, cutoff: dt.date | None) -> pd.DataFrame:
    """Add boolean columns done / in_progress / not_started / not_done / overdue."""
    t = tasks.copy()
    status = t["status"]
    t["done"] = status == Status.DONE
    t["in_progress"] = status == Status.IN_PROGRESS
    t["not_started"] = status == Status.NOT_STARTED
    t["not_done"] = status == Status.NOT_DONE
    open_ = ~status.isin(CLOSED)  # progress.is_open, vectorised: blank, unknown and invalid statuses are open
    due = t["due"]
    if cutoff is not None:
        t["overdue"] = open_ & due.map(lambda d: d is not None and not pd.isna(d) and d < cutoff)
    else:
        t["overdue"] = False
    t["ongoing_no_progress"] = t["ongoing"].fillna(False).astype(bool) & t["not_started"]
    t["rows_with_errors"] = t["has_error"].fillna(False).astype(bool)
    t["classified"] = status.notna()
    return t


FLAGS = ("done", "in_progress", "not_started", "not_done", "overdue", "ongoing_no_progress", "rows_with_errors",
         "unclassified")
EMPTY = {"total": 0, **{f: 0 for f in FLAGS}}


def finish(counts: dict) -> dict:
    """Add % done and the traffic light to raw counts."""
    c: dict[str, Any] = {k: int(counts.get(k, 0)) for k in ("total", *FLAGS)}
    c["pct_done"] = round(100.0 * c["done"] / c["total"], 1) if c["total"] else None
    c["light"] = light(c)
    return c


def count_by(t: pd.DataFrame, by) -> dict:
    """Raw counts per group key (one groupby, not one filter per group)."""
    if not len(t):
        return {}
    g = t.groupby(by, sort=False, dropna=False)
    sums = g[list(FLAGS)].sum()
    sums["total"] = g.size()
    return {k: v for k, v in zip(sums.index, sums.to_dict("records"), strict=True)}


def rollup_tasks(tasks: pd.DataFrame, catalog: Catalog, cutoff: dt.date | None, unit: str = "") -> Rollup:
    """Roll up an enriched task frame (as produced by :func:`validate`)."""
    t = classify(tasks, cutoff)
    t["unclassified"] = ~t["classified"]
    by_index = count_by(t, "index_code")
    by_sub = count_by(t.assign(_sub=t["sub_code"].fillna("?")), ["index_code", "_sub"])
    ind_rows, sub_rows = [], []
    for index in catalog.indices:
        family = index.family  # the catalog lists indices family by family: rows group by family, then index
        ind_rows.append({"code": index.code, "family": family, "name": index.label,
                         **finish(by_index.get(index.code, EMPTY))})
        for sub in catalog.subs_of(index.code):
            sub_rows.append({"code": sub.code, "family": family, "index_code": index.code, "name": sub.label,
                             **finish(by_sub.get((index.code, sub.code), EMPTY))})
        loose = by_sub.get((index.code, "?"))  # tasks of this index whose sub-content is unknown
        if loose:
            sub_rows.append({"code": f"{index.code}.?", "family": family, "index_code": index.code,
                             "name": "(chưa xác định nội dung thành phần)", **finish(loose)})
    abbreviations = {u.name: u.abbreviation for u in catalog.units}
    units = t["lead_unit"].fillna("").replace("", "(chưa ghi đơn vị)")
    unit_rows = [{"code": abbreviations.get(name, ""), "name": name, **finish(c)}
                 for name, c in count_by(t.assign(_unit=units), "_unit").items()]
    unit_rows.sort(key=lambda r: (-r["total"], r["name"]))
    no_index = t["index_code"].isna()
    unclassified = int(no_index.sum() + (t["unclassified"] & ~no_index).sum())
    totals = finish({"total": len(t), **{f: t[f].sum() for f in FLAGS}})
    return Rollup(unit, cutoff, pd.DataFrame(ind_rows), pd.DataFrame(sub_rows), pd.DataFrame(unit_rows),
                  totals, unclassified)


def rollup(validation: Validation) -> Rollup:
    """Roll up one validated workbook at its cut-off date."""
    return rollup_tasks(validation.tasks, validation.data.catalog, validation.cutoff, validation.data.meta.unit)


UNIT_FIELDS = ("total", "done", "in_progress", "not_started", "not_done", "overdue", "pct_done", "light")


def rollup_units(tasks: pd.DataFrame, units: list[tuple[str, str, str]], catalog: Catalog,
                 cutoff: dt.date | None) -> tuple[pd.DataFrame, pd.DataFrame, Rollup | None]:
    """A merge's roll-up: ``tasks`` carry a ``unit_key``; ``units`` are (key, name, parent) of the
    accepted units.  Returns per-unit totals, the units x indices matrix (pct_<code>, overdue_<code>,
    total_<code>) and the roll-up of every task together (None without tasks)."""
    t = classify(tasks, cutoff) if len(tasks) else tasks.assign(**{f: False for f in FLAGS})
    if len(t):
        t["unclassified"] = ~t["classified"]
    per_unit = count_by(t, "unit_key")
    per_cell = count_by(t, ["unit_key", "index_code"])
    unit_rows, matrix_rows = [], []
    for key, name, parent in units:
        totals = finish(per_unit.get(key, EMPTY))
        unit_rows.append({"unit": name, "parent": parent, **{k: totals[k] for k in UNIT_FIELDS}})
        m = {"unit": name, "parent": parent, "total": totals["total"], "pct_done": totals["pct_done"],
             "overdue": totals["overdue"]}
        for index in catalog.indices:
            c = finish(per_cell.get((key, index.code), EMPTY))
            m[f"pct_{index.code}"] = c["pct_done"]
            m[f"overdue_{index.code}"] = c["overdue"]
            m[f"total_{index.code}"] = c["total"]
        matrix_rows.append(m)
    overall = rollup_tasks(tasks, catalog, cutoff) if len(tasks) else None
    return pd.DataFrame(unit_rows), pd.DataFrame(matrix_rows), overall
