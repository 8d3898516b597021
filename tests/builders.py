"""Build test workbooks from the canonical template (pure test helpers)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from papi_xl.contract.workbook import TASK_COLUMNS, TASK_FIRST_ROW, Metadata
from papi_xl.domain.catalog import load_catalog
from papi_xl.outputs.template import write_workbook
from papi_xl.vocab import Period

COL = {c.key: i + 1 for i, c in enumerate(TASK_COLUMNS)}
LETTER = {c.key: openpyxl.utils.get_column_letter(i + 1) for i, c in enumerate(TASK_COLUMNS)}


def good_task(n: int, **over) -> dict:
    base = {"index": "1", "sub": "1.a", "task": f"Nhiệm vụ số {n}", "output": "Kế hoạch", "lead": "UBND xã",
            "coord": "MTTQ xã", "timeline": "Thường xuyên", "code": f"T{n:02d}", "status": "Đang thực hiện"}
    base.update(over)
    return base


def write(path: Path, tasks: list[dict], **meta) -> Path:
    m = Metadata(unit="Xã Thử Nghiệm", parent="Tỉnh Hưng Yên", year=2025, period=Period.HALF,
                 cutoff=dt.date(2025, 6, 30))
    for k, v in meta.items():
        setattr(m, k, v)
    write_workbook(path, m, load_catalog(), tasks)
    return path


def set_cells(path: Path, sheet: str, values: dict[str, object]) -> Path:
    """Overwrite cells by A1 reference, keeping the rest (openpyxl round trip of our own file)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    for ref, value in values.items():
        ws[ref] = value
    wb.save(path)
    return path


def row_of(n: int) -> int:
    return TASK_FIRST_ROW + n


# -- parts that Excel writes and openpyxl drops ------------------------------
X14_DV = (
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1">'
    "<x14:formula1><xm:f>'Danh mục'!$N$4:$N$7</xm:f></x14:formula1><xm:sqref>P6:P20</xm:sqref>"
    "</x14:dataValidation></x14:dataValidations></ext></extLst>"
)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cf"
    "c0f01f0005000201a3d3b9a30000000049454e44ae426082"
)
DRAWING = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<xdr:twoCellAnchor><xdr:from><xdr:col>16</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>2</xdr:row>'
    '<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>18</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>5</xdr:row>'
    '<xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="2" name="Ghi chu hinh"/>'
    '<xdr:cNvSpPr/></xdr:nvSpPr><xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr>'
    '<xdr:txBody><a:bodyPr/><a:p><a:r><a:t>Hộp chữ của xã</a:t></a:r></a:p></xdr:txBody></xdr:sp>'
    '<xdr:clientData/></xdr:twoCellAnchor>'
    '<xdr:oneCellAnchor><xdr:from><xdr:col>16</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>7</xdr:row>'
    '<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="952500" cy="952500"/><xdr:pic><xdr:nvPicPr>'
    '<xdr:cNvPr id="3" name="Con dau"/><xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill><a:blip r:embed="rId1"/>'
    '<a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
    '</xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor></xdr:wsDr>'
)


def add_excel_only_parts(path: Path, sheet_part: str = "xl/worksheets/sheet3.xml") -> Path:
    """Add an x14 data validation (extLst), a text-box shape and a picture to a sheet."""
    import zipfile

    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = parts[sheet_part].decode()
    sheet = sheet.replace("</worksheet>", '<drawing r:id="rIdDrw1"/>' + X14_DV + "</worksheet>")
    if 'xmlns:r="' not in sheet[:600]:
        sheet = sheet.replace("<worksheet ", '<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ', 1)
    parts[sheet_part] = sheet.encode()
    rels_name = sheet_part.replace("worksheets/", "worksheets/_rels/") + ".rels"
    rel = ('<Relationship Id="rIdDrw1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           'drawing" Target="../drawings/drawing99.xml"/>')
    if rels_name in parts:
        parts[rels_name] = parts[rels_name].replace(b"</Relationships>", rel.encode() + b"</Relationships>")
    else:
        parts[rels_name] = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://'
                            'schemas.openxmlformats.org/package/2006/relationships">' + rel + "</Relationships>").encode()
    parts["xl/drawings/drawing99.xml"] = DRAWING.encode()
    parts["xl/drawings/_rels/drawing99.xml.rels"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.'
        b'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/image" Target="../media/image99.png"/></Relationships>')
    parts["xl/media/image99.png"] = PNG
    ct = parts["[Content_Types].xml"].decode()
    ct = ct.replace("</Types>", '<Override PartName="/xl/drawings/drawing99.xml" ContentType="application/vnd.'
                    'openxmlformats-officedocument.drawing+xml"/></Types>')
    if 'Extension="png"' not in ct:
        ct = ct.replace("</Types>", '<Default Extension="png" ContentType="image/png"/></Types>')
    parts["[Content_Types].xml"] = ct.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, data in parts.items():
            zf.writestr(n, data)
    return path
