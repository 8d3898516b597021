"""Lay a :class:`~papi_xl.outputs.report.draft.Draft` out in Word, in the format of Nghị định
30/2020/NĐ-CP (Phụ lục I):

* A4 portrait, margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman, body 14 pt;
* page numbers centred in the top margin from page 2 on (a first-page header left empty);
* the heading as a two-row borderless table: the issuing body over its number, the Quốc hiệu and
  Tiêu ngữ over the place and date, so the number and the date stand on one line; the body's name is
  never split (non-breaking spaces, a size at which it fits); the short rules under the issuing body,
  under the Tiêu ngữ and under the title are drawn (a paragraph border right under the text: the Tiêu
  ngữ's exactly as long as its text, the others 2/5 of theirs), not typed "─" characters;
* tables keep their caption on their page (keep-with-next), repeat their header row, never split a row;
  a short table is kept on one page;
* the signature block and *Nơi nhận*; the appendix in a landscape section.

Every property element is inserted in the order the WordprocessingML schema requires (a second
``w:tblLayout`` or a ``w:tblBorders`` after ``w:tblLook`` makes Word repair the file).  python-docx's
template parts that are not needed (the Word 2010 ``stylesWithEffects`` copy of the styles, which
disagrees with the styles once they are changed, and its generic thumbnail) are left out.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from papi_xl.fileio import atomic_write
from papi_xl.ooxml.escape import legal
from papi_xl.outputs.report.data import ReportData
from papi_xl.outputs.report.draft import Draft, Heading, Para, Table, draft
from papi_xl.outputs.report.fonts import text_width_pt

FONT = "Times New Roman"
BODY_PT = 14
INDENT = Mm(10)
PAGE_W, PAGE_H = 210, 297  # mm
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 20, 20, 30, 15
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 165 mm
HEAD_LEFT, HEAD_RIGHT = 70.0, 95.0  # mm: the right column holds the Quốc hiệu (12 pt bold: 88.3 mm)
RULE = "6"  # eighths of a point: a 0.75 pt line
CELL_MARGIN = 1.0  # mm, each side of a table cell
GAP = 2  # points between a line of text and the rule under it
NBSP = "\u00a0"

# Child order of the property elements this module writes (ECMA-376 Part 1, transitional schema).
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
             "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
             "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")
TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
               "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
               "tblCaption", "tblDescription", "tblPrChange")
TRPR_ORDER = ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
              "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange")
RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
             "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
             "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
             "em", "lang", "eastAsianLayout", "specVanish", "oMath")
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"


# -- XML helpers ------------------------------------------------------------------------------------------
def _put(parent, child, order: tuple[str, ...]):
    """Insert ``child`` into ``parent`` where the schema's sequence ``order`` puts it (replacing a
    child of the same name)."""
    name = child.tag.split("}", 1)[1]
    for old in parent.findall(qn(f"w:{name}")):
        parent.remove(old)
    later = order[order.index(name) + 1:]
    for existing in parent:
        tag = existing.tag.split("}", 1)[1] if "}" in existing.tag else existing.tag
        if tag in later:
            existing.addprevious(child)
            return child
    parent.append(child)
    return child


def _el(name: str, **attrs: str):
    el = OxmlElement(f"w:{name}")
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    return el


def _twips(mm: float) -> str:
    return str(round(mm * 1440 / 25.4))


# -- text ----------------------------------------------------------------------------------------------
def _run(p, text: str, bold: bool = False, italic: bool = False, size: float = BODY_PT):
    r = p.add_run(legal(text))  # the one escaper: no character XML 1.0 forbids
    r.font.name = FONT
    r._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    r.font.size = Pt(size)
    r.bold = bold or None
    r.italic = italic or None
    return r


def _format(p, align=None, indent: bool = False, before: float = 0, after: float = 6, spacing: float | None = 1.15,
            keep_next: bool = False):
    fmt = p.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if spacing is not None:
        fmt.line_spacing = spacing
    if align is not None:
        p.alignment = align
    if indent:
        fmt.first_line_indent = INDENT
    if keep_next:
        fmt.keep_with_next = True
    return p


def _rule(container, length_mm: float, avail_mm: float, after: float = 0) -> None:
    """A drawn horizontal rule ``length_mm`` long, centred in ``avail_mm``, right under the previous line
    (:data:`GAP` points below its descenders): an empty paragraph one point high whose top border is the
    rule."""
    p = container.add_paragraph()
    length_mm = min(length_mm, avail_mm)
    side = max(0.0, (avail_mm - length_mm) / 2)
    ppr = p._p.get_or_add_pPr()
    bdr = _el("pBdr")
    bdr.append(_el("top", val="single", sz=RULE, space="0", color="auto"))
    _put(ppr, bdr, PPR_ORDER)
    _put(ppr, _el("spacing", before=str(GAP * 20), after=str(round(after * 20)), line="20", lineRule="exact"),
         PPR_ORDER)
    _put(ppr, _el("ind", left=_twips(side), right=_twips(side)), PPR_ORDER)
    _put(ppr, _el("jc", val="center"), PPR_ORDER)
    rpr = _el("rPr")
    rpr.append(_el("sz", val="2"))
    _put(ppr, rpr, PPR_ORDER)


def _fit(text: str, width_mm: float, bold: bool, sizes: tuple[float, ...] = (13, 12.5, 12, 11.5, 11, 10.5, 10)) -> float:
    """The largest size at which ``text`` fits on one line of ``width_mm``."""
    width_pt = width_mm * 72 / 25.4
    for size in sizes:
        if text_width_pt(text, size, bold) <= width_pt:
            return size
    return sizes[-1]


def _unbreakable(text: str) -> str:
    return text.replace(" ", NBSP)


# -- tables --------------------------------------------------------------------------------------------
def _table_props(table, widths_mm: list[float], borders: bool, cell_margins_mm: float | None = None) -> None:
    """Fixed layout, the grid and every cell's width (Word honours widths only so), the borders and the
    cell margins, each property in schema order."""
    table.autofit = False  # w:tblLayout fixed, placed by python-docx in schema order
    tbl_pr = table._tbl.tblPr
    _put(tbl_pr, _el("tblW", w=_twips(sum(widths_mm)), type="dxa"), TBLPR_ORDER)
    if not borders:
        b = _el("tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            b.append(_el(edge, val="nil"))
        _put(tbl_pr, b, TBLPR_ORDER)
    if cell_margins_mm is not None:  # left and right (top and bottom: the paragraphs' spacing)
        mar = _el("tblCellMar")
        for edge in ("top", "left", "bottom", "right"):
            mar.append(_el(edge, w=_twips(cell_margins_mm if edge in ("left", "right") else 0), type="dxa"))
        _put(tbl_pr, mar, TBLPR_ORDER)
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), _twips(width))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _row_props(row, header: bool = False) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    _put(tr_pr, _el("cantSplit"), TRPR_ORDER)
    if header:
        _put(tr_pr, _el("tblHeader"), TRPR_ORDER)


def _cell(cell, text: str, size: float, bold: bool = False, italic: bool = False, align: str = "center") -> None:
    lines = text.split("\n") if text else [""]
    first = cell.paragraphs[0]
    for i, line in enumerate(lines):
        p = first if i == 0 else cell.add_paragraph()
        _format(p, {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}.get(
            align, WD_ALIGN_PARAGRAPH.CENTER), before=1, after=1, spacing=1.0)
        if line:
            _run(p, line, bold, italic, size)


def _keep_rows_together(rows) -> None:
    for row in rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True


def _add_table(doc, t: Table) -> None:
    if t.caption:
        caption = _format(doc.add_paragraph(), WD_ALIGN_PARAGRAPH.CENTER, before=6, after=4, keep_next=True)
        _run(caption, t.caption, bold=True, size=13)
    table = doc.add_table(rows=1 + len(t.rows), cols=len(t.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _table_props(table, t.widths, borders=True, cell_margins_mm=CELL_MARGIN)
    rows = table.rows
    for i, h in enumerate(t.headers):
        _cell(rows[0].cells[i], h, t.size - 1, bold=True)
    _row_props(rows[0], header=True)
    for r, values in enumerate(t.rows, start=1):
        row = rows[r]
        _row_props(row)
        if (r - 1) in t.group_rows:  # a group's title: on the page of the group's first row
            merged = row.cells[0].merge(row.cells[-1])
            _cell(merged, values[0], t.size, bold=True, align="left")
            _keep_rows_together([row])
            continue
        bold = (r - 1) in t.bold_rows
        for c, value in enumerate(values):
            _cell(row.cells[c], value, t.size, bold=bold, align=t.align[c])
    # the caption and the header row (and, for a short table, every row) stay on one page
    _keep_rows_together(rows[:-1] if t.keep_together else rows[: min(2, len(rows) - 1)])
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


# -- the parts of the document ----------------------------------------------------------------------------
def _page(section, landscape: bool = False) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    w, h = (PAGE_H, PAGE_W) if landscape else (PAGE_W, PAGE_H)
    section.page_width, section.page_height = Mm(w), Mm(h)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP), Mm(MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT), Mm(MARGIN_RIGHT)
    section.header_distance = section.footer_distance = Mm(10)


def _page_numbers(section) -> None:
    """The page number centred in the top margin, from page 2 on (NĐ 30)."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False  # an empty first-page header
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    _format(p, WD_ALIGN_PARAGRAPH.CENTER, after=0, spacing=1.0)
    field = _el("fldSimple", instr=" PAGE ")
    r = OxmlElement("w:r")
    rpr = _el("rPr")
    fonts = _el("rFonts", ascii=FONT, hAnsi=FONT, eastAsia=FONT, cs=FONT)
    rpr.append(fonts)
    rpr.append(_el("sz", val=str(BODY_PT * 2)))
    r.append(rpr)
    t = OxmlElement("w:t")
    t.text = "2"
    r.append(t)
    field.append(r)
    p._p.append(field)


