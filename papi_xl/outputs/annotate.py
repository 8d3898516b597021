"""Write validation findings into a copy of a workbook without a lossy
round-trip.

For .xlsx/.xlsm the OOXML package is patched in place: every part we do not
touch is copied byte for byte (data validations in ``extLst``, shapes,
pictures, form buttons, VBA, conditional formats all survive).  We:

* clone the style (``cellXfs`` entry) of each faulty cell with a red (Lỗi) or
  yellow (Cảnh báo) fill and point the cell at the clone;
* add a note (legacy comment) holding the message, merged into the sheet's
  existing comments and VML drawing if it has them;
* add, or replace, a **Kiểm tra** sheet listing every finding with a
  hyperlink to its cell;
* remember clone -> original style in a hidden defined name ``_papixl_xf`` so
  that a second run first restores the original styles, removes its own notes
  and replaces the Kiểm tra sheet: annotations never stack.

For .xls / .ods inputs (no OOXML package to patch) the annotated copy is a new
.xlsx rebuilt from the cell values by :func:`annotate_rebuilt`.
"""

from __future__ import annotations

import re
import zipfile
from collections import defaultdict
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

from papi_xl.contract.workbook import SEVERITY_ERROR, SHEET_CHECK, Finding
from papi_xl.fileio import atomic_path
from papi_xl.outputs.views import CHECK_HEADERS, CHECK_WIDTHS, check_rows, check_summary, note_text

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_SHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
REL_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
REL_VML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing"
CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
AUTHOR = "papi-xl"
MAP_NAME = "_papixl_xf"
FILL_ARGB = {SEVERITY_ERROR: "FFFFC7CE", "Cảnh báo": "FFFFEB9C"}
Q = lambda tag: f"{{{NS}}}{tag}"  # noqa: E731

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)

# CT_Worksheet child order, to insert <legacyDrawing> at a valid position.
_SHEET_ORDER = [
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr", "sheetProtection",
    "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate", "customSheetViews", "mergeCells",
    "phoneticPr", "conditionalFormatting", "dataValidations", "hyperlinks", "printOptions", "pageMargins",
    "pageSetup", "headerFooter", "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors",
    "smartTags", "drawing", "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls",
    "webPublishItems", "tableParts", "extLst",
]


def _xml(data: bytes) -> etree._Element:
    if b"<!DOCTYPE" in data[:2048] or b"<!ENTITY" in data[:4096]:
        raise ValueError("XML có khai báo DOCTYPE/ENTITY")
    return etree.fromstring(data, _PARSER)


def _bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def split_ref(ref: str) -> tuple[str, int]:
    m = re.fullmatch(r"([A-Z]{1,3})(\d+)", ref)
    if not m:
        raise ValueError(ref)
    return m.group(1), int(m.group(2))


