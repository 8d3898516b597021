"""The one escaper for text papi-xl writes into XML parts.

XML 1.0 forbids most control characters, U+FFFE and U+FFFF, and lone surrogates: a single one makes a
part not well-formed and the file unopenable.  They are dropped (papi-xl's reader drops control
characters too).  A literal ``_xHHHH_`` in SpreadsheetML text would be decoded by Excel as the
character HHHH, so it is written as ``_x005F_xHHHH_``.

Page headers and footers have their own escaping (``&`` starts a code, a literal one is ``&&``) and
a limit of 255 characters, codes and escapes included: :func:`header_footer` fits one.
"""

from __future__ import annotations

import re

# characters XML 1.0 does not allow, and CR (XML turns CRLF into LF anyway; a cell's line break is LF)
ILLEGAL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]")
_OOXML_ESCAPE = re.compile(r"(_x[0-9A-Fa-f]{4}_)")
_NEEDS_WORK = re.compile("[&<>\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]|_x[0-9A-Fa-f]{4}_|^\\s|\\s$")


def legal(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids."""
    return ILLEGAL.sub("", text)


def xml_text(text: str) -> str:
    """Element content: legal characters, markup escaped."""
    text = legal(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(text: str) -> str:
    """An attribute value (double-quoted)."""
    return xml_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def spreadsheet_text(text: str) -> str:
    """SpreadsheetML cell / shared-string text: as :func:`xml_text`, with literal ``_xHHHH_`` escaped."""
    return _OOXML_ESCAPE.sub(r"_x005F\1", xml_text(text))


def t_element(s: str) -> str:
    """``<t>`` holding ``s`` as Excel will read it back."""
    if not _NEEDS_WORK.search(s):
        return f"<t>{s}</t>"
    s = spreadsheet_text(s)
    if s != s.strip():
        return f'<t xml:space="preserve">{s}</t>'
    return f"<t>{s}</t>"


HEADER_FOOTER_LIMIT = 255  # Excel's limit for a header or footer string, codes and escapes included
ELLIPSIS = "\u2026"
_LINE_BREAKS = re.compile(r"\s*[\n\t]\s*")


def utf16_len(text: str) -> int:
    """Length as Excel counts it (UTF-16 code units)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def header_text(text: str) -> str:
    """Literal text inside a header/footer: legal characters on one line, ``&`` doubled."""
    return _LINE_BREAKS.sub(" ", legal(text)).replace("&", "&&")


def _cut(text: str, room: int) -> str:
    """``text`` (already one line, legal) escaped for a header and cut with "…" to ``room`` units."""
    if utf16_len(header_text(text)) <= room:
        return header_text(text)
    kept, used = [], 0
    for ch in text:
        width = 2 if ch == "&" or ord(ch) > 0xFFFF else 1
        if used + width > room - 1:
            break
        kept.append(ch)
        used += width
    return header_text("".join(kept).rstrip()) + ELLIPSIS if room > 0 else ""


def header_footer(codes: str, text: str, tail: str = "", limit: int = HEADER_FOOTER_LIMIT) -> str:
    """A header/footer string: the formatting ``codes`` (``&C&"Font,Regular"&10``...) followed by the
    literal ``text`` and ``tail``, escaped; ``text`` is cut with "…" so that the whole string stays
    within Excel's ``limit`` (``tail`` — a year, a page number — is kept whole when it fits)."""
    text, tail = (_LINE_BREAKS.sub(" ", legal(t)) for t in (text, tail))
    if codes[-1:].isdigit() and (text + tail)[:1].isdigit():
        codes += " "  # "&10" then "2025" would read as font size 102025
    tail_part = _cut(tail, limit - utf16_len(codes))
    return codes + _cut(text, limit - utf16_len(codes) - utf16_len(tail_part)) + tail_part
