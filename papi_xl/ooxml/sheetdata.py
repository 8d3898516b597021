"""The rows of a long sheet, written as worksheet XML and spliced into a workbook.

xlsxwriter lays out every sheet of the merge summary (titles, headers, column widths,
frozen panes, filters, print settings, formats).  For the one long table, the summary's
Nhiệm vụ sheet with tens or hundreds of thousands of task rows, going through
xlsxwriter's cell API costs ~9 µs per cell (two thirds of a merge's writing time);
rendering the ``<row>`` elements here and splicing them into the finished package costs
about a quarter of that.  The rows use the shared-string table (the same plan text repeats in
every commune's workbook), up to a budget past which new strings are written inline so
that memory stays bounded on a merge of every commune of the country.

Only what the OOXML format fixes is relied on: ``<sheetData>`` of the sheet, its
``<dimension>``, and ``xl/sharedStrings.xml``.  Every other part is copied as written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import itertools
import queue
import re
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from papi_xl.ooxml.escape import t_element
from papi_xl.ooxml.layout import lines_height, wrapped_lines
from papi_xl.ooxml.ns import MAIN
from papi_xl.ooxml.package import Package, parse_xml, workbook_sheets
from papi_xl.ooxml.refs import column_letter

STR, NUM, DATE = "str", "num", "date"
SST_PART = "xl/sharedStrings.xml"
MAX_CHARS = 32767  # Excel's limit for one cell
EXCEL_DAY_ZERO = dt.date(1899, 12, 31).toordinal()  # serial 1 is 1900-01-01

_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def excel_serial(d: dt.date) -> int:
    """Excel's 1900 date serial of a date (Excel counts a 29/02/1900 that never was)."""
    number = d.toordinal() - EXCEL_DAY_ZERO
    return number + 1 if number > 59 else number


# characters of new strings the table takes (~35 MB of memory with the look-up): a merge of ~300 returned
# workbooks fills it (170 realistic ones: 4.4 million); past it, new strings are written inline, so a
# merge of every commune of the country needs no more memory than one of a province
BUDGET = 8_000_000


class SharedStrings:
    """The workbook's shared-string table, extended as rows are rendered.  Past ``budget``
    characters of new strings, :meth:`add` returns None and the caller writes inline."""

    def __init__(self, existing: Sequence[str] = (), budget: int = BUDGET):
        self.index_of: dict[str, int] = {}
        self.strings: list[str] = []
        for s in existing:
            self.index_of.setdefault(s, len(self.strings))
            self.strings.append(s)
        self.budget = budget
        self.references = 0  # cells pointing at the table (the part's count attribute)

    def add(self, s: str) -> int | None:
        """The index of a string not yet in the table, or None when over budget."""
        if self.budget < len(s):
            return None
        self.budget -= len(s)
        i = self.index_of[s] = len(self.strings)
        self.strings.append(s)
        return i

    @classmethod
    def parse(cls, data: bytes, **kw) -> SharedStrings:
        root = parse_xml(data)
        strings = [_ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), "".join(
            t.text or "" for t in si.iter(f"{{{MAIN}}}t"))) for si in root.iter(f"{{{MAIN}}}si")]
        out = cls(strings, **kw)
        out.references = int(root.get("count") or len(strings))
        return out

    def chunks(self) -> Iterator[str]:
        yield ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               f'<sst xmlns="{MAIN}" count="{self.references}" uniqueCount="{len(self.strings)}">')
        for start in range(0, len(self.strings), 10_000):
            yield "".join([f"<si>{_t(s)}</si>" for s in self.strings[start:start + 10_000]])
        yield "</sst>"


@dataclass(frozen=True)
class Column:
    """One column of the table: how its values are written, with which cell style (xf index),
    and for wrapped text its width in characters (rows are made tall enough for it).
    ``styles`` gives some values a style of their own (a status in colour); ``empty`` writes
    empty strings as cells too (as xlsxwriter's ``write_string`` does) instead of no cell."""

    kind: str  # STR, NUM or DATE
    style: int
    wrap_width: float | None = None
    styles: Mapping[str, int] | None = None
    empty: bool = False


def render_rows(columns: Sequence[Column], values: Sequence[Sequence], first_row: int, sst: SharedStrings,
                lines: Sequence[int] | None = None) -> str:
    """``<row>`` elements for ``values`` (one list per column, same length), the first on
    sheet row ``first_row`` (1-based).  Empty strings, None and NaN/NaT write no cell.  A row
    whose wrapped text needs more than one line gets the height for it (spreadsheet apps do
    not auto-fit rows on opening, and the summary must print readable); ``lines`` are lines
    the rows need for text not among ``values``.  Rendered a column at a time: one pass of
    comprehensions per column costs a third of a pass over the cells of each row."""
    n = len(values[0]) if values else 0
    rows = [str(first_row + i) for i in range(n)]
    height = list(lines) if lines is not None else [1] * n
    cells = [_column_cells(c, col, vals, rows, height, sst) for c, (col, vals) in
             enumerate(zip(columns, values, strict=True))]
    return "".join([f'<row r="{r}" ht="{_height(h)}" customHeight="1">{"".join(row)}</row>' if h > 1 else
                     f'<row r="{r}">{"".join(row)}</row>' for r, h, row in zip(rows, height, zip(*cells, strict=True), strict=True)])