class Package:
    """An OOXML zip held in memory, written back with untouched parts intact."""

    def __init__(self, path: Path):
        self.path = path
        with zipfile.ZipFile(path) as zf:
            self.infos = zf.infolist()
            self.parts = {i.filename: zf.read(i) for i in self.infos}
        self.changed: dict[str, bytes] = {}
        self.deleted: set[str] = set()

    def get(self, name: str) -> bytes | None:
        if name in self.deleted:
            return None
        return self.changed.get(name, self.parts.get(name))

    def delete(self, name: str) -> None:
        """Remove a part and its content-type override."""
        self.deleted.add(name)
        self.changed.pop(name, None)
        root = _xml(self.get("[Content_Types].xml"))
        for o in root.findall(f"{{{CT_NS}}}Override"):
            if o.get("PartName") == "/" + name:
                root.remove(o)
        self.put("[Content_Types].xml", _bytes(root))

    def rels_name(self, part: str) -> str:
        folder, _, base = part.rpartition("/")
        return f"{folder}/_rels/{base}.rels"

    def rels(self, part: str) -> etree._Element:
        data = self.get(self.rels_name(part))
        if data is None:
            return etree.Element(f"{{{PKG_RELS}}}Relationships", nsmap={None: PKG_RELS})
        return _xml(data)

    def resolve(self, part: str, target: str) -> str:
        if target.startswith("/"):
            return target[1:]
        folder = part.rpartition("/")[0]
        parts = (folder + "/" + target).split("/")
        out: list[str] = []
        for p in parts:
            if p == "..":
                if out:
                    out.pop()
            elif p and p != ".":
                out.append(p)
        return "/".join(out)

    def new_name(self, pattern: str) -> str:
        n = 1
        while pattern.format(n) in self.parts or pattern.format(n) in self.changed:
            n += 1
        return pattern.format(n)

    def put(self, name: str, data: bytes) -> None:
        self.deleted.discard(name)
        self.changed[name] = data

    def content_type(self, part: str, ctype: str) -> None:
        root = _xml(self.get("[Content_Types].xml"))
        if part.endswith(".vml"):
            if not any(d.get("Extension") == "vml" for d in root.findall(f"{{{CT_NS}}}Default")):
                etree.SubElement(root, f"{{{CT_NS}}}Default", Extension="vml", ContentType=CT_VML)
        elif not any(o.get("PartName") == "/" + part for o in root.findall(f"{{{CT_NS}}}Override")):
            etree.SubElement(root, f"{{{CT_NS}}}Override", PartName="/" + part, ContentType=ctype)
        self.put("[Content_Types].xml", _bytes(root))

    def save(self, dest: Path) -> None:
        with atomic_path(dest) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
            written = set(self.deleted)
            for info in self.infos:
                name = info.filename
                if name in self.deleted:
                    continue
                data = self.changed.get(name, self.parts[name])
                out.writestr(info if name not in self.changed else name, data,
                             compress_type=info.compress_type if name not in self.changed else zipfile.ZIP_DEFLATED)
                written.add(name)
            for name, data in self.changed.items():
                if name not in written:
                    out.writestr(name, data)


def annotate_package(src: Path, dest: Path, findings: list[Finding]) -> Path:
    """Write an annotated copy of an .xlsx/.xlsm (``dest`` may equal ``src``)."""
    pkg = Package(Path(src))
    wb_part = "xl/workbook.xml"
    wb, wb_rels, sheets = workbook_sheets(pkg)

    styles = _xml(pkg.get("xl/styles.xml"))
    restore = _read_map(wb)
    # 1. undo a previous run: restore styles, drop our notes
    for name, part in sheets.items():
        if part and pkg.get(part) is not None and name != SHEET_CHECK:
            _undo_sheet(pkg, part, restore)

    # 2. new fills and cloned styles
    fill_ids = _add_fills(styles)
    xfs = styles.find(Q("cellXfs"))
    clones: dict[tuple[int, str], int] = {}
    mapping: dict[int, int] = {}

    def clone(orig: int, severity: str) -> int:
        key = (orig, severity)
        if key not in clones:
            src_xf = xfs[orig] if orig < len(xfs) else xfs[0]
            new = etree.fromstring(etree.tostring(src_xf))
            new.set("fillId", str(fill_ids[severity]))
            new.set("applyFill", "1")
            xfs.append(new)
            clones[key] = len(xfs) - 1
            mapping[len(xfs) - 1] = orig
        return clones[key]

    by_sheet: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for f in findings:
        if f.cell and f.sheet in sheets and f.sheet != SHEET_CHECK:
            by_sheet[f.sheet][f.cell].append(f)
    for name, cells in by_sheet.items():
        _annotate_sheet(pkg, sheets[name], cells, clone)

    # 3. the Kiểm tra sheet
    bold_xf, link_xf = _add_check_styles(styles, xfs)
    xfs.set("count", str(len(xfs)))
    pkg.put("xl/styles.xml", _bytes(styles))
    check_xml = _check_sheet_xml(findings, bold_xf, link_xf, clone)
    if SHEET_CHECK in sheets and sheets[SHEET_CHECK]:
        pkg.put(sheets[SHEET_CHECK], check_xml)
    else:
        add_sheet(pkg, wb, wb_rels, SHEET_CHECK, check_xml)
    xfs.set("count", str(len(xfs)))
    pkg.put("xl/styles.xml", _bytes(styles))
    _write_map(wb, mapping)
    pkg.put(wb_part, _bytes(wb))
    pkg.save(Path(dest))
    return Path(dest)


