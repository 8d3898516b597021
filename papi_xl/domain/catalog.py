"""Indicator catalogs, index families, units and statuses, as data.

A catalog is loaded from package data (``papi_xl/data/catalog_*.csv``) or from
the *Danh mục* sheet of a workbook (so a province can edit it in Excel).
Matching a cell to a catalog entry is accent- and case-insensitive and accepts
the spellings found in real plans (aliases, Roman numerals, "Nội dung “…”",
the national wording of a content, a name contained in the catalog's name).

**Index families.**  A commune may track several indices in one plan: PAPI, the
PAR INDEX (Chỉ số cải cách hành chính) and SIPAS (Chỉ số hài lòng).  Each item
belongs to a family (``papi_xl/data/index_families.csv``).  Catalogs of
different families combine (``load_catalog("papi+par+sipas")``): the first
family keeps its codes and labels; the codes of the others are prefixed with
their family ("par-3", "par-3.1") and their labels carry the family's name
("PAR INDEX 3. Cải cách thủ tục hành chính"), so codes and labels stay unique.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources

from papi_xl import messages as msg
from papi_xl.domain.text import Match, best_match, clean, fold
from papi_xl.errors import UsageError
from papi_xl.vocab import STATUSES

CATALOGS = {
    "hungyen-xa": ("catalog_hungyen_xa.csv", "Bộ chỉ số cấp xã tỉnh Hưng Yên (9 chỉ số nội dung)"),
    "papi": ("catalog_papi.csv", "Bộ chỉ số PAPI toàn quốc (8 chỉ số nội dung, 28 chỉ số thành phần)"),
    "par": ("catalog_par_xa.csv", "Chỉ số cải cách hành chính (PAR INDEX) cấp xã (8 lĩnh vực)"),
    "sipas": ("catalog_sipas.csv", "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS) (2 nhóm, 9 yếu tố)"),
}
DEFAULT_CATALOG = "hungyen-xa"
JOIN = "+"  # "papi+par+sipas": several families in one workbook


# -- families ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Family:
    key: str  # "papi" | "par" | "sipas"
    name: str  # "Chỉ số cải cách hành chính"
    abbreviation: str  # "PAR INDEX": shown in labels and in the Danh mục's "Họ chỉ số" column
    aliases: tuple[str, ...] = ()
    catalogs: tuple[str, ...] = ()  # catalog keys of this family

    def names(self) -> tuple[str, ...]:
        return (self.name, self.abbreviation, *self.aliases)


@functools.cache
def families() -> dict[str, Family]:
    """The index families, in file order (papi_xl/data/index_families.csv)."""
    by_file = {filename: key for key, (filename, _) in CATALOGS.items()}
    out = {}
    with _data_path("index_families.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            key = clean(r["family"])
            keys = tuple(by_file[f] for f in _split_aliases(r["catalogs"]) if f in by_file)
            out[key] = Family(key, clean(r["name"]), clean(r["abbreviation"]), _split_aliases(r["aliases"]), keys)
    return out


def family_of_catalog(key: str) -> str:
    """The family of a built-in catalog ("hungyen-xa" -> "papi")."""
    return next((f.key for f in families().values() if key in f.catalogs), key)


def family_named(text: str) -> str | None:
    """The family a text names: its key, abbreviation, name or an alias ("PAR INDEX", "Chỉ số CCHC" -> "par")."""
    key = fold(text)
    if not key:
        return None
    for fam in families().values():
        if key == fam.key or key in {fold(n) for n in fam.names()}:
            return fam.key
    return None


def family_in(text: str) -> str | None:
    """The one family a heading mentions ("II. CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (PAR INDEX)" -> "par"), else None."""
    words = f" {fold(text)} "
    found = {fam.key for fam in families().values()
             for n in fam.names() if len(fold(n)) >= 4 and f" {fold(n)} " in words}
    return found.pop() if len(found) == 1 else None


def family_abbreviation(key: str) -> str:
    fam = families().get(key)
    return fam.abbreviation if fam else key.upper()


# -- items ---------------------------------------------------------------------------------------------
_PREFIX = re.compile(r"^([a-z][a-z0-9]*)-(?=\d)")


@dataclass(frozen=True)
class Item:
    code: str  # "1" for an index, "1.a" / "1.1" for a sub-content; "par-3" / "par-3.1" in a combined catalog
    name: str
    aliases: tuple[str, ...] = ()
    name_en: str = ""
    family: str = ""  # "papi" | "par" | "sipas" ("" = not said: a catalog edited by hand)

    @property
    def is_index(self) -> bool:
        return "." not in self.code

    @property
    def index_code(self) -> str:
        return self.code.split(".")[0]

    @property
    def own_code(self) -> str:
        """The code in the family's own numbering ("par-3.1" -> "3.1")."""
        return _PREFIX.sub("", self.code)

    @property
    def tag(self) -> str:
        """The family's name shown before the label of an item of a combined catalog's later family."""
        m = _PREFIX.match(self.code)
        return family_abbreviation(m.group(1)) if m else ""

    @property
    def label(self) -> str:
        """The text shown in the workbook's cells and dropdowns."""
        own = self.own_code
        if self.tag:
            return f"{self.tag} {own}. {self.name}"
        if self.is_index:
            return f"{own}. {self.name}"
        suffix = own.split(".", 1)[1]
        if suffix.isalpha():
            return f"{suffix}) {self.name}"
        return f"{own}. {self.name}"


