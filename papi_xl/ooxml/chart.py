"""A DrawingML bar chart part (``xl/charts/chartN.xml``) and its drawing anchor, written directly
(elements in the order the schema requires), for a sheet of a package being patched."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from papi_xl.ooxml.escape import xml_text
from papi_xl.ooxml.ns import CT_CHART, CT_DRAWING, REL_CHART, REL_DRAWING, XDR, A, C, R, q
from papi_xl.ooxml.package import Package, add_rel, insert_in_order, parse_xml, relative, to_bytes


@dataclass(frozen=True)
class BarChart:
    """A one-series bar chart over sheet ranges (absolute references like ``'Tổng hợp'!$M$40:$M$48``)."""

    title: str
    name_ref: str  # the series name (a header cell)
    categories_ref: str
    values_ref: str
    value_axis_title: str = ""
    percent: bool = True  # values are fractions shown as %, axis 0..100 %
    horizontal: bool = True


def sheet_ref(sheet: str, first_col: str, first_row: int, last_col: str | None = None, last_row: int | None = None) -> str:
    quoted = "'" + sheet.replace("'", "''") + "'"
    ref = f"{quoted}!${first_col}${first_row}"
    if last_col is not None:
        ref += f":${last_col}${last_row}"
    return ref


def _rich(text: str) -> str:
    return (f"<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:r><a:t>{xml_text(text)}</a:t></a:r></a:p></c:rich></c:tx>"
            '<c:overlay val="0"/>')


def chart_xml(chart: BarChart) -> bytes:
    fmt = '<c:numFmt formatCode="0%" sourceLinked="0"/>' if chart.percent else ""
    scaling = '<c:orientation val="minMax"/><c:max val="1"/><c:min val="0"/>' if chart.percent else \
        '<c:orientation val="minMax"/>'
    value_title = f"<c:title>{_rich(chart.value_axis_title)}</c:title>" if chart.value_axis_title else ""
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<c:chartSpace xmlns:c="{C}" xmlns:a="{A}" xmlns:r="{R}">'
        '<c:roundedCorners val="0"/>'
        f'<c:chart><c:title>{_rich(chart.title)}</c:title><c:autoTitleDeleted val="0"/>'
        "<c:plotArea><c:layout/>"
        f'<c:barChart><c:barDir val="{"bar" if chart.horizontal else "col"}"/><c:grouping val="clustered"/>'
        '<c:varyColors val="0"/>'
        '<c:ser><c:idx val="0"/><c:order val="0"/>'
        f"<c:tx><c:strRef><c:f>{xml_text(chart.name_ref)}</c:f></c:strRef></c:tx>"
        '<c:spPr><a:solidFill><a:srgbClr val="4472C4"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>'
        f"<c:cat><c:strRef><c:f>{xml_text(chart.categories_ref)}</c:f></c:strRef></c:cat>"
        f"<c:val><c:numRef><c:f>{xml_text(chart.values_ref)}</c:f></c:numRef></c:val></c:ser>"
        f'<c:dLbls>{fmt}<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
        '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'
        '<c:gapWidth val="80"/><c:axId val="500010"/><c:axId val="500100"/></c:barChart>'
        f'<c:catAx><c:axId val="500010"/><c:scaling><c:orientation val="{"maxMin" if chart.horizontal else "minMax"}"/>'
        f'</c:scaling><c:delete val="0"/><c:axPos val="{"l" if chart.horizontal else "b"}"/>'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        '<c:crossAx val="500100"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>'
        '<c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        f'<c:valAx><c:axId val="500100"/><c:scaling>{scaling}</c:scaling><c:delete val="0"/>'
        f'<c:axPos val="{"b" if chart.horizontal else "l"}"/><c:majorGridlines/>{value_title}{fmt}'
        '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        '<c:crossAx val="500010"/><c:crosses val="max"/><c:crossBetween val="between"/></c:valAx>'
        '</c:plotArea><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>'
    )
    return xml.encode("utf-8")


def _anchor(col: int, row: int, width: int, height: int, rid: str, shape_id: int, name: str) -> etree._Element:
    """A two-cell anchor from (col, row) spanning ``width`` columns and ``height`` rows (0-based)."""
    anchor = etree.Element(f"{{{XDR}}}twoCellAnchor", nsmap={"xdr": XDR, "a": A})
    for tag, c, r in (("from", col, row), ("to", col + width, row + height)):
        el = etree.SubElement(anchor, f"{{{XDR}}}{tag}")
        for child, val in (("col", c), ("colOff", 0), ("row", r), ("rowOff", 0)):
            etree.SubElement(el, f"{{{XDR}}}{child}").text = str(val)
    frame = etree.SubElement(anchor, f"{{{XDR}}}graphicFrame", macro="")
    nv = etree.SubElement(frame, f"{{{XDR}}}nvGraphicFramePr")
    etree.SubElement(nv, f"{{{XDR}}}cNvPr", id=str(shape_id), name=name)
    etree.SubElement(nv, f"{{{XDR}}}cNvGraphicFramePr")
    xfrm = etree.SubElement(frame, f"{{{XDR}}}xfrm")
    etree.SubElement(xfrm, f"{{{A}}}off", x="0", y="0")
    etree.SubElement(xfrm, f"{{{A}}}ext", cx="0", cy="0")
    graphic = etree.SubElement(frame, f"{{{A}}}graphic")
    data = etree.SubElement(graphic, f"{{{A}}}graphicData", uri=C)
    ref = etree.SubElement(data, f"{{{C}}}chart", nsmap={"c": C, "r": R})
    ref.set(f"{{{R}}}id", rid)
    etree.SubElement(anchor, f"{{{XDR}}}clientData")
    return anchor


def put_chart(pkg: Package, part: str, sheet_root, chart: BarChart, name: str, col: int, row: int,
              width: int = 11, height: int = 22) -> None:
    """Place ``chart`` on a sheet at (col, row) (0-based), replacing a chart of the same ``name`` a
    previous run placed there.  The sheet's drawing is created when it has none."""
    sheet_rels = pkg.rels(part)
    drawing_rel = next((r for r in sheet_rels if r.get("Type") == REL_DRAWING), None)
    if drawing_rel is None:
        drawing_part = pkg.new_name("xl/drawings/drawing{}.xml")
        drawing = etree.Element(f"{{{XDR}}}wsDr", nsmap={"xdr": XDR, "a": A})
        rid = add_rel(sheet_rels, REL_DRAWING, relative(part, drawing_part))
        pkg.put(pkg.rels_name(part), to_bytes(sheet_rels))
        el = etree.Element(q("drawing"))
        el.set(f"{{{R}}}id", rid)
        insert_in_order(sheet_root, el)
        pkg.content_type(drawing_part, CT_DRAWING)
    else:
        drawing_part = pkg.resolve(part, drawing_rel.get("Target"))
        drawing = parse_xml(pkg.part(drawing_part))
    drawing_rels = pkg.rels(drawing_part)
    for anchor in list(drawing):  # a previous run's chart goes: its anchor, its relationship and its part
        if name in [e.get("name") for e in anchor.iter(f"{{{XDR}}}cNvPr")]:
            for ref in anchor.iter(f"{{{C}}}chart"):
                for rel in list(drawing_rels):
                    if rel.get("Id") == ref.get(f"{{{R}}}id"):
                        drawing_rels.remove(rel)
                        pkg.delete(pkg.resolve(drawing_part, rel.get("Target")))
            drawing.remove(anchor)
    chart_part = pkg.new_name("xl/charts/chart{}.xml")
    pkg.put(chart_part, chart_xml(chart))
    pkg.content_type(chart_part, CT_CHART)
    rid = add_rel(drawing_rels, REL_CHART, "../charts/" + chart_part.rsplit("/", 1)[1])
    ids = [int(e.get("id")) for e in drawing.iter(f"{{{XDR}}}cNvPr") if (e.get("id") or "").isdigit()]
    drawing.append(_anchor(col, row, width, height, rid, max(ids, default=1) + 1, name))
    pkg.put(drawing_part, to_bytes(drawing))
    pkg.put(pkg.rels_name(drawing_part), to_bytes(drawing_rels))
