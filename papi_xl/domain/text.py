"""Vietnamese text handling: NFC normalisation, accent folding, fuzzy matching,
and detection of legacy (TCVN3 / VNI) encodings.

Everything that enters papi-xl from a cell passes through :func:`clean`.
Comparisons a user may mistype go through :func:`fold` (accent-, case- and
space-insensitive) and :func:`best_match`.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

_WS = re.compile(r"[ \t\u00a0\u2007\u202f]+")
_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Old-style tone placement -> new style (the seeds use the new style; text
# converted from TCVN3 comes out old style).  Applied only when folding.
_TONE_OLD_NEW = {
    "òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ",
    "òe": "oè", "óe": "oé", "ỏe": "oẻ", "õe": "oẽ", "ọe": "oẹ",
    "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ",
}


# what clean() would change: CR, tabs, control characters, odd spaces (one character class), and
# double spaces, spaces around a line break, white space at either end (substring tests: a regex
# alternation here costs ~5 µs per cell, the tests below well under 1 µs)
_ODD_CHARS = re.compile(r"[\r\t\x00-\x09\x0b-\x1f\x7f\u00a0\u2007\u202f]")


def _CLEAN_ALREADY(value: str) -> bool:  # noqa: N802 - a predicate used only by clean()
    """True when clean() would return the string unchanged (the common case)."""
    return (
        value != ""
        and not value[0].isspace()
        and not value[-1].isspace()
        and "  " not in value
        and " \n" not in value
        and "\n " not in value
        and "_x000D_" not in value
        and unicodedata.is_normalized("NFC", value)
        and not _ODD_CHARS.search(value)
    )


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def clean(value: object) -> str:
    """NFC-normalise, drop control characters, trim each line and the whole.

    Line breaks inside a cell are kept (they carry bullet lists); runs of
    spaces are collapsed. ``None`` becomes ``""``.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value if _CLEAN_ALREADY(value) else _clean(str(value))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _clean(str(value))


class TextMemo:
    """:func:`clean` of the texts seen last, owned by a reader (a merge reads the same plan text in
    many communes' workbooks).  Bounded by the characters kept: emptied when full; long texts are not
    kept."""

    def __init__(self, max_chars: int = 5_000_000, longest: int = 2_000):
        self.max_chars, self.longest = max_chars, longest
        self.texts: dict[str, str] = {}
        self.chars = 0

    def clean(self, value: object) -> str:
        if type(value) is not str:
            return clean(value)
        done = self.texts.get(value)
        if done is None:
            done = value if _CLEAN_ALREADY(value) else _clean(value)
            if len(value) <= self.longest:
                if self.chars >= self.max_chars:
                    self.texts.clear()
                    self.chars = 0
                self.texts[value] = done
                self.chars += len(value) + len(done) if done is not value else len(value)
        return done


def _clean(value: str) -> str:
    text = nfc(value).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("_x000D_", "")
    text = _CTRL.sub("", text)
    lines = [_WS.sub(" ", line).strip() for line in text.split("\n")]
    # drop empty lines at both ends, keep inner structure
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def one_line(value: str) -> str:
    return _WS.sub(" ", value.replace("\n", " ")).strip()


@functools.lru_cache(maxsize=4096)
def same_label(text: str, label: str) -> bool:
    """Equal as Excel's COUNTIFS compares: case-insensitive, accents and spacing exact."""
    return one_line(text).casefold() == one_line(label).casefold()


def strip_accents(value: str) -> str:
    decomposed = unicodedata.normalize("NFD", value)
    out = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return out.replace("đ", "d").replace("Đ", "D")


def fold(value: object) -> str:
    """Key for accent-, case-, punctuation- and space-insensitive comparison."""
    if isinstance(value, str):
        return _fold_str(value)
    return _fold_str(clean(value))


class _FoldTable(dict):
    """``str.translate`` table of :func:`fold`, filled on first sight of each character: a character becomes
    its letters without accents (NFD, combining marks dropped, đ -> d), lower-case ASCII letters and digits
    stay, anything else becomes a space."""

    def __missing__(self, char: int) -> str:
        c = chr(char)
        base = "".join(ch for ch in unicodedata.normalize("NFD", c) if unicodedata.category(ch) != "Mn")
        base = base.replace("đ", "d").replace("Đ", "D")
        out = self[char] = "".join(ch if ch in _ALNUM else " " for ch in base)
        return out