def code_of_label(label: str) -> str:
    """The index code a label stands for ("3. Tên" -> "3", "PAR INDEX 3. Tên" -> "par-3"); "" when none."""
    text = clean(label)
    for fam in families().values():
        if text.startswith(fam.abbreviation + " "):
            m = re.match(r"(\d{1,2})[.)]", text[len(fam.abbreviation) + 1:])
            return f"{fam.key}-{m.group(1)}" if m else ""
    m = re.match(r"(\d{1,2})[.)]", text)
    return m.group(1) if m else ""


@dataclass(frozen=True)
class Unit:
    name: str
    abbreviation: str = ""
    aliases: tuple[str, ...] = ()
    kind: str = ""  # units.csv: "commune department, 2025- …", "collective / generic, both eras" …

    @property
    def is_collective(self) -> bool:
        """A group or a channel, never one unit that leads a task (cán bộ công chức, MTTQ và các đoàn thể…)."""
        return self.kind.startswith(("collective", "channel", "file-copy", "commune leadership (recipient"))


# -- matching ------------------------------------------------------------------------------------------
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10, "XI": 11,
          "XII": 12}
# numbering before a content name, as written: "II.", "1.1.", "a)", "Chỉ số nội dung 4:", "Lĩnh vực 2 -"
_FRAME = r"(?:Chỉ số(?: nội dung| thành phần)?|Nội dung(?: thành phần)?|Lĩnh vực|Tiêu chí(?: thành phần)?|Nhóm|Yếu tố)"
_NUMBERING = re.compile(
    rf"^\s*(?:(?i:{_FRAME})\s+)?(?P<num>\d{{1,2}}(?:\.\d{{1,2}})*\.?|[IVX]{{1,4}}|(?i:[a-zđ]))\s*(?:[.):]|\s-|–)\s*"
    rf"|^\s*(?i:{_FRAME})\s+(?P<num2>\d{{1,2}})\s*(?=\S)")
_FRAME_WORD = re.compile(r"^(?:noi dung(?: thanh phan)?|linh vuc|chi so(?: noi dung| thanh phan)?|tieu chi)\s+")
_STOP_CONTAINED = 2  # a contained name must have at least this many words


def strip_numbering(text: str) -> tuple[str, list[str]]:
    """("2", ["linh vuc cai cach the che", "cai cach the che"]) for "2. Lĩnh vực cải cách thể chế": the number
    as written (digits, a Roman numeral as a number, or a letter) and the folded name without numbering, with and
    without a framing word ("Nội dung", "Lĩnh vực"); a quoted name ("Nội dung “…”") is the name."""
    raw = clean(text)
    m = _NUMBERING.match(raw)
    number = ""
    if m:
        number = (m.group("num") or m.group("num2") or "").rstrip(".")
        raw = raw[m.end():]
    number = str(_ROMAN[number]) if number in _ROMAN else number.lower()
    quoted = re.search(r"[“\"](.+?)[”\"]", raw)
    rest = fold(quoted.group(1)) if quoted and len(fold(quoted.group(1))) > 3 else fold(raw)
    bare = _FRAME_WORD.sub("", rest)
    return number, list(dict.fromkeys(c for c in (rest, bare) if c))


