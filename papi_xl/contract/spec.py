"""Declarative sheet specifications: one per sheet papi-xl writes and later reads back.

A :class:`SheetSpec` names the sheet, the row its header is on and its columns (key, Vietnamese
header, width, kind).  Writers lay the sheet out from it; readers find columns by the same headers;
a write -> read round-trip test per spec keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass

from papi_xl.ooxml.refs import column_letter


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the Vietnamese header written in the sheet
    width: float
    synonyms: tuple[str, ...] = ()  # other headers people write (matched folded)
    required: bool = False
    kind: str = "text"  # text | number | date | datetime | pct | status | index | sub | unit | flag


@dataclass(frozen=True)
class SheetSpec:
    name: str
    header_row: int  # 1-based row of the header
    columns: tuple[Column, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    @property
    def widths(self) -> tuple[float, ...]:
        return tuple(c.width for c in self.columns)

    @property
    def first_data_row(self) -> int:
        return self.header_row + 1

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)

    def index(self, key: str) -> int:
        """0-based position of a column."""
        return self.keys.index(key)

    def letter(self, key: str) -> str:
        return column_letter(self.index(key))

    def header(self, key: str) -> str:
        return self.column(key).header