_ALNUM = frozenset("0123456789abcdefghijklmnopqrstuvwxyz")
_FOLD = _FoldTable()
# what clean() removes and a fold would otherwise turn into a space (control characters)
_FOLD.update({c: "" for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)})
_FOLD[0x7F] = ""


@functools.lru_cache(maxsize=16384)
def _fold_str(value: str) -> str:
    # = clean(), lower(), tone marks moved to the new style, accents stripped, runs of anything but
    # [0-9a-z] -> one space, trimmed; done as one str.translate (each character folds on its own: the
    # accents are dropped, so neither NFC nor the old/new tone placement can change the result)
    if "_x000D_" in value:
        value = value.replace("_x000D_", "")
    return " ".join(value.lower().translate(_FOLD).split())


@dataclass(frozen=True)
class Match:
    value: str
    score: float
    exact: bool


def best_match(query: str, choices: dict[str, str], cutoff: float = 0.75) -> Match | None:
    """Find the closest choice. ``choices`` maps a folded key to the value.

    Exact folded equality wins; otherwise difflib's ratio on folded keys.
    """
    key = fold(query)
    if not key:
        return None
    if key in choices:
        return Match(choices[key], 1.0, True)
    best: tuple[float, str] | None = None
    matcher = difflib.SequenceMatcher(None, "", key)  # seq2 is cached across choices
    for ck, cv in choices.items():
        floor = max(cutoff, best[0] if best else 0.0)
        if 2.0 * min(len(ck), len(key)) / (len(ck) + len(key)) < floor:
            continue  # even a perfect overlap could not reach the cutoff
        matcher.set_seq1(ck)
        if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
            continue
        ratio = matcher.ratio()
        if best is None or ratio > best[0]:
            best = (ratio, cv)
    if best and best[0] >= cutoff:
        return Match(best[1], best[0], False)
    return None


# --- legacy encodings -------------------------------------------------------
# TCVN3 (.VnTime fonts) and VNI-Windows text read as Latin-1 gibberish:
# "Céng hoµ x· héi" / "Coäng hoøa xaõ hoäi".  viparse ships both tables and a
# character-frequency detector; we use it through this one narrow seam.
_LEGACY_HINT = re.compile(r"[µ¸¶·¹¨©ª®«¬»¼½¾ÆÇÈÉÊËÌÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßäåæëïñõöøùûü]")


def _viparse():
    try:
        from viparse.normalize.detector import detect_encoding_by_content
        from viparse.normalize.encodings import get_charmap
        from viparse.normalize.tables import convert
    except Exception:  # pragma: no cover - only when viparse changes its layout
        return None
    return detect_encoding_by_content, get_charmap, convert


def legacy_encoding(value: str) -> str | None:
    """Return ``"TCVN3"`` or ``"VNI"`` when text looks typed in a legacy font."""
    if not value or len(value) < 4 or max(value) > "\xff" or not _LEGACY_HINT.search(value):
        return None  # legacy fonts only produce Latin-1 code points; real Vietnamese has more
    api = _viparse()
    if api is None:  # pragma: no cover
        return None
    detect, get_charmap, _ = api
    try:
        found = detect(value, {"tcvn3": get_charmap("tcvn3"), "vni": get_charmap("vni")})
    except Exception:  # pragma: no cover
        return None
    if found.encoding and found.confidence >= 0.6:
        return {"tcvn3": "TCVN3", "vni": "VNI"}.get(found.encoding)
    return None


# -- is it Vietnamese? (to choose a legacy table and never corrupt good text) --------------------------
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_NUCLEI = sorted((
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi ua uâ uê ui uô uơ uy ưa ưi ưu ươ "
    "yê iêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu yêu").split(), key=len, reverse=True)
_SYLLABLE = re.compile(r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnpqrstvx])?(?:" + "|".join(_NUCLEI)
                       + r")(?:ch|ng|nh|[cmnpt])?$")
_GI = re.compile(r"^g(?:i|ì|í|ỉ|ĩ|ị)(?:n|ng|a|ê|u|o)?")


