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

import datetime as dt
import io
import itertools
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
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


class SharedStrings:
    """The workbook's shared-string table, extended as rows are rendered.  Past ``budget``
    characters of new strings, :meth:`add` returns None and the caller writes inline."""

    def __init__(self, existing: Sequence[str] = (), budget: int = 20_000_000):
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
            yield "".join(f"<si>{t_element(s)}</si>" for s in self.strings[start:start + 10_000])
        yield "</sst>"


@dataclass(frozen=True)
class Column:
    """One column of the table: how its values are written, with which cell style (xf index),
    and for wrapped text its width in characters (rows are made tall enough for it)."""

    kind: str  # STR, NUM or DATE
    style: int
    wrap_width: float | None = None


def render_rows(columns: Sequence[Column], values: Sequence[Sequence], first_row: int, sst: SharedStrings) -> str:
    """``<row>`` elements for ``values`` (one list per column, same length), the first on
    sheet row ``first_row`` (1-based).  Empty strings, None and NaN/NaT write no cell.  A row
    whose wrapped text needs more than one line gets the height for it (spreadsheet apps do
    not auto-fit rows on opening, and the summary must print readable)."""
    spec = [(column_letter(c), col.kind, f' s="{col.style}"', vals, col.wrap_width) for c, (col, vals) in
            enumerate(zip(columns, values, strict=True))]
    n = len(values[0]) if values else 0
    known, add = sst.index_of.get, sst.add
    references = 0
    out = []
    for i in range(n):
        r = str(first_row + i)
        cells = []
        lines = 1
        for letter, kind, style, vals, wrap_width in spec:
            v = vals[i]
            if kind == STR:
                if not v:
                    continue
                if not isinstance(v, str):
                    v = str(v)
                if len(v) > MAX_CHARS:
                    v = v[:MAX_CHARS]
                if wrap_width and (len(v) > wrap_width or "\n" in v):
                    lines = max(lines, wrapped_lines(v, wrap_width))
                k = known(v)
                if k is None:
                    k = add(v)
                    if k is None:
                        cells.append(f'<c r="{letter}{r}"{style} t="inlineStr"><is>{t_element(v)}</is></c>')
                        continue
                references += 1
                cells.append(f'<c r="{letter}{r}"{style} t="s"><v>{k}</v></c>')
            elif v is not None and v == v:
                if kind == DATE:
                    number = excel_serial(v)
                else:
                    number = int(v)
                cells.append(f'<c r="{letter}{r}"{style}><v>{number}</v></c>')
        height = f' ht="{lines_height(lines)}" customHeight="1"' if lines > 1 else ""
        out.append(f'<row r="{r}"{height}>{"".join(cells)}</row>')
    sst.references += references
    return "".join(out)


def splice_rows(book: bytes, dest: Path, sheet: str, rows: Callable[[SharedStrings], Iterable[str]],
                last_cell: str) -> Path:
    """Write ``book`` (an .xlsx in memory) to ``dest`` with the chunks of ``rows(sst)``
    appended to the ``<sheetData>`` of ``sheet`` and its dimension set to ``A1:last_cell``.
    The sheet part goes through a temporary file (the rows are never all in memory) so that
    its size is known when it is zipped: Zip64 is used only when a part needs it (> 2 GiB)."""
    pkg = Package(io.BytesIO(book))
    _, _, parts = workbook_sheets(pkg)
    part = parts[sheet]
    xml = pkg.part(part).decode("utf-8")
    xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{last_cell}"/>', xml, count=1)
    if "</sheetData>" in xml:
        head, tail = xml.split("</sheetData>", 1)
        tail = "</sheetData>" + tail
    else:
        head, tail = xml.split("<sheetData/>", 1)
        head, tail = head + "<sheetData>", "</sheetData>" + tail
    if pkg.get(SST_PART) is None:
        raise ValueError("workbook has no shared-string part to extend")  # xlsxwriter writes one for any text
    sst = SharedStrings.parse(pkg.part(SST_PART))
    stamp = next(i.date_time for i in pkg.infos if i.filename == part)
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
        for info in pkg.infos:
            if info.filename not in (part, SST_PART):
                out.writestr(info, pkg.parts[info.filename], compress_type=zipfile.ZIP_DEFLATED)
        _write_part(out, part, stamp, itertools.chain([head], rows(sst), [tail]), Path(dest).parent)
        _write_part(out, SST_PART, stamp, sst.chunks(), Path(dest).parent)  # after the rows: they fill it
    return dest


def _write_part(out: zipfile.ZipFile, name: str, stamp, chunks: Iterable[str], tmpdir: Path) -> None:
    """Zip a part given as text chunks, through a temporary file so that its size is known
    and zipfile uses Zip64 exactly when the part needs it (> 2 GiB)."""
    with tempfile.TemporaryFile(dir=tmpdir, prefix=".papi-xl-", suffix=".tmp") as body:  # skipped by collect()
        for chunk in chunks:
            body.write(chunk.encode("utf-8"))
        entry = zipfile.ZipInfo(name, date_time=stamp)
        entry.compress_type, entry.file_size = zipfile.ZIP_DEFLATED, body.tell()
        body.seek(0)
        with out.open(entry, "w") as fh:
            shutil.copyfileobj(body, fh, 1 << 20)


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
