"""Roll up task status per content index, per sub-content and per lead unit.

Counting rules (also in the README):

* **done / in progress / not carried out** come from *Tiến độ*; a blank status
  counts as **not started**;
* **overdue**: not done, not "Không thực hiện", and due (explicit *Hạn hoàn
  thành*, else parsed from *Thời gian thực hiện*) before the cut-off;
* **ongoing** tasks (*thường xuyên*) have no due date; they are never overdue,
  and one with no progress reported in the period (not started) is counted in
  ``ongoing_no_progress``;
* **% done** = done / total;
* **traffic light**: *Đỏ* when any task is overdue or not carried out; else
  *Vàng* when any task is not started; else *Xanh*;
* rows whose index or status cannot be determined are counted in
  ``unclassified`` (never dropped); rows with a Lỗi are counted where they can
  be classified and also in ``rows_with_errors``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from papi_xl.contract.workbook import DONE, IN_PROGRESS, NOT_DONE, NOT_STARTED
from papi_xl.domain.catalog import Catalog
from papi_xl.rules.validate import Validation

LIGHT_RED, LIGHT_YELLOW, LIGHT_GREEN = "Đỏ", "Vàng", "Xanh"
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


def light(counts: dict) -> str:
    if not counts["total"]:
        return ""
    if counts["overdue"] or counts["not_done"]:
        return LIGHT_RED
    if counts["not_started"]:
        return LIGHT_YELLOW
    return LIGHT_GREEN


def classify(tasks: pd.DataFrame, cutoff: dt.date | None) -> pd.DataFrame:
    """Add boolean columns done / in_progress / not_started / not_done / overdue."""
    t = tasks.copy()
    status = t["status"]
    t["done"] = status == DONE
    t["in_progress"] = status == IN_PROGRESS
    t["not_started"] = status == NOT_STARTED
    t["not_done"] = status == NOT_DONE
    open_ = status.isin([NOT_STARTED, IN_PROGRESS])
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
    c = {k: int(counts.get(k, 0)) for k in ("total", *FLAGS)}
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
        ind_rows.append({"code": index.code, "name": index.label, **finish(by_index.get(index.code, EMPTY))})
        for sub in catalog.subs_of(index.code):
            sub_rows.append({"code": sub.code, "index_code": index.code, "name": sub.label,
                             **finish(by_sub.get((index.code, sub.code), EMPTY))})
        loose = by_sub.get((index.code, "?"))  # tasks of this index whose sub-content is unknown
        if loose:
            sub_rows.append({"code": f"{index.code}.?", "index_code": index.code,
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
