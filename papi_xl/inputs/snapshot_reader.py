"""Read back the roll-up snapshot ``papi-xl summarize`` wrote on a workbook's Tổng hợp sheet (an earlier
period's figures, e.g. for ``report --previous``), by the headers of :mod:`papi_xl.contract.snapshot`."""

from __future__ import annotations

from pathlib import Path

from papi_xl.contract import snapshot as spec
from papi_xl.domain.text import clean


def read_snapshot_rows(rows: list[list]) -> list[dict]:
    """The first table of a snapshot (per content index and sub-content), as dicts keyed by the spec's
    keys; ``pct_done`` back in percent (0..100).  [] when the sheet holds no snapshot."""
    headers = list(spec.SNAPSHOT.headers)
    for i, row in enumerate(rows):
        texts = [clean(v) for v in row]
        for j in range(len(texts) - len(headers) + 1):
            if texts[j:j + len(headers)] == headers:
                return _table(rows[i + 1:], j)
    return []


def _table(rows: list[list], first: int) -> list[dict]:
    out = []
    for row in rows:
        values = (list(row[first:first + len(spec.SNAPSHOT.keys)]) + [None] * len(spec.SNAPSHOT.keys))
        rec = dict(zip(spec.SNAPSHOT.keys, values, strict=False))
        if all(v in (None, "") for v in rec.values()):
            break
        if isinstance(rec.get("pct_done"), (int, float)):
            rec["pct_done"] = round(rec["pct_done"] * 100, 1)
        rec["code"] = clean(rec.get("code"))
        out.append(rec)
    return out


def read_snapshot(path: Path) -> list[dict]:
    import python_calamine as pc  # imported where a file is opened

    book = pc.CalamineWorkbook.from_path(str(path))
    if spec.SNAPSHOT.name not in book.sheet_names:
        return []
    return read_snapshot_rows(book.get_sheet_by_name(spec.SNAPSHOT.name).to_python(skip_empty_area=False))
