"""``papi-xl new --macros``: the canonical workbook as .xlsm with the VBA module
``macros/PapiXL.bas`` and three buttons (Kiểm tra, Tổng hợp, Tổng hợp các đơn vị)
on the Nhiệm vụ sheet.

The VBA project is built from source (:mod:`papi_xl.ooxml.vba`); the buttons are
legacy form controls (a VML drawing, ``<x:FmlaMacro>``), which Excel and
LibreOffice both bind to the macros.  Needs a first check in real Excel.
"""

from __future__ import annotations

import re
import tempfile
from importlib import resources
from pathlib import Path

from lxml import etree

from papi_xl import messages as msg
from papi_xl.contract.workbook import Metadata
from papi_xl.domain.catalog import Catalog
from papi_xl.errors import UsageError
from papi_xl.fileio import atomic_path
from papi_xl.ooxml.comments import VML_HEAD
from papi_xl.ooxml.escape import xml_attr, xml_text
from papi_xl.ooxml.ns import CT_MACRO_MAIN, CT_VBA, CT_VML, REL_SHEET, REL_VBA, REL_VML, R, q
from papi_xl.ooxml.package import Package, add_rel, insert_in_order, parse_xml, relative, to_bytes
from papi_xl.ooxml.vba import DOC_BASE_SHEET, DOC_BASE_WORKBOOK, Module, build_project, document_module
from papi_xl.outputs.template import write_workbook
from papi_xl.vocab import Sheet

BUTTONS = (("KiemTra", "Kiểm tra"), ("TongHop", "Tổng hợp"), ("TongHopCacDonVi", "Tổng hợp các đơn vị"))


def module_source() -> str:
    """The VBA module: macros/PapiXL.bas, shipped as papi_xl/data/PapiXL.bas (a test keeps them equal)."""
    return resources.files("papi_xl").joinpath("data", "PapiXL.bas").read_text(encoding="ascii")


def _button_shape(i: int, macro: str, caption: str) -> str:
    col = 16 + 2 * i  # Q, S, U: right of the table, on the title rows
    return (
        f'<v:shape id="{xml_attr(caption)}" o:spid="_x0000_s{2049 + i}" type="#_x0000_t201" '
        f'style="position:absolute;z-index:{i + 1}" '
        'o:button="t" fillcolor="buttonFace [67]" strokecolor="windowText [64]" o:insetmode="auto">'
        '<v:fill color2="buttonFace [67]" o:detectmouseclick="t"/><o:lock v:ext="edit" rotation="t"/>'
        '<v:textbox style="mso-direction-alt:auto" o:singleclick="f"><div style="text-align:center">'
        f'<font face="Times New Roman" size="220" color="#000000">{xml_text(caption)}</font></div></v:textbox>'
        '<x:ClientData ObjectType="Button">'
        f"<x:Anchor>{col}, 4, 0, 4, {col + 2}, 0, 2, 10</x:Anchor>"
        "<x:PrintObject>False</x:PrintObject><x:AutoFill>False</x:AutoFill>"
        f"<x:FmlaMacro>[0]!{macro}</x:FmlaMacro>"
        '<x:TextHAlign>Center</x:TextHAlign><x:TextVAlign>Center</x:TextVAlign></x:ClientData></v:shape>'
    )


BUTTON_SHAPETYPE = (
    '<v:shapetype id="_x0000_t201" coordsize="21600,21600" o:spt="201" path="m,l,21600r21600,l21600,xe">'
    '<v:stroke joinstyle="miter"/><v:path shadowok="f" o:extrusionok="f" strokeok="f" fillok="f" '
    'o:connecttype="rect"/><o:lock v:ext="edit" shapetype="t"/></v:shapetype>'
)


def add_vba_and_buttons(src: Path, dest: Path) -> Path:
    """Turn a canonical .xlsx into an .xlsm carrying the project and the buttons."""
    pkg = Package(src)
    wb_part = "xl/workbook.xml"
    wb = parse_xml(pkg.part(wb_part))
    rels = pkg.rels(wb_part)
    targets = {r.get("Id"): pkg.resolve(wb_part, r.get("Target")) for r in rels if r.get("Type") == REL_SHEET}
    sheets = [(s.get("name"), targets[s.get(f"{{{R}}}id")]) for s in wb.find(q("sheets"))]

    # code names tie the document modules to the workbook and its sheets
    pr = wb.find(q("workbookPr"))
    if pr is None:
        pr = etree.Element(q("workbookPr"))
        wb.insert(0 if wb.find(q("fileVersion")) is None else 1, pr)
    pr.set("codeName", "ThisWorkbook")
    modules = [document_module("ThisWorkbook", DOC_BASE_WORKBOOK)]
    for i, (name, part) in enumerate(sheets, start=1):
        root = parse_xml(pkg.part(part))
        sheet_pr = root.find(q("sheetPr"))
        if sheet_pr is None:
            sheet_pr = etree.Element(q("sheetPr"))
            root.insert(0, sheet_pr)
        sheet_pr.set("codeName", f"Sheet{i}")
        modules.append(document_module(f"Sheet{i}", DOC_BASE_SHEET))
        if name == Sheet.TASKS:
            vml_part = pkg.new_name("xl/drawings/vmlDrawing{}.vml")
            shapes = "".join(_button_shape(j, m, c) for j, (m, c) in enumerate(BUTTONS))
            pkg.put(vml_part, (VML_HEAD.replace('data="1"', 'data="2"') + BUTTON_SHAPETYPE + shapes
                               + "</xml>").encode("utf-8"))
            pkg.content_type(vml_part, CT_VML)
            sheet_rels = pkg.rels(part)
            rid = add_rel(sheet_rels, REL_VML, relative(part, vml_part))
            pkg.put(pkg.rels_name(part), to_bytes(sheet_rels))
            el = etree.Element(q("legacyDrawing"))
            el.set(f"{{{R}}}id", rid)
            insert_in_order(root, el)
        pkg.put(part, to_bytes(root))
    modules.append(Module("PapiXL", module_source()))

    pkg.put("xl/vbaProject.bin", build_project(modules))
    add_rel(rels, REL_VBA, "vbaProject.bin")
    pkg.put(pkg.rels_name(wb_part), to_bytes(rels))
    pkg.put(wb_part, to_bytes(wb))
    types = pkg.part("[Content_Types].xml").decode("utf-8")
    types = re.sub(r'(PartName="/xl/workbook.xml" ContentType=")[^"]+"', rf'\g<1>{CT_MACRO_MAIN}"', types)
    if 'Extension="bin"' not in types:
        types = types.replace("</Types>", f'<Default Extension="bin" ContentType="{CT_VBA}"/></Types>')
    pkg.put("[Content_Types].xml", types.encode("utf-8"))
    pkg.save(dest)  # the caller writes to a temporary file
    return dest


def write_macro_workbook(path: str | Path, meta: Metadata, catalog: Catalog | None = None,
                         tasks: list | None = None) -> Path:
    """The canonical workbook as .xlsm with the VBA module and three buttons (written atomically)."""
    path = Path(path)
    if path.suffix.lower() != ".xlsm":
        raise UsageError(msg.MACROS_NEED_XLSM)
    with tempfile.TemporaryDirectory(prefix="papi-xl-") as tmp:
        plain = write_workbook(Path(tmp) / "plain.xlsx", meta, catalog, tasks)
        with atomic_path(path) as out:
            add_vba_and_buttons(plain, out)
    return path

