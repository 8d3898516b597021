"""Cell notes (legacy comments: ``xl/commentsN.xml`` plus the VML drawing Excel shows them with),
added to a sheet of a package and removed again by the same author.

Every text papi-xl writes into a note starts with :data:`MARK` (an invisible separator): a note of its
own is ``MARK + message``; on a cell that already has somebody else's note the message is appended to
it as ``MARK + "\\n" + message``.  A later run removes, in every note of the sheet, the text from the
first ``MARK`` on — and the note itself when nothing else is left — before adding its own, so notes
never stack over repeated runs and the submitter's text stays as it was.  The mark is in the text,
not in the author or the run structure, because other applications rewrite both: LibreOffice saves
every note as one run and drops the authors' names.
"""

from __future__ import annotations

import re

from lxml import etree

from papi_xl.ooxml.escape import legal, xml_attr
from papi_xl.ooxml.ns import CT_COMMENTS, CT_VML, EXCEL, MAIN, REL_COMMENTS, REL_VML, VML, XML, R, q
from papi_xl.ooxml.package import Package, add_rel, insert_in_order, parse_xml, relative, sheet_rel, to_bytes
from papi_xl.ooxml.refs import column_index, split_ref

MARK = "\u2063"  # INVISIBLE SEPARATOR: starts every text papi-xl writes into a note
_SPACE = f"{{{XML}}}space"
_RID = f"{{{R}}}id"

NOTE_SHAPETYPE = (
    '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
    '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
)
VML_HEAD = (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:x="urn:schemas-microsoft-com:office:excel">'
    '<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout>'
)
_VML_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
_V_SHAPE, _V_SHAPETYPE = f"{{{VML}}}shape", f"{{{VML}}}shapetype"
_X_DATA, _X_ROW, _X_COLUMN = f"{{{EXCEL}}}ClientData", f"{{{EXCEL}}}Row", f"{{{EXCEL}}}Column"

# -- the parts -----------------------------------------------------------------------------------------------
def _vml_part(pkg: Package, part: str, sheet_root) -> tuple[etree._Element, str | None, str | None]:
    """(sheet rels, relationship id, part) of the VML drawing that holds the sheet's notes: the one its
    ``<legacyDrawing>`` names (``<legacyDrawingHF>`` has header/footer pictures, of the same type)."""
    rels = pkg.rels(part)
    el = sheet_root.find(q("legacyDrawing"))
    if el is None:
        return rels, None, None
    rid = el.get(_RID)
    for r in rels:
        if r.get("Id") == rid and r.get("Type") == REL_VML:
            target = pkg.resolve(part, r.get("Target") or "")
            return rels, rid, target if pkg.get(target) is not None else None
    return rels, rid, None


def _drop_rel(rels, rid: str | None) -> None:
    for r in list(rels):
        if r.get("Id") == rid:
            rels.remove(r)


def _texts(text_el) -> list[tuple[etree._Element, etree._Element]]:
    """The ``<t>`` elements of a note's text in reading order, each with what holds it (the ``<r>`` run,
    or the ``<text>`` itself for a plain note)."""
    out = []
    for child in text_el:
        if child.tag == q("t"):
            out.append((child, text_el))
        elif child.tag == q("r"):
            t = child.find(q("t"))
            if t is not None:
                out.append((t, child))
    return out


def _cut_at_mark(text_el) -> bool:
    """Remove the text from the first :data:`MARK` on; True when there was one."""
    found = False
    for t, holder in _texts(text_el):
        s = t.text or ""
        if not found and MARK in s:
            found = True
            t.text = s[: s.index(MARK)]
            if not t.text:
                text_el.remove(holder if holder is not text_el else t)
        elif found:
            text_el.remove(holder if holder is not text_el else t)
    return found


def _has_text(text_el) -> bool:
    return any((t.text or "").strip() for t, _ in _texts(text_el))


def _parse_vml(data: bytes) -> etree._Element:
    """A VML drawing, as Excel, LibreOffice or openpyxl wrote it (any prefixes; Excel's VML is not always
    well-formed XML, hence the recovering parser)."""
    if b"<!DOCTYPE" in data[:2048] or b"<!ENTITY" in data[:4096]:
        raise ValueError("VML declares a DOCTYPE or ENTITY")
    root = etree.fromstring(data, _VML_PARSER)
    if root is None:
        raise ValueError("unreadable VML drawing")
    return root