def _heading(doc, h: Heading) -> None:
    table = doc.add_table(rows=2, cols=2)
    _table_props(table, [HEAD_LEFT, HEAD_RIGHT], borders=False, cell_margins_mm=0)
    (left, right), (number, place) = (r.cells for r in table.rows)
    center = WD_ALIGN_PARAGRAPH.CENTER
    # the issuing body: one name over two lines, never split inside a line
    size = min(_fit(h.parent_line, HEAD_LEFT, h.parent_bold), _fit(h.body_line, HEAD_LEFT, True))
    _format(left.paragraphs[0], center, after=0, spacing=1.0)
    _run(left.paragraphs[0], _unbreakable(h.parent_line), bold=h.parent_bold, size=size)
    p = _format(left.add_paragraph(), center, after=0, spacing=1.0)
    _run(p, _unbreakable(h.body_line), bold=True, size=size)
    width = text_width_pt(h.body_line, size, True) * 25.4 / 72
    _rule(left, width * 0.4, HEAD_LEFT)
    # Quốc hiệu and Tiêu ngữ; the Tiêu ngữ's rule exactly as long as its text
    _format(right.paragraphs[0], center, after=0, spacing=1.0)
    _run(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
    motto = "Độc lập - Tự do - Hạnh phúc"
    p = _format(right.add_paragraph(), center, after=0, spacing=1.0)
    _run(p, motto, bold=True, size=13)
    _rule(right, text_width_pt(motto, 13, True) * 25.4 / 72, HEAD_RIGHT)
    _format(number.paragraphs[0], center, before=8, after=0, spacing=1.0)
    _run(number.paragraphs[0], h.number, size=13)
    _format(place.paragraphs[0], center, before=8, after=0, spacing=1.0)
    _run(place.paragraphs[0], h.place_date, italic=True, size=13)
    for row in table.rows:
        _row_props(row)


def _title(doc, text: str) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    p = _format(doc.add_paragraph(), center, before=18, after=0, spacing=1.0, keep_next=True)
    _run(p, "BÁO CÁO", bold=True)
    p = _format(doc.add_paragraph(), center, after=0, spacing=1.0, keep_next=True)
    _run(p, text, bold=True)
    longest = min(text_width_pt(text, BODY_PT, True) * 25.4 / 72, TEXT_W)
    _rule(doc, longest * 0.4, TEXT_W, after=12)


_STYLE = {  # style -> (bold, italic, indent, before, keep_next)
    "body": (False, False, True, 0, False),
    "part": (True, False, True, 6, True),
    "section": (True, False, True, 0, True),
    "subsection": (True, True, True, 0, True),
    "group": (False, True, True, 0, True),
    "item": (False, False, True, 0, False),
    "placeholder": (False, False, True, 0, False),
    "closing": (False, False, True, 6, False),
}


def _para(doc, para: Para) -> None:
    bold, italic, indent, before, keep = _STYLE.get(para.style, _STYLE["body"])
    p = _format(doc.add_paragraph(), WD_ALIGN_PARAGRAPH.JUSTIFY, indent=indent, before=before,
                keep_next=keep or para.keep_next)
    for run in para.runs:
        _run(p, run.text, bold or run.bold, italic or run.italic)


def _signature(doc, d: Draft) -> None:
    table = doc.add_table(rows=1, cols=2)
    _table_props(table, [80.0, 85.0], borders=False, cell_margins_mm=0)
    _row_props(table.rows[0])
    left, right = table.rows[0].cells
    _format(left.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT, before=6, after=0, spacing=1.0)
    _run(left.paragraphs[0], "Nơi nhận:", bold=True, italic=True, size=12)
    for i, entry in enumerate(d.recipients):
        last = i == len(d.recipients) - 1
        p = _format(left.add_paragraph(), WD_ALIGN_PARAGRAPH.LEFT, after=0, spacing=1.0)
        _run(p, f"- {entry}{'.' if last else ';'}", size=11)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _format(right.paragraphs[0], center, before=6, after=0, spacing=1.0)
    _run(right.paragraphs[0], d.signer[0], bold=True, size=13)
    for line in d.signer[1:]:
        _run(_format(right.add_paragraph(), center, after=0, spacing=1.0), line, bold=True, size=13)
    for _ in range(4):
        _format(right.add_paragraph(), center, after=0, spacing=1.0)
    _run(_format(right.add_paragraph(), center, after=0, spacing=1.0), "[…]", bold=True, size=13)


def _appendix(doc, d: Draft) -> None:
    a = d.appendix
    if a is None:
        return
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=True)
    section.different_first_page_header_footer = False  # the appendix's first page is numbered too
    width = PAGE_H - MARGIN_LEFT - MARGIN_RIGHT
    center = WD_ALIGN_PARAGRAPH.CENTER
    _run(_format(doc.add_paragraph(), center, after=0, spacing=1.0, keep_next=True), "Phụ lục", bold=True)
    _run(_format(doc.add_paragraph(), center, after=0, spacing=1.0, keep_next=True), a.title, bold=True)
    _run(_format(doc.add_paragraph(), center, after=0, spacing=1.0, keep_next=True), a.subtitle, italic=True)
    _rule(doc, min(text_width_pt(a.title, BODY_PT, True) * 25.4 / 72, width) * 0.4, width, after=6)
    if a.note:
        _run(_format(doc.add_paragraph(), center, after=6, keep_next=True), a.note, italic=True, size=12)
    _add_table(doc, a.table)
    for para in a.after:
        _para(doc, para)