def workbook_sheets(pkg: Package) -> tuple[etree._Element, etree._Element, dict[str, str]]:
    """(workbook.xml root, its rels root, sheet name -> worksheet part)."""
    wb = _xml(pkg.get("xl/workbook.xml"))
    rels = pkg.rels("xl/workbook.xml")
    target = {r.get("Id"): pkg.resolve("xl/workbook.xml", r.get("Target")) for r in rels}
    return wb, rels, {s.get("name"): target.get(s.get(f"{{{RNS}}}id")) for s in wb.find(Q("sheets"))}


def add_sheet(pkg: Package, wb, wb_rels, name: str, xml: bytes) -> str:
    """Append a worksheet part named ``name`` (workbook.xml and its rels are updated in place)."""
    part = pkg.new_name("xl/worksheets/sheet{}.xml")
    pkg.put(part, xml)
    rid = _add_rel(wb_rels, REL_SHEET, part.removeprefix("xl/"))
    pkg.put(pkg.rels_name("xl/workbook.xml"), _bytes(wb_rels))
    sheets_el = wb.find(Q("sheets"))
    sheet_id = max(int(s.get("sheetId")) for s in sheets_el) + 1
    el = etree.SubElement(sheets_el, Q("sheet"), name=name, sheetId=str(sheet_id))
    el.set(f"{{{RNS}}}id", rid)
    pkg.content_type(part, CT_SHEET)
    return part


# -- styles ---------------------------------------------------------------------
def _add_fills(styles) -> dict[str, int]:
    fills = styles.find(Q("fills"))
    ids = {}
    for severity, argb in FILL_ARGB.items():
        for i, fill in enumerate(fills):
            fg = fill.find(f"{Q('patternFill')}/{Q('fgColor')}")
            if fg is not None and fg.get("rgb") == argb:
                ids[severity] = i
                break
        else:
            fill = etree.SubElement(fills, Q("fill"))
            pf = etree.SubElement(fill, Q("patternFill"), patternType="solid")
            etree.SubElement(pf, Q("fgColor"), rgb=argb)
            etree.SubElement(pf, Q("bgColor"), indexed="64")
            ids[severity] = len(fills) - 1
    fills.set("count", str(len(fills)))
    return ids


def _add_check_styles(styles, xfs) -> tuple[int, int]:
    fonts = styles.find(Q("fonts"))
    bold = etree.SubElement(fonts, Q("font"))
    etree.SubElement(bold, Q("b"))
    etree.SubElement(bold, Q("sz"), val="11")
    etree.SubElement(bold, Q("name"), val="Times New Roman")
    link = etree.SubElement(fonts, Q("font"))
    etree.SubElement(link, Q("u"))
    etree.SubElement(link, Q("sz"), val="11")
    etree.SubElement(link, Q("color"), rgb="FF0563C1")
    etree.SubElement(link, Q("name"), val="Times New Roman")
    fonts.set("count", str(len(fonts)))
    ids = []
    for font_id in (len(fonts) - 2, len(fonts) - 1):
        xf = etree.SubElement(xfs, Q("xf"), numFmtId="0", fontId=str(font_id), fillId="0", borderId="0",
                              xfId="0", applyFont="1", applyAlignment="1")
        etree.SubElement(xf, Q("alignment"), wrapText="1", vertical="top")
        ids.append(len(xfs) - 1)
    return ids[0], ids[1]


def _read_map(wb) -> dict[int, int]:
    names = wb.find(Q("definedNames"))
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
        if len(cur) + len(p) + 1 > 250:
            chunks.append(cur)
            cur = ""
        cur = f"{cur},{p}" if cur else p
    chunks.append(cur)
    names = wb.find(Q("definedNames"))
    if names is None:
        names = etree.Element(Q("definedNames"))
        # definedNames comes after sheets (and externalReferences)
        anchor = wb.find(Q("externalReferences"))
        anchor = anchor if anchor is not None else wb.find(Q("sheets"))
        anchor.addnext(names)
    for i, chunk in enumerate(chunks, start=1):
        dn = etree.SubElement(names, Q("definedName"), name=f"{MAP_NAME}{i}", hidden="1")
        dn.text = f'"{chunk}"'


# -- sheets ---------------------------------------------------------------------
def _sheet_rel(pkg: Package, part: str, rel_type: str):
    rels = pkg.rels(part)
    for r in rels:
        if r.get("Type") == rel_type:
            return rels, r, pkg.resolve(part, r.get("Target"))
    return rels, None, None