def _contains(outer: str, inner: str) -> bool:
    return f" {inner} " in f" {outer} "


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

    @property
    def families(self) -> list[str]:
        """The families of the catalog's items, in catalog order."""
        return list(dict.fromkeys(i.family for i in self.items if i.family))

    def indices_of(self, family: str | None) -> list[Item]:
        return [i for i in self.indices if family is None or i.family == family]

    def subs_of(self, index_code: str) -> list[Item]:
        return [i for i in self.items if not i.is_index and i.index_code == index_code]

    def get(self, code: str) -> Item | None:
        return self._by_code().get(code)

    def _by_code(self) -> dict[str, Item]:
        found = self.__dict__.get("_by_code_cache")
        if found is None or len(found) != len(self.items):
            found = self.__dict__["_by_code_cache"] = {i.code: i for i in self.items}
        return found

    def family_of(self, code: str | None) -> str:
        item = self.get(code or "")
        return item.family if item else ""

    def _memo(self, key: tuple, compute: Callable[[], Match | None]) -> Match | None:
        cache = self.__dict__.setdefault("_match_cache", {})
        if key not in cache:
            if len(cache) > 50_000:
                cache.clear()
            cache[key] = compute()
        return cache[key]

    def match_index(self, value: str, family: str | None = None) -> Match | None:
        """Match a cell or heading to a content index (within one family when given); ``Match.value`` is the
        index code.  A name beats a number: "2. Lĩnh vực cải cách thủ tục hành chính" is the index whose name
        that is, whatever its number."""
        return self._memo(("index", value, family), lambda: self._match(value, self.indices_of(family)))

    def match_sub(self, value: str, index_code: str | None) -> Match | None:
        """Match a cell to a sub-content, within the index when given."""

        def compute() -> Match | None:
            pool = self.subs_of(index_code) if index_code else [i for i in self.items if not i.is_index]
            return self._match(value, pool)

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

    def _names(self, pool: list[Item]) -> dict[str, str]:
        """Folded name and aliases -> code (no labels: numbers are not names)."""
        names: dict[str, str] = {}
        for item in pool:
            for text in (item.name, *item.aliases):
                names.setdefault(fold(text), item.code)
        return names

    def _match(self, value: str, pool: list[Item]) -> Match | None:
        """In order: an exact label / name / alias; the name whatever number it carries; a name that begins,
        ends or is contained in a catalog name (unambiguous only); a leading number that agrees with a
        misspelt name; the closest name (a typo)."""
        key = fold(value)
        if not key or not pool:
            return None
        choices = self._choices(pool)
        if key in choices:
            return Match(choices[key], 1.0, True)
        number, rests = strip_numbering(value)
        names = self._names(pool)
        for rest in rests:
            if rest in names:
                return Match(names[rest], 0.95, False)
        part = _by_part(rests, names)
        if part is not _NO_PART:
            return part  # a Match, or None when the text names two contents: never guessed by its number
        by_number = _by_number(number, rests, pool)
        if by_number is not None:
            return by_number
        for rest in rests:
            found = best_match(rest, names, cutoff=0.8)
            if found:
                return found
        return best_match(key, choices, cutoff=0.8)

    def unit_choices(self) -> dict[str, str]:
        if "_unit_choices" not in self.__dict__:
            choices: dict[str, str] = {}
            for unit in self.units:
                for text in (unit.name, unit.abbreviation, *unit.aliases):
                    if text:
                        choices.setdefault(fold(text), unit.name)
            self.__dict__["_unit_choices"] = choices
        return self.__dict__["_unit_choices"]

    def unit(self, name: str) -> Unit | None:
        return next((u for u in self.units if u.name == name), None)

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
            Unit(clean(r["name"]), clean(r["abbreviation"]), _split_aliases(r["aliases"]), clean(r.get("kind", "")))
            for r in csv.DictReader(fh)
        ]