def render(d: Draft):
    """The python-docx Document of a draft."""
    doc = Document()
    for rel in [r for r in doc.part.rels.values() if r.reltype == STYLES_WITH_EFFECTS]:
        del doc.part.rels[rel.rId]
    package_rels = doc.part.package.rels
    for rel in [r for r in package_rels.values() if r.reltype == THUMBNAIL]:
        del package_rels[rel.rId]
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    rpr = normal.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    rpr.get_or_add_rFonts().set(qn("w:cs"), FONT)
    _put(rpr, _el("lang", val="vi-VN", eastAsia="vi-VN", bidi="ar-SA"), RPR_ORDER)
    section = doc.sections[0]
    _page(section)
    _page_numbers(section)
    _heading(doc, d.heading)
    _title(doc, d.title)
    for block in d.body:
        if isinstance(block, Table):
            _add_table(doc, block)
        else:
            _para(doc, block)
    _signature(doc, d)
    _appendix(doc, d)
    props = doc.core_properties
    props.title = legal(d.doc_title)
    props.subject = "Dự thảo báo cáo do papi-xl soạn"
    props.author = props.last_modified_by = "papi-xl"
    props.language = "vi-VN"
    props.comments = ""
    props.revision = 1
    props.created = props.modified = dt.datetime.now().replace(microsecond=0)
    return doc


def write_report(data: ReportData, path: str | Path) -> Path:
    """Draft the report from ``data`` and write it to ``path`` (atomically)."""
    doc = render(draft(data))
    return atomic_write(path, lambda tmp: doc.save(str(tmp)))
