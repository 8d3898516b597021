"""How wide a line of Times New Roman is, so the heading's rules can be drawn as long as NĐ 30/2020
asks (the Tiêu ngữ's exactly as long as its text, the issuing body's 1/3 to 1/2 of it) and a unit's
name can be given a size at which it fits on one line.

Advance widths of the printable ASCII characters in thousandths of an em, measured from Liberation
Serif (metric-compatible with Times New Roman: the same advance for every character).  A Vietnamese
letter has the advance of its base letter (Đ that of D).
"""

from __future__ import annotations

import unicodedata

_REGULAR = (
    "250,333,408,500,500,833,778,180,333,333,500,564,250,333,250,278,500,500,500,500,500,500,500,500,500,500,278,"
    "278,564,564,564,444,921,722,667,667,722,611,556,722,722,333,389,722,611,889,722,722,556,722,667,556,611,722,"
    "722,944,722,722,611,333,278,333,469,500,333,444,500,444,500,444,333,500,500,278,278,500,278,778,500,500,500,"
    "500,333,389,278,500,500,722,500,500,444,480,200,480,541")
_BOLD = (
    "250,333,555,500,500,1000,833,278,333,333,500,570,250,333,250,278,500,500,500,500,500,500,500,500,500,500,333,"
    "333,570,570,570,500,930,722,667,722,722,667,611,778,778,389,500,778,667,944,722,778,611,778,722,556,667,722,"
    "722,1000,722,722,667,333,278,333,581,500,333,500,556,444,556,444,333,500,556,278,333,556,278,833,556,500,556,"
    "556,444,389,333,556,500,722,500,500,444,394,220,394,520")
_WIDTHS = {False: [int(w) for w in _REGULAR.split(",")], True: [int(w) for w in _BOLD.split(",")]}
_BASE = {"Đ": "D", "đ": "d", "\u00a0": " "}


def _advance(ch: str, bold: bool) -> int:
    ch = _BASE.get(ch) or unicodedata.normalize("NFD", ch)[0]
    code = ord(ch)
    if 32 <= code < 127:
        return _WIDTHS[bold][code - 32]
    return 500  # anything else: an average letter


def text_width_pt(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` set in Times New Roman at ``size`` points, in points."""
    return sum(_advance(ch, bold) for ch in text) * size / 1000
