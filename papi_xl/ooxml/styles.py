"""Adding cell formats to a workbook's ``xl/styles.xml`` without growing it on every run.

Excel limits a workbook to 512 fonts and 256 fills (and repairs or refuses files past that).  Every
font, fill, border, number format and cell format (``xf``) papi-xl needs is looked up first among the
identical ones the file already has — from the submitter's own formatting or from an earlier papi-xl
run — and appended only when none exists, so repeated validate / summarize cycles add nothing.
"""

from __future__ import annotations

from lxml import etree

from papi_xl.ooxml.ns import q

# CT_Stylesheet child order (numFmts first)
_ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs", "tableStyles",
          "colors", "extLst")
FIRST_CUSTOM_NUMFMT = 164


def _key(el: etree._Element) -> tuple:
    """Identity of a style element: tag, attributes and children, whatever namespace prefixes it was
    written with."""
    return (etree.QName(el).localname, tuple(sorted(el.attrib.items())), (el.text or "").strip(),
            tuple(_key(c) for c in el if isinstance(c.tag, str)))


class StyleSheet:
    """The ``styleSheet`` root of styles.xml, with lookups that reuse identical elements."""

    def __init__(self, root: etree._Element):
        self.root = root
        self._index: dict[str, dict[tuple, list[int]]] = {}

    def _list(self, tag: str) -> etree._Element:
        parent = self.root.find(q(tag))
        if parent is None:
            parent = etree.Element(q(tag), count="0")
            pos = _ORDER.index(tag)
            after = [c for c in self.root if etree.QName(c).localname in _ORDER[:pos]]
            if after:
                after[-1].addnext(parent)
            else:
                self.root.insert(0, parent)
        return parent

    def _find_or_add(self, tag: str, el: etree._Element, reusable=None) -> int:
        """The index of an element identical to ``el`` (one ``reusable(index)`` accepts), else of ``el``
        appended."""
        parent = self._list(tag)
        index = self._index.get(tag)
        if index is None:
            index = self._index[tag] = {}
            for i, child in enumerate(parent):
                index.setdefault(_key(child), []).append(i)
        found = index.setdefault(_key(el), [])
        for i in found:
            if reusable is None or reusable(i):
                return i
        parent.append(el)
        parent.set("count", str(len(parent)))
        found.append(len(parent) - 1)
        return len(parent) - 1

    def font(self, *, bold: bool = False, italic: bool = False, underline: bool = False, size: float = 11,
             color: str | None = None, name: str = "Times New Roman") -> int:
        el = etree.Element(q("font"))  # CT_Font children in schema order
        if bold:
            etree.SubElement(el, q("b"))
        if italic:
            etree.SubElement(el, q("i"))
        if underline:
            etree.SubElement(el, q("u"))
        etree.SubElement(el, q("sz"), val=f"{size:g}")
        if color:
            etree.SubElement(el, q("color"), rgb=color)
        etree.SubElement(el, q("name"), val=name)
        return self._find_or_add("fonts", el)

    def fill(self, argb: str | None) -> int:
        """A solid fill (``FFRRGGBB``); None is fill 0 (no fill)."""
        if argb is None:
            return 0
        el = etree.Element(q("fill"))
        pf = etree.SubElement(el, q("patternFill"), patternType="solid")
        etree.SubElement(pf, q("fgColor"), rgb=argb)
        etree.SubElement(pf, q("bgColor"), indexed="64")
        return self._find_or_add("fills", el)

    def border(self, thin: bool = True, argb: str = "FF808080") -> int:
        if not thin:
            return 0
        el = etree.Element(q("border"))
        for side in ("left", "right", "top", "bottom"):
            s = etree.SubElement(el, q(side), style="thin")
            etree.SubElement(s, q("color"), rgb=argb)
        etree.SubElement(el, q("diagonal"))
        return self._find_or_add("borders", el)

    def numfmt(self, code: str) -> int:
        parent = self._list("numFmts")
        for nf in parent:
            if nf.get("formatCode") == code:
                return int(nf.get("numFmtId"))
        new_id = max([FIRST_CUSTOM_NUMFMT - 1, *(int(nf.get("numFmtId")) for nf in parent)]) + 1
        etree.SubElement(parent, q("numFmt"), numFmtId=str(new_id), formatCode=code)
        parent.set("count", str(len(parent)))
        return new_id

    def xf(self, el: etree._Element, reusable=None) -> int:
        """A cell format (an ``<xf>`` of cellXfs), reused when an identical one exists (and
        ``reusable(index)`` accepts it)."""
        return self._find_or_add("cellXfs", el, reusable)

    def cell_format(self, *, font: int, fill: int = 0, border: int = 0, numfmt: int = 0, horizontal: str | None = None,
                    vertical: str | None = None, wrap: bool = False) -> int:
        el = etree.Element(q("xf"), numFmtId=str(numfmt), fontId=str(font), fillId=str(fill), borderId=str(border),
                           xfId="0", applyNumberFormat="1", applyFont="1", applyFill="1", applyBorder="1")
        if horizontal or vertical or wrap:
            el.set("applyAlignment", "1")
            al = etree.SubElement(el, q("alignment"))
            if horizontal:
                al.set("horizontal", horizontal)
            if vertical:
                al.set("vertical", vertical)
            if wrap:
                al.set("wrapText", "1")
        return self.xf(el)

    def with_fill(self, xf_index: int, fill: int, reusable=None) -> int:
        """The cell format ``xf_index`` with another fill (a faulty cell keeps its font, borders, format)."""
        xfs = self._list("cellXfs")
        base = xfs[xf_index] if xf_index < len(xfs) else xfs[0]
        el = etree.fromstring(etree.tostring(base))
        el.set("fillId", str(fill))
        el.set("applyFill", "1")
        return self.xf(el, reusable)

    def xf_count(self) -> int:
        return len(self._list("cellXfs"))

    def is_date_format(self, xf_index: int) -> bool:
        """Does the cell format show a number as a date (built-in 14-22, or a custom code with d/m/y)?"""
        xfs = self._list("cellXfs")
        if xf_index >= len(xfs):
            return False
        numfmt = int(xfs[xf_index].get("numFmtId", "0"))
        if 14 <= numfmt <= 22 or 45 <= numfmt <= 47:
            return True
        for nf in self._list("numFmts"):
            if int(nf.get("numFmtId")) == numfmt:
                code = (nf.get("formatCode") or "").lower()
                return "yy" in code and "d" in code
        return False

    def with_numfmt(self, xf_index: int, code: str) -> int:
        """The cell format ``xf_index`` showing numbers with the format ``code`` (e.g. dd/mm/yyyy)."""
        xfs = self._list("cellXfs")
        base = xfs[xf_index] if xf_index < len(xfs) else xfs[0]
        el = etree.fromstring(etree.tostring(base))
        el.set("numFmtId", str(self.numfmt(code)))
        el.set("applyNumberFormat", "1")
        return self.xf(el)

    def fill_of(self, xf_index: int) -> int | None:
        xfs = self._list("cellXfs")
        if not 0 <= xf_index < len(xfs):
            return None
        return int(xfs[xf_index].get("fillId") or 0)

    def fill_colour(self, xf_index: int) -> str | None:
        """The colour (``FFRRGGBB``) of a cell format's solid fill, None when it has none."""
        fill_id = self.fill_of(xf_index)
        fills = self._list("fills")
        if fill_id is None or not 0 <= fill_id < len(fills):
            return None
        pf = fills[fill_id].find(q("patternFill"))
        if pf is None or pf.get("patternType") != "solid":
            return None
        fg = pf.find(q("fgColor"))
        return (fg.get("rgb") or "").upper() or None if fg is not None else None

    def without_fill(self, xf_index: int) -> int:
        """A cell format like ``xf_index`` with no fill: an existing one when there is one."""
        for i in range(self.xf_count()):
            if self.fill_of(i) == 0 and self.same_but_fill(xf_index, i):
                return i
        return self.with_fill(xf_index, 0)

    def same_but_fill(self, a: int, b: int) -> bool:
        """True when cell formats ``a`` and ``b`` exist and differ at most in their fill."""
        xfs = self._list("cellXfs")
        if not (0 <= a < len(xfs) and 0 <= b < len(xfs)):
            return False

        def key(el: etree._Element) -> tuple:
            k = _key(el)
            return k[0], tuple(kv for kv in k[1] if kv[0] not in ("fillId", "applyFill")), k[2], k[3]

        return key(xfs[a]) == key(xfs[b])
