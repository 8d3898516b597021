"""Build a .docx that reproduces the appendix of seed 002 (Trung Trắc 2023) as Word held it.

    python tests/make_seed002_docx.py OUT.docx

The same rows and texts as the seed (tests/data/seed002_appendix.txt, a copy of the seed's lines
121-199): one Word table per page piece, each starting with the header row; an index or sub-content
written once and vertically merged over the rows the seed leaves blank under it; "<li>" items as
list paragraphs; the rows that slid one column left, the page-split task and the task split over
two rows left exactly as the seed has them.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

DATA = Path(__file__).parent / "data"


def paragraphs(cell_html: str) -> list[tuple[str, bool]]:
    """(text, is_list_item) for each paragraph of a seed cell (nested lists included)."""
    cell_html = re.sub(r"<li[^>]*>", "\n\x01", cell_html)
    cell_html = re.sub(r"</p>\s*<p[^>]*>", "\n", cell_html)
    text = html.unescape(re.sub(r"<[^>]+>", "", cell_html))
    out = []
    for line in text.split("\n"):
        is_li = line.startswith("\x01")
        line = line.lstrip("\x01").strip()
        if line:
            out.append((line, is_li))
    return out


def slid_label(cells: list[str]) -> bool:
    """A row whose sub-content label sits in the index column."""
    return bool(re.match(r"^\s*(<[^>]+>\s*)*[a-z]\)", cells[1])) if len(cells) > 1 else False


def build(out: Path) -> Path:
    doc = docx.Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(11)
    for line in (DATA / "seed002_heading.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            doc.add_paragraph(line.strip().replace("**", ""))
    lines = (DATA / "seed002_appendix.txt").read_text(encoding="utf-8").splitlines()
    blocks: list[list[list[str]]] = []
    for line in lines:
        if "\t" not in line:
            if line.strip() and not blocks:
                doc.add_paragraph(line.strip().replace("**", "").replace("*", ""))
            continue
        cells = line.split("\t")
        if cells[0].strip() == "TT":
            blocks.append([cells])
        elif blocks:
            blocks[-1].append(cells)
    for block in blocks:
        table = doc.add_table(rows=len(block), cols=8)
        table.style = "Table Grid"
        for r, cells in enumerate(block):
            for c in range(8):
                cell = table.cell(r, c)
                parts = paragraphs(cells[c]) if c < len(cells) else []
                cell.paragraphs[0].text = parts[0][0] if parts else ""
                if parts and parts[0][1]:
                    cell.paragraphs[0].style = doc.styles["List Bullet"]
                for text, is_li in parts[1:]:
                    p = cell.add_paragraph(text)
                    if is_li:
                        p.style = doc.styles["List Bullet"]
        for c in (0, 1, 2):  # TT, index, sub-content: written once, merged over the blank cells below
            r = 1
            while r < len(block):
                if table.cell(r, c).text.strip():
                    end = r
                    while end + 1 < len(block) and not table.cell(end + 1, c).text.strip() \
                            and not (block[end + 1][1].strip() if c == 0 else False) \
                            and not (c == 2 and slid_label(block[end + 1])):
                        end += 1
                    if end > r:
                        table.cell(r, c).merge(table.cell(end, c))
                    r = end + 1
                else:
                    r += 1
        for row in table.rows:
            for i, w in enumerate((1.0, 3.0, 3.5, 8.0, 5.0, 3.0, 3.5, 3.0)):
                row.cells[i].width = Cm(w)
        doc.add_paragraph()  # the page break between pieces
    doc.save(out)
    return out


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "seed002.docx"))