def _note_cell(shape) -> tuple[int, int] | None:
    """(row, column) of a note's shape, None for any other shape (a form button, a picture)."""
    data = shape.find(_X_DATA)
    if data is None or data.get("ObjectType") != "Note":
        return None
    row, col = data.findtext(_X_ROW), data.findtext(_X_COLUMN)
    if row is None or col is None or not row.strip().isdigit() or not col.strip().isdigit():
        return None
    return int(row), int(col)


def _cell(ref: str) -> tuple[int, int]:
    """(row, column), 0-based as VML counts them."""
    letters, row = split_ref(ref)
    return row - 1, column_index(letters)


# -- removing ------------------------------------------------------------------------------------------------
def remove_notes(pkg: Package, part: str, author: str) -> None:
    """Remove what ``author`` wrote in the notes of a sheet: its own notes (by author, or text starting
    with :data:`MARK`) and its text appended to other people's notes; then the VML shapes of cells left
    without a note, and the parts and links left empty."""
    sheet_root = parse_xml(pkg.part(part))
    rels, rel, comments_part = sheet_rel(pkg, part, REL_COMMENTS)
    refs: set[str] = set()
    rels_changed = False
    if comments_part and pkg.get(comments_part) is not None:
        refs = _remove_comments(pkg, comments_part, author)
        if not refs:  # no note left: the part goes
            pkg.delete(comments_part)
            rels.remove(rel)
            rels_changed = True
    _, rid, vml_part = _vml_part(pkg, part, sheet_root)
    if vml_part is not None and not _remove_shapes(pkg, vml_part, {_cell(ref) for ref in refs}):
        # no shape left (no note, no form control): the drawing goes, and the sheet's link to it
        pkg.delete(vml_part)
        _drop_rel(rels, rid)
        rels_changed = True
        sheet_root.remove(sheet_root.find(q("legacyDrawing")))
        pkg.put(part, to_bytes(sheet_root))
    if rels_changed:
        pkg.put(pkg.rels_name(part), to_bytes(rels))


def _remove_comments(pkg: Package, comments_part: str, author: str) -> set[str]:
    """Drop ``author``'s notes and its marked text in other notes; returns the cells that keep a note."""
    root = parse_xml(pkg.part(comments_part))
    authors_el, clist = root.find(q("authors")), root.find(q("commentList"))
    authors = [a.text or "" for a in authors_el] if authors_el is not None else []
    if clist is None:
        return set()
    for cm in list(clist):
        if _ours(cm, authors, author):
            clist.remove(cm)
    refs = {cm.get("ref") or "" for cm in clist}
    if refs:
        pkg.put(comments_part, to_bytes(root))
    return refs


def _ours(cm, authors: list[str], author: str) -> bool:
    """A note ``author`` wrote, or one left empty once its marked text was cut (which this does)."""
    author_id = int(cm.get("authorId") or 0)
    text = cm.find(q("text"))
    if 0 <= author_id < len(authors) and authors[author_id] == author or text is None:
        return True
    return _cut_at_mark(text) and not _has_text(text)


def _remove_shapes(pkg: Package, vml_part: str, keep: set[tuple[int, int]]) -> bool:
    """Drop the note shapes of cells without a note; returns whether any shape is left."""
    vml = _parse_vml(pkg.part(vml_part))
    gone = [sh for sh in vml.iter(_V_SHAPE) if (cell := _note_cell(sh)) is not None and cell not in keep]
    for shape in gone:
        shape.getparent().remove(shape)
    left = next(vml.iter(_V_SHAPE), None) is not None
    if left and gone:
        pkg.put(vml_part, etree.tostring(vml, encoding="utf-8"))
    return left


