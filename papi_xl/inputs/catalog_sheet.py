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


_COLUMNS = ("ma", "ten", "ten khac", "ho chi so", "don vi", "viet tat", "ten goi khac", "tien do")


def parse_catalog(rows: tuple[tuple[str, ...], ...], name: str, declared: str) -> tuple[Catalog | None, list[Finding]]:
    """The Danh mục sheet's cell texts -> a Catalog (None with a finding when it has no usable table)."""
    header = _header(rows)
    if header is None:
        return None, [finding("catalog-unreadable", sheet=name, cell="A1", field=Sheet.CATALOG)]
    r0, col = header
    known = is_catalog_key(declared)
    first_family = family_of_catalog(declared.split(JOIN)[0]) if known else ""
    items, units, statuses = [], [], []
    for row in rows[r0 + 1:]:
        cells = {k: row[i] if i < len(row) else "" for k, i in col.items()}
        item = _item(cells, first_family)
        if item is not None:
            items.append(item)
        if cells.get("don vi"):
            units.append(Unit(cells["don vi"], cells.get("viet tat", ""), _aliases(cells.get("ten goi khac", ""))))
        if cells.get("tien do"):
            statuses.append(cells["tien do"])
    if not items:
        return None, [finding("catalog-unreadable", sheet=name, cell="A1", field=Sheet.CATALOG, variant="empty")]
    key = declared if known else "workbook"
    return Catalog(key, f"Danh mục trong tệp ({name})", items, units or load_units(),
                   tuple(statuses) if set(statuses) >= set(STATUSES) else STATUSES), []


def _header(rows: tuple[tuple[str, ...], ...]) -> tuple[int, dict[str, int]] | None:
    """The header row (a "Mã" and a "Tên" column) and where each known column is."""
    for r, row in enumerate(rows[:20]):
        folded = [fold(v) for v in row]
        if "ma" in folded and "ten" in folded:
            return r, {k: folded.index(k) for k in _COLUMNS if k in folded}
    return None


def _item(cells: dict[str, str], first_family: str) -> Item | None:
    """A content index or sub-content row: a code like "1", "1.a" or "par-3.1" and a name."""
    code, name = cells.get("ma", ""), cells.get("ten", "")
    m = _CODE.fullmatch(code) if code else None
    if not m or not name:
        return None
    family = family_named(cells.get("ho chi so", "")) or m.group(1) or first_family
    return Item(code, name, _aliases(cells.get("ten khac", "")), family=family or "")


def _aliases(text: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in text.split(";") if a.strip())
