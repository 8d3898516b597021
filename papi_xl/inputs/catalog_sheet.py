"""The Danh mục sheet of a workbook as a :class:`~papi_xl.domain.catalog.Catalog` (a province may edit
its catalog in Excel; every later step reads the catalog from the workbook itself).  The "Họ chỉ số"
column says which index family an item belongs to (PAPI, PAR INDEX, SIPAS); a sheet written before that
column existed takes the family of its declared catalog."""

from __future__ import annotations

import re

from papi_xl.domain.catalog import (
    JOIN,
    Catalog,
    Item,
    Unit,
    family_named,
    family_of_catalog,
    is_catalog_key,
    load_units,
)
from papi_xl.domain.text import fold
from papi_xl.registry import Finding, finding
from papi_xl.vocab import STATUSES, Sheet

_CODE = re.compile(r"(?:([a-z][a-z0-9]*)-)?\d{1,2}(\.[a-z0-9]{1,3})?")


def parse_catalog(rows: tuple[tuple[str, ...], ...], name: str, declared: str) -> tuple[Catalog | None, list[Finding]]:
    """The Danh mục sheet's cell texts -> a Catalog (None with a finding when it has no usable table)."""
    header = None
    for r, row in enumerate(rows[:20]):
        folded = [fold(v) for v in row]
        if "ma" in folded and "ten" in folded:
            header = (r, folded)
            break
    if header is None:
        return None, [finding("catalog-unreadable", sheet=name, cell="A1", field=Sheet.CATALOG)]
    r0, folded = header
    col = {k: folded.index(k) for k in ("ma", "ten", "ten khac", "ho chi so", "don vi", "viet tat", "ten goi khac",
                                        "tien do") if k in folded}
    known = is_catalog_key(declared)
    first_family = family_of_catalog(declared.split(JOIN)[0]) if known else ""
    items, units, statuses = [], [], []
    for row in rows[r0 + 1:]:
        def get(k: str, row=row) -> str:
            return row[col[k]] if k in col and col[k] < len(row) else ""

        code, name_ = get("ma"), get("ten")
        m = _CODE.fullmatch(code) if code else None
        if m and name_:
            family = family_named(get("ho chi so")) or m.group(1) or first_family
            items.append(Item(code, name_, _aliases(get("ten khac")), family=family or ""))
        if get("don vi"):
            units.append(Unit(get("don vi"), get("viet tat"), _aliases(get("ten goi khac"))))
        if get("tien do"):
            statuses.append(get("tien do"))
    if not items:
        return None, [finding("catalog-unreadable", sheet=name, cell="A1", field=Sheet.CATALOG, variant="empty")]
    key = declared if known else "workbook"
    return Catalog(key, f"Danh mục trong tệp ({name})", items, units or load_units(),
                   tuple(statuses) if set(statuses) >= set(STATUSES) else STATUSES), []


def _aliases(text: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in text.split(";") if a.strip())