# -- adding --------------------------------------------------------------------------------------------------
def add_notes(pkg: Package, part: str, sheet_root, notes: dict[str, str], author: str) -> None:
    """Add a note per cell (A1 -> text).  ``sheet_root`` is the sheet's parsed XML: a ``legacyDrawing``
    element is added to it when the sheet had no VML drawing (the caller writes it back)."""
    if not notes:
        return
    rels, _, comments_part = sheet_rel(pkg, part, REL_COMMENTS)
    if comments_part is None or pkg.get(comments_part) is None:
        comments_part = pkg.new_name("xl/comments{}.xml")
        add_rel(rels, REL_COMMENTS, relative(part, comments_part))
        root = etree.Element(q("comments"), nsmap={None: MAIN})
        etree.SubElement(root, q("authors"))
        etree.SubElement(root, q("commentList"))
        pkg.content_type(comments_part, CT_COMMENTS)
    else:
        root = parse_xml(pkg.part(comments_part))
    authors = root.find(q("authors"))
    names = [a.text for a in authors]
    if author not in names:
        etree.SubElement(authors, q("author")).text = author
        names.append(author)
    author_id = names.index(author)
    clist = root.find(q("commentList"))
    existing = {cm.get("ref"): cm for cm in clist}
    for ref, text in notes.items():
        if ref in existing:  # somebody's own note: keep it, add ours below, marked
            text_el = existing[ref].find(q("text"))
            for t in text_el.findall(q("t")):  # a plain note becomes a run, so that ours can follow it
                run = etree.Element(q("r"))
                t.addprevious(run)
                run.append(t)
            r = etree.SubElement(text_el, q("r"))
            etree.SubElement(r, q("t"), attrib={_SPACE: "preserve"}).text = MARK + "\n" + legal(text)
            continue
        cm = etree.SubElement(clist, q("comment"), ref=ref, authorId=str(author_id))
        etree.SubElement(etree.SubElement(cm, q("text")), q("t"), attrib={_SPACE: "preserve"}).text = MARK + legal(text)
    pkg.put(comments_part, to_bytes(root))
    _add_shapes(pkg, part, rels, sheet_root, list(notes), author)
    pkg.put(pkg.rels_name(part), to_bytes(rels))


def _shape_prefix(author: str) -> str:
    return "_" + re.sub(r"[^A-Za-z0-9]", "", author) + "_"


def _add_shapes(pkg: Package, part: str, rels, sheet_root, refs: list[str], author: str) -> None:
    """A note shape for every cell of ``refs`` that has none yet."""
    _, _, vml_part = _vml_part(pkg, part, sheet_root)
    vml = _parse_vml(pkg.part(vml_part)) if vml_part else None
    new = _new_shapes(list(vml.iter(_V_SHAPE)) if vml is not None else [], refs, _shape_prefix(author))
    if vml is None or vml_part is None:
        vml_part = pkg.new_name("xl/drawings/vmlDrawing{}.vml")
        rid = add_rel(rels, REL_VML, relative(part, vml_part))
        pkg.put(vml_part, (VML_HEAD + NOTE_SHAPETYPE + "".join(new) + "</xml>").encode("utf-8"))
        pkg.content_type(vml_part, CT_VML)
        el = sheet_root.find(q("legacyDrawing"))
        if el is None:
            el = etree.Element(q("legacyDrawing"))
            insert_in_order(sheet_root, el)
        el.set(_RID, rid)
        return
    if not new:
        return
    has_type = any(t.get("id") == "_x0000_t202" for t in vml.iter(_V_SHAPETYPE))
    added = etree.fromstring((VML_HEAD + ("" if has_type else NOTE_SHAPETYPE) + "".join(new) + "</xml>").encode())
    for el in added:
        if el.tag in (_V_SHAPE, _V_SHAPETYPE):
            vml.append(el)
    pkg.put(vml_part, etree.tostring(vml, encoding="utf-8"))


def _new_shapes(shapes: list, refs: list[str], prefix: str) -> list[str]:
    """The VML of a note shape for each cell of ``refs`` not shown yet, with ids not taken."""
    shown = {_note_cell(sh) for sh in shapes}
    used = {sh.get("id") for sh in shapes}
    n, new = 0, []
    for ref in refs:
        if _cell(ref) in shown:
            continue
        while f"{prefix}{n}" in used:
            n += 1
        used.add(f"{prefix}{n}")
        new.append(_note_shape(ref, f"{prefix}{n}"))
    return new


def _note_shape(ref: str, shape_id: str) -> str:
    row, col = _cell(ref)
    return (
        f'<v:shape id="{xml_attr(shape_id)}" type="#_x0000_t202" '
        'style="position:absolute;margin-left:80pt;margin-top:2pt;width:260pt;height:90pt;z-index:1;visibility:hidden" '
        'fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>'
        '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div>'
        f'</v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
        f"<x:Anchor>{col + 1}, 15, {max(row - 1, 0)}, 2, {col + 5}, 15, {row + 5}, 16</x:Anchor>"
        f"<x:AutoFill>False</x:AutoFill><x:Row>{row}</x:Row><x:Column>{col}</x:Column></x:ClientData></v:shape>"
    )