def _undo_sheet(pkg: Package, part: str, restore: dict[int, int]) -> None:
    if restore:
        root = _xml(pkg.get(part))
        touched = False
        for c in root.iter(Q("c")):
            s = c.get("s")
            if s and s.isdigit() and int(s) in restore:
                orig = restore[int(s)]
                if orig:
                    c.set("s", str(orig))
                else:
                    del c.attrib["s"]
                touched = True
        if touched:
            pkg.put(part, _bytes(root))
    _, rel, comments_part = _sheet_rel(pkg, part, REL_COMMENTS)
    if comments_part and pkg.get(comments_part) is not None:
        croot = _xml(pkg.get(comments_part))
        authors = [a.text for a in croot.find(Q("authors"))]
        clist = croot.find(Q("commentList"))
        for cm in list(clist):
            if authors[int(cm.get("authorId", 0))] == AUTHOR:
                clist.remove(cm)
        pkg.put(comments_part, _bytes(croot))
    _, vrel, vml_part = _sheet_rel(pkg, part, REL_VML)
    if vml_part and pkg.get(vml_part) is not None:
        vml = pkg.get(vml_part).decode("utf-8", "replace")
        vml = re.sub(r'<v:shape id="_papixl_[^"]*".*?</v:shape>\s*', "", vml, flags=re.S)
        pkg.put(vml_part, vml.encode("utf-8"))


def _find_or_make_cell(sheet_data, ref: str):
    letters, row_no = split_ref(ref)
    rows = sheet_data.findall(Q("row"))
    row_el = None
    for r in rows:
        rn = int(r.get("r", 0))
        if rn == row_no:
            row_el = r
            break
        if rn > row_no:
            row_el = etree.Element(Q("row"), r=str(row_no))
            r.addprevious(row_el)
            break
    if row_el is None:
        row_el = etree.SubElement(sheet_data, Q("row"), r=str(row_no))
    row_el.attrib.pop("spans", None)
    target = col_index(letters)
    for c in row_el.findall(Q("c")):
        cl, _ = split_ref(c.get("r"))
        if cl == letters:
            return c
        if col_index(cl) > target:
            new = etree.Element(Q("c"), r=ref)
            c.addprevious(new)
            return new
    return etree.SubElement(row_el, Q("c"), r=ref)


def _annotate_sheet(pkg: Package, part: str, cells: dict[str, list[Finding]], clone) -> None:
    root = _xml(pkg.get(part))
    sheet_data = root.find(Q("sheetData"))
    notes = {}
    for ref, fs in cells.items():
        severity = SEVERITY_ERROR if any(f.is_error for f in fs) else "Cảnh báo"
        c = _find_or_make_cell(sheet_data, ref)
        c.set("s", str(clone(int(c.get("s", "0")), severity)))
        notes[ref] = note_text(fs)
    _add_notes(pkg, part, root, notes)
    pkg.put(part, _bytes(root))


def _add_rel(rels, rel_type: str, target: str) -> str:
    ids = {r.get("Id") for r in rels}
    n = 1
    while f"rId{n}" in ids:
        n += 1
    etree.SubElement(rels, f"{{{PKG_RELS}}}Relationship", Id=f"rId{n}", Type=rel_type, Target=target)
    return f"rId{n}"


def _relative(from_part: str, to_part: str) -> str:
    return "../" + to_part.removeprefix("xl/") if from_part.startswith("xl/worksheets/") else to_part