@functools.lru_cache(maxsize=64)
def _height(lines: int) -> float:
    return lines_height(lines)


def _column_cells(c: int, col: Column, vals: Sequence, rows: list[str], height: list[int],
                  sst: SharedStrings) -> list[str]:
    """The ``<c>`` element of each row in one column ("" for no cell)."""
    head = f'<c r="{column_letter(c)}'
    style = f' s="{col.style}"'
    if col.kind != STR:
        date = col.kind == DATE
        return [f'{head}{r}"{style}><v>{excel_serial(v) if date else int(v)}</v></c>'
                if v is not None and v == v else "" for r, v in zip(rows, vals, strict=True)]
    out, todo = _known_texts(head, style, col, vals, rows, sst)
    if col.wrap_width:
        _fit_known(col.wrap_width, vals, out, set(todo), height)
    _new_texts(head, style, col, vals, rows, height, sst, out, todo)
    return out


def _known_texts(head: str, style: str, col: Column, vals: Sequence, rows: list[str],
                 sst: SharedStrings) -> tuple[list[str], list[int]]:
    """The common cell, for the whole column at once: a text already in the shared-string table.  Returns
    the cells made and the positions left for :func:`_new_texts` (new texts, empty strings written as
    cells, other values, every value of a column with per-value styles)."""
    empty = col.empty
    if col.styles is not None:
        return [""] * len(vals), [i for i, v in enumerate(vals) if v or (empty and isinstance(v, str))]
    index = list(map(sst.index_of.get, vals))
    out = [f'{head}{r}"{style} t="s"><v>{k}</v></c>' if k is not None and v else ""
           for r, k, v in zip(rows, index, vals, strict=True)]
    sst.references += len(out) - out.count("")
    todo = [i for i, (k, v) in enumerate(zip(index, vals, strict=True))
            if (k is None and v) or (not v and empty and isinstance(v, str))]
    return out, todo


def _lines_needed(v: str, wrap: float) -> int:
    """:func:`~papi_xl.ooxml.layout.wrapped_lines`, with a cheaper estimate for one line of text."""
    return -(-len(v) // max(4, int(wrap * 1.3))) if "\n" not in v else wrapped_lines(v, wrap)


def _fit_known(wrap: float, vals: Sequence, out: list[str], todo: set[int], height: list[int]) -> None:
    """Rows tall enough for the wrapped text of the cells :func:`_known_texts` made."""
    for i in [i for i, v in enumerate(vals) if isinstance(v, str) and (len(v) > wrap or "\n" in v)]:
        if i not in todo and out[i]:
            h = _lines_needed(vals[i], wrap)
            if h > height[i]:
                height[i] = h


def _new_texts(head: str, style: str, col: Column, vals: Sequence, rows: list[str], height: list[int],
               sst: SharedStrings, out: list[str], todo: list[int]) -> None:
    """Cell by cell, the positions :func:`_known_texts` left: added to the shared strings (inline once
    the table's budget is spent), rows made tall enough for wrapped text."""
    wrap, styles = col.wrap_width, col.styles
    for i in todo:
        v = vals[i]
        if not isinstance(v, str):
            v = str(v)
        if len(v) > MAX_CHARS:
            v = v[:MAX_CHARS]
        if wrap and (len(v) > wrap or "\n" in v):
            h = _lines_needed(v, wrap)
            if h > height[i]:
                height[i] = h
        s = style if not styles or v not in styles else f' s="{styles[v]}"'
        k = sst.index_of.get(v)
        if k is None:
            k = sst.add(v)
            if k is None:
                out[i] = f'{head}{rows[i]}"{s} t="inlineStr"><is>{_t(v)}</is></c>'
                continue
        sst.references += 1
        out[i] = f'{head}{rows[i]}"{s} t="s"><v>{k}</v></c>'


_MARKUP = re.compile("[&<>\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]")
_ESCAPE_LIKE = re.compile(r"_x[0-9A-Fa-f]{4}_")


def _t(s: str) -> str:
    """:func:`~papi_xl.ooxml.escape.t_element`, the common case (nothing to escape) decided with cheaper tests
    than its one regex (which looks for white space at either end at every character)."""
    if s and not s[0].isspace() and not s[-1].isspace() and not _MARKUP.search(s) and (
            "_x" not in s or not _ESCAPE_LIKE.search(s)):
        return f"<t>{s}</t>"
    return t_element(s)


@dataclass(frozen=True)
class SheetRows:
    """Rows to append to one sheet: ``rows(sst)`` yields them as XML text (it may be called again: a
    part found to need Zip64 is written a second time), ``last_cell`` is the sheet's new last cell."""

    rows: Callable[[SharedStrings], Iterable[str]]
    last_cell: str


def splice_rows(book: bytes, dest: Path, sheet: str, rows: Callable[[SharedStrings], Iterable[str]],
                last_cell: str) -> Path:
    """:func:`splice_sheets` for one sheet."""
    return splice_sheets(book, dest, {sheet: SheetRows(rows, last_cell)})


def splice_sheets(book: bytes, dest: Path, sheets: Mapping[str, SheetRows]) -> Path:
    """Write ``book`` (an .xlsx in memory) to ``dest`` with the rows of each sheet named in ``sheets``
    appended to its ``<sheetData>`` and its dimension set to ``A1:last_cell``; the shared strings the
    rows use are added to the book's table.  Each long part is deflated as it is rendered (in a thread:
    zlib runs beside the rendering), never held whole; Zip64 is used only for a part that needs it
    (> 2 GiB): found when the part is written, which is then written again."""
    zip64: set[str] = set()
    while True:
        try:
            return _splice(book, dest, sheets, zip64)
        except _NeedsZip64 as exc:
            zip64.add(exc.part)


class _NeedsZip64(Exception):
    def __init__(self, part: str):
        super().__init__(part)
        self.part = part


def _splice(book: bytes, dest: Path, sheets: Mapping[str, SheetRows], zip64: set[str]) -> Path:
    pkg = Package(io.BytesIO(book))
    _, _, parts = workbook_sheets(pkg)
    sst_data = pkg.get(SST_PART)
    if sst_data is None:
        raise ValueError("workbook has no shared-string part to extend")  # xlsxwriter writes one for any text
    sst = SharedStrings.parse(sst_data)
    spliced = {parts[name]: spec for name, spec in sheets.items()}
    stamp = next(i.date_time for i in pkg.infos if i.filename in spliced)
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
        for info in pkg.infos:
            if info.filename not in spliced and info.filename != SST_PART:
                out.writestr(info, pkg.parts[info.filename], compress_type=zipfile.ZIP_DEFLATED)
        for part, spec in spliced.items():
            head, tail = _open_sheet(pkg.parts[part].decode("utf-8"), spec.last_cell)
            _write_part(out, part, stamp, itertools.chain([head], spec.rows(sst), [tail]), part in zip64)
        _write_part(out, SST_PART, stamp, sst.chunks(), SST_PART in zip64)  # after the rows: they fill it
    return dest


def _open_sheet(xml: str, last_cell: str) -> tuple[str, str]:
    """A sheet part cut where rows are appended: (everything before ``</sheetData>``, the rest)."""
    xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last_cell}"/>', xml, count=1)
    if "</sheetData>" in xml:
        head, tail = xml.split("</sheetData>", 1)
        return head, "</sheetData>" + tail
    head, tail = xml.split("<sheetData/>", 1)
    return head + "<sheetData>", "</sheetData>" + tail


