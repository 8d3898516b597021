"""Administrative unit names (xã / phường) as people type them, and how two spellings are matched.

A unit's key keeps its accents: "Xã Đông Phong" and "Xã Đồng Phong" are two communes.  The key is
NFC, case- and space-insensitive, with one tone-placement convention ("Hòa" = "Hoà") and without the
prefixes people add ("UBND xã", "Phường"...)::

    unit_key("UBND xã Trung Trắc") == unit_key("Trung  trắc") == "trung trắc"
    unit_key("Trung Trac") == "trung trac"            # a different key: no accents

Accent-folded matching ("Trung Trac" -> "Trung Trắc") is a fallback that :func:`match_unit` allows
only when exactly one known unit folds to the same letters.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from papi_xl.domain.text import _TONE_OLD_NEW, fold, strip_accents

# Prefixes dropped from a key: an organ ("UBND") then a unit type ("xã").  A type is matched with its
# exact accents ("Tịnh Sơn" keeps its first word, "Tỉnh Hưng Yên" does not); only the commune-level
# ones are also matched typed without accents ("Xa Dong Phong"), where no name is at risk.
_ORGANS = ("uỷ ban nhân dân", "uy ban nhan dan", "ubnd", "u b n d", "đảng uỷ", "dang uy", "hđnd", "hdnd")
_TYPES = ("thị trấn", "thi tran", "thị xã", "thành phố", "đặc khu", "dac khu", "xã", "xa", "phường", "phuong",
          "huyện", "quận", "tỉnh", "tp")
_PREFIXES = re.compile(rf"^(?:(?:{'|'.join(map(re.escape, _ORGANS))})\s+)?(?:(?:{'|'.join(map(re.escape, _TYPES))})\s+)?")
_NOT_WORD = re.compile(r"[^\w]+")


def _alternatives(words) -> str:
    return "|".join(sorted({re.escape(w) for w in words}, key=len, reverse=True))


# the same prefixes on accent-folded text, with the abbreviations a parent is written with ("H. Văn Lâm")
_FOLDED_PREFIXES = re.compile(rf"^(?:(?:{_alternatives(fold(o) for o in _ORGANS)})\s+)?"
                              rf"(?:(?:{_alternatives([*(fold(t) for t in _TYPES), 'h', 'q', 'tx', 'tt'])})\s+)?")
_FILENAME_NOISE = re.compile(
    r"\b(bao cao|bieu|tong hop|nhiem vu|papi|tien do|ke hoach|kh|bc|nam|ky|6 thang|thang|quy|lan|ban|sua|moi|"
    r"final|v\d+|kiem tra|copy|\d+)\b"
)
TYPO_RATIO = 0.88  # difflib ratio of two folded keys for a typo to be forgiven (matching an expected list)


def _base(name: str) -> str:
    """NFC, lower case, one tone-placement convention, punctuation as spaces, spaces collapsed."""
    text = unicodedata.normalize("NFC", name or "").casefold()
    for old, new in _TONE_OLD_NEW.items():
        text = text.replace(old, new)
    return " ".join(_NOT_WORD.sub(" ", text).replace("_", " ").split())


def unit_key(name: str) -> str:
    """Comparison key: accents kept; case, spacing, punctuation and "UBND xã"-like prefixes ignored."""
    key = _base(name)
    rest = _PREFIXES.sub("", key, count=1).strip()
    return rest or key


def parent_key(name: str) -> str:
    """Comparison key of a parent unit (a district, a province): accents, case, punctuation and "UBND huyện",
    "H.", "TX"-like prefixes ignored ("UBND huyện Văn Lâm" = "huyen Van Lam" = "H. Văn Lâm" = "van lam")."""
    key = fold(name)
    return _FOLDED_PREFIXES.sub("", key, count=1).strip() or key


def folded(key: str) -> str:
    """A key without its accents ("đồng phong" -> "dong phong"): the fallback comparison."""
    return fold(key)


def has_accents(name: str) -> bool:
    """True when a name carries any Vietnamese diacritic (or đ)."""
    return strip_accents(name) != name


def unit_from_filename(path: Path) -> str:
    """Best guess of a unit name from a file name (accents are lost)."""
    stem = fold(path.stem.replace("_", " ").replace("-", " "))
    stem = _FILENAME_NOISE.sub(" ", stem)
    stem = _PREFIXES.sub("", re.sub(r"\s+", " ", stem).strip())
    return stem.strip().title()


@dataclass(frozen=True)
class ExpectedUnit:
    name: str
    parent: str = ""


class How(Enum):
    """How a name was matched to a known unit."""

    EXACT = "exact"  # same key (accents included)
    FOLDED = "folded"  # same letters without accents, and only one known unit has them
    TYPO = "typo"  # a close spelling (folded), and only one known unit is that close
    AMBIGUOUS = "ambiguous"  # several known units fit: nothing is chosen
    NONE = "none"


@dataclass(frozen=True)
class UnitMatch:
    how: How
    name: str = ""  # the known unit's name (EXACT, FOLDED, TYPO)
    candidates: tuple[str, ...] = field(default=())  # the known units that fit (AMBIGUOUS)

    @property
    def found(self) -> bool:
        return self.how in (How.EXACT, How.FOLDED, How.TYPO)


def match_unit(name: str, known: Iterable[str], typos: bool = True) -> UnitMatch:
    """Match ``name`` to one of the ``known`` unit names.

    Exact key first.  Otherwise the accent-folded key, only when exactly one known unit folds to it
    ("Trung Trac" -> "Trung Trắc"; "Dong Phong" against "Đông Phong" and "Đồng Phong" is ambiguous).
    With ``typos``, a close folded spelling (ratio >= :data:`TYPO_RATIO`) under the same rule."""
    return UnitMatcher(known).match(name, typos)


class UnitMatcher:
    """:func:`match_unit` against the same known names many times (a merge matches each of thousands of
    files to the same list): the names' keys are computed once."""

    def __init__(self, known: Iterable[str]):
        self.by_key: dict[str, str] = {}
        for k in known:
            self.by_key.setdefault(unit_key(k), k)
        self.by_fold: dict[str, list[str]] = {}
        for k, n in self.by_key.items():
            self.by_fold.setdefault(folded(k), []).append(n)

    def match(self, name: str, typos: bool = True) -> UnitMatch:
        key = unit_key(name)
        if not key:
            return UnitMatch(How.NONE)
        if key in self.by_key:
            return UnitMatch(How.EXACT, self.by_key[key])
        same = self.by_fold.get(folded(key), [])
        if len(same) == 1:
            return UnitMatch(How.FOLDED, same[0])
        if len(same) > 1:
            return UnitMatch(How.AMBIGUOUS, candidates=tuple(sorted(same)))
        return _typo(folded(key), self.by_fold) if typos else UnitMatch(How.NONE)


def _typo(key: str, by_fold: dict[str, list[str]]) -> UnitMatch:
    """The known unit closest to ``key`` (folded), when it alone is the closest."""
    matcher = difflib.SequenceMatcher(None, "", key)
    ratios: dict[str, float] = {}
    for k in by_fold:
        matcher.set_seq1(k)
        if matcher.quick_ratio() >= TYPO_RATIO:
            ratios[k] = matcher.ratio()
    best = max(ratios.values(), default=0.0)
    if best < TYPO_RATIO:
        return UnitMatch(How.NONE)
    fits = [n for k, r in ratios.items() if r == best for n in by_fold[k]]
    if len(fits) == 1:
        return UnitMatch(How.TYPO, fits[0])
    if len(fits) > 1:
        return UnitMatch(How.AMBIGUOUS, candidates=tuple(sorted(fits)))
    return UnitMatch(How.NONE)
