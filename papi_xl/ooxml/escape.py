"""The one escaper for text papi-xl writes into XML parts.

XML 1.0 forbids most control characters, U+FFFE and U+FFFF, and lone surrogates: a single one makes a
part not well-formed and the file unopenable.  They are dropped (papi-xl's reader drops control
characters too).  A literal ``_xHHHH_`` in SpreadsheetML text would be decoded by Excel as the
character HHHH, so it is written as ``_x005F_xHHHH_``.
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