def _add_notes(pkg: Package, part: str, root, notes: dict[str, str]) -> None:
    if not notes:
        return
    rels, _, comments_part = _sheet_rel(pkg, part, REL_COMMENTS)
    if comments_part is None:
        comments_part = pkg.new_name("xl/comments{}.xml")
        _add_rel(rels, REL_COMMENTS, _relative(part, comments_part))
        croot = etree.Element(Q("comments"), nsmap={None: NS})
        etree.SubElement(croot, Q("authors"))
        etree.SubElement(croot, Q("commentList"))
        pkg.content_type(comments_part, CT_COMMENTS)
    else:
        croot = _xml(pkg.get(comments_part))
    authors = croot.find(Q("authors"))
    names = [a.text for a in authors]
    if AUTHOR not in names:
        etree.SubElement(authors, Q("author")).text = AUTHOR
        names.append(AUTHOR)
    author_id = names.index(AUTHOR)
    clist = croot.find(Q("commentList"))
    existing = {cm.get("ref"): cm for cm in clist}
    for ref, text in notes.items():
        if ref in existing:  # the submitter's own note: keep it, add ours below
            cm = existing[ref]
            t = cm.find(f"{Q('text')}")
            r = etree.SubElement(t, Q("r"))
            etree.SubElement(r, Q("t"), attrib={"{http://www.w3.org/XML/1998/namespace}space": "preserve"}).text = (
                "\n" + text)
            continue
        cm = etree.SubElement(clist, Q("comment"), ref=ref, authorId=str(author_id))
        t = etree.SubElement(cm, Q("text"))
        etree.SubElement(t, Q("t"), attrib={"{http://www.w3.org/XML/1998/namespace}space": "preserve"}).text = text
    pkg.put(comments_part, _bytes(croot))

    _, vrel, vml_part = _sheet_rel(pkg, part, REL_VML)
    shapes = "".join(_note_shape(ref, i) for i, ref in enumerate(notes) if ref not in existing)
    if vml_part is None:
        vml_part = pkg.new_name("xl/drawings/vmlDrawing{}.vml")
        rid = _add_rel(rels, REL_VML, _relative(part, vml_part))
        pkg.put(vml_part, (VML_HEAD + shapes + "</xml>").encode("utf-8"))
        pkg.content_type(vml_part, CT_VML)
        el = etree.Element(Q("legacyDrawing"))
        el.set(f"{{{RNS}}}id", rid)
        _insert_in_order(root, el)
    else:
        vml = pkg.get(vml_part).decode("utf-8", "replace")
        if "_x0000_t202" not in vml:
            shapes = NOTE_SHAPETYPE + shapes
        vml = vml[: vml.rfind("</xml>")] + shapes + "</xml>" if "</xml>" in vml else vml + shapes
        pkg.put(vml_part, vml.encode("utf-8"))
    pkg.put(pkg.rels_name(part), _bytes(rels))


def _insert_in_order(root, el) -> None:
    tag = etree.QName(el).localname
    pos = _SHEET_ORDER.index(tag)
    after = None
    for child in root:
        name = etree.QName(child).localname
        if name in _SHEET_ORDER and _SHEET_ORDER.index(name) < pos:
            after = child
    if after is None:
        root.append(el)
    else:
        after.addnext(el)


NOTE_SHAPETYPE = (
    '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
    '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
)
VML_HEAD = (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:x="urn:schemas-microsoft-com:office:excel">'
    '<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout>' + NOTE_SHAPETYPE
)


def _note_shape(ref: str, i: int) -> str:
    letters, row = split_ref(ref)
    col = col_index(letters) - 1
    return (
        f'<v:shape id="_papixl_{i}" type="#_x0000_t202" '
        'style="position:absolute;margin-left:80pt;margin-top:2pt;width:260pt;height:90pt;z-index:1;visibility:hidden" '
        'fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>'
        '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div>'
        f'</v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
        f"<x:Anchor>{col + 1}, 15, {max(row - 2, 0)}, 2, {col + 5}, 15, {row + 4}, 16</x:Anchor>"
        f"<x:AutoFill>False</x:AutoFill><x:Row>{row - 1}</x:Row><x:Column>{col}</x:Column></x:ClientData></v:shape>"
    )


def _inline(ref: str, text: str, style: int | None = None) -> str:
    s = f' s="{style}"' if style is not None else ""
    return f'<c r="{ref}" t="inlineStr"{s}><is><t xml:space="preserve">{escape(neutralise(text))}</t></is></c>'


