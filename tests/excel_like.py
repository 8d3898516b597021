"""Make a template-built workbook look as if Excel 2010+ had saved it (test helper).

Excel writes what openpyxl never does: ``mc:Ignorable`` extensions (``x14ac:dyDescent`` on rows,
``x14ac:knownFonts``), x14 data validations in a sheet's ``extLst``, a ``styles.xml`` extension list,
``x15ac:absPath`` in ``mc:AlternateContent`` in workbook.xml, and notes as runs with a bold author line
in Tahoma, shown by a whitespace-formatted VML drawing with single-quoted attributes (as in Excel's own
files, e.g. XlsxWriter's comparison corpus ``comment01.xlsx``).  The annotated copy and the snapshot must
keep all of it and stay schema-valid.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from builders import add_excel_only_parts

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
X14AC = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"
X15 = "http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"
X15AC = "http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"
TASKS_PART = "xl/worksheets/sheet3.xml"  # Nhiệm vụ in a template-built workbook
NOTE_AUTHOR = "Cán bộ xã"

_VML = """<xml xmlns:v="urn:schemas-microsoft-com:vml"
 xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel">
 <o:shapelayout v:ext="edit">
  <o:idmap v:ext="edit" data="1"/>
 </o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202"
  path="m,l,21600r21600,l21600,xe">
  <v:stroke joinstyle="miter"/>
  <v:path gradientshapeok="t" o:connecttype="rect"/>
 </v:shapetype>{shapes}</xml>"""
_SHAPE = """<v:shape id="_x0000_s{sid}" type="#_x0000_t202" style='position:absolute;
  margin-left:107.25pt;margin-top:7.5pt;width:96pt;height:55.5pt;z-index:{z};
  visibility:hidden' fillcolor="#ffffe1" o:insetmode="auto">
  <v:fill color2="#ffffe1"/>
  <v:shadow on="t" color="black" obscured="t"/>
  <v:path o:connecttype="none"/>
  <v:textbox style='mso-direction-alt:auto'>
   <div style='text-align:left'></div>
  </v:textbox>
  <x:ClientData ObjectType="Note">
   <x:MoveWithCells/>
   <x:SizeWithCells/>
   <x:Anchor>
    {c1}, 15, {r0}, 10, {c3}, 15, {r4}, 4</x:Anchor>
   <x:AutoFill>False</x:AutoFill>
   <x:Row>{row}</x:Row>
   <x:Column>{col}</x:Column>
  </x:ClientData>
 </v:shape>"""


def _note(ref: str, text: str) -> str:
    return (f'<comment ref="{ref}" authorId="0"><text><r><rPr><b/><sz val="9"/><color indexed="81"/>'
            f'<rFont val="Tahoma"/><family val="2"/></rPr><t>{NOTE_AUTHOR}:</t></r><r><rPr><sz val="9"/>'
            f'<color indexed="81"/><rFont val="Tahoma"/><family val="2"/></rPr><t xml:space="preserve">\n{text}</t>'
            "</r></text></comment>")


def make_excel_like(path: Path, notes: dict[str, str] | None = None) -> Path:
    """Add Excel's parts and attributes to a template-built workbook, and the submitter's ``notes``
    (A1 -> text) on the Nhiệm vụ sheet."""
    add_excel_only_parts(path, TASKS_PART)
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = parts[TASKS_PART].decode()
    sheet = sheet.replace("<worksheet ", f'<worksheet xmlns:mc="{MC}" xmlns:x14ac="{X14AC}" mc:Ignorable="x14ac" ', 1)
    sheet = re.sub(r"<sheetFormatPr ", '<sheetFormatPr x14ac:dyDescent="0.25" ', sheet, count=1)
    sheet = re.sub(r"<row (r=\"\d+\")", r'<row \1 x14ac:dyDescent="0.25"', sheet)
    notes = notes or {}
    if notes:
        sheet = sheet.replace('<drawing r:id="rIdDrw1"/>', '<drawing r:id="rIdDrw1"/><legacyDrawing r:id="rIdVml1"/>')
        rels_name = TASKS_PART.replace("worksheets/", "worksheets/_rels/") + ".rels"
        parts[rels_name] = parts[rels_name].replace(b"</Relationships>", (
            b'<Relationship Id="rIdVml1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'vmlDrawing" Target="../drawings/vmlDrawing9.vml"/><Relationship Id="rIdCm1" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments9.xml"/>'
            b"</Relationships>"))
        parts["xl/comments9.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="http://schemas.openxmlformats.'
            f'org/spreadsheetml/2006/main"><authors><author>{NOTE_AUTHOR}</author></authors><commentList>'
            + "".join(_note(ref, text) for ref, text in notes.items()) + "</commentList></comments>").encode()
        shapes = []
        for i, ref in enumerate(notes):
            letters, row = re.fullmatch(r"([A-Z])(\d+)", ref).groups()
            col, row0 = ord(letters) - 65, int(row) - 1
            shapes.append(_SHAPE.format(sid=1025 + i, z=i + 1, c1=col + 1, r0=max(row0 - 1, 0), c3=col + 3,
                                        r4=row0 + 4, row=row0, col=col))
        parts["xl/drawings/vmlDrawing9.vml"] = _VML.format(shapes="".join(shapes)).encode()
        ct = parts["[Content_Types].xml"].decode()
        if 'Extension="vml"' not in ct:
            ct = ct.replace("</Types>", '<Default Extension="vml" ContentType="application/vnd.openxmlformats-'
                            'officedocument.vmlDrawing"/></Types>')
        ct = ct.replace("</Types>", '<Override PartName="/xl/comments9.xml" ContentType="application/vnd.'
                        'openxmlformats-officedocument.spreadsheetml.comments+xml"/></Types>')
        parts["[Content_Types].xml"] = ct.encode()
    parts[TASKS_PART] = sheet.encode()
    styles = parts["xl/styles.xml"].decode()
    styles = styles.replace("<styleSheet ", f'<styleSheet xmlns:mc="{MC}" xmlns:x14ac="{X14AC}" mc:Ignorable="x14ac" ',
                            1)
    styles = re.sub(r'<fonts count="(\d+)"', r'<fonts count="\1" x14ac:knownFonts="1"', styles, count=1)
    styles = styles.replace("</styleSheet>", (
        '<extLst><ext uri="{EB79DEF2-80B8-43e5-95BD-54CBDDF9020C}" xmlns:x14="http://schemas.microsoft.com/office/'
        'spreadsheetml/2009/9/main"><x14:slicerStyles defaultSlicerStyle="SlicerStyleLight1"/></ext></extLst>'
        "</styleSheet>"))
    parts["xl/styles.xml"] = styles.encode()
    wb = parts["xl/workbook.xml"].decode()
    wb = wb.replace("<workbook ", f'<workbook xmlns:mc="{MC}" xmlns:x15="{X15}" mc:Ignorable="x15" ', 1)
    abs_path = (f'<mc:AlternateContent xmlns:mc="{MC}"><mc:Choice Requires="x15"><x15ac:absPath url="C:\\PAPI\\" '
                f'xmlns:x15ac="{X15AC}"/></mc:Choice></mc:AlternateContent>')
    wb = re.sub(r"<workbookPr\b[^>]*?/>", lambda m: m.group(0)[:-2] + ' defaultThemeVersion="166925"/>' + abs_path, wb,
                count=1)
    parts["xl/workbook.xml"] = wb.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, data in parts.items():
            zf.writestr(n, data)
    return path
