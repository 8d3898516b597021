"""Indicator catalogs, units and statuses, as data.

A catalog is loaded from package data (``papi_xl/data/catalog_*.csv``) or from
the *Danh mục* sheet of a workbook (so a province can edit it in Excel).
Matching a cell to a catalog entry is accent- and case-insensitive and accepts
the spellings found in real plans (aliases).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from importlib import resources

from papi_xl import messages as msg
from papi_xl.domain.text import Match, best_match, clean, fold
from papi_xl.errors import UsageError
from papi_xl.vocab import STATUSES

CATALOGS = {
    "hungyen-xa": ("catalog_hungyen_xa.csv", "Bộ chỉ số cấp xã tỉnh Hưng Yên (9 chỉ số nội dung)"),
    "papi": ("catalog_papi.csv", "Bộ chỉ số PAPI toàn quốc (8 chỉ số nội dung, 28 chỉ số thành phần)"),
}
DEFAULT_CATALOG = "hungyen-xa"


@dataclass(frozen=True)
class Item:
    code: str  # "1" for an index, "1.a" / "1.1" for a sub-content
    name: str
    aliases: tuple[str, ...] = ()
    name_en: str = ""

    @property
    def is_index(self) -> bool:
        return "." not in self.code

    @property
    def index_code(self) -> str:
        return self.code.split(".")[0]

    @property
    def label(self) -> str:
        """The text shown in the workbook's cells and dropdowns."""
        if self.is_index:
            return f"{self.code}. {self.name}"
        suffix = self.code.split(".", 1)[1]
        if suffix.isalpha():
            return f"{suffix}) {self.name}"
        return f"{self.code}. {self.name}"


@dataclass(frozen=True)
class Unit:
    name: str
    abbreviation: str = ""
    aliases: tuple[str, ...] = ()


_LEAD_INDEX = re.compile(r"^\s*(?:chi so\s*)?(\d{1,2})\s*[.)/:-]?\s+(.*)$")
_LEAD_SUB = re.compile(r"^\s*(?:(\d{1,2})\s*\.\s*)?([a-z]|\d{1,2})\s*[).:]\s*(.*)$")


@dataclass
class Catalog:
    key: str
    title: str
    items: list[Item]
    units: list[Unit] = field(default_factory=list)
    statuses: tuple[str, ...] = STATUSES

    def __getstate__(self) -> dict:
        """Pickle without the match caches (a merge sends catalogs between processes)."""
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    # -- lookups -------------------------------------------------------------
    @property
    def indices(self) -> list[Item]:
        return [i for i in self.items if i.is_index]

    def subs_of(self, index_code: str) -> list[Item]:
        return [i for i in self.items if not i.is_index and i.index_code == index_code]

    def get(self, code: str) -> Item | None:
        for item in self.items:
            if item.code == code:
                return item
        return None

    def _memo(self, key: tuple, compute):
        cache = self.__dict__.setdefault("_match_cache", {})
        if key not in cache:
            if len(cache) > 50_000:
                cache.clear()
            cache[key] = compute()
        return cache[key]

    def match_index(self, value: str) -> Match | None:
        """Match a cell to a content index; ``Match.value`` is the index code."""
        return self._memo(("index", value), lambda: self._match(value, self.indices, _LEAD_INDEX, numbered=True))

    def match_sub(self, value: str, index_code: str | None) -> Match | None:
        """Match a cell to a sub-content, within the index when given."""

        def compute() -> Match | None:
            pool = self.subs_of(index_code) if index_code else [i for i in self.items if not i.is_index]
            return self._match(value, pool, _LEAD_SUB, numbered=False)

        return self._memo(("sub", value, index_code), compute)

    def match_sub_anywhere(self, value: str) -> Match | None:
        return self.match_sub(value, None)

    def _choices(self, pool: list[Item]) -> dict[str, str]:
        cache = self.__dict__.setdefault("_choice_cache", {})
        key = tuple(i.code for i in pool)
        if key not in cache:
            choices: dict[str, str] = {}
            for item in pool:
                for text in (item.label, item.name, *item.aliases):
                    choices.setdefault(fold(text), item.code)
            cache[key] = choices
        return cache[key]

    def _match(self, value: str, pool: list[Item], lead: re.Pattern, numbered: bool) -> Match | None:
        key = fold(value)
        if not key or not pool:
            return None
        choices = self._choices(pool)
        found = best_match(key, choices, cutoff=0.8)
        if found and found.exact:
            return found
        # a leading number / letter that agrees with the name, or alone
        m = lead.match(key)
        if m:
            if numbered:
                code, rest = m.group(1), m.group(2)
            else:
                code_suffix, rest = m.group(2), m.group(3)
                code = None
                for item in pool:
                    if item.code.split(".", 1)[1] == code_suffix and (
                        m.group(1) is None or item.index_code == m.group(1)
                    ):
                        code = item.code
                        break
            item = next((i for i in pool if i.code == code), None)
            if item is not None:
                rest_match = best_match(rest, {fold(t): item.code for t in (item.name, *item.aliases)}, 0.6)
                if rest_match or not rest:
                    return Match(item.code, rest_match.score if rest_match else 0.9, False)
        return found

    def unit_choices(self) -> dict[str, str]:
        if "_unit_choices" not in self.__dict__:
            choices: dict[str, str] = {}
            for unit in self.units:
                for text in (unit.name, unit.abbreviation, *unit.aliases):
                    if text:
                        choices.setdefault(fold(text), unit.name)
            self.__dict__["_unit_choices"] = choices
        return self.__dict__["_unit_choices"]

    def match_unit(self, value: str) -> Match | None:
        """Match a lead unit through its name, abbreviation and aliases."""
        return self._memo(("unit", value), lambda: self._match_unit(value))

    def _match_unit(self, value: str) -> Match | None:
        text = clean(value)
        if not text:
            return None
        choices = self.unit_choices()
        found = best_match(text, choices, cutoff=0.85)
        if found:
            return found
        # "Công chức VP-TK xã; Đài truyền thanh" - several units: first one decides
        first = re.split(r"[;,\n]| và | phối hợp ", text)[0]
        if first != text:
            return best_match(first, choices, cutoff=0.85)
        return None


# -- loading -----------------------------------------------------------------
def _data_path(name: str):
    return resources.files("papi_xl").joinpath("data", name)


def _split_aliases(text: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in clean(text).split(";") if a.strip())


def load_units() -> list[Unit]:
    with _data_path("units.csv").open(encoding="utf-8") as fh:
        return [
            Unit(clean(r["name"]), clean(r["abbreviation"]), _split_aliases(r["aliases"]))
            for r in csv.DictReader(fh)
        ]


def load_catalog(key: str = DEFAULT_CATALOG) -> Catalog:
    """Load a built-in catalog by key (``hungyen-xa`` or ``papi``)."""
    if key not in CATALOGS:
        raise UsageError(msg.UNKNOWN_CATALOG.format(key=key, choices=", ".join(CATALOGS)))
    filename, title = CATALOGS[key]
    with _data_path(filename).open(encoding="utf-8") as fh:
        items = [
            Item(clean(r["code"]), clean(r["name"]), _split_aliases(r.get("aliases", "")), clean(r.get("name_en", "")))
            for r in csv.DictReader(fh)
        ]
    return Catalog(key, title, items, load_units())