def catalog_parts(key: str) -> list[str]:
    """The built-in catalogs a key names ("papi+par" -> ["papi", "par"]); UsageError when one is unknown or two
    are of the same family."""
    parts = [p.strip() for p in key.split(JOIN)]
    choices = ", ".join([*CATALOGS, "papi+par+sipas"])
    if not key or any(p not in CATALOGS for p in parts):
        raise UsageError(msg.UNKNOWN_CATALOG.format(key=key, choices=choices))
    fams = [family_of_catalog(p) for p in parts]
    if len(set(fams)) != len(fams):
        raise UsageError(msg.CATALOG_SAME_FAMILY.format(key=key))
    return parts


def is_catalog_key(key: str) -> bool:
    try:
        catalog_parts(key)
    except UsageError:
        return False
    return True


def _load_one(key: str) -> Catalog:
    filename, title = CATALOGS[key]
    fam = family_of_catalog(key)
    with _data_path(filename).open(encoding="utf-8") as fh:
        items = [
            Item(clean(r["code"]), clean(r["name"]), _split_aliases(r.get("aliases", "")), clean(r.get("name_en", "")),
                 fam)
            for r in csv.DictReader(fh)
        ]
    return Catalog(key, title, items, load_units())


def combine(catalogs: list[Catalog]) -> Catalog:
    """One catalog of several families: the first keeps its codes, the others' codes get their family as a
    prefix ("par-3.1")."""
    first, *rest = catalogs
    items = list(first.items)
    for cat in rest:
        items += [Item(f"{i.family}-{i.code}" if i.family and not _PREFIX.match(i.code) else i.code, i.name,
                       i.aliases, i.name_en, i.family) for i in cat.items]
    key = JOIN.join(c.key for c in catalogs)
    return Catalog(key, " + ".join(c.title for c in catalogs), items, first.units, first.statuses)


def load_catalog(key: str = DEFAULT_CATALOG) -> Catalog:
    """Load a built-in catalog by key (``hungyen-xa``, ``papi``, ``par``, ``sipas``) or several families joined by
    ``+`` (``papi+par+sipas``)."""
    parts = catalog_parts(key)
    catalogs = [_load_one(p) for p in parts]
    return catalogs[0] if len(catalogs) == 1 else combine(catalogs)


def with_families(catalog: Catalog, wanted: list[str]) -> Catalog:
    """The catalog extended with the built-in catalog of each family in ``wanted`` it lacks (a Word plan that
    tracks the PAR INDEX and SIPAS besides PAPI)."""
    have = set(catalog.families)
    extra = [families()[f].catalogs[0] for f in wanted if f not in have and f in families() and families()[f].catalogs]
    if not extra:
        return catalog
    return combine([catalog, *(_load_one(k) for k in extra)])


_NO_PART = Match("", 0.0, False)  # "no name part matched" (None means "matched two: ambiguous")


def _by_part(rests: list[str], names: dict[str, str]) -> Match | None:
    """A name that begins or ends a catalog name ("Tham gia của người dân" in "… ở cấp cơ sở"; at least half
    of it), or a catalog name contained in the text ("Nội dung Tham gia của người dân ở cấp cơ sở").  Several
    owners: None (ambiguous); no owner: _NO_PART."""
    for rest in rests:
        if len(rest.split()) < _STOP_CONTAINED:
            continue
        inside = {code for name, code in names.items()
                  if (name.startswith(rest + " ") or name.endswith(" " + rest)) and 2 * len(rest.split()) >= len(
                      name.split())}
        if len(inside) == 1:
            return Match(inside.pop(), 0.9, False)
        around = {code for name, code in names.items() if len(name.split()) > _STOP_CONTAINED and _contains(rest, name)}
        if len(around) == 1:
            return Match(around.pop(), 0.85, False)
        if len(inside) > 1 or len(around) > 1:
            return None
    return _NO_PART


def _by_number(number: str, rests: list[str], pool: list[Item]) -> Match | None:
    """A leading number that agrees with the (misspelt) name, or a number alone."""
    if not number:
        return None
    item = next((i for i in pool if i.own_code == number or (not i.is_index and i.own_code.split(".", 1)[1] == number)),
                None)
    if item is None:
        return None
    if not rests:
        return Match(item.code, 0.9, False)
    close = best_match(rests[0], {fold(t): item.code for t in (item.name, *item.aliases)}, 0.6)
    return Match(item.code, close.score, False) if close else None
