"""The contract of the Kiểm tra sheet that ``papi-xl validate`` (and the Kiểm tra button) adds to a
workbook: one row per finding, a hyperlink to its cell.  Written by the annotated copy (OOXML patch),
the rebuilt copy of an .xls/.ods and the Excel button; read back by the button (to undo its colours)."""

from __future__ import annotations

from papi_xl.contract.spec import Column, SheetSpec
from papi_xl.vocab import Sheet

CHECK = SheetSpec(Sheet.CHECK, 2, (  # row 1: the summary line
    Column("n", "STT", 6, kind="number"),
    Column("severity", "Mức độ", 11),
    Column("sheet", "Sheet", 14),
    Column("cell", "Ô", 8),
    Column("field", "Trường", 22),
    Column("code", "Mã quy tắc", 20),
    Column("message", "Nội dung và cách sửa", 110),
))
NO_CELL = "-"  # what the Ô column shows for a finding about the whole file
FIX_SECTION = "Các giá trị đã sửa (papi-xl validate --fix)"