@functools.lru_cache(maxsize=8192)  # words repeat: a workbook is checked word by word for its font
def _syllable(word: str) -> bool:
    """A plausible Vietnamese syllable: onset, vowel cluster, coda, at most one tone mark."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(ch in _TONE_MARKS for ch in decomposed) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    return bool(_SYLLABLE.match(base)) or base in ("gi", "gin") or bool(_GI.fullmatch(word.lower()))


_WORD_EDGES = " \t\n.,;:!?()[]\"'-/0-9"


def vietnamese_words(text: str) -> tuple[int, int]:
    """(valid syllables, words) among the words of ``text`` that hold a non-ASCII character."""
    valid = total = 0
    for raw in text.split():
        word = raw.strip(_WORD_EDGES)
        if not word or word.isascii():
            continue
        total += 1
        valid += _syllable(word)
    return valid, total


_FOREIGN = re.compile("[\x80-\xbf\xc4-\xc7\xcb\xce-\xd1\xd6-\xd8\xdb\xdc\xde\xdf"
                      "\xe4-\xe7\xeb\xee-\xf1\xf6-\xf8\xfb\xfc\xfe\xff]")  # Latin-1, never Vietnamese


_BEYOND_LATIN1 = re.compile("[^\x00-\xff]")


def legacy_candidate(value: str) -> bool:
    """Text that may be typed in a legacy font: non-ASCII, and only Latin-1 code points."""
    return bool(value) and not value.isascii() and not _BEYOND_LATIN1.search(value)


def detect_legacy(texts: list[str]) -> str | None:
    """The legacy table ("TCVN3" / "VNI") that turns a workbook's suspicious cells into Vietnamese, or None.
    One short cell ("X· Trung Tr¾c") says too little for a frequency detector: each Latin-1-only cell
    votes for the table that makes more of its words valid Vietnamese syllables; Unicode text (which is
    already valid) votes for neither."""
    votes = {"TCVN3": 0, "VNI": 0}
    for t in [t for t in texts if legacy_candidate(t)][:2000]:
        vote = _vote(t)
        if vote:
            votes[vote] += 1
    best = max(votes, key=lambda e: votes[e])
    return best if votes[best] > min(votes.values()) else None


@functools.lru_cache(maxsize=4096)  # the same cells ("Hoàn thành", a unit's name) recur in every workbook
def _vote(t: str) -> str | None:
    """The table one cell votes for (see :func:`detect_legacy`), or None."""
    words = vietnamese_words(t)
    if words[1] and words[0] == words[1] and not _FOREIGN.search(t):
        return None  # already valid Vietnamese: neither table makes it better (decode_legacy gives None)
    valid = {enc: vietnamese_words(decode_legacy(t, enc) or t)[0] for enc in ("TCVN3", "VNI")}
    best = max(valid, key=lambda e: valid[e])
    if valid[best] > min(valid.values()) or (valid[best] and decode_legacy(t, best)):
        return best
    return None


def decode_legacy(value: str, encoding: str) -> str | None:
    """``value`` converted from ``encoding`` when that makes it better Vietnamese, else None (the cell is
    left as it is: Unicode text that happens to be Latin-1, like "Hoàng", stays)."""
    if not legacy_candidate(value):
        return None
    v0, n0 = vietnamese_words(value)
    if n0 and v0 == n0 and not _FOREIGN.search(value):
        return None  # every word already valid and nothing foreign: no conversion is better (v1 <= n1)
    converted = convert_legacy(value, encoding)
    if not converted or converted == value:
        return None
    v1, n1 = vietnamese_words(converted)
    better = v1 * max(n0, 1) > v0 * max(n1, 1)
    if better or (v1 == n1 and _FOREIGN.search(value)):
        return converted
    return None


def convert_legacy(value: str, encoding: str) -> str | None:
    """Convert legacy text to NFC Unicode (None when conversion is unavailable)."""
    api = _viparse()
    if api is None:  # pragma: no cover
        return None
    _, get_charmap, convert = api
    charmap = get_charmap(encoding.lower())
    if charmap is None:
        return None
    try:
        return nfc(convert(value, charmap))
    except Exception:  # pragma: no cover
        return None
