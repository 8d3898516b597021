"""Cell notes (legacy comments: ``xl/commentsN.xml`` plus the VML drawing Excel shows them with),
added to a sheet of a package and removed again by the same author.

A cell that already has a note from someone else keeps it: our text is appended as a run that starts
with :data:`MARK`, and a later run removes exactly those runs before adding its own, so notes never
stack over repeated runs.
"""

from __future__ import annotations

import re

from lxml import etree

from papi_xl.ooxml.escape import legal, xml_attr
from papi_xl.ooxml.ns import CT_COMMENTS, CT_VML, MAIN, REL_COMMENTS, REL_VML, XML, R, q
from papi_xl.ooxml.package import Package, add_rel, insert_in_order, parse_xml, relative, sheet_rel, to_bytes
from papi_xl.ooxml.refs import column_index, split_ref

MARK = "\u2063"  # INVISIBLE SEPARATOR: starts every run we append to somebody else's note
_SPACE = f"{{{XML}}}space"

NOTE_SHAPETYPE = (
    '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
    '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
)
VML_HEAD = (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:x="urn:schemas-microsoft-com:office:excel">'
    '<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout>'
)


def remove_notes(pkg: Package, part: str, author: str) -> None:
    """Remove the notes ``author`` wrote on a sheet, and the text it appended to other people's notes."""
    _, _, comments_part = sheet_rel(pkg, part, REL_COMMENTS)
    if comments_part and pkg.get(comments_part) is not None:
        root = parse_xml(pkg.get(comments_part))
        authors = [a.text for a in root.find(q("authors"))]
        clist = root.find(q("commentList"))
        for cm in list(clist):
            if authors[int(cm.get("authorId", 0))] == author:
                clist.remove(cm)
                continue
            text = cm.find(q("text"))
            for r in list(text.findall(q("r"))):
                t = r.find(q("t"))
                if t is not None and (t.text or "").startswith(MARK):
                    text.remove(r)
        pkg.put(comments_part, to_bytes(root))
    _, _, vml_part = sheet_rel(pkg, part, REL_VML)
    if vml_part and pkg.get(vml_part) is not None:
        vml = pkg.get(vml_part).decode("utf-8", "replace")
        vml = re.sub(rf'<v:shape id="{re.escape(_shape_prefix(author))}[^"]*".*?</v:shape>\s*', "", vml, flags=re.S)
        pkg.put(vml_part, vml.encode("utf-8"))


def _shape_prefix(author: str) -> str:
    return "_" + re.sub(r"[^A-Za-z0-9]", "", author) + "_"


def add_notes(pkg: Package, part: str, sheet_root, notes: dict[str, str], author: str) -> None:
    """Add a note per cell (A1 -> text).  ``sheet_root`` is the sheet's parsed XML: a ``legacyDrawing``
    element is added to it when the sheet had no VML drawing (the caller writes it back)."""
    if not notes:
        return
    rels, _, comments_part = sheet_rel(pkg, part, REL_COMMENTS)
    if comments_part is None:
        comments_part = pkg.new_name("xl/comments{}.xml")
        add_rel(rels, REL_COMMENTS, relative(part, comments_part))
        root = etree.Element(q("comments"), nsmap={None: MAIN})
        etree.SubElement(root, q("authors"))
        etree.SubElement(root, q("commentList"))
        pkg.content_type(comments_part, CT_COMMENTS)
    else:
        root = parse_xml(pkg.get(comments_part))
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
            r = etree.SubElement(existing[ref].find(q("text")), q("r"))
            etree.SubElement(r, q("t"), attrib={_SPACE: "preserve"}).text = MARK + "\n" + legal(text)
            continue
        cm = etree.SubElement(clist, q("comment"), ref=ref, authorId=str(author_id))
        etree.SubElement(etree.SubElement(cm, q("text")), q("t"), attrib={_SPACE: "preserve"}).text = legal(text)
    pkg.put(comments_part, to_bytes(root))
    _add_shapes(pkg, part, rels, sheet_root, [ref for ref in notes if ref not in existing], author)
    pkg.put(pkg.rels_name(part), to_bytes(rels))


def _add_shapes(pkg: Package, part: str, rels, sheet_root, refs: list[str], author: str) -> None:
    _, _, vml_part = sheet_rel(pkg, part, REL_VML)
    prefix = _shape_prefix(author)
    shapes = "".join(_note_shape(ref, f"{prefix}{i}") for i, ref in enumerate(refs))
    if vml_part is None:
        vml_part = pkg.new_name("xl/drawings/vmlDrawing{}.vml")
        rid = add_rel(rels, REL_VML, relative(part, vml_part))
        pkg.put(vml_part, (VML_HEAD + NOTE_SHAPETYPE + shapes + "</xml>").encode("utf-8"))
        pkg.content_type(vml_part, CT_VML)
        el = etree.Element(q("legacyDrawing"))
        el.set(f"{{{R}}}id", rid)
        insert_in_order(sheet_root, el)
        return
    vml = pkg.get(vml_part).decode("utf-8", "replace")
    if "_x0000_t202" not in vml:
        shapes = NOTE_SHAPETYPE + shapes
    vml = vml[: vml.rfind("</xml>")] + shapes + "</xml>" if "</xml>" in vml else vml + shapes
    pkg.put(vml_part, vml.encode("utf-8"))


def _note_shape(ref: str, shape_id: str) -> str:
    letters, row = split_ref(ref)
    col = column_index(letters)
    return (
        f'<v:shape id="{xml_attr(shape_id)}" type="#_x0000_t202" '
        'style="position:absolute;margin-left:80pt;margin-top:2pt;width:260pt;height:90pt;z-index:1;visibility:hidden" '
        'fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>'
        '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div>'
        f'</v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
        f"<x:Anchor>{col + 1}, 15, {max(row - 2, 0)}, 2, {col + 5}, 15, {row + 4}, 16</x:Anchor>"
        f"<x:AutoFill>False</x:AutoFill><x:Row>{row - 1}</x:Row><x:Column>{col}</x:Column></x:ClientData></v:shape>"
    )