def _write_part(out: zipfile.ZipFile, name: str, stamp, chunks: Iterable[str], zip64: bool) -> None:
    """Zip a part given as text chunks: encoded here, deflated by a thread as they come (zlib releases
    the GIL).  Raises :class:`_NeedsZip64` when the part, written without Zip64, turned out to need it."""
    entry = zipfile.ZipInfo(name, date_time=stamp)
    entry.compress_type = zipfile.ZIP_DEFLATED
    fh = out.open(entry, "w", force_zip64=zip64)
    pending: queue.Queue[bytes | None] = queue.Queue(maxsize=4)
    failed: list[BaseException] = []

    def deflate() -> None:
        while (data := pending.get()) is not None:
            if not failed:
                try:
                    fh.write(data)
                except BaseException as exc:  # noqa: BLE001 - handed to the rendering thread
                    failed.append(exc)

    writer = threading.Thread(target=deflate, name=f"deflate {name}", daemon=True)
    writer.start()
    size = 0
    try:
        try:
            for chunk in chunks:
                data = chunk.encode("utf-8")
                size += len(data)
                pending.put(data)
                if failed:
                    break
        finally:
            pending.put(None)
            writer.join()
        if failed:
            raise failed[0]
    except BaseException:
        with contextlib.suppress(Exception):  # the package is abandoned; its part handle must not stay open
            fh.close()
        raise
    if not zip64 and size > zipfile.ZIP64_LIMIT:
        with contextlib.suppress(RuntimeError):  # zipfile: "File size too large, try using force_zip64"
            fh.close()
        raise _NeedsZip64(name)
    fh.close()


def string_cells(pkg: Package, sheet_root) -> dict[str, str]:
    """The text cells of a parsed worksheet (A1 -> text): shared, inline and formula strings, as any
    application may have saved them."""
    main = f"{{{MAIN}}}"
    sst: list[str] | None = None
    out = {}
    for c in sheet_root.iter(f"{main}c"):
        kind, ref = c.get("t"), c.get("r")
        if ref is None:
            continue
        if kind == "s":
            if sst is None:
                data = pkg.get(SST_PART)
                sst = SharedStrings.parse(data).strings if data is not None else []
            v = c.findtext(f"{main}v") or ""
            if v.isdigit() and int(v) < len(sst):
                out[ref] = sst[int(v)]
        elif kind == "inlineStr":
            out[ref] = _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)),
                                    "".join(t.text or "" for t in c.iter(f"{main}t")))
        elif kind == "str":
            out[ref] = c.findtext(f"{main}v") or ""
    return out
