"""Write validation findings into a copy of a workbook without a lossy round-trip.

For .xlsx/.xlsm the OOXML package is patched (:mod:`papi_xl.ooxml`): every part we do not touch is
copied byte for byte (data validations in ``extLst``, shapes, pictures, form buttons, VBA,
conditional formats all survive).  We:

* give each faulty cell a copy of its cell format with a red (Lỗi) or yellow (Cảnh báo) fill;
* add a note holding the message (kept apart from, and never stacked on, a note the submitter wrote);
* add, or replace, a **Kiểm tra** sheet listing every finding with a hyperlink to its cell
  (:data:`papi_xl.contract.check_sheet.CHECK`);
* remember coloured format -> original format in a hidden defined name ``_papixl_xf`` so that a
  second run first restores the original formats and removes its own notes: annotations never stack,
  and identical formats are reused, so ``styles.xml`` does not grow run after run.

For .xls / .ods inputs (no OOXML package to patch) the annotated copy is a new .xlsx rebuilt from
the cell values by :func:`annotate_rebuilt`.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from lxml import etree
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from papi_xl.contract.check_sheet import CHECK
from papi_xl.fileio import atomic_path
from papi_xl.inputs.read import open_book
from papi_xl.ooxml.comments import add_notes, remove_notes
from papi_xl.ooxml.escape import legal, xml_attr
from papi_xl.ooxml.ns import MAIN, R, q
from papi_xl.ooxml.package import (
    Package,
    add_sheet,
    codename,
    find_or_make_cell,
    parse_xml,
    set_codename,
    to_bytes,
    workbook_sheets,
)
from papi_xl.ooxml.refs import column_letter, split_ref
from papi_xl.ooxml.sheetdata import excel_serial, string_cells, t_element
from papi_xl.ooxml.styles import StyleSheet
from papi_xl.outputs.views import check_rows, check_summary, note_text
from papi_xl.registry import Finding
from papi_xl.rules.validate import Fix
from papi_xl.vocab import Severity, Sheet

AUTHOR = "papi-xl"
DATE_FORMAT = "dd/mm/yyyy"
MAP_NAME = "_papixl_xf"
FILL_ARGB = {Severity.ERROR: "FFFFC7CE", Severity.WARNING: "FFFFEB9C"}


def annotate_package(src: Path, dest: Path, findings: list[Finding], fixes: Sequence[Fix] = ()) -> Path:
    """Write an annotated copy of an .xlsx/.xlsm (``dest`` may equal ``src``); ``fixes`` are written into
    their cells first (``papi-xl validate --fix``)."""
    pkg = Package(Path(src))
    wb, wb_rels, sheets = workbook_sheets(pkg)
    styles = StyleSheet(parse_xml(pkg.part("xl/styles.xml")))
    restore = _undo_previous_run(pkg, wb, sheets, styles)
    _write_fixes(pkg, sheets, styles, fixes)
    # 2. coloured copies of the faulty cells' formats (reused from the previous run when identical)
    fills = {sev: styles.fill(argb) for sev, argb in FILL_ARGB.items()}
    ours = set(restore)
    mapping: dict[int, int] = {}

    def clone(orig: int, severity: Severity) -> int:
        before = styles.xf_count()
        new = styles.with_fill(orig, fills[severity], reusable=lambda i: i in ours)
        if new >= before or new in ours:
            ours.add(new)
            mapping[new] = orig
        return new

    by_sheet: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for f in findings:
        if f.cell and f.sheet in sheets and f.sheet != Sheet.CHECK:
            by_sheet[f.sheet][f.cell].append(f)
    for name, cells in by_sheet.items():
        _annotate_sheet(pkg, sheets[name], cells, clone)
    # 3. the Kiểm tra sheet
    _put_check_sheet(pkg, wb, wb_rels, sheets, _check_sheet_xml(findings, styles, clone))
    pkg.put("xl/styles.xml", to_bytes(styles.root))
    _write_map(wb, mapping)
    pkg.put("xl/workbook.xml", to_bytes(wb))
    with atomic_path(dest) as tmp:
        pkg.save(tmp)
    return Path(dest)


def _undo_previous_run(pkg: Package, wb, sheets: dict, styles: StyleSheet) -> dict[int, int]:
    """Step 1, undo a previous run: restore formats, drop our notes; returns the format map still valid.

    A format map entry is used only while it still says what it said (another application may have
    renumbered the formats since): the coloured format is the original one with one of our fills. A cell
    the previous Kiểm tra sheet lists that still wears one of our fills under a format the map does not
    know (the file was re-saved by an application that renumbers formats) gets its format without the
    fill back."""
    ours_fill = set(FILL_ARGB.values())
    restore = {a: b for a, b in _read_map(wb).items()
               if styles.fill_colour(a) in ours_fill and styles.same_but_fill(a, b)}
    listed = _listed_cells(pkg, sheets.get(Sheet.CHECK))

    def uncolour(xf: int) -> int | None:
        if xf in restore:
            return restore[xf]
        return styles.without_fill(xf) if styles.fill_colour(xf) in ours_fill else None

    for name, sheet_part in sheets.items():
        if sheet_part and pkg.get(sheet_part) is not None and name != Sheet.CHECK:
            _undo_sheet(pkg, sheet_part, restore, listed.get(name, set()), uncolour)
    return restore


def _put_check_sheet(pkg: Package, wb, wb_rels, sheets: dict, check_xml: bytes) -> None:
    """The Kiểm tra sheet replaces the previous one (keeping its code name) or is added at the end."""
    part = sheets.get(Sheet.CHECK)
    if part and pkg.get(part) is not None:
        previous_name = codename(pkg, part)
        pkg.put(part, check_xml)
    else:
        previous_name = None
        part = add_sheet(pkg, wb, wb_rels, Sheet.CHECK, check_xml)
    if pkg.get("xl/vbaProject.bin") is not None:  # Excel gives every sheet of a macro workbook a code name
        set_codename(pkg, part, previous_name)


# -- the format map ------------------------------------------------------------------------------------------
def _read_map(wb) -> dict[int, int]:
    names = wb.find(q("definedNames"))
    mapping: dict[int, int] = {}
    if names is None:
        return mapping
    for dn in list(names):
        if (dn.get("name") or "").startswith(MAP_NAME):
            for pair in (dn.text or "").strip('"').split(","):
                if "=" in pair:
                    a, b = pair.split("=", 1)
                    if a.isdigit() and b.isdigit():
                        mapping[int(a)] = int(b)
            names.remove(dn)
    if len(names) == 0:
        wb.remove(names)
    return mapping


def _write_map(wb, mapping: dict[int, int]) -> None:
    if not mapping:
        return
    pairs = [f"{a}={b}" for a, b in sorted(mapping.items())]
    chunks, cur = [], ""
    for p in pairs:
        if len(cur) + len(p) + 1 > 250:  # a defined name's formula is at most 255 characters
            chunks.append(cur)
            cur = ""
        cur = f"{cur},{p}" if cur else p
    chunks.append(cur)
    names = wb.find(q("definedNames"))
    if names is None:
        names = etree.Element(q("definedNames"))
        # definedNames comes after sheets (and externalReferences)
        anchor = wb.find(q("externalReferences"))
        anchor = anchor if anchor is not None else wb.find(q("sheets"))
        anchor.addnext(names)
    for i, chunk in enumerate(chunks, start=1):
        dn = etree.SubElement(names, q("definedName"), name=f"{MAP_NAME}{i}", hidden="1")
        dn.text = f'"{chunk}"'


# -- sheets --------------------------------------------------------------------------------------------------
def _undo_sheet(pkg: Package, part: str, restore: dict[int, int], listed: set[str], uncolour) -> None:
    if restore or listed:
        root = parse_xml(pkg.part(part))
        touched = False
        for c in root.iter(q("c")):
            s = c.get("s")
            if not (s and s.isdigit()):
                continue
            orig = restore.get(int(s)) if c.get("r") not in listed else uncolour(int(s))
            if orig is None:
                continue
            if orig:
                c.set("s", str(orig))
            else:
                del c.attrib["s"]
            touched = True
        if touched:
            pkg.put(part, to_bytes(root))
    remove_notes(pkg, part, AUTHOR)


def _write_fixes(pkg: Package, sheets: dict[str, str], styles: StyleSheet, fixes) -> None:
    """The canonical values --fix writes: dropdown text as a string, a date as a date serial in a date
    format.  A cell keeps its own format (the one before a previous run coloured it)."""
    by_part: dict[str, list[Fix]] = defaultdict(list)
    for fx in fixes:
        if sheets.get(fx.sheet):
            by_part[sheets[fx.sheet]].append(fx)
    for part, items in by_part.items():
        root = parse_xml(pkg.part(part))
        sheet_data = root.find(q("sheetData"))
        for fx in items:
            c = find_or_make_cell(sheet_data, fx.cell)
            style = int(c.get("s", "0"))  # its own format: a previous run's colour is already undone
            for child in list(c):
                c.remove(child)
            c.attrib.pop("t", None)
            if isinstance(fx.new, dt.date):
                if not styles.is_date_format(style):
                    style = styles.with_numfmt(style, DATE_FORMAT)
                etree.SubElement(c, q("v")).text = str(excel_serial(fx.new))
            else:
                c.set("t", "inlineStr")
                etree.SubElement(etree.SubElement(c, q("is")), q("t")).text = legal(str(fx.new))
            if style:
                c.set("s", str(style))
            else:
                c.attrib.pop("s", None)
        pkg.put(part, to_bytes(root))


def _listed_cells(pkg: Package, part: str | None) -> dict[str, set[str]]:
    """Sheet -> cells the Kiểm tra sheet of a previous run lists."""
    if not part or pkg.get(part) is None:
        return {}
    texts = string_cells(pkg, parse_xml(pkg.part(part)))
    sheet_col, cell_col = column_letter(CHECK.index("sheet")), column_letter(CHECK.index("cell"))
    out: dict[str, set[str]] = defaultdict(set)
    for ref, text in texts.items():
        letters, row = split_ref(ref)
        if letters == cell_col and row > CHECK.header_row and f"{sheet_col}{row}" in texts:
            out[texts[f"{sheet_col}{row}"]].add(text)
    return out


def _annotate_sheet(pkg: Package, part: str, cells: dict[str, list[Finding]], clone) -> None:
    root = parse_xml(pkg.part(part))
    sheet_data = root.find(q("sheetData"))
    notes = {}
    for ref, fs in cells.items():
        severity = Severity.ERROR if any(f.is_error for f in fs) else Severity.WARNING
        c = find_or_make_cell(sheet_data, ref)
        c.set("s", str(clone(int(c.get("s", "0")), severity)))
        notes[ref] = note_text(fs)
    add_notes(pkg, part, root, notes, AUTHOR)
    pkg.put(part, to_bytes(root))


def _inline(ref: str, text: str, style: int | None = None) -> str:
    """A text cell: always an inline string, never a formula (text typed by a commune stays inert)."""
    s = f' s="{style}"' if style is not None else ""
    return f'<c r="{ref}" t="inlineStr"{s}><is>{t_element(str(text))}</is></c>'


def _check_sheet_xml(findings: list[Finding], styles: StyleSheet, clone) -> bytes:
    bold = styles.cell_format(font=styles.font(bold=True), vertical="top", wrap=True)
    link = styles.cell_format(font=styles.font(underline=True, color="FF0563C1"), vertical="top", wrap=True)
    header = CHECK.header_row
    rows = [f'<row r="1">{_inline("A1", check_summary(findings), bold)}</row>',
            f'<row r="{header}">' + "".join(_inline(f"{column_letter(i)}{header}", h, bold)
                                            for i, h in enumerate(CHECK.headers)) + "</row>"]
    links = []
    cell_col = CHECK.index("cell")
    for f, values in zip(findings, check_rows(findings), strict=True):
        r = values[0] + header
        cells = [f'<c r="A{r}"><v>{values[0]}</v></c>']
        for i, value in enumerate(values[1:], start=1):
            style = clone(0, f.severity) if i == CHECK.index("severity") else (
                link if i == cell_col and f.cell else None)
            cells.append(_inline(f"{column_letter(i)}{r}", value, style))
        rows.append(f'<row r="{r}">' + "".join(cells) + "</row>")
        if f.cell:
            sheet = f.sheet.replace("'", "''")
            links.append(f'<hyperlink ref="{column_letter(cell_col)}{r}" location="{xml_attr(chr(39) + sheet + chr(39))}'
                         f'!{f.cell}" display="{xml_attr(f.cell)}"/>')
    if not findings:
        empty = _inline(f"{column_letter(len(CHECK.columns) - 1)}{header + 1}", "Không có lỗi hay cảnh báo nào.")
        rows.append(f'<row r="{header + 1}">{empty}</row>')
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(CHECK.widths, 1))
    last = max(len(findings) + header, header)
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<worksheet xmlns="{MAIN}" xmlns:r="{R}">'
        f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{header}" topLeftCell="A{header + 1}" '
        'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        f"<cols>{cols}</cols><sheetData>{''.join(rows)}</sheetData>"
        f'<autoFilter ref="A{header}:{column_letter(len(CHECK.columns) - 1)}{last}"/>'
        + (f"<hyperlinks>{''.join(links)}</hyperlinks>" if links else "")
        + '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
        '<pageSetup paperSize="9" orientation="landscape"/>'
        "</worksheet>"
    )
    return xml.encode("utf-8")


def annotate_rebuilt(src: Path, dest: Path, findings: list[Finding], fixes: Sequence[Fix] = (),
                     fmt: str = "xls") -> Path:
    """Annotated .xlsx for inputs that are not OOXML (.xls, .ods): every sheet's
    values are copied (as data, never formulas), fixed (``--fix``), then coloured and noted."""
    wb = Workbook()
    wb.remove(wb.active)
    titles = _copy_values(open_book(Path(src), fmt), wb)
    for fx in fixes:
        if fx.sheet in titles:
            cell = wb[titles[fx.sheet]][fx.cell]
            cell.value = fx.new if isinstance(fx.new, dt.date) else legal(str(fx.new))
            if isinstance(fx.new, dt.date):
                cell.number_format = DATE_FORMAT
    fills = {sev: PatternFill("solid", fgColor=argb) for sev, argb in FILL_ARGB.items()}
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        if f.cell and f.sheet in titles:
            by_cell[(titles[f.sheet], f.cell)].append(f)
    for (sheet, ref), fs in by_cell.items():
        cell = wb[sheet][ref]
        cell.fill = fills[Severity.ERROR if any(f.is_error for f in fs) else Severity.WARNING]
        cell.comment = Comment(legal(note_text(fs)), AUTHOR, width=360, height=120)
    _rebuilt_check_sheet(wb.create_sheet(Sheet.CHECK), findings, titles, fills, Path(src).suffix)
    with atomic_path(dest) as tmp:
        wb.save(tmp)
    return Path(dest)


def _copy_values(book, wb) -> dict[str, str]:
    """Every sheet's values (text stays text, even "=..."); returns input sheet name -> name in the copy
    (legal characters, 31 at most)."""
    titles: dict[str, str] = {}
    for name in book.sheet_names:
        if name == Sheet.CHECK:
            continue
        titles[name] = _sheet_title(name, set(titles.values()))
        ws = wb.create_sheet(titles[name])
        try:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception:
            continue
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value not in ("", None):
                    _put(ws.cell(r, c), value)
    return titles


def _put(cell, value) -> None:
    cell.value = legal(value) if isinstance(value, str) else value
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula


def _rebuilt_check_sheet(ws, findings: list[Finding], titles: dict[str, str], fills: dict, suffix: str) -> None:
    ws["A1"] = (check_summary(findings) + f" Tệp gốc là {suffix}: bản này được dựng lại từ giá trị các ô "
                "(định dạng gốc không giữ).")
    ws["A1"].font = Font(bold=True)
    header = CHECK.header_row
    for i, h in enumerate(CHECK.headers, start=1):
        ws.cell(header, i, h).font = Font(bold=True)
    for f, values in zip(findings, check_rows(findings), strict=True):
        n = values[0]
        for i, v in enumerate(values, start=1):
            _put(ws.cell(n + header, i), v)
        if f.cell and f.sheet in titles:
            link = ws.cell(n + header, CHECK.index("cell") + 1)
            link.hyperlink = "#'" + titles[f.sheet].replace("'", "''") + f"'!{f.cell}"
            link.font = Font(color="0563C1", underline="single")
        ws.cell(n + header, CHECK.index("severity") + 1).fill = fills[f.severity]
    for i, w in enumerate(CHECK.widths):
        ws.column_dimensions[column_letter(i)].width = w
    ws.freeze_panes = f"A{header + 1}"


def _sheet_title(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts: legal characters, none of ``[]:*?/\\``, 31 at most, not taken."""
    base = re.sub(r"[\[\]:*?/\\]", "_", legal(name)).strip("'")[:31] or "Sheet"
    title, n = base, 1
    while title.casefold() in {t.casefold() for t in taken} or title.casefold() == Sheet.CHECK.casefold():
        n += 1
        title = f"{base[:31 - len(str(n)) - 1]}_{n}"
    return title


def annotate(src: Path, dest: Path, findings: list[Finding], fmt: str, fixes: Sequence[Fix] = ()) -> Path:
    """Annotated copy of ``src`` at ``dest`` (patch for OOXML, rebuild otherwise)."""
    if fmt in ("xlsx", "xlsm"):
        try:
            return annotate_package(Path(src), Path(dest), findings, fixes)
        except (KeyError, ValueError, etree.XMLSyntaxError, zipfile.BadZipFile):
            pass  # a package too unusual to patch safely (odd part names, broken XML): rebuild instead
    return annotate_rebuilt(Path(src), Path(dest), findings, fixes, fmt)

