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

from .catalog import Catalog
from .model import DONE, IN_PROGRESS, NOT_DONE, NOT_STARTED
from .validate import Validation

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


def _counts(group: pd.DataFrame) -> dict:
    c = {
        "total": int(len(group)),
        "done": int(group["done"].sum()),
        "in_progress": int(group["in_progress"].sum()),
        "not_started": int(group["not_started"].sum()),
        "not_done": int(group["not_done"].sum()),
        "overdue": int(group["overdue"].sum()),
        "ongoing_no_progress": int(group["ongoing_no_progress"].sum()),
        "rows_with_errors": int(group["rows_with_errors"].sum()),
    }
    c["unclassified"] = int((~group["classified"]).sum())
    c["pct_done"] = round(100.0 * c["done"] / c["total"], 1) if c["total"] else None
    c["light"] = light(c)
    return c


def rollup_tasks(tasks: pd.DataFrame, catalog: Catalog, cutoff: dt.date | None, unit: str = "") -> Rollup:
    """Roll up an enriched task frame (as produced by :func:`validate`)."""
    t = classify(tasks, cutoff)
    ind_rows, sub_rows = [], []
    for index in catalog.indices:
        g = t[t["index_code"] == index.code]
        ind_rows.append({"code": index.code, "name": index.label, **_counts(g)})
        for sub in catalog.subs_of(index.code):
            gs = g[g["sub_code"] == sub.code]
            sub_rows.append({"code": sub.code, "index_code": index.code, "name": sub.label, **_counts(gs)})
        loose = g[g["sub_code"].isna()]
        if len(loose):
            sub_rows.append({"code": f"{index.code}.?", "index_code": index.code,
                             "name": "(chưa xác định nội dung thành phần)", **_counts(loose)})
    unit_rows = []
    abbreviations = {u.name: u.abbreviation for u in catalog.units}
    for name, g in t.groupby(t["lead_unit"].fillna("").replace("", "(chưa ghi đơn vị)"), sort=False):
        unit_rows.append({"code": abbreviations.get(name, ""), "name": name, **_counts(g)})
    unit_rows.sort(key=lambda r: (-r["total"], r["name"]))
    no_index = t[t["index_code"].isna()]
    unclassified = int(len(no_index) + (~t.loc[t["index_code"].notna(), "classified"]).sum())
    totals = _counts(t)
    return Rollup(unit, cutoff, pd.DataFrame(ind_rows), pd.DataFrame(sub_rows), pd.DataFrame(unit_rows),
                  totals, unclassified)


def rollup(validation: Validation) -> Rollup:
    """Roll up one validated workbook at its cut-off date."""
    return rollup_tasks(validation.tasks, validation.data.catalog, validation.cutoff, validation.data.meta.unit)
