"""An OOXML package (zip) held in memory and written back with every part it did not change copied
byte for byte — data validations in ``extLst``, shapes, pictures, form buttons, VBA survive.  Helpers
to find sheets, relationships and cells, and to add parts.  Imports nothing of papi-xl's domain."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from papi_xl.ooxml.ns import CT, CT_SHEET, CT_VML, PKG_RELS, REL_SHEET, R, q
from papi_xl.ooxml.refs import column_index, split_ref

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


def parse_xml(data: bytes) -> etree._Element:
    if b"<!DOCTYPE" in data[:2048] or b"<!ENTITY" in data[:4096]:
        raise ValueError("XML declares a DOCTYPE or ENTITY")
    return etree.fromstring(data, _PARSER)


def to_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


class Package:
    """An OOXML zip held in memory, written back with untouched parts intact."""

    def __init__(self, source: Path | BinaryIO):
        self.path = source
        with zipfile.ZipFile(source) as zf:
            self.infos = zf.infolist()
            self.parts = {i.filename: zf.read(i) for i in self.infos}
        self.changed: dict[str, bytes] = {}
        self.deleted: set[str] = set()

    def get(self, name: str) -> bytes | None:
        if name in self.deleted:
            return None
        return self.changed.get(name, self.parts.get(name))

    def part(self, name: str) -> bytes:
        """A part that must be there (KeyError when it is not: the package is too unusual to patch)."""
        data = self.get(name)
        if data is None:
            raise KeyError(name)
        return data

    def delete(self, name: str) -> None:
        """Remove a part and its content-type override."""
        self.deleted.add(name)
        self.changed.pop(name, None)
        root = parse_xml(self.part("[Content_Types].xml"))
        for o in root.findall(f"{{{CT}}}Override"):
            if o.get("PartName") == "/" + name:
                root.remove(o)
        self.put("[Content_Types].xml", to_bytes(root))

    def rels_name(self, part: str) -> str:
        folder, _, base = part.rpartition("/")
        return f"{folder}/_rels/{base}.rels"

    def rels(self, part: str) -> etree._Element:
        data = self.get(self.rels_name(part))
        if data is None:
            return etree.Element(f"{{{PKG_RELS}}}Relationships", nsmap={None: PKG_RELS})
        return parse_xml(data)

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
        root = parse_xml(self.part("[Content_Types].xml"))
        if part.endswith(".vml"):
            if not any(d.get("Extension") == "vml" for d in root.findall(f"{{{CT}}}Default")):
                etree.SubElement(root, f"{{{CT}}}Default", Extension="vml", ContentType=CT_VML)
        elif not any(o.get("PartName") == "/" + part for o in root.findall(f"{{{CT}}}Override")):
            etree.SubElement(root, f"{{{CT}}}Override", PartName="/" + part, ContentType=ctype)
        self.put("[Content_Types].xml", to_bytes(root))

    def save(self, dest: Path) -> None:
        """Write the package to ``dest`` (callers write to a temporary file and rename it)."""
        with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
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


def workbook_sheets(pkg: Package) -> tuple[etree._Element, etree._Element, dict[str, str]]:
    """(workbook.xml root, its rels root, sheet name -> worksheet part)."""
    wb = parse_xml(pkg.part("xl/workbook.xml"))
    rels = pkg.rels("xl/workbook.xml")
    target = {r.get("Id"): pkg.resolve("xl/workbook.xml", r.get("Target") or "") for r in rels}
    return wb, rels, {s.get("name") or "": target.get(s.get(f"{{{R}}}id") or "") or "" for s in wb.find(q("sheets"))}


def add_sheet(pkg: Package, wb, wb_rels, name: str, xml: bytes) -> str:
    """Append a worksheet part named ``name`` (workbook.xml and its rels are updated in place)."""
    part = pkg.new_name("xl/worksheets/sheet{}.xml")
    pkg.put(part, xml)
    rid = add_rel(wb_rels, REL_SHEET, part.removeprefix("xl/"))
    pkg.put(pkg.rels_name("xl/workbook.xml"), to_bytes(wb_rels))
    sheets_el = wb.find(q("sheets"))
    sheet_id = max(int(s.get("sheetId")) for s in sheets_el) + 1
    el = etree.SubElement(sheets_el, q("sheet"), name=name, sheetId=str(sheet_id))
    el.set(f"{{{R}}}id", rid)
    pkg.content_type(part, CT_SHEET)
    return part


def sheet_rel(pkg: Package, part: str, rel_type: str):
    rels = pkg.rels(part)
    for r in rels:
        if r.get("Type") == rel_type:
            return rels, r, pkg.resolve(part, r.get("Target"))
    return rels, None, None


def find_or_make_cell(sheet_data, ref: str):
    letters, row_no = split_ref(ref)
    rows = sheet_data.findall(q("row"))
    row_el = None
    for r in rows:
        rn = int(r.get("r", 0))
        if rn == row_no:
            row_el = r
            break
        if rn > row_no:
            row_el = etree.Element(q("row"), r=str(row_no))
            r.addprevious(row_el)
            break
    if row_el is None:
        row_el = etree.SubElement(sheet_data, q("row"), r=str(row_no))
    row_el.attrib.pop("spans", None)
    target = column_index(letters)
    for c in row_el.findall(q("c")):
        cl, _ = split_ref(c.get("r"))
        if cl == letters:
            return c
        if column_index(cl) > target:
            new = etree.Element(q("c"), r=ref)
            c.addprevious(new)
            return new
    return etree.SubElement(row_el, q("c"), r=ref)


def add_rel(rels, rel_type: str, target: str) -> str:
    ids = {r.get("Id") for r in rels}
    n = 1
    while f"rId{n}" in ids:
        n += 1
    etree.SubElement(rels, f"{{{PKG_RELS}}}Relationship", Id=f"rId{n}", Type=rel_type, Target=target)
    return f"rId{n}"


def relative(from_part: str, to_part: str) -> str:
    return "../" + to_part.removeprefix("xl/") if from_part.startswith("xl/worksheets/") else to_part


def insert_in_order(root, el) -> None:
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


def codename(pkg: Package, part: str) -> str | None:
    """A worksheet's VBA code name (``sheetPr/@codeName``), None when it has none."""
    data = pkg.get(part)
    pr = parse_xml(data).find(q("sheetPr")) if data is not None else None
    return pr.get("codeName") if pr is not None else None


def set_codename(pkg: Package, part: str, name: str | None = None) -> str:
    """Give a worksheet a VBA code name not used by another sheet (Excel gives every sheet of a macro
    workbook one): ``name`` when it is free, else the first free ``SheetN``.  Returns the code name."""
    _, _, sheets = workbook_sheets(pkg)
    used = {codename(pkg, other) for other in sheets.values() if other and other != part} - {None}
    wb_pr = parse_xml(pkg.part("xl/workbook.xml")).find(q("workbookPr"))
    if wb_pr is not None and wb_pr.get("codeName"):
        used.add(wb_pr.get("codeName"))
    used_folded = {u.casefold() for u in used if u}  # VBA names are case-insensitive
    if not name or name.casefold() in used_folded:
        n = 1
        while f"sheet{n}" in used_folded:
            n += 1
        name = f"Sheet{n}"
    root = parse_xml(pkg.part(part))
    pr = root.find(q("sheetPr"))
    if pr is None:
        pr = etree.Element(q("sheetPr"))
        root.insert(0, pr)
    pr.set("codeName", name)
    pkg.put(part, to_bytes(root))
    return name