def neutralise(text: str) -> str:
    """Text cells are inline strings, never formulas; also strip characters XML forbids."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", str(text))


def _check_sheet_xml(findings: list[Finding], bold_xf: int, link_xf: int, clone) -> bytes:
    rows = [f'<row r="1">{_inline("A1", check_summary(findings), bold_xf)}</row>',
            '<row r="2">' + "".join(_inline(f"{chr(65 + i)}2", h, bold_xf) for i, h in enumerate(CHECK_HEADERS))
            + "</row>"]
    links = []
    for f, values in zip(findings, check_rows(findings), strict=True):
        r = values[0] + 2
        cells = [f'<c r="A{r}"><v>{values[0]}</v></c>']
        for i, value in enumerate(values[1:], start=1):
            style = clone(0, f.severity) if i == 1 else (link_xf if i == 3 and f.cell else None)
            cells.append(_inline(f"{chr(65 + i)}{r}", value, style))
        rows.append(f'<row r="{r}">' + "".join(cells) + "</row>")
        if f.cell:
            sheet = f.sheet.replace("'", "''")
            links.append(f'<hyperlink ref="D{r}" location="{escape(chr(39) + sheet + chr(39))}!{f.cell}" '
                         f'display="{f.cell}"/>')
    if not findings:
        rows.append(f'<row r="3">{_inline("G3", "Không có lỗi hay cảnh báo nào.")}</row>')
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(CHECK_WIDTHS, 1))
    last = max(len(findings) + 2, 2)
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<worksheet xmlns="{NS}" xmlns:r="{RNS}">'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" '
        'state="frozen"/></sheetView></sheetViews>'
        f"<cols>{cols}</cols><sheetData>{''.join(rows)}</sheetData>"
        f'<autoFilter ref="A2:G{last}"/>'
        + (f"<hyperlinks>{''.join(links)}</hyperlinks>" if links else "")
        + '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
        '<pageSetup paperSize="9" orientation="landscape"/>'
        "</worksheet>"
    )
    return xml.encode("utf-8")


def annotate_rebuilt(src: Path, dest: Path, findings: list[Finding]) -> Path:
    """Annotated .xlsx for inputs that are not OOXML (.xls, .ods): every sheet's
    values are copied (as data, never formulas), then coloured and noted."""
    import python_calamine as pc
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    book = pc.CalamineWorkbook.from_path(str(src))
    wb = Workbook()
    wb.remove(wb.active)
    for name in book.sheet_names:
        if name == SHEET_CHECK:
            continue
        ws = wb.create_sheet(name[:31])
        try:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception:
            continue
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value in ("", None):
                    continue
                cell = ws.cell(r, c, value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text stays text, even "=..."
    fills = {sev: PatternFill("solid", fgColor=argb) for sev, argb in FILL_ARGB.items()}
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        if f.cell and f.sheet in wb.sheetnames:
            by_cell[(f.sheet, f.cell)].append(f)
    for (sheet, ref), fs in by_cell.items():
        cell = wb[sheet][ref]
        severity = SEVERITY_ERROR if any(f.is_error for f in fs) else "Cảnh báo"
        cell.fill = fills[severity]
        cell.comment = Comment(note_text(fs), AUTHOR, width=360, height=120)
    ws = wb.create_sheet(SHEET_CHECK)
    ws["A1"] = (check_summary(findings) + f" Tệp gốc là {src.suffix}: bản này được dựng lại từ giá trị các ô "
                "(định dạng gốc không giữ).")
    ws["A1"].font = Font(bold=True)
    for i, h in enumerate(CHECK_HEADERS, start=1):
        ws.cell(2, i, h).font = Font(bold=True)
    for f, values in zip(findings, check_rows(findings), strict=True):
        n = values[0]
        for i, v in enumerate(values, start=1):
            cell = ws.cell(n + 2, i, v)
            if isinstance(v, str):
                cell.data_type = "s"
        if f.cell:
            link = ws.cell(n + 2, 4)
            link.hyperlink = f"#'{f.sheet}'!{f.cell}"
            link.font = Font(color="0563C1", underline="single")
        ws.cell(n + 2, 2).fill = fills[f.severity if f.severity in fills else "Cảnh báo"]
    for i, w in enumerate(CHECK_WIDTHS, start=1):
        ws.column_dimensions[chr(64 + i)].width = w
    ws.freeze_panes = "A3"
    with atomic_path(dest) as tmp:
        wb.save(tmp)
    return Path(dest)


def annotate(src: Path, dest: Path, findings: list[Finding], fmt: str) -> Path:
    """Annotated copy of ``src`` at ``dest`` (patch for OOXML, rebuild otherwise)."""
    if fmt in ("xlsx", "xlsm"):
        try:
            return annotate_package(Path(src), Path(dest), findings)
        except (KeyError, ValueError, etree.XMLSyntaxError, zipfile.BadZipFile):
            pass  # a package too unusual to patch safely (odd part names, broken XML): rebuild instead
    return annotate_rebuilt(Path(src), Path(dest), findings)
