"""Write the roll-up snapshot into the Tổng hợp sheet by patching the package, like the annotated
copy: every part we do not touch is copied byte for byte (buttons, VBA, ``extLst`` validations,
shapes survive).

The cells of :func:`papi_xl.outputs.views.snapshot` go right of the live formulas (from
:data:`papi_xl.contract.snapshot.FIRST_COLUMN`, replacing a previous snapshot; the formulas in A:J
stay), with their formats added to ``styles.xml`` (identical ones reused) and a native bar chart of %
done per content index.  A workbook without a Tổng hợp sheet gets one (snapshot from column A).  An
.xls/.ods input, which cannot be patched, gets a new .xlsx holding only the snapshot, written the same
way onto an empty workbook.
"""

from __future__ import annotations

import math
import re
import tempfile
from pathlib import Path

from lxml import etree
from openpyxl import Workbook

from papi_xl.contract import snapshot as spec
from papi_xl.fileio import atomic_path
from papi_xl.ooxml.chart import BarChart, put_chart, sheet_ref
from papi_xl.ooxml.escape import header_footer, legal, xml_text
from papi_xl.ooxml.ns import MAIN, XML, R, q
from papi_xl.ooxml.package import (
    Package,
    add_sheet,
    find_or_make_cell,
    parse_xml,
    set_codename,
    to_bytes,
    workbook_sheets,
)
from papi_xl.ooxml.refs import column_index, column_letter, split_ref
from papi_xl.ooxml.styles import StyleSheet
from papi_xl.outputs.views import CellStyle, Snapshot, snapshot
from papi_xl.pipeline.rollup import Rollup
from papi_xl.rules.validate import Validation
from papi_xl.vocab import Sheet

CHART_NAME = "papi-xl: % hoàn thành"


def write_snapshot(src: Path, dest: Path, v: Validation, r: Rollup, fmt: str) -> Path:
    """The snapshot in a copy of ``src`` (an .xlsx/.xlsm, patched), or in a new .xlsx (``src`` is .xls/.ods)."""
    if fmt in ("xlsx", "xlsm"):
        return patch_snapshot(src, dest, v, r)
    with tempfile.TemporaryDirectory(prefix="papi-xl-") as tmp:
        blank = Path(tmp) / "blank.xlsx"
        wb = Workbook()
        wb.active.title = Sheet.SUMMARY
        wb.save(blank)
        return patch_snapshot(blank, dest, v, r, first_column=1)


def patch_snapshot(src: Path, dest: Path, v: Validation, r: Rollup, first_column: int | None = None) -> Path:
    pkg = Package(Path(src))
    wb, wb_rels, sheets = workbook_sheets(pkg)
    part = sheets.get(Sheet.SUMMARY)
    col = first_column or spec.FIRST_COLUMN
    if not part:
        part = add_sheet(pkg, wb, wb_rels, Sheet.SUMMARY, _new_sheet(r.unit))
        pkg.put("xl/workbook.xml", to_bytes(wb))
        if pkg.get("xl/vbaProject.bin") is not None:  # Excel gives every sheet of a macro workbook a code name
            set_codename(pkg, part)
        col = 1
    elif first_column:  # the empty sheet of a new workbook
        pkg.put(part, _new_sheet(r.unit))
    root = parse_xml(pkg.part(part))
    styles = StyleSheet(parse_xml(pkg.part("xl/styles.xml")))
    snap = snapshot(r, v.errors, v.warnings)
    last_col = col + snap.width - 1
    _clear_columns(root, col, last_col)
    sheet_data = root.find(q("sheetData"))
    formats: dict[CellStyle, int] = {}
    for i, j, value, style in snap.styled_cells():
        if style not in formats:
            formats[style] = _format(styles, style)
        _set_cell(find_or_make_cell(sheet_data, f"{column_letter(col + j - 1)}{i + 1}"), value, formats[style])
    _widths(root, col)
    put_chart(pkg, part, root, _chart(snap, r, col), CHART_NAME, col - 1, snap.chart_rows[1] + 2)
    dim = root.find(q("dimension"))
    if dim is not None:
        dim.set("ref", _extend_ref(dim.get("ref"), f"{column_letter(last_col - 1)}{len(snap.grid)}"))
    pkg.put(part, to_bytes(root))
    pkg.put("xl/styles.xml", to_bytes(styles.root))
    with atomic_path(dest) as tmp:
        pkg.save(tmp)
    return Path(dest)


