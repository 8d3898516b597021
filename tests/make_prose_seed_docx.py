"""Rebuild the PROSE plan seeds 000, 003 and 004 as the .docx the commune typed.

    python tests/make_prose_seed_docx.py OUTDIR          # writes seed000.docx, seed003.docx, seed004.docx

The paragraphs come from tests/data/corpus_docx/seedNNN.txt, one Word paragraph per line, copied from
/work/shared/seeds/NNN_*.txt (003 rejoined from its PDF hard-wrap; the paragraphs that 000 and 004 break at a page
boundary joined again). A line may start with a marker:

    @head L1 | L2 || R1 | R2      one row of the borderless heading table (left cell lines || right cell lines)
    @title TEXT                   centred bold line (KẾ HOẠCH, the title, Phần I ...)
    @h TEXT                       bold heading paragraph (I. MỤC ĐÍCH, 1.1. Nội dung “…”)
    @hi TEXT                      bold italic task title line (seed 000, 1.6 a)–c): the body follows)
    @pagebreak                    a paragraph holding only a page break (Ctrl+Enter)
    @sig L1 | L2 || R1 | R2       the borderless "Nơi nhận / TM. ỦY BAN NHÂN DÂN" table

Inside a line, *…* is italic and {pb} is the place where the paragraph crossed a page in the seed (a space and a
w:lastRenderedPageBreak, as Word records it). Labels a), b), 1., - are typed text, as in the seeds.

The expected task rows are data: tests/data/corpus_docx/seedNNN.expected.json (hand-checked; see its
judgement_calls).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

DATA = Path(__file__).parent / "data" / "corpus_docx"
SEEDS = ("000", "003", "004")


def seed_lines(seed: str) -> list[str]:
    return (DATA / f"seed{seed}.txt").read_text(encoding="utf-8").rstrip("\n").split("\n")


def no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def add_runs(paragraph, text: str, bold: bool = False, italic: bool = False) -> None:
    """Runs for TEXT: *…* italic, {pb} a space then a rendered page break at the start of the next run."""
    page_break_next = False
    for part in re.split(r"(\{pb\}|\*[^*]+\*)", text):
        if part == "{pb}":
            page_break_next = True
            part = " "
        if not part:
            continue
        marked = part.startswith("*") and part.endswith("*") and len(part) > 2
        run = paragraph.add_run(part[1:-1] if marked else part)
        run.bold = bold or None
        run.italic = (italic or marked) or None
        if page_break_next and part != " ":
            run._r.insert(1 if run._r.rPr is not None else 0, OxmlElement("w:lastRenderedPageBreak"))
            page_break_next = False
    if page_break_next:  # {pb} at the very end: mark it on an empty run
        paragraph.add_run()._r.append(OxmlElement("w:lastRenderedPageBreak"))


def two_column_table(doc, rows: list[tuple[list[str], list[str]]], left_bold_from: int = 1, sig: bool = False):
    table = doc.add_table(rows=len(rows), cols=2)
    no_borders(table)
    for r, (left, right) in enumerate(rows):
        for c, lines in enumerate((left, right)):
            cell = table.cell(r, c)
            for i, line in enumerate(lines):
                p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                if sig and c == 0:
                    p.alignment = WD_ALIGN_PARAGRAPH.LEFT
                    add_runs(p, line, bold=i == 0, italic=i == 0)
                    for run in p.runs:
                        run.font.size = Pt(11 if i else 12)
                    continue
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                date_line = ", ngày" in line
                add_runs(p, line, bold=(sig and c == 1) or (not date_line and not line.startswith("Số") and
                                                             (c == 1 or i >= left_bold_from)),
                         italic=date_line)
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Cm(6.5), Cm(9.5)
    return table


def _split_cells(spec: str) -> tuple[list[str], list[str]]:
    left, _, right = spec.partition("||")
    return ([x.strip() for x in left.split("|")] if left.strip() else [],
            [x.strip() for x in right.split("|")] if right.strip() else [])


def build(seed: str, out: Path) -> Path:
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    lines = seed_lines(seed)
    heads = [_split_cells(line[len("@head "):]) for line in lines if line.startswith("@head ")]
    if heads:
        two_column_table(doc, heads)
    for line in lines:
        if line.startswith("@head "):
            continue
        if line.startswith("@sig "):
            two_column_table(doc, [_split_cells(line[len("@sig "):])], sig=True)
            continue
        if line == "@pagebreak":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            continue
        p = doc.add_paragraph()
        p.paragraph_format.space_after = Pt(6)
        if line.startswith("@title "):
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            add_runs(p, line[len("@title "):], bold=True)
        elif line.startswith("@h "):
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = Cm(1.27)
            add_runs(p, line[len("@h "):], bold=True)
        elif line.startswith("@hi "):
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = Cm(1.27)
            add_runs(p, line[len("@hi "):], bold=True, italic=True)
        else:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = Cm(1.27)
            add_runs(p, line)
    doc.core_properties.author = "UBND"
    doc.save(out)
    return out


def build_all(outdir: Path) -> dict[str, Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    return {seed: build(seed, outdir / f"seed{seed}.docx") for seed in SEEDS}


if __name__ == "__main__":
    for path in build_all(Path(sys.argv[1] if len(sys.argv) > 1 else ".")).values():
        print(path)
