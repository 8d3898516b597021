"""From the roll-up to the Word report (Báo cáo 6 tháng / năm), drafted in
the administrative format of Nghị định 30/2020/NĐ-CP:

* A4 portrait; margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New
  Roman 13-14;
* a two-column heading: the issuing body and the number on the left, the
  Quốc hiệu and Tiêu ngữ on the right; the place and date line;
* the title, body sections (results per content index, unfinished / overdue
  tasks, difficulties, proposals), a results table, the signature block and
  *Nơi nhận*.

What only the clerk can write (document number, signer, difficulties) is left
as clearly marked blanks ``[…]``.  Works from one commune workbook and from a
merged summary (then with a table per unit).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from papi_xl.contract.summary import FLAG
from papi_xl.domain.period import describe, period_of
from papi_xl.fileio import atomic_write
from papi_xl.ooxml.escape import legal
from papi_xl.pipeline.merge import MergeResult
from papi_xl.pipeline.rollup import Rollup, classify
from papi_xl.rules.validate import Validation
from papi_xl.vocab import Period, Status, Submission

FONT = "Times New Roman"
BLANK = "[…]"


@dataclass
class ReportData:
    """Everything the report says, computed before any Word is written."""

    body: str  # issuing body, e.g. "Xã Trung Trắc"
    parent: str
    year: int | None
    cutoff: dt.date | None
    totals: dict
    by_indicator: list[dict]
    by_unit: list[dict] | None  # a merged summary: one row per unit
    open_tasks: list[dict]  # overdue or not done: {unit, code, task, lead, due, status}
    missing: list[str]  # units that did not report (summaries)

    @property
    def half_year(self) -> bool:
        return period_of(self.cutoff) == Period.HALF

    @property
    def period_text(self) -> str:
        return describe(self.cutoff, self.year)


def report_data_from_workbook(v: Validation, r: Rollup) -> ReportData:
    """From one validated commune workbook and its roll-up."""
    t = classify(v.tasks, v.cutoff)
    open_rows = t[t["overdue"] | t["not_done"]]
    open_tasks = [{"unit": "", "code": row["code"], "task": row["task"], "lead": row["lead"], "due": row["due"],
                   "status": row["status"] or "", "overdue": bool(row["overdue"])}
                  for row in open_rows.to_dict("records")]
    meta = v.data.meta
    return ReportData(meta.unit, meta.parent, meta.year, v.cutoff, r.totals, r.by_indicator.to_dict("records"),
                      None, open_tasks, [])


def report_data_from_summary(result: MergeResult) -> ReportData:
    """From a merge result (a district / province summary)."""
    open_tasks = []
    for chunk in result.iter_tasks():
        for row in chunk.to_dict("records"):
            overdue = row.get("overdue_mark") == FLAG
            if overdue or row.get("status") == Status.NOT_DONE:
                open_tasks.append({"unit": row["unit"], "code": row["code"], "task": row["task"], "lead": row["lead"],
                                   "due": row["due"], "status": row["status"] or "", "overdue": overdue})
    years = [e.year for e in result.register if e.year]
    return ReportData(result.unit or "các đơn vị", "", max(set(years), key=years.count) if years else None,
                      result.cutoff, result.totals, result.by_indicator.to_dict("records"),
                      result.by_unit.to_dict("records"), open_tasks,
                      [e.unit for e in result.register if e.status == Submission.MISSING])


# -- writing ----------------------------------------------------------------------
def _run(p, text: str, bold=False, italic=False, size=14, underline=False):
    r = p.add_run(legal(text))  # the one escaper: no character XML 1.0 forbids
    r.font.name = FONT
    r._element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    r.font.size = Pt(size)
    r.bold, r.italic, r.underline = bold, italic, underline
    return r


def _para(doc_or_cell, text: str = "", bold=False, italic=False, size=14, align=None, indent=True, space=6):
    p = doc_or_cell.add_paragraph()
    if text:
        _run(p, text, bold, italic, size)
    fmt = p.paragraph_format
    fmt.space_after = Pt(space)
    fmt.space_before = Pt(0)
    fmt.line_spacing = 1.15
    if align is not None:
        p.alignment = align
    elif indent:
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Mm(10)
    return p


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _fixed_widths(table, widths) -> None:
    """Word honours column widths only with a fixed layout and a width on every cell."""
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(width.twips)))


def _cell_text(cell, text: str, bold=False, size=12, align=WD_ALIGN_PARAGRAPH.CENTER, italic=False):
    cell.text = ""
    p = cell.paragraphs[0]
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    _run(p, text, bold, italic, size)


def _heading(doc, data: ReportData) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _fixed_widths(table, (Mm(68), Mm(97)))
    left, right = table.rows[0].cells
    upper = f"UBND {data.parent}".upper() if data.parent else "ỦY BAN NHÂN DÂN"
    _cell_text(left, upper if data.parent else "ỦY BAN NHÂN DÂN", size=12)
    p = left.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, ("ỦY BAN NHÂN DÂN " + data.body).upper() if data.parent else data.body.upper(), bold=True, size=12)
    p = left.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, "───────", size=10)
    p = left.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, f"Số: {BLANK}/BC-UBND", size=13)
    _cell_text(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13)
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, "───────────────", size=10)
    p = right.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    place = data.body.split(" ", 1)[-1] if data.body.lower().startswith(("xã", "phường", "huyện", "tỉnh")) else data.body
    year = data.cutoff.year if data.cutoff else (data.year or dt.date.today().year)
    _run(p, f"{place}, ngày {BLANK} tháng {BLANK} năm {year}", italic=True, size=13)


def _results_table(doc, rows: list[dict], first: str, key: str = "name") -> None:
    headers = (first, "Tổng số", "Hoàn thành", "Đang thực hiện", "Chưa thực hiện", "Không thực hiện", "Quá hạn",
               "Tỷ lệ hoàn thành")
    table = doc.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, h in enumerate(headers):
        _cell_text(table.rows[0].cells[i], h, bold=True, size=11)
    for r, rec in enumerate(rows, start=1):
        cells = table.rows[r].cells
        _cell_text(cells[0], str(rec[key]), size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
        for i, k in enumerate(("total", "done", "in_progress", "not_started", "not_done", "overdue"), start=1):
            _cell_text(cells[i], str(rec.get(k, 0) or 0), size=11)
        pct = rec.get("pct_done")
        _cell_text(cells[7], "-" if pct is None else f"{pct:.1f}%".replace(".", ","), size=11)
    _fixed_widths(table, (Mm(55), *([Mm(15.5)] * 6), Mm(17)))


def write_report(data: ReportData, path: str | Path) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    _heading(doc, data)

    _para(doc, "BÁO CÁO", bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, space=0)
    _para(doc, f"Kết quả thực hiện Kế hoạch nâng cao Chỉ số Hiệu quả quản trị và hành chính công (PAPI) "
               f"{data.period_text}", bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, space=12)
    cutoff = f"{data.cutoff:%d/%m/%Y}" if data.cutoff else BLANK
    t = data.totals
    _para(doc, f"Thực hiện Kế hoạch nâng cao Chỉ số PAPI năm {data.year or BLANK}, {data.body} báo cáo kết quả thực "
               f"hiện {data.period_text} (số liệu tính đến ngày {cutoff}) như sau:")

    _para(doc, "I. KẾT QUẢ THỰC HIỆN", bold=True, indent=False)
    pct = t.get("pct_done")
    _para(doc, f"Tổng số nhiệm vụ theo Kế hoạch: {t.get('total', 0)}; đã hoàn thành {t.get('done', 0)} "
               f"({'-' if pct is None else f'{pct:.1f}%'.replace('.', ',')}); đang thực hiện {t.get('in_progress', 0)}; "
               f"chưa thực hiện {t.get('not_started', 0)}; không thực hiện {t.get('not_done', 0)}; "
               f"quá hạn {t.get('overdue', 0)}.")
    _para(doc, "1. Kết quả theo từng chỉ số nội dung", bold=True, indent=False)
    for rec in data.by_indicator:
        if not rec.get("total"):
            continue
        p = f"{rec['pct_done']:.1f}%".replace(".", ",") if rec.get("pct_done") is not None else "-"
        _para(doc, f"- {rec['name']}: {rec['total']} nhiệm vụ, hoàn thành {rec['done']} ({p}), đang thực hiện "
                   f"{rec['in_progress']}, quá hạn {rec['overdue']}.")
    _para(doc, "Bảng 1. Kết quả thực hiện theo chỉ số nội dung", italic=True, size=13,
          align=WD_ALIGN_PARAGRAPH.CENTER)
    _results_table(doc, [r for r in data.by_indicator if r.get("total")], "Chỉ số nội dung")
    if data.by_unit is not None:
        _para(doc, "")
        _para(doc, "2. Kết quả theo từng đơn vị", bold=True, indent=False)
        _para(doc, "Bảng 2. Kết quả thực hiện theo đơn vị (xếp theo tỷ lệ hoàn thành)", italic=True, size=13,
              align=WD_ALIGN_PARAGRAPH.CENTER)
        units = sorted(data.by_unit, key=lambda u: (-(u.get("pct_done") or -1), u.get("overdue", 0)))
        _results_table(doc, units, "Đơn vị", key="unit")
        if data.missing:
            _para(doc, f"Đơn vị chưa gửi báo cáo: {', '.join(data.missing)}.")

    _para(doc, "")
    _para(doc, "II. NHIỆM VỤ CHƯA HOÀN THÀNH, QUÁ HẠN", bold=True, indent=False)
    if not data.open_tasks:
        _para(doc, "Không có nhiệm vụ quá hạn hoặc không thực hiện tại thời điểm báo cáo.")
    for task in data.open_tasks[:60]:
        who = f"{task['unit']}: " if task["unit"] else ""
        due = f", hạn {task['due']:%d/%m/%Y}" if task.get("due") else ""
        state = "quá hạn" if task["overdue"] else task["status"].lower()
        first = task["task"].split("\n")[0].lstrip("- ")[:160]
        _para(doc, f"- {who}{first} ({task['lead']}{due}): {state}.")
    if len(data.open_tasks) > 60:
        _para(doc, f"- … và {len(data.open_tasks) - 60} nhiệm vụ khác (xem bảng tổng hợp kèm theo).")

    _para(doc, "III. KHÓ KHĂN, VƯỚNG MẮC", bold=True, indent=False)
    _para(doc, f"{BLANK} (Cán bộ tổng hợp ghi rõ khó khăn, vướng mắc và nguyên nhân.)", italic=True)
    _para(doc, "IV. ĐỀ XUẤT, KIẾN NGHỊ", bold=True, indent=False)
    _para(doc, f"{BLANK} (Ghi đề xuất, kiến nghị với cấp trên.)", italic=True)
    _para(doc, f"Trên đây là báo cáo kết quả thực hiện Kế hoạch nâng cao Chỉ số PAPI {data.period_text} của "
               f"{data.body}./.")

    sign = doc.add_table(rows=1, cols=2)
    _no_borders(sign)
    _fixed_widths(sign, (Mm(80), Mm(85)))
    left, right = sign.rows[0].cells
    _cell_text(left, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in (f"- {('UBND ' + data.parent) if data.parent else 'Cấp trên'};", "- TT Đảng ủy, HĐND;",
                 "- Lưu: VT."):
        p = left.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        _run(p, line, size=11)
    _cell_text(right, "TM. ỦY BAN NHÂN DÂN", bold=True, size=13)
    for text, bold, italic in (("CHỦ TỊCH", True, False), ("(Ký, ghi rõ họ tên, đóng dấu)", False, True),
                               ("", False, False), ("", False, False), (f"{BLANK} Họ và tên người ký", True, False)):
        p = right.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        _run(p, text, bold, italic, 13)
    return atomic_write(path, lambda tmp: doc.save(str(tmp)))