def _new_sheet(unit: str) -> bytes:
    """An empty Tổng hợp sheet that prints like the template's: A4 landscape, one page wide, the unit
    in the header (cut to Excel's 255 characters), page numbers in the footer."""
    font = '&"Times New Roman,Regular"&10 '
    header = header_footer(f"&C{font}", unit or "Tổng hợp tiến độ thực hiện nhiệm vụ PAPI")
    return (f'<worksheet xmlns="{MAIN}" xmlns:r="{R}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetData/>'
            '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
            '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
            f"<headerFooter><oddHeader>{xml_text(header)}</oddHeader>"
            f"<oddFooter>{xml_text(f'&C{font}Trang &P / &N')}</oddFooter></headerFooter>"
            "</worksheet>").encode()


def _format(styles: StyleSheet, s: CellStyle) -> int:
    argb = (lambda rgb: f"FF{rgb}" if rgb else None)  # noqa: E731
    return styles.cell_format(
        font=styles.font(bold=s.bold, italic=s.italic, size=s.size, color=argb(s.color)),
        fill=styles.fill(argb(s.fill)), border=styles.border(s.border),
        numfmt=styles.numfmt("0.0%") if s.pct else 0,
        horizontal=s.align, vertical="center" if s.align else None, wrap=bool(s.align))


def _chart(snap: Snapshot, r: Rollup, col: int) -> BarChart:
    first, last = snap.chart_rows  # 0-based grid rows of the chart table; its header is the row above
    labels, values = column_letter(col), column_letter(col + 1)
    cutoff = f"{r.cutoff:%d/%m/%Y}" if r.cutoff else "chưa xác định"
    return BarChart(
        title=f"Tỷ lệ hoàn thành theo chỉ số nội dung (ngày chốt {cutoff})",
        name_ref=sheet_ref(Sheet.SUMMARY, values, first),
        categories_ref=sheet_ref(Sheet.SUMMARY, labels, first + 1, labels, last + 1),
        values_ref=sheet_ref(Sheet.SUMMARY, values, first + 1, values, last + 1),
        value_axis_title="% hoàn thành")


def _set_cell(c, value, style: int) -> None:
    for child in list(c):
        c.remove(child)
    c.attrib.pop("t", None)
    c.set("s", str(style))
    if value is None or value == "" or (isinstance(value, float) and not math.isfinite(value)):
        return  # a missing percentage (no task) is an empty cell: "nan" is not a number Excel reads
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        c.set("t", "inlineStr")  # text, never a formula
        t = etree.SubElement(etree.SubElement(c, q("is")), q("t"))
        t.text = legal(str(value))
        t.set(f"{{{XML}}}space", "preserve")
    else:
        etree.SubElement(c, q("v")).text = repr(float(value)) if isinstance(value, float) else str(value)


def _clear_columns(root, first: int, last: int) -> None:
    """Remove a previous snapshot: every cell in columns first..last (1-based)."""
    for row in root.find(q("sheetData")):
        for c in list(row):
            letters, _ = split_ref(c.get("r"))
            if first <= column_index(letters) + 1 <= last:
                row.remove(c)
        row.attrib.pop("spans", None)


def _widths(root, first: int) -> None:
    cols = root.find(q("cols"))
    if cols is None:
        cols = etree.Element(q("cols"))
        root.find(q("sheetData")).addprevious(cols)
    covered = {i for col in cols for i in range(int(col.get("min")), int(col.get("max")) + 1)}
    for i, w in enumerate(spec.SNAPSHOT.widths):
        n = first + i
        if n not in covered:
            etree.SubElement(cols, q("col"), min=str(n), max=str(n), width=str(w), customWidth="1")
    for c in sorted(cols, key=lambda c: int(c.get("min"))):
        cols.remove(c)
        cols.append(c)


def _extend_ref(ref: str, corner: str) -> str:
    m = re.fullmatch(r"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?", ref or "")
    if not m:
        return f"A1:{corner}"
    c1, r1 = m.group(1), int(m.group(2))
    c2, r2 = (m.group(3), int(m.group(4))) if m.group(3) else (c1, r1)
    cc, rr = split_ref(corner)
    c2 = c2 if column_index(c2) >= column_index(cc) else cc
    return f"{c1}{r1}:{c2}{max(r2, rr)}"
