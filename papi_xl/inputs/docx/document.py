"""A Word document as the text Word shows, in document order: body paragraphs and tables (nested tables
after the table that holds them).

Read straight from the WordprocessingML, because what a plan really holds is more than python-docx's
paragraphs: every tracked change is read as accepted (insertions kept, deletions and deleted rows
dropped), text inside content controls (``w:sdt``), hyperlinks, smart tags and simple fields is kept,
comments never reach the text, text boxes and shapes are kept apart (``Document.boxes``: reported, never a task), and runs typed in the old TCVN3 (.VnTime) or VNI fonts are converted to
Unicode.  Places are named the way people count them: "đoạn 37" is the 37th paragraph of the body,
"bảng 2, dòng 5, ô 3" the 3rd cell of the 5th row of the 2nd table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from papi_xl.domain.text import clean, convert_legacy, legacy_encoding, nfc

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TRANSPARENT = {W + t for t in ("ins", "moveTo", "hyperlink", "smartTag", "fldSimple", "customXml", "bdo", "dir")}
_CHANGES = {W + t for t in ("ins", "del", "moveFrom", "moveTo")}
_BEYOND_LATIN1 = re.compile(r"[^\x00-\xff]")
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


@dataclass
class Para:
    text: str
    n: int = 0  # "đoạn n" (body paragraphs only; 0 inside a table)
    style: str = ""  # the paragraph style's name ("Heading 2", "List Number")
    bold: bool = False  # every visible character bold
    italic: bool = False
    numbered: str = ""  # automatic numbering: its format ("decimal", "lowerLetter", "bullet"…), "" when none
    heading: int = 0  # outline level + 1 (style "Heading 2" -> 2); 0 for body text
    center: bool = False
    page_break_before: bool = False  # a page break (Ctrl+Enter) ended the previous paragraph

    @property
    def where(self) -> str:
        return f"đoạn {self.n}"


@dataclass
class Cell:
    paras: list[Para]
    col: int  # first grid column
    span: int = 1
    vmerge: str = ""  # "restart" | "continue" | ""
    n: int = 0  # "ô n" of its row

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paras if p.text)


@dataclass
class Row:
    cells: list[Cell]
    n: int  # "dòng n" (every w:tr counts, deleted rows too)
    header: bool = False  # marked to repeat on each page


@dataclass
class Table:
    rows: list[Row]
    n: int  # "bảng n"
    parent: int = 0  # the table that holds this one (0 = the body)
    width: int = 0  # grid columns

    def where(self, row: int | None = None, cell: int | None = None) -> str:
        parts = [f"bảng {self.n}"]
        if row is not None:
            parts.append(f"dòng {row}")
        if cell is not None:
            parts.append(f"ô {cell}")
        return ", ".join(parts)

    def grid(self) -> list[list[tuple[Cell | None, bool]]]:
        """Each row as grid columns: (cell, continued) where continued marks a vertically merged cell's
        continuation (its text is the cell above) or the later columns of a horizontally merged cell."""
        out = []
        for row in self.rows:
            line: list[tuple[Cell | None, bool]] = [(None, False)] * self.width
            for c in row.cells:
                for k in range(c.span):
                    if c.col + k < self.width:
                        line[c.col + k] = (c, k > 0 or c.vmerge == "continue")
            out.append(line)
        return out


@dataclass
class Document:
    blocks: list[Para | Table]
    tracked_changes: int = 0
    comments: int = 0
    legacy: dict[str, int] = field(default_factory=dict)  # encoding -> paragraphs converted
    core_title: str = ""
    boxes: list[tuple[str, str]] = field(default_factory=list)  # (where, text) of text boxes and shapes
    notes: list[tuple[str, str]] = field(default_factory=list)  # (where, text) of footnotes and endnotes

    @property
    def paragraphs(self) -> list[Para]:
        return [b for b in self.blocks if isinstance(b, Para)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


# -- styles, fonts, numbering ---------------------------------------------------------------------------
class _Styles:
    """Paragraph and character styles: name, bold, font and numbering, following ``basedOn``."""

    def __init__(self, doc):
        self.styles: dict[str, Any] = {}
        try:
            root = doc.styles.element
        except Exception:  # noqa: BLE001 - a package without styles
            root = None
        if root is not None:
            for st in root.findall(W + "style"):
                self.styles[st.get(W + "styleId") or ""] = st
        self.default_font = ""
        if root is not None:
            fonts = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
            if fonts is not None:
                self.default_font = fonts.get(W + "ascii") or fonts.get(W + "hAnsi") or ""
        self.num_formats = _numbering(doc)

    def _chain(self, style_id: str) -> Iterator:
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            st = self.styles[style_id]
            yield st
            based = st.find(W + "basedOn")
            style_id = based.get(W + "val") if based is not None else ""

    def name(self, style_id: str) -> str:
        st = self.styles.get(style_id)
        if st is None:
            return ""
        el = st.find(W + "name")
        name = el.get(W + "val") if el is not None else style_id
        return name[:1].upper() + name[1:] if name.lower().startswith(("heading", "title", "list")) else name

    def font(self, style_id: str) -> str:
        for st in self._chain(style_id):
            fonts = st.find(f"{W}rPr/{W}rFonts")
            if fonts is not None and (fonts.get(W + "ascii") or fonts.get(W + "hAnsi")):
                return fonts.get(W + "ascii") or fonts.get(W + "hAnsi") or ""
        return ""

    def flag(self, style_id: str, tag: str) -> bool | None:
        for st in self._chain(style_id):
            el = st.find(f"{W}rPr/{W}{tag}")
            if el is not None:
                return _on(el)
        return None

    def num_format(self, style_id: str) -> str:
        for st in self._chain(style_id):
            num = st.find(f"{W}pPr/{W}numPr")
            if num is not None:
                return self.format_of(num)
        return ""

    def outline(self, style_id: str) -> int:
        for st in self._chain(style_id):
            el = st.find(f"{W}pPr/{W}outlineLvl")
            if el is not None:
                try:
                    return int(el.get(W + "val") or 9) + 1
                except ValueError:
                    return 0
        name = self.name(style_id).lower()
        m = re.match(r"heading (\d)", name)
        return int(m.group(1)) if m else 0

    def format_of(self, num_pr) -> str:
        num_id = num_pr.find(W + "numId")
        ilvl = num_pr.find(W + "ilvl")
        nid = num_id.get(W + "val") if num_id is not None else ""
        if not nid or nid == "0":
            return ""
        level = int(ilvl.get(W + "val") or 0) if ilvl is not None else 0
        return self.num_formats.get((nid, level), "decimal")


def _numbering(doc) -> dict[tuple[str, int], str]:
    """(numId, level) -> number format, from the numbering part."""
    try:
        root = doc.part.numbering_part.element
    except Exception:  # noqa: BLE001 - no numbering part
        return {}
    abstract = {}
    for a in root.findall(W + "abstractNum"):
        levels = {}
        for lvl in a.findall(W + "lvl"):
            fmt = lvl.find(W + "numFmt")
            levels[int(lvl.get(W + "ilvl") or 0)] = fmt.get(W + "val") if fmt is not None else "decimal"
        abstract[a.get(W + "abstractNumId")] = levels
    out = {}
    for num in root.findall(W + "num"):
        ref = num.find(W + "abstractNumId")
        levels = abstract.get(ref.get(W + "val") if ref is not None else "", {})
        for level, fmt in levels.items():
            out[(num.get(W + "numId") or "", level)] = fmt or "decimal"
    return out


def _on(el) -> bool:
    return (el.get(W + "val") or "true").lower() not in ("0", "false", "off", "none")


def legacy_font(font: str) -> tuple[str, bool] | None:
    """("TCVN3", capitals?) for the ABC fonts (.VnTime, .VnTimeH, .VnArial…), ("VNI", False) for VNI-Times…"""
    name = font.strip()
    if name.startswith(".Vn"):
        return "TCVN3", name.endswith("H")
    if name.upper().startswith("VNI-") or name.upper().startswith("VNI "):
        return "VNI", False
    return None


# -- paragraphs -----------------------------------------------------------------------------------------
class _Reader:
    def __init__(self, doc):
        self.styles = _Styles(doc)
        self.changes = 0
        self.legacy: dict[str, int] = {}
        self.para_count = 0
        self.table_count = 0
        self.boxes: list[tuple[str, str]] = []

    def paragraph(self, p, body: bool) -> Para:
        style_id, num_fmt, center, outline = self._format(p.find(W + "pPr"))
        para_font = self.styles.font(style_id) or self.styles.default_font
        para_bold = bool(self.styles.flag(style_id, "b"))
        para_italic = bool(self.styles.flag(style_id, "i"))
        runs: list[tuple[str, bool, bool, str]] = []  # text, bold, italic, legacy encoding used
        page_break = [False]
        self._walk(p, runs, para_font, para_bold, para_italic, page_break)
        text = self._unmarked_legacy("".join(r[0] for r in runs), runs)
        visible = [r for r in runs if r[0].strip()]
        if body:
            self.para_count += 1
        return Para(clean(text), self.para_count if body else 0, self.styles.name(style_id),
                    _every(visible, 1), _every(visible, 2), num_fmt, outline or self.styles.outline(style_id), center,
                    page_break[0])

    def _format(self, ppr) -> tuple[str, str, bool, int]:
        """(style id, number format, centred, outline level + 1) of a paragraph's properties: its own numbering
        (a numId of 0 turns the style's off), else its style's."""
        if ppr is None:
            return "", "", False, 0
        ps = ppr.find(W + "pStyle")
        style_id = ps.get(W + "val") if ps is not None else ""
        num = ppr.find(W + "numPr")
        if num is not None:
            num_fmt = self.styles.format_of(num)
        else:
            num_fmt = self.styles.num_format(style_id) if style_id else ""
        jc = ppr.find(W + "jc")
        center = jc is not None and jc.get(W + "val") == "center"
        ol = ppr.find(W + "outlineLvl")
        outline = int(ol.get(W + "val") or 0) + 1 if ol is not None and (ol.get(W + "val") or "").isdigit() else 0
        return style_id, num_fmt, center, outline

    def _unmarked_legacy(self, text: str, runs: list[tuple[str, bool, bool, str]]) -> str:
        """A legacy text whose font was lost (copied between documents): recognised by its letters alone, when
        no run was converted by its font and no character is beyond Latin-1."""
        if any(r[3] for r in runs) or not text or _BEYOND_LATIN1.search(text):
            return text
        enc = legacy_encoding(text)
        if enc:
            text = convert_legacy(text, enc) or text
            self.legacy[enc] = self.legacy.get(enc, 0) + 1
        return text

    def _walk(self, el, runs, font: str, bold: bool, italic: bool, page_break: list[bool]) -> None:
        for child in el:
            tag = child.tag
            if tag == W + "r":
                runs.append(self._run(child, font, bold, italic, page_break))
            elif tag in _TRANSPARENT:
                if tag in _CHANGES:
                    self.changes += 1
                self._walk(child, runs, font, bold, italic, page_break)
            elif tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    self._walk(content, runs, font, bold, italic, page_break)
            elif tag in (W + "del", W + "moveFrom"):
                self.changes += 1  # deleted text: dropped (the change accepted)
            elif tag == W + "pPr":
                rpr = child.find(W + "rPr")
                if rpr is not None and (rpr.find(W + "ins") is not None or rpr.find(W + "del") is not None):
                    self.changes += 1

    def _run(self, r, font: str, bold: bool, italic: bool, page_break: list[bool]) -> tuple[str, bool, bool, str]:
        """(text, bold, italic, legacy encoding converted) of a w:r in a paragraph of FONT, BOLD, ITALIC."""
        run_font, bold, italic = self._run_format(r.find(W + "rPr"), bold, italic)
        text = "".join(_run_text(el, page_break) for el in r)
        text, used = self._from_legacy_font(text, run_font or font)
        return nfc(text), bold, italic, used

    def _run_format(self, rpr, bold: bool, italic: bool) -> tuple[str, bool, bool]:
        """(font, bold, italic) of a run: its character style, then its direct formatting, over the paragraph's."""
        if rpr is None:
            return "", bold, italic
        run_font = ""
        rs = rpr.find(W + "rStyle")
        if rs is not None:
            run_font = self.styles.font(rs.get(W + "val") or "")
            flag = self.styles.flag(rs.get(W + "val") or "", "b")
            bold = bold if flag is None else flag
        fonts = rpr.find(W + "rFonts")
        if fonts is not None:
            run_font = fonts.get(W + "ascii") or fonts.get(W + "hAnsi") or run_font
        b = rpr.find(W + "b")
        i = rpr.find(W + "i")
        return run_font, (_on(b) if b is not None else bold), (_on(i) if i is not None else italic)

    def _from_legacy_font(self, text: str, font: str) -> tuple[str, str]:
        """(text, encoding) of a run typed in a TCVN3 or VNI font, converted to Unicode ("" when it is not; a text
        beyond Latin-1 is already Unicode whatever its font)."""
        legacy = legacy_font(font)
        if not legacy or not text or _BEYOND_LATIN1.search(text):
            return text, ""
        enc, capitals = legacy
        converted = convert_legacy(text, enc)
        if converted is None:
            return text, ""
        self.legacy[enc] = self.legacy.get(enc, 0) + 1
        return (converted.upper() if capitals else converted), enc

    # -- blocks -----------------------------------------------------------------------------------------
    def body(self, el, out: list[Para | Table], break_before: list[bool]) -> None:
        for child in el:
            tag = child.tag
            if tag == W + "p":
                para = self.paragraph(child, body=True)
                para.page_break_before = para.page_break_before or break_before[0]
                break_before[0] = False
                if not para.text and _only_page_break(child):
                    break_before[0] = True
                out.append(para)
                self.text_boxes(child, para.where)
            elif tag == W + "tbl":
                self.table(child, out, 0)
            elif tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    self.body(content, out, break_before)
            elif tag in (W + "customXml", W + "ins", W + "moveTo"):
                self.body(child, out, break_before)

    def text_boxes(self, el, where: str) -> None:
        """The text of the text boxes and shapes anchored in EL (a paragraph or a cell), kept apart: Word draws
        them where they float, not in the text's order, so they are reported, never read as a task."""
        for box in _boxes(el):
            text = "\n".join(t for t in (self.paragraph(p, body=False).text for p in _children(box, W + "p")) if t)
            if text:
                self.boxes.append((f"{where}, hộp văn bản", text))

    def table(self, tbl, out: list[Para | Table], parent: int) -> None:
        """The table as a block of OUT, then the tables nested in its cells (each after the one that holds it)."""
        self.table_count += 1
        table = Table([], self.table_count, parent)
        out.append(table)
        nested: list = []
        grid = tbl.find(W + "tblGrid")
        width = len(grid.findall(W + "gridCol")) if grid is not None else 0
        for r, tr in enumerate(_children(tbl, W + "tr"), start=1):
            read = self._row(tr, r, nested)
            if read is not None:
                row, end = read
                width = max(width, end)
                table.rows.append(row)
        table.width = width
        for inner in nested:
            self.table(inner, out, table.n)

    def _row(self, tr, r: int, nested: list) -> tuple[Row, int] | None:
        """(row R, the grid column after its last cell); None when its deletion is tracked (gone once the change
        is accepted).  Tables in its cells are added to NESTED."""
        trpr = tr.find(W + "trPr")
        if trpr is not None and trpr.find(W + "del") is not None:
            self.changes += 1
            return None
        if trpr is not None and trpr.find(W + "ins") is not None:
            self.changes += 1
        col = _grid_before(tr)
        cells = []
        for c, tc in enumerate(_children(tr, W + "tc"), start=1):
            span, vmerge = _merge_of(tc.find(W + "tcPr"))
            paras = [self.paragraph(p, body=False) for p in _children(tc, W + "p")]
            self.text_boxes(tc, f"bảng {self.table_count}, dòng {r}, ô {c}")
            nested.extend(_children(tc, W + "tbl"))
            cells.append(Cell(paras, col, span, vmerge, c))
            col += span
        return Row(cells, r, trpr is not None and trpr.find(W + "tblHeader") is not None), col


def _every(runs: list[tuple[str, bool, bool, str]], flag: int) -> bool:
    """Every visible run is bold (FLAG 1) or italic (FLAG 2); False for a paragraph with no visible text."""
    return bool(runs) and all(r[flag] for r in runs)


_RUN_CHARS = {W + "t": lambda el: el.text or "", W + "tab": lambda el: "\t", W + "noBreakHyphen": lambda el: "-"}


def _run_text(el, page_break: list[bool]) -> str:
    """The text one child of a w:r shows; a page break sets PAGE_BREAK instead (a column break shows nothing)."""
    if el.tag in (W + "br", W + "cr"):
        if el.get(W + "type") == "page":
            page_break[0] = True
            return ""
        return "\n" if el.get(W + "type") != "column" else ""
    char = _RUN_CHARS.get(el.tag)
    return char(el) if char is not None else ""


def _grid_before(tr) -> int:
    """The grid columns a row leaves empty before its first cell (w:gridBefore)."""
    trpr = tr.find(W + "trPr")
    before = trpr.find(W + "gridBefore") if trpr is not None else None
    if before is not None and (before.get(W + "val") or "").isdigit():
        return int(before.get(W + "val") or 0)
    return 0


def _merge_of(tcpr) -> tuple[int, str]:
    """(grid columns a cell spans, "restart" | "continue" | "" for a vertical merge)."""
    if tcpr is None:
        return 1, ""
    span, vmerge = 1, ""
    gs = tcpr.find(W + "gridSpan")
    if gs is not None and (gs.get(W + "val") or "").isdigit():
        span = max(1, int(gs.get(W + "val") or 1))
    vm = tcpr.find(W + "vMerge")
    if vm is not None:
        vmerge = "restart" if vm.get(W + "val") == "restart" else "continue"
    return span, vmerge


def _children(el, tag: str) -> Iterator:
    """Children with TAG, looking through content controls, custom XML and tracked insertions."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _children(content, tag)
        elif child.tag in (W + "customXml", W + "ins", W + "moveTo"):
            yield from _children(child, tag)


def _boxes(el) -> Iterator:
    """The text boxes (w:txbxContent) in EL, each once: Word's drawing, not the VML fallback that repeats it, and
    not a box inside another box (read with it)."""
    for box in el.iter(W + "txbxContent"):
        parent = box.getparent()
        while parent is not None and parent is not el and parent.tag not in (_MC + "Fallback", W + "txbxContent"):
            parent = parent.getparent()
        if parent is None or parent is el:
            yield box


def _only_page_break(p) -> bool:
    return any(br.get(W + "type") == "page" for br in p.iter(W + "br"))


def read_document(path: Path) -> Document:
    """Read a .docx (python-docx opens the package; the XML is walked here).  Raises on a broken package."""
    import docx

    doc = docx.Document(str(path))
    reader = _Reader(doc)
    blocks: list[Para | Table] = []
    reader.body(doc.element.body, blocks, [False])
    body = doc.element.body
    comments = sum(1 for _ in body.iter(W + "commentReference"))
    title = ""
    try:
        title = clean(doc.core_properties.title or "")
    except Exception:  # noqa: BLE001
        title = ""
    return Document(blocks, reader.changes, comments, reader.legacy, title, reader.boxes, _notes(doc))


_NOTE_KINDS = (("footnote", "Chú thích cuối trang"), ("endnote", "Chú thích cuối văn bản"))


def _notes(doc) -> list[tuple[str, str]]:
    """The text of each footnote and endnote the body refers to (never a task: listed in the import report
    so that nothing the plan says is lost), in the body's order."""
    from lxml import etree

    body = doc.element.body
    parts = {rel.reltype.rsplit("/", 1)[-1]: rel.target_part for rel in doc.part.rels.values()
             if not rel.is_external and rel.reltype.rsplit("/", 1)[-1] in ("footnotes", "endnotes")}
    out = []
    for kind, label in _NOTE_KINDS:
        part = parts.get(f"{kind}s")
        ids = [r.get(W + "id") for r in body.iter(W + f"{kind}Reference")]
        if part is None or not ids:
            continue
        texts = {}
        for note in etree.fromstring(part.blob).iter(W + kind):
            text = clean(" ".join("".join(t.text or "" for t in p.iter(W + "t")) for p in note.iter(W + "p")))
            if text:
                texts[note.get(W + "id")] = text
        out += [(f"{label} {n}", texts[i]) for n, i in enumerate(ids, 1) if i in texts]
    return out
