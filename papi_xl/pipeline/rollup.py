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
    n = {k: int(counts.get(k, 0)) for k in ("total", *FLAGS)}
    c: dict[str, int | float | str | None] = dict(n)
    c["pct_done"] = round(100.0 * n["done"] / n["total"], 1) if n["total"] else None
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


def _add_counts(into: dict, counts: dict) -> None:
    for key, c in counts.items():
        have = into.get(key)
        if have is None:
            into[key] = dict(c)
        else:
            for f, n in c.items():
                have[f] += n


def overdue(status: object, due: object, cutoff: dt.date | None) -> bool:
    """One row of :func:`classify`'s ``overdue``: open and due before the cut-off."""
    return (cutoff is not None and status not in CLOSED and due is not None and not pd.isna(due)  # type: ignore[call-overload]
            and due < cutoff)  # type: ignore[operator]


class Tally:
    """The counts of tasks added a batch at a time, so that a merge of every commune of the country rolls
    up without holding its rows: per unit, per unit and content index, and every row together (per index,
    sub-content and lead unit, totals).  The batches' order does not matter."""

    def __init__(self, cutoff: dt.date | None):
        self.cutoff = cutoff
        self.rows = 0
        self.per_unit: dict = {}
        self.per_cell: dict = {}
        self.by_index: dict = {}
        self.by_sub: dict = {}
        self.by_lead: dict = {}
        self.sums: dict[str, int] = dict.fromkeys(FLAGS, 0)
        self.unclassified = 0

    def add(self, tasks: pd.DataFrame, units: bool = True) -> None:
        """Add task rows (the slim columns; ``unit_key`` needed when ``units``)."""
        if not len(tasks):
            return
        t = classify(tasks, self.cutoff)
        t["unclassified"] = ~t["classified"]
        self.rows += len(t)
        if units:
            _add_counts(self.per_unit, count_by(t, "unit_key"))
            _add_counts(self.per_cell, count_by(t, ["unit_key", "index_code"]))
        _add_counts(self.by_index, count_by(t, "index_code"))
        _add_counts(self.by_sub, count_by(t.assign(_sub=t["sub_code"].fillna("?")), ["index_code", "_sub"]))
        leads = t["lead_unit"].fillna("").replace("", "(chưa ghi đơn vị)")
        _add_counts(self.by_lead, count_by(t.assign(_unit=leads), "_unit"))
        for f in FLAGS:
            self.sums[f] += int(t[f].sum())
        no_index = t["index_code"].isna()
        self.unclassified += int(no_index.sum() + (t["unclassified"] & ~no_index).sum())

    def rollup(self, catalog: Catalog, unit: str = "") -> Rollup:
        """Every row added, rolled up per content index, sub-content and lead unit."""
        by_index, by_sub = self.by_index, self.by_sub
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
        unit_rows = [{"code": abbreviations.get(name, ""), "name": name, **finish(c)} for name, c in self.by_lead.items()]
        unit_rows.sort(key=lambda r: (-r["total"], r["name"]))
        totals = finish({"total": self.rows, **self.sums})
        return Rollup(unit, self.cutoff, pd.DataFrame(ind_rows), pd.DataFrame(sub_rows), pd.DataFrame(unit_rows),
                      totals, self.unclassified)

    def units(self, units: list[tuple[str, str, str]], catalog: Catalog) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Per-unit totals and the units x indices matrix of :func:`rollup_units`."""
        unit_rows, matrix_rows = [], []
        for key, name, parent in units:
            totals = finish(self.per_unit.get(key, EMPTY))
            unit_rows.append({"unit": name, "parent": parent, **{k: totals[k] for k in UNIT_FIELDS}})
            m = {"unit": name, "parent": parent, "total": totals["total"], "pct_done": totals["pct_done"],
                 "overdue": totals["overdue"]}
            for index in catalog.indices:
                c = finish(self.per_cell.get((key, index.code), EMPTY))
                m[f"pct_{index.code}"] = c["pct_done"]
                m[f"overdue_{index.code}"] = c["overdue"]
                m[f"total_{index.code}"] = c["total"]
            matrix_rows.append(m)
        return pd.DataFrame(unit_rows), pd.DataFrame(matrix_rows)


def rollup_tasks(tasks: pd.DataFrame, catalog: Catalog, cutoff: dt.date | None, unit: str = "") -> Rollup:
    """Roll up an enriched task frame (as produced by :func:`validate`)."""
    tally = Tally(cutoff)
    tally.add(tasks, units=False)
    return tally.rollup(catalog, unit)


def rollup(validation: Validation) -> Rollup:
    """Roll up one validated workbook at its cut-off date."""
    return rollup_tasks(validation.tasks, validation.data.catalog, validation.cutoff, validation.data.meta.unit)


UNIT_FIELDS = ("total", "done", "in_progress", "not_started", "not_done", "overdue", "pct_done", "light")


def rollup_units(tasks: pd.DataFrame, units: list[tuple[str, str, str]], catalog: Catalog,
                 cutoff: dt.date | None) -> tuple[pd.DataFrame, pd.DataFrame, Rollup | None]:
    """A merge's roll-up: ``tasks`` carry a ``unit_key``; ``units`` are (key, name, parent) of the
    accepted units.  Returns per-unit totals, the units x indices matrix (pct_<code>, overdue_<code>,
    total_<code>) and the roll-up of every task together (None without tasks).  A merge adds its rows
    to a :class:`Tally` a batch at a time instead."""
    tally = Tally(cutoff)
    tally.add(tasks)
    by_unit, matrix = tally.units(units, catalog)
    return by_unit, matrix, tally.rollup(catalog) if tally.rows else None
